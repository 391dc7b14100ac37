
control "aws_bedrock_guardrail_prompt_attack_high" {
  title       = "Bedrock guardrails should block prompt attacks at HIGH strength"
  description = "Prompt-attack filtering below HIGH lets jailbreaks and injected instructions through, and a filter in detect mode (input action NONE) or with input evaluation off blocks nothing. Fix: set the PROMPT_ATTACK content filter's input strength to HIGH with input action BLOCK."
  severity    = "high"
  sql         = <<-EOQ
    with g as (
      select arn, name, account_id, region, prompt_attack_strength as strength, prompt_attack_blocks as blocks,
        (select f from jsonb_array_elements(coalesce(content_filters, '[]')) f where f ->> 'type' = 'PROMPT_ATTACK' limit 1) as f
      from aispm_aws_bedrock_guardrail
    )
    select arn as resource,
      case when blocks and strength = 'HIGH' then 'ok' else 'alarm' end as status,
      name || case
        when f is null then ' has no prompt-attack filter.'
        when not coalesce((f ->> 'input_enabled')::bool, true) then ' does not evaluate prompts for prompt attacks (input evaluation off).'
        when f ->> 'input_action' = 'NONE' then ' detects prompt attacks but does not block them (input action NONE: detect only).'
        when not blocks then ' does not block prompt attacks (input strength ' || coalesce(strength, 'NONE') || ').'
        when strength <> 'HIGH' then ' blocks prompt attacks at ' || strength || ' strength, below HIGH.'
        else ' blocks prompt attacks at HIGH strength.' end as reason,
      account_id, region
    from g;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM01"
    mitre_atlas    = "AML.T0051.000,AML.T0054,M0015,M0020"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.9.4"
    eu_ai_act      = "Art.15"
  })
}

control "aws_bedrock_guardrail_harm_filters" {
  title       = "Bedrock guardrails should filter every harm category"
  description = "A harm category counts only where its filter blocks in that direction: a filter that is missing, at strength NONE, with evaluation off, or in detect mode (action NONE) lets hate, insults, sexual content, violence or misconduct through. Fix: add each content filter with input and output strength above NONE, both directions enabled, and action BLOCK."
  severity    = "medium"
  sql         = <<-EOQ
    with g as (
      select arn, name, account_id, region,
        array(select c from unnest(array['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT']) c
              where not exists (select 1 from jsonb_array_elements(coalesce(content_filters, '[]')) f where f ->> 'type' = c and (f ->> 'input_blocks')::bool)) as open_in,
        array(select c from unnest(array['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT']) c
              where not exists (select 1 from jsonb_array_elements(coalesce(content_filters, '[]')) f where f ->> 'type' = c and (f ->> 'output_blocks')::bool)) as open_out
      from aispm_aws_bedrock_guardrail
    )
    select arn as resource,
      case when cardinality(open_in) = 0 and cardinality(open_out) = 0 then 'ok' else 'alarm' end as status,
      name || case when cardinality(open_in) = 0 and cardinality(open_out) = 0 then ' blocks every harm category on prompts and responses.'
        else ' does not block ' || concat_ws('; ',
          case when cardinality(open_in) > 0 then array_to_string(open_in, ', ') || ' on prompts' end,
          case when cardinality(open_out) > 0 then array_to_string(open_out, ', ') || ' on responses' end)
          || ' (filter missing, strength NONE, evaluation off, or action NONE: detect only).' end as reason,
      account_id, region
    from g;
  EOQ
  tags = merge(local.aws_common_tags, {
    service     = "AWS/Bedrock"
    domain      = "guardrails_and_content_safety"
    mitre_atlas = "AML.T0048,M0020"
    nist_ai_rmf = "MEASURE 2.6"
    iso_42001   = "A.9.4"
  })
}

