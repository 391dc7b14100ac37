package azure

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/aispm/aispm/aispm/cloud"
)

// MLModel is one version of an Azure ML model, registered in a workspace or
// in a registry.
type MLModel struct {
	cloud.Meta
	ID            string     `json:"id"`
	Source        string     `json:"source"` // workspace or registry
	WorkspaceID   string     `json:"workspace_id,omitempty"`
	WorkspaceName string     `json:"workspace_name,omitempty"`
	RegistryName  string     `json:"registry_name,omitempty"`
	ModelName     string     `json:"model_name"`
	Version       string     `json:"version"`
	ModelType     string     `json:"model_type,omitempty"`
	ModelURI      string     `json:"model_uri,omitempty"`
	StorageURI    string     `json:"storage_uri,omitempty"`
	Datastore     string     `json:"datastore,omitempty"`
	Flavors       []string   `json:"flavors"`
	Stage         string     `json:"stage,omitempty"`
	JobName       string     `json:"job_name,omitempty"`
	IsArchived    bool       `json:"is_archived"`
	CreatedAt     *time.Time `json:"created_at,omitempty"`
}

// MLModelFilter selects models: a resource group and/or a workspace; registry
// models are listed unless a workspace is named.
type MLModelFilter struct {
	AccountFilter
	SkipRegistries bool
}

// ListMLModels streams every model version of the selected workspaces, then
// of the subscription's registries.
func ListMLModels(ctx context.Context, c *Clients, f MLModelFilter, emit func(*MLModel) bool) error {
	stopped := false
	err := eachWorkspaceAsset(ctx, c, f.AccountFilter, "models",
		func(w *MLWorkspace) *runtime.Pager[armmachinelearning.ModelContainersClientListResponse] {
			return c.ModelContainers.NewListPager(w.ResourceGroup, w.Name, nil)
		},
		func(p armmachinelearning.ModelContainersClientListResponse) []*armmachinelearning.ModelContainer {
			return p.Value
		},
		func(mc *armmachinelearning.ModelContainer) string { return deref(mc.Name) },
		func(w *MLWorkspace, name string) *runtime.Pager[armmachinelearning.ModelVersionsClientListResponse] {
			return c.ModelVersions.NewListPager(w.ResourceGroup, w.Name, name, nil)
		},
		func(p armmachinelearning.ModelVersionsClientListResponse) []*armmachinelearning.ModelVersion {
			return p.Value
		},
		func(w *MLWorkspace, stores map[string]*MLDatastore, v *armmachinelearning.ModelVersion) *MLModel {
			m := newMLModel(v, w.Location)
			m.Source, m.WorkspaceID, m.WorkspaceName = "workspace", w.ID, w.Name
			m.StorageURI, m.Datastore = resolve(m.ModelURI, stores)
			return m
		},
		func(m *MLModel) bool {
			stopped = !emit(m)
			return !stopped
		})
	if err != nil || stopped || f.SkipRegistries {
		return err
	}
	return listRegistryModels(ctx, c, f.ResourceGroup, emit)
}

func listRegistryModels(ctx context.Context, c *Clients, resourceGroup string, emit func(*MLModel) bool) error {
	type registry struct{ group, name, location string }
	var registries []registry
	if _, err := eachPage(ctx, c.Registries.NewListBySubscriptionPager(nil),
		func(p armmachinelearning.RegistriesClientListBySubscriptionResponse) []*armmachinelearning.Registry {
			return p.Value
		},
		func(reg *armmachinelearning.Registry) bool {
			rm := metaFor(deref(reg.ID), deref(reg.Name), deref(reg.Location), nil)
			if resourceGroup == "" || strings.EqualFold(rm.ResourceGroup, resourceGroup) {
				registries = append(registries, registry{rm.ResourceGroup, rm.Name, rm.Location})
			}
			return true
		}); err != nil {
		return err
	}
	for _, reg := range registries {
		var names []string
		if _, err := eachPage(ctx, c.RegistryModels.NewListPager(reg.group, reg.name, nil),
			func(p armmachinelearning.RegistryModelContainersClientListResponse) []*armmachinelearning.ModelContainer {
				return p.Value
			},
			func(mc *armmachinelearning.ModelContainer) bool { names = append(names, deref(mc.Name)); return true }); err != nil {
			return err
		}
		// Each model's versions, childWorkers models at a time.
		models, err := concat(ctx, names, func(ctx context.Context, name string) ([]*MLModel, error) {
			var rows []*MLModel
			_, err := eachPage(ctx, c.RegistryVersions.NewListPager(reg.group, reg.name, name, nil),
				func(p armmachinelearning.RegistryModelVersionsClientListResponse) []*armmachinelearning.ModelVersion {
					return p.Value
				},
				func(v *armmachinelearning.ModelVersion) bool {
					m := newMLModel(v, reg.location)
					m.Source, m.RegistryName = "registry", reg.name
					m.StorageURI = m.ModelURI
					if strings.HasPrefix(strings.ToLower(m.ModelURI), "azureml://") {
						m.StorageURI = "" // registry storage is managed by Azure ML
					}
					rows = append(rows, m)
					return true
				})
			return rows, err
		})
		if err != nil {
			return err
		}
		for _, m := range models {
			if !emit(m) {
				return nil
			}
		}
	}
	return nil
}

func newMLModel(v *armmachinelearning.ModelVersion, location string) *MLModel {
	id := deref(v.ID)
	r := &MLModel{Meta: metaFor(id, assetName(id), location, nil), ID: id, ModelName: assetName(id),
		Version: deref(v.Name), Flavors: []string{}}
	if v.SystemData != nil {
		r.CreatedAt = v.SystemData.CreatedAt
	}
	if p := v.Properties; p != nil {
		r.ModelType, r.ModelURI, r.Stage = deref(p.ModelType), deref(p.ModelURI), deref(p.Stage)
		r.JobName, r.IsArchived = deref(p.JobName), deref(p.IsArchived)
		for k := range p.Flavors {
			r.Flavors = append(r.Flavors, k)
		}
		sort.Strings(r.Flavors)
		for k, val := range p.Tags {
			r.Tags[k] = deref(val)
		}
	}
	return r
}

// Unified maps the model version to the provider-neutral shape; the artifact
// URI is the storage location its path resolves to, when it resolves.
func (m *MLModel) Unified() cloud.Row {
	uri := m.StorageURI
	if uri == "" {
		uri = m.ModelURI
	}
	source := m.WorkspaceName
	if m.Source == "registry" {
		source = "registry:" + m.RegistryName
	}
	return &cloud.Model{
		Meta:        m.Meta,
		Scope:       m.SubscriptionID,
		ID:          m.ID,
		Kind:        "azure_ml_model",
		Service:     MachineLearning,
		Version:     m.Version,
		Source:      source,
		ArtifactURI: uri,
		TrainingJob: m.JobName,
		DeployedTo:  []string{},
		CreatedAt:   m.CreatedAt,
		Detail:      m,
	}
}
