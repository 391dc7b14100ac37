locals {
  # One boolean check for every Workbench instance control: __OK__ is the
  # condition, __GOOD__ and __BAD__ the reason's second half.
  gcp_workbench_sql = <<-EOQ
    with c as (
      select resource_name, name, project, location, (__OK__) as ok
      from aispm_gcp_workbench_instance
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      'Workbench instance ' || name || case when ok then ' __GOOD__.' else ' __BAD__.' end as reason,
      project, location
    from c;
  EOQ

  # One CMEK check for every Vertex AI resource table (customer_managed_key,
  # decided by gcp.CustomerManagedKey): __TABLE__ is the table, __KIND__ the
  # word the reason starts with.
  gcp_cmek_sql = <<-EOQ
    with c as (
      select resource_name, display_name, project, location, kms_key_name, customer_managed_key as ok
      from __TABLE__
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then '__KIND__ ' || display_name || ' is encrypted with ' || kms_key_name || '.'
           else '__KIND__ ' || display_name || ' uses Google-managed encryption keys.' end as reason,
      project, location
    from c;
  EOQ
}

benchmark "gcp" {
  title       = "GCP AI services"
  description = "Controls for Vertex AI and Vertex AI Workbench."
  children = [
    control.gcp_vertex_endpoint_private,
    control.gcp_vertex_endpoint_cmek,
    control.gcp_vertex_endpoint_logging_enabled,
    control.gcp_vertex_model_cmek,
    control.gcp_vertex_dataset_cmek,
    control.gcp_vertex_custom_job_cmek,
    control.gcp_vertex_custom_job_service_account,
    control.gcp_vertex_custom_job_network,
    control.gcp_vertex_training_pipeline_cmek,
    control.gcp_colab_runtime_template_no_internet,
    control.gcp_workbench_instance_no_public_ip,
    control.gcp_workbench_instance_root_disabled,
    control.gcp_workbench_instance_idle_shutdown,
    control.gcp_workbench_instance_non_default_service_account,
    control.gcp_workbench_instance_shielded_vm,
    control.gcp_workbench_instance_disk_cmek,
    control.gcp_api_key_api_restricted,
    control.gcp_api_key_client_restricted,
    control.gcp_api_key_rotated,
  ]
  tags = local.gcp_common_tags
}

control "gcp_vertex_endpoint_private" {
  title       = "Vertex AI endpoints should be private"
  description = "A public Vertex endpoint is reachable from the internet by anyone holding a token with aiplatform.endpoints.predict. A private endpoint (VPC peering) or Private Service Connect keeps inference on your network. Fix: deploy to an endpoint created with network or privateServiceConnectConfig."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select resource_name, display_name, project, location, network,
        network is not null or private_service_connect as ok
      from aispm_gcp_vertex_endpoint
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then display_name || ' is private (' || coalesce('network ' || network, 'Private Service Connect') || ').'
           else display_name || ' is a public endpoint.' end as reason,
      project, location
    from c;
  EOQ
  tags = merge(local.gcp_common_tags, {
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0024,AML.T0040,M0005"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}

control "gcp_vertex_endpoint_cmek" {
  title       = "Vertex AI endpoints should be encrypted with a customer-managed key (CMEK)"
  description = "Without encryptionSpec.kmsKeyName the endpoint and its deployed model state are encrypted with Google-managed keys you cannot revoke. Fix: create the endpoint with a Cloud KMS key in the same location."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_endpoint"), "__KIND__", "Endpoint")
  tags = merge(local.gcp_common_tags, {
    domain      = "data_protection"
    mitre_atlas = "AML.T0035,M0012"
  })
}

control "gcp_vertex_endpoint_logging_enabled" {
  title       = "Vertex AI endpoints should log requests and responses"
  description = "Request-response logging to BigQuery is the record of what was asked of a model and what it answered: the evidence for abuse, prompt-injection and data-leak investigations. Fix: set predictRequestResponseLoggingConfig.enabled with a BigQuery destination."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select resource_name, display_name, project, location,
        request_response_logging ->> 'bigquery_destination' as destination,
        coalesce((request_response_logging ->> 'enabled')::bool, false) as ok
      from aispm_gcp_vertex_endpoint
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then display_name || ' logs requests and responses to ' || coalesce(destination, 'BigQuery') || '.'
           else display_name || ' does not log requests and responses.' end as reason,
      project, location
    from c;
  EOQ
  tags = merge(local.gcp_common_tags, {
    domain         = "logging_and_monitoring"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0034,M0024"
    nist_ai_rmf    = "MEASURE 2.4,MANAGE 4.1"
    iso_42001      = "A.6.2.8"
    eu_ai_act      = "Art.12"
  })
}

control "gcp_vertex_model_cmek" {
  title       = "Vertex AI models should be encrypted with a customer-managed key (CMEK)"
  description = "A model's registry entry and the copy of its artifacts Vertex AI keeps are encrypted with Google-managed keys unless encryptionSpec.kmsKeyName is set, so access to the weights cannot be revoked by disabling a key. Fix: upload the model (a new version) with a Cloud KMS key in the same location."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_model"), "__KIND__", "Model")
  tags = merge(local.gcp_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0035,M0012"
  })
}

control "gcp_vertex_dataset_cmek" {
  title       = "Vertex AI datasets should be encrypted with a customer-managed key (CMEK)"
  description = "Managed datasets hold training data, often confidential or personal. Without encryptionSpec.kmsKeyName it is encrypted with Google-managed keys you cannot revoke. Fix: create the dataset with a Cloud KMS key in its location and re-import the data."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_dataset"), "__KIND__", "Dataset")
  tags = merge(local.gcp_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0012"
    nist_ai_rmf    = "MEASURE 2.10"
    eu_ai_act      = "Art.10"
  })
}

control "gcp_vertex_custom_job_cmek" {
  title       = "Vertex AI custom training jobs should be encrypted with a customer-managed key (CMEK)"
  description = "The boot and data disks of training workers hold training data and checkpoints. Without encryptionSpec.kmsKeyName they use Google-managed keys. Fix: set encryptionSpec.kmsKeyName on the job."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_custom_job"), "__KIND__", "Custom job")
  tags = merge(local.gcp_common_tags, {
    domain      = "data_protection"
    mitre_atlas = "M0012"
    nist_ai_rmf = "MEASURE 2.10"
  })
}

control "gcp_vertex_training_pipeline_cmek" {
  title       = "Vertex AI training pipelines should be encrypted with a customer-managed key (CMEK)"
  description = "A training pipeline's intermediate data and the model it uploads are encrypted with Google-managed keys unless encryptionSpec.kmsKeyName is set. Fix: set encryptionSpec.kmsKeyName on the pipeline (and on modelToUpload)."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_training_pipeline"), "__KIND__", "Training pipeline")
  tags = merge(local.gcp_common_tags, {
    domain      = "data_protection"
    mitre_atlas = "M0012"
    nist_ai_rmf = "MEASURE 2.10"
  })
}

control "gcp_vertex_custom_job_service_account" {
  title       = "Vertex AI custom jobs should run as a dedicated service account"
  description = "Without jobSpec.serviceAccount a custom job runs with the Vertex AI Custom Code Service Agent, which can read every bucket and dataset in the project. Code from a compromised dependency then has that reach. Fix: run each job as a dedicated, least-privilege service account."
  severity    = "high"
  sql         = <<-EOQ
    with c as (
      select resource_name, display_name, project, location, service_account,
        service_account is not null and service_account not like '%-compute@developer.gserviceaccount.com' as ok
      from aispm_gcp_vertex_custom_job
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then 'Custom job ' || display_name || ' runs as ' || service_account || '.'
           else 'Custom job ' || display_name || ' runs as ' || coalesce(service_account, 'the default Vertex AI service agent') || '.' end as reason,
      project, location
    from c;
  EOQ
  tags = merge(local.gcp_common_tags, {
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM06"
    mitre_atlas    = "AML.T0012,M0019"
  })
}

control "gcp_vertex_custom_job_network" {
  title       = "Vertex AI custom jobs should run on a private network"
  description = "A custom job without jobSpec.network has unrestricted egress: training code can send data anywhere and pull anything. Peering the job to a VPC lets firewall rules and VPC Service Controls contain it. Fix: set jobSpec.network."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select resource_name, display_name, project, location, network, network is not null as ok
      from aispm_gcp_vertex_custom_job
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then 'Custom job ' || display_name || ' runs on ' || network || '.'
           else 'Custom job ' || display_name || ' runs without a private network.' end as reason,
      project, location
    from c;
  EOQ
  tags = merge(local.gcp_common_tags, {
    domain         = "network_exposure"
    owasp_llm_2025 = "LLM04"
    mitre_atlas    = "AML.T0020,M0005"
  })
}

control "gcp_workbench_instance_no_public_ip" {
  title       = "Workbench instances should not have a public IP address"
  description = "A notebook VM with an external IP is reachable from the internet and can send data anywhere. Fix: create instances with gceSetup.disablePublicIp and reach them through the proxy, IAP or a private network."
  severity    = "high"
  sql         = replace(replace(replace(local.gcp_workbench_sql, "__OK__", "not public_ip"), "__GOOD__", "has no public IP address"), "__BAD__", "has a public IP address")
  tags = merge(local.gcp_common_tags, {
    service     = "GCP/Workbench"
    domain      = "network_exposure"
    mitre_atlas = "M0005"
  })
}

control "gcp_workbench_instance_root_disabled" {
  title       = "Workbench instances should disable root access"
  description = "Root in a notebook lets any user (or compromised dependency) read every credential on the VM and tamper with the environment other users share. Fix: set metadata notebook-disable-root = true."
  severity    = "medium"
  sql         = replace(replace(replace(local.gcp_workbench_sql, "__OK__", "root_access_disabled"), "__GOOD__", "disables root access"), "__BAD__", "gives users root access")
  tags = merge(local.gcp_common_tags, {
    service     = "GCP/Workbench"
    domain      = "notebooks_and_compute"
    mitre_atlas = "M0019"
  })
}

control "gcp_workbench_instance_idle_shutdown" {
  title       = "Workbench instances should shut down when idle"
  description = "Idle notebook VMs keep GPUs billed and credentials live for nobody. Fix: set metadata idle-timeout-seconds."
  severity    = "low"
  sql         = replace(replace(replace(local.gcp_workbench_sql, "__OK__", "idle_shutdown"), "__GOOD__", "shuts down when idle"), "__BAD__", "never shuts down when idle")
  tags = merge(local.gcp_common_tags, {
    service     = "GCP/Workbench"
    domain      = "notebooks_and_compute"
    mitre_atlas = "AML.T0034"
    nist_ai_rmf = "MANAGE 2.2"
  })
}

control "gcp_workbench_instance_non_default_service_account" {
  title       = "Workbench instances should not run as the Compute Engine default service account"
  description = "The default service account usually holds Editor on the project: a notebook running as it can change anything. Fix: run the instance as a dedicated, least-privilege service account."
  severity    = "high"
  sql         = replace(replace(replace(local.gcp_workbench_sql, "__OK__", "not default_service_account"), "__GOOD__", "runs as a dedicated service account"), "__BAD__", "runs as the Compute Engine default service account")
  tags = merge(local.gcp_common_tags, {
    service        = "GCP/Workbench"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM06"
    mitre_atlas    = "AML.T0012,M0019"
  })
}

control "gcp_workbench_instance_shielded_vm" {
  title       = "Workbench instances should enable every Shielded VM feature"
  description = "Secure boot, vTPM and integrity monitoring together stop and detect boot-level tampering with the VM. Fix: enable all three in gceSetup.shieldedInstanceConfig."
  severity    = "medium"
  sql         = replace(replace(replace(local.gcp_workbench_sql, "__OK__", "shielded_secure_boot and shielded_vtpm and shielded_integrity_monitoring"), "__GOOD__", "has secure boot, vTPM and integrity monitoring on"), "__BAD__", "lacks part of Shielded VM (secure boot, vTPM or integrity monitoring)")
  tags = merge(local.gcp_common_tags, {
    service     = "GCP/Workbench"
    domain      = "notebooks_and_compute"
    mitre_atlas = "AML.T0010.001"
  })
}

control "gcp_workbench_instance_disk_cmek" {
  title       = "Workbench instance disks should be encrypted with a customer-managed key"
  description = "Notebook disks hold datasets, model weights and cached credentials. Fix: create the boot and data disks with diskEncryption CMEK and a Cloud KMS key."
  severity    = "medium"
  sql         = replace(replace(replace(local.gcp_workbench_sql, "__OK__", "customer_managed_key"), "__GOOD__", "encrypts every disk with a customer-managed key"), "__BAD__", "has disks with Google-managed keys")
  tags = merge(local.gcp_common_tags, {
    service     = "GCP/Workbench"
    domain      = "data_protection"
    mitre_atlas = "M0012"
    nist_ai_rmf = "MEASURE 2.10"
  })
}

control "gcp_colab_runtime_template_no_internet" {
  title       = "Colab Enterprise runtime templates should not give runtimes internet access"
  description = "Runtimes from a template with networkSpec.enableInternetAccess can pull arbitrary code and send notebook data anywhere. Fix: disable internet access and attach the template to a VPC network with controlled egress."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select resource_name, display_name, project, location, not internet_access as ok
      from aispm_gcp_vertex_notebook_runtime_template
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      'Runtime template ' || display_name || case when ok then ' gives runtimes no internet access.' else ' gives runtimes internet access.' end as reason,
      project, location
    from c;
  EOQ
  tags = merge(local.gcp_common_tags, {
    service     = "GCP/ColabEnterprise"
    domain      = "network_exposure"
    mitre_atlas = "AML.T0025,M0005"
  })
}

control "gcp_api_key_api_restricted" {
  title       = "API keys should be restricted to the APIs they are for"
  description = "A key without restrictions.apiTargets can call every API enabled in the project, Vertex AI and Gemini included: a key leaked from a web page becomes free model access billed to you. Fix: restrict each key to the APIs it needs."
  severity    = "high"
  sql         = <<-EOQ
    with c as (
      select resource_name, display_name, project, location, api_targets, jsonb_array_length(api_targets) > 0 as ok
      from aispm_gcp_api_key
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then 'API key ' || display_name || ' may call only ' || (select string_agg(t ->> 'service', ', ') from jsonb_array_elements(api_targets) t) || '.'
           else 'API key ' || display_name || ' may call every API enabled in ' || project || ', AI APIs included.' end as reason,
      project, location
    from c;
  EOQ
  tags = merge(local.gcp_common_tags, {
    service        = "GCP/APIKeys"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0034,AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}

control "gcp_api_key_client_restricted" {
  title       = "API keys that can call AI APIs should be restricted to known callers"
  description = "Without browser, server, Android or iOS restrictions, anyone holding the key string can use it from anywhere. Keys that can reach Vertex AI or Gemini should accept only your servers' IPs or your apps. Fix: add an application restriction."
  severity    = "high"
  sql         = <<-EOQ
    with c as (
      select resource_name, display_name, project, location, client_restriction,
        not can_call_ai or client_restriction <> 'none' as ok
      from aispm_gcp_api_key
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      case when ok then 'API key ' || display_name || ' has ' || client_restriction || ' caller restrictions or cannot call AI APIs.'
           else 'API key ' || display_name || ' can call AI APIs from any caller.' end as reason,
      project, location
    from c;
  EOQ
  tags = merge(local.gcp_common_tags, {
    service        = "GCP/APIKeys"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0034,AML.T0055,M0019"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art.15"
  })
}

control "gcp_api_key_rotated" {
  title       = "API keys should be rotated at least every 90 days"
  description = "API keys never expire by themselves. The longer a key lives, the more copies of it exist in code, logs and browsers. Fix: create a replacement key, move callers to it, and delete the old one, at least every 90 days."
  severity    = "medium"
  sql         = <<-EOQ
    with c as (
      select resource_name, display_name, project, location, create_time,
        create_time >= now() - interval '90 days' as ok
      from aispm_gcp_api_key
    )
    select resource_name as resource,
      case when ok then 'ok' else 'alarm' end as status,
      'API key ' || display_name || ' was created ' || extract(day from now() - create_time)::int || ' days ago' ||
        case when ok then '.' else ', more than 90 days ago.' end as reason,
      project, location
    from c;
  EOQ
  tags = merge(local.gcp_common_tags, {
    service        = "GCP/APIKeys"
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0055"
    nist_ai_rmf    = "MEASURE 2.7"
  })
}
