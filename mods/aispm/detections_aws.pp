benchmark "detections_aws" {
  title    = "Detections: AWS"
  children = [
    control.detect_bedrock_llmjacking,
    control.detect_bedrock_model_access_granted,
    control.detect_ai_long_term_key_invocation,
    control.detect_ai_logging_tampering,
    control.detect_bedrock_api_key_created,
    control.detect_sagemaker_presigned_url_unknown_ip,
  ]
  tags = merge(local.detection_common_tags, { cloud = "aws" })
}

control "detect_bedrock_llmjacking" {
  title       = "No principal should enumerate Bedrock models and then invoke them (LLMjacking)"
  description = "Stolen credentials used for LLMjacking first find out what they can use (ListFoundationModels, GetFoundationModelAvailability, GetModelInvocationLoggingConfiguration, GetUseCaseForModelAccess, ListProvisionedModelThroughputs, ...) and then invoke models, or keep invoking through a burst of refusals. Alarms when one principal makes at least detection_recon_min_operations distinct enumeration calls and then invokes, or enumerates and is refused detection_denied_min_calls times. Fix: disable the principal's keys, review what it invoked (aispm_aws_bedrock_invocation), and restrict Bedrock with SCPs."
  severity    = "critical"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not enumerate Bedrock and then invoke models"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'enumerated Bedrock with ' || count(distinct operation) filter (where recon) || ' distinct calls (' || string_agg(distinct operation, ', ') filter (where recon) || ')'
          || ', then invoked ' || count(*) filter (where invoke and outcome = 'success') || ' time(s)'
          || case when count(*) filter (where invoke and outcome = 'failure') > 0 then ' and was refused ' || count(*) filter (where invoke and outcome = 'failure') || ' time(s)' else '' end
          || __WHEN__ || '.' as evidence
      from (select *, operation = any(array['ListFoundationModels', 'GetFoundationModel', 'GetFoundationModelAvailability', 'GetModelInvocationLoggingConfiguration',
                       'GetUseCaseForModelAccess', 'ListProvisionedModelThroughputs', 'ListInferenceProfiles', 'ListFoundationModelAgreementOffers', 'ListCustomModels', 'ListImportedModels']) as recon,
                   operation ~ '__INVOKE__' as invoke
            from w where service in ('bedrock', 'bedrock-runtime') and source = 'cloudtrail') x
      group by cloud, scope, principal
      having count(distinct operation) filter (where recon) >= 1
        and ((count(distinct operation) filter (where recon) >= $2::int and max(event_time) filter (where invoke) > min(event_time) filter (where recon))
          or count(*) filter (where invoke and outcome = 'failure') >= $3::int)
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "recon_min_operations" {
    default = var.detection_recon_min_operations
  }
  param "denied_min_calls" {
    default = var.detection_denied_min_calls
  }
  tags = merge(local.detection_common_tags, {
    cloud          = "aws"
    service        = "AWS/Bedrock"
    severity_rank  = "1"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0012,AML.T0034,AML.T0040"
  })
}

control "detect_bedrock_model_access_granted" {
  title       = "Bedrock model access should be granted only by administrators"
  description = "PutFoundationModelEntitlement, CreateFoundationModelAgreement and PutUseCaseForModelAccess enable models for the whole account: LLMjacking grants itself the expensive models this way. Alarms when a principal outside detection_admin_principals made one. Fix: confirm the request with its owner; remove the principal's bedrock:PutFoundationModelEntitlement and aws-marketplace:Subscribe rights."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not grant Bedrock model access"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'granted model access with ' || string_agg(distinct operation, ', ') || coalesce(' for ' || string_agg(distinct model_id, ', '), '') || __WHEN__ || '.' as evidence
      from w
      where operation in ('PutFoundationModelEntitlement', 'CreateFoundationModelAgreement', 'PutUseCaseForModelAccess') and outcome = 'success'
        and principal <> all($2::text[])
      group by cloud, scope, principal
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "admin_principals" {
    default = var.detection_admin_principals
  }
  tags = merge(local.detection_common_tags, {
    cloud          = "aws"
    service        = "AWS/Bedrock"
    severity_rank  = "2"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0034"
  })
}

