package aispm

import (
	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// keySources are the sources of aispm_key.
func keySources() []source {
	return []source{
		unified(bedrockAPIKeys, func(k *aws.BedrockAPIKey) cloud.Row { return k.Unified() }),
		unified(cognitiveAccounts, func(a *azure.CognitiveAccount) cloud.Row { return a.LocalKeys() }),
		unified(foundryConnections, func(c *azure.FoundryConnection) cloud.Row { return c.Key() }),
		unified(apiKeys, func(k *gcp.APIKey) cloud.Row { return k.Unified() }),
	}
}

func tableKey() *tableDef {
	return &tableDef{
		name:        "aispm_key",
		description: "Every credential that unlocks AI services (API keys, account keys), metadata only: what it unlocks, whether it is restricted, whether it can call AI APIs, when it was created.",
		keys:        []string{"name"},
		unified:     true,
		sources:     keySources(),
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The native id of the key, or of the resource whose keys these are."),
			col("kind", proto.ColumnType_STRING, "Kind", "What the key is: gcp_api_key, azure_ai_account_keys, ..."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service that issued it."),
			col("target", proto.ColumnType_STRING, "Target", "What the key unlocks: an endpoint, or the APIs it is restricted to."),
			col("enabled", proto.ColumnType_BOOL, "Enabled", "True when the key works."),
			col("restricted", proto.ColumnType_BOOL, "Restricted", "True when the key is fully restricted: limited to named APIs and also to networks or client apps (restrictions.level = 'full'). One rule on every cloud."),
			col("restrictions", proto.ColumnType_JSON, "Restrictions", "How the key is limited: api (limited to named services; apis lists them), network (IP addresses, private network access), client (browser referrers, Android or iOS apps), each true, false or null (decided elsewhere, such as an IAM policy condition), and level: full (API and network or client), partial (one of them), none."),
			col("can_call_ai", proto.ColumnType_BOOL, "CanCallAI", "True when the key can call AI model APIs."),
			col("created_at", proto.ColumnType_TIMESTAMP, "CreatedAt", "When the key (or the resource holding it) was created."),
			col("expires_at", proto.ColumnType_TIMESTAMP, "ExpiresAt", "When the key expires; null for keys that never expire."),
			col("last_used_at", proto.ColumnType_TIMESTAMP, "LastUsedAt", "When the key was last used, where the API says."),
			col("detail", proto.ColumnType_JSON, "Detail", "The native row, as in its native table."),
		},
	}
}
