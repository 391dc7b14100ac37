package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// accountFilter pushes an account's resource group and name down to the child listings.
func accountFilter(q quals) azure.AccountFilter {
	return azure.AccountFilter{ResourceGroup: q.str("resource_group"), Name: q.str("account_name")}
}

var cognitiveDeployments = azureSource(azure.CognitiveServices, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.CognitiveDeployment) bool) error {
	return azure.ListCognitiveDeployments(ctx, c, accountFilter(q), emit)
})

func tableAzureCognitiveDeployment() *tableDef {
	return &tableDef{
		name:        "aispm_azure_cognitive_deployment",
		description: "Model deployments of Azure OpenAI / AI Services accounts: the model (format, name, version, publisher), capacity, the content-filter (RAI) policy, upgrade option.",
		keys:        []string{"resource_group", "account_name"},
		sources:     []source{cognitiveDeployments},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the deployment."),
			col("account_id", proto.ColumnType_STRING, "AccountID", "The ARM id of the account."),
			col("account_name", proto.ColumnType_STRING, "AccountName", "The name of the account."),
			col("model_format", proto.ColumnType_STRING, "ModelFormat", "The model format (OpenAI, Meta, Mistral AI, ...)."),
			col("model_name", proto.ColumnType_STRING, "ModelName", "The model name, for example gpt-4o."),
			col("model_version", proto.ColumnType_STRING, "ModelVersion", "The model version."),
			col("model_publisher", proto.ColumnType_STRING, "ModelPublisher", "The model publisher (the format for OpenAI models)."),
			col("model_source", proto.ColumnType_STRING, "ModelSource", "The source of a custom (fine-tuned) model."),
			col("sku", proto.ColumnType_STRING, "SKU", "The deployment SKU (Standard, GlobalStandard, ProvisionedManaged, ...)."),
			col("capacity", proto.ColumnType_INT, "Capacity", "The deployed capacity."),
			col("rai_policy_name", proto.ColumnType_STRING, "RaiPolicyName", "The content-filter policy applied; see aispm_azure_cognitive_rai_policy."),
			col("version_upgrade_option", proto.ColumnType_STRING, "VersionUpgradeOption", "How the model version is upgraded."),
			col("provisioning_state", proto.ColumnType_STRING, "ProvisioningState", "The provisioning state."),
			col("model_lifecycle_status", proto.ColumnType_STRING, "ModelLifecycleStatus", "The deployed model version's lifecycle in the account's model catalogue: GenerallyAvailable, Preview, Deprecating, Deprecated, ..."),
			col("model_retirement", proto.ColumnType_TIMESTAMP, "ModelRetirement", "When the deployed model version is (or was) retired for inference, from the account's model catalogue."),
			col("model_catalog_error", proto.ColumnType_STRING, "ModelCatalogError", "Why the account's model catalogue could not be read; the lifecycle columns are then null."),
		},
	}
}
