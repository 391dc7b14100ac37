// Package aispm is the Steampipe plugin: AI assets across AWS, Azure and GCP
// as Postgres foreign tables.
package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
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
	}
}

// quotas are the request rates aispm allows itself per cloud API and scope,
// each from the quota the cloud documents. Every call takes a token, per
// attempt, whatever path makes it (native and unified tables, child lists,
// detail hydrates, scans, the graph's evaluations); a throttling answer cuts
// the rate and it grows back (cloud.Limiter). Where a cloud publishes no
// per-operation rate, the rate is a ceiling the throttling answers bring
// down to what the account really allows.
var quotas = []cloud.Quota{
	{Cloud: cloud.AWS, Service: "*", Per: "account and region", Rate: 50, Burst: 50,
		Source: "AWS publishes no per-operation rate for most control-plane reads; a ceiling, lowered by ThrottlingException answers"},
	{Cloud: cloud.AWS, Service: "SageMaker", Per: "account and region", Rate: 100, Burst: 100,
		Source: "SageMaker List*/Describe* are throttled per account and region without a published rate; a ceiling, lowered by ThrottlingException answers"},
	{Cloud: cloud.AWS, Service: "CloudTrail", Action: "LookupEvents", Per: "account and region", Rate: 2, Burst: 2,
		Source: "AWS CloudTrail quotas: LookupEvents, 2 transactions per second per account per Region"},
	{Cloud: cloud.AWS, Service: "CloudWatch Logs", Action: "FilterLogEvents", Per: "account and region", Rate: 5, Burst: 5,
		Source: "CloudWatch Logs quotas: FilterLogEvents, 5 transactions per second per account per Region"},
	{Cloud: cloud.AWS, Service: "IAM", Per: "account", Rate: 10, Burst: 10,
		Source: "IAM request quotas are account-wide and shared with every other IAM client; a share of them"},
	{Cloud: cloud.AWS, Service: "IAM", Action: "SimulatePrincipalPolicy", Per: "account", Rate: 5, Burst: 5,
		Source: "IAM policy simulation is the heaviest IAM read; a share of the account-wide IAM quota"},
	{Cloud: cloud.AWS, Service: "S3", Per: "account and region", Rate: 500, Burst: 500,
		Source: "S3: 5,500 GET/HEAD requests per second per prefix; aispm reads bucket settings and sampled objects"},
	{Cloud: cloud.Azure, Service: azure.ARM, Per: "subscription", Rate: 25, Burst: 250,
		Source: "Azure Resource Manager throttling: a bucket of 250 reads per subscription (and region) refilled at 25 per second; 429 answers, when other clients share it, lower it"},
	{Cloud: cloud.Azure, Service: "*", Per: "data-plane host", Rate: 50, Burst: 50,
		Source: "Foundry agents and blob reads per account host: no published read rate for listings; a ceiling, lowered by 429 answers"},
	{Cloud: cloud.GCP, Service: "*", Per: "project (and location)", Rate: 10, Burst: 10,
		Source: "Google APIs' default per-project read quotas are per minute (600 and more); 10 per second, lowered by RESOURCE_EXHAUSTED"},
	{Cloud: cloud.GCP, Service: "aiplatform", Per: "project and region", Rate: 10, Burst: 10,
		Source: "Vertex AI quotas: resource management (CRUD) requests, 600 per minute per project per region"},
	{Cloud: cloud.GCP, Service: "logging", Action: "ListLogEntries", Per: "project", Rate: 1, Burst: 5,
		Source: "Cloud Logging quotas: entries.list, 60 requests per minute per project"},
	{Cloud: cloud.GCP, Service: "storage", Per: "bucket", Rate: 100, Burst: 100,
		Source: "Cloud Storage: about 5,000 object reads per second per bucket to start; bucket metadata reads are rare"},
}

func init() { cloud.SetQuotas(quotas) }

// Shutdown releases what the plugin holds across queries (pooled gRPC
// connections). main and the in-process runner call it when they stop.
func Shutdown() error { return gcp.Close() }
