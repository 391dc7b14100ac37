package aispm

import (
	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

func tableAgent() *tableDef {
	return &tableDef{
		name:        "aispm_agent",
		description: "Every AI agent runtime (Bedrock agents, Vertex AI Agent Engine, Foundry agents) in one normalized shape: framework, model, identity, guardrail, encryption, and the agent artifact.",
		keys:        []string{"name"},
		unified:     true,
		sources: []source{
			unified(bedrockAgents, func(a *aws.BedrockAgent) cloud.Row { return a.Unified() }),
			unified(foundryAgents, func(a *azure.FoundryAgent) cloud.Row { return a.Unified() }),
			unified(reasoningEngines, func(e *gcp.ReasoningEngine) cloud.Row { return e.Unified() }),
		},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The native id: ARN, ARM id or GCP resource name."),
			col("kind", proto.ColumnType_STRING, "Kind", "What the agent is: vertex_reasoning_engine, azure_foundry_agent, ..."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service."),
			col("framework", proto.ColumnType_STRING, "Framework", "The agent framework."),
			col("model", proto.ColumnType_STRING, "Model", "The foundation model the agent uses, where the API says."),
			col("identity", proto.ColumnType_STRING, "Identity", "The role or service account the agent runs as."),
			col("guardrail", proto.ColumnType_STRING, "Guardrail", "The guardrail or content filter attached, where the API says."),
			col("encryption_key", proto.ColumnType_STRING, "EncryptionKey", "The customer-managed key; null for provider-managed keys."),
			col("artifact_uri", proto.ColumnType_STRING, "ArtifactURI", "Where the agent's code or serialized object lives."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the agent was created."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row, as in its native table."),
		},
	}
}
