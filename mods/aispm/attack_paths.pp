benchmark "attack_paths" {
  title       = "Attack paths"
  description = "Controls that join assets into the paths an attacker would walk. Each row names every hop."
  children = [
    control.attack_path_exposed_endpoint_to_exposed_model_data,
    control.attack_path_open_notebook_to_training_data,
    control.attack_path_unrestricted_ai_key,
  ]
  tags = local.cross_cloud_common_tags
}

control "attack_path_exposed_endpoint_to_exposed_model_data" {
  title       = "No path from an internet-exposed, key-authenticated endpoint to the public storage of the model it serves"
  description = "An endpoint open to the internet that accepts static keys serves a model whose weights or training data sit in publicly readable storage: one leaked key (or none, for the storage) gives the model, its data, and the chance to poison the next version. Fix: break any hop: network-restrict the endpoint or require identity-based auth, and make the storage private."
  severity    = "critical"
  sql         = <<-EOQ
    with e as (
      select id, name, cloud, scope, location, auth_mode, ref
      from aispm_endpoint, jsonb_array_elements_text(models) ref
      where public_network_access and key_auth
    ), m as (
      select e.id as endpoint_id, mo.id, mo.name, coalesce(mo.artifact_uris, '[]') as artifact_uris, mo.training_job
      from e join aispm_model mo on mo.cloud = e.cloud and (mo.id = e.ref or mo.name = e.ref or e.ref = 'azureml:' || mo.name || ':' || mo.version)
    ), d as (
      select m.endpoint_id, m.name as model, ds.uri, ds.bucket,
        case when ds.used_by in (m.id, m.training_job) then 'training data' else 'weights' end as what
      from m join aispm_dataset ds
        on ds.storage_public and (ds.used_by in (m.id, m.training_job) or (ds.uri is not null and
          exists (select 1 from jsonb_array_elements_text(m.artifact_uris) u where u like ds.uri || '%')))
    ), paths as (
      select endpoint_id, string_agg(distinct model || ' → ' || what || ' in public ' || coalesce(bucket, uri), '; ') as hops
      from d group by endpoint_id
    ), ep as (
      select distinct on (id) id, name, cloud, scope, location, auth_mode from aispm_endpoint
    )
    select ep.id as resource,
      case when p.hops is null then 'ok' else 'alarm' end as status,
      case when p.hops is null then ep.name || ': no path from it to publicly readable model data.'
           else ep.name || ' (internet, ' || ep.auth_mode || ' auth) → ' || p.hops || '.' end as reason,
      ep.cloud, ep.scope, ep.location
    from ep left join paths p on p.endpoint_id = ep.id;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM03,LLM04,LLM10"
    mitre_atlas    = "AML.T0024,AML.T0020,AML.T0055,M0005"
    nist_ai_rmf    = "MEASURE 2.7,MAP 5.1"
    eu_ai_act      = "Art.9,Art.15"
  })
}

control "attack_path_open_notebook_to_training_data" {
  title       = "No path from a notebook with internet access and root to the training data its identity can read"
  description = "A notebook reachable from (or reaching) the internet where users have root runs as an identity; every dataset that identity reads is one compromised notebook away. Fix: disable direct internet access or root, and give notebooks their own least-privilege identity rather than the one training jobs use."
  severity    = "high"
  sql         = <<-EOQ
    with n as (
      select id, name, cloud, scope, location, identity from aispm_notebook
    ), paths as (
      select n.id, string_agg(distinct d.used_by || ' reads ' || coalesce(d.uri, '?') ||
        case when d.storage_public then ' (public)' else '' end, '; ') as hops
      from aispm_notebook n join aispm_dataset d on d.identity = n.identity and d.identity <> ''
      where coalesce(n.internet_access, false) and coalesce(n.root_access, false)
      group by n.id
    )
    select n.id as resource,
      case when p.hops is null then 'ok' else 'alarm' end as status,
      case when p.hops is null then n.name || ': no internet-and-root notebook path to training data.'
           else n.name || ' (internet, root) → ' || n.identity || ' → ' || p.hops || '.' end as reason,
      n.cloud, n.scope, n.location
    from n left join paths p on p.id = n.id;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "notebooks_and_compute"
    owasp_llm_2025 = "LLM02,LLM04"
    mitre_atlas    = "AML.T0020,AML.T0025,M0019"
    nist_ai_rmf    = "MEASURE 2.7,MAP 5.1"
    iso_42001      = "A.7.2"
    eu_ai_act      = "Art.9,Art.10"
  })
}

control "attack_path_unrestricted_ai_key" {
  title       = "No enabled key that can call AI APIs without restriction"
  description = "A key that unlocks AI services is a bearer credential for model theft, data exfiltration through prompts and cost harvesting unless it is limited both to the APIs it is for and to the networks or clients that may use it; a key limited in only one way (network only, or API only) is partially restricted and still a path. One rule on every cloud (aispm_key.restrictions). Fix: restrict the key to the APIs and clients that need it, or replace it with identity-based access."
  severity    = "high"
  sql         = <<-EOQ
    with k as (
      select id, name, cloud, scope, location, kind, target, enabled, can_call_ai, restricted,
        restrictions ->> 'level' as level,
        concat_ws(' and ',
          case when (restrictions ->> 'api')::bool then 'API' end,
          case when (restrictions ->> 'network')::bool then 'network' end,
          case when (restrictions ->> 'client')::bool then 'client' end) as limits
      from aispm_key
    )
    select id as resource,
      case when not coalesce(enabled, false) or not coalesce(can_call_ai, false) then 'ok'
           when restricted is null then 'info'
           when restricted then 'ok' else 'alarm' end as status,
      name || case when not coalesce(enabled, false) then ' is disabled.'
                   when not coalesce(can_call_ai, false) then ' cannot call AI APIs.'
                   when restricted is null then ' (' || kind || ') → ' || target || ': what it can call depends on policies aispm does not evaluate.'
                   when restricted then ' (' || kind || ') is fully restricted (' || limits || ').'
                   when level = 'partial' then ' (' || kind || ', enabled, restricted by ' || limits || ' only) → ' || target || ' → every model it can reach.'
                   else ' (' || kind || ', enabled, unrestricted) → ' || target || ' → every model it serves.' end as reason,
      cloud, scope, location
    from k;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0034,AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7,MAP 5.1"
    eu_ai_act      = "Art.9,Art.15"
  })
}
