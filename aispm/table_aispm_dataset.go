package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// gcpDataUses expands a Vertex AI resource into its data uses, each with the
// exposure of the Cloud Storage bucket behind it.
func gcpDataUses[T interface {
	cloud.Row
	DataUses() []*cloud.Dataset
}](ctx context.Context, d *plugin.QueryData, s *Settings, t T) []cloud.Row {
	var out []cloud.Row
	for _, use := range t.DataUses() {
		if e, ok, err := gcp.BucketExposure(ctx, d, s.GCP, use.URI); ok {
			if err != nil {
				use.ExposureError = err.Error()
			} else {
				e.Apply(use)
			}
		}
		out = append(out, use)
	}
	return out
}

func tableDataset() *tableDef {
	return &tableDef{
		name:        "aispm_dataset",
		description: "Training and evaluation data in use, one row per (data location, resource using it), with the exposure and encryption of the storage behind it: is this training data public?",
		keys:        []string{"name"},
		unified:     true,
		sources: []source{
			derived(vertexDatasets, gcpDataUses[*gcp.VertexDataset]),
			derived(vertexCustomJobs, gcpDataUses[*gcp.VertexCustomJob]),
		},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The data location (gs://, s3://, bq://, https://...) or, when the API does not expose it, the resource using the data."),
			col("kind", proto.ColumnType_STRING, "Kind", "How the data is used: vertex_dataset, vertex_custom_job_input, ..."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service using the data."),
			col("used_by", proto.ColumnType_STRING, "UsedBy", "The resource that uses the data (dataset, training job, knowledge base)."),
			col("uri", proto.ColumnType_STRING, "URI", "The data location; null when the API does not expose it."),
			col("bucket", proto.ColumnType_STRING, "Bucket", "The bucket / storage container holding the data."),
			col("storage_public", proto.ColumnType_BOOL, "StoragePublic", "True when anyone on the internet can read the storage (public IAM members and no public access prevention)."),
			col("public_access_prevention", proto.ColumnType_STRING, "PublicAccessPrevention", "The bucket's public access prevention (enforced or inherited)."),
			col("uniform_access", proto.ColumnType_BOOL, "UniformAccess", "True when the bucket uses uniform bucket-level access (no object ACLs)."),
			col("public_members", proto.ColumnType_JSON, "PublicMembers", "Public principals (allUsers, allAuthenticatedUsers) in the bucket's IAM policy, with their role."),
			col("encryption_key", proto.ColumnType_STRING, "EncryptionKey", "The customer-managed key of the resource using the data."),
			col("storage_encryption_key", proto.ColumnType_STRING, "StorageEncryptionKey", "The default customer-managed key of the storage."),
			col("exposure_error", proto.ColumnType_STRING, "ExposureError", "Why the storage's exposure could not be read (for example access denied); the exposure columns are then null."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the resource using the data was created."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row of the resource using the data."),
		},
	}
}
