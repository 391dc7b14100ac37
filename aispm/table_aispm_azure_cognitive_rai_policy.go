package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var raiPolicies = azureSource(azure.CognitiveServices, func(ctx context.Context, c *azure.Clients, q quals, emit func(*azure.RaiPolicy) bool) error {
	return azure.ListRaiPolicies(ctx, c, accountFilter(q), emit)
})

func tableAzureCognitiveRaiPolicy() *tableDef {
	return &tableDef{
		name:        "aispm_azure_cognitive_rai_policy",
		description: "Content-filter (Responsible AI) policies of Azure OpenAI / AI Services accounts: each filter's source, severity threshold and blocking, and whether jailbreak and indirect-attack shields block.",
		keys:        []string{"resource_group", "account_name"},
		sources:     []source{raiPolicies},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The ARM resource id of the policy."),
			col("account_id", proto.ColumnType_STRING, "AccountID", "The ARM id of the account."),
			col("account_name", proto.ColumnType_STRING, "AccountName", "The name of the account."),
			col("mode", proto.ColumnType_STRING, "Mode", "The policy mode (Default, Deferred, Blocking, Asynchronous_filter)."),
			col("type", proto.ColumnType_STRING, "Type", "UserManaged or SystemManaged (the built-in Microsoft.Default / Microsoft.DefaultV2)."),
			col("base_policy_name", proto.ColumnType_STRING, "BasePolicyName", "The policy this one builds on."),
			col("content_filters", proto.ColumnType_JSON, "ContentFilters", "Filters: name, source (Prompt/Completion), severity_threshold, blocking, enabled, and blocks (enabled, blocking, and not a completion filter of an asynchronous policy)."),
			col("blocklists", proto.ColumnType_JSON, "Blocklists", "Custom blocklists applied."),
			col("asynchronous_filtering", proto.ColumnType_BOOL, "Asynchronous", "True when the mode (Asynchronous_filter, or the older Deferred) returns completions before the completion filters run, so those filters annotate but cannot block."),
			col("jailbreak_blocked", proto.ColumnType_BOOL, "JailbreakBlocked", "True when the jailbreak (prompt attack) shield is enabled and blocking."),
			col("indirect_attack_blocked", proto.ColumnType_BOOL, "IndirectAttackBlocked", "True when the indirect-attack (document injection) shield is enabled and blocking."),
			col("harm_filters_strict", proto.ColumnType_BOOL, "HarmFiltersStrict", "True when hate, sexual, violence and self-harm are blocked at Medium or stricter on prompts and completions."),
		},
	}
}
