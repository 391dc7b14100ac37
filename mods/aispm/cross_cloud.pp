benchmark "cross_cloud" {
  title       = "Cross-cloud"
  description = "Controls that read the unified tables and so cover every cloud at once."
  children = [
    control.endpoint_internet_exposed_with_key_auth,
    control.training_data_not_public,
    control.model_artifact_scanned_clean,
  ]
  tags = local.cross_cloud_common_tags
}

control "endpoint_internet_exposed_with_key_auth" {
  title       = "AI endpoints reachable from the internet should not accept API keys"
  description = "An endpoint open to the internet that authenticates with a static key is one leaked key away from model theft, data exfiltration through the inference API and cost harvesting. Fix: restrict network access or require identity-based auth (IAM, Entra ID)."
  severity    = "critical"
  sql         = <<-EOQ
    with c as (
      select id, name, cloud, scope, location, url, auth_mode,
        not (coalesce(public_network_access, false) and auth_mode in ('key', 'key_and_entra_id')) as ok
      from aispm_endpoint
    )
    select id as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then name || ' is not both internet-reachable and key-authenticated (auth ' || auth_mode || ').'
           else name || ' is reachable from the internet at ' || url || ' with API keys.' end as reason,
      cloud, scope, location
    from c;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    severity_rank  = "1"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0024,AML.T0034,AML.T0055"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}

control "training_data_not_public" {
  title       = "Training and evaluation data should not sit in publicly readable storage"
  description = "Anyone can download data in a public bucket or container, and anyone who can write to it can poison the next training run. Fix: enforce public access prevention (GCS) or disable allowBlobPublicAccess and set the container to private (Azure), then grant readers by identity."
  severity    = "critical"
  sql         = <<-EOQ
    with c as (
      select used_by, cloud, scope, location,
        bool_or(storage_public) as public,
        bool_or(exposure_error is not null) as unknown,
        bool_and(storage_public is null) as unassessed,
        string_agg(distinct case when storage_public then uri end, ', ') as public_uris,
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
        else used_by || ' uses data only from non-public storage.'
      end as reason,
      cloud, scope, location
    from c;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM04"
    mitre_atlas    = "AML.T0020,AML.T0025,M0005"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.7.5"
    eu_ai_act      = "Art.10"
  })
}

control "model_artifact_scanned_clean" {
  title       = "Model artifacts should scan clean: no code that runs when the model loads"
  description = "Pickle-based formats (PyTorch .pt/.bin, joblib, legacy checkpoints, NumPy object arrays) and Keras Lambda layers run code at load time: a tampered artifact executes on every endpoint and notebook that loads it. aispm reads the artifacts behind each model (without loading them) and judges every import. Fix: replace the artifact with a safetensors (or otherwise code-free) export from a trusted source, and restrict who can write to the bucket."
  severity    = "critical"
  sql         = <<-EOQ
    with m as (
      select id, name, cloud, scope, location, artifact_uri from aispm_model
      where artifact_uri is not null and artifact_uri not like 'azureml://%'
    ), s as (
      select model_id,
        count(*) filter (where status = 'finding' and severity in ('critical', 'high')) as bad,
        string_agg(distinct case when status = 'finding' and severity in ('critical', 'high')
          then construct || coalesce(' (' || nullif(member, '') || ')', '') || ' in ' || object_uri end, '; ') as what,
        count(*) filter (where status = 'error') as errors,
        string_agg(distinct error, '; ') as error_text,
        count(*) as rows
      from aispm_model_scan group by model_id
    )
    select m.id as resource,
      case when s.bad > 0 then 'alarm' when s.model_id is null or s.errors = s.rows then 'skip' else 'ok' end as status,
      case
        when s.bad > 0 then m.name || ' loads code: ' || s.what || '.'
        when s.model_id is null then m.name || ': no model file found under ' || m.artifact_uri || '.'
        when s.errors = s.rows then m.name || ': the artifact could not be read (' || s.error_text || ').'
        else m.name || ' has no critical or high finding in ' || m.artifact_uri || '.'
      end as reason,
      m.cloud, m.scope, m.location
    from m left join s on s.model_id = m.id;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "supply_chain"
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0010,AML.T0011.000,M0014,M0023"
    nist_ai_rmf    = "MAP 4.1"
    iso_42001      = "A.6.2.6"
    eu_ai_act      = "Art.15"
  })
}
