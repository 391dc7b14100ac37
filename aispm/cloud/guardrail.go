package cloud

// Guardrail is the provider-neutral shape of a content-safety policy (Azure
// RAI policies, Bedrock guardrails): one row of aispm_guardrail.
type Guardrail struct {
	Meta
	Scope                  string `json:"scope"`
	ID                     string `json:"id"`
	Kind                   string `json:"kind"`
	Service                string `json:"service"`
	AttachedTo             string `json:"attached_to,omitempty"`
	PromptAttackBlocking   *bool  `json:"prompt_attack_blocking"`
	IndirectAttackBlocking *bool  `json:"indirect_attack_blocking"`
	HarmFiltersStrict      *bool  `json:"harm_filters_strict"`
	PIIFiltering           *bool  `json:"pii_filtering"`
	Grounding              *bool  `json:"contextual_grounding"`
	EncryptionKey          string `json:"encryption_key,omitempty"`
	CustomerManagedKey     *bool  `json:"customer_managed_key"`
	Detail                 any    `json:"detail"`
}
