benchmark "detections_cross_cloud" {
  title    = "Detections: every cloud"
  children = [
    control.detect_ai_access_denied_burst,
    control.detect_ai_key_access,
    control.detect_ai_guardrail_tampering,
    control.detect_ai_invocation_new_region,
    control.detect_ai_cost_spike,
  ]
  tags = merge(local.detection_common_tags, { cloud = "all" })
}

control "detect_ai_access_denied_burst" {
  title       = "No principal should be refused AI calls in a burst"
  description = "A burst of AccessDenied, ValidationException, PERMISSION_DENIED or AuthorizationFailed answers on AI services is a principal probing what a stolen credential may do, or a model it has no access to. Alarms at detection_denied_min_calls refusals in the window. Fix: identify the caller from the evidence (address, agent) and revoke the credential if it is not yours."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "was not refused AI calls in a burst"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'was refused ' || count(*) || ' AI call(s) (' || string_agg(distinct operation || ': ' || error_code, ', ') || ')' || __WHEN__ || '.' as evidence
      from w
      where outcome = 'failure' and error_code ~* '(AccessDenied|Unauthorized|Forbidden|ValidationException|PERMISSION_DENIED|AuthorizationFailed|UNAUTHENTICATED)'
      group by cloud, scope, principal
      having count(*) >= $2::int
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "denied_min_calls" {
    default = var.detection_denied_min_calls
  }
  tags = merge(local.detection_common_tags, {
    cloud         = "all"
    severity_rank = "2"
    mitre_atlas   = "AML.T0012"
  })
}

control "detect_ai_invocation_new_region" {
  title       = "Models should not be invoked in a region the account does not use"
  description = "Thieves invoke wherever quota is free; an account's own workloads stay in their regions. Alarms for a principal that invoked models in a region where its account made no invocation in the detection_baseline_days before the window, while it did invoke elsewhere (an account with no baseline is not judged). Fix: deny unused regions with an SCP or Azure Policy; investigate the principal."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not invoke models in a region new to its account"), "__HITS__", <<-EOQ
      with inv as (
        select cloud, scope, location, principal, event_time, source_ip from aispm_ai_activity
        where operation ~ '__INVOKE__' and outcome = 'success'
          and event_time >= now() - make_interval(hours => $1::int) - make_interval(days => $2::int)
      ),
      base as (
        select distinct cloud, scope, location from inv where event_time < now() - make_interval(hours => $1::int)
      )
      select i.cloud, i.scope, i.principal,
        'invoked models in ' || string_agg(distinct i.location, ', ') || ', where its account made no invocation in the ' || $2::int || ' days before (it used '
          || (select string_agg(distinct b.location, ', ') from base b where b.cloud = i.cloud and b.scope = i.scope) || ')'
          || ' from ' || coalesce(string_agg(distinct i.source_ip, ', '), 'an unrecorded address') || '.' as evidence
      from inv i
      where i.event_time >= now() - make_interval(hours => $1::int) and coalesce(i.principal, '') <> ''
        and exists (select 1 from base b where b.cloud = i.cloud and b.scope = i.scope)
        and not exists (select 1 from base b where b.cloud = i.cloud and b.scope = i.scope and b.location is not distinct from i.location)
      group by i.cloud, i.scope, i.principal
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "baseline_days" {
    default = var.detection_baseline_days
  }
  tags = merge(local.detection_common_tags, {
    cloud          = "all"
    severity_rank  = "2"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0034,AML.T0040"
  })
}

control "detect_ai_guardrail_tampering" {
  title       = "Guardrails and content filters should not be deleted or weakened outside administration"
  description = "Removing a Bedrock guardrail (DeleteGuardrail, UpdateGuardrail) or an Azure content filter (raiPolicies write or delete, raiBlocklists delete) opens the models to jailbreaks and harmful output. Alarms when a principal outside detection_admin_principals did. Fix: restore the guardrail from its last version and the content filter from policy, then investigate."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not change guardrails or content filters"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'changed guardrails or content filters (' || string_agg(distinct operation || coalesce(' on ' || resource_id, ''), ', ') || ')' || __WHEN__ || '.' as evidence
      from w
      where outcome = 'success' and principal <> all($2::text[])
        and (operation in ('DeleteGuardrail', 'UpdateGuardrail')
          or operation ~* '^Microsoft\.CognitiveServices/accounts/(raiPolicies|raiBlocklists)(/[^/]+)*/(write|delete)$'
          or operation ~* '^Microsoft\.CognitiveServices/accounts/deployments/raiPolicies/(write|delete)$')
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
    cloud          = "all"
    severity_rank  = "2"
    owasp_llm_2025 = "LLM01"
    mitre_atlas    = "AML.T0054,M0020"
    iso_42001      = "A.9.4"
  })
}

