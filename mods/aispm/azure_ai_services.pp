locals {
  azure_ml_sql  = replace(replace(local.check_sql, "__RESOURCE__", "id"), "__DIMS__", "subscription_id, location")
  azure_cmk_sql = replace(replace(replace(local.cmk_sql, "__RESOURCE__", "id"), "__DIMS__", "subscription_id, location"), "__PROVIDER__", "Microsoft")

  # Resource logs: __TABLE__'s diagnostic settings send an enabled log
  # category (or category group) to a destination; __KIND__ names the resource.
  azure_diagnostics_sql = <<-EOQ
    with c as (
      select id, name, subscription_id, location, diagnostic_logs as l, (diagnostic_logs ->> 'enabled')::bool as ok from __TABLE__
    )
    select id as resource,
      case when ok then 'ok' when ok is null then 'skip' else 'alarm' end as status,
      '__KIND__ ' || name || case
        when ok then ' sends resource logs (' || (select string_agg(distinct x, ', ' order by x) from jsonb_array_elements_text(l -> 'categories') x) || ') to ' ||
          (select string_agg(distinct x, ', ' order by x) from jsonb_array_elements_text(l -> 'destinations') x) || '.'
        when ok is null then ': its diagnostic settings could not be read (' || coalesce(l ->> 'error', 'unknown') || ').'
        when jsonb_array_length(coalesce(l -> 'settings', '[]')) > 0 then ' has diagnostic settings, but none sends an enabled resource log category to a destination.'
        else ' has no diagnostic setting: its resource logs are not kept.' end as reason,
      subscription_id, location
    from c;
  EOQ
}

benchmark "azure" {
  title       = "Azure AI services"
  description = "Controls for Azure OpenAI, Azure AI Services and Azure Machine Learning."
  children = [
    control.azure_ai_account_local_auth_disabled,
    control.azure_ai_account_public_network_restricted,
    control.azure_ai_account_private_endpoint,
    control.azure_ai_account_cmk_encrypted,
    control.azure_ai_account_managed_identity,
    control.azure_ai_account_outbound_restricted,
    control.azure_ai_account_diagnostic_logs,
    control.azure_ai_deployment_content_filter,
    control.azure_ai_deployment_approved_publisher,
    control.azure_ai_deployment_model_not_retired,
    control.azure_foundry_connection_entra_id,
    control.azure_ml_workspace_public_access_disabled,
    control.azure_ml_workspace_private_link,
    control.azure_ml_workspace_cmk,
    control.azure_ml_workspace_managed_network,
    control.azure_ml_workspace_diagnostic_logs,
    control.azure_ml_compute_local_auth_disabled,
    control.azure_ml_compute_no_public_ip,
    control.azure_ml_compute_in_subnet,
    control.azure_ml_compute_os_image_current,
    control.azure_ml_compute_idle_shutdown,
    control.azure_ml_datastore_identity_based,
    control.azure_ml_online_endpoint_entra_id_auth,
    control.azure_ml_online_endpoint_public_access_disabled,
    control.azure_ml_online_deployment_egress_disabled,
  ]
  tags = local.azure_common_tags
}

