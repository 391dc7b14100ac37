package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var bedrockLogging = awsScopedSource(aws.Bedrock, func(ctx context.Context, c *aws.Clients, sc cloud.Scope, _ quals, emit func(*aws.BedrockInvocationLogging) bool) error {
	return aws.GetBedrockInvocationLogging(ctx, c, sc.AccountID, emit)
})

func tableAWSBedrockInvocationLogging() *tableDef {
	return &tableDef{
		name:        "aispm_aws_bedrock_invocation_logging",
		description: "Amazon Bedrock model invocation logging, one row per region, including regions where it is not configured: destinations, data types delivered, and the log group's KMS key.",
		sources:     []source{bedrockLogging},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "A stable id for the region's setting: arn:aws:bedrock:<region>:<account>:model-invocation-logging."),
			col("enabled", proto.ColumnType_BOOL, "Enabled", "True when invocations are logged to S3 or CloudWatch Logs."),
			col("s3_bucket", proto.ColumnType_STRING, "S3Bucket", "The S3 bucket logs are delivered to."),
			col("s3_key_prefix", proto.ColumnType_STRING, "S3KeyPrefix", "The key prefix in that bucket."),
			col("s3_sse_algorithm", proto.ColumnType_STRING, "S3Encryption", "The logging bucket's default encryption: aws:kms, aws:kms:dsse or AES256 (SSE-S3)."),
			col("s3_kms_key_id", proto.ColumnType_STRING, "S3KmsKeyID", "The logging bucket's default KMS key."),
			col("s3_kms_key_customer_managed", proto.ColumnType_BOOL, "S3KeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("s3_error", proto.ColumnType_STRING, "S3Error", "Why the logging bucket's encryption could not be read."),
			col("log_group_name", proto.ColumnType_STRING, "LogGroupName", "The CloudWatch Logs log group."),
			col("log_group_kms_key_id", proto.ColumnType_STRING, "LogGroupKmsKeyID", "The KMS key of the log group; null when it uses AWS-owned encryption."),
			col("log_group_kms_key_customer_managed", proto.ColumnType_BOOL, "LogGroupKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("log_group_error", proto.ColumnType_STRING, "LogGroupError", "Why the log group's key could not be read."),
			col("role_arn", proto.ColumnType_STRING, "RoleArn", "The role Bedrock uses to write to CloudWatch Logs."),
			col("large_data_s3_bucket", proto.ColumnType_STRING, "LargeDataS3Bucket", "Where payloads too large for CloudWatch go."),
			col("text_data_delivery", proto.ColumnType_BOOL, "TextDataDelivery", "Whether text prompts and completions are logged."),
			col("image_data_delivery", proto.ColumnType_BOOL, "ImageDataDelivery", "Whether images are logged."),
			col("embedding_data_delivery", proto.ColumnType_BOOL, "EmbeddingDataDeliver", "Whether embeddings are logged."),
		},
	}
}