control "detect_ai_key_access" {
  title       = "AI keys and secrets should be read only by key-rotation automation"
  description = "Listing or regenerating an Azure AI account's or ML workspace's keys, listing a connection's secrets, or reading a Google API key's string (GetKeyString) hands out a credential that works from anywhere. Alarms when a principal outside detection_key_readers did. Fix: rotate the keys, and remove listKeys/regenerateKey and apikeys.keys.getKeyString from roles that do not need them."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not read or regenerate AI keys"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'read or regenerated keys (' || string_agg(distinct regexp_replace(operation, '^.*/([^/]+/[^/]+/action)$', '\1') || ' on ' || resource_id, ', ') || ')' || __WHEN__ || '.' as evidence
      from w
      where outcome = 'success' and principal <> all($2::text[])
        and (operation ~* '/(listKeys|regenerateKey|listsecrets|listSecrets)/action$' or operation = 'google.api.apikeys.v2.ApiKeys.GetKeyString')
      group by cloud, scope, principal
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "key_readers" {
    default = var.detection_key_readers
  }
  tags = merge(local.detection_common_tags, {
    cloud         = "all"
    severity_rank = "2"
    mitre_atlas   = "AML.T0055"
  })
}

control "detect_ai_cost_spike" {
  title       = "A principal's model use should not jump far above its own baseline (cost harvesting)"
  description = "Compares each principal's invocations (audit logs) and tokens (Bedrock invocation logs) in the window with its own average per window over the detection_baseline_days before. Alarms above detection_spike_factor times the baseline with at least detection_spike_min_calls invocations; a principal with no baseline is not judged. Fix: check what the calls were (aispm_aws_bedrock_invocation), set quotas and budgets, and rotate the principal's credentials if the use is not theirs."
  severity    = "medium"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not use models far above its baseline"), "__HITS__", <<-EOQ
      with a as (
        select cloud, scope, principal, event_time >= now() - make_interval(hours => $1::int) as recent,
          operation ~ '__INVOKE__' and source <> 'bedrock_invocation_log' as call,
          source = 'bedrock_invocation_log' as logged,
          coalesce(input_tokens, 0) + coalesce(output_tokens, 0) as tokens
        from aispm_ai_activity
        where event_time >= now() - make_interval(hours => $1::int) - make_interval(days => $2::int) and coalesce(principal, '') <> ''
      ),
      s as (
        select cloud, scope, principal,
          count(*) filter (where call and recent) as calls_now,
          count(*) filter (where call and not recent) * $1::numeric / ($2::numeric * 24) as calls_base,
          count(*) filter (where logged and recent) as logged_now,
          coalesce(sum(tokens) filter (where recent), 0) as tokens_now,
          coalesce(sum(tokens) filter (where not recent), 0) * $1::numeric / ($2::numeric * 24) as tokens_base
        from a group by cloud, scope, principal
      )
      select cloud, scope, principal,
        'made ' || calls_now || ' invocation(s) and used ' || tokens_now || ' token(s) in the window, against a baseline of '
          || round(calls_base, 1) || ' invocation(s) and ' || round(tokens_base) || ' token(s) per window ('
          || concat_ws(', ', case when calls_base > 0 and calls_now >= $4::int and calls_now > $3::numeric * calls_base then round(calls_now / calls_base, 1) || 'x the invocations' end,
                             case when tokens_base > 0 and logged_now >= $4::int and tokens_now > $3::numeric * tokens_base then round(tokens_now / tokens_base, 1) || 'x the tokens' end) || ').' as evidence
      from s
      where (calls_base > 0 and calls_now >= $4::int and calls_now > $3::numeric * calls_base)
         or (tokens_base > 0 and logged_now >= $4::int and tokens_now > $3::numeric * tokens_base)
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "baseline_days" {
    default = var.detection_baseline_days
  }
  param "spike_factor" {
    default = var.detection_spike_factor
  }
  param "spike_min_calls" {
    default = var.detection_spike_min_calls
  }
  tags = merge(local.detection_common_tags, {
    cloud          = "all"
    severity_rank  = "3"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0034"
  })
}
