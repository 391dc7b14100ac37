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

  # One customer-managed-key check: __KEY__ is the key column and __CMK__ the
  # column saying whether it is customer managed, as the cloud itself reports
  # it (true, false, or null when it could not be read); __WHAT__ names what
  # is encrypted and __PROVIDER__ whose keys the default ones are.
  cmk_sql = <<-EOQ
    with c as (
      select __RESOURCE__ as resource, name, __DIMS__, __KEY__ as key, __CMK__ as cmk from __TABLE__
    )
    select resource,
      case when cmk then 'ok' when cmk is null then 'info' else 'alarm' end as status,
      name || ': __WHAT__ is encrypted with ' || case
        when cmk then 'the customer-managed key ' || key || '.'
        when cmk is null then coalesce(key, 'a key') || ', whose manager could not be read.'
        when key is null then '__PROVIDER__-managed keys (no key named).'
        else key || ', which is __PROVIDER__-managed.' end as reason,
      __DIMS__
    from c;
  EOQ
}
