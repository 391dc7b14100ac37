package aispm

import (
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
)

func tableAWSCloudTrailAIEvent() *tableDef {
	return &tableDef{
		name:        "aispm_aws_cloudtrail_ai_event",
		description: "Management events of Amazon Bedrock and SageMaker, and IAM's service-specific credential (Bedrock API key) events, from CloudTrail event history (LookupEvents, 90 days) per region.",
		sources:     []source{cloudTrailEvents},
		keys:        []string{"event_id", "event_name", "access_key_id", "username", "event_source"},
		timeKeys:    []string{"event_time"},
		noCache:     true,
		listTags:    cloudTrailLimiterTags,
		columns: append(activityColumns(),
			col("event_source", proto.ColumnType_STRING, "EventSource", "bedrock.amazonaws.com, sagemaker.amazonaws.com or iam.amazonaws.com. An equality qual is sent as the EventSource lookup attribute."),
			col("event_name", proto.ColumnType_STRING, "EventName", "The API operation. An equality qual is sent as the EventName lookup attribute (LookupEvents takes one attribute per call: event_id, then event_name, access_key_id, username, event_source)."),
			col("username", proto.ColumnType_STRING, "Username", "The user name or role session name CloudTrail records."),
			col("access_key_id", proto.ColumnType_STRING, "AccessKeyID", "The access key that signed the call: AKIA... is an IAM user's long-term key, ASIA... a temporary one. An identifier, not a secret."),
			col("identity_type", proto.ColumnType_STRING, "IdentityType", "userIdentity.type: IAMUser, AssumedRole, Root, AWSService, FederatedUser, ..."),
			col("identity_arn", proto.ColumnType_STRING, "IdentityArn", "userIdentity.arn: the user, or the role session."),
			col("error_message", proto.ColumnType_STRING, "ErrorMessage", "The error message of a failed call, redacted."),
			col("request_parameters", proto.ColumnType_JSON, "RequestParameters", "The call's request parameters, redacted."),
			col("resources", proto.ColumnType_JSON, "Resources", "The resources CloudTrail lists for the event: type and name."),
			secretsColumn("secrets", "Secrets", "the event's request parameters, response elements and error message"),
		),
	}
}
