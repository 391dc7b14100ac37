package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var foundryConnections = azureSource(azure.CognitiveServices, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.FoundryConnection) bool) error {
	return azure.ListFoundryConnections(ctx, c, accountFilter(q), emit)
})

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
