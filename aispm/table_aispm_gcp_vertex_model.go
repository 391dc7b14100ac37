package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var vertexModels = gcpSource(gcp.AIPlatform, func(ctx context.Context, c *gcp.Clients, sc cloud.Scope, q quals, emit func(*gcp.VertexModel) bool) error {
	return gcp.ListVertexModels(ctx, c, sc, vertexFilter(q), emit)
})

func tableGCPVertexModel() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_vertex_model",
		description: "Vertex AI Model Registry models: where the artifacts live, the serving container, CMEK, how the model was produced and where it is deployed.",
		keys:        []string{"name", "resource_name", "display_name"},
		sources:     []source{vertexModels},
		columns: []*plugin.Column{
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "The full resource name: projects/{project}/locations/{location}/models/{id}."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("description", proto.ColumnType_STRING, "Description", "The description."),
			col("version_id", proto.ColumnType_STRING, "VersionID", "The version of the model this row describes (the default version)."),
			col("version_aliases", proto.ColumnType_JSON, "VersionAliases", "The version aliases, for example [\"default\"]."),
			col("artifact_uri", proto.ColumnType_STRING, "ArtifactURI", "The Cloud Storage path of the model artifacts (gs://...); the join key for artifact scanning."),
			col("container_image", proto.ColumnType_STRING, "ContainerImage", "The serving container image."),
			col("container_env_names", proto.ColumnType_JSON, "ContainerEnvNames", "The names of the serving container's environment variables; values are not emitted (secret_findings lists the secrets in them)."),
			secretsColumn("secret_findings", "Secrets", "the serving container's environment values, command and arguments (not emitted)"),
			col("kms_key_name", proto.ColumnType_STRING, "KmsKeyName", "The Cloud KMS key (CMEK) of encryptionSpec; null means Google-managed encryption."),
			gcpCMEKColumn(),
			col("source_type", proto.ColumnType_STRING, "SourceType", "Where the model came from: AUTOML, CUSTOM, MODEL_GARDEN, GENIE, ..."),
			col("training_pipeline", proto.ColumnType_STRING, "TrainingPipeline", "The training pipeline that produced the model, if any."),
			col("pipeline_job", proto.ColumnType_STRING, "PipelineJob", "The pipeline job that produced the model, if any."),
			col("deployed_models", proto.ColumnType_JSON, "DeployedModels", "Where the model is deployed: endpoint and deployed_model_id."),
			col("supported_deployment_types", proto.ColumnType_JSON, "DeploymentTypes", "The deployment resource types the model supports."),
			col("create_time", proto.ColumnType_TIMESTAMP, "CreateTime", "When the model was uploaded."),
			col("update_time", proto.ColumnType_TIMESTAMP, "UpdateTime", "When the model was last updated."),
		},
	}
}
