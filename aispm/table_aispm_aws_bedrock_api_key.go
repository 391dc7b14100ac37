package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var bedrockAPIKeys = awsScopedSource(aws.IAM, func(ctx context.Context, c *aws.Clients, sc cloud.Scope, q quals, emit func(*aws.BedrockAPIKey) bool) error {
	return aws.ListBedrockAPIKeys(ctx, c, sc.AccountID, q.str("user_name"), emit)
})

func tableAWSBedrockAPIKey() *tableDef {
	return &tableDef{
		name:        "aispm_aws_bedrock_api_key",
		description: "Amazon Bedrock long-term API keys: IAM service-specific credentials for bedrock.amazonaws.com across all users, with status, creation and expiry. Metadata only: the secret is never requested.",
		keys:        []string{"user_name"},
		sources:     []source{bedrockAPIKeys},
		columns: []*plugin.Column{
			col("id", proto.ColumnType_STRING, "ID", "A unique id: the user's ARN followed by /service-specific-credential/<credential id> (IAM gives these credentials no ARN of their own)."),
			col("service_specific_credential_id", proto.ColumnType_STRING, "CredentialID", "The credential id."),
			col("user_name", proto.ColumnType_STRING, "UserName", "The IAM user the key belongs to."),
			col("user_arn", proto.ColumnType_STRING, "UserArn", "The ARN of that user."),
			col("status", proto.ColumnType_STRING, "Status", "Active, Inactive or Expired."),
			col("service_user_name", proto.ColumnType_STRING, "ServiceUserName", "The user name the key presents to Bedrock."),
			col("service_credential_alias", proto.ColumnType_STRING, "Alias", "The key's alias."),
			col("create_date", proto.ColumnType_TIMESTAMP, "CreateDate", "When the key was created."),
			col("expiration_date", proto.ColumnType_TIMESTAMP, "ExpirationDate", "When the key expires; null for a key that never expires."),
		},
	}
}
