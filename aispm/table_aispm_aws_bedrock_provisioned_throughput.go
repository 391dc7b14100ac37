package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var bedrockThroughputs = awsSource(aws.Bedrock, func(ctx context.Context, c *aws.Clients, _ quals, emit func(*aws.BedrockProvisionedThroughput) bool) error {
	return aws.ListBedrockProvisionedThroughputs(ctx, c, emit)
})

func tableAWSBedrockProvisionedThroughput() *tableDef {
	return &tableDef{
		name:        "aispm_aws_bedrock_provisioned_throughput",
		description: "Amazon Bedrock provisioned throughputs: the dedicated capacity serving a base or custom model, with model units and commitment.",
		sources:     []source{bedrockThroughputs},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the provisioned throughput."),
			col("model_arn", proto.ColumnType_STRING, "ModelArn", "The model it serves."),
			col("foundation_model_arn", proto.ColumnType_STRING, "FoundationModelArn", "The foundation model behind it."),
			col("model_units", proto.ColumnType_INT, "ModelUnits", "The model units provisioned."),
			col("status", proto.ColumnType_STRING, "Status", "Creating, InService, Updating or Failed."),
			col("commitment_duration", proto.ColumnType_STRING, "CommitmentDuration", "OneMonth, SixMonths or null (no commitment)."),
			col("commitment_expiration_time", proto.ColumnType_TIMESTAMP, "CommitmentExpires", "When the commitment ends."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When it was created."),
		},
	}
}
