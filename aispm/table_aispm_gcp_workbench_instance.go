package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var workbenchInstances = gcpProjectSource(gcp.Notebooks, func(ctx context.Context, c *gcp.ProjectClients, sc cloud.Scope, q quals, emit func(*gcp.WorkbenchInstance) bool) error {
	return gcp.ListWorkbenchInstances(ctx, c, sc, gcp.Filter{ResourceName: q.str("resource_name"), ID: q.str("name")}, emit)
})

func tableGCPWorkbenchInstance() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_workbench_instance",
		description: "Vertex AI Workbench instances (notebooks v2) in every zone: public IP, root access, idle shutdown, service account, Shielded VM and disk encryption.",
		keys:        []string{"name", "resource_name"},
		sources:     []source{workbenchInstances},
		columns: []*plugin.Column{
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "The full resource name: projects/{project}/locations/{zone}/instances/{id}."),
			col("state", proto.ColumnType_STRING, "State", "The instance state (ACTIVE, STOPPED, ...)."),
			col("health_state", proto.ColumnType_STRING, "HealthState", "The health state."),
			col("machine_type", proto.ColumnType_STRING, "MachineType", "The VM machine type."),
			col("creator", proto.ColumnType_STRING, "Creator", "Who created the instance."),
			col("instance_owners", proto.ColumnType_JSON, "InstanceOwners", "The users allowed to open the instance (single-user mode)."),
			col("proxy_uri", proto.ColumnType_STRING, "ProxyURI", "The JupyterLab proxy URL."),
			col("disable_proxy_access", proto.ColumnType_BOOL, "DisableProxyAccess", "True when the JupyterLab proxy is disabled."),
			col("public_ip", proto.ColumnType_BOOL, "PublicIP", "True when the VM has an external IP address (gceSetup.disablePublicIp is false)."),
			col("root_access_disabled", proto.ColumnType_BOOL, "RootAccessDisabled", "True when metadata notebook-disable-root is true."),
			col("idle_shutdown", proto.ColumnType_BOOL, "IdleShutdown", "True when metadata idle-timeout-seconds sets an idle shutdown."),
			col("idle_timeout_seconds", proto.ColumnType_INT, "IdleTimeoutSeconds", "The idle shutdown timeout; 0 when off."),
			col("service_accounts", proto.ColumnType_JSON, "ServiceAccounts", "The service accounts of the VM."),
			col("default_service_account", proto.ColumnType_BOOL, "DefaultServiceAccount", "True when the VM runs as the Compute Engine default service account (or none was set)."),
			col("shielded_secure_boot", proto.ColumnType_BOOL, "SecureBoot", "Shielded VM secure boot."),
			col("shielded_vtpm", proto.ColumnType_BOOL, "VTPM", "Shielded VM virtual TPM."),
			col("shielded_integrity_monitoring", proto.ColumnType_BOOL, "IntegrityMonitoring", "Shielded VM integrity monitoring."),
			col("boot_disk_encryption", proto.ColumnType_STRING, "BootDiskEncryption", "GMEK or CMEK."),
			col("boot_disk_kms_key", proto.ColumnType_STRING, "BootDiskKmsKey", "The Cloud KMS key of the boot disk."),
			col("data_disk_kms_keys", proto.ColumnType_JSON, "DataDiskKmsKeys", "The Cloud KMS keys of the data disks."),
			col("data_disks_without_cmek", proto.ColumnType_INT, "DataDisksWithoutCMEK", "How many data disks use Google-managed keys."),
			gcpCMEKColumn(),
			col("network", proto.ColumnType_STRING, "Network", "The VPC network of the first network interface."),
			col("subnet", proto.ColumnType_STRING, "Subnet", "The subnetwork of the first network interface."),
			col("metadata_keys", proto.ColumnType_JSON, "MetadataKeys", "The keys of the VM metadata; values are not emitted (secret_findings lists the secrets in them, startup scripts included)."),
			secretsColumn("secret_findings", "Secrets", "the instance metadata values, startup scripts included (not emitted; where: metadata.<key>)"),
			col("create_time", proto.ColumnType_TIMESTAMP, "CreateTime", "When the instance was created."),
			col("update_time", proto.ColumnType_TIMESTAMP, "UpdateTime", "When the instance was last updated."),
		},
	}
}
