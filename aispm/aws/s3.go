package aws

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/smithy-go"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// PublicAccessBlock is one level (bucket or account) of S3 Block Public Access.
type PublicAccessBlock struct {
	Configured            bool `json:"configured"`
	BlockPublicAcls       bool `json:"block_public_acls"`
	IgnorePublicAcls      bool `json:"ignore_public_acls"`
	BlockPublicPolicy     bool `json:"block_public_policy"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets"`
}

func (p PublicAccessBlock) all() bool {
	return p.BlockPublicAcls && p.IgnorePublicAcls && p.BlockPublicPolicy && p.RestrictPublicBuckets
}

// BucketExposure is how exposed an S3 bucket is, read with S3's bucket APIs
// (never its objects). S3 applies the stricter of the bucket's and the
// account's Block Public Access; ACLs do nothing when the bucket's object
// ownership is BucketOwnerEnforced (the default for buckets created since
// April 2023, which S3 reports explicitly).
type BucketExposure struct {
	Bucket                string            `json:"bucket"`
	Region                string            `json:"region,omitempty"`
	BucketBlock           PublicAccessBlock `json:"bucket_public_access_block"`
	AccountBlock          PublicAccessBlock `json:"account_public_access_block"`
	BlockPublicAcls       bool              `json:"block_public_acls"`
	IgnorePublicAcls      bool              `json:"ignore_public_acls"`
	BlockPublicPolicy     bool              `json:"block_public_policy"`
	RestrictPublicBuckets bool              `json:"restrict_public_buckets"`
	ObjectOwnership       string            `json:"object_ownership,omitempty"`
	PolicyPublic          bool              `json:"policy_is_public"`
	PublicGrants          []string          `json:"public_acl_grants"`
	Encryption            string            `json:"sse_algorithm,omitempty"`
	KmsKeyID              string            `json:"kms_key_id,omitempty"`
	KeyCMK                *bool             `json:"kms_key_customer_managed"`
	Reason                string            `json:"reason,omitempty"`
	Err                   error             `json:"-"`
}

// aclsDisabled reports whether the bucket ignores ACLs altogether.
func (e *BucketExposure) aclsDisabled() bool { return e.ObjectOwnership == "BucketOwnerEnforced" }

// Public reports whether anyone can read the bucket: a public policy that no
// public access block restricts, or a public ACL grant that neither a block
// nor the bucket's object ownership makes S3 ignore.
func (e *BucketExposure) Public() bool {
	return (e.PolicyPublic && !e.RestrictPublicBuckets) || (len(e.PublicGrants) > 0 && !e.IgnorePublicAcls && !e.aclsDisabled())
}

// Blocked reports whether Block Public Access (bucket or account) blocks everything.
func (e *BucketExposure) Blocked() bool {
	return e.BlockPublicAcls && e.IgnorePublicAcls && e.BlockPublicPolicy && e.RestrictPublicBuckets
}

