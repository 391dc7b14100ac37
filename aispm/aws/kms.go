package aws

import (
	"context"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// KeyRef is a KMS key a resource names (an id, key ARN, alias or alias
// ARN; empty for the service's default key) and where to record whether it is
// customer managed.
type KeyRef struct {
	Key string
	CMK **bool
}

// KeyHolder is a row that names KMS keys.
type KeyHolder interface {
	KeyRefs() []KeyRef
}

// keyRequest asks for one key's manager in one region.
type keyRequest struct {
	request
	key string
}

// keyManager is KMS's own answer (DescribeKey: KeyManager CUSTOMER or AWS),
// asked once per key and connection; a key KMS will not describe (denied,
// deleted) is unknown, not assumed either way.
var keyManager = cloud.Memo(
	func(r keyRequest) string { return "aws/kms/" + r.region + "/" + r.key },
	func(ctx context.Context, d *plugin.QueryData, r keyRequest) (*bool, error) {
		c, err := clientsCached(ctx, d, r.request)
		if err != nil {
			return nil, err
		}
		out, err := c.KMS.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(r.key)})
		if err != nil {
			plugin.Logger(ctx).Warn("aws: kms:DescribeKey", "key", r.key, "region", r.region, "error", err)
			return nil, nil
		}
		if out.KeyMetadata == nil {
			return nil, nil
		}
		return cloud.Ptr(out.KeyMetadata.KeyManager == types.KeyManagerTypeCustomer), nil
	})

// CustomerManaged decides whether a key reference is a customer-managed key:
// no key (the service's default or an AWS-owned key) and the aws/ aliases
// are not; anything else is what kms:DescribeKey says its KeyManager is.
func CustomerManaged(ctx context.Context, d *plugin.QueryData, s Settings, region, key string) *bool {
	switch {
	case key == "":
		return cloud.Ptr(false)
	case strings.HasPrefix(key, "alias/aws/") || strings.Contains(key, ":alias/aws/"):
		return cloud.Ptr(false)
	}
	if strings.HasPrefix(key, "arn:") {
		if parts := strings.Split(key, ":"); len(parts) > 3 && parts[3] != "" {
			region = parts[3] // a key lives in the region its ARN names
		}
	}
	if region == "" || region == Global {
		region = globalRegion(s.Regions)
	}
	managed, err := keyManager(ctx, d, keyRequest{request: request{settings: s, region: region}, key: key})
	if err != nil {
		plugin.Logger(ctx).Warn("aws: kms client", "region", region, "error", err)
		return nil
	}
	return managed
}

// ResolveKeys records, for every key a row names, whether it is customer managed.
func ResolveKeys(ctx context.Context, d *plugin.QueryData, s Settings, region string, h KeyHolder) {
	for _, ref := range h.KeyRefs() {
		if *ref.CMK == nil {
			*ref.CMK = CustomerManaged(ctx, d, s, region, ref.Key)
		}
	}
}

// sseKey is the key an S3 default-encryption rule uses: SSE-S3 has none; an
// SSE-KMS rule without a key id uses the AWS-managed aws/s3 key.
func sseKey(algorithm, key string) string {
	switch {
	case !strings.HasPrefix(algorithm, "aws:kms"):
		return ""
	case key == "":
		return "alias/aws/s3"
	}
	return key
}

// The keys each AWS row names.

func (m *BedrockCustomModel) KeyRefs() []KeyRef   { return []KeyRef{{m.KmsKeyArn, &m.KmsKeyCMK}} }
func (m *BedrockImportedModel) KeyRefs() []KeyRef { return []KeyRef{{m.KmsKeyArn, &m.KmsKeyCMK}} }
func (g *BedrockGuardrail) KeyRefs() []KeyRef     { return []KeyRef{{g.KmsKeyArn, &g.KmsKeyCMK}} }
func (a *BedrockAgent) KeyRefs() []KeyRef         { return []KeyRef{{a.KmsKeyArn, &a.KmsKeyCMK}} }

func (r *BedrockInvocationLogging) KeyRefs() []KeyRef {
	var out []KeyRef
	if r.LogGroupName != "" && r.LogGroupError == "" {
		out = append(out, KeyRef{r.LogGroupKmsKeyID, &r.LogGroupKeyCMK})
	}
	if r.S3Bucket != "" && r.S3Error == "" {
		out = append(out, KeyRef{sseKey(r.S3Encryption, r.S3KmsKeyID), &r.S3KeyCMK})
	}
	return out
}

func (k *BedrockKnowledgeBase) KeyRefs() []KeyRef {
	var out []KeyRef
	for i := range k.DataSources {
		out = append(out, KeyRef{k.DataSources[i].KmsKey, &k.DataSources[i].KeyCMK})
	}
	return out
}

func (n *SageMakerNotebookInstance) KeyRefs() []KeyRef { return []KeyRef{{n.KmsKeyID, &n.KmsKeyCMK}} }
func (d *SageMakerDomain) KeyRefs() []KeyRef           { return []KeyRef{{d.KmsKeyID, &d.KmsKeyCMK}} }
func (m *SageMakerModelPackage) KeyRefs() []KeyRef     { return []KeyRef{{m.KmsKeyID, &m.KmsKeyCMK}} }

func (j *SageMakerTrainingJob) KeyRefs() []KeyRef {
	return []KeyRef{{j.OutputKmsKeyID, &j.OutputKeyCMK}, {j.VolumeKmsKeyID, &j.VolumeKeyCMK}}
}

func (e *SageMakerEndpoint) KeyRefs() []KeyRef {
	out := []KeyRef{{e.KmsKeyID, &e.KmsKeyCMK}}
	if e.DataCapture != nil && e.DataCapture.Enabled {
		out = append(out, KeyRef{e.DataCapture.KmsKeyID, &e.DataCapture.KmsKeyCMK})
	}
	return out
}

func (b *Base) detailed() bool              { return b.Detailed }
func (e *SageMakerEndpoint) detailed() bool { return e.Detailed }

// ResolveRow resolves the keys of a row whose detail is complete (a list
// row's keys come with its Describe call).
func ResolveRow(ctx context.Context, d *plugin.QueryData, s Settings, region string, row any) {
	kh, ok := row.(KeyHolder)
	if !ok {
		return
	}
	if dr, ok := row.(interface{ detailed() bool }); ok && !dr.detailed() {
		return
	}
	ResolveKeys(ctx, d, s, region, kh)
}
