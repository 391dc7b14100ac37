package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// dataUses expands a resource into its data uses, each with the exposure of
// the storage behind it (a Cloud Storage bucket or an Azure storage account
// and container), read through the connection's cached clients.
func dataUses[T interface {
	cloud.Row
	DataUses() []*cloud.Dataset
}](ctx context.Context, d *plugin.QueryData, s *Settings, t T) []cloud.Row {
	var out []cloud.Row
	for _, use := range t.DataUses() {
		exposeStorage(ctx, d, s, use)
		out = append(out, use)
	}
	return out
}

func exposeStorage(ctx context.Context, d *plugin.QueryData, s *Settings, use *cloud.Dataset) {
	if e, ok, err := gcp.BucketExposure(ctx, d, s.GCP, use.URI); ok {
		if err != nil {
			use.ExposureError = err.Error()
		} else {
			e.Apply(use)
		}
		return
	}
	if e, ok := aws.Exposure(ctx, d, s.AWS, use.Region, use.URI); ok {
		e.Apply(use)
		return
	}
	if loc, ok := azure.StorageLocation(use); ok {
		azure.Exposure(ctx, d, s.Azure, use.SubscriptionID, loc).Apply(use)
	}
}

// datasetSources are the sources of aispm_dataset: every resource's data uses.
func datasetSources() []source {
	return []source{
		derived(sageMakerTrainingJobs, dataUses[*aws.SageMakerTrainingJob]),
		derived(bedrockCustomModels, dataUses[*aws.BedrockCustomModel]),
		derived(bedrockKnowledgeBases, dataUses[*aws.BedrockKnowledgeBase]),
		derived(vertexDatasets, dataUses[*gcp.VertexDataset]),
		derived(vertexCustomJobs, dataUses[*gcp.VertexCustomJob]),
		derived(mlDatastores, dataUses[*azure.MLDatastore]),
		derived(mlDataAssets, dataUses[*azure.MLDataAsset]),
	}
}

func tableDataset() *tableDef {
	return &tableDef{
		name:        "aispm_dataset",
		description: "Training and evaluation data in use, one row per (data location, resource using it), with the exposure and encryption of the storage behind it: is this training data public?",
		keys:        []string{"name"},
		unified:     true,
		sources:     datasetSources(),
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The data location (gs://, s3://, bq://, https://...) or, when the API does not expose it, the resource using the data."),
			col("kind", proto.ColumnType_STRING, "Kind", "How the data is used: vertex_dataset, vertex_custom_job_input, azure_ml_datastore, azure_ml_data_asset, ..."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service using the data."),
			col("used_by", proto.ColumnType_STRING, "UsedBy", "The resource that uses the data (dataset, training job, knowledge base)."),
			col("identity", proto.ColumnType_STRING, "Identity", "The identity that reads the data: the SageMaker training job's or knowledge base's IAM role, the Vertex custom job's service account, the principal id of the Azure ML workspace identity a datastore is read as (serviceDataAccessAuthIdentity); null where the API does not say."),
			col("uri", proto.ColumnType_STRING, "URI", "The data location; null when the API does not expose it."),
			col("bucket", proto.ColumnType_STRING, "Bucket", "The bucket (GCS) or storage account/container (Azure) holding the data."),
			col("storage_public", proto.ColumnType_BOOL, "StoragePublic", "True when anyone on the internet can read the storage (public IAM members and no public access prevention)."),
			col("public_access_prevention", proto.ColumnType_STRING, "PublicAccessPrevention", "The bucket's public access prevention (enforced or inherited)."),
			col("public_access_blocked", proto.ColumnType_BOOL, "PublicAccessBlocked", "True when the storage forbids anonymous access whatever its ACLs say: GCS public access prevention enforced; Azure allowBlobPublicAccess false."),
			col("network_public", proto.ColumnType_BOOL, "NetworkPublic", "True when the storage accepts traffic from any network: Azure publicNetworkAccess not Disabled and network rule default action Allow; null for GCS."),
			col("uniform_access", proto.ColumnType_BOOL, "UniformAccess", "True when the bucket uses uniform bucket-level access (no object ACLs)."),
			col("public_members", proto.ColumnType_JSON, "PublicMembers", "Who can read anonymously: GCS public principals (allUsers, allAuthenticatedUsers) in the bucket's IAM policy with their role; Azure anonymous (blob|container) for the container's access level."),
			col("encryption_key", proto.ColumnType_STRING, "EncryptionKey", "The key the resource using the data names (a KMS key id or ARN, a Cloud KMS key); null when none is named. Whether it is customer managed: customer_managed_key."),
			col("customer_managed_key", proto.ColumnType_BOOL, "CustomerManagedKey", "True when encryption_key is a customer-managed key, as the cloud itself reports it (AWS kms:DescribeKey KeyManager, Azure keySource Microsoft.KeyVault, GCP a named Cloud KMS key); false for provider-managed encryption; null when it could not be told."),
			col("storage_encryption_key", proto.ColumnType_STRING, "StorageEncryptionKey", "The default customer-managed key of the storage."),
			col("storage_customer_managed_key", proto.ColumnType_BOOL, "StorageCustomerManagedKey", "True when the storage's default encryption uses a customer-managed key (the same rule as customer_managed_key); false for provider-managed encryption."),
			col("exposure_reason", proto.ColumnType_STRING, "ExposureReason", "Which of the cloud's rules decided storage_public (the bucket's and the account's Block Public Access and object ownership on S3; account, container and network settings, by age default, on Azure; IAM and public access prevention on Cloud Storage)."),
			col("exposure_error", proto.ColumnType_STRING, "ExposureError", "Why the storage's exposure could not be read (for example access denied); the exposure columns are then null."),
			col("storage", proto.ColumnType_JSON, "Storage", "The storage's exposure as read: GCS bucket settings, or the Azure storage account (allow_blob_public_access, container_public_access, public_network_access, network_default_action, key_source, ...)."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the resource using the data was created."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row of the resource using the data."),
		},
	}
}
