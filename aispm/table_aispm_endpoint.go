package aispm

import (
	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

func tableEndpoint() *tableDef {
	return &tableDef{
		name:        "aispm_endpoint",
		description: "Every AI inference endpoint across AWS, Azure and GCP in one normalized shape: exposure, authentication, encryption, logging and the models served.",
		keys:        []string{"name"},
		unified:     true,
		sources: []source{
			unified(sageMakerEndpoints, func(e *aws.SageMakerEndpoint) cloud.Row { return e.Unified() }),
			unified(bedrockThroughputs, func(p *aws.BedrockProvisionedThroughput) cloud.Row { return p.Unified() }),
			unified(cognitiveAccounts, func(a *azure.CognitiveAccount) cloud.Row { return a.Unified() }),
			unified(mlOnlineEndpoints, func(e *azure.MLOnlineEndpoint) cloud.Row { return e.Unified() }),
			unified(vertexEndpoints, func(e *gcp.VertexEndpoint) cloud.Row { return e.Unified() }),
		},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The native id: ARN, ARM id or Vertex AI resource name."),
			col("kind", proto.ColumnType_STRING, "Kind", "What the endpoint is: sagemaker_endpoint, cognitive_account:<kind>, vertex_endpoint."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service: sagemaker, cognitiveservices, aiplatform."),
			col("url", proto.ColumnType_STRING, "URL", "The URL clients call."),
			col("host", proto.ColumnType_STRING, "Host", "The host name clients call."),
			col("public_network_access", proto.ColumnType_BOOL, "PublicNetworkAccess", "True when the endpoint accepts traffic from the internet."),
			col("auth_mode", proto.ColumnType_STRING, "AuthMode", "How callers authenticate: iam, entra_id, token, key, key_and_entra_id."),
			col("private_endpoint", proto.ColumnType_BOOL, "PrivateEndpoint", "True when the endpoint is reachable through a private endpoint / private service connect / VPC peering; null when the API does not say."),
			col("encryption_key", proto.ColumnType_STRING, "EncryptionKey", "The customer-managed key protecting the endpoint; null for provider-managed keys."),
			col("logging_enabled", proto.ColumnType_BOOL, "LoggingEnabled", "True when request/response logging is on (SageMaker data capture, Vertex request-response logging); null when this table cannot tell."),
			col("models", proto.ColumnType_JSON, "Models", "References to the models the endpoint serves."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the endpoint was created."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row the endpoint was built from, as in its native table."),
		},
	}
}
