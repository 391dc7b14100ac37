package gcp

import (
	"context"
	"sort"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
)

// ReasoningEngine is a Vertex AI Agent Engine (reasoning engine) deployment.
type ReasoningEngine struct {
	cloud.Meta
	ResourceName      string           `json:"resource_name"`
	DisplayName       string           `json:"display_name,omitempty"`
	Description       string           `json:"description,omitempty"`
	AgentFramework    string           `json:"agent_framework,omitempty"`
	ServiceAccount    string           `json:"service_account,omitempty"`
	PickleObjectURI   string           `json:"pickle_object_gcs_uri,omitempty"`
	RequirementsURI   string           `json:"requirements_gcs_uri,omitempty"`
	DependencyFiles   string           `json:"dependency_files_gcs_uri,omitempty"`
	PythonVersion     string           `json:"python_version,omitempty"`
	ContainerImage    string           `json:"container_image,omitempty"`
	EnvNames          []string         `json:"env_names"`
	SecretEnvNames    []string         `json:"secret_env_names"`
	Secrets           []redact.Finding `json:"secret_findings"`
	PrivateNetworking bool             `json:"private_service_connect_interface"`
	CMEK
	CreateTime *time.Time `json:"create_time,omitempty"`
	UpdateTime *time.Time `json:"update_time,omitempty"`
}

// ListReasoningEngines streams the location's reasoning engines.
func ListReasoningEngines(ctx context.Context, c *Clients, sc cloud.Scope, f Filter, emit func(*ReasoningEngine) bool) error {
	return stream(ctx, sc, collection[*aiplatformpb.ReasoningEngine]{
		name: "reasoningEngines",
		get: func(ctx context.Context, name string) (*aiplatformpb.ReasoningEngine, error) {
			return c.ReasoningEngines.GetReasoningEngine(ctx, &aiplatformpb.GetReasoningEngineRequest{Name: name})
		},
		list: func(ctx context.Context, parent, filter string) iter[*aiplatformpb.ReasoningEngine] {
			return c.ReasoningEngines.ListReasoningEngines(ctx, &aiplatformpb.ListReasoningEnginesRequest{Parent: parent, Filter: filter})
		},
	}, f, newReasoningEngine, emit)
}

func newReasoningEngine(e *aiplatformpb.ReasoningEngine) *ReasoningEngine {
	spec := e.GetSpec()
	r := &ReasoningEngine{
		Meta:              meta(e.GetName(), e.GetDisplayName(), e.GetLabels()),
		ResourceName:      e.GetName(),
		DisplayName:       e.GetDisplayName(),
		Description:       e.GetDescription(),
		AgentFramework:    spec.GetAgentFramework(),
		ServiceAccount:    spec.GetServiceAccount(),
		PickleObjectURI:   spec.GetPackageSpec().GetPickleObjectGcsUri(),
		RequirementsURI:   spec.GetPackageSpec().GetRequirementsGcsUri(),
		DependencyFiles:   spec.GetPackageSpec().GetDependencyFilesGcsUri(),
		PythonVersion:     spec.GetPackageSpec().GetPythonVersion(),
		ContainerImage:    spec.GetContainerSpec().GetImageUri(),
		PrivateNetworking: spec.GetDeploymentSpec().GetPscInterfaceConfig() != nil,
		CMEK:              cmek(e.GetEncryptionSpec().GetKmsKeyName()),
		EnvNames:          []string{},
		SecretEnvNames:    []string{},
		CreateTime:        timeOf(e.GetCreateTime()),
		UpdateTime:        timeOf(e.GetUpdateTime()),
	}
	// Environment values can hold credentials: only the names are kept, and
	// the values are judged by the redactor.
	r.Secrets = []redact.Finding{}
	r.EnvNames = redact.Env(&r.Secrets, "env.", envMap(spec.GetDeploymentSpec().GetEnv()))
	for _, v := range spec.GetDeploymentSpec().GetSecretEnv() {
		r.SecretEnvNames = append(r.SecretEnvNames, v.GetName())
	}
	sort.Strings(r.SecretEnvNames)
	return r
}

// Unified maps the engine to the provider-neutral agent shape.
func (e *ReasoningEngine) Unified() *cloud.Agent {
	return &cloud.Agent{
		Meta:               e.Meta,
		Scope:              e.Project,
		ID:                 e.ResourceName,
		Kind:               "vertex_reasoning_engine",
		Service:            AIPlatform,
		Framework:          e.AgentFramework,
		Identity:           e.ServiceAccount,
		EncryptionKey:      e.KmsKeyName,
		CustomerManagedKey: cloud.Ptr(e.CustomerManagedKey),
		ArtifactURI:        e.PickleObjectURI,
		CreatedAt:          e.CreateTime,
		Tools:              []string{}, KnowledgeBases: []string{},
		SecretFindings: e.Secrets,
		Detail:         e,
	}
}
