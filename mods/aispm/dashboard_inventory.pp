dashboard "ai_inventory" {
  title = "AI Inventory"
  tags = {
    plugin = "aispm"
    type   = "Dashboard"
  }

  container {
    card {
      title = "AI endpoints"
      width = 3
      sql   = "select count(*) as value from aispm_endpoint"
    }
    card {
      title = "Internet-exposed with API keys"
      width = 3
      type  = "alert"
      sql   = "select count(*) as value from aispm_endpoint where public_network_access and key_auth"
    }
    card {
      title = "Without a customer-managed key"
      width = 3
      sql   = "select count(*) as value from aispm_endpoint where customer_managed_key is distinct from true"
    }
    card {
      title = "Scopes failing"
      width = 3
      sql   = "select count(*) as value from aispm_scope_status where status <> 'ok'"
    }
  }

  container {
    chart {
      title = "Endpoints by cloud"
      type  = "donut"
      width = 6
      sql   = "select cloud, count(*) from aispm_endpoint group by cloud order by cloud"
    }
    chart {
      title = "Endpoints by kind"
      type  = "column"
      width = 6
      sql   = "select kind, count(*) from aispm_endpoint group by kind order by kind"
    }
  }

  table {
    title = "AI endpoints"
    sql   = <<-EOQ
      select cloud, scope, location, name, title, kind, public_network_access, auth_mode,
        customer_managed_key as cmk, logging_enabled, jsonb_array_length(models) as models
      from aispm_endpoint
      order by cloud, scope, name
    EOQ
  }

  container {
    card {
      title = "Models that run code when loaded"
      width = 3
      type  = "alert"
      sql   = "select count(distinct model_id) as value from aispm_model_scan where status = 'finding' and severity in ('critical', 'high')"
    }
    card {
      title = "Model files scanned"
      width = 3
      sql   = "select count(distinct object_uri) as value from aispm_model_scan where status <> 'error'"
    }

    table {
      title = "Model artifacts with critical or high findings"
      sql   = <<-EOQ
        select m.cloud, m.scope, m.name as model, m.kind, s.object_uri, s.severity, s.rule, s.construct,
          nullif(s.member, '') as member, s.offset
        from aispm_model_scan s
        join aispm_model m on m.id = s.model_id
        where s.status = 'finding' and s.severity in ('critical', 'high')
        order by case s.severity when 'critical' then 0 else 1 end, m.cloud, m.name, s.object_uri
      EOQ
    }
  }
}
