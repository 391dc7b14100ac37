dashboard "training_data" {
  title = "AI Training Data"
  tags = {
    plugin = "aispm"
    type   = "Dashboard"
  }

  container {
    card {
      title = "Locations sampled"
      width = 3
      sql   = "select count(distinct uri) as value from aispm_dataset_scan where status in ('clean', 'finding')"
    }
    card {
      title = "Secrets in training data"
      width = 3
      type  = "alert"
      sql   = "select count(distinct fingerprint) as value from aispm_dataset_scan where kind = 'secret'"
    }
    card {
      title = "Live credentials in training data"
      width = 3
      type  = "alert"
      sql   = "select count(distinct fingerprint) as value from aispm_dataset_scan where identity_status = 'active'"
    }
    card {
      title = "MiB read"
      width = 3
      sql   = "select round(coalesce(sum(bytes_read), 0) / 1048576.0, 2) as value from (select distinct object_uri, bytes_read from aispm_dataset_scan where object_uri is not null) o"
    }
  }

  table {
    title = "Secrets, with whose they are"
    width = 12
    sql   = <<-EOQ
      select s.uri, s.object_uri, s.line, s.rule, s.fingerprint, s.identity, s.identity_status, s.identity_last_used, s.identity_admin,
        string_agg(distinct d.used_by, ', ') as used_by
      from aispm_dataset_scan s left join aispm_dataset d on d.uri = s.uri
      where s.kind = 'secret'
      group by s.uri, s.object_uri, s.line, s.rule, s.fingerprint, s.identity, s.identity_status, s.identity_last_used, s.identity_admin
      order by (s.identity_status = 'active') desc nulls last, s.uri
    EOQ
  }

  chart {
    title = "Personal data by category"
    type  = "column"
    width = 6
    sql   = "select rule as category, sum(count) as occurrences from aispm_dataset_scan where kind = 'pii' group by rule order by 2 desc"
  }

  table {
    title = "Personal data and where it is stored"
    width = 6
    sql   = <<-EOQ
      select s.uri, string_agg(distinct s.rule || ' ×' || s.count, ', ') as pii, bool_or(d.storage_public) as public,
        bool_and(d.storage_customer_managed_key) as cmk
      from aispm_dataset_scan s left join aispm_dataset d on d.uri = s.uri
      where s.kind = 'pii'
      group by s.uri order by public desc nulls last
    EOQ
  }

  table {
    title = "What was read"
    width = 12
    sql   = <<-EOQ
      select uri, count(distinct object_uri) filter (where status in ('clean', 'finding')) as objects_read,
        count(distinct object_uri) filter (where sampled) as sampled,
        count(*) filter (where status = 'skipped') as skipped, count(*) filter (where status = 'error') as errors,
        string_agg(distinct coalesce(error, case when status in ('skipped', 'empty') then reason end), '; ') as notes
      from aispm_dataset_scan group by uri order by uri
    EOQ
  }

  benchmark {
    base = benchmark.training_data
  }
}
