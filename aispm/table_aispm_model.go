package aispm

import (
	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// modelSources feed aispm_model and, through the artifacts they name, aispm_model_scan.
func modelSources() []source {
	return []source{
		unified(sageMakerModels, func(m *aws.SageMakerModel) cloud.Row { return m.Unified() }),
		unified(sageMakerModelPackages, func(m *aws.SageMakerModelPackage) cloud.Row { return m.Unified() }),
		unified(bedrockCustomModels, func(m *aws.BedrockCustomModel) cloud.Row { return m.Unified() }),
		unified(bedrockImportedModels, func(m *aws.BedrockImportedModel) cloud.Row { return m.Unified() }),
		unified(cognitiveDeployments, func(d *azure.CognitiveDeployment) cloud.Row { return d.Unified() }),
		unified(mlModels, func(m *azure.MLModel) cloud.Row { return m.Unified() }),
		unified(vertexModels, func(m *gcp.VertexModel) cloud.Row { return m.Unified() }),
	}
}

func tableModel() *tableDef {
	return &tableDef{
		name:        "aispm_model",
		description: "Every trained, fine-tuned or imported AI model in one normalized shape: where its artifacts live, how it is encrypted, what produced it and where it is deployed.",
		keys:        []string{"name"},
		unified:     true,
		sources:     modelSources(),
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The native id: ARN, ARM id or Vertex AI resource name."),
			col("kind", proto.ColumnType_STRING, "Kind", "What the model is, for example vertex_model."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service: sagemaker, bedrock, machinelearningservices, aiplatform, ..."),
			col("version", proto.ColumnType_STRING, "Version", "The model version."),
			col("source", proto.ColumnType_STRING, "Source", "Where the model came from: a base model, publisher or source type."),
			col("artifact_uri", proto.ColumnType_STRING, "ArtifactURI", "Where the model weights live (gs://, s3://, azureml://): the join key for aispm_model_scan."),
			col("artifact_uris", proto.ColumnType_JSON, "ArtifactURIs", "Every artifact location of the model (an inference pipeline's every container, every container of a model package), each scanned by aispm_model_scan; artifact_uri is the first."),
			col("container_image", proto.ColumnType_STRING, "ContainerImage", "The serving container image."),
			col("encryption_key", proto.ColumnType_STRING, "EncryptionKey", "The key the cloud names for the model (a KMS key, a Cloud KMS key); null when none is named. Whether it is customer managed: customer_managed_key."),
			col("customer_managed_key", proto.ColumnType_BOOL, "CustomerManagedKey", "True when encryption_key is a customer-managed key, as the cloud itself reports it (AWS kms:DescribeKey KeyManager, Azure keySource Microsoft.KeyVault, GCP a named Cloud KMS key); false for provider-managed encryption; null when it could not be told."),
			col("training_job", proto.ColumnType_STRING, "TrainingJob", "The training job or pipeline that produced the model."),
			col("deployed_to", proto.ColumnType_JSON, "DeployedTo", "The endpoints the model is deployed to (ids as in aispm_endpoint.id)."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the model was created."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row the model was built from, as in its native table."),
		},
	}
}
