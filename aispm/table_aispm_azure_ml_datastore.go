package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var mlDatastores = azureSource(azure.MachineLearning, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.MLDatastore) bool) error {
	return azure.ListMLDatastores(ctx, c, azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: q.str("workspace_name")}, emit)
})

func tableAzureMLDatastore() *tableDef {
	return &tableDef{
		name:        "aispm_azure_ml_datastore",
		description: "Azure Machine Learning datastores: the storage account and container (or file share / filesystem) a workspace reads data from, and the credential type used. Datastore secrets are never read.",
		keys:        []string{"resource_group", "workspace_name"},
		sources:     []source{mlDatastores},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the datastore."),
			col("workspace_id", proto.ColumnType_STRING, "WorkspaceID", "The ARM id of the workspace."),
			col("workspace_name", proto.ColumnType_STRING, "WorkspaceName", "The name of the workspace."),
			col("datastore_type", proto.ColumnType_STRING, "DatastoreType", "AzureBlob, AzureDataLakeGen2, AzureFile, AzureDataLakeGen1, OneLake."),
			col("account_name", proto.ColumnType_STRING, "AccountName", "The storage account (or Data Lake Gen1 store) name."),
			col("container", proto.ColumnType_STRING, "Container", "The blob container, Data Lake filesystem or file share."),
			col("endpoint", proto.ColumnType_STRING, "Endpoint", "The storage endpoint suffix, for example core.windows.net."),
			col("protocol", proto.ColumnType_STRING, "Protocol", "The protocol, for example https."),
			col("storage_subscription_id", proto.ColumnType_STRING, "StorageSubscriptionID", "The storage account's subscription, when the datastore names it."),
			col("storage_resource_group", proto.ColumnType_STRING, "StorageResourceGroup", "The storage account's resource group, when the datastore names it."),
			col("credentials_type", proto.ColumnType_STRING, "CredentialsType", "How the datastore authenticates: None (identity-based), AccountKey, Sas, ServicePrincipal, Certificate. The credential itself is never read."),
			col("service_data_access_auth_identity", proto.ColumnType_STRING, "ServiceDataAccessAuth", "Which workspace identity the service uses to read the data (None, WorkspaceSystemAssignedIdentity, WorkspaceUserAssignedIdentity)."),
			col("service_data_access_principal_id", proto.ColumnType_STRING, "DataAccessPrincipalID", "The principal (object) id of that workspace identity: the id role assignments on the storage name."),
			col("is_default", proto.ColumnType_BOOL, "IsDefault", "True for the workspace's default datastore."),
			col("uri", proto.ColumnType_STRING, "URI", "The storage location the datastore points at (https://, abfss://, adl://)."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the datastore was created."),
		},
	}
}
