package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

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
			col("diagnostic_logs", proto.ColumnType_JSON, "DiagnosticLogs", "The resource's diagnostic settings (Microsoft.Insights/diagnosticSettings): enabled (some setting sends an enabled log category or category group to a destination), settings, categories, destinations, error (null enabled: they could not be read)."),
			col("scoring_uri", proto.ColumnType_STRING, "ScoringURI", "The URL clients call."),
			col("traffic", proto.ColumnType_JSON, "Traffic", "Traffic percentage per deployment."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "The managed identity type."),
			col("identity_principal_id", proto.ColumnType_STRING, "IdentityPrincipalID", "The principal (object) id it acts as: the system-assigned identity's, else its first user-assigned identity's; the id role assignments name."),
			col("provisioning_state", proto.ColumnType_STRING, "ProvisioningState", "The provisioning state."),
			col("deployments", proto.ColumnType_JSON, "Deployments", "Deployments: name, model, instance_type, egress_public_network_access, app_insights_enabled, env_names (values are not emitted; secret_findings lists the secrets in them)."),
			secretsColumn("secret_findings", "Secrets", "the deployments' environment values (not emitted; where: deployments.<name>.environment.<var>)"),
		},
	}
}
