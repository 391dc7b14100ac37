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
	PrivateEndpoint     *bool      `json:"private_endpoint"`
	EncryptionKey       string     `json:"encryption_key,omitempty"`
	LoggingEnabled      *bool      `json:"logging_enabled"`
	Models              []string   `json:"models"`
	CreatedAt           *time.Time `json:"created_at,omitempty"`
	Detail              any        `json:"detail"`
}

// Ptr returns a pointer to v, for the optional fields of row types.
func Ptr[T any](v T) *T { return &v }
