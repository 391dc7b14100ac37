package aws

import (
	"context"
	"slices"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// AdministratorAccess is the AWS managed policy that grants every action.
const AdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess"

// accessKey is one IAM access key's metadata (never its secret).
type accessKey struct {
	user   *types.User
	status types.StatusType
	meta   types.AccessKeyMetadata
}

// accessKeyIndex maps every access key id of the account to its user:
// ListUsers, then ListAccessKeys per user (metadata only), once per connection.
var accessKeyIndex = cloud.Memo(
	func(request) string { return "aws/access-key-index" },
	func(ctx context.Context, d *plugin.QueryData, r request) (map[string]accessKey, error) {
		c, err := clientsCached(ctx, d, request{settings: r.settings, region: Global})
		if err != nil {
			return nil, err
		}
		index := map[string]accessKey{}
		var keysErr error
		users := iam.NewListUsersPaginator(c.IAM, &iam.ListUsersInput{MaxItems: aws.Int32(1000)})
		err = pages(ctx, users.HasMorePages, users.NextPage, func(o *iam.ListUsersOutput) []types.User { return o.Users },
			func(u types.User) bool {
				keys := iam.NewListAccessKeysPaginator(c.IAM, &iam.ListAccessKeysInput{UserName: u.UserName, MaxItems: aws.Int32(1000)})
				keysErr = pages(ctx, keys.HasMorePages, keys.NextPage, func(o *iam.ListAccessKeysOutput) []types.AccessKeyMetadata { return o.AccessKeyMetadata },
					func(k types.AccessKeyMetadata) bool {
						index[aws.ToString(k.AccessKeyId)] = accessKey{user: &u, status: k.Status, meta: k}
						return true
					})
				return keysErr == nil
			})
		if err == nil {
			err = keysErr
		}
		return index, err
	})

// ownerRequest asks whose one access key id is.
type ownerRequest struct {
	request
	keyID string
}

// AccessKeyOwner resolves an access key id found in data to its IAM user,
// from IAM metadata only: the key's status, creation and last use
// (GetAccessKeyLastUsed), and the managed policies attached to the user and
// its groups. A key id that is not one of the account's keys (deleted, or
// another account's) is not_found. Memoized per key.
func AccessKeyOwner(ctx context.Context, d *plugin.QueryData, s Settings, keyID string) *cloud.CredentialOwner {
	o, _ := accessKeyOwner(ctx, d, ownerRequest{request: request{settings: s, region: Global}, keyID: keyID})
	return o
}

var accessKeyOwner = cloud.Memo(
	func(r ownerRequest) string { return "aws/access-key-owner/" + r.keyID },
	func(ctx context.Context, d *plugin.QueryData, r ownerRequest) (*cloud.CredentialOwner, error) {
		o := &cloud.CredentialOwner{IdentityKind: "iam_user", IdentityStatus: "unknown"}
		index, err := accessKeyIndex(ctx, d, r.request)
		if err != nil {
			o.Error = "listing the account's access keys: " + err.Error()
			return o, nil
		}
		k, ok := index[r.keyID]
		if !ok {
			o.IdentityStatus = "not_found"
			return o, nil
		}
		o.Identity, o.CreatedAt = aws.ToString(k.user.Arn), k.meta.CreateDate
		o.IdentityStatus = strings.ToLower(string(k.status))
		c, err := clientsCached(ctx, d, r.request)
		if err != nil {
			o.Error = err.Error()
			return o, nil
		}
		if used, err := c.IAM.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(r.keyID)}); err == nil && used.AccessKeyLastUsed != nil {
			o.LastUsed = used.AccessKeyLastUsed.LastUsedDate
		}
		policies, err := userPolicies(ctx, c, k.user.UserName)
		if err != nil {
			o.Error = "listing the user's policies: " + err.Error()
			return o, nil
		}
		admin := slices.Contains(policies, AdministratorAccess)
		o.Policies, o.Admin = policies, &admin
		return o, nil
	})

// userPolicies are the managed policies attached to a user and to its groups.
func userPolicies(ctx context.Context, c *Clients, user *string) ([]string, error) {
	var out []string
	add := func(p types.AttachedPolicy) bool {
		if arn := aws.ToString(p.PolicyArn); !slices.Contains(out, arn) {
			out = append(out, arn)
		}
		return true
	}
	attached := iam.NewListAttachedUserPoliciesPaginator(c.IAM, &iam.ListAttachedUserPoliciesInput{MaxItems: aws.Int32(1000), UserName: user})
	if err := pages(ctx, attached.HasMorePages, attached.NextPage,
		func(o *iam.ListAttachedUserPoliciesOutput) []types.AttachedPolicy { return o.AttachedPolicies }, add); err != nil {
		return nil, err
	}
	var groups []types.Group
	gp := iam.NewListGroupsForUserPaginator(c.IAM, &iam.ListGroupsForUserInput{MaxItems: aws.Int32(1000), UserName: user})
	if err := pages(ctx, gp.HasMorePages, gp.NextPage, func(o *iam.ListGroupsForUserOutput) []types.Group { return o.Groups },
		func(g types.Group) bool { groups = append(groups, g); return true }); err != nil {
		return nil, err
	}
	for _, g := range groups {
		p := iam.NewListAttachedGroupPoliciesPaginator(c.IAM, &iam.ListAttachedGroupPoliciesInput{MaxItems: aws.Int32(1000), GroupName: g.GroupName})
		if err := pages(ctx, p.HasMorePages, p.NextPage,
			func(o *iam.ListAttachedGroupPoliciesOutput) []types.AttachedPolicy { return o.AttachedPolicies }, add); err != nil {
			return nil, err
		}
	}
	slices.Sort(out)
	return out, nil
}