// explain says which of S3's rules decided the exposure.
func (e *BucketExposure) explain() string {
	level := func(flag func(PublicAccessBlock) bool) string {
		switch {
		case flag(e.AccountBlock) && flag(e.BucketBlock):
			return "the bucket's and the account's public access blocks"
		case flag(e.AccountBlock):
			return "the account's public access block"
		case flag(e.BucketBlock):
			return "the bucket's public access block"
		}
		return ""
	}
	switch {
	case e.PolicyPublic && !e.RestrictPublicBuckets:
		return "its bucket policy is public and no public access block (bucket or account) restricts it"
	case len(e.PublicGrants) > 0 && !e.IgnorePublicAcls && !e.aclsDisabled():
		return "its ACL grants " + strings.Join(e.PublicGrants, ", ") + ", ACLs are enabled (object ownership " + orDefault(e.ObjectOwnership, "unset, ObjectWriter") + ") and no public access block ignores them"
	case e.Blocked():
		return "public access is blocked by " + level(PublicAccessBlock.all)
	case e.PolicyPublic:
		return "its public bucket policy is restricted by " + level(func(p PublicAccessBlock) bool { return p.RestrictPublicBuckets })
	case len(e.PublicGrants) > 0 && e.aclsDisabled():
		return "its public ACL grants are ignored: object ownership is BucketOwnerEnforced"
	case len(e.PublicGrants) > 0:
		return "its public ACL grants are ignored by " + level(func(p PublicAccessBlock) bool { return p.IgnorePublicAcls })
	}
	return "it has no public bucket policy and no public ACL grant"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Apply fills a dataset row's storage columns.
func (e *BucketExposure) Apply(row *cloud.Dataset) {
	row.Bucket = e.Bucket
	if e.Err != nil {
		row.ExposureError = e.Err.Error()
		return
	}
	row.StoragePublic = cloud.Ptr(e.Public())
	row.PublicAccessBlocked = cloud.Ptr(e.Blocked())
	row.ExposureReason = e.Reason
	row.StorageCustomerManagedKey = e.KeyCMK
	row.PublicMembers = append(row.PublicMembers, e.PublicGrants...)
	if e.PolicyPublic && !e.RestrictPublicBuckets {
		row.PublicMembers = append(row.PublicMembers, "bucket policy (public)")
	}
	if strings.HasPrefix(e.Encryption, "aws:kms") {
		row.StorageEncryptionKey = sseKey(e.Encryption, e.KmsKeyID)
	}
	row.Storage = e
}

// allUsers are the ACL grantee groups that make a grant public.
var allUsers = map[string]string{
	"http://acs.amazonaws.com/groups/global/AllUsers":           "AllUsers",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
}

type bucketRequest struct {
	request
	bucket string
}

var exposureCached = cloud.Memo(
	func(r bucketRequest) string { return "aws/bucket/" + r.bucket },
	func(ctx context.Context, d *plugin.QueryData, r bucketRequest) (*BucketExposure, error) {
		e := &BucketExposure{Bucket: r.bucket, PublicGrants: []string{}}
		e.Err = readExposure(ctx, d, r, e)
		return e, nil // a failure is carried on the result: the data is listed either way
	})

// bucketRegion is where a bucket lives (GetBucketLocation, once per bucket):
// its other bucket calls and its object reads go to that region.
var bucketRegion = cloud.Memo(
	func(r bucketRequest) string { return "aws/bucket-region/" + r.bucket },
	func(ctx context.Context, d *plugin.QueryData, r bucketRequest) (string, error) {
		home, err := clientsCached(ctx, d, r.request)
		if err != nil {
			return "", err
		}
		loc, err := home.S3.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(r.bucket)})
		if err != nil {
			return "", fmt.Errorf("s3:GetBucketLocation %s: %w", r.bucket, err)
		}
		if loc.LocationConstraint == "" {
			return "us-east-1", nil // S3 reports us-east-1 as no constraint
		}
		return string(loc.LocationConstraint), nil
	})

