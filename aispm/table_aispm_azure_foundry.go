package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var foundryProjects = azureSource(azure.CognitiveServices, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.FoundryProject) bool) error {
	return azure.ListFoundryProjects(ctx, c, accountFilter(q), emit)
})

var foundryConnections = azureSource(azure.CognitiveServices, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.FoundryConnection) bool) error {
	return azure.ListFoundryConnections(ctx, c, accountFilter(q), emit)
})

func tableAzureFoundryProject() *tableDef {
	return &tableDef{
		name:        "aispm_azure_foundry_project",
		description: "Azure AI Foundry projects of AI Services accounts: endpoints, identity, default project.",
		keys:        []string{"resource_group", "account_name"},
		sources:     []source{foundryProjects},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the project."),
			col("account_id", proto.ColumnType_STRING, "AccountID", "The ARM id of the account."),
			col("account_name", proto.ColumnType_STRING, "AccountName", "The name of the account."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("description", proto.ColumnType_STRING, "Description", "The description."),
			col("is_default", proto.ColumnType_BOOL, "IsDefault", "True for the account's default project."),
			col("endpoints", proto.ColumnType_JSON, "Endpoints", "The project's endpoints by API."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "The managed identity type."),
			col("provisioning_state", proto.ColumnType_STRING, "ProvisioningState", "The provisioning state."),
		},
	}
}

func tableAzureFoundryConnection() *tableDef {
	return &tableDef{
		name:        "aispm_azure_foundry_connection",
		description: "Azure AI Foundry connections (account- and project-level) to models, search, storage and other services: category, target, auth type, sharing. Metadata only: the credential is never read.",
		keys:        []string{"resource_group", "account_name"},
		sources:     []source{foundryConnections},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the connection."),
			col("account_id", proto.ColumnType_STRING, "AccountID", "The ARM id of the account."),
			col("account_name", proto.ColumnType_STRING, "AccountName", "The name of the account."),
			col("project_name", proto.ColumnType_STRING, "ProjectName", "The project the connection belongs to; null for an account-level connection."),
			col("category", proto.ColumnType_STRING, "Category", "What the connection reaches (AzureOpenAI, CognitiveSearch, AzureBlob, ApiKey, ...)."),
			col("auth_type", proto.ColumnType_STRING, "AuthType", "How it authenticates: AAD, ManagedIdentity, ApiKey, CustomKeys, AccountKey, SAS, ..."),
			col("key_based", proto.ColumnType_BOOL, "KeyBased", "True when it authenticates with a stored secret rather than an identity."),
			col("target", proto.ColumnType_STRING, "Target", "The endpoint or resource the connection points to."),
			col("is_shared_to_all", proto.ColumnType_BOOL, "IsSharedToAll", "True when every user of the account or project can use it."),
			col("shared_user_count", proto.ColumnType_INT, "SharedUsers", "How many users it is shared with explicitly."),
			col("use_workspace_managed_identity", proto.ColumnType_BOOL, "UseManagedIdentity", "True when it uses the workspace's managed identity."),
			col("private_endpoint_status", proto.ColumnType_STRING, "PrivateEndpointState", "The status of its managed private endpoint."),
			col("expiry_time", proto.ColumnType_TIMESTAMP, "ExpiryTime", "When its credential expires, where set."),
		},
	}
}
