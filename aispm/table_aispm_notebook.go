package aispm

import (
	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// notebookSources are the sources of aispm_notebook.
func notebookSources() []source {
	return []source{
		unified(sageMakerNotebooks, func(n *aws.SageMakerNotebookInstance) cloud.Row { return n.Unified() }),
		unified(sageMakerDomains, func(d *aws.SageMakerDomain) cloud.Row { return d.Unified() }),
		unified(mlComputes, func(c *azure.MLCompute) cloud.Row { return c.Unified() }),
		unified(workbenchInstances, func(w *gcp.WorkbenchInstance) cloud.Row { return w.Unified() }),
		unified(runtimeTemplates, func(t *gcp.RuntimeTemplate) cloud.Row { return t.Unified() }),
	}
}

func tableNotebook() *tableDef {
	return &tableDef{
		name:        "aispm_notebook",
		description: "Every interactive ML environment (notebook instances, Workbench VMs, runtime templates, ML compute instances) in one normalized shape: exposure, root, idle shutdown, identity, network, encryption.",
		keys:        []string{"name"},
		unified:     true,
		sources:     notebookSources(),
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The native id: ARN, ARM id or GCP resource name."),
			col("kind", proto.ColumnType_STRING, "Kind", "What the environment is: workbench_instance, colab_runtime_template, ..."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service."),
			col("state", proto.ColumnType_STRING, "State", "The lifecycle state, where there is one."),
			col("internet_access", proto.ColumnType_BOOL, "InternetAccess", "True when the environment can reach the internet directly."),
			col("public_ip", proto.ColumnType_BOOL, "PublicIP", "True when it has a public IP address; null when the kind has none to set."),
			col("root_access", proto.ColumnType_BOOL, "RootAccess", "True when users get root; null when the kind has no such setting."),
			col("idle_shutdown", proto.ColumnType_BOOL, "IdleShutdown", "True when idle environments are shut down."),
			col("identity", proto.ColumnType_STRING, "Identity", "The role, service account or managed identity it runs as."),
			col("default_identity", proto.ColumnType_BOOL, "DefaultIdentity", "True when it runs as the platform's broad default identity."),
			col("network", proto.ColumnType_STRING, "Network", "The VPC / virtual network."),
			col("subnet", proto.ColumnType_STRING, "Subnet", "The subnet."),
			col("encryption_key", proto.ColumnType_STRING, "EncryptionKey", "The key the cloud names for its storage (a KMS key, a Cloud KMS key); null when none is named. Whether it is customer managed: customer_managed_key."),
			col("customer_managed_key", proto.ColumnType_BOOL, "CustomerManagedKey", "True when encryption_key is a customer-managed key, as the cloud itself reports it (AWS kms:DescribeKey KeyManager, Azure keySource Microsoft.KeyVault, GCP a named Cloud KMS key); false for provider-managed encryption; null when it could not be told."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When it was created."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row, as in its native table."),
		},
	}
}
