benchmark "all" {
  title       = "AI Security Posture Management"
  description = "Every aispm control, grouped by cloud: AI endpoints, accounts and models on AWS, Azure and GCP."
  children = [
    benchmark.aws,
    benchmark.azure,
    benchmark.gcp,
    benchmark.cross_cloud,
  ]
  tags = {
    plugin = "aispm"
  }
}
