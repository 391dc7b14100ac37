locals {
  aws_sql     = replace(replace(local.check_sql, "__RESOURCE__", "arn"), "__DIMS__", "account_id, region")
  aws_cmk_sql = replace(replace(replace(local.cmk_sql, "__RESOURCE__", "arn"), "__DIMS__", "account_id, region"), "__PROVIDER__", "AWS")

  # Who holds an AI full-access managed policy (__POLICY__): one alarm per user,
  # group or role, and one ok row when it is attached to nothing.
  aws_full_access_sql = <<-EOQ
    select id as resource,
      case when entity_name is null then 'ok' else 'alarm' end as status,
      case when entity_name is null then policy_name || ' is attached to no user, group or role.'
           else entity_type || ' ' || entity_name || ' has ' || policy_name || ' attached.' end as reason,
      account_id, region
    from aispm_aws_iam_ai_policy_attachment
    where policy_name = '__POLICY__';
  EOQ
}

benchmark "aws" {
  title       = "AWS AI services"
  description = "Controls for Amazon SageMaker and Amazon Bedrock."
  children = [
    control.aws_sagemaker_endpoint_kms_encrypted,
    control.aws_sagemaker_endpoint_data_capture_encrypted,
    control.aws_sagemaker_endpoint_multi_instance,
    control.aws_sagemaker_notebook_direct_internet_disabled,
    control.aws_sagemaker_notebook_root_disabled,
    control.aws_sagemaker_notebook_in_vpc,
    control.aws_sagemaker_notebook_kms,
    control.aws_sagemaker_notebook_imdsv2,
    control.aws_sagemaker_domain_vpc_only,
    control.aws_sagemaker_domain_kms,
    control.aws_sagemaker_model_network_isolation,
    control.aws_sagemaker_model_in_vpc,
    control.aws_sagemaker_training_job_network_isolation,
    control.aws_sagemaker_training_job_traffic_encryption,
    control.aws_sagemaker_training_job_in_vpc,
    control.aws_sagemaker_training_job_kms,
    control.aws_bedrock_guardrail_prompt_attack_high,
    control.aws_bedrock_guardrail_harm_filters,
    control.aws_bedrock_guardrail_pii,
    control.aws_bedrock_guardrail_contextual_grounding,
    control.aws_bedrock_guardrail_cmk,
    control.aws_bedrock_guardrail_standard_tier,
    control.aws_bedrock_agent_guardrail,
    control.aws_bedrock_agent_cmk,
    control.aws_bedrock_knowledge_base_cmk,
    control.aws_bedrock_agent_idle_session_ttl,
    control.aws_bedrock_custom_model_cmk,
    control.aws_bedrock_invocation_logging_enabled,
    control.aws_bedrock_invocation_logging_encrypted,
    control.aws_bedrock_api_key_expires,
    control.aws_bedrock_agent_dedicated_role,
    control.aws_iam_no_bedrock_full_access,
    control.aws_iam_no_sagemaker_full_access,
    control.aws_sagemaker_lifecycle_config_no_secrets,
    control.aws_sagemaker_model_package_manual_approval,
  ]
  tags = local.aws_common_tags
}

control "aws_sagemaker_endpoint_kms_encrypted" {
  title       = "SageMaker endpoint storage should be encrypted with a customer-managed KMS key"
  description = "The ML storage volumes of an endpoint's instances hold the model artifacts and any data the container writes. Without a key, or with an AWS-managed key (alias/aws/sagemaker, or any key whose KeyManager is AWS), you cannot restrict or audit who may decrypt them. Fix: create a new endpoint config with KmsKeyId set to a customer-managed key and update the endpoint to it."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_cmk_sql, "__TABLE__", "aispm_aws_sagemaker_endpoint"), "__KEY__", "kms_key_id"), "__CMK__", "kms_key_customer_managed"), "__WHAT__", "ML storage")
  tags = merge(local.aws_common_tags, {
    domain      = "data_protection"
    mitre_atlas = "AML.T0035,M0012"
  })
}