control "azure_ai_account_local_auth_disabled" {
  title       = "Azure AI accounts should disable API-key (local) authentication"
  description = "API keys are long-lived shared secrets that bypass Entra ID conditional access and leave no per-user audit trail. Fix: set disableLocalAuth = true and grant callers the Cognitive Services OpenAI User role."
  severity    = "high"
  sql         = <<-EOQ
    with c as (select id, name, subscription_id, location, disable_local_auth as ok from aispm_azure_cognitive_account)
    select id as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then name || ' accepts Entra ID tokens only.' else name || ' accepts API keys.' end as reason,
      subscription_id, location
    from c;
  EOQ
  tags = merge(local.azure_common_tags, {
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}

control "azure_ai_account_public_network_restricted" {
  title       = "Azure AI accounts should not accept traffic from all networks"
  description = "An account with public network access enabled and no network ACL denying by default can be called from anywhere on the internet. Fix: set publicNetworkAccess = Disabled, or networkAcls.defaultAction = Deny with explicit IP and virtual network rules."
  severity    = "high"
  sql         = <<-EOQ
    with c as (
      select id, name, subscription_id, location, public_network_access, network_default_action,
        public_network_access = 'Disabled' or network_default_action = 'Deny' as ok
      from aispm_azure_cognitive_account
    )
    select id as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then name || ' restricts network access (public network access ' || coalesce(public_network_access, 'unset') || ', default action ' || coalesce(network_default_action, 'none') || ').'
           else name || ' accepts traffic from all networks.' end as reason,
      subscription_id, location
    from c;
  EOQ
  tags = merge(local.azure_common_tags, {
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0024,AML.T0040,M0005"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}

control "azure_ai_account_private_endpoint" {
  title       = "Azure AI accounts should be reached through an approved private endpoint"
  description = "A private endpoint keeps traffic to the model on the Microsoft backbone and lets you close public access entirely. Fix: create a private endpoint for the account's account sub-resource and approve it."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select a.id, a.name, a.subscription_id, a.location,
        exists (select 1 from jsonb_array_elements(a.private_endpoint_connections) pe where pe ->> 'status' = 'Approved') as ok
      from aispm_azure_cognitive_account a
    )
    select id as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then name || ' has an approved private endpoint.' else name || ' has no approved private endpoint.' end as reason,
      subscription_id, location
    from c;
  EOQ
  tags = merge(local.azure_common_tags, {
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0040,M0005"
    nist_ai_rmf    = "MEASURE 2.7"
  })
}

control "azure_ai_account_cmk_encrypted" {
  title       = "Azure AI accounts should encrypt data with a customer-managed key"
  description = "Fine-tuning files, stored completions and batch data are encrypted with Microsoft-managed keys (keySource Microsoft.CognitiveServices, or unset) unless a customer-managed key from Key Vault is configured, which lets you revoke access. Fix: set encryption.keySource = Microsoft.KeyVault with a key vault key."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.azure_cmk_sql, "__TABLE__", "aispm_azure_cognitive_account"), "__KEY__", "case when key_name is not null then key_name || ' in ' || coalesce(key_vault_uri, '?') end"), "__CMK__", "customer_managed_key"), "__WHAT__", "data at rest")
  tags = merge(local.azure_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0012"
    nist_ai_rmf    = "MEASURE 2.10"
  })
}

control "azure_ai_account_managed_identity" {
  title       = "Azure AI accounts should have a managed identity"
  description = "A managed identity lets the account reach Key Vault, storage and search indexes without stored credentials. Fix: enable a system-assigned or user-assigned identity."
  severity    = "low"
  sql         = <<-EOQ
    with c as (
      select id, name, subscription_id, location, identity_type,
        coalesce(identity_type, 'None') <> 'None' as ok
      from aispm_azure_cognitive_account
    )
    select id as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then name || ' has a ' || identity_type || ' managed identity.' else name || ' has no managed identity.' end as reason,
      subscription_id, location
    from c;
  EOQ
  tags = merge(local.azure_common_tags, {
    domain      = "identity_and_keys"
    mitre_atlas = "AML.T0055"
  })
}

control "azure_ai_account_outbound_restricted" {
  title       = "Azure AI accounts should restrict outbound network access"
  description = "Without restrictOutboundNetworkAccess an account can be pointed at any external data source (for example 'on your data' connections), an exfiltration path. Fix: set restrictOutboundNetworkAccess = true and list the allowed FQDNs."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select id, name, subscription_id, location, allowed_fqdn_list, restrict_outbound_network_access as ok
      from aispm_azure_cognitive_account
    )
    select id as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then name || ' may reach only ' || jsonb_array_length(allowed_fqdn_list) || ' allowed FQDN(s).'
           else name || ' may send data to any destination.' end as reason,
      subscription_id, location
    from c;
  EOQ
  tags = merge(local.azure_common_tags, {
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM02,LLM06"
    mitre_atlas    = "AML.T0025,M0005"
  })
}

variable "approved_model_publishers" {
  type        = list(string)
  description = "Model publishers whose models may be deployed (the model format for OpenAI models)."
  default     = ["OpenAI", "Microsoft", "Meta", "Mistral AI", "Cohere"]
}

