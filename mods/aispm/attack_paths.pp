benchmark "attack_paths" {
  title       = "Attack paths"
  description = "Controls that walk the attack graph (aispm_relationship) along the paths an attacker would take. Each row names every hop."
  children = [
    control.attack_path_exposed_endpoint_to_exposed_model_data,
    control.attack_path_open_notebook_to_training_data,
    control.attack_path_unrestricted_ai_key,
    control.attack_path_public_model_data_to_endpoint,
    control.attack_path_training_data_secret_to_admin,
    control.attack_path_notebook_can_poison_training_data,
    control.attack_path_agent_knowledge_base_exposed_data,
    control.attack_path_outside_identity_can_poison_training_data,
  ]
  tags = local.cross_cloud_common_tags
}

control "attack_path_exposed_endpoint_to_exposed_model_data" {
  title       = "No path from an internet-exposed, key-authenticated endpoint to the public storage of the model it serves"
  description = "An endpoint open to the internet that accepts static keys serves a model whose weights or training data sit in publicly readable storage: one leaked key (or none, for the storage) gives the model, its data, and the chance to poison the next version. The path is walked over aispm_relationship: the endpoint serves the model, the model was trained on data (directly or through its job) or is loaded from weights, and that storage is publicly readable. Fix: break any hop: network-restrict the endpoint or require identity-based auth, and make the storage private."
  severity    = "critical"
  sql         = <<-EOQ
    -- over aispm_relationship: endpoint -serves-> model (<-trains- data)* -stored_in-> storage <-exposes- internet
    with recursive nodes as (
      select distinct on (id) id, name from (
        select from_id as id, from_name as name from aispm_relationship
        union all select to_id, to_name from aispm_relationship) n
      order by id, name
    ), public as (
      select distinct to_id as storage from aispm_relationship where from_id = 'internet' and relation = 'exposes' and to_kind = 'storage'
    ), step as (
      select distinct from_id as a, to_id as b, to_kind as b_kind, relation from aispm_relationship
      where relation in ('serves', 'stored_in')
      union
      select distinct to_id, from_id, from_kind, 'trained_on' from aispm_relationship where relation = 'trains'
    ), e as (
      select id, coalesce(nullif(title, ''), name) as name, auth_mode from aispm_endpoint where public_network_access and key_auth
    ), walk(endpoint, node, kind, path, rels) as (
      select e.id, s.b, s.b_kind, array[e.id, s.b], array[s.relation]
      from e join step s on s.a = e.id and s.relation = 'serves'
      union all
      select w.endpoint, s.b, s.b_kind, w.path || s.b, w.rels || s.relation
      from walk w join step s on s.a = w.node and s.relation <> 'serves'
      where w.kind <> 'storage' and cardinality(w.path) < 8 and not s.b = any(w.path)
    ), paths as (
      select w.endpoint, string_agg(distinct (
        select string_agg(coalesce(n.name, u.p), ' → ' order by u.i)
        from unnest(w.path[2:]) with ordinality u(p, i) left join nodes n on n.id = u.p)
        || case when 'trained_on' = any(w.rels) then ' (training data)' else ' (weights)' end || ', public', '; ') as hops
      from walk w join public p on p.storage = w.node
      group by w.endpoint
    ), ep as (
      select distinct on (id) id, coalesce(nullif(title, ''), name) as name, cloud, scope, location, auth_mode from aispm_endpoint order by id
    )
    select ep.id as resource,
      case when p.hops is null then 'ok' else 'alarm' end as status,
      case when p.hops is null then ep.name || ': no path from it to publicly readable model data.'
           else ep.name || ' (internet, ' || ep.auth_mode || ' auth) → ' || p.hops || '.' end as reason,
      ep.cloud, ep.scope, ep.location
    from ep left join paths p on p.endpoint = ep.id;
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
    -- internet -exposes-> notebook -runs_as-> identity -can_read-> data, over aispm_relationship
    with reach as (
      select x.to_id as notebook, r.to_id as identity, c.to_id as data
      from aispm_relationship x
      join aispm_relationship r on r.relation = 'runs_as' and r.from_id = x.to_id
      join aispm_relationship c on c.relation = 'can_read' and c.from_id = r.to_id
      where x.from_id = 'internet' and x.relation = 'exposes' and x.to_kind = 'notebook'
    ), paths as (
      select reach.notebook, string_agg(distinct reach.identity || ' → ' || reach.data, '; ') as hops
      from reach join aispm_notebook n on n.id = reach.notebook
      where coalesce(n.root_access, false)
      group by reach.notebook
    )
    select n.id as resource,
      case when p.hops is null then 'ok' else 'alarm' end as status,
      case when p.hops is null then n.name || ': no internet-and-root notebook path to training data.'
           else n.name || ' (internet, root) → ' || p.hops || '.' end as reason,
      n.cloud, n.scope, n.location
    from aispm_notebook n left join paths p on p.notebook = n.id;
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

control "attack_path_public_model_data_to_endpoint" {
  title       = "No endpoint should serve a model whose weights or training data anyone can read"
  description = "Walks aispm_relationship from the internet: publicly readable storage → the data or weights stored in it → the models that data trains (trains: directly, or through their training job) or loaded from those weights → the endpoints that serve them. Anyone can copy such a model's weights or training data, and where the storage is also writable, poison what production serves. Each row names every hop. Fix: make the storage private (S3 Block Public Access, GCS public access prevention, Azure allowBlobPublicAccess false), or retrain and redeploy from private storage."
  severity    = "high"
  sql         = <<-EOQ
    with recursive nodes as (
      select distinct on (id) id, name from (
        select from_id as id, from_name as name from aispm_relationship
        union all select to_id, to_name from aispm_relationship) n
      order by id, name
    ), step as (
      -- the attack direction: internet → storage → data (→ trains) or weights → model → endpoint
      select distinct from_id as a, to_id as b, to_kind as b_kind from aispm_relationship
      where relation = 'exposes' and to_kind = 'storage'
      union
      select distinct to_id, from_id, from_kind from aispm_relationship
      where relation in ('stored_in', 'serves')
      union
      select distinct from_id, to_id, to_kind from aispm_relationship where relation = 'trains'
    ), walk(node, kind, path) as (
      select b, b_kind, array[a, b] from step where a = 'internet'
      union all
      select s.b, s.b_kind, w.path || s.b
      from walk w join step s on s.a = w.node
      where w.kind <> 'endpoint' and cardinality(w.path) < 8 and not s.b = any(w.path)
    ), paths as (
      select w.node as endpoint, string_agg(distinct (
        select string_agg(coalesce(n.name, u.p), ' → ' order by u.i)
        from unnest(w.path) with ordinality u(p, i) left join nodes n on n.id = u.p), '; ') as hops
      from walk w where w.kind = 'endpoint'
      group by w.node
    ), ep as (
      select distinct on (id) id, coalesce(nullif(title, ''), name) as name, cloud, scope, location from aispm_endpoint order by id
    )
    select ep.id as resource,
      case when p.hops is null then 'ok' else 'alarm' end as status,
      case when p.hops is null then ep.name || ': nothing it serves comes from publicly readable storage.'
           else ep.name || ' serves a model from publicly readable storage: ' || p.hops || '.' end as reason,
      ep.cloud, ep.scope, ep.location
    from ep left join paths p on p.endpoint = ep.id;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM03,LLM04"
    mitre_atlas    = "AML.T0020,AML.T0025,AML.T0010,M0005"
    nist_ai_rmf    = "MEASURE 2.7,MAP 5.1"
    iso_42001      = "A.7.2,A.7.5"
    eu_ai_act      = "Art.10,Art.15"
  })
}

