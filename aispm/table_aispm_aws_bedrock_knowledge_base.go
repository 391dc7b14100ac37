package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var bedrockKnowledgeBases = withAWSDetail(
	awsSource(aws.BedrockAgents, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.BedrockKnowledgeBase) bool) error {
		return aws.ListBedrockKnowledgeBases(ctx, c, q.str("knowledge_base_id"), emit)
	}), aws.GetBedrockKnowledgeBase)

func tableAWSBedrockKnowledgeBase() *tableDef {
	return &tableDef{
		name:        "aispm_aws_bedrock_knowledge_base",
		description: "Amazon Bedrock knowledge bases with their data sources: role, embedding model, vector storage, and for each data source its type, S3 bucket and prefixes, and KMS key.",
		keys:        []string{"knowledge_base_id"},
		sources:     []source{bedrockKnowledgeBases},
		columns: []*plugin.Column{
			col("knowledge_base_id", proto.ColumnType_STRING, "KnowledgeBaseID", "The knowledge base id."),
			col("status", proto.ColumnType_STRING, "Status", "ACTIVE, CREATING, FAILED, ..."),
		},
		detailColumns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the knowledge base."),
			col("role_arn", proto.ColumnType_STRING, "RoleArn", "The IAM role the knowledge base uses."),
			col("type", proto.ColumnType_STRING, "Type", "VECTOR, KENDRA or SQL."),
			col("embedding_model_arn", proto.ColumnType_STRING, "EmbeddingModel", "The embedding model."),
			col("storage_type", proto.ColumnType_STRING, "StorageType", "The vector store (OPENSEARCH_SERVERLESS, S3_VECTORS, RDS, ...)."),
			col("storage_target", proto.ColumnType_STRING, "StorageTarget", "The vector store resource (for example the OpenSearch Serverless collection ARN)."),
			col("data_sources", proto.ColumnType_JSON, "DataSources", "Data sources: id, name, type, status, bucket, inclusion_prefixes, kms_key_arn, data_deletion_policy."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the knowledge base was created."),
		},
	}
}