control "azure_ai_deployment_content_filter" {
  title       = "Azure AI deployments should use a content filter that blocks jailbreaks, indirect attacks and harmful content"
  description = "A deployment's RAI policy decides what reaches the model and what leaves it. Without jailbreak (prompt shield) and indirect-attack blocking, injected instructions get through; with harm thresholds above Medium, filters that only annotate (blocking false), or asynchronous filtering (completions returned before they are filtered), harmful output does. Fix: attach a custom content filter in Default or Blocking mode with both shields blocking and every harm category blocking at Medium or stricter on prompts and completions."
  severity    = "high"
  sql         = <<-EOQ
    with c as (
      select d.id, d.name, d.account_name, d.subscription_id, d.location, d.rai_policy_name, p.mode,
        p.id is not null as found, coalesce(p.asynchronous_filtering, false) as async,
        coalesce(p.jailbreak_blocked, false) as jailbreak, coalesce(p.indirect_attack_blocked, false) as indirect,
        coalesce(p.harm_filters_strict, false) as harm,
        exists (select 1 from jsonb_array_elements(coalesce(p.content_filters, '[]')) f where (f ->> 'enabled')::bool and not (f ->> 'blocking')::bool) as detect_only
      from aispm_azure_cognitive_deployment d
      left join aispm_azure_cognitive_rai_policy p on p.account_id = d.account_id and p.name = d.rai_policy_name
    ), v as (
      select *, found and jailbreak and indirect and harm as ok,
        array_remove(array[
          case when not jailbreak then 'does not block jailbreaks' end,
          case when not indirect then 'does not block indirect attacks' end,
          case when not harm then case when async then 'filters completions asynchronously (mode ' || mode || '): harmful output is returned before it is filtered'
                                       else 'does not block every harm category at Medium or stricter on prompts and completions' end end,
          case when detect_only then 'has filters that only annotate (blocking false)' end], null) as why
      from c
    )
    select id as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then name || ' uses content filter ' || rai_policy_name || ', which blocks jailbreaks, indirect attacks and harm at Medium or stricter.'
           when not found then name || ' uses content filter ' || coalesce(rai_policy_name, '(none)') || ', which was not found on account ' || account_name || '.'
           else name || ' uses content filter ' || rai_policy_name || ', which ' || array_to_string(why, '; ') || '.' end as reason,
      subscription_id, location
    from v;
  EOQ
  tags = merge(local.azure_common_tags, {
    domain         = "guardrails_and_content_safety"
    owasp_llm_2025 = "LLM01"
    mitre_atlas    = "AML.T0051.000,AML.T0051.001,AML.T0054,M0020"
    nist_ai_rmf    = "MEASURE 2.6,MEASURE 2.7"
    iso_42001      = "A.9.4"
    eu_ai_act      = "Art.15"
  })
}

control "azure_ai_deployment_approved_publisher" {
  title       = "Azure AI deployments should only serve models from approved publishers"
  description = "Every deployed model is third-party code and data in your supply chain. Fix: remove deployments of models whose publisher is not on the approved list (variable approved_model_publishers), or approve the publisher after review."
  severity    = "medium"
  param "approved" {
    default = var.approved_model_publishers
  }
  sql = <<-EOQ
    with c as (
      select id, name, model_name, model_publisher, subscription_id, location,
        ($1)::jsonb ? model_publisher as ok
      from aispm_azure_cognitive_deployment
    )
    select id as resource,
      case when ok then 'ok' else 'alarm' end as status,
      name || ' serves ' || coalesce(model_name, '?') || ' from ' || coalesce(model_publisher, 'an unknown publisher') ||
        case when ok then ', an approved publisher.' else ', which is not an approved publisher.' end as reason,
      subscription_id, location
    from c;
  EOQ
  tags = merge(local.azure_common_tags, {
    domain         = "supply_chain"
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0010.003,M0014"
    nist_ai_rmf    = "MAP 4.1,GOVERN 6.1,MANAGE 3.1"
    iso_42001      = "A.10.3"
    eu_ai_act      = "Art.17"
  })
}

