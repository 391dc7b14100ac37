package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var reasoningEngines = gcpSource(gcp.AIPlatform, func(ctx context.Context, c *gcp.Clients, sc cloud.Scope, q quals, emit func(*gcp.ReasoningEngine) bool) error {
	return gcp.ListReasoningEngines(ctx, c, sc, vertexFilter(q), emit)
})

func tableGCPVertexReasoningEngine() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_vertex_reasoning_engine",
		description: "Vertex AI Agent Engine (reasoning engine) deployments: the agent framework, the pickled agent object in Cloud Storage, the identity it runs as, networking and CMEK.",
		keys:        []string{"name", "resource_name", "display_name"},
		sources:     []source{reasoningEngines},
		columns: []*plugin.Column{
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "The full resource name: projects/{project}/locations/{location}/reasoningEngines/{id}."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("description", proto.ColumnType_STRING, "Description", "The description."),
			col("agent_framework", proto.ColumnType_STRING, "AgentFramework", "The agent framework (langchain, langgraph, ag2, llama-index, custom, ...)."),
			col("service_account", proto.ColumnType_STRING, "ServiceAccount", "The service account the agent runs as; null means the default Agent Engine service agent."),
			col("pickle_object_gcs_uri", proto.ColumnType_STRING, "PickleObjectURI", "The Cloud Storage URI of the pickled agent object: Python code that runs when loaded, and a target for artifact scanning."),
			col("requirements_gcs_uri", proto.ColumnType_STRING, "RequirementsURI", "The Cloud Storage URI of the agent's requirements.txt."),
			col("dependency_files_gcs_uri", proto.ColumnType_STRING, "DependencyFiles", "The Cloud Storage URI of the agent's dependency files."),
			col("python_version", proto.ColumnType_STRING, "PythonVersion", "The Python version of the agent runtime."),
			col("container_image", proto.ColumnType_STRING, "ContainerImage", "The container image, for container-deployed agents."),
			col("env_names", proto.ColumnType_JSON, "EnvNames", "The names of the environment variables; values are not emitted (secret_findings lists the secrets in them)."),
			col("secret_env_names", proto.ColumnType_JSON, "SecretEnvNames", "The names of the environment variables filled from Secret Manager."),
			secretsColumn("secret_findings", "Secrets", "the environment values (not emitted; where: env.<name>)"),
			col("private_service_connect_interface", proto.ColumnType_BOOL, "PrivateNetworking", "True when the agent reaches private networks through a PSC interface."),
			col("kms_key_name", proto.ColumnType_STRING, "KmsKeyName", "The Cloud KMS key (CMEK) of encryptionSpec."),
			gcpCMEKColumn(),
			col("create_time", proto.ColumnType_TIMESTAMP, "CreateTime", "When the engine was created."),
			col("update_time", proto.ColumnType_TIMESTAMP, "UpdateTime", "When the engine was last updated."),
		},
	}
}