control "aws_sagemaker_endpoint_data_capture_encrypted" {
  title       = "SageMaker endpoint data capture should be encrypted with a customer-managed KMS key"
  description = "Data capture writes every sampled request and response (prompts, inputs, predictions) to S3. Without a KMS key on the capture config that data is encrypted with S3-managed keys; an AWS-managed key (aws/s3) cannot be restricted either. Fix: set DataCaptureConfig.KmsKeyId to a customer-managed key in a new endpoint config."
  severity    = "high"
  sql         = <<-EOQ
    with c as (
      select arn, name, account_id, region,
        coalesce((data_capture ->> 'enabled')::bool, false) as capturing,
        data_capture ->> 'kms_key_id' as key,
        (data_capture ->> 'kms_key_customer_managed')::bool as cmk,
        data_capture ->> 'destination_s3_uri' as destination
      from aispm_aws_sagemaker_endpoint
    )
    select
      arn as resource,
      case when not capturing then 'skip' when cmk then 'ok' when cmk is null then 'info' else 'alarm' end as status,
      case when not capturing then name || ' does not capture data.'
           when cmk then name || ' captures data to ' || destination || ' encrypted with the customer-managed key ' || key || '.'
           when cmk is null then name || ' captures data to ' || destination || ' encrypted with ' || key || ', whose manager could not be read.'
           when key is null then name || ' captures requests and responses to ' || destination || ' without a KMS key (S3-managed encryption).'
           else name || ' captures requests and responses to ' || destination || ' encrypted with ' || key || ', an AWS-managed key.' end as reason,
      account_id, region
    from c;
  EOQ
  tags = merge(local.aws_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "AML.T0057,M0012"
    nist_ai_rmf    = "MEASURE 2.10"
    iso_42001      = "A.6.2.8"
    eu_ai_act      = "Art.12"
  })
}

control "aws_sagemaker_endpoint_multi_instance" {
  title       = "SageMaker production variants should run on more than one instance"
  description = "A variant on a single instance has no redundancy across Availability Zones: one instance failure takes the model offline. Fix: set InitialInstanceCount to 2 or more, or attach an auto scaling policy with a minimum of 2."
  severity    = "low"
  sql         = <<-EOQ
    with v as (
      select e.arn, e.name, e.account_id, e.region,
        string_agg(p ->> 'variant_name', ', ') filter (
          where not (p ->> 'serverless')::bool and (p ->> 'current_instance_count')::int < 2
        ) as single
      from aispm_aws_sagemaker_endpoint e
      left join lateral jsonb_array_elements(e.production_variants) p on true
      group by e.arn, e.name, e.account_id, e.region
    ), c as (
      select *, single is null as ok from v
    )
    select
      arn as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then name || ' runs every production variant on 2 or more instances.'
           else name || ' runs variant(s) ' || single || ' on a single instance.' end as reason,
      account_id, region
    from c;
  EOQ
  tags = merge(local.aws_common_tags, {
    domain         = "notebooks_and_compute"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0029"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}
control "aws_sagemaker_notebook_direct_internet_disabled" {
  title       = "SageMaker notebook instances should not have direct internet access"
  description = "With direct internet access SageMaker gives the instance its own route out, bypassing your VPC's egress controls: data and credentials can leave unobserved. Fix: recreate the instance in a VPC subnet with DirectInternetAccess = Disabled."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_notebook_instance"), "__OK__", "direct_internet_access = 'Disabled'"), "__GOOD__", "has no direct internet access"), "__BAD__", "has direct internet access")
  tags = merge(local.aws_common_tags, {
    domain      = "network_exposure"
    mitre_atlas = "AML.T0025,M0005"
  })
}

control "aws_sagemaker_notebook_root_disabled" {
  title       = "SageMaker notebook instances should not give users root access"
  description = "Root lets a notebook user change the instance, read other users' files and tamper with the execution role's credentials. Fix: set RootAccess = Disabled."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_notebook_instance"), "__OK__", "root_access = 'Disabled'"), "__GOOD__", "does not give users root"), "__BAD__", "gives users root access")
  tags = merge(local.aws_common_tags, {
    domain      = "notebooks_and_compute"
    mitre_atlas = "M0019"
  })
}

control "aws_sagemaker_notebook_in_vpc" {
  title       = "SageMaker notebook instances should run in a VPC subnet"
  description = "Outside a VPC the instance's traffic escapes security groups, VPC endpoints and flow logs. Fix: recreate the instance with a SubnetId and security groups."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_notebook_instance"), "__OK__", "subnet_id is not null"), "__GOOD__", "runs in a VPC subnet"), "__BAD__", "runs outside your VPC")
  tags = merge(local.aws_common_tags, {
    domain      = "network_exposure"
    mitre_atlas = "M0005"
  })
}

control "aws_sagemaker_notebook_kms" {
  title       = "SageMaker notebook instance volumes should be encrypted with a customer-managed KMS key"
  description = "The ML storage volume holds notebooks, datasets and cached credentials; an AWS-managed key cannot be restricted or audited. Fix: recreate the instance with KmsKeyId."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_cmk_sql, "__TABLE__", "aispm_aws_sagemaker_notebook_instance"), "__KEY__", "kms_key_id"), "__CMK__", "kms_key_customer_managed"), "__WHAT__", "ML storage volume")
  tags = merge(local.aws_common_tags, {
    domain      = "data_protection"
    mitre_atlas = "M0012"
    nist_ai_rmf = "MEASURE 2.10"
  })
}

