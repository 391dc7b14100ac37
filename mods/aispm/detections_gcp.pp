benchmark "detections_gcp" {
  title    = "Detections: GCP"
  children = [
    control.detect_vertex_endpoint_iam_changed,
  ]
  tags = merge(local.detection_common_tags, { cloud = "gcp" })
}

control "detect_vertex_endpoint_iam_changed" {
  title       = "Vertex AI IAM policies should be changed only by administrators"
  description = "SetIamPolicy on a Vertex AI endpoint, model or dataset decides who can call or read it; granting allUsers or allAuthenticatedUsers publishes it. Alarms when a principal outside detection_admin_principals changed one; the evidence says when a public member was granted. Fix: review the policy (aispm_gcp_vertex_endpoint) and manage it in code."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not change Vertex AI IAM policies"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'changed the IAM policy of ' || string_agg(distinct resource_id, ', ')
          || case when bool_or(event::text ~ '"(allUsers|allAuthenticatedUsers)"') then ', granting allUsers or allAuthenticatedUsers' else '' end
          || __WHEN__ || '.' as evidence
      from w
      where service = 'aiplatform.googleapis.com' and operation ~ 'SetIamPolicy$' and outcome = 'success'
        and principal <> all($2::text[])
      group by cloud, scope, principal
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  param "admin_principals" {
    default = var.detection_admin_principals
  }
  tags = merge(local.detection_common_tags, {
    cloud         = "gcp"
    service       = "GCP/VertexAI"
    severity_rank = "2"
    mitre_atlas   = "AML.T0040,M0019"
  })
}