control "detect_ai_long_term_key_invocation" {
  title       = "Models should not be invoked with an IAM user's long-term access key"
  description = "Applications invoke models with role credentials; an AKIA... key invoking Bedrock is a leaked or misused user key, the way LLMjacking starts. Fix: move the workload to a role, then deactivate and delete the key."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not invoke models with a long-term access key"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'invoked models ' || count(*) || ' time(s) with a long-term access key (' || string_agg(distinct operation, ', ') || ')' || __WHEN__ || '.' as evidence
      from w
      where principal_type = 'access_key' and operation ~ '__INVOKE__' and source = 'cloudtrail'
      group by cloud, scope, principal
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  tags = merge(local.detection_common_tags, {
    cloud         = "aws"
    service       = "AWS/Bedrock"
    severity_rank = "2"
    mitre_atlas   = "AML.T0012,AML.T0055"
  })
}

control "detect_ai_logging_tampering" {
  title       = "Model invocation logging should not be deleted or changed outside administration"
  description = "Attackers turn invocation logging off before abusing models (DeleteModelInvocationLoggingConfiguration) or point it elsewhere (PutModelInvocationLoggingConfiguration). Alarms when a principal outside detection_admin_principals did. Fix: restore logging (aispm_aws_bedrock_invocation_logging) and investigate the principal's other calls."
  severity    = "critical"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not change invocation logging"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'changed invocation logging (' || string_agg(distinct operation || ' in ' || location, ', ') || ')' || __WHEN__ || '.' as evidence
      from w
      where operation in ('DeleteModelInvocationLoggingConfiguration', 'PutModelInvocationLoggingConfiguration') and outcome = 'success'
        and principal <> all($2::text[])
      group by cloud, scope, principal
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "admin_principals" {
    default = var.detection_admin_principals
  }
  tags = merge(local.detection_common_tags, {
    cloud         = "aws"
    service       = "AWS/Bedrock"
    severity_rank = "1"
    mitre_atlas   = "M0024"
    iso_42001     = "A.6.2.8"
    eu_ai_act     = "Art.12"
  })
}

control "detect_bedrock_api_key_created" {
  title       = "Bedrock API keys should be created only by administrators"
  description = "A long-term Bedrock API key (an IAM service-specific credential for bedrock.amazonaws.com) is a bearer token that outlives the session that made it: an attacker who gets in makes one to keep access. Alarms when a principal outside detection_admin_principals created one. Fix: delete the credential (aispm_aws_bedrock_api_key) and deny iam:CreateServiceSpecificCredential."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not create Bedrock API keys"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'created ' || count(*) || ' Bedrock API key(s)' || __WHEN__ || '.' as evidence
      from w
      where service = 'iam' and operation = 'CreateServiceSpecificCredential' and outcome = 'success'
        and principal <> all($2::text[])
      group by cloud, scope, principal
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "admin_principals" {
    default = var.detection_admin_principals
  }
  tags = merge(local.detection_common_tags, {
    cloud         = "aws"
    service       = "AWS/Bedrock"
    severity_rank = "2"
    mitre_atlas   = "AML.T0055"
  })
}

control "detect_sagemaker_presigned_url_unknown_ip" {
  title       = "SageMaker notebook and Studio URLs should be created only from known networks"
  description = "A presigned notebook or Studio URL is a session: created from an address outside detection_known_cidrs it is a stolen console session or key opening a shell next to the training data. Fix: add the network to the variable if it is yours; otherwise revoke the principal's sessions and restrict sagemaker:CreatePresigned* with aws:SourceIp."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not open notebooks from an unknown network"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'created ' || count(*) || ' presigned URL(s) (' || string_agg(distinct operation, ', ') || ') from ' || string_agg(distinct source_ip, ', ')
          || ', outside the known networks, between ' || to_char(min(event_time), 'YYYY-MM-DD HH24:MI') || ' and ' || to_char(max(event_time), 'YYYY-MM-DD HH24:MI') || ' UTC.' as evidence
      from w
      where operation in ('CreatePresignedNotebookInstanceUrl', 'CreatePresignedDomainUrl', 'CreatePresignedMlflowTrackingServerUrl')
        and source_ip ~ '^[0-9.]+$|^[0-9a-fA-F:]+$' and not (source_ip::inet <<= any($2::text[]::cidr[]))
      group by cloud, scope, principal
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "known_cidrs" {
    default = var.detection_known_cidrs
  }
  tags = merge(local.detection_common_tags, {
    cloud         = "aws"
    service       = "AWS/SageMaker"
    severity_rank = "2"
    mitre_atlas   = "AML.T0012"
  })
}
