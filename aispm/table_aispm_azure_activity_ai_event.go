package aispm

import (
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
)

func tableAzureActivityAIEvent() *tableDef {
	return &tableDef{
		name:        "aispm_azure_activity_ai_event",
		description: "Azure Activity Log (administrative) events of Microsoft.CognitiveServices (Azure OpenAI, AI Services, Foundry) and Microsoft.MachineLearningServices per subscription: key listing and regeneration, content filter and deployment changes, who from where.",
		sources:     []source{azureActivityEvents},
		keys:        []string{"resource_provider"},
		timeKeys:    []string{"event_time"},
		noCache:     true,
		columns: append(activityColumns(),
			col("resource_provider", proto.ColumnType_STRING, "ResourceProvider", "Microsoft.CognitiveServices or Microsoft.MachineLearningServices. Sent in the $filter with the time window (one provider per call)."),
			col("resource_type", proto.ColumnType_STRING, "ResourceType", "The resource type, e.g. Microsoft.CognitiveServices/accounts."),
			col("caller", proto.ColumnType_STRING, "Caller", "The caller as the Activity Log records it: a user's UPN or an application id."),
			col("status", proto.ColumnType_STRING, "Status", "The event's status: Started, Accepted, Succeeded, Failed."),
			col("sub_status", proto.ColumnType_STRING, "SubStatus", "The HTTP-level sub-status."),
			col("correlation_id", proto.ColumnType_STRING, "CorrelationID", "Ties the events of one operation together."),
			col("level", proto.ColumnType_STRING, "Level", "Critical, Error, Warning, Informational or Verbose."),
			col("category", proto.ColumnType_STRING, "Category", "Administrative, Policy, Security, ..."),
			col("authorization_action", proto.ColumnType_STRING, "AuthorizationAct", "The RBAC action that authorized the call."),
			col("request_body", proto.ColumnType_JSON, "RequestBody", "The request body the Activity Log keeps for writes (properties.requestbody), redacted."),
			secretsColumn("secrets", "Secrets", "the event's properties and request body"),
		),
	}
}
