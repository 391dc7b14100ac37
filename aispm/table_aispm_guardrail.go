package aispm

import (
	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// guardrailSources are the sources of aispm_guardrail.
func guardrailSources() []source {
	return []source{
		unified(bedrockGuardrails, func(g *aws.BedrockGuardrail) cloud.Row { return g.Unified() }),
		unified(raiPolicies, func(p *azure.RaiPolicy) cloud.Row { return p.Unified() }),
	}
}

func tableGuardrail() *tableDef {
	return &tableDef{
		name:        "aispm_guardrail",
		description: "Every content-safety policy (Azure content filters, Bedrock guardrails) in one normalized shape: prompt-attack and indirect-attack blocking, harm filter strictness, PII, grounding.",
		keys:        []string{"name"},
		unified:     true,
		sources:     guardrailSources(),
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The native id: ARN or ARM id."),
			col("kind", proto.ColumnType_STRING, "Kind", "What the policy is: azure_rai_policy, bedrock_guardrail, ..."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service."),
			col("attached_to", proto.ColumnType_STRING, "AttachedTo", "The resource the policy belongs to (an account), where it has one."),
			col("prompt_attack_blocking", proto.ColumnType_BOOL, "PromptAttackBlocking", "True when prompt attacks (jailbreaks) are blocked."),
			col("indirect_attack_blocking", proto.ColumnType_BOOL, "IndirectAttackBlocking", "True when indirect attacks (instructions hidden in documents) are blocked; null when the kind has no such filter."),
			col("harm_filters_strict", proto.ColumnType_BOOL, "HarmFiltersStrict", "True when every harm category is filtered at Medium or stricter on inputs and outputs."),
			col("pii_filtering", proto.ColumnType_BOOL, "PIIFiltering", "True when PII is blocked or masked; null when the kind has no such filter."),
			col("contextual_grounding", proto.ColumnType_BOOL, "Grounding", "True when contextual grounding checks are active; null when the kind has none."),
			col("encryption_key", proto.ColumnType_STRING, "EncryptionKey", "The key the policy names, where it has one. Whether it is customer managed: customer_managed_key."),
			col("customer_managed_key", proto.ColumnType_BOOL, "CustomerManagedKey", "True when encryption_key is a customer-managed key, as the cloud itself reports it (AWS kms:DescribeKey KeyManager, Azure keySource Microsoft.KeyVault, GCP a named Cloud KMS key); false for provider-managed encryption; null when it could not be told."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row, as in its native table."),
		},
	}
}
