package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var sageMakerEndpoints = withAWSDetail(
	awsSource(aws.SageMaker, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.SageMakerEndpoint) bool) error {
		return aws.ListSageMakerEndpoints(ctx, c, aws.EndpointFilter{Name: q.str("name"), Status: q.str("endpoint_status"), Created: q.timeRange("creation_time")}, emit)
	}),
	func(ctx context.Context, c *aws.Clients, e *aws.SageMakerEndpoint) error {
		_, err := aws.DescribeSageMakerEndpoint(ctx, c, e)
		return err
	})

func tableAWSSageMakerEndpoint() *tableDef {
	return &tableDef{
		name:        "aispm_aws_sagemaker_endpoint",
		description: "Amazon SageMaker real-time inference endpoints, joined with their endpoint configs (variants, KMS key, data capture).",
		keys:        []string{"name", "endpoint_status"},
		timeKeys:    []string{"creation_time"},
		sources:     []source{sageMakerEndpoints},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the endpoint."),
			col("endpoint_status", proto.ColumnType_STRING, "Status", "The endpoint status (InService, Creating, Failed, ...)."),
			col("endpoint_config_name", proto.ColumnType_STRING, "EndpointConfigName", "The endpoint config the endpoint runs."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the endpoint was created."),
			col("last_modified_time", proto.ColumnType_TIMESTAMP, "LastModifiedTime", "When the endpoint was last modified."),
		},
		detailColumns: []*plugin.Column{
			col("failure_reason", proto.ColumnType_STRING, "FailureReason", "Why the endpoint failed, if it did."),
			col("kms_key_id", proto.ColumnType_STRING, "KmsKeyID", "The KMS key that encrypts the ML storage volumes of the endpoint instances (endpoint config KmsKeyId); null means an AWS-managed key. Whether a named key is customer managed: kms_key_customer_managed."),
			col("kms_key_customer_managed", proto.ColumnType_BOOL, "KmsKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("production_variants", proto.ColumnType_JSON, "ProductionVariants", "The production variants: variant_name, model_name, instance_type, initial_instance_count, current_instance_count, initial_variant_weight, serverless."),
			col("data_capture", proto.ColumnType_JSON, "DataCapture", "Data capture (request/response logging): enabled, destination_s3_uri, kms_key_id, sampling_percentage."),
		},
	}
}
