package cloud

import "time"

// Model is the provider-neutral shape of a trained or imported model: one row
// of aispm_model whatever cloud it came from. ArtifactURI is where the weights
// live (gs://, s3://, azureml://), the join key for model artifact scanning.
type Model struct {
	Meta
	Scope              string     `json:"scope"`
	ID                 string     `json:"id"`
	Kind               string     `json:"kind"`
	Service            string     `json:"service"`
	Version            string     `json:"version,omitempty"`
	Source             string     `json:"source,omitempty"`
	ArtifactURI        string     `json:"artifact_uri,omitempty"`
	ArtifactURIs       []string   `json:"artifact_uris"`
	ContainerImage     string     `json:"container_image,omitempty"`
	EncryptionKey      string     `json:"encryption_key,omitempty"`
	CustomerManagedKey *bool      `json:"customer_managed_key"`
	TrainingJob        string     `json:"training_job,omitempty"`
	DeployedTo         []string   `json:"deployed_to"`
	CreatedAt          *time.Time `json:"created_at,omitempty"`
	Detail             any        `json:"detail"`
}

// Normalize makes ArtifactURIs hold every artifact location, ArtifactURI
// first, each once, whichever of the two the cloud's converter filled.
func (m *Model) Normalize() {
	all := make([]string, 0, len(m.ArtifactURIs)+1)
	seen := map[string]bool{}
	for _, u := range append([]string{m.ArtifactURI}, m.ArtifactURIs...) {
		if u != "" && !seen[u] {
			seen[u] = true
			all = append(all, u)
		}
	}
	m.ArtifactURIs = all
	if m.ArtifactURI == "" && len(all) > 0 {
		m.ArtifactURI = all[0]
	}
}
