package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var runtimeTemplates = gcpSource(gcp.AIPlatform, func(ctx context.Context, c *gcp.Clients, sc cloud.Scope, q quals, emit func(*gcp.RuntimeTemplate) bool) error {
	return gcp.ListRuntimeTemplates(ctx, c, sc, vertexFilter(q), emit)
})

func tableGCPVertexNotebookRuntimeTemplate() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_vertex_notebook_runtime_template",
		description: "Colab Enterprise notebook runtime templates: internet access, network, idle shutdown, service account, Shielded VM and CMEK for every runtime started from them.",
		keys:        []string{"name", "resource_name", "display_name"},
		sources:     []source{runtimeTemplates},
		columns: []*plugin.Column{
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "The full resource name: projects/{project}/locations/{location}/notebookRuntimeTemplates/{id}."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("runtime_type", proto.ColumnType_STRING, "RuntimeType", "USER_DEFINED or ONE_CLICK."),
			col("is_default", proto.ColumnType_BOOL, "IsDefault", "True for the project's default template."),
			col("machine_type", proto.ColumnType_STRING, "MachineType", "The machine type of runtimes."),
			col("internet_access", proto.ColumnType_BOOL, "InternetAccess", "True when runtimes get public internet access (networkSpec.enableInternetAccess)."),
			col("network", proto.ColumnType_STRING, "Network", "The VPC network of runtimes."),
			col("subnetwork", proto.ColumnType_STRING, "Subnetwork", "The subnetwork of runtimes."),
			col("network_tags", proto.ColumnType_JSON, "NetworkTags", "Network tags applied to runtimes."),
			col("service_account", proto.ColumnType_STRING, "ServiceAccount", "The service account runtimes use; null means the end user's credentials or the default."),
			col("idle_shutdown", proto.ColumnType_BOOL, "IdleShutdown", "True when idle runtimes are shut down."),
			col("idle_timeout_seconds", proto.ColumnType_INT, "IdleTimeoutSeconds", "The idle timeout; 0 when idle shutdown is off."),
			col("shielded_secure_boot", proto.ColumnType_BOOL, "SecureBoot", "Shielded VM secure boot."),
			col("kms_key_name", proto.ColumnType_STRING, "KmsKeyName", "The Cloud KMS key (CMEK) of encryptionSpec."),
			gcpCMEKColumn(),
			col("create_time", proto.ColumnType_TIMESTAMP, "CreateTime", "When the template was created."),
			col("update_time", proto.ColumnType_TIMESTAMP, "UpdateTime", "When the template was last updated."),
		},
	}
}
