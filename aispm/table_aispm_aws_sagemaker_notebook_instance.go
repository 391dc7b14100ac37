package aispm

import (
	"context"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

var sageMakerNotebooks = withAWSDetail(
	awsSource(aws.SageMaker, func(ctx context.Context, c *aws.Clients, q quals, emit func(*aws.SageMakerNotebookInstance) bool) error {
		return aws.ListSageMakerNotebookInstances(ctx, c, aws.NameFilter{Name: q.str("name"), Created: q.timeRange("creation_time")}, emit)
	}), aws.DescribeSageMakerNotebookInstance)

func tableAWSSageMakerNotebookInstance() *tableDef {
	return &tableDef{
		name:        "aispm_aws_sagemaker_notebook_instance",
		description: "Amazon SageMaker notebook instances: direct internet access, root access, subnet and security groups, KMS key, IMDS minimum version, platform, role and lifecycle config.",
		keys:        []string{"name"},
		timeKeys:    []string{"creation_time"},
		sources:     []source{sageMakerNotebooks},
		columns: []*plugin.Column{
			col("arn", proto.ColumnType_STRING, "Arn", "The ARN of the notebook instance."),
			col("notebook_instance_status", proto.ColumnType_STRING, "Status", "InService, Stopped, Pending, ..."),
			col("instance_type", proto.ColumnType_STRING, "InstanceType", "The ML instance type."),
			col("lifecycle_config_name", proto.ColumnType_STRING, "LifecycleConfigName", "The lifecycle configuration run on create/start; see aispm_aws_sagemaker_lifecycle_config."),
			col("url", proto.ColumnType_STRING, "URL", "The Jupyter URL."),
			col("creation_time", proto.ColumnType_TIMESTAMP, "CreationTime", "When the instance was created."),
		},
		detailColumns: []*plugin.Column{
			col("direct_internet_access", proto.ColumnType_STRING, "DirectInternetAccess", "Enabled or Disabled: whether SageMaker gives the instance internet access outside your VPC."),
			col("root_access", proto.ColumnType_STRING, "RootAccess", "Enabled or Disabled: whether users get root on the instance."),
			col("subnet_id", proto.ColumnType_STRING, "SubnetID", "The VPC subnet; null when the instance is not in your VPC."),
			col("security_groups", proto.ColumnType_JSON, "SecurityGroups", "The security groups of the instance's network interface."),
			col("kms_key_id", proto.ColumnType_STRING, "KmsKeyID", "The KMS key encrypting the ML storage volume; null means an AWS-managed key. Whether a named key is customer managed: kms_key_customer_managed."),
			col("kms_key_customer_managed", proto.ColumnType_BOOL, "KmsKeyCMK", "True when the key is customer managed (kms:DescribeKey says KeyManager CUSTOMER); false for no key, an aws/ alias or an AWS-managed key; null when KMS would not describe the key."),
			col("minimum_imds_version", proto.ColumnType_STRING, "MinimumIMDSVersion", "The minimum instance metadata service version: 2 means IMDSv2 only; 1 (the default) allows IMDSv1."),
			col("platform_identifier", proto.ColumnType_STRING, "PlatformIdentifier", "The platform (notebook-al2-v3, ...)."),
			col("role_arn", proto.ColumnType_STRING, "RoleArn", "The IAM role the instance runs as."),
		},
	}
}
