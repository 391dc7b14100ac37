package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var vertexCustomJobs = gcpSource(gcp.AIPlatform, func(ctx context.Context, c *gcp.Clients, sc cloud.Scope, q quals, emit func(*gcp.VertexCustomJob) bool) error {
	return gcp.ListVertexCustomJobs(ctx, c, sc, vertexFilter(q), emit)
})

func tableGCPVertexCustomJob() *tableDef {
	return &tableDef{
		name:        "aispm_gcp_vertex_custom_job",
		description: "Vertex AI custom training jobs: the identity and network they run with, CMEK, worker pools, and the Cloud Storage data they read and write.",
		keys:        []string{"name", "resource_name", "display_name"},
		sources:     []source{vertexCustomJobs},
		columns: []*plugin.Column{
			col("resource_name", proto.ColumnType_STRING, "ResourceName", "The full resource name: projects/{project}/locations/{location}/customJobs/{id}."),
			col("display_name", proto.ColumnType_STRING, "DisplayName", "The display name."),
			col("state", proto.ColumnType_STRING, "State", "The job state (JOB_STATE_SUCCEEDED, JOB_STATE_RUNNING, ...)."),
			col("service_account", proto.ColumnType_STRING, "ServiceAccount", "The service account the job runs as; null means the Vertex AI Custom Code Service Agent / Compute Engine default account."),
			col("network", proto.ColumnType_STRING, "Network", "The VPC network the job is peered to; null means no private network."),
			col("kms_key_name", proto.ColumnType_STRING, "KmsKeyName", "The Cloud KMS key (CMEK) of encryptionSpec; null means Google-managed encryption."),
			gcpCMEKColumn(),
			col("worker_pools", proto.ColumnType_JSON, "WorkerPools", "Worker pools: machine_type, replica_count, image_uri, python_module, package_uris."),
			col("env_names", proto.ColumnType_JSON, "EnvNames", "The names of the environment variables set on the workers; values are not emitted (secret_findings lists the secrets in them)."),
			secretsColumn("secret_findings", "Secrets", "the worker pools' environment values and arguments (not emitted)"),
			col("input_uris", proto.ColumnType_JSON, "InputURIs", "Cloud Storage URIs named in the workers' command and arguments: the training data the job reads."),
			col("base_output_directory", proto.ColumnType_STRING, "BaseOutputDirectory", "Where the job writes its outputs (model artifacts, checkpoints)."),
			col("enable_web_access", proto.ColumnType_BOOL, "EnableWebAccess", "True when interactive shell access to the workers is enabled."),
			col("error", proto.ColumnType_STRING, "Error", "The error the job failed with, if any."),
			col("create_time", proto.ColumnType_TIMESTAMP, "CreateTime", "When the job was created."),
			col("start_time", proto.ColumnType_TIMESTAMP, "StartTime", "When the job started running."),
			col("end_time", proto.ColumnType_TIMESTAMP, "EndTime", "When the job ended."),
		},
	}
}