control "attack_path_training_data_secret_to_admin" {
  title       = "No training data should hold a live credential of an identity with administrator rights"
  description = "Walks aispm_relationship: who uses the data (the models trained on it and the jobs that read it) → the data → a live credential found in it (holds_secret_of, from aispm_dataset_scan) → the identity → AdministratorAccess (grants). Anyone who can read the data, or extract it from a model trained on it, administers the account. Each row names every hop. Fix: deactivate the key, remove it from the data and retrain, and stop giving long-term keys administrator rights."
  severity    = "critical"
  sql         = <<-EOQ
    with secret as (
      select distinct h.from_id as data, h.from_name as data_name, h.to_id as identity, h.to_name as identity_name, h.evidence
      from aispm_relationship h where h.relation = 'holds_secret_of'
    ), admin as (
      select distinct from_id as identity, to_name as policy from aispm_relationship
      where relation = 'grants' and to_id = 'arn:aws:iam::aws:policy/AdministratorAccess'
    ), users as (
      select from_id as data, to_name as user from aispm_relationship where relation = 'trains'
    ), public as (
      select distinct s.from_id as data from aispm_relationship s
      join aispm_relationship x on x.relation = 'exposes' and x.from_id = 'internet' and x.to_id = s.to_id
      where s.relation = 'stored_in'
    ), paths as (
      select s.identity, string_agg(distinct
        coalesce((select string_agg(distinct u.user, ', ') from users u where u.data = s.data) || ' → ', '')
        || s.data_name || case when p.data is not null then ' (public)' else '' end
        || ' → ' || s.identity_name || ' → ' || a.policy, '; ') as hops
      from secret s join admin a on a.identity = s.identity left join public p on p.data = s.data
      group by s.identity
    ), ids as (
      select distinct identity, identity_name from secret
    ), meta as (
      select distinct on (uri) uri, cloud, scope, location from aispm_dataset_scan order by uri
    )
    select i.identity as resource,
      case when p.hops is null then 'ok' else 'alarm' end as status,
      case when p.hops is null then i.identity_name || ': a live credential of it is in training data, but it has no administrator policy (training_data_secret_active_identity reports it).'
           else 'A live credential in training data administers the account: ' || p.hops || '.' end as reason,
      m.cloud, m.scope, m.location
    from ids i left join paths p on p.identity = i.identity
    left join lateral (select me.* from secret s join meta me on me.uri = s.data where s.identity = i.identity limit 1) m on true;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM02,LLM04"
    mitre_atlas    = "AML.T0055,AML.T0057,M0019"
    nist_ai_rmf    = "MEASURE 2.7,MAP 5.1"
    eu_ai_act      = "Art.10"
  })
}

