package aispm

// Permission is one cloud API operation aispm calls and the permission it
// needs. Operation is named as the simulator records it (the AWS operation,
// Azure's method and resource type, GCP's gRPC method or Cloud Storage JSON
// API call); Feature says what needs it. The least-privilege policies in
// docs/index.md are generated from this table (go run ./internal/modgen/cmd),
// and a test checks that every call a full export makes is in it.
type Permission struct {
	Cloud, Service, Operation string
	// Permission is the IAM action, Azure action (data actions end in
	// "(data action)") or GCP permission; empty when none is needed.
	Permission string
	Feature    string
}

// Features: what a permission is for, so a narrower policy can drop one.
const (
	FeatureInventory = "inventory"
	FeatureExposure  = "storage exposure and encryption"
	FeatureKeys      = "key metadata"
	FeatureScan      = "model and training-data scanning (object reads)"
	FeatureOwners    = "owners of credentials found in training data (identity metadata)"
	FeatureAccess    = "effective access of AI identities to storage (policy evaluation, read-only)"
	FeatureDiscovery = "scope discovery"
	FeatureActivity  = "activity logs (runtime detection)"
)

func awsPerm(service, op, action, feature string) Permission {
	return Permission{Cloud: "aws", Service: service, Operation: op, Permission: action, Feature: feature}
}

func sagemakerPerms(ops ...string) []Permission {
	out := make([]Permission, len(ops))
	for i, op := range ops {
		out[i] = awsPerm("sagemaker", op, "sagemaker:"+op, FeatureInventory)
	}
	return out
}

func azureRead(service, typ, feature string) Permission {
	return Permission{Cloud: "azure", Service: service, Operation: "GET " + typ, Permission: typ + "/read", Feature: feature}
}

func gcpPerm(service, method, perm, feature string) Permission {
	return Permission{Cloud: "gcp", Service: service, Operation: method, Permission: perm, Feature: feature}
}

func vertexPerm(method, perm string) Permission {
	return gcpPerm("aiplatform", "/google.cloud.aiplatform.v1."+method, "aiplatform."+perm, FeatureInventory)
}

