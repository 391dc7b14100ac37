package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var aiPolicyAttachments = awsScopedSource(aws.IAM, func(ctx context.Context, c *aws.Clients, sc cloud.Scope, _ quals, emit func(*aws.PolicyAttachment) bool) error {
	return aws.ListAIPolicyAttachments(ctx, c, sc.AccountID, emit)
})

func tableAWSIAMAIPolicyAttachment() *tableDef {
	return &tableDef{
		name:        "aispm_aws_iam_ai_policy_attachment",
		description: "Who holds the AWS managed AI full-access policies (AmazonBedrockFullAccess, AmazonSageMakerFullAccess): one row per attached user, group or role, and one row with no entity for a policy attached to nothing.",
		sources:     []source{aiPolicyAttachments},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "The attached entity's ARN, or the policy's ARN on the row of a policy attached to nothing."),
			col("policy_name", proto.ColumnType_STRING, "PolicyName", "The managed policy."),
			col("policy_arn", proto.ColumnType_STRING, "PolicyArn", "The managed policy's ARN."),
			col("entity_type", proto.ColumnType_STRING, "EntityType", "user, group or role; null when the policy is attached to nothing."),
			col("entity_name", proto.ColumnType_STRING, "EntityName", "The user, group or role name."),
			col("entity_id", proto.ColumnType_STRING, "EntityID", "The user, group or role id."),
			col("entity_arn", proto.ColumnType_STRING, "EntityArn", "The entity's ARN, assuming the default path / (ListEntitiesForPolicy returns names, not paths)."),
		},
	}
}
