package aispm

import (
	"context"
	"time"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// The activity tables read audit and invocation logs: a time window (the
// event_time quals, or the connection's activity_lookback_hours ending now)
// and the equality quals each log's API can filter on.

// activityWindow is the window a query reads: its event_time bounds
// (widened by a second; Postgres rechecks), the lower one defaulting to the
// connection's lookback before the upper one.
func (q quals) activityWindow(ctx context.Context) cloud.Window {
	lookback := DefaultActivityLookbackHours * time.Hour
	if s, err := settingsOf(ctx, q.d); err == nil {
		lookback = s.ActivityLookback
	}
	r := q.timeRange("event_time")
	w := cloud.Window{End: time.Now().UTC()}
	if r.Before != nil {
		w.End = r.Before.UTC()
	}
	w.Start = w.End.Add(-lookback)
	if r.After != nil {
		w.Start = r.After.UTC()
	}
	return w
}

// skipMalformed logs a malformed event and keeps reading: one bad event never
// costs the others.
func skipMalformed(ctx context.Context) func(error) {
	return func(err error) { plugin.Logger(ctx).Warn("malformed event skipped", "error", err.Error()) }
}

// cloudTrailLookup picks the one LookupEvents attribute a query's quals
// allow, the most selective first.
func cloudTrailLookup(q quals) aws.Lookup {
	for _, k := range []struct {
		column string
		key    cttypes.LookupAttributeKey
	}{
		{"event_id", cttypes.LookupAttributeKeyEventId}, {"event_name", cttypes.LookupAttributeKeyEventName},
		{"access_key_id", cttypes.LookupAttributeKeyAccessKeyId}, {"username", cttypes.LookupAttributeKeyUsername},
		{"event_source", cttypes.LookupAttributeKeyEventSource},
	} {
		if v := q.str(k.column); v != "" {
			return aws.Lookup{Key: k.key, Value: v}
		}
	}
	return aws.Lookup{}
}

var cloudTrailEvents = awsScopedSource(aws.CloudTrail, func(ctx context.Context, c *aws.Clients, sc cloud.Scope, q quals, emit func(*aws.CloudTrailEvent) bool) error {
	return aws.LookupAIEvents(ctx, c, sc, cloudTrailLookup(q), q.activityWindow(ctx), skipMalformed(ctx), emit)
})

var bedrockInvocations = awsScopedSource(aws.BedrockInvocations, func(ctx context.Context, c *aws.Clients, sc cloud.Scope, q quals, emit func(*aws.BedrockInvocation) bool) error {
	f := aws.InvocationFilter{ModelID: q.str("model_id"), IdentityArn: q.str("identity_arn"), Operation: q.str("operation")}
	return aws.ListBedrockInvocations(ctx, c, sc, f, q.activityWindow(ctx), skipMalformed(ctx), emit)
})

var azureActivityEvents = azureSource(azure.ActivityLog, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.ActivityEvent) bool) error {
	sc := cloud.Scope{Cloud: cloud.Azure, SubscriptionID: c.SubscriptionID}
	return azure.ListActivityEvents(ctx, c, sc, azure.ActivityFilter{Provider: q.str("resource_provider")}, q.activityWindow(ctx), emit)
})

var gcpAuditEvents = gcpProjectSource(gcp.Logging, func(ctx context.Context, c *gcp.ProjectClients, sc cloud.Scope, q quals, emit func(*gcp.AuditEvent) bool) error {
	f := gcp.AuditFilter{Service: q.str("service_name"), Method: q.str("method_name"), Principal: q.str("principal_email")}
	return gcp.ListAuditEvents(ctx, c, sc, f, q.activityWindow(ctx), skipMalformed(ctx), emit)
})

// Rate-limiter tags of the activity tables' list hydrates, for limiters a
// Steampipe user defines; the per-call quotas themselves (CloudTrail
// LookupEvents, Logging entries.list) are in plugin.go.
var (
	cloudTrailLimiterTags = map[string]string{"cloudtrail": "true"}
	gcpLoggingLimiterTags = map[string]string{"gcp_logging": "true"}
	activityLimiterTags   = map[string]string{"cloudtrail": "true", "gcp_logging": "true"}
)

// activityColumns are the columns every activity table shares with aispm_ai_activity.
func activityColumns() []*plugin.Column {
	return []*plugin.Column{
		col("event_time", proto.ColumnType_TIMESTAMP, "EventTime", "When the call was made. Range quals (>, >=, <, <=, =) set the window read from the log; without one the table reads the connection's activity_lookback_hours (default 24) ending now."),
		col("event_id", proto.ColumnType_STRING, "EventID", "The log's id of the event (CloudTrail eventID, Bedrock requestId, Activity Log eventDataId, Logging insertId)."),
		col("source", proto.ColumnType_STRING, "Source", "The log the event came from: cloudtrail, bedrock_invocation_log, azure_activity_log or gcp_audit_log."),
		col("principal", proto.ColumnType_STRING, "Principal", "Who made the call: the IAM user or role ARN (the role for a role session), the Azure caller (UPN or application id), the Google principal email."),
		col("principal_type", proto.ColumnType_STRING, "PrincipalType", "user, role, access_key (an IAM user's long-term AKIA key), root, federated, service, service_principal, managed_identity, service_account, api_key, anonymous or unknown."),
		col("source_ip", proto.ColumnType_STRING, "SourceIP", "The caller's address as the log recorded it (an AWS service name for calls a service made)."),
		col("user_agent", proto.ColumnType_STRING, "UserAgent", "The caller's user agent."),
		col("service", proto.ColumnType_STRING, "Service", "The service called: bedrock, sagemaker, iam, bedrock-runtime, Microsoft.CognitiveServices, aiplatform.googleapis.com, ..."),
		col("operation", proto.ColumnType_STRING, "Operation", "The API operation: InvokeModel, Microsoft.CognitiveServices/accounts/listKeys/action, google.api.apikeys.v2.ApiKeys.GetKeyString, ..."),
		col("resource_id", proto.ColumnType_STRING, "ResourceID", "The resource the call was about: ARN, ARM id, Google resource name or model id."),
		col("outcome", proto.ColumnType_STRING, "Outcome", "success, failure, or started (an Azure operation whose result is a later event)."),
		col("error_code", proto.ColumnType_STRING, "ErrorCode", "The error of a failed call: AccessDenied, ValidationException, PERMISSION_DENIED, ..."),
		col("read_only", proto.ColumnType_BOOL, "ReadOnly", "True when the call only read (as CloudTrail says; from the operation's name elsewhere)."),
		col("model_id", proto.ColumnType_STRING, "ModelID", "The model invoked or named, where the event says."),
		col("input_tokens", proto.ColumnType_INT, "InputTokens", "Input tokens of an invocation, where the log records them (Bedrock invocation logs)."),
		col("output_tokens", proto.ColumnType_INT, "OutputTokens", "Output tokens of an invocation, where the log records them."),
		col("event", proto.ColumnType_JSON, "Event", "The native event, with request and response fields redacted (secrets replaced by [redacted:rule:fingerprint]) and prompt and response bodies dropped."),
	}
}
