benchmark "all" {
  title       = "AI Security Posture Management"
  description = "Every aispm control, grouped by cloud, then the cross-cloud controls, training-data security, attack paths and runtime detections. The domain benchmarks (domain_*) and the framework benchmarks (owasp_llm_2025, mitre_atlas, nist_ai_rmf, iso_42001, eu_ai_act) regroup the same controls."
  children = [
    benchmark.aws,
    benchmark.azure,
    benchmark.gcp,
    benchmark.cross_cloud,
    benchmark.training_data,
    benchmark.attack_paths,
    benchmark.detections,
  ]
  tags = {
    plugin = "aispm"
  }
}
