package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var foundryAgents = azureSource(azure.CognitiveServices, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.FoundryAgent) bool) error {
	return azure.ListFoundryAgents(ctx, c, azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: q.str("account_name")}, emit)
})

func tableAzureFoundryAgent() *tableDef {
	return &tableDef{
		name:        "aispm_azure_foundry_agent",
		description: "Azure AI Foundry agents, listed from each project's data-plane endpoint: model deployment, its content-filter policy, tools, and the project identity the agent runs as, and its instructions, redacted (secret_findings lists what the redactor found).",
		keys:        []string{"resource_group", "account_name"},
		sources:     []source{foundryAgents},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The project's ARM id followed by /agents/<agent id>."),
			col("agent_id", proto.ColumnType_STRING, "AgentID", "The agent id in the project (asst_...)."),
			col("project_id", proto.ColumnType_STRING, "ProjectID", "The ARM id of the Foundry project."),
			col("project_name", proto.ColumnType_STRING, "ProjectName", "The Foundry project name."),
			col("account_name", proto.ColumnType_STRING, "AccountName", "The AI Services account name."),
			col("description", proto.ColumnType_STRING, "Description", "The agent's description, redacted."),
			col("instructions", proto.ColumnType_STRING, "Instructions", "The agent's instructions (system prompt), redacted: each secret is replaced by [redacted:<rule>:<fingerprint>]."),
			secretsColumn("secret_findings", "Secrets", "the description, instructions and metadata values (metadata values are not emitted)"),
			col("model", proto.ColumnType_STRING, "Model", "The model deployment the agent calls."),
			col("tools", proto.ColumnType_JSON, "Tools", "The tool types the agent may use (code_interpreter, file_search, bing_grounding, openapi, ...)."),
			col("rai_policy_name", proto.ColumnType_STRING, "RaiPolicy", "The content-filter policy of the agent's model deployment."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "The managed identity type of the project the agent runs as."),
			col("identity_principal_id", proto.ColumnType_STRING, "IdentityPrincipalID", "The principal id of the project identity the agent runs as."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the agent was created."),
		},
	}
}
