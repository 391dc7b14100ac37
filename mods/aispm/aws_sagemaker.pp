benchmark "aws" {
  title       = "AWS AI services"
  description = "Controls for Amazon SageMaker and Amazon Bedrock."
  children = [
    control.aws_sagemaker_endpoint_kms_encrypted,
    control.aws_sagemaker_endpoint_data_capture_encrypted,
    control.aws_sagemaker_endpoint_multi_instance,
  ]
  tags = local.aws_common_tags
}

control "aws_sagemaker_endpoint_kms_encrypted" {
  title       = "SageMaker endpoint storage should be encrypted with a customer-managed KMS key"
  description = "The ML storage volumes of an endpoint's instances hold the model artifacts and any data the container writes. With an AWS-managed key you cannot restrict or audit who may decrypt them. Fix: create a new endpoint config with KmsKeyId set to a customer-managed key and update the endpoint to it."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select arn, name, account_id, region, kms_key_id, kms_key_id is not null as ok
      from aispm_aws_sagemaker_endpoint
    )
    select
      arn as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then name || ' storage is encrypted with ' || kms_key_id || '.'
           else name || ' storage is encrypted with an AWS-managed key, not a customer-managed KMS key.' end as reason,
      account_id, region
    from c;
  EOQ
  tags = merge(local.aws_common_tags, {
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "AML.T0024,M0012"
    nist_ai_rmf    = "MANAGE 2.2"
    iso_42001      = "A.7.5"
  })
}

control "aws_sagemaker_endpoint_data_capture_encrypted" {
  title       = "SageMaker endpoint data capture should be encrypted with a customer-managed KMS key"
  description = "Data capture writes every sampled request and response (prompts, inputs, predictions) to S3. Without a KMS key on the capture config that data is only encrypted with S3-managed keys. Fix: set DataCaptureConfig.KmsKeyId in a new endpoint config."
  severity    = "high"
  sql         = <<-EOQ
    with c as (
      select arn, name, account_id, region,
        coalesce((data_capture ->> 'enabled')::bool, false) as capturing,
        data_capture ->> 'kms_key_id' as key,
        data_capture ->> 'destination_s3_uri' as destination
      from aispm_aws_sagemaker_endpoint
    ), v as (
      select *, capturing and key is not null as ok from c
    )
    select
      arn as resource,
      case when not capturing then 'skip' when ok then 'ok' else 'alarm' end as status,
      case when not capturing then name || ' does not capture data.'
           when ok then name || ' captures data to ' || destination || ' encrypted with ' || key || '.'
           else name || ' captures requests and responses to ' || destination || ' without a KMS key.' end as reason,
      account_id, region
    from v;
  EOQ
  tags = merge(local.aws_common_tags, {
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "AML.T0024,M0012"
    iso_42001      = "A.7.5"
    eu_ai_act      = "Art. 10"
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
    owasp_llm_2025 = "LLM10"
    nist_ai_rmf    = "MANAGE 2.4"
    eu_ai_act      = "Art. 15"
  })
}
