package sim

import (
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/apikeys/apiv2/apikeyspb"
	"cloud.google.com/go/notebooks/apiv2/notebookspb"
	"github.com/aispm/aispm/internal/estate"
	locationpb "google.golang.org/genproto/googleapis/cloud/location"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
)

func (s *Server) newGRPC() *grpc.Server {
	g := grpc.NewServer(grpc.ChainUnaryInterceptor(s.gcpInterceptor))
	aiplatformpb.RegisterEndpointServiceServer(g, &endpointService{s: s})
	aiplatformpb.RegisterModelServiceServer(g, &modelService{s: s})
	aiplatformpb.RegisterDatasetServiceServer(g, &datasetService{s: s})
	aiplatformpb.RegisterJobServiceServer(g, &jobService{s: s})
	aiplatformpb.RegisterPipelineServiceServer(g, &pipelineService{s: s})
	aiplatformpb.RegisterNotebookServiceServer(g, &runtimeTemplateService{s: s})
	notebookspb.RegisterNotebookServiceServer(g, &workbenchService{s: s})
	apikeyspb.RegisterApiKeysServer(g, &apiKeysService{s: s})
	aiplatformpb.RegisterReasoningEngineServiceServer(g, &reasoningEngineService{s: s})
	locationpb.RegisterLocationsServer(g, &locationsService{s: s})
	loggingpb.RegisterLoggingServiceV2Server(g, &loggingService{s: s})
	return g
}

var gcpResource = regexp.MustCompile(`^projects/([^/]+)(?:/locations/([^/]+))?`)

// gcpInterceptor records every call and applies faults: PERMISSION_DENIED for
// a denied scope, PERMISSION_DENIED with reason SERVICE_DISABLED for a
// disabled API, RESOURCE_EXHAUSTED with a RetryInfo for throttling.
func (s *Server) gcpInterceptor(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	var target string
	switch r := req.(type) {
	case interface{ GetParent() string }:
		target = r.GetParent()
	case interface{ GetResourceNames() []string }:
		if names := r.GetResourceNames(); len(names) > 0 {
			target = names[0]
		}
	case interface{ GetName() string }:
		target = r.GetName()
	}
	project, location := "", ""
	if m := gcpResource.FindStringSubmatch(target); m != nil {
		project, location = m[1], m[2]
	}
	scope := project
	if location != "" {
		scope += "/" + location
	}
	service := "aiplatform"
	switch {
	case strings.HasPrefix(info.FullMethod, "/google.cloud.notebooks."):
		service = "notebooks"
	case strings.HasPrefix(info.FullMethod, "/google.api.apikeys."):
		service = "apikeys"
	case strings.HasPrefix(info.FullMethod, "/google.logging."):
		service = "logging"
	}
	var denied, disabled bool
	for _, p := range s.Estate.GCP.Projects {
		if p.ID != project {
			continue
		}
		denied, disabled = estate.Has(p.Deny, service), estate.Has(p.Disable, service)
		if l := p.Locations[location]; l != nil {
			denied = denied || estate.Has(l.Deny, service)
			disabled = disabled || estate.Has(l.Disable, service)
		}
	}
	outcome := s.fault(ctx, "gcp", scope, service, denied, disabled)
	var filters []string
	if f, ok := req.(interface{ GetFilter() string }); ok && f.GetFilter() != "" {
		filters = []string{f.GetFilter()}
	}
	s.record(Call{Cloud: "gcp", Service: service, Operation: info.FullMethod, Scope: scope, Outcome: orOK(outcome), Filters: filters})
	switch outcome {
	case "denied":
		return nil, status.Errorf(codes.PermissionDenied, "Permission 'aiplatform.endpoints.list' denied on resource '//aiplatform.googleapis.com/%s' (or it may not exist).", target)
	case "disabled":
		st, _ := status.New(codes.PermissionDenied, "Vertex AI API has not been used in project "+project+" before or it is disabled.").
			WithDetails(&errdetails.ErrorInfo{Reason: "SERVICE_DISABLED", Domain: "googleapis.com", Metadata: map[string]string{"service": "aiplatform.googleapis.com", "consumer": "projects/" + project}})
		return nil, st.Err()
	case "throttled":
		st, _ := status.New(codes.ResourceExhausted, "Quota exceeded for aiplatform.googleapis.com/resource_management_requests.").
			WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(10 * time.Millisecond)})
		return nil, st.Err()
	}
	return handler(ctx, req)
}

