benchmark "training_data" {
  title       = "Training-data security"
  description = "What the training data holds, from aispm_dataset_scan: bounded samples of every object behind every data location in use, judged for secrets (gitleaks' rules, the redactor's) and personal data. Each secret that names an identity is resolved to it."
  children = [
    control.training_data_free_of_secrets,
    control.training_data_secret_active_identity,
    control.training_data_pii_protected,
  ]
  tags = local.cross_cloud_common_tags
}

control "training_data_free_of_secrets" {
  title       = "Training data should hold no secrets"
  description = "A credential in training data is learnt by the model (and can be extracted from it with the right prompt), copied into every derived dataset, and readable by everyone with access to the bucket. aispm samples each object (data_scan_sample_mb: the head, then ranges spread through it) and runs the redactor's rules on it; a location is ok only when every data object was read without a finding. Fix: remove the secret from the data (and from the model: retrain), and rotate it."
  severity    = "high"
  sql         = <<-EOQ
    with s as (
      select uri, cloud, scope, location,
        count(*) filter (where kind = 'secret') as secrets,
        string_agg(distinct case when kind = 'secret' then rule || ' in ' || object_uri || coalesce(' line ' || line, '') || ' [' || fingerprint || ']' end, '; ') as found,
        count(*) filter (where status = 'error') as errors,
        string_agg(distinct error, '; ') as why,
        count(distinct object_uri) filter (where status in ('clean', 'finding')) as read,
        string_agg(distinct reason, '; ') filter (where status in ('skipped', 'empty')) as skipped
      from aispm_dataset_scan
      group by uri, cloud, scope, location
    )
    select uri as resource,
      case when secrets > 0 then 'alarm' when errors > 0 then 'error' when read = 0 then 'info' else 'ok' end as status,
      case when secrets > 0 then uri || ' holds ' || secrets || ' secret(s): ' || found || '.'
           when errors > 0 then uri || ' could not be fully read: ' || why || '.'
           when read = 0 then uri || ': nothing sampled (' || coalesce(skipped, 'no data objects') || ').'
           else uri || ': ' || read || ' data object(s) sampled, no secret found.' end as reason,
      cloud, scope, location
    from s
    where uri is not null;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02,LLM04"
    mitre_atlas    = "AML.T0055,AML.T0057,M0019"
    nist_ai_rmf    = "MEASURE 2.10,MAP 4.1"
    iso_42001      = "A.7.2,A.7.6"
    eu_ai_act      = "Art.10"
  })
}

control "training_data_secret_active_identity" {
  title       = "No secret in training data should belong to an identity that still works"
  description = "The worst case of a secret in data: the credential is live. aispm resolves what a secret names through the identity service's metadata, never the secret: an AWS access key id to its IAM user (iam:ListAccessKeys, status, last use, and the managed policies of the user and its groups), a GCP service-account key file to its key (iam serviceAccountKeys.list: enabled and unexpired), an Azure storage account key or SAS to the account it opens (live while the account allows Shared Key authorization). Anyone who reads the data, or extracts it from the model, acts as that identity. Fix: deactivate the key now, then remove it from the data and retrain."
  severity    = "critical"
  sql         = <<-EOQ
    with s as (
      select uri, cloud, scope, location,
        string_agg(distinct case when identity_status = 'active' then identity || ' (' || identity_kind || ', active'
          || coalesce(', last used ' || to_char(identity_last_used, 'YYYY-MM-DD'), '')
          || case when identity_admin then ', AdministratorAccess' else '' end
          || case when jsonb_array_length(coalesce(identity_policies, '[]')) > 0 and not coalesce(identity_admin, false)
                  then ', policies ' || (select string_agg(p, ' ') from jsonb_array_elements_text(identity_policies) p) else '' end
          || ') via ' || rule || ' in ' || object_uri || coalesce(' line ' || line, '') end, '; ') as live,
        count(*) filter (where kind = 'secret' and identity_status in ('unknown') ) as unresolved,
        string_agg(distinct identity_error, '; ') as why,
        count(*) filter (where kind = 'secret' and identity_status is not null and identity_status <> 'active') as dead
      from aispm_dataset_scan
      group by uri, cloud, scope, location
    ), m as (
      select d.uri, string_agg(distinct d.used_by, ', ') as users from aispm_dataset d group by d.uri
    )
    select s.uri as resource,
      case when s.live is not null then 'alarm' when s.unresolved > 0 then 'info' else 'ok' end as status,
      case when s.live is not null then s.uri || ' (used by ' || coalesce(m.users, '?') || ') holds a live credential of ' || s.live || '.'
           when s.unresolved > 0 then s.uri || ': whose the credential(s) found are could not be resolved (' || coalesce(s.why, 'unknown') || ').'
           when s.dead > 0 then s.uri || ': the credential(s) found no longer work (inactive, disabled or deleted).'
           else s.uri || ': no credential aispm resolves to an identity (AWS access key ids, GCP service-account keys, Azure storage keys and SAS) was found.' end as reason,
      s.cloud, s.scope, s.location
    from s left join m on m.uri = s.uri
    where s.uri is not null;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "identity_and_keys"
    owasp_llm_2025 = "LLM02,LLM04"
    mitre_atlas    = "AML.T0055,AML.T0057,M0019"
    nist_ai_rmf    = "MEASURE 2.7,MEASURE 2.10"
    eu_ai_act      = "Art.10"
  })
}

