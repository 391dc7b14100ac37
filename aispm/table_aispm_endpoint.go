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

// endpointSources are the sources of aispm_endpoint.
func endpointSources() []source {
	return []source{
		unified(sageMakerEndpoints, func(e *aws.SageMakerEndpoint) cloud.Row { return e.Unified() }),
		derived(bedrockThroughputs, func(ctx context.Context, d *plugin.QueryData, s *Settings, p *aws.BedrockProvisionedThroughput) []cloud.Row {
			e := p.Unified().(*cloud.Endpoint)
			aws.ApplyKeyAuth(ctx, d, s.AWS, e)
			return []cloud.Row{e}
		}),
		derived(bedrockLogging, func(ctx context.Context, d *plugin.QueryData, s *Settings, l *aws.BedrockInvocationLogging) []cloud.Row {
			e := l.RuntimeEndpoint()
			aws.ApplyKeyAuth(ctx, d, s.AWS, e)
			return []cloud.Row{e}
		}),
		unified(cognitiveAccounts, func(a *azure.CognitiveAccount) cloud.Row { return a.Unified() }),
		unified(mlOnlineEndpoints, func(e *azure.MLOnlineEndpoint) cloud.Row { return e.Unified() }),
		unified(vertexEndpoints, func(e *gcp.VertexEndpoint) cloud.Row { return e.Unified() }),
		gcpModelAPIs,
	}
}

func tableEndpoint() *tableDef {
	return &tableDef{
		name:        "aispm_endpoint",
		description: "Every AI inference endpoint across AWS, Azure and GCP in one normalized shape: exposure, authentication, encryption, logging and the models served.",
		keys:        []string{"name"},
		unified:     true,
		sources:     endpointSources(),
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The native id: ARN, ARM id or Vertex AI resource name."),
			col("kind", proto.ColumnType_STRING, "Kind", "What the endpoint is: sagemaker_endpoint, cognitive_account:<kind>, vertex_endpoint."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service: sagemaker, cognitiveservices, aiplatform."),
			col("url", proto.ColumnType_STRING, "URL", "The URL clients call."),
			col("host", proto.ColumnType_STRING, "Host", "The host name clients call."),
			col("public_network_access", proto.ColumnType_BOOL, "PublicNetworkAccess", "True when the endpoint accepts traffic from the internet."),
			col("auth_mode", proto.ColumnType_STRING, "AuthMode", "How callers authenticate: iam (SigV4 or OAuth), entra_id, token (short-lived AML tokens), key (a static key only), key_and_entra_id, key_and_iam (IAM, and also the account's Bedrock API keys or the project's API keys)."),
			col("key_auth", proto.ColumnType_BOOL, "KeyAuth", "True when the endpoint accepts a static key (auth_mode key, key_and_entra_id or key_and_iam); null when the keys could not be listed."),
			col("keys", proto.ColumnType_JSON, "Keys", "The ids (aispm_key.id) of the keys the endpoint accepts."),
			col("private_endpoint", proto.ColumnType_BOOL, "PrivateEndpoint", "True when the endpoint is reachable through a private endpoint / private service connect / VPC peering; null when the API does not say."),
			col("encryption_key", proto.ColumnType_STRING, "EncryptionKey", "The key the cloud names for the endpoint (a KMS key, a Key Vault key, a Cloud KMS key); null when none is named. Whether it is customer managed: customer_managed_key."),
			col("customer_managed_key", proto.ColumnType_BOOL, "CustomerManagedKey", "True when encryption_key is a customer-managed key, as the cloud itself reports it (AWS kms:DescribeKey KeyManager, Azure keySource Microsoft.KeyVault, GCP a named Cloud KMS key); false for provider-managed encryption; null when it could not be told."),
			col("logging_enabled", proto.ColumnType_BOOL, "LoggingEnabled", "True when request/response logging is on (SageMaker data capture, Bedrock model invocation logging, Vertex request-response logging, Azure diagnostic settings sending a resource log category to a destination); null when it could not be read."),
			col("models", proto.ColumnType_JSON, "Models", "References to the models the endpoint serves."),
			col("identities", proto.ColumnType_JSON, "Identities", "The identities its serving runs as: the managed identity's principal (object) id (Azure ML online endpoints, Azure AI accounts), the deployed models' service accounts (Vertex AI; empty: Vertex's default service agent). Empty for SageMaker and Bedrock, whose serving runs as the model's execution role or the service."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the endpoint was created."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row the endpoint was built from, as in its native table."),
		},
	}
}
