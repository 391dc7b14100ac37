benchmark "cross_cloud" {
  title       = "Cross-cloud"
  description = "Controls that read the unified tables and so cover every cloud at once."
  children = [
    control.endpoint_internet_exposed_with_key_auth,
    control.training_data_not_public,
    control.model_artifact_scanned_clean,
    control.agent_has_guardrail,
    control.ai_config_no_embedded_secrets,
  ]
  tags = local.cross_cloud_common_tags
}

control "endpoint_internet_exposed_with_key_auth" {
  title       = "AI endpoints reachable from the internet should not accept API keys"
  description = "An endpoint open to the internet that accepts a static key (Azure account keys, Bedrock API keys on the Bedrock runtime, Google API keys on the model APIs) is one leaked key away from model theft, data exfiltration through the inference API and cost harvesting. Fix: restrict network access, require identity-based auth (IAM, Entra ID), or delete the keys."
  severity    = "critical"
  sql         = <<-EOQ
    with c as (
      select id, name, cloud, scope, location, url, auth_mode, key_auth, public_network_access, jsonb_array_length(coalesce(keys, '[]')) as n_keys,
        not (coalesce(public_network_access, false) and coalesce(key_auth, false)) as ok
      from aispm_endpoint
    )
    select id as resource,
      case when ok and key_auth is null and public_network_access then 'info' when ok then 'ok' else 'alarm' end as status,
      case when not ok then name || ' is reachable from the internet at ' || url || ' and accepts static keys (auth ' || auth_mode
             || case when n_keys > 0 then ', ' || n_keys || ' key(s) in aispm_key' else '' end || ').'
           when key_auth is null and public_network_access then name || ' is reachable from the internet; whether it accepts keys could not be read.'
           else name || ' is not both internet-reachable and key-authenticated (auth ' || auth_mode || ').' end as reason,
      cloud, scope, location
    from c;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    severity_rank  = "1"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0024,AML.T0034,AML.T0040,AML.T0055"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}

control "training_data_not_public" {
  title       = "Training and evaluation data should not sit in publicly readable storage"
  description = "Anyone can download data in a public bucket or container, and anyone who can write to it can poison the next training run. Exposure follows each cloud's rules: S3 bucket and account Block Public Access, object ownership (ACLs disabled), policy status and ACLs; Azure allowBlobPublicAccess (whose unset default depends on the account's creation date), the container's access level and network rules; Cloud Storage IAM and public access prevention. The reason names the rule that decided. Fix: enforce Block Public Access (S3) or public access prevention (GCS), or disable allowBlobPublicAccess and set the container to private (Azure), then grant readers by identity."
  severity    = "critical"
  sql         = <<-EOQ
    with c as (
      select used_by, cloud, scope, location,
        bool_or(storage_public) as public,
        bool_or(exposure_error is not null) as unknown,
        bool_and(storage_public is null) as unassessed,
        string_agg(distinct case when storage_public then uri || coalesce(' (' || exposure_reason || ')', '') end, ', ') as public_uris,
        string_agg(distinct case when not storage_public then uri || coalesce(' (' || exposure_reason || ')', '') end, ', ') as private_uris,
        string_agg(distinct exposure_error, '; ') as errors
      from aispm_dataset
      where uri is not null
      group by used_by, cloud, scope, location
    )
    select used_by as resource,
      case when public then 'alarm' when unknown then 'skip' when unassessed then 'info' else 'ok' end as status,
      case
        when public then used_by || ' uses publicly readable data at ' || public_uris || '.'
        when unknown then used_by || ': the storage exposure could not be read (' || errors || ').'
        when unassessed then used_by || ' uses data outside object storage (for example BigQuery); its exposure is not assessed.'
        else used_by || ' uses data only from non-public storage: ' || private_uris || '.'
      end as reason,
      cloud, scope, location
    from c;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM04,LLM02"
    mitre_atlas    = "AML.T0020,AML.T0025,M0005,M0025"
    nist_ai_rmf    = "MEASURE 2.10,MAP 4.1"
    iso_42001      = "A.7.2,A.7.5"
    eu_ai_act      = "Art.10"
  })
}

