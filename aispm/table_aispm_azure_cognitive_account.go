package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var cognitiveAccounts = azureSource(azure.CognitiveServices, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.CognitiveAccount) bool) error {
	return azure.ListCognitiveAccounts(ctx, c, azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: q.str("name")}, emit)
})

func tableAzureCognitiveAccount() *tableDef {
	return &tableDef{
		name:        "aispm_azure_cognitive_account",
		description: "Azure AI Services and Azure OpenAI (Cognitive Services) accounts with their network, authentication, encryption and identity settings.",
		keys:        []string{"name", "resource_group"},
		sources:     []source{cognitiveAccounts},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the account."),
			col("kind", proto.ColumnType_STRING, "Kind", "The account kind: OpenAI, AIServices, CognitiveServices, ..."),
			col("sku", proto.ColumnType_STRING, "SKU", "The SKU name."),
			col("endpoint", proto.ColumnType_STRING, "Endpoint", "The account's endpoint URL."),
			col("custom_sub_domain", proto.ColumnType_STRING, "CustomSubDomain", "The custom subdomain (needed for Entra ID auth and private endpoints)."),
			col("disable_local_auth", proto.ColumnType_BOOL, "DisableLocalAuth", "True when API-key (local) authentication is disabled and only Entra ID is accepted."),
			col("public_network_access", proto.ColumnType_STRING, "PublicNetworkAccess", "Enabled or Disabled."),
			col("diagnostic_logs", proto.ColumnType_JSON, "DiagnosticLogs", "The resource's diagnostic settings (Microsoft.Insights/diagnosticSettings): enabled (some setting sends an enabled log category or category group to a destination), settings, categories, destinations, error (null enabled: they could not be read)."),
			col("customer_managed_key", proto.ColumnType_BOOL, "CMK", "True when encryption_key_source is Microsoft.KeyVault (a customer-managed key); false for Microsoft-managed keys (Microsoft.CognitiveServices)."),
			col("network_default_action", proto.ColumnType_STRING, "NetworkDefaultAction", "The network ACL default action (Allow or Deny); null when no ACL is set."),
			col("network_bypass", proto.ColumnType_STRING, "NetworkBypass", "Which trusted services bypass the network ACL."),
			col("ip_rules", proto.ColumnType_JSON, "IPRules", "The IP ranges the network ACL allows."),
			col("virtual_network_rules", proto.ColumnType_JSON, "VirtualNetworkRules", "The subnet ids the network ACL allows."),
			col("private_endpoint_connections", proto.ColumnType_JSON, "PrivateEndpointConnections", "Private endpoint connections: id, private_endpoint_id, status."),
			col("encryption_key_source", proto.ColumnType_STRING, "EncryptionKeySource", "Microsoft.CognitiveServices (Microsoft-managed) or Microsoft.KeyVault (customer-managed)."),
			col("key_vault_uri", proto.ColumnType_STRING, "KeyVaultURI", "The key vault of the customer-managed key."),
			col("key_name", proto.ColumnType_STRING, "KeyName", "The name of the customer-managed key."),
			col("key_version", proto.ColumnType_STRING, "KeyVersion", "The version of the customer-managed key."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "The managed identity type (SystemAssigned, UserAssigned, ...); null when none."),
			col("identity_principal_id", proto.ColumnType_STRING, "IdentityPrincipalID", "The principal id of the system-assigned identity."),
			col("user_assigned_identities", proto.ColumnType_JSON, "UserAssignedIdentities", "The ids of the user-assigned identities."),
			col("restrict_outbound_network_access", proto.ColumnType_BOOL, "RestrictOutboundNetworkAccess", "True when outbound calls are limited to allowed_fqdn_list."),
			col("allowed_fqdn_list", proto.ColumnType_JSON, "AllowedFqdnList", "The FQDNs outbound calls may reach."),
			col("provisioning_state", proto.ColumnType_STRING, "ProvisioningState", "The provisioning state."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the account was created."),
		},
	}
}
