package cloud

import (
	"time"

	"github.com/aispm/aispm/aispm/redact"
)

// Agent is the provider-neutral shape of an AI agent runtime (Bedrock agents,
// Vertex AI reasoning engines, Foundry agents): one row of aispm_agent.
type Agent struct {
	Meta
	Scope              string           `json:"scope"`
	ID                 string           `json:"id"`
	Kind               string           `json:"kind"`
	Service            string           `json:"service"`
	Framework          string           `json:"framework,omitempty"`
	Model              string           `json:"model,omitempty"`
	Identity           string           `json:"identity,omitempty"`
	Guardrail          string           `json:"guardrail,omitempty"`
	EncryptionKey      string           `json:"encryption_key,omitempty"`
	CustomerManagedKey *bool            `json:"customer_managed_key"`
	ArtifactURI        string           `json:"artifact_uri,omitempty"`
	Tools              []string         `json:"tools"`
	KnowledgeBases     []string         `json:"knowledge_bases"`
	Instructions       string           `json:"instructions,omitempty"`
	SecretFindings     []redact.Finding `json:"secret_findings"`
	CreatedAt          *time.Time       `json:"created_at,omitempty"`
	Detail             any              `json:"detail"`
}
