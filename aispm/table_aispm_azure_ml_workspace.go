package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var mlWorkspaces = azureSource(azure.MachineLearning, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.MLWorkspace) bool) error {
	return azure.ListMLWorkspaces(ctx, c, azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: q.str("name")}, emit)
})

func tableAzureMLWorkspace() *tableDef {
	return &tableDef{
		name:        "aispm_azure_ml_workspace",
		description: "Azure Machine Learning workspaces (and AI Foundry hubs and hub projects): public access, private endpoints, CMK, managed network isolation, the storage / key vault / registry behind them.",
		keys:        []string{"name", "resource_group"},
		sources:     []source{mlWorkspaces},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the workspace."),
			col("kind", proto.ColumnType_STRING, "Kind", "Default, Hub, Project or FeatureStore."),
			col("friendly_name", proto.ColumnType_STRING, "FriendlyName", "The friendly name."),
			col("public_network_access", proto.ColumnType_STRING, "PublicNetworkAccess", "Enabled or Disabled."),
			col("diagnostic_logs", proto.ColumnType_JSON, "DiagnosticLogs", "The resource's diagnostic settings (Microsoft.Insights/diagnosticSettings): enabled (some setting sends an enabled log category or category group to a destination), settings, categories, destinations, error (null enabled: they could not be read)."),
			col("customer_managed_key", proto.ColumnType_BOOL, "CMK", "True when the workspace's encryption is enabled with a Key Vault key (cmk_key); false for Microsoft-managed keys."),
			col("allow_public_access_when_behind_vnet", proto.ColumnType_BOOL, "PublicAccessBehindVnet", "True when public access is allowed even with a private endpoint."),
			col("approved_private_endpoints", proto.ColumnType_INT, "ApprovedPrivateEndpoints", "How many private endpoint connections are approved."),
			col("encryption_status", proto.ColumnType_STRING, "EncryptionStatus", "Enabled when a customer-managed key encrypts the workspace."),
			col("cmk_key", proto.ColumnType_STRING, "CMKKey", "The key vault key identifier of the customer-managed key."),
			col("hbi_workspace", proto.ColumnType_BOOL, "HbiWorkspace", "True for a high-business-impact workspace (reduced diagnostic data)."),
			col("managed_network_isolation_mode", proto.ColumnType_STRING, "ManagedNetworkIsolationMode", "Disabled, AllowInternetOutbound or AllowOnlyApprovedOutbound."),
			col("storage_account", proto.ColumnType_STRING, "StorageAccount", "The ARM id of the workspace's storage account."),
			col("key_vault", proto.ColumnType_STRING, "KeyVault", "The ARM id of the workspace's key vault."),
			col("container_registry", proto.ColumnType_STRING, "ContainerRegistry", "The ARM id of the workspace's container registry."),
			col("hub_resource_id", proto.ColumnType_STRING, "HubResourceID", "The hub of a hub project."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "The managed identity type."),
			col("identity_principal_id", proto.ColumnType_STRING, "IdentityPrincipalID", "The principal (object) id of the system-assigned identity: the id role assignments name."),
			col("primary_user_assigned_principal_id", proto.ColumnType_STRING, "PrimaryUserPrincipalID", "The principal id of the primary user-assigned identity."),
			col("v1_legacy_mode", proto.ColumnType_BOOL, "V1LegacyMode", "True when v2 API features are disabled."),
			col("provisioning_state", proto.ColumnType_STRING, "ProvisioningState", "The provisioning state."),
		},
	}
}
