package aispm

import (
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
)

func tableAWSBedrockInvocation() *tableDef {
	return &tableDef{
		name:        "aispm_aws_bedrock_invocation",
		description: "Amazon Bedrock model invocations from model invocation logging, read from the CloudWatch Logs group aispm_aws_bedrock_invocation_logging names (FilterLogEvents): who invoked which model, tokens and guardrail outcome. Prompt and response bodies are never read into a row.",
		sources:     []source{bedrockInvocations},
		keys:        []string{"model_id", "identity_arn", "operation"},
		timeKeys:    []string{"event_time"},
		noCache:     true,
		columns: append(activityColumns(),
			col("log_group_name", proto.ColumnType_STRING, "LogGroupName", "The CloudWatch Logs group the record was read from."),
			col("log_stream_name", proto.ColumnType_STRING, "LogStreamName", "The log stream."),
			col("request_id", proto.ColumnType_STRING, "RequestID", "The invocation's request id (also in CloudTrail)."),
			col("identity_arn", proto.ColumnType_STRING, "IdentityArn", "identity.arn: the IAM identity that invoked (a role session for a role). model_id, identity_arn and operation equality quals are sent as a JSON filter pattern."),
			col("inference_region", proto.ColumnType_STRING, "InferenceRegion", "The region that served a cross-region inference profile call."),
			col("guardrail_action", proto.ColumnType_STRING, "GuardrailAction", "INTERVENED when a guardrail blocked or masked the call (amazon-bedrock-guardrailAction, or a guardrail_intervened stop reason); NONE or null otherwise."),
			col("schema_version", proto.ColumnType_STRING, "SchemaVersion", "The log record's schema version."),
		),
	}
}
