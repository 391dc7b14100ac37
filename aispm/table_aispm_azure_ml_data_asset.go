package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var mlDataAssets = azureSource(azure.MachineLearning, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.MLDataAsset) bool) error {
	return azure.ListMLDataAssets(ctx, c, azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: q.str("workspace_name")}, emit)
})

func tableAzureMLDataAsset() *tableDef {
	return &tableDef{
		name:        "aispm_azure_ml_data_asset",
		description: "Azure Machine Learning data assets, one row per version: type, the registered URI and, for azureml:// datastore paths, the storage location it resolves to.",
		keys:        []string{"resource_group", "workspace_name"},
		sources:     []source{mlDataAssets},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the data asset version."),
			col("workspace_id", proto.ColumnType_STRING, "WorkspaceID", "The ARM id of the workspace."),
			col("workspace_name", proto.ColumnType_STRING, "WorkspaceName", "The name of the workspace."),
			col("asset_name", proto.ColumnType_STRING, "AssetName", "The data asset name."),
			col("version", proto.ColumnType_STRING, "Version", "The data asset version."),
			col("data_type", proto.ColumnType_STRING, "DataType", "uri_file, uri_folder or mltable."),
			col("data_uri", proto.ColumnType_STRING, "DataURI", "The location as registered (azureml://, https://, abfss://, ...)."),
			col("storage_uri", proto.ColumnType_STRING, "StorageURI", "The storage location the data URI resolves to through the workspace's datastores; null when it does not resolve."),
			col("datastore", proto.ColumnType_STRING, "Datastore", "The datastore an azureml:// URI goes through."),
			col("service_data_access_principal_id", proto.ColumnType_STRING, "DataAccessPrincipalID", "The principal id of the workspace identity its datastore is read as (see aispm_azure_ml_datastore)."),
			col("is_archived", proto.ColumnType_BOOL, "IsArchived", "True when the version is archived."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the version was created."),
		},
	}
}
