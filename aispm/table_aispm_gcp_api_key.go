package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var apiKeys = gcpProjectSource(gcp.APIKeysService, func(ctx context.Context, c *gcp.ProjectClients, sc cloud.Scope, q quals, emit func(*gcp.APIKey) bool) error {
	return gcp.ListAPIKeys(ctx, c, sc, gcp.Filter{ResourceName: q.str("resource_name"), ID: q.str("name")}, emit)
})

func tableGCPAPIKey() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_api_key",
		description: "Google Cloud API keys (metadata only; the key string is never requested): API and client restrictions, and whether the key can call AI APIs (Vertex AI, Gemini).",
		keys:        []string{"name", "resource_name"},
		sources:     []source{apiKeys},
		columns: []*plugin.Column{
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "The full resource name: projects/{project}/locations/global/keys/{uid}."),
			col("uid", proto.ColumnType_STRING, "UID", "The key's unique id."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("api_targets", proto.ColumnType_JSON, "APITargets", "The APIs (and methods) the key is restricted to; empty means every API enabled in the project."),
			col("client_restriction", proto.ColumnType_STRING, "ClientRestriction", "Which callers may use the key: browser, server, android, ios, or none."),
			col("allowed_referrers", proto.ColumnType_JSON, "AllowedReferrers", "Allowed HTTP referrers (browser keys)."),
			col("allowed_ips", proto.ColumnType_JSON, "AllowedIPs", "Allowed caller IP ranges (server keys)."),
			col("allowed_android_apps", proto.ColumnType_JSON, "AllowedAndroidApps", "Allowed Android package names."),
			col("allowed_ios_bundle_ids", proto.ColumnType_JSON, "AllowedIosBundleIDs", "Allowed iOS bundle ids."),
			col("can_call_ai", proto.ColumnType_BOOL, "CanCallAI", "True when the key can call aiplatform.googleapis.com or generativelanguage.googleapis.com (explicitly or by having no API restriction)."),
			col("create_time", proto.ColumnType_TIMESTAMP, "CreateTime", "When the key was created."),
			col("update_time", proto.ColumnType_TIMESTAMP, "UpdateTime", "When the key was last updated."),
		},
	}
}

// gcpModelAPIs are the Google model APIs of each project, with the API keys
// that can call them.
var gcpModelAPIs = gcpProjectSource(gcp.APIKeysService, func(ctx context.Context, c *gcp.ProjectClients, sc cloud.Scope, _ quals, emit func(*cloud.Endpoint) bool) error {
	return gcp.ListModelAPIEndpoints(ctx, c, sc, emit)
})
