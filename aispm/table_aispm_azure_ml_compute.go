package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var mlComputes = azureSource(azure.MachineLearning, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.MLCompute) bool) error {
	return azure.ListMLComputes(ctx, c, azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: q.str("workspace_name")}, emit)
})

func tableAzureMLCompute() *tableDef {
	return &tableDef{
		name:        "aispm_azure_ml_compute",
		description: "Azure Machine Learning compute targets: local auth, node public IP, subnet and SSH / remote login for compute instances and AmlCompute clusters; idle shutdown, assigned user and OS image currency for compute instances.",
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
			col("enable_node_public_ip", proto.ColumnType_BOOL, "NodePublicIP", "True when the compute's nodes get public IP addresses (enableNodePublicIp of a compute instance or of an AmlCompute cluster; the API's default, true, when not set); false for other compute types."),
			col("subnet", proto.ColumnType_STRING, "Subnet", "The subnet the compute instance or cluster is injected into."),
			col("ssh_public_access", proto.ColumnType_STRING, "SSHPublicAccess", "Whether the SSH (remote login) port is open to the internet: Enabled or Disabled (instances), Enabled, Disabled or NotSpecified (clusters)."),
			col("authorization_type", proto.ColumnType_STRING, "AuthorizationType", "Who may use the instance (personal)."),
			col("assigned_user", proto.ColumnType_STRING, "AssignedUser", "The object id of the user a personal instance is assigned to."),
			col("os_image_current", proto.ColumnType_BOOL, "OSImageCurrent", "True when the instance runs the latest OS image."),
			col("os_image_version", proto.ColumnType_STRING, "OSImageVersion", "The instance's OS image version."),
			col("idle_time_before_shutdown", proto.ColumnType_STRING, "IdleTimeBeforeShutdown", "How long a compute instance may sit idle before it shuts down (ISO 8601, for example PT30M); null when idle shutdown is off."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "The managed identity type."),
			col("identity_principal_id", proto.ColumnType_STRING, "IdentityPrincipalID", "The principal (object) id it acts as: the system-assigned identity's, else its first user-assigned identity's; the id role assignments name."),
			col("created_on", proto.ColumnType_TIMESTAMP, "CreatedOn", "When the compute was created."),
		},
	}
}
