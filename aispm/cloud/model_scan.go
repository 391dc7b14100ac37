package cloud

// ModelScan is one row of aispm_model_scan: a finding in a model artifact,
// or one clean (or error) row per artifact object scanned.
type ModelScan struct {
	Meta
	Scope       string `json:"scope"`
	ModelID     string `json:"model_id"`
	ArtifactURI string `json:"artifact_uri"`
	ObjectURI   string `json:"object_uri"`
	Format      string `json:"format,omitempty"`
	Status      string `json:"status"` // clean, finding or error
	Rule        string `json:"rule,omitempty"`
	Severity    string `json:"severity,omitempty"`
	Construct   string `json:"construct,omitempty"`
	Member      string `json:"member,omitempty"`
	Offset      *int64 `json:"offset"`
	BytesRead   int64  `json:"bytes_read"`
	Size        int64  `json:"size"`
	Error       string `json:"error,omitempty"`
}
