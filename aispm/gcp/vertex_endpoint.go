package gcp

import (
	"context"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/aispm/aispm/aispm/cloud"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// VertexEndpoint is a Vertex AI endpoint with the models deployed to it.
type VertexEndpoint struct {
	cloud.Meta
	ResourceName             string   `json:"resource_name"`
	DisplayName              string   `json:"display_name,omitempty"`
	Description              string   `json:"description,omitempty"`
	Network                  string   `json:"network,omitempty"`
	PrivateServiceConnect    bool     `json:"private_service_connect"`
	PSCProjectAllowlist      []string `json:"psc_project_allowlist"`
	DedicatedEndpointEnabled bool     `json:"dedicated_endpoint_enabled"`
	DedicatedEndpointDNS     string   `json:"dedicated_endpoint_dns,omitempty"`
	CMEK
	RequestResponseLogging *LoggingConfig   `json:"request_response_logging"`
	DeployedModels         []DeployedModel  `json:"deployed_models"`
	TrafficSplit           map[string]int32 `json:"traffic_split"`
	CreateTime             *time.Time       `json:"create_time,omitempty"`
	UpdateTime             *time.Time       `json:"update_time,omitempty"`
}

// LoggingConfig is an endpoint's request-response logging to BigQuery.
type LoggingConfig struct {
	Enabled             bool    `json:"enabled"`
	SamplingRate        float64 `json:"sampling_rate"`
	BigQueryDestination string  `json:"bigquery_destination,omitempty"`
}

// DeployedModel is one model deployed to an endpoint.
type DeployedModel struct {
	ID              string `json:"id"`
	Model           string `json:"model"`
	ModelVersionID  string `json:"model_version_id,omitempty"`
	DisplayName     string `json:"display_name,omitempty"`
	ServiceAccount  string `json:"service_account,omitempty"`
	MachineType     string `json:"machine_type,omitempty"`
	MinReplicaCount int32  `json:"min_replica_count"`
	MaxReplicaCount int32  `json:"max_replica_count"`
	AccessLogging   bool   `json:"enable_access_logging"`
}

// ListVertexEndpoints streams the location's endpoints to emit until it returns false.
func ListVertexEndpoints(ctx context.Context, c *Clients, sc cloud.Scope, f Filter, emit func(*VertexEndpoint) bool) error {
	return stream(ctx, sc, collection[*aiplatformpb.Endpoint]{
		name: "endpoints",
		get: func(ctx context.Context, name string) (*aiplatformpb.Endpoint, error) {
			return c.Endpoints.GetEndpoint(ctx, &aiplatformpb.GetEndpointRequest{Name: name})
		},
		list: func(ctx context.Context, parent, filter string) iter[*aiplatformpb.Endpoint] {
			return c.Endpoints.ListEndpoints(ctx, &aiplatformpb.ListEndpointsRequest{Parent: parent, Filter: filter})
		},
	}, f, newVertexEndpoint, emit)
}

func newVertexEndpoint(e *aiplatformpb.Endpoint) *VertexEndpoint {
	r := &VertexEndpoint{
		Meta:                     meta(e.GetName(), e.GetDisplayName(), e.GetLabels()),
		ResourceName:             e.GetName(),
		DisplayName:              e.GetDisplayName(),
		Description:              e.GetDescription(),
		Network:                  e.GetNetwork(),
		PrivateServiceConnect:    e.GetEnablePrivateServiceConnect() || e.GetPrivateServiceConnectConfig().GetEnablePrivateServiceConnect(),
		PSCProjectAllowlist:      append([]string{}, e.GetPrivateServiceConnectConfig().GetProjectAllowlist()...),
		DedicatedEndpointEnabled: e.GetDedicatedEndpointEnabled(),
		DedicatedEndpointDNS:     e.GetDedicatedEndpointDns(),
		CMEK:                     cmek(e.GetEncryptionSpec().GetKmsKeyName()),
		TrafficSplit:             e.GetTrafficSplit(),
		CreateTime:               timeOf(e.GetCreateTime()),
		UpdateTime:               timeOf(e.GetUpdateTime()),
		RequestResponseLogging:   &LoggingConfig{},
		DeployedModels:           []DeployedModel{},
	}
	if r.TrafficSplit == nil {
		r.TrafficSplit = map[string]int32{}
	}
	if l := e.GetPredictRequestResponseLoggingConfig(); l != nil {
		r.RequestResponseLogging = &LoggingConfig{
			Enabled:             l.GetEnabled(),
			SamplingRate:        l.GetSamplingRate(),
			BigQueryDestination: l.GetBigqueryDestination().GetOutputUri(),
		}
	}
	for _, m := range e.GetDeployedModels() {
		dm := DeployedModel{
			ID:             m.GetId(),
			Model:          m.GetModel(),
			ModelVersionID: m.GetModelVersionId(),
			DisplayName:    m.GetDisplayName(),
			ServiceAccount: m.GetServiceAccount(),
			AccessLogging:  m.GetEnableAccessLogging(),
		}
		if res := m.GetDedicatedResources(); res != nil {
			dm.MachineType = res.GetMachineSpec().GetMachineType()
			dm.MinReplicaCount, dm.MaxReplicaCount = res.GetMinReplicaCount(), res.GetMaxReplicaCount()
		} else if res := m.GetAutomaticResources(); res != nil {
			dm.MinReplicaCount, dm.MaxReplicaCount = res.GetMinReplicaCount(), res.GetMaxReplicaCount()
		}
		r.DeployedModels = append(r.DeployedModels, dm)
	}
	return r
}

// Aka renders a Vertex AI resource name as an aka.
func Aka(resourceName string) string { return "gcp://aiplatform.googleapis.com/" + resourceName }

func timeOf(ts *timestamppb.Timestamp) *time.Time {
	if ts == nil {
		return nil
	}
	t := ts.AsTime()
	return &t
}

// Private reports whether the endpoint is reachable only privately: peered to
// a VPC network or exposed through Private Service Connect.
func (e *VertexEndpoint) Private() bool { return e.Network != "" || e.PrivateServiceConnect }

// Unified maps the endpoint to the provider-neutral shape.
func (e *VertexEndpoint) Unified() *cloud.Endpoint {
	host := e.DedicatedEndpointDNS
	if host == "" {
		host = e.Location + "-aiplatform.googleapis.com"
	}
	models := make([]string, 0, len(e.DeployedModels))
	var identities []string
	for _, m := range e.DeployedModels {
		models = append(models, m.Model)
		if m.ServiceAccount != "" && !slices.Contains(identities, m.ServiceAccount) {
			identities = append(identities, m.ServiceAccount)
		}
	}
	slices.Sort(identities)
	return (&cloud.Endpoint{
		Meta:                e.Meta,
		Scope:               e.Project,
		Identities:          identities,
		ID:                  e.ResourceName,
		Kind:                "vertex_endpoint",
		Service:             AIPlatform,
		URL:                 "https://" + host + "/v1/" + e.ResourceName + ":predict",
		Host:                strings.ToLower(host),
		PublicNetworkAccess: cloud.Ptr(!e.Private()),
		PrivateEndpoint:     cloud.Ptr(e.Private()),
		EncryptionKey:       e.KmsKeyName,
		CustomerManagedKey:  cloud.Ptr(e.CustomerManagedKey),
		LoggingEnabled:      cloud.Ptr(e.RequestResponseLogging != nil && e.RequestResponseLogging.Enabled),
		Models:              models,
		CreatedAt:           e.CreateTime,
		Detail:              e,
	}).Authed("iam")

}
