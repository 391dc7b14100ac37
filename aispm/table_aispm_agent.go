package aispm

import (
	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// agentSources are the sources of aispm_agent.
func agentSources() []source {
	return []source{
		unified(bedrockAgents, func(a *aws.BedrockAgent) cloud.Row { return a.Unified() }),
		unified(foundryAgents, func(a *azure.FoundryAgent) cloud.Row { return a.Unified() }),
		unified(reasoningEngines, func(e *gcp.ReasoningEngine) cloud.Row { return e.Unified() }),
	}
}

func tableAgent() *tableDef {
	return &tableDef{
		name:        "aispm_agent",
		description: "Every AI agent runtime (Bedrock agents, Vertex AI Agent Engine, Foundry agents) in one normalized shape: framework, model, identity, guardrail, encryption, and the agent artifact.",
		keys:        []string{"name"},
		unified:     true,
		sources:     agentSources(),
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The native id: ARN, ARM id or GCP resource name."),
			col("kind", proto.ColumnType_STRING, "Kind", "What the agent is: vertex_reasoning_engine, azure_foundry_agent, ..."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service."),
			col("framework", proto.ColumnType_STRING, "Framework", "The agent framework."),
			col("model", proto.ColumnType_STRING, "Model", "The foundation model the agent uses, where the API says."),
			col("identity", proto.ColumnType_STRING, "Identity", "The role or service account the agent runs as."),
			col("guardrail", proto.ColumnType_STRING, "Guardrail", "The guardrail or content filter attached, where the API says."),
			col("encryption_key", proto.ColumnType_STRING, "EncryptionKey", "The key the cloud names for the agent (a KMS key ARN, a Cloud KMS key); null when none is named. Whether it is customer managed: customer_managed_key."),
			col("customer_managed_key", proto.ColumnType_BOOL, "CustomerManagedKey", "True when encryption_key is a customer-managed key, as the cloud itself reports it (AWS kms:DescribeKey KeyManager, Azure keySource Microsoft.KeyVault, GCP a named Cloud KMS key); false for provider-managed encryption; null when it could not be told."),
			col("artifact_uri", proto.ColumnType_STRING, "ArtifactURI", "Where the agent's code or serialized object lives."),
			col("tools", proto.ColumnType_JSON, "Tools", "The tool types the agent may call, where the API lists them (Foundry agents: file_search, bing_grounding, openapi, ...); empty where it does not."),
			col("knowledge_bases", proto.ColumnType_JSON, "KnowledgeBases", "The knowledge bases the agent retrieves from, where the API lists them (Bedrock agents: the enabled knowledge bases of its draft and aliased versions); empty where it does not."),
			col("instructions", proto.ColumnType_STRING, "Instructions", "The agent's instructions (system prompt), redacted; null where the cloud keeps none (Vertex AI reasoning engines hold code, not instructions)."),
			secretsColumn("secret_findings", "SecretFindings", "the agent's user content (instructions, description, metadata, prompt templates, environment values)"),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the agent was created."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row, as in its native table."),
		},
	}
}
