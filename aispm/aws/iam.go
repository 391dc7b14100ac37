package aws

import (
	"context"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// bedrockService is the service name of Bedrock API keys (IAM
// service-specific credentials).
const bedrockService = "bedrock.amazonaws.com"

// BedrockAPIKey is a long-term Bedrock API key: metadata only. The secret is
// returned by IAM only when the key is created or reset, which aispm never does.
type BedrockAPIKey struct {
	cloud.Meta
	ID              string     `json:"id"`
	CredentialID    string     `json:"service_specific_credential_id"`
	UserName        string     `json:"user_name"`
	UserArn         string     `json:"user_arn"`
	Status          string     `json:"status"`
	ServiceUserName string     `json:"service_user_name,omitempty"`
	Alias           string     `json:"service_credential_alias,omitempty"`
	CreateDate      *time.Time `json:"create_date,omitempty"`
	ExpirationDate  *time.Time `json:"expiration_date,omitempty"`
}

// ListBedrockAPIKeys streams every user's Bedrock API keys in one listing
// (ListServiceSpecificCredentials with AllUsers), or one user's.
func ListBedrockAPIKeys(ctx context.Context, c *Clients, account, user string, emit func(*BedrockAPIKey) bool) error {
	in := &iam.ListServiceSpecificCredentialsInput{ServiceName: aws.String(bedrockService)}
	if user != "" {
		in.UserName = aws.String(user)
	} else {
		in.AllUsers = aws.Bool(true)
	}
	// The SDK has no paginator for this operation: follow Marker by hand.
	for {
		out, err := c.IAM.ListServiceSpecificCredentials(ctx, in)
		if err != nil {
			if user != "" && cloud.IsNotFound(err) {
				return nil // no such user
			}
			return err
		}
		for _, k := range out.ServiceSpecificCredentials {
			if !emit(newBedrockAPIKey(account, k)) {
				return nil
			}
		}
		if !out.IsTruncated || aws.ToString(out.Marker) == "" || aws.ToString(out.Marker) == aws.ToString(in.Marker) {
			return nil
		}
		in.Marker = out.Marker
	}
}

func newBedrockAPIKey(account string, k types.ServiceSpecificCredentialMetadata) *BedrockAPIKey {
	id, user := aws.ToString(k.ServiceSpecificCredentialId), aws.ToString(k.UserName)
	userArn := "arn:aws:iam::" + account + ":user/" + user
	full := userArn + "/service-specific-credential/" + id
	return &BedrockAPIKey{
		Meta: cloud.Meta{Name: id, Akas: []string{full}, Tags: map[string]string{}},
		ID:   full, CredentialID: id, UserName: user, UserArn: userArn, Status: string(k.Status),
		ServiceUserName: aws.ToString(k.ServiceUserName), Alias: aws.ToString(k.ServiceCredentialAlias),
		CreateDate: k.CreateDate, ExpirationDate: k.ExpirationDate,
	}
}

// Unified maps the key to the provider-neutral shape.
func (k *BedrockAPIKey) Unified() cloud.Row {
	m := k.Meta
	m.Location = Global
	// A Bedrock API key calls Bedrock only; which addresses may use it is up
	// to the user's IAM policy conditions, which aispm does not evaluate.
	r := cloud.KeyRestrictions{API: cloud.Ptr(true), APIs: []string{bedrockService}}
	return &cloud.Key{Meta: m, Scope: k.AccountID, ID: k.ID, Kind: "bedrock_api_key", Service: IAM,
		Target: bedrockService, Enabled: cloud.Ptr(k.Status == string(types.StatusTypeActive)),
		Restricted: r.Decide(), Restrictions: r, CanCallAI: cloud.Ptr(true),
		CreatedAt: k.CreateDate, ExpiresAt: k.ExpirationDate, Detail: k}
}

// aiFullAccessPolicies are the AWS managed policies that grant every action
// of an AI service on every resource.
var aiFullAccessPolicies = []string{"AmazonBedrockFullAccess", "AmazonSageMakerFullAccess"}

// PolicyAttachment is one user, group or role an AI full-access managed
// policy is attached to; a policy attached to nothing has one row with no entity.
type PolicyAttachment struct {
	cloud.Meta
	ID         string `json:"id"` // the entity's ARN, or the policy's when attached to nothing
	PolicyName string `json:"policy_name"`
	PolicyArn  string `json:"policy_arn"`
	EntityType string `json:"entity_type,omitempty"` // user, group or role
	EntityName string `json:"entity_name,omitempty"`
	EntityID   string `json:"entity_id,omitempty"`
	EntityArn  string `json:"entity_arn,omitempty"`
}

// ListAIPolicyAttachments streams the attachments of the AI full-access managed policies.
func ListAIPolicyAttachments(ctx context.Context, c *Clients, account string, emit func(*PolicyAttachment) bool) error {
	for _, name := range aiFullAccessPolicies {
		arn := "arn:aws:iam::aws:policy/" + name
		row := func(typ, entity, id string) *PolicyAttachment {
			a := &PolicyAttachment{Meta: cloud.Meta{Name: name, Tags: map[string]string{}}, ID: arn, PolicyName: name, PolicyArn: arn,
				EntityType: typ, EntityName: entity, EntityID: id}
			if entity != "" {
				// The API returns names, not paths: the ARN assumes the default path "/".
				a.EntityArn = "arn:aws:iam::" + account + ":" + typ + "/" + entity
				a.ID = a.EntityArn
				a.Name = typ + "/" + entity
				a.Akas = []string{a.EntityArn}
			}
			return a
		}
		found := false
		p := iam.NewListEntitiesForPolicyPaginator(c.IAM, &iam.ListEntitiesForPolicyInput{MaxItems: aws.Int32(1000), PolicyArn: aws.String(arn)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			var rows []*PolicyAttachment
			for _, u := range page.PolicyUsers {
				rows = append(rows, row("user", aws.ToString(u.UserName), aws.ToString(u.UserId)))
			}
			for _, g := range page.PolicyGroups {
				rows = append(rows, row("group", aws.ToString(g.GroupName), aws.ToString(g.GroupId)))
			}
			for _, r := range page.PolicyRoles {
				rows = append(rows, row("role", aws.ToString(r.RoleName), aws.ToString(r.RoleId)))
			}
			for _, r := range rows {
				found = true
				if !emit(r) {
					return nil
				}
			}
		}
		if !found && !emit(row("", "", "")) {
			return nil
		}
	}
	return nil
}

// bedrockKeysInUse lists the account's enabled, unexpired Bedrock API keys
// (once per connection): each is a bearer credential for the Bedrock runtime
// of every region.
var bedrockKeysInUse = cloud.Memo(
	func(request) string { return "aws/bedrock-api-keys-in-use" },
	func(ctx context.Context, d *plugin.QueryData, r request) ([]string, error) {
		region := globalRegion(r.settings.Regions)
		account, err := accountCached(ctx, d, request{settings: r.settings, region: region})
		if err != nil {
			return nil, err
		}
		c, err := clientsCached(ctx, d, request{settings: r.settings, region: Global})
		if err != nil {
			return nil, err
		}
		keys := []string{}
		now := time.Now()
		err = ListBedrockAPIKeys(ctx, c, account, "", func(k *BedrockAPIKey) bool {
			if k.Status == string(types.StatusTypeActive) && (k.ExpirationDate == nil || k.ExpirationDate.After(now)) {
				keys = append(keys, k.ID)
			}
			return true
		})
		return keys, err
	})

// ApplyKeyAuth sets how a Bedrock runtime endpoint authenticates: SigV4
// (IAM) always, and Bedrock API keys (bearer tokens) while the account has
// any enabled one. A key listing that fails leaves key_auth unknown.
func ApplyKeyAuth(ctx context.Context, d *plugin.QueryData, s Settings, e *cloud.Endpoint) {
	keys, err := bedrockKeysInUse(ctx, d, request{settings: s, region: Global})
	if err != nil {
		plugin.Logger(ctx).Warn("aws: listing Bedrock API keys for endpoint auth", "error", err)
		e.AuthMode, e.KeyAuth, e.Keys = "iam", nil, []string{}
		return
	}
	e.Keys = keys
	if len(keys) > 0 {
		e.Authed("key_and_iam")
	} else {
		e.Authed("iam")
	}
}

// RuntimeEndpoint is the region's Bedrock runtime (on-demand model
// invocation: InvokeModel, Converse), logged as the region's invocation
// logging says.
func (r *BedrockInvocationLogging) RuntimeEndpoint() *cloud.Endpoint {
	host := "bedrock-runtime." + r.Region + ".amazonaws.com"
	m := r.located()
	m.Name, m.Title, m.Akas, m.Tags = host, "Bedrock runtime "+r.Region, []string{"https://" + host}, map[string]string{}
	return (&cloud.Endpoint{Meta: m, Scope: r.AccountID, ID: "https://" + host, Kind: "bedrock_runtime", Service: Bedrock,
		URL: "https://" + host, Host: host, PublicNetworkAccess: cloud.Ptr(true), Keys: []string{},
		LoggingEnabled: cloud.Ptr(r.Enabled), Models: []string{}, Detail: r}).Authed("iam")
}
