package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var vertexDatasets = gcpSource(gcp.AIPlatform, func(ctx context.Context, c *gcp.Clients, sc cloud.Scope, q quals, emit func(*gcp.VertexDataset) bool) error {
	return gcp.ListVertexDatasets(ctx, c, sc, vertexFilter(q), emit)
})

func tableGCPVertexDataset() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_vertex_dataset",
		description: "Vertex AI managed datasets: their type, size, CMEK, and the Cloud Storage or BigQuery sources they were built from where the API exposes them.",
		keys:        []string{"name", "resource_name", "display_name"},
		sources:     []source{vertexDatasets},
		columns: []*plugin.Column{
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "The full resource name: projects/{project}/locations/{location}/datasets/{id}."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("description", proto.ColumnType_STRING, "Description", "The description."),
			col("metadata_schema_uri", proto.ColumnType_STRING, "MetadataSchemaURI", "The schema of the dataset's metadata, which says its type (tabular, image, text, ...)."),
			col("data_item_count", proto.ColumnType_INT, "DataItemCount", "The number of data items."),
			col("kms_key_name", proto.ColumnType_STRING, "KmsKeyName", "The Cloud KMS key (CMEK) of encryptionSpec; null means Google-managed encryption."),
			gcpCMEKColumn(),
			col("gcs_sources", proto.ColumnType_JSON, "GcsSources", "Cloud Storage URIs the dataset was built from (tabular and time-series datasets)."),
			col("bigquery_sources", proto.ColumnType_JSON, "BigQuerySources", "BigQuery tables the dataset was built from."),
			col("create_time", proto.ColumnType_TIMESTAMP, "CreateTime", "When the dataset was created."),
			col("update_time", proto.ColumnType_TIMESTAMP, "UpdateTime", "When the dataset was last updated."),
		},
	}
}
