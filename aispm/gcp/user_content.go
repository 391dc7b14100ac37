package gcp

import "cloud.google.com/go/aiplatform/apiv1/aiplatformpb"

// envMap is a container's environment as name -> value, for the redactor.
func envMap(vars []*aiplatformpb.EnvVar) map[string]string {
	m := make(map[string]string, len(vars))
	for _, v := range vars {
		m[v.GetName()] = v.GetValue()
	}
	return m
}
