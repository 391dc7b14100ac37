package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var sageMakerModels = withAWSDetail(
	awsSource(aws.SageMaker, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.SageMakerModel) bool) error {
		return aws.ListSageMakerModels(ctx, c, aws.NameFilter{Name: q.str("name"), Created: q.timeRange("creation_time")}, emit)
	}), aws.DescribeSageMakerModel)

func tableAWSSageMakerModel() *tableDef {
	return &tableDef{
		name:        "aispm_aws_sagemaker_model",
		description: "Amazon SageMaker models: execution role, the primary container and every container of an inference pipeline (image, model data), network isolation and VPC; environment values are judged by the redactor, never emitted.",
		keys:        []string{"name"},
		timeKeys:    []string{"creation_time"},
		sources:     []source{sageMakerModels},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the model."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the model was created."),
		},
		detailColumns: []*plugin.Column{
			col("execution_role_arn", proto.ColumnType_STRING, "ExecutionRoleArn", "The IAM role the model's containers run as."),
			col("primary_container", proto.ColumnType_JSON, "PrimaryContainer", "The primary container: image, model_data_url (the S3 artifacts), mode, env_names (values are not emitted; secret_findings lists the secrets in them)."),
			col("containers", proto.ColumnType_JSON, "Containers", "The containers of a multi-container model, in the same shape."),
			secretsColumn("secret_findings", "Secrets", "the containers' environment values (not emitted; where: primary_container.environment.<name> or containers[i].environment.<name>)"),
			col("enable_network_isolation", proto.ColumnType_BOOL, "EnableNetworkIsolation", "True when the containers have no network access."),
			col("vpc_config", proto.ColumnType_JSON, "VPC", "The VPC attachment: subnets, security_groups; null when the model runs outside a VPC."),
		},
	}
}