control "model_artifact_scanned_clean" {
  title       = "Model artifacts should scan clean: no code that runs when the model loads"
  description = "Pickle-based formats (PyTorch .pt/.bin, joblib, legacy checkpoints, NumPy object arrays) and Keras Lambda layers run code at load time: a tampered artifact executes on every endpoint and notebook that loads it. aispm reads every artifact behind each model (every container of an inference pipeline or model package), without loading it, and judges every import; any finding alarms, and a model is clean only when every artifact was read. Fix: replace the artifact with a safetensors (or otherwise code-free) export from a trusted source, and restrict who can write to the bucket."
  severity    = "critical"
  sql         = <<-EOQ
    with m as (
      select id, name, cloud, scope, location, u as uri
      from aispm_model, jsonb_array_elements_text(coalesce(artifact_uris, '[]')) u
      where u not like 'azureml://%'
    ), mm as (
      select id, name, cloud, scope, location, string_agg(uri, ', ' order by uri) as uris, count(*) as n_artifacts
      from m group by id, name, cloud, scope, location
    ), s as (
      select model_id,
        count(*) filter (where status = 'finding') as findings,
        string_agg(distinct case when status = 'finding'
          then severity || ' ' || rule || ': ' || construct || coalesce(' (' || nullif(member, '') || ')', '') || ' in ' || object_uri end, '; ') as what,
        count(distinct artifact_uri) filter (where status <> 'error') as read_ok,
        string_agg(distinct case when status = 'error' then artifact_uri || ': ' || error end, '; ') as error_text
      from aispm_model_scan group by model_id
    )
    select mm.id as resource,
      case when s.findings > 0 then 'alarm' when s.model_id is null or s.error_text is not null then 'skip' else 'ok' end as status,
      case
        when s.findings > 0 then mm.name || ' has ' || s.findings || ' finding(s): ' || s.what || '.'
        when s.model_id is null then mm.name || ': no model file found under ' || mm.uris || '.'
        when s.error_text is not null then mm.name || ': not every artifact could be read, so it is not judged clean (' || s.error_text || ').'
        else mm.name || ' scans clean: ' || mm.n_artifacts || ' artifact(s) (' || mm.uris || ').'
      end as reason,
      mm.cloud, mm.scope, mm.location
    from mm left join s on s.model_id = mm.id;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "supply_chain"
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0010.003,AML.T0011.000,AML.T0018,M0014,M0016"
    nist_ai_rmf    = "MANAGE 3.2,MEASURE 2.7"
    iso_42001      = "A.6.2.5"
    eu_ai_act      = "Art.15"
  })
}

control "agent_has_guardrail" {
  title       = "AI agents should run behind a guardrail that blocks prompt attacks, and indirect attacks where they read outside content"
  description = "An agent acts on what it is told: without a guardrail that blocks jailbreaks, a user can turn it against its own tools and data, and an agent that reads documents, search results or web pages can be steered by instructions hidden in them. Bedrock agents name a guardrail; Foundry agents are filtered by the content filter of their model deployment; Vertex AI Agent Engine attaches none (skip). Fix: attach a guardrail (Bedrock) or a content filter (Azure) that blocks prompt attacks, and indirect attacks for agents with retrieval, search or web tools."
  severity    = "high"
  sql         = <<-EOQ
    with a as (
      select id, name, cloud, scope, location, kind, guardrail, coalesce(tools, '[]') as tools,
        -- Bedrock names <guardrail id or ARN>:<version>; the id is what aispm_guardrail ends with.
        case when cloud = 'aws' then regexp_replace(guardrail, ':[^:/]+$', '') else guardrail end as ref,
        -- Foundry agents: the account their content filter belongs to.
        case when cloud = 'azure' then lower(substring(id from '^(.*/providers/Microsoft[.]CognitiveServices/accounts/[^/]+)')) end as account
      from aispm_agent
    ), j as (
      select a.*, g.id as guardrail_id, g.prompt_attack_blocking, g.indirect_attack_blocking,
        exists (select 1 from jsonb_array_elements_text(a.tools) t
                where t in ('file_search', 'bing_grounding', 'bing_custom_search', 'azure_ai_search', 'sharepoint_grounding', 'fabric_dataagent', 'openapi', 'browser_automation', 'deep_research', 'mcp')) as reads_outside
      from a
      left join lateral (
        select g.* from aispm_guardrail g
        where g.cloud = a.cloud and a.ref is not null and (
          (a.cloud = 'aws' and (g.id = a.ref or g.id like '%/' || a.ref)) or
          (a.cloud = 'azure' and lower(g.id) = a.account || '/raipolicies/' || lower(a.ref)))
        limit 1) g on true
    )
    select id as resource,
      case
        when cloud = 'gcp' then 'skip'
        when guardrail_id is null then 'alarm'
        when not coalesce(prompt_attack_blocking, false) then 'alarm'
        when reads_outside and indirect_attack_blocking is not null and not indirect_attack_blocking then 'alarm'
        else 'ok' end as status,
      name || case
        when cloud = 'gcp' then ' is a Vertex AI Agent Engine agent: the API attaches no guardrail to it (screening such as Model Armor is configured in the agent''s code or the project''s floor settings, which aispm does not read).'
        when ref is null then ' has no guardrail.'
        when guardrail_id is null then ' names guardrail ' || guardrail || ', which was not found.'
        when not coalesce(prompt_attack_blocking, false) then ' runs behind ' || guardrail || ', which does not block prompt attacks.'
        when reads_outside and indirect_attack_blocking is not null and not indirect_attack_blocking then ' reads outside content (' || (select string_agg(t, ', ') from jsonb_array_elements_text(tools) t) || ') behind ' || guardrail || ', which does not block indirect attacks.'
        else ' runs behind ' || guardrail || ', which blocks prompt attacks' || case when reads_outside then ' and indirect attacks' else '' end || '.' end as reason,
      cloud, scope, location
    from j;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM01,LLM06"
    mitre_atlas    = "AML.T0051.000,AML.T0051.001,AML.T0053,M0020"
    nist_ai_rmf    = "MEASURE 2.7,MANAGE 2.4"
    iso_42001      = "A.9.4"
    eu_ai_act      = "Art.15"
  })
}

