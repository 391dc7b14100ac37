# aispm connection: one connection covers AWS, Azure and GCP.
# Copy to ~/.steampipe/config/aispm.spc (make install does) and edit.
connection "aispm" {
  plugin = "local/aispm"

  # Which clouds to query: any of "aws", "azure", "gcp". Default: all three.
  clouds = ["aws", "azure", "gcp"]

  # ---- AWS ----
  # Shared-config profile. Unset: the SDK's default chain (environment, SSO, instance role, ...).
  # aws_profile = "security-audit"

  # Static credentials, if you must (both or neither). Prefer a profile or a role.
  # aws_access_key_id     = "AKIA..."
  # aws_secret_access_key = "..."
  # aws_session_token     = "..."

  # Regions or wildcard patterns, intersected with the regions each service is offered in.
  # "*" is every commercial region; GovCloud (us-gov-*) and China (cn-*) only when named.
  # Default: ["us-east-1"].
  aws_regions = ["us-*", "eu-*"]

  # Endpoint override for every AWS service (a VPC endpoint, a proxy, the aispm simulator).
  # http:// is accepted only for loopback hosts.
  # aws_endpoint_url = "https://vpce-0123.sagemaker.eu-west-1.vpce.amazonaws.com"

  # ---- Azure ----
  # Tenant to authenticate against.
  # azure_tenant_id = "00000000-0000-0000-0000-000000000000"

  # Subscription ids, or ["*"] for every subscription the credential can see. Default: ["*"].
  azure_subscription_ids = ["*"]

  # How to authenticate:
  #   "default"       azidentity's chain: environment, workload identity, managed identity, Azure CLI (default)
  #   "client_secret" a service principal: set azure_tenant_id, azure_client_id, azure_client_secret
  #   "cli"           the account of `az login`
  #   "simulator"     no credential at all; only with a loopback azure_resource_manager_url
  azure_credential = "default"
  # azure_client_id     = "00000000-0000-0000-0000-000000000000"
  # azure_client_secret = "..."

  # Resource Manager endpoint (sovereign clouds, the simulator). Default: https://management.azure.com
  # azure_resource_manager_url = "https://management.usgovcloudapi.net"

  # Send Foundry data-plane calls (listing agents) to this address instead of each project's
  # endpoint host, which is kept in the Host header: for a private-endpoint proxy or the simulator.
  # azure_data_plane_url = "https://foundry-proxy.internal.example"

  # ---- GCP ----
  # Project ids. Default: the project of the application-default credentials.
  # gcp_projects = ["acme-ml-prod", "acme-ml-dev"]

  # Vertex AI locations, or ["*"] (the default) for every location the project offers.
  # gcp_locations = ["us-central1", "europe-west4"]

  # Service-account key file. Default: application-default credentials.
  # gcp_credentials = "~/keys/aispm-reader.json"

  # host:port that replaces every regional Vertex endpoint ({location}-aiplatform.googleapis.com:443).
  # gcp_insecure = true sends plaintext gRPC without credentials; it is accepted only for loopback hosts.
  # gcp_endpoint = "127.0.0.1:9000"
  # gcp_insecure = false

  # ---- Retries ----
  # Attempts per API call for transient errors and for throttling answers (a throttled call slows its
  # limiter and is retried longer), and the base of the exponential backoff (with jitter, capped at 20 s).
  # Azure Retry-After and GCP RetryInfo are honoured.
  max_attempts           = 5
  max_throttled_attempts = 15
  retry_base_delay_ms    = 200

  # ---- Model artifact scanning (aispm_model_scan) ----
  # Bytes read from one artifact before it is reported as limit_exceeded (MiB), and wall time per artifact.
  # scan_max_mb          = 512
  # scan_timeout_seconds = 120

  # ---- Runtime detection (aispm_ai_activity and the audit-log tables) ----
  # The window, in hours, an activity table reads when a query puts no bound
  # on event_time (a query can always ask for more, up to 90 days). The
  # detections compare the last day with a baseline: snapshots taken with
  # `aispm export` for the detections benchmark should read 168 (7 days).
  # activity_lookback_hours = 24

  # ---- Listing reuse ----
  # Seconds a listing (Azure accounts, workspaces and their child collections)
  # also serves later queries of this connection; 0 lists afresh for every
  # query. `aispm export` uses 1800 unless this is set.
  # list_cache_ttl_seconds = 0

  # ---- Training-data content scan (aispm_dataset_scan) ----
  # Objects listed per dataset location, and MiB sampled of each (the head,
  # then ranges spread through it; parquet by whole row groups).
  # data_scan_max_objects = 100
  # data_scan_sample_mb   = 4
}
