package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var bedrockAgents = withAWSDetail(
	awsSource(aws.BedrockAgents, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.BedrockAgent) bool) error {
		return aws.ListBedrockAgents(ctx, c, q.str("agent_id"), emit)
	}), aws.GetBedrockAgent)

func tableAWSBedrockAgent() *tableDef {
	return &tableDef{
		name:        "aispm_aws_bedrock_agent",
		description: "Amazon Bedrock agents: service role, foundation model, guardrail id and version, customer KMS key, idle session TTL, orchestration, and aliases.",
		keys:        []string{"agent_id"},
		sources:     []source{bedrockAgents},
		columns: []*plugin.Column{
			col("agent_id", proto.ColumnType_STRING, "AgentID", "The agent id."),
			col("agent_status", proto.ColumnType_STRING, "Status", "PREPARED, NOT_PREPARED, CREATING, FAILED, ..."),
			col("guardrail_id", proto.ColumnType_STRING, "GuardrailID", "The guardrail attached; null when the agent has none."),
			col("guardrail_version", proto.ColumnType_STRING, "GuardrailVersion", "The guardrail version attached."),
		},
		detailColumns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the agent."),
			col("agent_resource_role_arn", proto.ColumnType_STRING, "RoleArn", "The IAM service role the agent runs as."),
			col("foundation_model", proto.ColumnType_STRING, "FoundationModel", "The foundation model the agent orchestrates with."),
			col("customer_encryption_key_arn", proto.ColumnType_STRING, "KmsKeyArn", "The customer-managed KMS key encrypting agent resources; null means an AWS-owned key."),
			col("idle_session_ttl_in_seconds", proto.ColumnType_INT, "IdleSessionTTL", "How long an idle session is kept."),
			col("orchestration_type", proto.ColumnType_STRING, "Orchestration", "DEFAULT or CUSTOM_ORCHESTRATION."),
			col("agent_collaboration", proto.ColumnType_STRING, "Collaboration", "SUPERVISOR, SUPERVISOR_ROUTER or DISABLED."),
			col("aliases", proto.ColumnType_JSON, "Aliases", "Aliases: name, id, status, agent_versions."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the agent was created."),
		},
	}
}
