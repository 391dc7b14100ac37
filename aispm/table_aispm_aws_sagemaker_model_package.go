package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var sageMakerModelPackages = withAWSDetail(
	awsSource(aws.SageMaker, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.SageMakerModelPackage) bool) error {
		return aws.ListSageMakerModelPackages(ctx, c, q.str("arn"), emit)
	}), aws.DescribeSageMakerModelPackage)

func tableAWSSageMakerModelPackage() *tableDef {
	return &tableDef{
		name:        "aispm_aws_sagemaker_model_package",
		description: "Amazon SageMaker model packages (model registry versions): group, version, approval status, model data URLs and images.",
		keys:        []string{"arn"},
		sources:     []source{sageMakerModelPackages},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the model package."),
			col("model_package_group_name", proto.ColumnType_STRING, "GroupName", "The model package group (registry entry); null for unversioned packages."),
			col("model_package_version", proto.ColumnType_INT, "Version", "The version within the group."),
			col("model_package_status", proto.ColumnType_STRING, "Status", "Pending, InProgress, Completed, Failed, Deleting."),
			col("model_approval_status", proto.ColumnType_STRING, "ApprovalStatus", "Approved, Rejected or PendingManualApproval."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the package was created."),
		},
		detailColumns: []*plugin.Column{
			col("approval_description", proto.ColumnType_STRING, "ApprovalDescription", "The description given with the approval status."),
			col("last_modified_time", proto.ColumnType_TIMESTAMP, "LastModifiedTime", "When the package (its approval status included) was last modified."),
			col("approved_at_registration", proto.ColumnType_BOOL, "ApprovedAtRegistration", "True when the package is Approved and was never modified after it was created: it was registered already approved, so no one approved it in the registry."),
			col("model_data_urls", proto.ColumnType_JSON, "ModelDataURLs", "The S3 URIs of the model artifacts of the inference containers."),
			col("images", proto.ColumnType_JSON, "Images", "The inference container images."),
			secretsColumn("secret_findings", "Secrets", "the inference containers' environment values (not emitted)"),
			col("kms_key_id", proto.ColumnType_STRING, "KmsKeyID", "The KMS key of the package's security config."),
			col("kms_key_customer_managed", proto.ColumnType_BOOL, "KmsKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("source_uri", proto.ColumnType_STRING, "SourceURI", "Where the model came from."),
		},
	}
}
