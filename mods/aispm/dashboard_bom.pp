locals {
  # Every asset of every unified table, one row each: the AI bill of materials.
  ai_assets_sql = <<-EOQ
    select 'endpoint' as asset, cloud, scope, location, service, kind, name, id from aispm_endpoint
    union all select 'model', cloud, scope, location, service, kind, name, id from aispm_model
    union all select 'notebook', cloud, scope, location, service, kind, name, id from aispm_notebook
    union all select 'dataset', cloud, scope, location, service, kind, name, id from aispm_dataset
    union all select 'key', cloud, scope, location, service, kind, name, id from aispm_key
    union all select 'agent', cloud, scope, location, service, kind, name, id from aispm_agent
    union all select 'guardrail', cloud, scope, location, service, kind, name, id from aispm_guardrail
  EOQ
}

dashboard "ai_bom" {
  title = "AI Bill of Materials"
  tags = {
    plugin = "aispm"
    type   = "Dashboard"
  }

  container {
    card {
      title = "AI assets"
      width = 3
      sql   = "select count(*) as value from (${local.ai_assets_sql}) a"
    }
    card {
      title = "Models"
      width = 3
      sql   = "select count(*) as value from aispm_model"
    }
    card {
      title = "Model files scanned"
      width = 3
      sql   = "select count(distinct object_uri) as value from aispm_model_scan where status <> 'error'"
    }
    card {
      title = "Clouds, accounts and regions"
      width = 3
      sql   = "select count(distinct cloud || '/' || scope || '/' || coalesce(location, '')) as value from (${local.ai_assets_sql}) a"
    }
  }

  container {
    chart {
      title = "Assets by kind and cloud"
      type  = "column"
      width = 6
      sql   = "select asset, cloud, count(*) from (${local.ai_assets_sql}) a group by asset, cloud order by asset, cloud"
    }
    chart {
      title = "Assets by service"
      type  = "bar"
      width = 6
      sql   = "select service, count(*) from (${local.ai_assets_sql}) a group by service order by count(*) desc"
    }
  }

  container {
    chart {
      title = "Assets by region / location"
      type  = "column"
      width = 6
      sql   = "select coalesce(location, 'global') as location, count(*) from (${local.ai_assets_sql}) a group by 1 order by 2 desc"
    }
    chart {
      title = "Assets by type"
      type  = "donut"
      width = 6
      sql   = "select kind, count(*) from (${local.ai_assets_sql}) a group by kind order by count(*) desc"
    }
  }

  table {
    title = "Every AI asset"
    sql   = "select asset, cloud, scope, location, service, kind, name, id from (${local.ai_assets_sql}) a order by asset, cloud, scope, name"
  }
}
