benchmark "cross_cloud" {
  title       = "Cross-cloud"
  description = "Controls that read the unified tables and so cover every cloud at once."
  children = [
    control.endpoint_internet_exposed_with_key_auth,
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
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0024,AML.T0034,AML.T0055"
    iso_42001      = "A.6.2.6"
  })
}
