locals {
  aws_common_tags = {
    cloud   = "aws"
    plugin  = "aispm"
    service = "AWS/SageMaker"
  }
  azure_common_tags = {
    cloud   = "azure"
    plugin  = "aispm"
    service = "Azure/CognitiveServices"
  }
  gcp_common_tags = {
    cloud   = "gcp"
    plugin  = "aispm"
    service = "GCP/VertexAI"
  }
  cross_cloud_common_tags = {
    cloud  = "all"
    plugin = "aispm"
  }

  # One boolean check over a native table: __TABLE__, the __OK__ condition and
  # the reason's two endings; each cloud fills in its resource id and dimensions.
  check_sql = <<-EOQ
    with c as (
      select __RESOURCE__ as resource, name, __DIMS__, (__OK__) as ok from __TABLE__
    )
    select resource,
      case when ok then 'ok' else 'alarm' end as status,
      name || case when ok then ' __GOOD__.' else ' __BAD__.' end as reason,
      __DIMS__
    from c;
  EOQ
}