control "aws_sagemaker_notebook_imdsv2" {
  title       = "SageMaker notebook instances should require IMDSv2"
  description = "IMDSv1 lets any SSRF in notebook code read the instance role's credentials. Fix: set InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion = 2."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_notebook_instance"), "__OK__", "minimum_imds_version = '2'"), "__GOOD__", "requires IMDSv2"), "__BAD__", "still allows IMDSv1")
  tags = merge(local.aws_common_tags, {
    domain      = "identity_and_keys"
    mitre_atlas = "AML.T0055,M0019"
  })
}

control "aws_sagemaker_domain_vpc_only" {
  title       = "SageMaker domains should route app traffic through the VPC only"
  description = "With PublicInternetOnly, Studio apps reach the internet through SageMaker's network and skip your VPC controls. Fix: create the domain with AppNetworkAccessType = VpcOnly."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_domain"), "__OK__", "app_network_access_type = 'VpcOnly'"), "__GOOD__", "routes app traffic through the VPC only"), "__BAD__", "gives Studio apps direct internet access")
  tags = merge(local.aws_common_tags, {
    domain      = "network_exposure"
    mitre_atlas = "AML.T0025,M0005"
  })
}

control "aws_sagemaker_domain_kms" {
  title       = "SageMaker domain storage should be encrypted with a customer-managed KMS key"
  description = "The domain's EFS home volume holds every user's notebooks and data. Fix: create the domain with KmsKeyId."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_cmk_sql, "__TABLE__", "aispm_aws_sagemaker_domain"), "__KEY__", "kms_key_id"), "__CMK__", "kms_key_customer_managed"), "__WHAT__", "EFS storage")
  tags = merge(local.aws_common_tags, {
    domain      = "data_protection"
    mitre_atlas = "M0012"
    nist_ai_rmf = "MEASURE 2.10"
  })
}

