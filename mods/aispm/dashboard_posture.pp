dashboard "posture" {
  title = "AI Posture Overview"
  tags = {
    plugin = "aispm"
    type   = "Dashboard"
  }

  text {
    value = "Alarms by cloud, by security domain and by framework. Each panel runs the benchmark it names; the control results list the resource, status and reason."
  }

  container {
    benchmark {
      base  = benchmark.all
      width = 12
    }
  }

  container {
    benchmark {
      title = "By domain: network exposure"
      base  = benchmark.domain_network_exposure
      width = 6
    }
    benchmark {
      title = "By domain: identity and keys"
      base  = benchmark.domain_identity_and_keys
      width = 6
    }
  }

  container {
    benchmark {
      title = "OWASP Top 10 for LLM Applications 2025"
      base  = benchmark.owasp_llm_2025
      width = 6
    }
    benchmark {
      title = "MITRE ATLAS"
      base  = benchmark.mitre_atlas
      width = 6
    }
  }
}
