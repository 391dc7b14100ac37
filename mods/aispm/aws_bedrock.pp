
control "aws_bedrock_guardrail_prompt_attack_high" {
  title       = "Bedrock guardrails should block prompt attacks at HIGH strength"
  description = "Prompt-attack filtering below HIGH lets jailbreaks and injected instructions through. Fix: set the PROMPT_ATTACK content filter's input strength to HIGH."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_bedrock_guardrail"), "__OK__", "prompt_attack_strength = 'HIGH'"), "__GOOD__", "blocks prompt attacks at HIGH strength"), "__BAD__", "does not block prompt attacks at HIGH strength")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM01"
    mitre_atlas    = "AML.T0051,M0020"
    nist_ai_rmf    = "MANAGE 2.2"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}

control "aws_bedrock_guardrail_harm_filters" {
  title       = "Bedrock guardrails should filter every harm category"
  description = "A guardrail that leaves out hate, insults, sexual, violence or misconduct lets that content through in prompts or responses. Fix: add each content filter with input and output strength above NONE."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_bedrock_guardrail"), "__OK__", "(select count(distinct f ->> 'type') from jsonb_array_elements(content_filters) f where f ->> 'type' in ('HATE','INSULTS','SEXUAL','VIOLENCE','MISCONDUCT') and f ->> 'input_strength' <> 'NONE' and f ->> 'output_strength' <> 'NONE' and (f ->> 'input_enabled')::bool and (f ->> 'output_enabled')::bool) = 5"), "__GOOD__", "filters every harm category"), "__BAD__", "leaves a harm category unfiltered")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM05"
    mitre_atlas    = "M0020"
    nist_ai_rmf    = "MEASURE 2.6"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}

control "aws_bedrock_guardrail_pii" {
  title       = "Bedrock guardrails should block or mask PII"
  description = "Without sensitive-information filters a model can echo personal data from prompts, context or training. Fix: add PII entities with BLOCK or ANONYMIZE."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_bedrock_guardrail"), "__OK__", "exists (select 1 from jsonb_array_elements(pii_entities) e where e ->> 'action' in ('BLOCK','ANONYMIZE'))"), "__GOOD__", "blocks or masks PII"), "__BAD__", "does not block or mask PII")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "AML.T0057,M0020"
    nist_ai_rmf    = "MEASURE 2.6"
    iso_42001      = "A.7.5"
    eu_ai_act      = "Art.10"
  })
}

control "aws_bedrock_guardrail_contextual_grounding" {
  title       = "Bedrock guardrails should check contextual grounding"
  description = "Grounding and relevance checks catch answers the retrieved sources do not support. Fix: add a GROUNDING filter with a threshold above 0."
  severity    = "low"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_bedrock_guardrail"), "__OK__", "exists (select 1 from jsonb_array_elements(contextual_grounding_filters) f where f ->> 'type' = 'GROUNDING' and (f ->> 'threshold')::float > 0 and (f ->> 'enabled')::bool)"), "__GOOD__", "checks contextual grounding"), "__BAD__", "does not check contextual grounding")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM09"
    mitre_atlas    = "M0020"
    nist_ai_rmf    = "MEASURE 2.5"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}

control "aws_bedrock_guardrail_cmk" {
  title       = "Bedrock guardrails should be encrypted with a customer-managed KMS key"
  description = "The guardrail holds your denied topics, word lists and regexes. Fix: create the guardrail with kmsKeyId."
  severity    = "low"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_bedrock_guardrail"), "__OK__", "kms_key_arn is not null"), "__GOOD__", "is encrypted with a customer-managed key"), "__BAD__", "is encrypted with an AWS-owned key")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0012"
    nist_ai_rmf    = "MEASURE 2.10"
    iso_42001      = "A.7.5"
    eu_ai_act      = "Art.10"
  })
}

control "aws_bedrock_agent_guardrail" {
  title       = "Bedrock agents should have a guardrail"
  description = "An agent without a guardrail answers and acts on any prompt, including injected instructions. Fix: set guardrailConfiguration on the agent and prepare it."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_bedrock_agent"), "__OK__", "guardrail_id is not null"), "__GOOD__", "has a guardrail"), "__BAD__", "has no guardrail")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM01,LLM06"
    mitre_atlas    = "AML.T0051,M0020"
    nist_ai_rmf    = "MEASURE 2.6"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}

control "aws_bedrock_agent_cmk" {
  title       = "Bedrock agents should be encrypted with a customer-managed KMS key"
  description = "Agent resources (instructions, session state) are otherwise encrypted with an AWS-owned key you cannot control. Fix: set customerEncryptionKeyArn."
  severity    = "low"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_bedrock_agent"), "__OK__", "customer_encryption_key_arn is not null"), "__GOOD__", "is encrypted with a customer-managed key"), "__BAD__", "is encrypted with an AWS-owned key")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0012"
    nist_ai_rmf    = "MEASURE 2.10"
    iso_42001      = "A.7.5"
    eu_ai_act      = "Art.10"
  })
}

