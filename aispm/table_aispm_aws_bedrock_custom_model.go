package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var bedrockCustomModels = withAWSDetail(
	awsSource(aws.Bedrock, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.BedrockCustomModel) bool) error {
		return aws.ListBedrockCustomModels(ctx, c, aws.NameFilter{Name: q.str("name"), Created: q.timeRange("creation_time")}, emit)
	}), aws.GetBedrockCustomModel)

func tableAWSBedrockCustomModel() *tableDef {
	return &tableDef{
		name:        "aispm_aws_bedrock_custom_model",
		description: "Amazon Bedrock custom models (fine-tuned, continued pre-training, distilled): base model, KMS key, and the training, validation and output data of the customization job.",
		keys:        []string{"name"},
		timeKeys:    []string{"creation_time"},
		sources:     []source{bedrockCustomModels},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the custom model."),
			col("base_model_arn", proto.ColumnType_STRING, "BaseModelArn", "The foundation model it was customized from."),
			col("customization_type", proto.ColumnType_STRING, "CustomizationType", "FINE_TUNING, CONTINUED_PRE_TRAINING, DISTILLATION, ..."),
			col("model_status", proto.ColumnType_STRING, "Status", "Active, Creating or Failed."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the model was created."),
		},
		detailColumns: []*plugin.Column{
			col("model_kms_key_arn", proto.ColumnType_STRING, "KmsKeyArn", "The KMS key encrypting the model; null means an AWS-owned key. Whether it is customer managed: model_kms_key_customer_managed."),
			col("model_kms_key_customer_managed", proto.ColumnType_BOOL, "KmsKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("job_arn", proto.ColumnType_STRING, "JobArn", "The customization job that produced the model."),
			col("training_data_s3_uri", proto.ColumnType_STRING, "TrainingDataURI", "The S3 URI of the training data."),
			col("validation_data_s3_uris", proto.ColumnType_JSON, "ValidationDataURI", "The S3 URIs of the validation data."),
			col("output_data_s3_uri", proto.ColumnType_STRING, "OutputDataURI", "Where the job wrote its output (metrics)."),
		},
	}
}