// collection returns a location's items of one collection; location "-"
// means every location of the project.
func (s *Server) collection(project, location, col string) []estate.Item {
	var out []estate.Item
	for _, p := range s.Estate.GCP.Projects {
		if p.ID != project {
			continue
		}
		for _, name := range sortedKeys(p.Locations) {
			if location == "-" || location == name {
				out = append(out, p.Locations[name].Collections[col]...)
			}
		}
	}
	return out
}

// zone matches a zone name (us-central1-a); Vertex AI locations are regions.
var zone = regexp.MustCompile(`-[a-z]$`)

// decode turns an estate item into a proto message.
func decode(it estate.Item, msg proto.Message) error {
	raw, err := json.Marshal(estate.Public(it))
	if err != nil {
		return err
	}
	return protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(raw, msg)
}

// listPage pages a collection under parent into messages made by newMsg.
func listPage[T proto.Message](s *Server, parent, col, token string, size int32, keep func(estate.Item) bool, newMsg func() T) ([]T, string, error) {
	m := gcpResource.FindStringSubmatch(parent)
	if m == nil || m[2] == "" {
		return nil, "", status.Errorf(codes.InvalidArgument, "parent %q must be projects/{project}/locations/{location}", parent)
	}
	var items []estate.Item
	for _, it := range s.collection(m[1], m[2], col) {
		if keep == nil || keep(it) {
			items = append(items, it)
		}
	}
	start, end, next, err := s.page(len(items), int(size), 100, token)
	if err != nil {
		return nil, "", status.Error(codes.InvalidArgument, err.Error())
	}
	out := make([]T, 0, end-start)
	for _, it := range items[start:end] {
		msg := newMsg()
		if err := decode(it, msg); err != nil {
			return nil, "", status.Errorf(codes.Internal, "estate item %v: %v", it["name"], err)
		}
		out = append(out, msg)
	}
	return out, next, nil
}

// getItem finds one item of a collection by full resource name.
func getItem(s *Server, name, col string, msg proto.Message) error {
	m := gcpResource.FindStringSubmatch(name)
	if m != nil && m[2] != "" {
		for _, it := range s.collection(m[1], m[2], col) {
			if it["name"] == name {
				return decode(it, msg)
			}
		}
	}
	return status.Errorf(codes.NotFound, "%s not found", name)
}

var displayNameFilter = regexp.MustCompile(`^display_name\s*=\s*"((?:[^"\\]|\\.)*)"$`)

// filterFor supports the list filters aispm pushes down; anything else is
// rejected the way the real API rejects a malformed filter.
func filterFor(filter string) (func(estate.Item) bool, error) {
	filter = strings.TrimSpace(filter)
	if filter == "" {
		return nil, nil
	}
	if m := displayNameFilter.FindStringSubmatch(filter); m != nil {
		want := strings.ReplaceAll(m[1], `\"`, `"`)
		return func(it estate.Item) bool { return it["displayName"] == want }, nil
	}
	return nil, status.Errorf(codes.InvalidArgument, "aispm sim: unsupported filter %q", filter)
}

// listRequest is what every generated List*Request offers.
type listRequest interface {
	GetParent() string
	GetPageToken() string
	GetPageSize() int32
	GetFilter() string
}

// list serves one page of a collection for any List method.
func list[T proto.Message](s *Server, req listRequest, col string, newMsg func() T) ([]T, string, error) {
	keep, err := filterFor(req.GetFilter())
	if err != nil {
		return nil, "", err
	}
	return listPage(s, req.GetParent(), col, req.GetPageToken(), req.GetPageSize(), keep, newMsg)
}

// get serves any Get method.
func get[T proto.Message](s *Server, name, col string, msg T) (T, error) {
	return msg, getItem(s, name, col, msg)
}

type endpointService struct {
	aiplatformpb.UnimplementedEndpointServiceServer
	s *Server
}

func (e *endpointService) ListEndpoints(_ context.Context, req *aiplatformpb.ListEndpointsRequest) (*aiplatformpb.ListEndpointsResponse, error) {
	items, next, err := list(e.s, req, "endpoints", func() *aiplatformpb.Endpoint { return &aiplatformpb.Endpoint{} })
	return &aiplatformpb.ListEndpointsResponse{Endpoints: items, NextPageToken: next}, err
}

func (e *endpointService) GetEndpoint(_ context.Context, req *aiplatformpb.GetEndpointRequest) (*aiplatformpb.Endpoint, error) {
	return get(e.s, req.GetName(), "endpoints", &aiplatformpb.Endpoint{})
}

