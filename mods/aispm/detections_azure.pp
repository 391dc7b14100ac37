benchmark "detections_azure" {
  title    = "Detections: Azure"
  children = [
    control.detect_azure_ai_auth_weakened,
  ]
  tags = merge(local.detection_common_tags, { cloud = "azure" })
}

control "detect_azure_ai_auth_weakened" {
  title       = "Azure AI accounts should not have key auth re-enabled or public access opened"
  description = "An accounts/write whose request body sets disableLocalAuth to false or publicNetworkAccess to Enabled undoes the two settings that keep leaked keys and the internet out (the Activity Log keeps write bodies in properties.requestbody). Fix: set them back (Azure Policy can deny the change) and rotate the keys."
  severity    = "high"
  sql = replace(replace(replace(replace(local.detection_sql, "__OK__", "did not weaken the authentication or network access of an AI account"), "__HITS__", <<-EOQ
      select cloud, scope, principal,
        'weakened ' || string_agg(distinct resource_id, ', ') || ' ('
          || concat_ws(', ', case when bool_or(body ->> 'disableLocalAuth' = 'false') then 'disableLocalAuth set to false' end,
                             case when bool_or(body ->> 'publicNetworkAccess' = 'Enabled') then 'publicNetworkAccess set to Enabled' end)
          || ')' || __WHEN__ || '.' as evidence
      from (select *, event -> 'properties' -> 'requestbody' -> 'properties' as body from w) x
      where cloud = 'azure' and outcome = 'success'
        and operation ~* '^Microsoft\.(CognitiveServices/accounts|MachineLearningServices/workspaces)/write$'
        and (body ->> 'disableLocalAuth' = 'false' or body ->> 'publicNetworkAccess' = 'Enabled')
      group by cloud, scope, principal
  EOQ
  ), "__WHEN__", local.detection_when), "__INVOKE__", local.detection_invoke_regex)
  param "window_hours" {
    default = var.detection_window_hours
  }
  tags = merge(local.detection_common_tags, {
    cloud         = "azure"
    service       = "Azure/CognitiveServices"
    severity_rank = "2"
    mitre_atlas   = "AML.T0055"
  })
}
