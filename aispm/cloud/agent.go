package cloud

import "time"

// Agent is the provider-neutral shape of an AI agent runtime (Bedrock agents,
// Vertex AI reasoning engines, Foundry agents): one row of aispm_agent.
type Agent struct {
	Meta
	Scope         string     `json:"scope"`
	ID            string     `json:"id"`
	Kind          string     `json:"kind"`
	Service       string     `json:"service"`
	Framework     string     `json:"framework,omitempty"`
	Model         string     `json:"model,omitempty"`
	Identity      string     `json:"identity,omitempty"`
	Guardrail     string     `json:"guardrail,omitempty"`
	EncryptionKey string     `json:"encryption_key,omitempty"`
	ArtifactURI   string     `json:"artifact_uri,omitempty"`
	CreatedAt     *time.Time `json:"created_at,omitempty"`
	Detail        any        `json:"detail"`
}
