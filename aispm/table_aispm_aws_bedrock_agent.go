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
		description: "Amazon Bedrock agents: service role, foundation model, guardrail id and version, customer KMS key, idle session TTL, orchestration, aliases and knowledge bases.",
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
			col("customer_encryption_key_arn", proto.ColumnType_STRING, "KmsKeyArn", "The KMS key encrypting agent resources (customerEncryptionKeyArn); null means an AWS-owned key. Whether it is customer managed: customer_encryption_key_customer_managed."),
			col("customer_encryption_key_customer_managed", proto.ColumnType_BOOL, "KmsKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("idle_session_ttl_in_seconds", proto.ColumnType_INT, "IdleSessionTTL", "How long an idle session is kept."),
			col("orchestration_type", proto.ColumnType_STRING, "Orchestration", "DEFAULT or CUSTOM_ORCHESTRATION."),
			col("agent_collaboration", proto.ColumnType_STRING, "Collaboration", "SUPERVISOR, SUPERVISOR_ROUTER or DISABLED."),
			col("aliases", proto.ColumnType_JSON, "Aliases", "Aliases: name, id, status, agent_versions."),
			col("knowledge_bases", proto.ColumnType_JSON, "KnowledgeBases", "The knowledge bases the agent retrieves from (ListAgentKnowledgeBases for the draft and every version an alias routes to): id, arn, state (ENABLED or DISABLED), agent_versions."),
			col("description", proto.ColumnType_STRING, "Description", "The agent's description, redacted."),
			col("instruction", proto.ColumnType_STRING, "Instruction", "The agent's instruction (what it should do and how to interact with users), redacted: each secret is replaced by [redacted:<rule>:<fingerprint>]."),
			secretsColumn("secret_findings", "Secrets", "the description, instruction and prompt-override templates (the templates are not emitted)"),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the agent was created."),
		},
	}
}