control "aws_bedrock_guardrail_pii" {
  title       = "Bedrock guardrails should block or mask PII"
  description = "Without a sensitive-information filter that blocks or masks (ANONYMIZE) in responses, a model can echo personal data from prompts, context or training; an entity in detect mode (action NONE) or with output evaluation off masks nothing. Fix: add PII entities with output action BLOCK or ANONYMIZE."
  severity    = "medium"
  sql         = <<-EOQ
    with g as (
      select arn, name, account_id, region, jsonb_array_length(coalesce(pii_entities, '[]')) as n,
        (select string_agg(e ->> 'type', ', ') from jsonb_array_elements(coalesce(pii_entities, '[]')) e where (e ->> 'output_blocks')::bool) as masked,
        (select string_agg(e ->> 'type', ', ') from jsonb_array_elements(coalesce(pii_entities, '[]')) e where not (e ->> 'output_blocks')::bool) as open
      from aispm_aws_bedrock_guardrail
    )
    select arn as resource,
      case when masked is not null then 'ok' else 'alarm' end as status,
      name || case when masked is not null then ' blocks or masks PII in responses (' || masked || ').'
                   when n = 0 then ' has no sensitive-information filter.'
                   else ' detects PII (' || open || ') but neither blocks nor masks it in responses (action NONE or output evaluation off).' end as reason,
      account_id, region
    from g;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "AML.T0057,M0020"
    nist_ai_rmf    = "MEASURE 2.10"
    iso_42001      = "A.9.4"
  })
}

control "aws_bedrock_guardrail_contextual_grounding" {
  title       = "Bedrock guardrails should check contextual grounding"
  description = "Grounding checks catch answers the retrieved sources do not support, but only when they block: a check that is disabled, has threshold 0 or runs in detect mode (action NONE) lets ungrounded answers through. Fix: add a GROUNDING filter with a threshold above 0 and action BLOCK."
  severity    = "low"
  sql         = <<-EOQ
    with g as (
      select arn, name, account_id, region,
        (select f from jsonb_array_elements(coalesce(contextual_grounding_filters, '[]')) f where f ->> 'type' = 'GROUNDING' order by (f ->> 'blocks')::bool desc limit 1) as f
      from aispm_aws_bedrock_guardrail
    )
    select arn as resource,
      case when coalesce((f ->> 'blocks')::bool, false) then 'ok' else 'alarm' end as status,
      name || case when f is null then ' has no contextual grounding check.'
                   when (f ->> 'blocks')::bool then ' blocks responses below grounding threshold ' || (f ->> 'threshold') || '.'
                   when not (f ->> 'enabled')::bool then ' has a grounding check that is disabled.'
                   when (f ->> 'threshold')::float <= 0 then ' has a grounding check with threshold 0, which passes everything.'
                   else ' checks grounding but does not block (action ' || coalesce(f ->> 'action', 'NONE') || ': detect only).' end as reason,
      account_id, region
    from g;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM09"
    mitre_atlas    = "M0020"
    nist_ai_rmf    = "MEASURE 2.5"
    iso_42001      = "A.9.4"
    eu_ai_act      = "Art.15"
  })
}

control "aws_bedrock_guardrail_cmk" {
  title       = "Bedrock guardrails should be encrypted with a customer-managed KMS key"
  description = "The guardrail holds your denied topics, word lists and regexes. Without a key, or with an AWS-managed key (alias/aws/...), you cannot restrict or audit who decrypts them. Fix: create the guardrail with a customer-managed kmsKeyId."
  severity    = "low"
  sql         = replace(replace(replace(replace(local.aws_cmk_sql, "__TABLE__", "aispm_aws_bedrock_guardrail"), "__KEY__", "kms_key_arn"), "__CMK__", "kms_key_customer_managed"), "__WHAT__", "guardrail configuration")
  tags = merge(local.aws_common_tags, {
    service     = "AWS/Bedrock"
    domain      = "data_protection"
    mitre_atlas = "M0012"
  })
}

control "aws_bedrock_agent_guardrail" {
  title       = "Bedrock agents should have a guardrail"
  description = "An agent without a guardrail answers and acts on any prompt, including injected instructions. Fix: set guardrailConfiguration on the agent and prepare it."
  severity    = "high"
  sql         = <<-EOQ
    select arn as resource,
      case when guardrail_id is not null then 'ok' else 'alarm' end as status,
      name || case when guardrail_id is not null then ' runs behind guardrail ' || guardrail_id || coalesce(' version ' || guardrail_version, '') || '.' else ' has no guardrail.' end as reason,
      account_id, region
    from aispm_aws_bedrock_agent;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM01,LLM06"
    mitre_atlas    = "AML.T0051,AML.T0053,M0020"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.9.4"
    eu_ai_act      = "Art.15"
  })
}