type modelService struct {
	aiplatformpb.UnimplementedModelServiceServer
	s *Server
}

func (m *modelService) ListModels(_ context.Context, req *aiplatformpb.ListModelsRequest) (*aiplatformpb.ListModelsResponse, error) {
	items, next, err := list(m.s, req, "models", func() *aiplatformpb.Model { return &aiplatformpb.Model{} })
	return &aiplatformpb.ListModelsResponse{Models: items, NextPageToken: next}, err
}

func (m *modelService) GetModel(_ context.Context, req *aiplatformpb.GetModelRequest) (*aiplatformpb.Model, error) {
	return get(m.s, req.GetName(), "models", &aiplatformpb.Model{})
}

type datasetService struct {
	aiplatformpb.UnimplementedDatasetServiceServer
	s *Server
}

func (d *datasetService) ListDatasets(_ context.Context, req *aiplatformpb.ListDatasetsRequest) (*aiplatformpb.ListDatasetsResponse, error) {
	items, next, err := list(d.s, req, "datasets", func() *aiplatformpb.Dataset { return &aiplatformpb.Dataset{} })
	return &aiplatformpb.ListDatasetsResponse{Datasets: items, NextPageToken: next}, err
}

func (d *datasetService) GetDataset(_ context.Context, req *aiplatformpb.GetDatasetRequest) (*aiplatformpb.Dataset, error) {
	return get(d.s, req.GetName(), "datasets", &aiplatformpb.Dataset{})
}

type jobService struct {
	aiplatformpb.UnimplementedJobServiceServer
	s *Server
}

func (j *jobService) ListCustomJobs(_ context.Context, req *aiplatformpb.ListCustomJobsRequest) (*aiplatformpb.ListCustomJobsResponse, error) {
	items, next, err := list(j.s, req, "customJobs", func() *aiplatformpb.CustomJob { return &aiplatformpb.CustomJob{} })
	return &aiplatformpb.ListCustomJobsResponse{CustomJobs: items, NextPageToken: next}, err
}

func (j *jobService) GetCustomJob(_ context.Context, req *aiplatformpb.GetCustomJobRequest) (*aiplatformpb.CustomJob, error) {
	return get(j.s, req.GetName(), "customJobs", &aiplatformpb.CustomJob{})
}

type pipelineService struct {
	aiplatformpb.UnimplementedPipelineServiceServer
	s *Server
}

func (p *pipelineService) ListTrainingPipelines(_ context.Context, req *aiplatformpb.ListTrainingPipelinesRequest) (*aiplatformpb.ListTrainingPipelinesResponse, error) {
	items, next, err := list(p.s, req, "trainingPipelines", func() *aiplatformpb.TrainingPipeline { return &aiplatformpb.TrainingPipeline{} })
	return &aiplatformpb.ListTrainingPipelinesResponse{TrainingPipelines: items, NextPageToken: next}, err
}

func (p *pipelineService) GetTrainingPipeline(_ context.Context, req *aiplatformpb.GetTrainingPipelineRequest) (*aiplatformpb.TrainingPipeline, error) {
	return get(p.s, req.GetName(), "trainingPipelines", &aiplatformpb.TrainingPipeline{})
}

type runtimeTemplateService struct {
	aiplatformpb.UnimplementedNotebookServiceServer
	s *Server
}

func (n *runtimeTemplateService) ListNotebookRuntimeTemplates(_ context.Context, req *aiplatformpb.ListNotebookRuntimeTemplatesRequest) (*aiplatformpb.ListNotebookRuntimeTemplatesResponse, error) {
	items, next, err := list(n.s, req, "notebookRuntimeTemplates", func() *aiplatformpb.NotebookRuntimeTemplate { return &aiplatformpb.NotebookRuntimeTemplate{} })
	return &aiplatformpb.ListNotebookRuntimeTemplatesResponse{NotebookRuntimeTemplates: items, NextPageToken: next}, err
}

func (n *runtimeTemplateService) GetNotebookRuntimeTemplate(_ context.Context, req *aiplatformpb.GetNotebookRuntimeTemplateRequest) (*aiplatformpb.NotebookRuntimeTemplate, error) {
	return get(n.s, req.GetName(), "notebookRuntimeTemplates", &aiplatformpb.NotebookRuntimeTemplate{})
}

type workbenchService struct {
	notebookspb.UnimplementedNotebookServiceServer
	s *Server
}

