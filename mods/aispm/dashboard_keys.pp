dashboard "keys" {
  title = "AI Keys"
  tags = {
    plugin = "aispm"
    type   = "Dashboard"
  }

  container {
    card {
      title = "Keys"
      width = 3
      sql   = "select count(*) as value from aispm_key"
    }
    card {
      title = "Enabled and able to call AI"
      width = 3
      sql   = "select count(*) as value from aispm_key where enabled and can_call_ai"
    }
    card {
      title = "Not fully restricted"
      width = 3
      type  = "alert"
      sql   = "select count(*) as value from aispm_key where enabled and restricted = false"
    }
    card {
      title = "Never expire"
      width = 3
      type  = "alert"
      sql   = "select count(*) as value from aispm_key where enabled and expires_at is null"
    }
  }

  container {
    chart {
      title = "Keys by kind"
      type  = "column"
      width = 6
      sql   = "select kind, count(*) from aispm_key group by kind order by kind"
    }
    chart {
      title = "Keys by cloud"
      type  = "donut"
      width = 6
      sql   = "select cloud, count(*) from aispm_key group by cloud order by cloud"
    }
  }

  table {
    title = "Every key (metadata only: no key value is ever read)"
    sql   = <<-EOQ
      select cloud, scope, kind, name, target, enabled, restricted, restrictions ->> 'level' as restriction_level, can_call_ai, created_at, expires_at,
        date_part('day', now() - created_at)::int as age_days
      from aispm_key
      order by cloud, scope, kind, name
    EOQ
  }
}
