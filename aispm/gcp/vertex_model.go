package gcp

import (
	"context"
	"path"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
)

// VertexModel is a Vertex AI Model Registry model (its default version).
type VertexModel struct {
	cloud.Meta
	ResourceName      string           `json:"resource_name"`
	DisplayName       string           `json:"display_name,omitempty"`
	Description       string           `json:"description,omitempty"`
	VersionID         string           `json:"version_id,omitempty"`
	VersionAliases    []string         `json:"version_aliases"`
	ArtifactURI       string           `json:"artifact_uri,omitempty"`
	ContainerImage    string           `json:"container_image,omitempty"`
	ContainerEnvNames []string         `json:"container_env_names"`
	Secrets           []redact.Finding `json:"secret_findings"`
	CMEK
	SourceType       string     `json:"source_type,omitempty"`
	TrainingPipeline string     `json:"training_pipeline,omitempty"`
	PipelineJob      string     `json:"pipeline_job,omitempty"`
	DeployedModels   []ModelRef `json:"deployed_models"`
	DeploymentTypes  []string   `json:"supported_deployment_types"`
	CreateTime       *time.Time `json:"create_time,omitempty"`
	UpdateTime       *time.Time `json:"update_time,omitempty"`
}

// ModelRef is where a model is deployed: an endpoint and the deployed model id on it.
type ModelRef struct {
	Endpoint        string `json:"endpoint"`
	DeployedModelID string `json:"deployed_model_id"`
}

// ListVertexModels streams the location's models to emit until it returns false.
func ListVertexModels(ctx context.Context, c *Clients, sc cloud.Scope, f Filter, emit func(*VertexModel) bool) error {
	return stream(ctx, sc, collection[*aiplatformpb.Model]{
		name: "models",
		get: func(ctx context.Context, name string) (*aiplatformpb.Model, error) {
			return c.Models.GetModel(ctx, &aiplatformpb.GetModelRequest{Name: name})
		},
		list: func(ctx context.Context, parent, filter string) iter[*aiplatformpb.Model] {
			return c.Models.ListModels(ctx, &aiplatformpb.ListModelsRequest{Parent: parent, Filter: filter})
		},
	}, f, newVertexModel, emit)
}

func newVertexModel(m *aiplatformpb.Model) *VertexModel {
	r := &VertexModel{
		Meta:              cloud.Meta{Name: path.Base(m.GetName()), Title: m.GetDisplayName(), Tags: m.GetLabels(), Akas: []string{Aka(m.GetName())}},
		ResourceName:      m.GetName(),
		DisplayName:       m.GetDisplayName(),
		Description:       m.GetDescription(),
		VersionID:         m.GetVersionId(),
		VersionAliases:    append([]string{}, m.GetVersionAliases()...),
		ArtifactURI:       m.GetArtifactUri(),
		ContainerImage:    m.GetContainerSpec().GetImageUri(),
		ContainerEnvNames: []string{},
		CMEK:              cmek(m.GetEncryptionSpec().GetKmsKeyName()),
		TrainingPipeline:  m.GetTrainingPipeline(),
		PipelineJob:       m.GetPipelineJob(),
		DeployedModels:    []ModelRef{},
		DeploymentTypes:   []string{},
		CreateTime:        timeOf(m.GetCreateTime()),
		UpdateTime:        timeOf(m.GetUpdateTime()),
	}
	if m.GetModelSourceInfo() != nil {
		r.SourceType = m.GetModelSourceInfo().GetSourceType().String()
	}
	// Environment variable values and arguments can hold credentials: only
	// the names are kept, and the values are judged by the redactor.
	r.Secrets = []redact.Finding{}
	r.ContainerEnvNames = redact.Env(&r.Secrets, "container_spec.env.", envMap(m.GetContainerSpec().GetEnv()))
	redact.Judge(&r.Secrets, "container_spec.command", m.GetContainerSpec().GetCommand())
	redact.Judge(&r.Secrets, "container_spec.args", m.GetContainerSpec().GetArgs())
	for _, d := range m.GetDeployedModels() {
		r.DeployedModels = append(r.DeployedModels, ModelRef{Endpoint: d.GetEndpoint(), DeployedModelID: d.GetDeployedModelId()})
	}
	for _, t := range m.GetSupportedDeploymentResourcesTypes() {
		r.DeploymentTypes = append(r.DeploymentTypes, t.String())
	}
	return r
}

// Unified maps the model to the provider-neutral shape.
func (m *VertexModel) Unified() *cloud.Model {
	deployed := make([]string, 0, len(m.DeployedModels))
	for _, d := range m.DeployedModels {
		deployed = append(deployed, d.Endpoint)
	}
	training := m.TrainingPipeline
	if training == "" {
		training = m.PipelineJob
	}
	return &cloud.Model{
		Meta:               m.Meta,
		Scope:              m.Project,
		ID:                 m.ResourceName,
		Kind:               "vertex_model",
		Service:            AIPlatform,
		Version:            m.VersionID,
		Source:             m.SourceType,
		ArtifactURI:        m.ArtifactURI,
		ContainerImage:     m.ContainerImage,
		EncryptionKey:      m.KmsKeyName,
		CustomerManagedKey: cloud.Ptr(m.CustomerManagedKey),
		TrainingJob:        training,
		DeployedTo:         deployed,
		CreatedAt:          m.CreateTime,
		Detail:             m,
	}
}
