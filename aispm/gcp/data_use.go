package gcp

import (
	"time"

	"github.com/aispm/aispm/aispm/cloud"
)

// DataUses are the data locations a Vertex AI dataset was built from, one row
// each (one row without a URI when the API does not expose the source).
func (d *VertexDataset) DataUses() []*cloud.Dataset {
	uris := append(append([]string{}, d.GcsSources...), d.BigQuerySources...)
	return dataUses(d.Meta, d.Project, d.ResourceName, "vertex_dataset", d.KmsKeyName, uris, d.CreateTime, d)
}

// DataUses are the Cloud Storage data a custom job names on its command line.
func (j *VertexCustomJob) DataUses() []*cloud.Dataset {
	uses := dataUses(j.Meta, j.Project, j.ResourceName, "vertex_custom_job_input", j.KmsKeyName, j.InputURIs, j.CreateTime, j)
	for _, u := range uses {
		u.Identity = j.ServiceAccount
	}
	return uses
}

func dataUses(m cloud.Meta, project, usedBy, kind, key string, uris []string, created *time.Time, detail any) []*cloud.Dataset {
	row := func(uri string) *cloud.Dataset {
		id := uri
		if id == "" {
			id = usedBy
		}
		r := &cloud.Dataset{Meta: m, Scope: project, ID: id, Kind: kind, Service: AIPlatform, UsedBy: usedBy,
			URI: uri, EncryptionKey: key, CustomerManagedKey: cloud.Ptr(CustomerManagedKey(key)), PublicMembers: []string{}, CreatedAt: created, Detail: detail}
		r.Akas = []string{Aka(usedBy)}
		return r
	}
	if len(uris) == 0 {
		return []*cloud.Dataset{row("")}
	}
	out := make([]*cloud.Dataset, len(uris))
	for i, u := range uris {
		out[i] = row(u)
	}
	return out
}
