package cloud

import "time"

// Dataset is the provider-neutral shape of training or evaluation data in use:
// one row per (data location, resource using it), with the exposure of the
// storage behind it, so attack paths can ask "is this training data public?".
type Dataset struct {
	Meta
	Scope                     string     `json:"scope"`
	ID                        string     `json:"id"`
	Kind                      string     `json:"kind"`
	Service                   string     `json:"service"`
	UsedBy                    string     `json:"used_by"`
	Identity                  string     `json:"identity,omitempty"`
	URI                       string     `json:"uri,omitempty"`
	Bucket                    string     `json:"bucket,omitempty"`
	StoragePublic             *bool      `json:"storage_public"`
	PublicAccessPrevention    string     `json:"public_access_prevention,omitempty"`
	PublicAccessBlocked       *bool      `json:"public_access_blocked"`
	NetworkPublic             *bool      `json:"network_public"`
	UniformAccess             *bool      `json:"uniform_access"`
	PublicMembers             []string   `json:"public_members"`
	EncryptionKey             string     `json:"encryption_key,omitempty"`
	CustomerManagedKey        *bool      `json:"customer_managed_key"`
	StorageEncryptionKey      string     `json:"storage_encryption_key,omitempty"`
	StorageCustomerManagedKey *bool      `json:"storage_customer_managed_key"`
	ExposureReason            string     `json:"exposure_reason,omitempty"`
	ExposureError             string     `json:"exposure_error,omitempty"`
	Storage                   any        `json:"storage"`
	CreatedAt                 *time.Time `json:"created_at,omitempty"`
	Detail                    any        `json:"detail"`
}
