# Runtime detections over aispm_ai_activity: what the clouds' audit and
# invocation logs say principals did. Each control returns one row per
# principal active in the window (alarm with the evidence, or ok), so a clean
# result says the principal was seen and judged. Thresholds, allow-lists,
# known networks and the window are variables: tune them with --var, and write
# a new detection as a control over local.detection_sql (docs/detections.md).

variable "detection_window_hours" {
  type        = number
  description = "The window the detections judge, in hours before now."
  default     = 24
}

variable "detection_baseline_days" {
  type        = number
  description = "The days before the window that baselines (cost spike, new region) are computed from. Snapshots need activity_lookback_hours of at least window + baseline."
  default     = 6
}

variable "detection_admin_principals" {
  type        = list(string)
  description = "Principals (IAM ARNs, Azure callers, Google principal emails) allowed to grant model access, create API keys and change guardrails, logging and AI IAM policies."
  default     = []
}

variable "detection_key_readers" {
  type        = list(string)
  description = "Principals allowed to list or regenerate AI keys and read API key strings (key-rotation automation)."
  default     = []
}

variable "detection_known_cidrs" {
  type        = list(string)
  description = "Networks calls are expected from (office, VPN, VPC ranges), in CIDR notation."
  default     = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
}

variable "detection_recon_min_operations" {
  type        = number
  description = "Distinct Bedrock enumeration operations (ListFoundationModels, GetModelInvocationLoggingConfiguration, ...) that make a principal's activity reconnaissance."
  default     = 3
}

variable "detection_denied_min_calls" {
  type        = number
  description = "Refused AI calls (AccessDenied, ValidationException, PERMISSION_DENIED, AuthorizationFailed) in the window that make a burst."
  default     = 5
}

variable "detection_spike_factor" {
  type        = number
  description = "How many times its own baseline a principal's calls or tokens in the window must reach to be a spike."
  default     = 5
}

variable "detection_spike_min_calls" {
  type        = number
  description = "Invocations in the window below which no spike is reported."
  default     = 20
}

locals {
  # Every detection's tags; a control's own tags override them (tags =
  # merge(local.detection_common_tags, {...}), read the same way by modgen).
  detection_common_tags = {
    plugin      = "aispm"
    type        = "detection"
    domain      = "threat_detection"
    nist_ai_rmf = "MANAGE 4.1"
    iso_42001   = "A.6.2.6"
    eu_ai_act   = "Art.15"
  }

  # Model invocation operations on every cloud.
  detection_invoke_regex = "^(InvokeModel|InvokeModelWithResponseStream|Converse|ConverseStream|InvokeEndpoint|InvokeEndpointAsync|InvokeAgent)$|\\.(Predict|RawPredict|StreamRawPredict|DirectPredict|GenerateContent|StreamGenerateContent|ChatCompletions)$"

  # One detection: every principal active in the last $1 hours, judged by
  # __HITS__ (a query over the CTE w, the window's activity, returning cloud,
  # scope, principal and evidence). __OK__ says what a clean principal did not do.
  detection_sql = <<-EOQ
    with w as (
      select * from aispm_ai_activity
      where event_time >= now() - make_interval(hours => $1::int) and coalesce(principal, '') <> ''
    ),
    principals as (
      select cloud, scope, principal, count(*) as calls, string_agg(distinct principal_type, ', ') as kinds
      from w group by cloud, scope, principal
    ),
    hits as (
      __HITS__
    )
    select p.principal as resource,
      case when h.evidence is not null then 'alarm' else 'ok' end as status,
      p.principal || ' (' || p.kinds || ') ' ||
        case when h.evidence is not null then h.evidence
             else '__OK__ in the last ' || $1::int || ' h (' || p.calls || ' AI call(s) seen).' end as reason,
      p.cloud, p.scope
    from principals p
    left join hits h on h.cloud = p.cloud and h.scope = p.scope and h.principal = p.principal
    order by p.cloud, p.scope, p.principal;
  EOQ

  # Evidence helpers: when and from where.
  detection_when = "' between ' || to_char(min(event_time), 'YYYY-MM-DD HH24:MI') || ' and ' || to_char(max(event_time), 'YYYY-MM-DD HH24:MI') || ' UTC from ' || coalesce(string_agg(distinct source_ip, ', '), 'an unrecorded address')"
}

benchmark "detections" {
  title       = "Detections"
  description = "Runtime detections over the clouds' audit and invocation logs (aispm_ai_activity): LLMjacking, credential access, defense evasion, exposure changes and cost harvesting. Read-only and agentless; tune them with the detection_* variables."
  children = [
    benchmark.detections_aws,
    benchmark.detections_azure,
    benchmark.detections_gcp,
    benchmark.detections_cross_cloud,
  ]
  tags = {
    plugin = "aispm"
    type   = "Benchmark"
  }
}
