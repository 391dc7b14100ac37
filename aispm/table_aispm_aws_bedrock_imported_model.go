package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var bedrockImportedModels = withAWSDetail(
	awsSource(aws.Bedrock, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.BedrockImportedModel) bool) error {
		return aws.ListBedrockImportedModels(ctx, c, aws.NameFilter{Name: q.str("name"), Created: q.timeRange("creation_time")}, emit)
	}), aws.GetBedrockImportedModel)

func tableAWSBedrockImportedModel() *tableDef {
	return &tableDef{
		name:        "aispm_aws_bedrock_imported_model",
		description: "Amazon Bedrock imported models (Custom Model Import): architecture, KMS key, and the S3 location the weights were imported from.",
		keys:        []string{"name"},
		timeKeys:    []string{"creation_time"},
		sources:     []source{bedrockImportedModels},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the imported model."),
			col("model_architecture", proto.ColumnType_STRING, "Architecture", "The model architecture (llama3, mistral, ...)."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the model was imported."),
		},
		detailColumns: []*plugin.Column{
			col("model_kms_key_arn", proto.ColumnType_STRING, "KmsKeyArn", "The KMS key encrypting the model; null means an AWS-owned key. Whether it is customer managed: model_kms_key_customer_managed."),
			col("model_kms_key_customer_managed", proto.ColumnType_BOOL, "KmsKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("job_arn", proto.ColumnType_STRING, "JobArn", "The import job."),
			col("model_source_s3_uri", proto.ColumnType_STRING, "SourceURI", "The S3 URI the weights were imported from: the join key for aispm_model_scan."),
		},
	}
}