control "aws_bedrock_agent_cmk" {
  title       = "Bedrock agents should be encrypted with a customer-managed KMS key"
  description = "Agent resources (instructions, session state) are otherwise encrypted with an AWS-owned key you cannot control. Fix: set customerEncryptionKeyArn."
  severity    = "low"
  sql         = replace(replace(replace(replace(local.aws_cmk_sql, "__TABLE__", "aispm_aws_bedrock_agent"), "__KEY__", "customer_encryption_key_arn"), "__CMK__", "customer_encryption_key_customer_managed"), "__WHAT__", "agent data")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0012"
    nist_ai_rmf    = "MEASURE 2.10"
  })
}

control "aws_bedrock_knowledge_base_cmk" {
  title       = "Bedrock knowledge base data sources should be encrypted with a customer-managed KMS key"
  description = "Ingestion stores chunks of your documents; without a KMS key on the data source they are encrypted with an AWS-owned key. Fix: set serverSideEncryptionConfiguration.kmsKeyArn on each data source."
  severity    = "medium"
  sql         = <<-EOQ
    with k as (
      select arn, name, account_id, region, jsonb_array_length(coalesce(data_sources, '[]')) as n,
        (select string_agg((ds ->> 'name') || coalesce(' (' || (ds ->> 'kms_key_arn') || ')', ''), ', ') from jsonb_array_elements(coalesce(data_sources, '[]')) ds
          where (ds ->> 'kms_key_customer_managed') is not null and not (ds ->> 'kms_key_customer_managed')::bool) as provider_keyed,
        (select string_agg(ds ->> 'name', ', ') from jsonb_array_elements(coalesce(data_sources, '[]')) ds
          where (ds ->> 'kms_key_arn') is not null and (ds ->> 'kms_key_customer_managed') is null) as unknown
      from aispm_aws_bedrock_knowledge_base
    )
    select arn as resource,
      case when provider_keyed is not null then 'alarm' when unknown is not null then 'info' else 'ok' end as status,
      name || case when provider_keyed is not null then ' has data sources encrypted with AWS-managed or AWS-owned keys: ' || provider_keyed || '.'
                   when unknown is not null then ' has data sources whose key manager could not be read: ' || unknown || '.'
                   when n = 0 then ' has no data source.'
                   else ' encrypts every data source with a customer-managed key.' end as reason,
      account_id, region
    from k;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "data_protection"
    owasp_llm_2025 = "LLM08"
    mitre_atlas    = "M0012"
    nist_ai_rmf    = "MEASURE 2.10"
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
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0019"
    nist_ai_rmf    = "MEASURE 2.10"
  })
}

control "aws_bedrock_custom_model_cmk" {
  title       = "Bedrock custom and imported models should be encrypted with a customer-managed KMS key"
  description = "Fine-tuned and imported weights embed your training data; an AWS-owned key cannot be restricted or audited. Fix: recreate the customization or import job with a customModelKmsKeyId / importedModelKmsKeyId."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.aws_cmk_sql, "__TABLE__", "(select arn, name, account_id, region, model_kms_key_arn, model_kms_key_customer_managed from aispm_aws_bedrock_custom_model union all select arn, name, account_id, region, model_kms_key_arn, model_kms_key_customer_managed from aispm_aws_bedrock_imported_model) m"), "__KEY__", "model_kms_key_arn"), "__CMK__", "model_kms_key_customer_managed"), "__WHAT__", "model")
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "data_protection"
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0035,M0012"
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
    nist_ai_rmf    = "MEASURE 2.4,MANAGE 4.1"
    iso_42001      = "A.6.2.8"
    eu_ai_act      = "Art.12"
  })
}

