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

var mlComputes = azureSource(azure.MachineLearning, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.MLCompute) bool) error {
	return azure.ListMLComputes(ctx, c, azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: q.str("workspace_name")}, emit)
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
			col("v1_legacy_mode", proto.ColumnType_BOOL, "V1LegacyMode", "True when v2 API features are disabled."),
			col("provisioning_state", proto.ColumnType_STRING, "ProvisioningState", "The provisioning state."),
		},
	}
}

func tableAzureMLCompute() *tableDef {
	return &tableDef{
		name:        "aispm_azure_ml_compute",
		description: "Azure Machine Learning compute targets (compute instances in full): local auth, node public IP, subnet, SSH, assigned user, OS image currency.",
		keys:        []string{"resource_group", "workspace_name"},
		sources:     []source{mlComputes},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the compute."),
			col("workspace_id", proto.ColumnType_STRING, "WorkspaceID", "The ARM id of the workspace."),
			col("workspace_name", proto.ColumnType_STRING, "WorkspaceName", "The name of the workspace."),
			col("compute_type", proto.ColumnType_STRING, "ComputeType", "ComputeInstance, AmlCompute, Kubernetes, ..."),
			col("vm_size", proto.ColumnType_STRING, "VMSize", "The VM size of a compute instance."),
			col("state", proto.ColumnType_STRING, "State", "The state of a compute instance (Running, Stopped, ...)."),
			col("disable_local_auth", proto.ColumnType_BOOL, "DisableLocalAuth", "True when local (key) authentication is disabled."),
			col("enable_node_public_ip", proto.ColumnType_BOOL, "NodePublicIP", "True when the node has a public IP address (the default when not set)."),
			col("subnet", proto.ColumnType_STRING, "Subnet", "The subnet the compute instance is injected into."),
			col("ssh_public_access", proto.ColumnType_STRING, "SSHPublicAccess", "Enabled or Disabled."),
			col("authorization_type", proto.ColumnType_STRING, "AuthorizationType", "Who may use the instance (personal)."),
			col("assigned_user", proto.ColumnType_STRING, "AssignedUser", "The object id of the user a personal instance is assigned to."),
			col("os_image_current", proto.ColumnType_BOOL, "OSImageCurrent", "True when the instance runs the latest OS image."),
			col("os_image_version", proto.ColumnType_STRING, "OSImageVersion", "The instance's OS image version."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "The managed identity type."),
			col("created_on", proto.ColumnType_TIMESTAMP, "CreatedOn", "When the compute was created."),
		},
	}
}

var mlOnlineEndpoints = azureSource(azure.MachineLearning, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.MLOnlineEndpoint) bool) error {
	return azure.ListMLOnlineEndpoints(ctx, c, azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: q.str("workspace_name")}, emit)
})

func tableAzureMLOnlineEndpoint() *tableDef {
	return &tableDef{
		name:        "aispm_azure_ml_online_endpoint",
		description: "Azure Machine Learning managed online endpoints with their deployments: auth mode, public access, scoring URI, traffic, and each deployment's model, instance type and egress. Endpoint keys are never read.",
		keys:        []string{"resource_group", "workspace_name"},
		sources:     []source{mlOnlineEndpoints},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the endpoint."),
			col("workspace_id", proto.ColumnType_STRING, "WorkspaceID", "The ARM id of the workspace."),
			col("workspace_name", proto.ColumnType_STRING, "WorkspaceName", "The name of the workspace."),
			col("auth_mode", proto.ColumnType_STRING, "AuthMode", "Key, AMLToken or AADToken."),
			col("public_network_access", proto.ColumnType_STRING, "PublicNetworkAccess", "Enabled or Disabled."),
			col("scoring_uri", proto.ColumnType_STRING, "ScoringURI", "The URL clients call."),
			col("traffic", proto.ColumnType_JSON, "Traffic", "Traffic percentage per deployment."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "The managed identity type."),
			col("provisioning_state", proto.ColumnType_STRING, "ProvisioningState", "The provisioning state."),
			col("deployments", proto.ColumnType_JSON, "Deployments", "Deployments: name, model, instance_type, egress_public_network_access, app_insights_enabled, env_names (values never read)."),
		},
	}
}
