package cloud

import "time"

// DatasetScan is one row of aispm_dataset_scan: a finding in a training-data
// object (a secret, or a PII category with its count), or one row per object
// (clean, skipped, error) and per location that could not be listed. It
// never holds a value: secrets carry a rule and a fingerprint.
type DatasetScan struct {
	Meta
	Scope       string           `json:"scope"`
	DatasetID   string           `json:"dataset_id"`
	UsedBy      string           `json:"used_by"`
	URI         string           `json:"uri"`
	ObjectURI   string           `json:"object_uri,omitempty"`
	Format      string           `json:"format,omitempty"`
	Status      string           `json:"status"` // finding, clean, skipped, empty or error
	Kind        string           `json:"kind,omitempty"`
	Rule        string           `json:"rule,omitempty"`
	Fingerprint string           `json:"fingerprint,omitempty"`
	Count       int              `json:"count,omitempty"`
	Line        *int64           `json:"line"`
	Offset      *int64           `json:"offset"`
	Sampled     bool             `json:"sampled"`
	BytesRead   int64            `json:"bytes_read"`
	Size        int64            `json:"size"`
	Reason      string           `json:"reason,omitempty"`
	Error       string           `json:"error,omitempty"`
	Owner       *CredentialOwner `json:"owner,omitempty"`
}

// CredentialOwner is whose a credential found in data is, from the owning
// cloud's identity metadata (never the credential itself).
type CredentialOwner struct {
	Identity       string     `json:"identity,omitempty"`
	IdentityKind   string     `json:"identity_kind,omitempty"`   // iam_user, service_account
	IdentityStatus string     `json:"identity_status,omitempty"` // active, inactive, disabled, deleted, not_found, unknown
	CreatedAt      *time.Time `json:"identity_key_created,omitempty"`
	LastUsed       *time.Time `json:"identity_last_used,omitempty"`
	Policies       []string   `json:"identity_policies,omitempty"`
	Admin          *bool      `json:"identity_admin"`
	Error          string     `json:"identity_error,omitempty"`
}