control "attack_path_notebook_can_poison_training_data" {
  title       = "No internet-reachable notebook should run as an identity that can rewrite training data"
  description = "Walks aispm_relationship: internet → a notebook with direct internet access → the identity it runs as → training data that identity can write (can_write, evaluated by the cloud itself: iam:SimulatePrincipalPolicy for s3:PutObject on the data's objects) → the models and jobs that read the data. One compromised notebook session rewrites what the next model learns. Each row names every hop. Fix: give notebooks their own identity without write access to training data, or disable direct internet access."
  severity    = "high"
  sql         = <<-EOQ
    with w as (
      select x.to_id as notebook, r.to_id as identity, c.to_id as data
      from aispm_relationship x
      join aispm_relationship r on r.relation = 'runs_as' and r.from_id = x.to_id
      join aispm_relationship c on c.relation = 'can_write' and c.from_id = r.to_id
      where x.from_id = 'internet' and x.relation = 'exposes' and x.to_kind = 'notebook'
    ), users as (
      -- who learns from the data: the models it trains
      select from_id as data, to_name as user from aispm_relationship where relation = 'trains'
    ), paths as (
      select w.notebook, string_agg(distinct w.identity || ' → can write ' || w.data
        || coalesce(' → read by ' || (select string_agg(distinct u.user, ', ') from users u where u.data = w.data), ''), '; ') as hops
      from w group by w.notebook
    )
    select n.id as resource,
      case when p.hops is null then 'ok' else 'alarm' end as status,
      case when p.hops is null then n.name || ': no internet-reachable path from it to writable training data.'
           else n.name || ' (internet) → ' || p.hops || '.' end as reason,
      n.cloud, n.scope, n.location
    from aispm_notebook n left join paths p on p.notebook = n.id;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "notebooks_and_compute"
    owasp_llm_2025 = "LLM04"
    mitre_atlas    = "AML.T0020,M0019,M0005"
    nist_ai_rmf    = "MEASURE 2.7,MAP 5.1"
    iso_42001      = "A.7.2,A.7.5"
    eu_ai_act      = "Art.10,Art.15"
  })
}

