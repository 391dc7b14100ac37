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
		description: "Amazon Bedrock guardrails (working draft) with every policy and what each filter does in each direction: content filters (strengths, actions, enablement), prompt-attack blocking, denied topics, word filters, PII entities and regexes, contextual grounding, tier, KMS key and versions. A filter whose action is NONE only detects.",
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
			col("content_filters", proto.ColumnType_JSON, "ContentFilters", "Content filters: type (HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT, PROMPT_ATTACK), input_strength, output_strength, input_action and output_action (BLOCK or NONE: detect only), input_enabled, output_enabled, and input_blocks / output_blocks: whether the filter blocks in that direction (enabled, strength above NONE, action not NONE)."),
			col("prompt_attack_strength", proto.ColumnType_STRING, "PromptAttackStrength", "The input strength of the PROMPT_ATTACK filter (NONE, LOW, MEDIUM, HIGH); null when there is none."),
			col("prompt_attack_blocks", proto.ColumnType_BOOL, "PromptAttackBlocks", "Whether the PROMPT_ATTACK filter blocks prompts (input enabled, strength above NONE, input action BLOCK); a detect-only filter (action NONE) blocks nothing."),
			col("content_tier", proto.ColumnType_STRING, "ContentTier", "The content filter tier (CLASSIC or STANDARD)."),
			col("denied_topics", proto.ColumnType_JSON, "DeniedTopics", "Denied topics: name, per-direction action and enablement, input_blocks / output_blocks."),
			col("word_filter_count", proto.ColumnType_INT, "Words", "How many custom words are filtered."),
			col("word_policy", proto.ColumnType_JSON, "WordPolicy", "The word policy: words, words_blocking_input, words_blocking_output, managed_lists and managed_lists_blocking (the managed lists that block in some direction)."),
			col("managed_word_lists", proto.ColumnType_JSON, "ManagedWordLists", "Managed word lists (PROFANITY)."),
			col("pii_entities", proto.ColumnType_JSON, "PIIEntities", "Sensitive information entities: type, action (BLOCK, ANONYMIZE, NONE), per-direction actions (defaulting to action) and enablement, input_blocks / output_blocks (blocked or masked in that direction)."),
			col("regex_filter_count", proto.ColumnType_INT, "RegexCount", "How many custom regex filters there are."),
			col("regexes", proto.ColumnType_JSON, "Regexes", "Custom regex filters: name (as type), action, per-direction actions and enablement, input_blocks / output_blocks."),
			col("contextual_grounding_filters", proto.ColumnType_JSON, "Grounding", "Contextual grounding filters: type (GROUNDING, RELEVANCE), threshold, action (BLOCK or NONE), enabled, and blocks (enabled, threshold above 0, action BLOCK)."),
			col("kms_key_arn", proto.ColumnType_STRING, "KmsKeyArn", "The KMS key of the guardrail; null means an AWS-owned key. Whether it is customer managed: kms_key_customer_managed."),
			col("kms_key_customer_managed", proto.ColumnType_BOOL, "KmsKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("versions", proto.ColumnType_JSON, "Versions", "Every version of the guardrail (DRAFT and numbered)."),
		},
	}
}
