package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var sageMakerDomains = withAWSDetail(
	awsSource(aws.SageMaker, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.SageMakerDomain) bool) error {
		return aws.ListSageMakerDomains(ctx, c, q.str("domain_id"), emit)
	}), aws.DescribeSageMakerDomain)

func tableAWSSageMakerDomain() *tableDef {
	return &tableDef{
		name:        "aispm_aws_sagemaker_domain",
		description: "Amazon SageMaker (Studio) domains: app network access type, auth mode, KMS key, VPC and subnets, default execution role.",
		keys:        []string{"domain_id"},
		sources:     []source{sageMakerDomains},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the domain."),
			col("domain_id", proto.ColumnType_STRING, "DomainID", "The domain id (d-...)."),
			col("status", proto.ColumnType_STRING, "Status", "InService, Pending, Failed, ..."),
			col("url", proto.ColumnType_STRING, "URL", "The Studio URL."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the domain was created."),
		},
		detailColumns: []*plugin.Column{
			col("app_network_access_type", proto.ColumnType_STRING, "AppNetworkAccessType", "PublicInternetOnly (SageMaker provides internet access) or VpcOnly (all traffic through your VPC)."),
			col("auth_mode", proto.ColumnType_STRING, "AuthMode", "SSO (IAM Identity Center) or IAM."),
			col("kms_key_id", proto.ColumnType_STRING, "KmsKeyID", "The KMS key encrypting the domain's EFS volume; null means an AWS-managed key. Whether a named key is customer managed: kms_key_customer_managed."),
			col("kms_key_customer_managed", proto.ColumnType_BOOL, "KmsKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("vpc_id", proto.ColumnType_STRING, "VpcID", "The VPC of the domain."),
			col("subnet_ids", proto.ColumnType_JSON, "SubnetIDs", "The subnets of the domain."),
			col("default_execution_role", proto.ColumnType_STRING, "DefaultExecutionRole", "The default execution role of the domain's users."),
			col("default_security_groups", proto.ColumnType_JSON, "SecurityGroups", "The default security groups of the domain's users."),
		},
	}
}
