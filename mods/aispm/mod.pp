mod "aispm" {
  title       = "AI Security Posture Management"
  description = "AI-SPM benchmarks and dashboards over the aispm plugin's tables: AI assets across AWS, Azure and GCP, mapped to OWASP Top 10 for LLM Applications 2025, MITRE ATLAS, NIST AI RMF, ISO/IEC 42001 and the EU AI Act. Runs with Steampipe (the aispm connection) or a PostgreSQL snapshot from aispm export."
  color       = "#7C3AED"
  categories  = ["ai", "security", "compliance", "aws", "azure", "gcp"]
  database    = var.database
}

variable "database" {
  type        = connection
  description = "The database to query: the local Steampipe service by default, or a PostgreSQL snapshot from `aispm export` (pass --var database=\"postgres://...?search_path=aispm\")."
  default     = connection.steampipe.default
}