control "aws_bedrock_knowledge_base_cmk" {
  title       = "Bedrock knowledge base data sources should be encrypted with a customer-managed KMS key"
  description = "Ingestion stores chunks of your documents; without a KMS key on the data source they are encrypted with an AWS-owned key. Fix: set serverSideEncryptionConfiguration.kmsKeyArn on each data source."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_sql, "__TABLE__", "aispm_aws_bedrock_knowledge_base"), "__OK__", "not exists (select 1 from jsonb_array_elements(data_sources) ds where ds ->> 'kms_key_arn' is null)"), "__GOOD__", "encrypts every data source with a customer-managed key"), "__BAD__", "has a data source without a customer-managed key")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "data_protection"
    owasp_llm_2025 = "LLM08"
    mitre_atlas    = "M0012"
    nist_ai_rmf    = "MEASURE 2.10"
    iso_42001      = "A.7.5"
    eu_ai_act      = "Art.10"
  })
}

variable "max_agent_idle_session_ttl" {
  type        = number
  description = "The longest idle session TTL, in seconds, a Bedrock agent may keep."
  default     = 1800
}

control "aws_bedrock_agent_idle_session_ttl" {
  title       = "Bedrock agents should end idle sessions quickly"
  description = "A long idle TTL keeps conversation state (and any data the agent fetched) alive for anyone holding the session id. Fix: lower idleSessionTTLInSeconds to the ceiling or below."
  severity    = "low"
  param "max_ttl" {
    default = var.max_agent_idle_session_ttl
  }
  sql = <<-EOQ
    select arn as resource,
      case when idle_session_ttl_in_seconds <= $1 then 'ok' else 'alarm' end as status,
      name || ' keeps idle sessions for ' || idle_session_ttl_in_seconds || ' s (ceiling ' || $1 || ' s).' as reason,
      account_id, region
    from aispm_aws_bedrock_agent;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "notebooks_and_compute"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}

control "aws_bedrock_custom_model_cmk" {
  title       = "Bedrock custom and imported models should be encrypted with a customer-managed KMS key"
  description = "Fine-tuned and imported weights embed your training data; an AWS-owned key cannot be restricted or audited. Fix: recreate the customization or import job with a customModelKmsKeyId / importedModelKmsKeyId."
  severity    = "medium"
  sql         = <<-EOQ
    with m as (
      select arn, name, account_id, region, model_kms_key_arn from aispm_aws_bedrock_custom_model
      union all
      select arn, name, account_id, region, model_kms_key_arn from aispm_aws_bedrock_imported_model
    )
    select arn as resource,
      case when model_kms_key_arn is not null then 'ok' else 'alarm' end as status,
      name || case when model_kms_key_arn is not null then ' is encrypted with ' || model_kms_key_arn || '.' else ' is encrypted with an AWS-owned key.' end as reason,
      account_id, region
    from m;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "data_protection"
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0010,M0012"
    nist_ai_rmf    = "MEASURE 2.10"
    iso_42001      = "A.7.5"
    eu_ai_act      = "Art.10"
  })
}

control "aws_bedrock_invocation_logging_enabled" {
  title       = "Bedrock model invocation logging should be on in every region"
  description = "Without invocation logs there is no record of who sent which prompt to which model: abuse, data leaks and cost harvesting go unseen. Fix: PutModelInvocationLoggingConfiguration with an S3 bucket or CloudWatch log group in each region."
  severity    = "high"
  sql         = <<-EOQ
    select arn as resource,
      case when enabled then 'ok' else 'alarm' end as status,
      'Bedrock in ' || region || case when enabled then ' logs invocations to ' || concat_ws(' and ', 's3://' || s3_bucket, log_group_name) || '.' else ' does not log model invocations.' end as reason,
      account_id, region
    from aispm_aws_bedrock_invocation_logging;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "logging_and_monitoring"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0034,M0024"
    nist_ai_rmf    = "MEASURE 2.8"
    iso_42001      = "A.6.2.8"
    eu_ai_act      = "Art.12"
  })
}

