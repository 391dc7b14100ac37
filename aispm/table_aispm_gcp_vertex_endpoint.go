package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var vertexEndpoints = gcpSource(gcp.AIPlatform, func(ctx context.Context, c *gcp.Clients, sc cloud.Scope, q quals, emit func(*gcp.VertexEndpoint) bool) error {
	return gcp.ListVertexEndpoints(ctx, c, sc, vertexFilter(q), emit)
})

func tableGCPVertexEndpoint() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_vertex_endpoint",
		description: "Vertex AI endpoints with their network exposure, encryption, request-response logging and deployed models.",
		keys:        []string{"name", "resource_name", "display_name"},
		sources:     []source{vertexEndpoints},
		columns: []*plugin.Column{
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "The full resource name: projects/{project}/locations/{location}/endpoints/{id}."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("description", proto.ColumnType_STRING, "Description", "The description."),
			col("network", proto.ColumnType_STRING, "Network", "The VPC network the endpoint is peered to; null for a public endpoint."),
			col("private_service_connect", proto.ColumnType_BOOL, "PrivateServiceConnect", "True when the endpoint is exposed through Private Service Connect."),
			col("psc_project_allowlist", proto.ColumnType_JSON, "PSCProjectAllowlist", "Projects allowed to connect through Private Service Connect."),
			col("dedicated_endpoint_enabled", proto.ColumnType_BOOL, "DedicatedEndpointEnabled", "True when the endpoint has a dedicated DNS name."),
			col("dedicated_endpoint_dns", proto.ColumnType_STRING, "DedicatedEndpointDNS", "The dedicated DNS name."),
			col("kms_key_name", proto.ColumnType_STRING, "KmsKeyName", "The Cloud KMS key (CMEK) of encryptionSpec; null means Google-managed encryption."),
			gcpCMEKColumn(),
			col("request_response_logging", proto.ColumnType_JSON, "RequestResponseLogging", "Request-response logging: enabled, sampling_rate, bigquery_destination."),
			col("deployed_models", proto.ColumnType_JSON, "DeployedModels", "Deployed models: id, model, model_version_id, display_name, service_account, machine_type, min/max_replica_count, enable_access_logging."),
			col("traffic_split", proto.ColumnType_JSON, "TrafficSplit", "Traffic percentage per deployed model id."),
			col("create_time", proto.ColumnType_TIMESTAMP, "CreateTime", "When the endpoint was created."),
			col("update_time", proto.ColumnType_TIMESTAMP, "UpdateTime", "When the endpoint was last updated."),
		},
	}
}

// vertexFilter reads the key columns every Vertex AI table pushes down.
func vertexFilter(q quals) gcp.Filter {
	return gcp.Filter{ResourceName: q.str("resource_name"), ID: q.str("name"), DisplayName: q.str("display_name")}
}