control "attack_path_agent_knowledge_base_exposed_data" {
  title       = "No agent should retrieve from a knowledge base whose data source is public or not under a customer-managed key"
  description = "Walks aispm_relationship: agent → the knowledge bases it retrieves from (retrieves_from) → their data sources (reads) → the storage holding them (stored_in), and asks whether the internet can read that storage (exposes) or write the data (can_write from the internet), or whether neither the data source nor its storage is encrypted with a customer-managed key (aispm_dataset). Whatever lands in such a source is retrieved into the agent's context: indirect prompt injection and data leakage. Each row names every hop. Fix: make the data source's storage private and encrypt it with a CMK, or detach the knowledge base."
  severity    = "high"
  sql         = <<-EOQ
    with hop as (
      select a.from_id as agent, a.to_id as kb, a.to_name as kb_name, d.to_id as data, s.to_id as storage, s.to_name as storage_name
      from aispm_relationship a
      join aispm_relationship d on d.relation = 'reads' and d.from_id = a.to_id
      left join aispm_relationship s on s.relation = 'stored_in' and s.from_id = d.to_id
      where a.relation = 'retrieves_from'
    ), judged as (
      select h.*,
        exists (select 1 from aispm_relationship x where x.from_id = 'internet' and x.relation = 'exposes' and x.to_id = h.storage) as public,
        exists (select 1 from aispm_relationship w where w.from_id = 'internet' and w.relation = 'can_write' and w.to_id = h.data) as public_write,
        (select bool_or(coalesce(ds.customer_managed_key, false) or coalesce(ds.storage_customer_managed_key, false)) from aispm_dataset ds where ds.uri = h.data) as cmk
      from hop h
    ), paths as (
      select agent, string_agg(distinct kb_name || ' → ' || data || coalesce(' in ' || storage_name, '') || ' ('
        || concat_ws(', ', case when public then 'public' end, case when public_write then 'writable by anyone' end,
                     case when cmk is false then 'no customer-managed key' end) || ')', '; ') as hops
      from judged where public or public_write or cmk is false
      group by agent
    ), ag as (
      select distinct on (id) id, coalesce(nullif(title, ''), name) as name, cloud, scope, location from aispm_agent order by id
    )
    select ag.id as resource,
      case when p.hops is null then 'ok' else 'alarm' end as status,
      case when p.hops is null then ag.name || ': no knowledge base it retrieves from has a public or provider-key-only data source.'
           else ag.name || ' → ' || p.hops || '.' end as reason,
      ag.cloud, ag.scope, ag.location
    from ag left join paths p on p.agent = ag.id;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM01,LLM08"
    mitre_atlas    = "AML.T0051.001,AML.T0057,M0005"
    nist_ai_rmf    = "MEASURE 2.7,MAP 5.1"
    iso_42001      = "A.7.5"
  })
}

control "attack_path_outside_identity_can_poison_training_data" {
  title       = "No identity outside the data's own account or project should be able to write training data"
  description = "Walks aispm_relationship: an identity that the cloud's policies let write a data location (can_write: a bucket policy statement naming another AWS account, a Cloud Storage grant to another project's service account, or a write grant to allUsers) → the data → the models it trains. Whoever controls that identity (a vendor, a partner, anyone) decides what the next model learns. Azure principals are object ids without their tenant, so Azure is judged by the in-subscription controls. Each row names every hop. Fix: have outside parties deliver into a separate landing bucket that a pipeline validates before promoting data, or remove the grant."
  severity    = "high"
  sql         = <<-EOQ
    with w as (
      select c.to_id as data, c.from_id as principal, c.evidence
      from aispm_relationship c
      where c.relation = 'can_write' and (
        c.from_id = 'internet'
        or (c.from_id like 'arn:aws:iam::%' and split_part(c.from_id, ':', 5) <> c.account_id)
        or (c.from_id like '%.iam.gserviceaccount.com' and split_part(c.from_id, '@', 2) not like 'gcp-sa-%'
            and split_part(split_part(c.from_id, '@', 2), '.', 1) <> c.project))
    ), users as (
      select from_id as data, string_agg(distinct to_name, ', ') as models from aispm_relationship where relation = 'trains' group by from_id
    ), paths as (
      select w.data, string_agg(distinct w.principal || ' (' || w.evidence || ')', '; ') as hops from w group by w.data
    ), d as (
      select distinct on (uri) uri, cloud, scope, location from aispm_dataset where uri is not null order by uri, scope
    )
    select d.uri as resource,
      case when p.hops is null then 'ok' else 'alarm' end as status,
      case when p.hops is null then d.uri || ': no identity outside its account or project may write it.'
           else p.hops || ' → can write ' || d.uri || coalesce(' → trains ' || u.models, '') || '.' end as reason,
      d.cloud, d.scope, d.location
    from d left join paths p on p.data = d.uri left join users u on u.data = d.uri;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM03,LLM04"
    mitre_atlas    = "AML.T0020,AML.T0010"
    nist_ai_rmf    = "MAP 4.1,GOVERN 6.1"
    iso_42001      = "A.7.2,A.10.3"
    eu_ai_act      = "Art.10"
  })
}