func (w *workbenchService) ListInstances(_ context.Context, req *notebookspb.ListInstancesRequest) (*notebookspb.ListInstancesResponse, error) {
	items, next, err := list(w.s, req, "instances", func() *notebookspb.Instance { return &notebookspb.Instance{} })
	return &notebookspb.ListInstancesResponse{Instances: items, NextPageToken: next}, err
}

func (w *workbenchService) GetInstance(_ context.Context, req *notebookspb.GetInstanceRequest) (*notebookspb.Instance, error) {
	return get(w.s, req.GetName(), "instances", &notebookspb.Instance{})
}

type reasoningEngineService struct {
	aiplatformpb.UnimplementedReasoningEngineServiceServer
	s *Server
}

func (r *reasoningEngineService) ListReasoningEngines(_ context.Context, req *aiplatformpb.ListReasoningEnginesRequest) (*aiplatformpb.ListReasoningEnginesResponse, error) {
	items, next, err := list(r.s, req, "reasoningEngines", func() *aiplatformpb.ReasoningEngine { return &aiplatformpb.ReasoningEngine{} })
	return &aiplatformpb.ListReasoningEnginesResponse{ReasoningEngines: items, NextPageToken: next}, err
}

func (r *reasoningEngineService) GetReasoningEngine(_ context.Context, req *aiplatformpb.GetReasoningEngineRequest) (*aiplatformpb.ReasoningEngine, error) {
	return get(r.s, req.GetName(), "reasoningEngines", &aiplatformpb.ReasoningEngine{})
}

type apiKeysService struct {
	apikeyspb.UnimplementedApiKeysServer
	s *Server
}

// unfiltered adapts a List request without a filter field.
type unfiltered struct{ *apikeyspb.ListKeysRequest }

func (unfiltered) GetFilter() string { return "" }

func (a *apiKeysService) ListKeys(_ context.Context, req *apikeyspb.ListKeysRequest) (*apikeyspb.ListKeysResponse, error) {
	items, next, err := list(a.s, unfiltered{req}, "keys", func() *apikeyspb.Key { return &apikeyspb.Key{} })
	return &apikeyspb.ListKeysResponse{Keys: items, NextPageToken: next}, err
}

func (a *apiKeysService) GetKey(_ context.Context, req *apikeyspb.GetKeyRequest) (*apikeyspb.Key, error) {
	return get(a.s, req.GetName(), "keys", &apikeyspb.Key{})
}

// GetKeyString returns a secret: served for realism, never called by aispm.
func (a *apiKeysService) GetKeyString(_ context.Context, req *apikeyspb.GetKeyStringRequest) (*apikeyspb.GetKeyStringResponse, error) {
	m := gcpResource.FindStringSubmatch(req.GetName())
	if m != nil {
		for _, it := range a.s.collection(m[1], m[2], "keys") {
			if it["name"] == req.GetName() {
				secret, _ := it["x-secret-key-string"].(string)
				return &apikeyspb.GetKeyStringResponse{KeyString: secret}, nil
			}
		}
	}
	return nil, status.Errorf(codes.NotFound, "%s not found", req.GetName())
}

type locationsService struct {
	locationpb.UnimplementedLocationsServer
	s *Server
}

func (l *locationsService) ListLocations(_ context.Context, req *locationpb.ListLocationsRequest) (*locationpb.ListLocationsResponse, error) {
	m := gcpResource.FindStringSubmatch(req.GetName())
	if m == nil {
		return nil, status.Errorf(codes.InvalidArgument, "name %q must be projects/{project}", req.GetName())
	}
	var locs []string
	for _, p := range l.s.Estate.GCP.Projects {
		if p.ID == m[1] {
			locs = []string{}
			for _, l := range sortedKeys(p.Locations) {
				if !zone.MatchString(l) && l != "global" {
					locs = append(locs, l)
				}
			}
		}
	}
	if locs == nil {
		return nil, status.Errorf(codes.PermissionDenied, "Permission denied on resource project %s (or it may not exist).", m[1])
	}
	start, end, next, err := l.s.page(len(locs), int(req.GetPageSize()), 100, req.GetPageToken())
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	out := &locationpb.ListLocationsResponse{NextPageToken: next}
	for _, id := range locs[start:end] {
		out.Locations = append(out.Locations, &locationpb.Location{Name: "projects/" + m[1] + "/locations/" + id, LocationId: id})
	}
	return out, nil
}