control "azure_foundry_connection_entra_id" {
  title       = "Azure AI Foundry connections should authenticate with Entra ID, not keys"
  description = "A connection that stores a credential (ApiKey, CustomKeys, AccountKey, SAS, PAT, UsernamePassword, ServicePrincipal with a client secret, OAuth2) gives that secret to everyone the connection is shared with, with no per-user audit trail. Only Entra ID (AAD) and managed identity connections are identity-based. Fix: recreate the connection with authType AAD or a managed identity and grant the identity a role on the target."
  severity    = "high"
  sql         = <<-EOQ
    with c as (
      select id, name, account_name, project_name, subscription_id, location, auth_type, target, not key_based as ok
      from aispm_azure_foundry_connection
    )
    select id as resource,
      case when ok then 'ok' else 'alarm' end as status,
      'Connection ' || name || ' to ' || coalesce(target, '?') || ' authenticates with ' || coalesce(auth_type, 'nothing') ||
        case when ok then '.' else ', a stored secret.' end as reason,
      subscription_id, location
    from c;
  EOQ
  tags = merge(local.azure_common_tags, {
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM06"
    mitre_atlas    = "AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7"
  })
}

control "azure_ml_workspace_public_access_disabled" {
  title       = "Azure ML workspaces should disable public network access"
  description = "A workspace reachable from the internet exposes its studio, registries and data access to anyone with a token. Fix: set publicNetworkAccess = Disabled and use private endpoints."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_workspace"), "__OK__", "public_network_access = 'Disabled'"), "__GOOD__", "disables public network access"), "__BAD__", "allows public network access")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "network_exposure"
    mitre_atlas = "AML.T0035,M0005"
  })
}

control "azure_ml_workspace_private_link" {
  title       = "Azure ML workspaces should be reached through an approved private endpoint"
  description = "Private endpoints keep workspace traffic on your network. Fix: create and approve a private endpoint for the workspace."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_workspace"), "__OK__", "approved_private_endpoints > 0"), "__GOOD__", "has an approved private endpoint"), "__BAD__", "has no approved private endpoint")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "network_exposure"
    mitre_atlas = "M0005"
  })
}

control "azure_ml_workspace_cmk" {
  title       = "Azure ML workspaces should be encrypted with a customer-managed key"
  description = "Workspace metadata, datasets and models in the service-managed resources use Microsoft-managed keys unless a customer-managed key is configured at creation. Fix: create the workspace with encryption.keyVaultProperties."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.azure_cmk_sql, "__TABLE__", "aispm_azure_ml_workspace"), "__KEY__", "cmk_key"), "__CMK__", "customer_managed_key"), "__WHAT__", "workspace data")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "data_protection"
    mitre_atlas = "M0012"
    nist_ai_rmf = "MEASURE 2.10"
  })
}

control "azure_ml_workspace_managed_network" {
  title       = "Azure ML workspaces should allow only approved outbound traffic"
  description = "With managed network isolation off or AllowInternetOutbound, training jobs and compute can send data anywhere. Fix: set managedNetwork.isolationMode = AllowOnlyApprovedOutbound with explicit outbound rules."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_workspace"), "__OK__", "managed_network_isolation_mode = 'AllowOnlyApprovedOutbound'"), "__GOOD__", "allows only approved outbound traffic"), "__BAD__", "does not restrict outbound traffic")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "network_exposure"
    mitre_atlas = "AML.T0025,M0005"
  })
}

control "azure_ml_compute_local_auth_disabled" {
  title       = "Azure ML compute instances and clusters should disable local authentication"
  description = "Local auth lets key-based access bypass Entra ID. Fix: create compute with disableLocalAuth = true."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_compute where compute_type in ('ComputeInstance', 'AmlCompute')"), "__OK__", "disable_local_auth"), "__GOOD__", "disables local authentication"), "__BAD__", "allows local authentication")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "identity_and_keys"
    mitre_atlas = "AML.T0055,M0019"
  })
}

control "azure_ml_compute_no_public_ip" {
  title       = "Azure ML compute instances and clusters should have no public IP address"
  description = "A compute instance or cluster node with a public IP is reachable from the internet (SSH, Jupyter, the batch agent). enableNodePublicIp defaults to true when unset, on instances and on clusters. Fix: create the instance or cluster with enableNodePublicIp = false in a subnet (or in a managed network)."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_compute where compute_type in ('ComputeInstance', 'AmlCompute')"), "__OK__", "not enable_node_public_ip"), "__GOOD__", "has no public IP address"), "__BAD__", "has a public IP address (enableNodePublicIp is true, or unset: the default is true)")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "network_exposure"
    mitre_atlas = "M0005"
  })
}