control "ai_config_no_embedded_secrets" {
  title       = "AI resources should not hold secrets in their configuration: scripts, instructions, environment, metadata"
  description = "A key written into a lifecycle script, an agent's instructions, a container's environment or a VM's metadata is readable by everyone who can describe the resource, ends up in logs and exports, and is not rotated with the secret store. aispm runs every such value through its redactor (gitleaks' rules, credentials in URLs, literal values of variables named like credentials) and reports each finding by rule and fingerprint, never the value. Fix: move the secret to Secrets Manager, Key Vault or Secret Manager, reference it from the resource, and rotate it."
  severity    = "high"
  sql         = <<-EOQ
    with f as (
      select arn as resource, 'aws' as cloud, account_id as scope, region as location, 'SageMaker lifecycle configuration ' || name as what, secret_findings from aispm_aws_sagemaker_lifecycle_config
      union all select arn, 'aws', account_id, region, 'SageMaker model ' || name, secret_findings from aispm_aws_sagemaker_model
      union all select arn, 'aws', account_id, region, 'SageMaker training job ' || name, secret_findings from aispm_aws_sagemaker_training_job
      union all select arn, 'aws', account_id, region, 'SageMaker model package ' || name, secret_findings from aispm_aws_sagemaker_model_package
      union all select id, cloud, scope, location, 'Agent ' || name, secret_findings from aispm_agent
      union all select id, 'azure', subscription_id, location, 'Azure ML online endpoint ' || name, secret_findings from aispm_azure_ml_online_endpoint
      union all select resource_name, 'gcp', project, location, 'Vertex AI model ' || display_name, secret_findings from aispm_gcp_vertex_model
      union all select resource_name, 'gcp', project, location, 'Vertex AI custom job ' || display_name, secret_findings from aispm_gcp_vertex_custom_job
      union all select resource_name, 'gcp', project, location, 'Workbench instance ' || name, secret_findings from aispm_gcp_workbench_instance
    ), c as (
      select resource, cloud, scope, location, what, jsonb_array_length(coalesce(secret_findings, '[]')) as n,
        (select string_agg(distinct (x ->> 'rule') || coalesce(' in ' || (x ->> 'where'), ''), ', ') from jsonb_array_elements(coalesce(secret_findings, '[]')) x) as found
      from f
    )
    select resource,
      case when n = 0 then 'ok' else 'alarm' end as status,
      what || case when n = 0 then ' holds no secret in its scripts, instructions, environment or metadata.'
                   else ' holds ' || n || ' secret(s) in plain text: ' || found || ' (values not shown).' end as reason,
      cloud, scope, location
    from c;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM02,LLM07"
    mitre_atlas    = "AML.T0055"
    nist_ai_rmf    = "MEASURE 2.7"
  })
}
