locals {
  # One CMEK check for every Vertex AI resource table: __TABLE__ is the table,
  # __KIND__ the word the reason starts with.
  gcp_cmek_sql = <<-EOQ
    with c as (
      select resource_name, display_name, project, location, kms_key_name, kms_key_name is not null as ok
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
    owasp_llm_2025 = "LLM10"
    mitre_atlas    = "AML.T0024,M0005"
    iso_42001      = "A.6.2.6"
  })
}

control "gcp_vertex_endpoint_cmek" {
  title       = "Vertex AI endpoints should be encrypted with a customer-managed key (CMEK)"
  description = "Without encryptionSpec.kmsKeyName the endpoint and its deployed model state are encrypted with Google-managed keys you cannot revoke. Fix: create the endpoint with a Cloud KMS key in the same location."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_endpoint"), "__KIND__", "Endpoint")
  tags = merge(local.gcp_common_tags, {
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0012"
    iso_42001      = "A.7.5"
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
    owasp_llm_2025 = "LLM01"
    nist_ai_rmf    = "MEASURE 2.7"
    eu_ai_act      = "Art. 12"
  })
}

control "gcp_vertex_model_cmek" {
  title       = "Vertex AI models should be encrypted with a customer-managed key (CMEK)"
  description = "A model's registry entry and the copy of its artifacts Vertex AI keeps are encrypted with Google-managed keys unless encryptionSpec.kmsKeyName is set, so access to the weights cannot be revoked by disabling a key. Fix: upload the model (a new version) with a Cloud KMS key in the same location."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_model"), "__KIND__", "Model")
  tags = merge(local.gcp_common_tags, {
    owasp_llm_2025 = "LLM03"
    mitre_atlas    = "AML.T0010,M0012"
    iso_42001      = "A.7.5"
  })
}

control "gcp_vertex_dataset_cmek" {
  title       = "Vertex AI datasets should be encrypted with a customer-managed key (CMEK)"
  description = "Managed datasets hold training data, often confidential or personal. Without encryptionSpec.kmsKeyName it is encrypted with Google-managed keys you cannot revoke. Fix: create the dataset with a Cloud KMS key in its location and re-import the data."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_dataset"), "__KIND__", "Dataset")
  tags = merge(local.gcp_common_tags, {
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "M0012"
    iso_42001      = "A.7.5"
    eu_ai_act      = "Art. 10"
  })
}

control "gcp_vertex_custom_job_cmek" {
  title       = "Vertex AI custom training jobs should be encrypted with a customer-managed key (CMEK)"
  description = "The boot and data disks of training workers hold training data and checkpoints. Without encryptionSpec.kmsKeyName they use Google-managed keys. Fix: set encryptionSpec.kmsKeyName on the job."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_custom_job"), "__KIND__", "Custom job")
  tags = merge(local.gcp_common_tags, {
    owasp_llm_2025 = "LLM04"
    mitre_atlas    = "M0012"
    iso_42001      = "A.7.5"
  })
}

control "gcp_vertex_training_pipeline_cmek" {
  title       = "Vertex AI training pipelines should be encrypted with a customer-managed key (CMEK)"
  description = "A training pipeline's intermediate data and the model it uploads are encrypted with Google-managed keys unless encryptionSpec.kmsKeyName is set. Fix: set encryptionSpec.kmsKeyName on the pipeline (and on modelToUpload)."
  severity    = "medium"
  sql         = replace(replace(local.gcp_cmek_sql, "__TABLE__", "aispm_gcp_vertex_training_pipeline"), "__KIND__", "Training pipeline")
  tags = merge(local.gcp_common_tags, {
    owasp_llm_2025 = "LLM04"
    mitre_atlas    = "M0012"
    iso_42001      = "A.7.5"
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
    owasp_llm_2025 = "LLM06"
    mitre_atlas    = "AML.T0010,M0019"
    iso_42001      = "A.6.2.6"
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
    owasp_llm_2025 = "LLM04"
    mitre_atlas    = "AML.T0024,M0005"
    iso_42001      = "A.6.2.6"
  })
}
