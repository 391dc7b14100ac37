package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var mlModels = azureSource(azure.MachineLearning, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.MLModel) bool) error {
	ws := q.str("workspace_name")
	return azure.ListMLModels(ctx, c, azure.MLModelFilter{
		AccountFilter:  azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: ws},
		SkipRegistries: ws != "",
	}, emit)
})

func tableAzureMLModel() *tableDef {
	return &tableDef{
		name:        "aispm_azure_ml_model",
		description: "Azure Machine Learning models, one row per version, from workspaces and registries: model URI and the storage it resolves to, type, flavors, stage and the job that produced it.",
		keys:        []string{"resource_group", "workspace_name"},
		sources:     []source{mlModels},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the model version."),
			col("source", proto.ColumnType_STRING, "Source", "workspace or registry."),
			col("workspace_id", proto.ColumnType_STRING, "WorkspaceID", "The ARM id of the workspace (workspace models)."),
			col("workspace_name", proto.ColumnType_STRING, "WorkspaceName", "The workspace name (workspace models)."),
			col("registry_name", proto.ColumnType_STRING, "RegistryName", "The registry name (registry models)."),
			col("model_name", proto.ColumnType_STRING, "ModelName", "The model name."),
			col("version", proto.ColumnType_STRING, "Version", "The model version."),
			col("model_type", proto.ColumnType_STRING, "ModelType", "custom_model, mlflow_model or triton_model."),
			col("model_uri", proto.ColumnType_STRING, "ModelURI", "The model path as registered (azureml://, https://, ...)."),
			col("storage_uri", proto.ColumnType_STRING, "StorageURI", "The storage location the model path resolves to through the workspace's datastores; null when it does not resolve (registry-managed storage)."),
			col("datastore", proto.ColumnType_STRING, "Datastore", "The datastore an azureml:// model path goes through."),
			col("flavors", proto.ColumnType_JSON, "Flavors", "The MLflow flavors, for example [\"python_function\", \"sklearn\"]."),
			col("stage", proto.ColumnType_STRING, "Stage", "The model stage, for example Development or Production."),
			col("job_name", proto.ColumnType_STRING, "JobName", "The training job that produced the model."),
			col("is_archived", proto.ColumnType_BOOL, "IsArchived", "True when the version is archived."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the version was registered."),
		},
	}
}
