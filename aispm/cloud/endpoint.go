package cloud

import "time"

// Endpoint is the provider-neutral shape of a served AI endpoint: one row of
// aispm_endpoint whatever cloud it came from.
type Endpoint struct {
	Meta
	Scope               string     `json:"scope"`
	ID                  string     `json:"id"`
	Kind                string     `json:"kind"`
	Service             string     `json:"service"`
	URL                 string     `json:"url,omitempty"`
	Host                string     `json:"host,omitempty"`
	PublicNetworkAccess *bool      `json:"public_network_access"`
	AuthMode            string     `json:"auth_mode,omitempty"`
	KeyAuth             *bool      `json:"key_auth"`
	Keys                []string   `json:"keys"`
	PrivateEndpoint     *bool      `json:"private_endpoint"`
	EncryptionKey       string     `json:"encryption_key,omitempty"`
	CustomerManagedKey  *bool      `json:"customer_managed_key"`
	LoggingEnabled      *bool      `json:"logging_enabled"`
	Models              []string   `json:"models"`
	Identities          []string   `json:"identities"`
	CreatedAt           *time.Time `json:"created_at,omitempty"`
	Detail              any        `json:"detail"`
}

// Ptr returns a pointer to v, for the optional fields of row types.
func Ptr[T any](v T) *T { return &v }

// KeyModes are the auth modes in which an endpoint accepts a static key.
var KeyModes = map[string]bool{"key": true, "key_and_entra_id": true, "key_and_iam": true}

// Authed returns the endpoint with its auth mode set and key_auth derived
// from it (an endpoint accepts static keys in the key* modes).
func (e *Endpoint) Authed(mode string) *Endpoint {
	e.AuthMode, e.KeyAuth = mode, Ptr(KeyModes[mode])
	if e.Keys == nil {
		e.Keys = []string{}
	}
	if e.Identities == nil {
		e.Identities = []string{}
	}
	return e
}
