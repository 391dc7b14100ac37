package cloud

import "time"

// Key is the provider-neutral shape of a credential that unlocks AI services:
// API keys, account keys, key-based connections. Metadata only: no key value
// is ever read. One row of aispm_key whatever cloud it came from.
type Key struct {
	Meta
	Scope        string          `json:"scope"`
	ID           string          `json:"id"`
	Kind         string          `json:"kind"`
	Service      string          `json:"service"`
	Target       string          `json:"target,omitempty"`
	Enabled      *bool           `json:"enabled"`
	Restricted   *bool           `json:"restricted"`
	Restrictions KeyRestrictions `json:"restrictions"`
	CanCallAI    *bool           `json:"can_call_ai"`
	CreatedAt    *time.Time      `json:"created_at,omitempty"`
	ExpiresAt    *time.Time      `json:"expires_at,omitempty"`
	LastUsedAt   *time.Time      `json:"last_used_at,omitempty"`
	Detail       any             `json:"detail"`
}

// KeyRestrictions is how a key is limited, judged the same way on every
// cloud: by API (which services it can call), by network (which addresses
// may use it) and by client (which apps or sites may use it). A key limited
// by API and by network or client is fully restricted; one limited in only
// one of these ways is partially restricted (a network-only key still calls
// every API; an API-only key works from anywhere); null means the cloud
// decides elsewhere (an IAM policy condition) and aispm could not tell.
type KeyRestrictions struct {
	API     *bool    `json:"api"`
	APIs    []string `json:"apis"`
	Network *bool    `json:"network"`
	Client  *bool    `json:"client"`
	Level   string   `json:"level"` // full, partial, none
}

// Decide sets the level from the three dimensions and returns the key's
// restricted verdict (true only when fully restricted).
func (r *KeyRestrictions) Decide() *bool {
	if r.APIs == nil {
		r.APIs = []string{}
	}
	on := func(b *bool) bool { return b != nil && *b }
	switch {
	case on(r.API) && (on(r.Network) || on(r.Client)):
		r.Level = "full"
	case on(r.API) || on(r.Network) || on(r.Client):
		r.Level = "partial"
	default:
		r.Level = "none"
	}
	return Ptr(r.Level == "full")
}