control "aws_bedrock_invocation_logging_encrypted" {
  title       = "Bedrock invocation logs should be encrypted with a customer-managed KMS key"
  description = "Invocation logs hold full prompts and completions. A log group without a KMS key, or a bucket with SSE-S3, SSE-KMS without a key id (the AWS-managed aws/s3 key) or another AWS-managed key, is encrypted with keys you cannot restrict or audit. Fix: associate a customer-managed KMS key with the log group and set SSE-KMS with a customer-managed key as the bucket's default encryption."
  severity    = "medium"
  sql         = <<-EOQ
    with l as (
      select arn, region, account_id, enabled, s3_bucket, s3_sse_algorithm, s3_kms_key_id, s3_kms_key_customer_managed as s3_cmk, s3_error,
        log_group_name, log_group_kms_key_id, log_group_kms_key_customer_managed as lg_cmk, log_group_error
      from aispm_aws_bedrock_invocation_logging
    ), c as (
      select *,
        array_remove(array[
          case when s3_bucket is not null and s3_error is null and s3_cmk is not null and not s3_cmk then 's3://' || s3_bucket || ' (' ||
            case when coalesce(s3_sse_algorithm, '') not like 'aws:kms%' then coalesce(s3_sse_algorithm, 'no default encryption')
                 when s3_kms_key_id is null then s3_sse_algorithm || ' with the AWS-managed aws/s3 key'
                 else s3_sse_algorithm || ' with the AWS-managed key ' || s3_kms_key_id end || ')' end,
          case when log_group_name is not null and log_group_error is null and lg_cmk is not null and not lg_cmk then log_group_name ||
            case when log_group_kms_key_id is null then ' (no KMS key)' else ' (AWS-managed key ' || log_group_kms_key_id || ')' end end
        ], null) as provider_keyed,
        concat_ws('; ', s3_error, log_group_error,
          case when s3_bucket is not null and s3_error is null and s3_cmk is null then 'the manager of ' || coalesce(s3_kms_key_id, 'the bucket key') || ' could not be read' end,
          case when log_group_name is not null and log_group_error is null and lg_cmk is null then 'the manager of ' || coalesce(log_group_kms_key_id, 'the log group key') || ' could not be read' end) as errors
      from l
    )
    select arn as resource,
      case when not enabled then 'skip' when cardinality(provider_keyed) > 0 then 'alarm' when errors <> '' then 'skip' else 'ok' end as status,
      case when not enabled then 'Bedrock in ' || region || ' does not log invocations.'
           when cardinality(provider_keyed) > 0 then 'Bedrock in ' || region || ' logs to destinations without a customer-managed key: ' || array_to_string(provider_keyed, ', ') || '.'
           when errors <> '' then 'The encryption of the log destinations could not be read: ' || errors || '.'
           else 'Bedrock in ' || region || ' logs only to destinations encrypted with customer-managed keys.' end as reason,
      account_id, region
    from c;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0012"
    nist_ai_rmf    = "MEASURE 2.10"
    iso_42001      = "A.6.2.8"
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
    mitre_atlas    = "AML.T0012,M0019"
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
    mitre_atlas    = "AML.T0053,M0019"
  })
}

control "aws_bedrock_guardrail_standard_tier" {
  title       = "Bedrock guardrails should use the STANDARD content filter tier"
  description = "The CLASSIC tier (the default) filters English, French and Spanish only and does not detect prompt attacks hidden in code or other languages; the STANDARD tier covers many more languages, is more robust to obfuscated attacks, and also filters harmful content in code. Fix: set the content policy's tier (and the denied topics' tier) to STANDARD, with a cross-region inference profile."
  severity    = "low"
  sql         = <<-EOQ
    select arn as resource,
      case when content_tier = 'STANDARD' then 'ok' else 'alarm' end as status,
      name || case when content_tier = 'STANDARD' then ' uses the STANDARD content filter tier.'
                   when content_tier is null then ' uses the default CLASSIC content filter tier.'
                   else ' uses the ' || content_tier || ' content filter tier.' end as reason,
      account_id, region
    from aispm_aws_bedrock_guardrail;
  EOQ
  tags = merge(local.aws_common_tags, {
    service        = "AWS/Bedrock"
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM01"
    mitre_atlas    = "AML.T0051,AML.T0054,M0020"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.9.4"
    eu_ai_act      = "Art.15"
  })
}
