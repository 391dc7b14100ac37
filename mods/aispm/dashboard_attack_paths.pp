dashboard "attack_paths" {
  title = "AI Attack Paths"
  tags = {
    plugin = "aispm"
    type   = "Dashboard"
  }

  container {
    card {
      title = "Exposed endpoints with key auth"
      width = 4
      type  = "alert"
      sql   = "select count(*) as value from aispm_endpoint where public_network_access and key_auth"
    }
    card {
      title = "Public training data"
      width = 4
      type  = "alert"
      sql   = "select count(distinct used_by) as value from aispm_dataset where storage_public"
    }
    card {
      title = "AI keys not fully restricted"
      width = 4
      type  = "alert"
      sql   = "select count(*) as value from aispm_key where enabled and can_call_ai and restricted = false"
    }
  }

  flow {
    title = "Internet → endpoint → model → storage"
    width = 12
    sql   = <<-EOQ
      with e as (
        select e.id, e.name, e.cloud, ref from aispm_endpoint e, jsonb_array_elements_text(e.models) ref
        where e.public_network_access
      ), m as (
        select e.id as endpoint_id, mo.id, mo.name, u as artifact_uri
        from e join aispm_model mo on mo.cloud = e.cloud and (mo.id = e.ref or mo.name = e.ref or e.ref = 'azureml:' || mo.name || ':' || mo.version)
        cross join lateral jsonb_array_elements_text(coalesce(mo.artifact_uris, '[]')) u
      ), s as (
        select distinct m.id as model_id, coalesce(d.bucket, d.uri) as storage, d.storage_public
        from m join aispm_dataset d on d.uri is not null and m.artifact_uri like d.uri || '%'
      )
      select 'internet' as id, null as from_id, 'Internet' as title, 'internet' as category
      union all select distinct id, 'internet', name, 'endpoint' from e
      union all select distinct id, endpoint_id, name, 'model' from m
      union all select model_id || '/' || storage, model_id, storage, case when storage_public then 'public' else 'private' end from s
    EOQ
  }

  graph {
    title     = "The AI attack graph (aispm_relationship)"
    width     = 12
    direction = "LR"
    category "internet" {
      color = "red"
    }
    category "endpoint" {
      color = "orange"
    }
    category "model" {
      color = "purple"
    }
    category "data" {
      color = "blue"
    }
    category "storage" {
      color = "teal"
    }
    category "identity" {
      color = "green"
    }
    category "key" {
      color = "yellow"
    }
    node {
      sql = <<-EOQ
        select distinct on (id) id, name as title, kind as category, jsonb_build_object('kind', kind, 'id', id) as properties
        from (select from_id as id, from_name as name, from_kind as kind from aispm_relationship
              union all select to_id, to_name, to_kind from aispm_relationship) n
        order by id, kind
      EOQ
    }
    edge {
      sql = <<-EOQ
        select from_id, to_id, relation as title, jsonb_build_object('evidence', string_agg(distinct evidence, '; ')) as properties
        from aispm_relationship group by from_id, to_id, relation
      EOQ
    }
  }

  # Each path is one row naming every hop (Powerpipe v1.5.2 renders controls in a
  # dashboard through a benchmark panel).
  benchmark {
    base = benchmark.attack_paths
  }
}
