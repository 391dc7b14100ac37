package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// PolicyGrant is a principal a bucket policy itself allows to read
// (s3:GetObject) or write (s3:PutObject) objects at an S3 location.
type PolicyGrant struct {
	Principal    string // a role, user or account root ARN
	Read, Write  bool
	Statements   []string // the Sids (or positions) of the statements that allow it
	Conditional  bool     // an allowing statement has conditions
	OtherAccount bool     // the principal is in another account: its own IAM policies must allow it too
}

// policyDoc is an IAM policy document; every list field may also be a
// single string, and Principal may be "*".
type policyDoc struct {
	Statement oneOrMany[policyStatement] `json:"Statement"`
}

type policyStatement struct {
	Sid          string            `json:"Sid"`
	Effect       string            `json:"Effect"`
	Principal    *principalSet     `json:"Principal"`
	NotPrincipal *principalSet     `json:"NotPrincipal"`
	Action       oneOrMany[string] `json:"Action"`
	NotAction    oneOrMany[string] `json:"NotAction"`
	Resource     oneOrMany[string] `json:"Resource"`
	NotResource  oneOrMany[string] `json:"NotResource"`
	Condition    map[string]any    `json:"Condition"`
}

// oneOrMany reads a JSON value that is either one T or a list of them.
type oneOrMany[T any] []T

func (o *oneOrMany[T]) UnmarshalJSON(b []byte) error {
	var many []T
	if err := json.Unmarshal(b, &many); err == nil {
		*o = many
		return nil
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*o = []T{one}
	return nil
}

// principalSet is a statement's Principal: "*" (anyone) or a map of AWS,
// Service, Federated and CanonicalUser principals.
type principalSet struct {
	Anyone bool
	AWS    []string
}

func (p *principalSet) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		p.Anyone = s == "*"
		return nil
	}
	var m map[string]oneOrMany[string]
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("principal: %w", err)
	}
	for _, a := range m["AWS"] {
		if a == "*" {
			p.Anyone = true
		} else {
			p.AWS = append(p.AWS, a)
		}
	}
	return nil
}

func (st policyStatement) allowsAction(action string) bool {
	match := func(list []string) bool {
		return slices.ContainsFunc(list, func(p string) bool { return cloud.Wildcard(p, action, true) })
	}
	if len(st.NotAction) > 0 {
		return !match(st.NotAction)
	}
	return match(st.Action)
}

// coversObjects reports whether the statement's resources reach some of
// the objects under arn (bucket/prefix/* or one object): either pattern may
// be the wider.
func (st policyStatement) coversObjects(arn string) bool {
	overlap := func(list []string) bool {
		return slices.ContainsFunc(list, func(p string) bool { return cloud.Wildcard(p, arn, false) || cloud.Wildcard(arn, p, false) })
	}
	if len(st.NotResource) > 0 {
		return !slices.ContainsFunc(st.NotResource, func(p string) bool { return cloud.Wildcard(p, arn, false) })
	}
	return overlap(st.Resource)
}

var accountID = regexp.MustCompile(`^\d{12}$`)

// principalARN normalizes a policy's AWS principal: a bare account id is
// the account's root.
func principalARN(p string) string {
	if accountID.MatchString(p) {
		return "arn:aws:iam::" + p + ":root"
	}
	return p
}

func accountOf(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) > 4 {
		return parts[4]
	}
	return ""
}

// PolicyGrants evaluates a bucket policy document for the objects at an
// s3:// location in account owner: the named AWS principals its Allow
// statements give s3:GetObject or s3:PutObject, less what an unconditional
// Deny takes away (from them or from anyone). Principal "*" is the public
// exposure S3 itself reports (GetBucketPolicyStatus), so it is not a grant
// here; NotPrincipal Allow statements name no one and are skipped.
func PolicyGrants(doc []byte, uri, owner string) ([]PolicyGrant, error) {
	var p policyDoc
	if err := json.Unmarshal(doc, &p); err != nil {
		return nil, fmt.Errorf("bucket policy of %s: %w", uri, err)
	}
	arn := objectsARN(uri)
	actions := map[string]bool{"s3:GetObject": false, "s3:PutObject": true} // action → is write
	denied := func(principal, action string) bool {
		for _, st := range p.Statement {
			if !strings.EqualFold(st.Effect, "Deny") || len(st.Condition) > 0 || st.Principal == nil || !st.allowsAction(action) || !st.coversObjects(arn) {
				continue
			}
			if st.Principal.Anyone || slices.ContainsFunc(st.Principal.AWS, func(a string) bool { return principalARN(a) == principal }) {
				return true
			}
		}
		return false
	}
	byPrincipal := map[string]*PolicyGrant{}
	var order []string
	for i, st := range p.Statement {
		if !strings.EqualFold(st.Effect, "Allow") || st.Principal == nil || st.NotPrincipal != nil || !st.coversObjects(arn) {
			continue
		}
		sid := cloud.FirstNonEmpty(st.Sid, fmt.Sprintf("statement %d", i+1))
		for _, a := range st.Principal.AWS {
			principal := principalARN(a)
			for action, write := range actions {
				if !st.allowsAction(action) || denied(principal, action) {
					continue
				}
				g := byPrincipal[principal]
				if g == nil {
					g = &PolicyGrant{Principal: principal, OtherAccount: owner != "" && accountOf(principal) != owner}
					byPrincipal[principal] = g
					order = append(order, principal)
				}
				if write {
					g.Write = true
				} else {
					g.Read = true
				}
				if !slices.Contains(g.Statements, sid) {
					g.Statements = append(g.Statements, sid)
				}
				g.Conditional = g.Conditional || len(st.Condition) > 0
			}
		}
	}
	slices.Sort(order)
	out := make([]PolicyGrant, 0, len(order))
	for _, pr := range order {
		out = append(out, *byPrincipal[pr])
	}
	return out, nil
}

// BucketPolicy is a bucket's policy document (s3:GetBucketPolicy, once per
// bucket, in the bucket's region); nil when the bucket has none.
func BucketPolicy(ctx context.Context, d *plugin.QueryData, s Settings, bucket string) ([]byte, error) {
	return bucketPolicyCached(ctx, d, bucketRequest{request: request{settings: s, region: homeRegion(s, "")}, bucket: bucket})
}

var bucketPolicyCached = cloud.Memo(
	func(r bucketRequest) string { return "aws/bucket-policy/" + r.bucket },
	func(ctx context.Context, d *plugin.QueryData, r bucketRequest) ([]byte, error) {
		region, err := bucketRegion(ctx, d, r)
		if err != nil {
			return nil, err
		}
		c, err := clientsCached(ctx, d, request{settings: r.settings, region: region})
		if err != nil {
			return nil, err
		}
		out, err := c.S3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(r.bucket)})
		switch {
		case errorCode(err) == "NoSuchBucketPolicy":
			return nil, nil
		case err != nil:
			return nil, fmt.Errorf("s3:GetBucketPolicy %s: %w", r.bucket, err)
		}
		return []byte(aws.ToString(out.Policy)), nil
	})
