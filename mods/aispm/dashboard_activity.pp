dashboard "ai_activity" {
  title = "AI Activity"
  tags = {
    plugin = "aispm"
    type   = "Dashboard"
  }

  container {
    card {
      title = "AI calls, last 24 h"
      width = 3
      sql   = "select count(*) as value from aispm_ai_activity where event_time > now() - interval '24 hours'"
    }
    card {
      title = "Principals"
      width = 3
      sql   = "select count(distinct (cloud, scope, principal)) as value from aispm_ai_activity where event_time > now() - interval '24 hours'"
    }
    card {
      title = "Refused calls"
      width = 3
      type  = "alert"
      sql   = "select count(*) as value from aispm_ai_activity where outcome = 'failure' and event_time > now() - interval '24 hours'"
    }
    card {
      title = "Tokens (Bedrock invocation logs)"
      width = 3
      sql   = "select coalesce(sum(input_tokens + output_tokens), 0) as value from aispm_ai_activity where source = 'bedrock_invocation_log' and event_time > now() - interval '24 hours'"
    }
  }

  container {
    chart {
      title = "Calls per hour by cloud, last 7 days"
      type  = "line"
      width = 6
      sql   = <<-EOQ
        select date_trunc('hour', event_time) as hour, cloud, count(*) as calls
        from aispm_ai_activity
        where event_time > now() - interval '7 days'
        group by 1, 2 order by 1, 2
      EOQ
    }
    chart {
      title = "Top operations"
      type  = "bar"
      width = 6
      sql   = <<-EOQ
        select operation, count(*) as calls
        from aispm_ai_activity
        where event_time > now() - interval '24 hours'
        group by operation order by calls desc limit 15
      EOQ
    }
  }

  table {
    title = "Top principals"
    width = 6
    sql   = <<-EOQ
      select cloud, principal, principal_type, count(*) as calls, count(*) filter (where outcome = 'failure') as refused,
        count(distinct location) as locations, string_agg(distinct source_ip, ', ') as addresses
      from aispm_ai_activity
      where event_time > now() - interval '24 hours'
      group by cloud, principal, principal_type
      order by calls desc limit 25
    EOQ
  }

  table {
    title = "Refused calls"
    width = 6
    sql   = <<-EOQ
      select event_time, cloud, principal, operation, error_code, source_ip
      from aispm_ai_activity
      where outcome = 'failure' and event_time > now() - interval '24 hours'
      order by event_time desc limit 100
    EOQ
  }

  benchmark {
    base = benchmark.detections
  }
}