control "training_data_pii_protected" {
  title       = "Training data with personal data should be private and encrypted with a customer-managed key"
  description = "Personal data in training data (emails, phone numbers, Luhn-valid payment cards, mod-97-valid IBANs, US SSNs, UK NINOs, as counts) makes the dataset, and the model trained on it, subject to data-protection law: it must not be readable from the internet, and a customer-managed key on the storage (the bucket's or account's default encryption, storage_customer_managed_key) lets access to it be revoked. Fix: make the storage private and encrypt it with a CMK, or remove (or pseudonymise) the personal data before training."
  severity    = "high"
  sql         = <<-EOQ
    with p as (
      select uri, cloud, scope, location,
        string_agg(distinct rule || ' ×' || count, ', ') as found
      from aispm_dataset_scan
      where kind = 'pii'
      group by uri, cloud, scope, location
    ), d as (
      select uri, bool_or(storage_public) as public,
        bool_and(storage_customer_managed_key) as cmk,
        bool_and(storage_customer_managed_key is null) as cmk_unknown
      from aispm_dataset group by uri
    ), l as (
      select distinct uri, cloud, scope, location from aispm_dataset_scan where uri is not null
    )
    select l.uri as resource,
      case when p.found is null then 'ok'
           when d.public or (not d.cmk and not d.cmk_unknown) then 'alarm'
           when d.cmk_unknown then 'info' else 'ok' end as status,
      case when p.found is null then l.uri || ': no personal data found in what was sampled.'
           when d.public then l.uri || ' holds personal data (' || p.found || ') in publicly readable storage.'
           when not d.cmk and not d.cmk_unknown then l.uri || ' holds personal data (' || p.found || ') encrypted with a provider-managed key, not a CMK.'
           when d.cmk_unknown then l.uri || ' holds personal data (' || p.found || '); its encryption key could not be told.'
           else l.uri || ' holds personal data (' || p.found || ') in private storage under a customer-managed key.' end as reason,
      l.cloud, l.scope, l.location
    from l left join p on p.uri = l.uri left join d on d.uri = l.uri;
  EOQ
  tags = merge(local.cross_cloud_common_tags, {
    domain         = "data_protection"
    owasp_llm_2025 = "LLM02"
    mitre_atlas    = "AML.T0025,AML.T0057,M0005"
    nist_ai_rmf    = "MEASURE 2.10,MAP 4.1"
    iso_42001      = "A.7.2,A.7.6"
    eu_ai_act      = "Art.10"
  })
}