control "aws_bedrock_invocation_logging_encrypted" {
  title       = "Bedrock invocation logs should be encrypted with a customer-managed KMS key"
  description = "Invocation logs hold full prompts and completions. A log group or bucket without a customer-managed KMS key is encrypted with keys you cannot restrict or audit. Fix: associate a KMS key with the log group and set SSE-KMS with a customer-managed key as the bucket's default encryption."
  severity    = "medium"
  sql         = <<-EOQ
    with l as (
      select arn, region, account_id, enabled, s3_bucket, s3_sse_algorithm, s3_kms_key_id, s3_error,
        log_group_name, log_group_kms_key_id, log_group_error,
        array_remove(array[
          case when s3_bucket is not null and s3_error is null and coalesce(s3_sse_algorithm, '') not like 'aws:kms%' then 's3://' || s3_bucket || ' (' || coalesce(s3_sse_algorithm, 'no default encryption') || ')' end,
          case when log_group_name is not null and log_group_error is null and log_group_kms_key_id is null then log_group_name end
        ], null) as unencrypted,
        concat_ws('; ', s3_error, log_group_error) as errors
      from aispm_aws_bedrock_invocation_logging
    )
    select arn as resource,
      case when not enabled then 'skip' when cardinality(unencrypted) > 0 then 'alarm' when errors <> '' then 'skip' else 'ok' end as status,
      case when not enabled then 'Bedrock in ' || region || ' does not log invocations.'
           when cardinality(unencrypted) > 0 then 'Bedrock in ' || region || ' logs to destinations without a customer-managed key: ' || array_to_string(unencrypted, ', ') || '.'
           when errors <> '' then 'The encryption of the log destinations could not be read: ' || errors
           else 'Bedrock in ' || region || ' logs only to destinations encrypted with customer-managed keys.' end as reason,
      account_id, region
    from l;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0012"
    nist_ai_rmf    = "MEASURE 2.10"
    iso_42001      = "A.7.5"
    eu_ai_act      = "Art.12"
  })
}

control "aws_bedrock_api_key_expires" {
  title       = "Bedrock API keys should expire"
  description = "A long-term Bedrock API key that never expires is a permanent bearer credential for every model the user can call. Fix: delete it and use short-term keys, or recreate it with an expiry (CredentialAgeDays)."
  severity    = "high"
  sql         = <<-EOQ
    select id as resource,
      case when status <> 'Active' or expiration_date is not null then 'ok' else 'alarm' end as status,
      service_specific_credential_id || ' of ' || user_name ||
        case when status <> 'Active' then ' is ' || lower(status) || '.'
             when expiration_date is not null then ' expires ' || to_char(expiration_date, 'YYYY-MM-DD') || '.'
             else ' never expires (created ' || to_char(create_date, 'YYYY-MM-DD') || ').' end as reason,
      account_id, region
    from aispm_aws_bedrock_api_key;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}

control "aws_sagemaker_lifecycle_config_no_secrets" {
  title       = "SageMaker lifecycle scripts should not embed credentials"
  description = "Lifecycle scripts are readable by anyone who can describe them, and their content ends up in shell profiles and logs. A key written into one is exposed. Fix: move the credential to Secrets Manager and fetch it at runtime with the instance role."
  severity    = "high"
  sql         = <<-EOQ
    with t as (
      select arn, name, account_id, region,
        coalesce((select string_agg(x, E'\n') from jsonb_array_elements_text(coalesce(on_create, '[]') || coalesce(on_start, '[]')) x), '') as script
      from aispm_aws_sagemaker_lifecycle_config
    ), s as (
      select arn, name, account_id, region, array_remove(array[
        case when script ~ 'AKIA[0-9A-Z]{16}' then 'an AWS access key id' end,
        case when script ~ 'sk-[A-Za-z0-9_-]{16,}' then 'an API secret key (sk-...)' end,
        case when script ~* '(api[_-]?key|secret|password|token)\s*[=:]\s*[''"]?[A-Za-z0-9_./+-]{8,}' then 'a key or password assignment' end
      ], null) as hits
      from t
    )
    select arn as resource,
      case when cardinality(hits) = 0 then 'ok' else 'alarm' end as status,
      name || case when cardinality(hits) = 0 then ' embeds no credential pattern.' else ' embeds ' || array_to_string(hits, ', ') || ' (value not shown).' end as reason,
      account_id, region
    from s;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}

control "aws_iam_no_bedrock_full_access" {
  title       = "AmazonBedrockFullAccess should not be attached to any user, group or role"
  description = "AmazonBedrockFullAccess grants every Bedrock action on every resource: creating and deleting guardrails, reading every agent and knowledge base, invoking every model. Fix: replace it with a policy that names the actions and model ARNs the principal needs."
  severity    = "high"
  sql         = replace(local.aws_full_access_sql, "__POLICY__", "AmazonBedrockFullAccess")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM06"
    mitre_atlas    = "AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}

control "aws_bedrock_agent_dedicated_role" {
  title       = "Each Bedrock agent should run as its own least-privilege role"
  description = "Agents that share a service role share its permissions: a prompt injection against one agent acts with the rights every agent needs. Fix: give each agent a role scoped to its own action groups, knowledge bases and model."
  severity    = "medium"
  sql         = <<-EOQ
    with a as (
      select arn, name, account_id, region, agent_resource_role_arn as role,
        count(*) over (partition by agent_resource_role_arn) as sharing
      from aispm_aws_bedrock_agent
    )
    select arn as resource,
      case when role is null or sharing > 1 then 'alarm' else 'ok' end as status,
      name || case when role is null then ' has no service role.'
                   when sharing > 1 then ' shares ' || role || ' with ' || (sharing - 1) || ' other agent(s).'
                   else ' runs as its own role ' || role || '.' end as reason,
      account_id, region
    from a;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM06"
    mitre_atlas    = "M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}