control "azure_ml_compute_in_subnet" {
  title       = "Azure ML compute instances and clusters should run in a virtual network subnet"
  description = "Outside a subnet, NSGs and private endpoints cannot govern the traffic of a compute instance or of a cluster's nodes. Fix: create the instance or cluster in a subnet."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_compute where compute_type in ('ComputeInstance', 'AmlCompute')"), "__OK__", "subnet is not null"), "__GOOD__", "runs in a virtual network subnet"), "__BAD__", "runs outside any virtual network")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "network_exposure"
    mitre_atlas = "M0005"
  })
}

control "azure_ml_compute_os_image_current" {
  title       = "Azure ML compute instances should run the latest OS image"
  description = "Old images miss security patches for the OS, drivers and the preinstalled ML stack. Fix: recreate the instance to pick up the latest image."
  severity    = "low"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_compute where compute_type = 'ComputeInstance'"), "__OK__", "coalesce(os_image_current, false)"), "__GOOD__", "runs the latest OS image"), "__BAD__", "runs an outdated OS image")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "supply_chain"
    mitre_atlas = "M0016"
    nist_ai_rmf = "MEASURE 2.7,MANAGE 2.2"
    iso_42001   = "A.6.2.6"
  })
}

control "azure_ml_online_endpoint_entra_id_auth" {
  title       = "Azure ML online endpoints should authenticate callers with Entra ID"
  description = "Key and AML-token auth are bearer secrets without per-caller identity or conditional access. Fix: set authMode = AADToken and grant callers the AzureML Data Scientist role on the endpoint."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_online_endpoint"), "__OK__", "auth_mode = 'AADToken'"), "__GOOD__", "authenticates callers with Entra ID"), "__BAD__", "authenticates callers with a key or AML token")
  tags = merge(local.azure_common_tags, {
    service        = "Azure/MachineLearning"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0040,AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}

control "azure_ml_online_endpoint_public_access_disabled" {
  title       = "Azure ML online endpoints should disable public network access"
  description = "A public scoring endpoint is open to model theft and cost harvesting through the inference API. Fix: set publicNetworkAccess = Disabled and call it through the workspace's private endpoint."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_online_endpoint"), "__OK__", "public_network_access = 'Disabled'"), "__GOOD__", "disables public network access"), "__BAD__", "accepts traffic from the internet")
  tags = merge(local.azure_common_tags, {
    service        = "Azure/MachineLearning"
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0024,AML.T0034,AML.T0040,M0005"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}

control "azure_ml_online_deployment_egress_disabled" {
  title       = "Azure ML online deployments should disable public egress"
  description = "With egressPublicNetworkAccess enabled, a compromised scoring container can send requests and model data anywhere. Fix: redeploy with egressPublicNetworkAccess = Disabled."
  severity    = "medium"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_online_endpoint"), "__OK__", "not exists (select 1 from jsonb_array_elements(deployments) d where d ->> 'egress_public_network_access' is distinct from 'Disabled')"), "__GOOD__", "runs every deployment without public egress"), "__BAD__", "has a deployment with public egress")
  tags = merge(local.azure_common_tags, {
    service        = "Azure/MachineLearning"
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "AML.T0025,M0005"
  })
}

control "azure_ai_deployment_model_not_retired" {
  title       = "Azure OpenAI / AI Services deployments should not serve retired model versions"
  description = "A retired model version no longer gets safety and security fixes, and Azure stops serving it without notice to callers. Fix: upgrade the deployment to a supported version, or set versionUpgradeOption so it moves automatically."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select id, name, subscription_id, location, model_name, model_version, model_lifecycle_status, model_retirement, model_catalog_error,
        case
          when model_catalog_error is not null then null
          else not (coalesce(model_retirement <= now(), false) or model_lifecycle_status = 'Deprecated')
        end as ok
      from aispm_azure_cognitive_deployment
    )
    select id as resource,
      case when ok is null then 'skip' when ok then 'ok' else 'alarm' end as status,
      case
        when ok is null then name || ': the account''s model catalogue could not be read (' || model_catalog_error || ').'
        when ok then name || ' serves ' || model_name || ' ' || model_version || coalesce(', supported until ' || to_char(model_retirement, 'YYYY-MM-DD'), '') || '.'
        else name || ' serves ' || model_name || ' ' || model_version || ', ' || coalesce(lower(model_lifecycle_status), 'retired') || coalesce(' since ' || to_char(model_retirement, 'YYYY-MM-DD'), '') || '.'
      end as reason,
      subscription_id, location
    from c;
  EOQ
  tags = merge(local.azure_common_tags, {
    domain         = "supply_chain"
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0010.003"
    nist_ai_rmf    = "MANAGE 3.2,MANAGE 2.4"
    iso_42001      = "A.6.2.6,A.10.3"
    eu_ai_act      = "Art.17"
  })
}

control "azure_ml_compute_idle_shutdown" {
  title       = "Azure ML compute instances should shut down when idle"
  description = "An instance left running is an always-on, credentialed foothold into the workspace and its data, and a cost leak. Fix: set idleTimeBeforeShutdown (for example PT60M) on the compute instance."
  severity    = "low"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_compute where compute_type = 'ComputeInstance'"), "__OK__", "idle_time_before_shutdown is not null"), "__GOOD__", "shuts down when idle"), "__BAD__", "never shuts down when idle")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "notebooks_and_compute"
    mitre_atlas = "AML.T0034"
    nist_ai_rmf = "MANAGE 2.2"
  })
}

control "azure_ml_datastore_identity_based" {
  title       = "Azure ML datastores should use identity-based access, not stored keys"
  description = "A datastore with an account key, SAS token or service principal secret stores that credential in the workspace: anyone who can read datastore secrets gets the storage. Fix: recreate the datastore with credentials type None and grant the workspace identity (or the user) Storage Blob Data Reader."
  severity    = "high"
  sql         = replace(replace(replace(replace(local.azure_ml_sql, "__TABLE__", "aispm_azure_ml_datastore"), "__OK__", "coalesce(credentials_type, 'None') = 'None'"), "__GOOD__", "uses identity-based access"), "__BAD__", "stores a credential for its storage")
  tags = merge(local.azure_common_tags, {
    service        = "Azure/MachineLearning"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM04"
    mitre_atlas    = "AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    iso_42001      = "A.7.2"
    eu_ai_act      = "Art.10"
  })
}

control "azure_ai_account_diagnostic_logs" {
  title       = "Diagnostic logs in Azure AI services resources should be enabled"
  description = "Resource logs (Audit, RequestResponse, Trace) are the record of who called the account's models and keys; without a diagnostic setting that sends them somewhere they are not kept, so abuse and key misuse cannot be investigated. Fix: add a diagnostic setting that sends the allLogs (or audit) category group to a Log Analytics workspace, storage account or event hub."
  severity    = "medium"
  sql         = replace(replace(local.azure_diagnostics_sql, "__TABLE__", "aispm_azure_cognitive_account"), "__KIND__", "Account")
  tags = merge(local.azure_common_tags, {
    domain         = "logging_and_monitoring"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0034,M0024"
    nist_ai_rmf    = "MEASURE 2.4,MANAGE 4.1"
    iso_42001      = "A.6.2.8"
    eu_ai_act      = "Art.12"
  })
}

control "azure_ml_workspace_diagnostic_logs" {
  title       = "Resource logs in Azure Machine Learning workspaces should be enabled"
  description = "Workspace resource logs record compute, job, model and deployment events; without a diagnostic setting that sends them somewhere, changes to models and endpoints leave no trace to investigate. Fix: add a diagnostic setting that sends the allLogs category group (or the Aml* categories) to a Log Analytics workspace, storage account or event hub."
  severity    = "medium"
  sql         = replace(replace(local.azure_diagnostics_sql, "__TABLE__", "aispm_azure_ml_workspace"), "__KIND__", "Workspace")
  tags = merge(local.azure_common_tags, {
    service     = "Azure/MachineLearning"
    domain      = "logging_and_monitoring"
    mitre_atlas = "M0024"
    nist_ai_rmf = "MEASURE 2.4,MANAGE 4.1"
    iso_42001   = "A.6.2.8"
    eu_ai_act   = "Art.12"
  })
}
