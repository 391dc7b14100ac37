package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var vertexTrainingPipelines = gcpSource(gcp.AIPlatform, func(ctx context.Context, c *gcp.Clients, sc cloud.Scope, q quals, emit func(*gcp.VertexTrainingPipeline) bool) error {
	return gcp.ListVertexTrainingPipelines(ctx, c, sc, vertexFilter(q), emit)
})

func tableGCPVertexTrainingPipeline() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_vertex_training_pipeline",
		description: "Vertex AI training pipelines: the dataset they trained on, the model they produced, where output went, and CMEK.",
		keys:        []string{"name", "resource_name", "display_name"},
		sources:     []source{vertexTrainingPipelines},
		columns: []*plugin.Column{
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "The full resource name: projects/{project}/locations/{location}/trainingPipelines/{id}."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("state", proto.ColumnType_STRING, "State", "The pipeline state (PIPELINE_STATE_SUCCEEDED, ...)."),
			col("training_task_definition", proto.ColumnType_STRING, "TrainingTask", "The schema of the training task (which AutoML or custom trainer ran)."),
			col("dataset", proto.ColumnType_STRING, "Dataset", "The resource name of the Vertex AI dataset the pipeline trained on."),
			col("annotation_schema_uri", proto.ColumnType_STRING, "AnnotationSchemaURI", "The annotation schema used from the dataset."),
			col("output_uri_prefix", proto.ColumnType_STRING, "OutputURIPrefix", "The Cloud Storage destination of the training data split."),
			col("model_display_name", proto.ColumnType_STRING, "ModelDisplayName", "The display name of the model the pipeline uploads."),
			col("model_id", proto.ColumnType_STRING, "ModelID", "The id the uploaded model was given."),
			col("kms_key_name", proto.ColumnType_STRING, "KmsKeyName", "The Cloud KMS key (CMEK) of encryptionSpec; null means Google-managed encryption."),
			gcpCMEKColumn(),
			col("error", proto.ColumnType_STRING, "Error", "The error the pipeline failed with, if any."),
			col("create_time", proto.ColumnType_TIMESTAMP, "CreateTime", "When the pipeline was created."),
			col("end_time", proto.ColumnType_TIMESTAMP, "EndTime", "When the pipeline ended."),
		},
	}
}
