package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var bedrockGuardrails = withAWSDetail(
	awsSource(aws.Bedrock, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.BedrockGuardrail) bool) error {
		return aws.ListBedrockGuardrails(ctx, c, q.str("guardrail_id"), emit)
	}), aws.GetBedrockGuardrail)

func tableAWSBedrockGuardrail() *tableDef {
	return &tableDef{
		name:        "aispm_aws_bedrock_guardrail",
		description: "Amazon Bedrock guardrails (working draft) with every policy: content filters with input/output strengths, prompt-attack strength, denied topics, word filters, PII entities and actions, contextual grounding thresholds, tier, KMS key and versions.",
		keys:        []string{"guardrail_id"},
		sources:     []source{bedrockGuardrails},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the guardrail."),
			col("guardrail_id", proto.ColumnType_STRING, "GuardrailID", "The guardrail id."),
			col("version", proto.ColumnType_STRING, "Version", "The version described (DRAFT for the working draft)."),
			col("status", proto.ColumnType_STRING, "Status", "READY, CREATING, UPDATING, FAILED, ..."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the guardrail was created."),
		},
		detailColumns: []*plugin.Column{
			col("content_filters", proto.ColumnType_JSON, "ContentFilters", "Content filters: type (HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT, PROMPT_ATTACK), input_strength, output_strength, input_enabled, output_enabled."),
			col("prompt_attack_strength", proto.ColumnType_STRING, "PromptAttackStrength", "The input strength of the PROMPT_ATTACK filter (NONE, LOW, MEDIUM, HIGH); null when there is none."),
			col("content_tier", proto.ColumnType_STRING, "ContentTier", "The content filter tier (CLASSIC or STANDARD)."),
			col("denied_topics", proto.ColumnType_JSON, "DeniedTopics", "The names of the denied topics."),
			col("word_filter_count", proto.ColumnType_INT, "Words", "How many custom words are filtered."),
			col("managed_word_lists", proto.ColumnType_JSON, "ManagedWordLists", "Managed word lists (PROFANITY)."),
			col("pii_entities", proto.ColumnType_JSON, "PIIEntities", "Sensitive information entities: type, action (BLOCK, ANONYMIZE, NONE)."),
			col("regex_filter_count", proto.ColumnType_INT, "Regexes", "How many custom regex filters there are."),
			col("contextual_grounding_filters", proto.ColumnType_JSON, "Grounding", "Contextual grounding filters: type (GROUNDING, RELEVANCE), threshold, enabled."),
			col("kms_key_arn", proto.ColumnType_STRING, "KmsKeyArn", "The customer-managed KMS key; null means an AWS-owned key."),
			col("versions", proto.ColumnType_JSON, "Versions", "Every version of the guardrail (DRAFT and numbered)."),
		},
	}
}