func readExposure(ctx context.Context, d *plugin.QueryData, r bucketRequest, e *BucketExposure) error {
	region, err := bucketRegion(ctx, d, r)
	if err != nil {
		return err
	}
	e.Region = region
	c, err := clientsCached(ctx, d, request{settings: r.settings, region: e.Region})
	if err != nil {
		return err
	}
	pab, err := c.S3.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(r.bucket)})
	switch {
	case errorCode(err) == "NoSuchPublicAccessBlockConfiguration":
	case err != nil:
		return fmt.Errorf("s3:GetPublicAccessBlock %s: %w", r.bucket, err)
	case pab.PublicAccessBlockConfiguration != nil:
		p := pab.PublicAccessBlockConfiguration
		e.BucketBlock = PublicAccessBlock{Configured: true, BlockPublicAcls: aws.ToBool(p.BlockPublicAcls), IgnorePublicAcls: aws.ToBool(p.IgnorePublicAcls),
			BlockPublicPolicy: aws.ToBool(p.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets)}
	}
	// An unset bucket-level block is not "safe": the account's may decide.
	account, err := accountBlockCached(ctx, d, r.request)
	if err != nil {
		return err
	}
	e.AccountBlock = account
	e.BlockPublicAcls = e.BucketBlock.BlockPublicAcls || account.BlockPublicAcls
	e.IgnorePublicAcls = e.BucketBlock.IgnorePublicAcls || account.IgnorePublicAcls
	e.BlockPublicPolicy = e.BucketBlock.BlockPublicPolicy || account.BlockPublicPolicy
	e.RestrictPublicBuckets = e.BucketBlock.RestrictPublicBuckets || account.RestrictPublicBuckets
	own, err := c.S3.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(r.bucket)})
	switch {
	case errorCode(err) == "OwnershipControlsNotFoundError":
	case err != nil:
		return fmt.Errorf("s3:GetBucketOwnershipControls %s: %w", r.bucket, err)
	case own.OwnershipControls != nil:
		for _, rule := range own.OwnershipControls.Rules {
			e.ObjectOwnership = string(rule.ObjectOwnership)
		}
	}
	ps, err := c.S3.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: aws.String(r.bucket)})
	switch {
	case errorCode(err) == "NoSuchBucketPolicy":
	case err != nil:
		return fmt.Errorf("s3:GetBucketPolicyStatus %s: %w", r.bucket, err)
	case ps.PolicyStatus != nil:
		e.PolicyPublic = aws.ToBool(ps.PolicyStatus.IsPublic)
	}
	acl, err := c.S3.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: aws.String(r.bucket)})
	if err != nil {
		return fmt.Errorf("s3:GetBucketAcl %s: %w", r.bucket, err)
	}
	for _, g := range acl.Grants {
		if g.Grantee != nil && g.Grantee.Type == types.TypeGroup {
			if who, ok := allUsers[aws.ToString(g.Grantee.URI)]; ok {
				e.PublicGrants = append(e.PublicGrants, who+" ("+string(g.Permission)+")")
			}
		}
	}
	enc, err := c.S3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(r.bucket)})
	switch {
	case errorCode(err) == "ServerSideEncryptionConfigurationNotFoundError":
	case err != nil:
		return fmt.Errorf("s3:GetBucketEncryption %s: %w", r.bucket, err)
	case enc.ServerSideEncryptionConfiguration != nil:
		for _, rule := range enc.ServerSideEncryptionConfiguration.Rules {
			if def := rule.ApplyServerSideEncryptionByDefault; def != nil {
				e.Encryption, e.KmsKeyID = string(def.SSEAlgorithm), aws.ToString(def.KMSMasterKeyID)
			}
		}
	}
	e.KeyCMK = CustomerManaged(ctx, d, r.settings, region, sseKey(e.Encryption, e.KmsKeyID))
	e.Reason = e.explain()
	return nil
}

// accountBlockCached is the account-level Block Public Access
// (s3control:GetPublicAccessBlock), read once per connection.
var accountBlockCached = cloud.Memo(
	func(request) string { return "aws/account-public-access-block" },
	func(ctx context.Context, d *plugin.QueryData, r request) (PublicAccessBlock, error) {
		account, err := accountCached(ctx, d, request{settings: r.settings, region: homeRegion(r.settings, r.region)})
		if err != nil {
			return PublicAccessBlock{}, err
		}
		c, err := clientsCached(ctx, d, request{settings: r.settings, region: homeRegion(r.settings, r.region)})
		if err != nil {
			return PublicAccessBlock{}, err
		}
		out, err := c.S3Control.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(account)})
		switch {
		case errorCode(err) == "NoSuchPublicAccessBlockConfiguration":
			return PublicAccessBlock{}, nil
		case err != nil:
			return PublicAccessBlock{}, fmt.Errorf("s3control:GetPublicAccessBlock (account %s): %w", account, err)
		}
		p := out.PublicAccessBlockConfiguration
		if p == nil {
			return PublicAccessBlock{}, nil
		}
		return PublicAccessBlock{Configured: true, BlockPublicAcls: aws.ToBool(p.BlockPublicAcls), IgnorePublicAcls: aws.ToBool(p.IgnorePublicAcls),
			BlockPublicPolicy: aws.ToBool(p.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets)}, nil
	})

// errorCode is the API error code of err ("" when it carries none).
func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// Exposure returns the exposure of the bucket of an s3:// URI (cached per
// bucket, read through a client of the scope's region); ok is false for a URI
// that is not in S3.
func Exposure(ctx context.Context, d *plugin.QueryData, s Settings, region, uri string) (*BucketExposure, bool) {
	rest, ok := strings.CutPrefix(uri, "s3://")
	if !ok || rest == "" {
		return nil, false
	}
	bucket, _, _ := strings.Cut(rest, "/")
	e, _ := exposureCached(ctx, d, bucketRequest{request: request{settings: s, region: homeRegion(s, region)}, bucket: bucket})
	return e, true
}

// homeRegion is the region a bucket lookup is asked from: the scope's, or the
// partition's global region for an account-wide scope.
func homeRegion(s Settings, region string) string {
	if region == "" || region == Global {
		return globalRegion(s.Regions)
	}
	return region
}
