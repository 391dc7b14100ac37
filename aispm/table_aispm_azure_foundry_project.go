package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var foundryProjects = azureSource(azure.CognitiveServices, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.FoundryProject) bool) error {
	return azure.ListFoundryProjects(ctx, c, accountFilter(q), emit)
})

func tableAzureFoundryProject() *tableDef {
	return &tableDef{
		name:        "aispm_azure_foundry_project",
		description: "Azure AI Foundry projects of AI Services accounts: endpoints, identity, default project.",
		keys:        []string{"resource_group", "account_name"},
		sources:     []source{foundryProjects},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the project."),
			col("account_id", proto.ColumnType_STRING, "AccountID", "The ARM id of the account."),
			col("account_name", proto.ColumnType_STRING, "AccountName", "The name of the account."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("description", proto.ColumnType_STRING, "Description", "The description."),
			col("is_default", proto.ColumnType_BOOL, "IsDefault", "True for the account's default project."),
			col("endpoints", proto.ColumnType_JSON, "Endpoints", "The project's endpoints by API."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "The managed identity type."),
			col("identity_principal_id", proto.ColumnType_STRING, "IdentityPrincipalID", "The principal (object) id of the project's system-assigned identity: the id role assignments name."),
			col("provisioning_state", proto.ColumnType_STRING, "ProvisioningState", "The provisioning state."),
		},
	}
}