control "aws_sagemaker_model_network_isolation" {
  title       = "SageMaker models should enable network isolation"
  description = "Without isolation the inference container can call out: a malicious or compromised model can exfiltrate inputs and credentials. Fix: create the model with EnableNetworkIsolation = true."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_model"), "__OK__", "enable_network_isolation"), "__GOOD__", "runs with network isolation"), "__BAD__", "runs without network isolation")
  tags = merge(local.aws_common_tags, {
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0010,AML.T0025,M0005"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}

control "aws_sagemaker_model_in_vpc" {
  title       = "SageMaker models should run in a VPC"
  description = "Outside a VPC the model's containers reach AWS services and the internet without your network controls. Fix: create the model with a VpcConfig."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_model"), "__OK__", "vpc_config is not null"), "__GOOD__", "runs in a VPC"), "__BAD__", "runs outside your VPC")
  tags = merge(local.aws_common_tags, {
    domain      = "network_exposure"
    mitre_atlas = "M0005"
  })
}

control "aws_sagemaker_training_job_network_isolation" {
  title       = "SageMaker training jobs should enable network isolation"
  description = "A training container with network access can leak training data or pull a poisoned dependency. Fix: set EnableNetworkIsolation = true."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_training_job"), "__OK__", "enable_network_isolation"), "__GOOD__", "trained with network isolation"), "__BAD__", "trained without network isolation")
  tags = merge(local.aws_common_tags, {
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM04"
    mitre_atlas    = "AML.T0020,M0005"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.7.2"
    eu_ai_act      = "Art.10,Art.15"
  })
}

control "aws_sagemaker_training_job_traffic_encryption" {
  title       = "SageMaker training jobs should encrypt inter-container traffic"
  description = "Distributed training exchanges gradients and data between instances in clear text unless encryption is on. Fix: set EnableInterContainerTrafficEncryption = true."
  severity    = "low"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_training_job"), "__OK__", "inter_container_traffic_encryption"), "__GOOD__", "encrypts traffic between training instances"), "__BAD__", "sends traffic between training instances unencrypted")
  tags = merge(local.aws_common_tags, {
    domain      = "data_protection"
    mitre_atlas = "M0012"
    nist_ai_rmf = "MEASURE 2.10"
  })
}

control "aws_sagemaker_training_job_in_vpc" {
  title       = "SageMaker training jobs should run in a VPC"
  description = "Outside a VPC the job reaches S3 and the internet without your network controls. Fix: set VpcConfig."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_sagemaker_training_job"), "__OK__", "vpc_config is not null"), "__GOOD__", "ran in a VPC"), "__BAD__", "ran outside your VPC")
  tags = merge(local.aws_common_tags, {
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM04"
    mitre_atlas    = "M0005"
  })
}

control "aws_sagemaker_training_job_kms" {
  title       = "SageMaker training job volumes and output should be encrypted with customer-managed KMS keys"
  description = "Training volumes and the output model artifacts hold the training data and the model itself. Fix: set ResourceConfig.VolumeKmsKeyId and OutputDataConfig.KmsKeyId."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select arn, name, account_id, region, volume_kms_key_id as vkey, volume_kms_key_customer_managed as vcmk,
        output_kms_key_id as okey, output_kms_key_customer_managed as ocmk
      from aispm_aws_sagemaker_training_job
    ), v as (
      select *, array_remove(array[
          case when vcmk is not null and not vcmk then 'its volumes (' || coalesce(vkey || ', an AWS-managed key', 'no key') || ')' end,
          case when ocmk is not null and not ocmk then 'its output (' || coalesce(okey || ', an AWS-managed key', 'no key: S3-managed encryption') || ')' end], null) as bad,
        array_remove(array[case when vcmk is null then vkey end, case when ocmk is null then okey end], null) as unknown
      from c
    )
    select arn as resource,
      case when cardinality(bad) > 0 then 'alarm' when cardinality(unknown) > 0 then 'info' else 'ok' end as status,
      name || case when cardinality(bad) > 0 then ' does not encrypt ' || array_to_string(bad, ' or ') || ' with a customer-managed key.'
                   when cardinality(unknown) > 0 then ' uses keys whose manager could not be read: ' || array_to_string(unknown, ', ') || '.'
                   else ' encrypts its volumes and output with customer-managed keys.' end as reason,
      account_id, region
    from v;
  EOQ
  tags = merge(local.aws_common_tags, {
    domain      = "data_protection"
    mitre_atlas = "M0012"
    nist_ai_rmf = "MEASURE 2.10"
    eu_ai_act   = "Art.10"
  })
}

control "aws_iam_no_sagemaker_full_access" {
  title       = "AmazonSageMakerFullAccess should not be attached to any user, group or role"
  description = "AmazonSageMakerFullAccess grants every SageMaker action on every resource, including creating notebooks with root and internet access and reading every model artifact. Fix: replace it with a policy scoped to the resources and actions the principal needs."
  severity    = "high"
  sql         = replace(local.aws_full_access_sql, "__POLICY__", "AmazonSageMakerFullAccess")
  tags = merge(local.aws_common_tags, {
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM06"
    mitre_atlas    = "AML.T0012,M0019"
  })
}

control "aws_sagemaker_lifecycle_config_no_secrets" {
  title       = "SageMaker lifecycle scripts should not embed credentials"
  description = "Lifecycle scripts are readable by anyone who can describe them, and their content ends up in shell profiles and logs. A key written into one is exposed. aispm redacts the scripts (gitleaks' rules and credentials in URLs) and lists each secret by rule and fingerprint. Fix: move the credential to Secrets Manager and fetch it at runtime with the instance role."
  severity    = "high"
  sql         = <<-EOQ
    with c as (
      select arn, name, account_id, region, jsonb_array_length(coalesce(secret_findings, '[]')) as n,
        (select string_agg(distinct (x ->> 'rule') || ' in ' || (x ->> 'where'), ', ') from jsonb_array_elements(coalesce(secret_findings, '[]')) x) as found
      from aispm_aws_sagemaker_lifecycle_config
    )
    select arn as resource,
      case when n = 0 then 'ok' else 'alarm' end as status,
      name || case when n = 0 then ' embeds no credential in its scripts.' else ' embeds ' || n || ' credential(s): ' || found || ' (values not shown).' end as reason,
      account_id, region
    from c;
  EOQ
  tags = merge(local.aws_common_tags, {
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "AML.T0055"
    nist_ai_rmf    = "MEASURE 2.7"
  })
}

control "aws_sagemaker_model_package_manual_approval" {
  title       = "SageMaker model packages should be approved by a review, not registered already approved"
  description = "A model package's approval status gates deployment (CI/CD deploys Approved versions). A package registered with ModelApprovalStatus Approved and never modified since skipped the registry's manual approval step: nobody reviewed the model before it became deployable. Fix: register packages as PendingManualApproval and approve them with UpdateModelPackage after review (with an ApprovalDescription), or require approval in the pipeline."
  severity    = "medium"
  sql         = <<-EOQ
    select arn as resource,
      case when approved_at_registration then 'alarm' else 'ok' end as status,
      name || case
        when approved_at_registration then ' was registered already Approved (created ' || to_char(creation_time, 'YYYY-MM-DD') || ', never modified): no manual approval.'
        when model_approval_status = 'Approved' then ' was approved after registration (' || to_char(last_modified_time, 'YYYY-MM-DD') || coalesce(': ' || approval_description, '') || ').'
        else ' is ' || coalesce(model_approval_status, 'without an approval status') || ': not deployable as approved.' end as reason,
      account_id, region
    from aispm_aws_sagemaker_model_package;
  EOQ
  tags = merge(local.aws_common_tags, {
    domain         = "supply_chain"
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0010.003,M0014"
    nist_ai_rmf    = "MAP 3.5,MANAGE 1.1"
    iso_42001      = "A.6.2.5"
    eu_ai_act      = "Art.14,Art.17"
  })
}
