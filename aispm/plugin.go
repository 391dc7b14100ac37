// Package aispm is the Steampipe plugin: AI assets across AWS, Azure and GCP
// as Postgres foreign tables.
package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
	"github.com/turbot/steampipe-plugin-sdk/v5/rate_limiter"
)

// definitions lists the tables built from thin specs.
func definitions() []*tableDef {
	return []*tableDef{
		tableAWSSageMakerEndpoint(),
		tableAWSSageMakerModel(),
		tableAWSSageMakerNotebookInstance(),
		tableAWSSageMakerLifecycleConfig(),
		tableAWSSageMakerDomain(),
		tableAWSSageMakerTrainingJob(),
		tableAWSSageMakerModelPackage(),
		tableAWSBedrockCustomModel(),
		tableAWSBedrockImportedModel(),
		tableAWSBedrockProvisionedThroughput(),
		tableAWSBedrockGuardrail(),
		tableAWSBedrockInvocationLogging(),
		tableAWSBedrockAgent(),
		tableAWSBedrockKnowledgeBase(),
		tableAWSBedrockAPIKey(),
		tableAWSIAMAIPolicyAttachment(),
		tableAzureCognitiveAccount(),
		tableAzureCognitiveDeployment(),
		tableAzureCognitiveRaiPolicy(),
		tableAzureFoundryProject(),
		tableAzureFoundryConnection(),
		tableAzureFoundryAgent(),
		tableAzureMLWorkspace(),
		tableAzureMLCompute(),
		tableAzureMLOnlineEndpoint(),
		tableAzureMLDatastore(),
		tableAzureMLDataAsset(),
		tableAzureMLModel(),
		tableGCPVertexEndpoint(),
		tableGCPVertexModel(),
		tableGCPVertexDataset(),
		tableGCPVertexCustomJob(),
		tableGCPVertexTrainingPipeline(),
		tableGCPVertexNotebookRuntimeTemplate(),
		tableGCPWorkbenchInstance(),
		tableGCPAPIKey(),
		tableGCPVertexReasoningEngine(),
		tableEndpoint(),
		tableModel(),
		tableModelScan(),
		tableNotebook(),
		tableKey(),
		tableAgent(),
		tableDataset(),
		tableDatasetScan(),
		tableGuardrail(),
		tableAWSCloudTrailAIEvent(),
		tableAWSBedrockInvocation(),
		tableAzureActivityAIEvent(),
		tableGCPAuditAIEvent(),
		tableAIActivity(),
	}
}

// Tables returns every table of the plugin by name.
func Tables() map[string]*plugin.Table {
	m := map[string]*plugin.Table{}
	for _, t := range definitions() {
		m[t.name] = t.build()
	}
	for _, t := range []*plugin.Table{tableScopeStatus(), tableRelationship()} {
		m[t.Name] = t
	}
	return m
}

// Plugin returns the plugin definition.
func Plugin(context.Context) *plugin.Plugin {
	return &plugin.Plugin{
		Name: "steampipe-plugin-aispm",
		ConnectionConfigSchema: &plugin.ConnectionConfigSchema{
			NewInstance: func() any { return &Config{} },
		},
		// The config is validated when the connection is created, so a bad
		// attribute fails the connection with a message that names it.
		TableMapFunc: func(_ context.Context, d *plugin.TableMapData) (map[string]*plugin.Table, error) {
			cfg, _ := d.Connection.Config.(Config)
			if _, err := cfg.Validate(); err != nil {
				return nil, err
			}
			return Tables(), nil
		},
		RateLimiters: rateLimiters,
	}
}

// rateLimiters bound the fan-out per cloud scope. Each list or describe call of
// a scope takes a token; the fill rates sit well under each provider's read
// quota so one query never throttles a whole account.
var rateLimiters = []*rate_limiter.Definition{
	{
		// SageMaker List*/Describe* calls are throttled per account and region at
		// roughly 10-20 TPS; stay at 10 per region.
		Name:       "aispm_aws_region",
		FillRate:   10,
		BucketSize: 10,
		Scope:      []string{"connection", "region"},
		Where:      "cloud = 'aws'",
	},
	{
		// CloudTrail LookupEvents is limited to 2 requests per second per
		// account per region (AWS CloudTrail quotas: "LookupEvents: 2 TPS");
		// every page of the AWS activity tables takes a token.
		Name:       "aispm_aws_cloudtrail_lookup",
		FillRate:   2,
		BucketSize: 2,
		Scope:      []string{"connection", "region"},
		Where:      "cloud = 'aws' and cloudtrail = 'true'",
	},
	{
		// Cloud Logging entries.list is limited to 60 requests per minute per
		// project (Cloud Logging quotas: read requests); every page of the GCP
		// activity tables takes a token.
		Name:       "aispm_gcp_logging_list",
		FillRate:   1,
		BucketSize: 5,
		Scope:      []string{"connection", "project"},
		Where:      "cloud = 'gcp' and gcp_logging = 'true'",
	},
	{
		// Azure Resource Manager allows 250 reads per subscription per 5 s burst
		// (token bucket refilled at 25/s); use half.
		Name:       "aispm_azure_subscription",
		FillRate:   12,
		BucketSize: 50,
		Scope:      []string{"connection", "subscription_id"},
		Where:      "cloud = 'azure'",
	},
	{
		// Vertex AI resource management reads default to 600 per minute per
		// region per project (10/s); use half.
		Name:       "aispm_gcp_location",
		FillRate:   5,
		BucketSize: 10,
		Scope:      []string{"connection", "project", "location"},
		Where:      "cloud = 'gcp'",
	},
}

// Shutdown releases what the plugin holds across queries (pooled gRPC
// connections). main and the in-process runner call it when they stop.
func Shutdown() error { return gcp.Close() }