// Permissions is every operation the plugin calls.
var Permissions = append(sagemakerPerms(
	"ListEndpoints", "DescribeEndpoint", "DescribeEndpointConfig", "ListTags",
	"ListModels", "DescribeModel",
	"ListNotebookInstances", "DescribeNotebookInstance",
	"ListNotebookInstanceLifecycleConfigs", "DescribeNotebookInstanceLifecycleConfig",
	"ListDomains", "DescribeDomain",
	"ListTrainingJobs", "DescribeTrainingJob",
	"ListModelPackages", "DescribeModelPackage"),
	awsPerm("sts", "GetCallerIdentity", "", FeatureDiscovery),
	awsPerm("bedrock", "ListCustomModels", "bedrock:ListCustomModels", FeatureInventory),
	awsPerm("bedrock", "GetCustomModel", "bedrock:GetCustomModel", FeatureInventory),
	awsPerm("bedrock", "ListImportedModels", "bedrock:ListImportedModels", FeatureInventory),
	awsPerm("bedrock", "GetImportedModel", "bedrock:GetImportedModel", FeatureInventory),
	awsPerm("bedrock", "ListProvisionedModelThroughputs", "bedrock:ListProvisionedModelThroughputs", FeatureInventory),
	awsPerm("bedrock", "ListGuardrails", "bedrock:ListGuardrails", FeatureInventory),
	awsPerm("bedrock", "GetGuardrail", "bedrock:GetGuardrail", FeatureInventory),
	awsPerm("bedrock", "GetModelInvocationLoggingConfiguration", "bedrock:GetModelInvocationLoggingConfiguration", FeatureInventory),
	awsPerm("bedrock", "ListTagsForResource", "bedrock:ListTagsForResource", FeatureInventory),
	awsPerm("bedrock-agent", "ListAgents", "bedrock:ListAgents", FeatureInventory),
	awsPerm("bedrock-agent", "GetAgent", "bedrock:GetAgent", FeatureInventory),
	awsPerm("bedrock-agent", "ListAgentAliases", "bedrock:ListAgentAliases", FeatureInventory),
	awsPerm("bedrock-agent", "ListAgentKnowledgeBases", "bedrock:ListAgentKnowledgeBases", FeatureInventory),
	awsPerm("bedrock-agent", "ListKnowledgeBases", "bedrock:ListKnowledgeBases", FeatureInventory),
	awsPerm("bedrock-agent", "GetKnowledgeBase", "bedrock:GetKnowledgeBase", FeatureInventory),
	awsPerm("bedrock-agent", "ListDataSources", "bedrock:ListDataSources", FeatureInventory),
	awsPerm("bedrock-agent", "GetDataSource", "bedrock:GetDataSource", FeatureInventory),
	awsPerm("bedrock-agent", "ListTagsForResource", "bedrock:ListTagsForResource", FeatureInventory),
	awsPerm("logs", "DescribeLogGroups", "logs:DescribeLogGroups", FeatureInventory),
	awsPerm("logs", "FilterLogEvents", "logs:FilterLogEvents", FeatureActivity),
	awsPerm("cloudtrail", "LookupEvents", "cloudtrail:LookupEvents", FeatureActivity),
	awsPerm("iam", "ListServiceSpecificCredentials", "iam:ListServiceSpecificCredentials", FeatureKeys),
	awsPerm("iam", "ListEntitiesForPolicy", "iam:ListEntitiesForPolicy", FeatureInventory),
	awsPerm("iam", "SimulatePrincipalPolicy", "iam:SimulatePrincipalPolicy", FeatureAccess),
	awsPerm("iam", "ListUsers", "iam:ListUsers", FeatureOwners),
	awsPerm("iam", "ListAccessKeys", "iam:ListAccessKeys", FeatureOwners),
	awsPerm("iam", "GetAccessKeyLastUsed", "iam:GetAccessKeyLastUsed", FeatureOwners),
	awsPerm("iam", "ListAttachedUserPolicies", "iam:ListAttachedUserPolicies", FeatureOwners),
	awsPerm("iam", "ListGroupsForUser", "iam:ListGroupsForUser", FeatureOwners),
	awsPerm("iam", "ListAttachedGroupPolicies", "iam:ListAttachedGroupPolicies", FeatureOwners),
	awsPerm("kms", "DescribeKey", "kms:DescribeKey", FeatureExposure),
	awsPerm("s3", "GetBucketLocation", "s3:GetBucketLocation", FeatureExposure),
	awsPerm("s3", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock", FeatureExposure),
	awsPerm("s3", "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus", FeatureExposure),
	awsPerm("s3", "GetBucketPolicy", "s3:GetBucketPolicy", FeatureAccess),
	awsPerm("s3", "GetBucketAcl", "s3:GetBucketAcl", FeatureExposure),
	awsPerm("s3", "GetBucketOwnershipControls", "s3:GetBucketOwnershipControls", FeatureExposure),
	awsPerm("s3", "GetBucketEncryption", "s3:GetEncryptionConfiguration", FeatureExposure),
	awsPerm("s3control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock", FeatureExposure),
	awsPerm("s3", "ListObjectsV2", "s3:ListBucket", FeatureScan),
	awsPerm("s3", "GetObject", "s3:GetObject", FeatureScan),

	Permission{Cloud: "azure", Service: "subscriptions", Operation: "GET subscriptions", Permission: "Microsoft.Resources/subscriptions/read", Feature: FeatureDiscovery},
	azureRead("cognitiveservices", "Microsoft.CognitiveServices/accounts", FeatureInventory),
	azureRead("cognitiveservices", "Microsoft.CognitiveServices/accounts/deployments", FeatureInventory),
	azureRead("cognitiveservices", "Microsoft.CognitiveServices/accounts/models", FeatureInventory),
	azureRead("cognitiveservices", "Microsoft.CognitiveServices/accounts/raiPolicies", FeatureInventory),
	azureRead("cognitiveservices", "Microsoft.CognitiveServices/accounts/projects", FeatureInventory),
	azureRead("cognitiveservices", "Microsoft.CognitiveServices/accounts/connections", FeatureInventory),
	azureRead("cognitiveservices", "Microsoft.CognitiveServices/accounts/projects/connections", FeatureInventory),
	Permission{Cloud: "azure", Service: "cognitiveservices", Operation: "GET projects/assistants",
		Permission: "Microsoft.CognitiveServices/accounts/AIServices/agents/read (data action)", Feature: FeatureInventory},
	azureRead("insights", "Microsoft.Insights/diagnosticSettings", FeatureInventory),
	Permission{Cloud: "azure", Service: "insights", Operation: "GET Microsoft.Insights/eventtypes/management/values",
		Permission: "Microsoft.Insights/eventtypes/values/read", Feature: FeatureActivity},
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/workspaces", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/workspaces/computes", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/workspaces/datastores", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/workspaces/data", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/workspaces/data/versions", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/workspaces/models", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/workspaces/models/versions", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/registries", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/registries/models", FeatureInventory),
	azureRead("machinelearningservices", "Microsoft.MachineLearningServices/registries/models/versions", FeatureInventory),
	azureRead("storage", "Microsoft.Storage/storageAccounts", FeatureExposure),
	azureRead("storage", "Microsoft.Storage/storageAccounts/blobServices/containers", FeatureExposure),
	azureRead("authorization", "Microsoft.Authorization/roleAssignments", FeatureAccess),
	azureRead("authorization", "Microsoft.Authorization/roleDefinitions", FeatureAccess),
	Permission{Cloud: "azure", Service: "storage", Operation: "GET blob list",
		Permission: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data action)", Feature: FeatureScan},
	Permission{Cloud: "azure", Service: "storage", Operation: "GET blob",
		Permission: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data action)", Feature: FeatureScan},

	gcpPerm("aiplatform", "/google.cloud.location.Locations/ListLocations", "aiplatform.locations.list", FeatureDiscovery),
	vertexPerm("EndpointService/ListEndpoints", "endpoints.list"),
	vertexPerm("EndpointService/GetEndpoint", "endpoints.get"),
	vertexPerm("ModelService/ListModels", "models.list"),
	vertexPerm("ModelService/GetModel", "models.get"),
	vertexPerm("DatasetService/ListDatasets", "datasets.list"),
	vertexPerm("DatasetService/GetDataset", "datasets.get"),
	vertexPerm("JobService/ListCustomJobs", "customJobs.list"),
	vertexPerm("JobService/GetCustomJob", "customJobs.get"),
	vertexPerm("PipelineService/ListTrainingPipelines", "trainingPipelines.list"),
	vertexPerm("PipelineService/GetTrainingPipeline", "trainingPipelines.get"),
	vertexPerm("NotebookService/ListNotebookRuntimeTemplates", "notebookRuntimeTemplates.list"),
	vertexPerm("NotebookService/GetNotebookRuntimeTemplate", "notebookRuntimeTemplates.get"),
	vertexPerm("ReasoningEngineService/ListReasoningEngines", "reasoningEngines.list"),
	vertexPerm("ReasoningEngineService/GetReasoningEngine", "reasoningEngines.get"),
	gcpPerm("notebooks", "/google.cloud.notebooks.v2.NotebookService/ListInstances", "notebooks.instances.list", FeatureInventory),
	gcpPerm("notebooks", "/google.cloud.notebooks.v2.NotebookService/GetInstance", "notebooks.instances.get", FeatureInventory),
	gcpPerm("apikeys", "/google.api.apikeys.v2.ApiKeys/ListKeys", "apikeys.keys.list", FeatureKeys),
	gcpPerm("apikeys", "/google.api.apikeys.v2.ApiKeys/GetKey", "apikeys.keys.get", FeatureKeys),
	gcpPerm("logging", "/google.logging.v2.LoggingServiceV2/ListLogEntries", "logging.logEntries.list", FeatureActivity),
	// Data access audit logs (predict, generateContent, GetKeyString) are private logs.
	gcpPerm("logging", "/google.logging.v2.LoggingServiceV2/ListLogEntries", "logging.privateLogEntries.list", FeatureActivity),
	gcpPerm("storage", "GET GetBucket", "storage.buckets.get", FeatureExposure),
	gcpPerm("storage", "GET GetBucketIamPolicy", "storage.buckets.getIamPolicy", FeatureExposure),
	gcpPerm("cloudasset", "GET AnalyzeIamPolicy", "cloudasset.assets.analyzeIamPolicy", FeatureAccess),
	gcpPerm("cloudresourcemanager", "POST GetProjectIamPolicy", "resourcemanager.projects.getIamPolicy", FeatureAccess),
	gcpPerm("storage", "GET ListObjects", "storage.objects.list", FeatureScan),
	gcpPerm("storage", "GET GetObject", "storage.objects.get", FeatureScan),
	gcpPerm("iam", "GET ListServiceAccountKeys", "iam.serviceAccountKeys.list", FeatureOwners),
)

// PermissionFor returns the permission an operation needs.
func PermissionFor(cloud, service, operation string) (Permission, bool) {
	for _, p := range Permissions {
		if p.Cloud == cloud && p.Service == service && p.Operation == operation {
			return p, true
		}
	}
	return Permission{}, false
}
