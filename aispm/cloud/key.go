package cloud

import "time"

// Key is the provider-neutral shape of a credential that unlocks AI services:
// API keys, account keys, key-based connections. Metadata only: no key value
// is ever read. One row of aispm_key whatever cloud it came from.
type Key struct {
	Meta
	Scope      string     `json:"scope"`
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	Service    string     `json:"service"`
	Target     string     `json:"target,omitempty"`
	Enabled    *bool      `json:"enabled"`
	Restricted *bool      `json:"restricted"`
	CanCallAI  *bool      `json:"can_call_ai"`
	CreatedAt  *time.Time `json:"created_at,omitempty"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	Detail     any        `json:"detail"`
}
