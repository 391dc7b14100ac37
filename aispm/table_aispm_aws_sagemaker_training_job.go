package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var sageMakerTrainingJobs = withAWSDetail(
	awsSource(aws.SageMaker, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.SageMakerTrainingJob) bool) error {
		return aws.ListSageMakerTrainingJobs(ctx, c, aws.TrainingJobFilter{Name: q.str("name"), Status: q.str("training_job_status"), Created: q.timeRange("creation_time")}, emit)
	}), aws.DescribeSageMakerTrainingJob)

func tableAWSSageMakerTrainingJob() *tableDef {
	return &tableDef{
		name:        "aispm_aws_sagemaker_training_job",
		description: "Amazon SageMaker training jobs: input data channels (S3 URIs), output path and KMS keys, network isolation, inter-container traffic encryption, VPC, role and environment variable names.",
		keys:        []string{"name", "training_job_status"},
		timeKeys:    []string{"creation_time"},
		sources:     []source{sageMakerTrainingJobs},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the training job."),
			col("training_job_status", proto.ColumnType_STRING, "Status", "InProgress, Completed, Failed, Stopping, Stopped."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the job was created."),
		},
		detailColumns: []*plugin.Column{
			col("role_arn", proto.ColumnType_STRING, "RoleArn", "The IAM role the job runs as."),
			col("input_data_channels", proto.ColumnType_JSON, "InputChannels", "The input channels: name, s3_uri."),
			col("output_s3_path", proto.ColumnType_STRING, "OutputPath", "Where the model artifacts are written."),
			col("output_kms_key_id", proto.ColumnType_STRING, "OutputKmsKeyID", "The KMS key encrypting the output; null means SSE-S3. Whether it is customer managed: output_kms_key_customer_managed."),
			col("output_kms_key_customer_managed", proto.ColumnType_BOOL, "OutputKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("volume_kms_key_id", proto.ColumnType_STRING, "VolumeKmsKeyID", "The KMS key encrypting the training volumes; null means an AWS-managed key. Whether it is customer managed: volume_kms_key_customer_managed."),
			col("volume_kms_key_customer_managed", proto.ColumnType_BOOL, "VolumeKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("model_artifacts", proto.ColumnType_STRING, "ModelArtifacts", "The S3 URI of the trained model artifacts."),
			col("training_image", proto.ColumnType_STRING, "TrainingImage", "The training container image."),
			col("enable_network_isolation", proto.ColumnType_BOOL, "EnableNetworkIsolation", "True when the training containers have no network access."),
			col("inter_container_traffic_encryption", proto.ColumnType_BOOL, "InterContainerEncryption", "True when traffic between training instances is encrypted."),
			col("vpc_config", proto.ColumnType_JSON, "VPC", "The VPC attachment: subnets, security_groups; null outside a VPC."),
			col("environment_names", proto.ColumnType_JSON, "EnvNames", "The names of the environment variables (values are not emitted; secret_findings lists the secrets in them)."),
			secretsColumn("secret_findings", "Secrets", "the environment and hyperparameter values (not emitted; where: environment.<name>, hyperparameters.<name>)"),
		},
	}
}
