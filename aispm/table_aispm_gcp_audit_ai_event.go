package aispm

import (
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
)

func tableGCPAuditAIEvent() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_audit_ai_event",
		description: "Cloud Audit Logs entries (admin activity always; data access where the project enabled it) of Vertex AI, API Keys, the Gemini API and Notebooks per project, read through the Logging API (entries.list) with the services and window in the filter.",
		sources:     []source{gcpAuditEvents},
		keys:        []string{"service_name", "method_name", "principal_email"},
		timeKeys:    []string{"event_time"},
		noCache:     true,
		listTags:    gcpLoggingLimiterTags,
		columns: append(activityColumns(),
			col("log_name", proto.ColumnType_STRING, "LogName", "projects/<p>/logs/cloudaudit.googleapis.com%2Factivity, ...%2Fdata_access, ..."),
			col("insert_id", proto.ColumnType_STRING, "InsertID", "The entry's insertId."),
			col("severity", proto.ColumnType_STRING, "Severity", "The entry's severity."),
			col("service_name", proto.ColumnType_STRING, "ServiceName", "protoPayload.serviceName. service_name, method_name and principal_email equality quals are sent in the Logging filter."),
			col("method_name", proto.ColumnType_STRING, "MethodName", "protoPayload.methodName."),
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "protoPayload.resourceName."),
			col("principal_email", proto.ColumnType_STRING, "PrincipalEmail", "protoPayload.authenticationInfo.principalEmail."),
			col("service_account_key_name", proto.ColumnType_STRING, "ServiceKeyName", "The service-account key that authenticated the call, when one did."),
			col("delegation_chain", proto.ColumnType_JSON, "Delegation", "Principals the call was delegated through (service account impersonation)."),
			col("status_message", proto.ColumnType_STRING, "StatusMessage", "The error message of a failed call, redacted."),
			col("request", proto.ColumnType_JSON, "Request", "protoPayload.request, redacted."),
			secretsColumn("secrets", "Secrets", "the entry's request, response, metadata and status message"),
		),
	}
}
