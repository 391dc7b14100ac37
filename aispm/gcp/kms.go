package gcp

import "strings"

// CMEK is a resource's encryption as Google Cloud reports it: Vertex AI's
// encryptionSpec.kmsKeyName, a Workbench disk's kmsKey, a bucket's
// defaultKmsKeyName.
type CMEK struct {
	KmsKeyName         string `json:"kms_key_name,omitempty"`
	CustomerManagedKey bool   `json:"customer_managed_key"`
}

// CustomerManagedKey decides whether a GCP resource is encrypted with a
// customer-managed key. Google-managed encryption (the default) names no key;
// any named Cloud KMS key, Cloud HSM or Cloud EKM included, is one the
// customer controls and can disable.
func CustomerManagedKey(kmsKeyName string) bool {
	return strings.TrimSpace(kmsKeyName) != ""
}

func cmek(kmsKeyName string) CMEK {
	return CMEK{KmsKeyName: kmsKeyName, CustomerManagedKey: CustomerManagedKey(kmsKeyName)}
}
