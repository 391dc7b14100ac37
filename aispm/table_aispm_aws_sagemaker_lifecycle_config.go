package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var sageMakerLifecycleConfigs = withAWSDetail(
	awsSource(aws.SageMaker, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.SageMakerLifecycleConfig) bool) error {
		return aws.ListSageMakerLifecycleConfigs(ctx, c, aws.NameFilter{Name: q.str("name")}, emit)
	}), aws.DescribeSageMakerLifecycleConfig)

func tableAWSSageMakerLifecycleConfig() *tableDef {
	return &tableDef{
		name:        "aispm_aws_sagemaker_lifecycle_config",
		description: "Amazon SageMaker notebook instance lifecycle configurations with their on-create and on-start scripts, decoded and redacted: every secret in them is replaced by [redacted:<rule>:<fingerprint>] and listed in secret_findings.",
		keys:        []string{"name"},
		sources:     []source{sageMakerLifecycleConfigs},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the lifecycle configuration."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When it was created."),
		},
		detailColumns: []*plugin.Column{
			col("on_create", proto.ColumnType_JSON, "OnCreate", "The scripts run when an instance is created, base64-decoded and redacted."),
			col("on_start", proto.ColumnType_JSON, "OnStart", "The scripts run each time an instance starts, base64-decoded and redacted."),
			secretsColumn("secret_findings", "SecretFindings", "the scripts (where: on_create[i] or on_start[i])"),
		},
	}
}
