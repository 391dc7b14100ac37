// Package gcp holds aispm's Google Cloud concerns: credentials, the project ×
// location fan-out, one pooled gRPC connection per regional endpoint (closed at
// shutdown), retries, endpoint overrides, and the fetch functions.
package gcp

import (
	"cloud.google.com/go/logging/apiv2/loggingpb"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	aiplatform "cloud.google.com/go/aiplatform/apiv1"
	apikeys "cloud.google.com/go/apikeys/apiv2"
	notebooks "cloud.google.com/go/notebooks/apiv2"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
	"golang.org/x/oauth2/google"
	"google.golang.org/api/iterator"
	"google.golang.org/api/option"
	gtransport "google.golang.org/api/transport/grpc"
	locationpb "google.golang.org/genproto/googleapis/cloud/location"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// Service names as they appear in aispm_scope_status.
const (
	AIPlatform      = "aiplatform"
	Notebooks       = "notebooks"
	APIKeysService  = "apikeys"
	Locations       = "locations"
	ProjectsService = "projects"
)

const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"

// Settings is the GCP part of the connection config, already validated.
type Settings struct {
	Projects        []string
	Locations       []string // empty or ["*"]: every Vertex AI location of the project
	CredentialsFile string
	Endpoint        string // host:port overriding every regional endpoint
	Insecure        bool   // plaintext gRPC, loopback endpoints only
	Retry           cloud.Retry
}

// Clients are the gRPC clients for one location, sharing one pooled connection.
type Clients struct {
	Location  string
	Endpoints *aiplatform.EndpointClient
	Models    *aiplatform.ModelClient
	Datasets  *aiplatform.DatasetClient
	Jobs      *aiplatform.JobClient
	Pipelines *aiplatform.PipelineClient
	Notebooks *aiplatform.NotebookClient
	// ReasoningEngines serves Vertex AI Agent Engine.
	ReasoningEngines *aiplatform.ReasoningEngineClient
}

// ProjectClients are the clients of project-wide (global) Google APIs.
type ProjectClients struct {
	Workbench *notebooks.NotebookClient
	APIKeys   *apikeys.Client
	// Logging is the raw entries.list stub: the activity tables page it call by call.
	Logging loggingpb.LoggingServiceV2Client
}

// pool holds one connection per endpoint address for the life of the process.
var pool = struct {
	sync.Mutex
	conns map[string]*grpc.ClientConn
}{conns: map[string]*grpc.ClientConn{}}

// Close closes every pooled gRPC connection; the plugin calls it when it stops.
func Close() error {
	pool.Lock()
	defer pool.Unlock()
	var errs []error
	for addr, c := range pool.conns {
		errs = append(errs, c.Close())
		delete(pool.conns, addr)
	}
	return errors.Join(errs...)
}

func (s Settings) address(location string) string {
	return s.host(location + "-aiplatform.googleapis.com")
}

// host is the address of a Google API host, or the endpoint override.
func (s Settings) host(name string) string {
	if s.Endpoint != "" {
		return s.Endpoint
	}
	return name + ":443"
}

func (s Settings) conn(ctx context.Context, addr string) (*grpc.ClientConn, error) {
	pool.Lock()
	defer pool.Unlock()
	if c, ok := pool.conns[addr]; ok {
		return c, nil
	}
	retry := grpc.WithChainUnaryInterceptor(retryInterceptor(s.Retry), quotaInterceptor) // each attempt takes a token
	var c *grpc.ClientConn
	var err error
	if s.Insecure {
		c, err = grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()), retry)
	} else {
		opts := []option.ClientOption{option.WithEndpoint(addr), option.WithScopes(cloudPlatformScope), option.WithGRPCDialOption(retry)}
		if s.CredentialsFile != "" {
			opts = append(opts, option.WithAuthCredentialsFile(option.ServiceAccount, s.CredentialsFile))
		}
		c, err = gtransport.Dial(ctx, opts...)
	}
	if err != nil {
		return nil, fmt.Errorf("gcp: connecting to %s: %w", addr, err)
	}
	pool.conns[addr] = c
	return c, nil
}

// retryInterceptor retries RESOURCE_EXHAUSTED and UNAVAILABLE with backoff,
// waiting at least the server's RetryInfo delay when it sends one.
func retryInterceptor(r cloud.Retry) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		for attempt := 1; ; attempt++ {
			err := invoker(ctx, method, req, reply, cc, opts...)
			st, _ := status.FromError(err)
			if err == nil || (st.Code() != codes.ResourceExhausted && st.Code() != codes.Unavailable) || !r.Allows(attempt, st.Code() == codes.ResourceExhausted) {
				return err
			}
			wait := r.Backoff(attempt)
			for _, d := range st.Details() {
				if info, ok := d.(*errdetails.RetryInfo); ok && info.GetRetryDelay().AsDuration() > wait {
					wait = info.GetRetryDelay().AsDuration()
				}
			}
			select {
			case <-ctx.Done():
				return err
			case <-time.After(wait):
			}
		}
	}
}

type request struct {
	settings Settings
	location string
	project  string
}

var clientsCached = cloud.Memo(
	func(r request) string { return "gcp/clients/" + r.location },
	func(ctx context.Context, _ *plugin.QueryData, r request) (*Clients, error) {
		conn, err := r.settings.conn(ctx, r.settings.address(r.location))
		if err != nil {
			return nil, err
		}
		// The connection is pooled and closed by Close, so clients are never closed themselves.
		opt := option.WithGRPCConn(conn)
		ep, err := aiplatform.NewEndpointClient(ctx, opt)
		if err != nil {
			return nil, err
		}
		c := &Clients{Location: r.location, Endpoints: ep}
		if c.Models, err = aiplatform.NewModelClient(ctx, opt); err != nil {
			return nil, err
		}
		if c.Datasets, err = aiplatform.NewDatasetClient(ctx, opt); err != nil {
			return nil, err
		}
		if c.Jobs, err = aiplatform.NewJobClient(ctx, opt); err != nil {
			return nil, err
		}
		if c.Pipelines, err = aiplatform.NewPipelineClient(ctx, opt); err != nil {
			return nil, err
		}
		if c.Notebooks, err = aiplatform.NewNotebookClient(ctx, opt); err != nil {
			return nil, err
		}
		if c.ReasoningEngines, err = aiplatform.NewReasoningEngineClient(ctx, opt); err != nil {
			return nil, err
		}
		return c, nil
	})

// ClientsFor returns the cached clients for a scope's location.
func ClientsFor(ctx context.Context, d *plugin.QueryData, s Settings, sc cloud.Scope) (*Clients, error) {
	return clientsCached(ctx, d, request{settings: s, location: sc.Location})
}

var projectClientsCached = cloud.Memo(
	func(request) string { return "gcp/project-clients" },
	func(ctx context.Context, _ *plugin.QueryData, r request) (*ProjectClients, error) {
		nb, err := r.settings.conn(ctx, r.settings.host("notebooks.googleapis.com"))
		if err != nil {
			return nil, err
		}
		keys, err := r.settings.conn(ctx, r.settings.host("apikeys.googleapis.com"))
		if err != nil {
			return nil, err
		}
		logs, err := r.settings.conn(ctx, r.settings.host("logging.googleapis.com"))
		if err != nil {
			return nil, err
		}
		c := &ProjectClients{}
		c.Logging = loggingpb.NewLoggingServiceV2Client(logs)
		if c.Workbench, err = notebooks.NewNotebookClient(ctx, option.WithGRPCConn(nb)); err != nil {
			return nil, err
		}
		if c.APIKeys, err = apikeys.NewClient(ctx, option.WithGRPCConn(keys)); err != nil {
			return nil, err
		}
		return c, nil
	})

// ProjectClientsFor returns the cached clients of the project-wide APIs.
func ProjectClientsFor(ctx context.Context, d *plugin.QueryData, s Settings) (*ProjectClients, error) {
	return projectClientsCached(ctx, d, request{settings: s})
}

// ProjectScopes returns one scope per project, for APIs listed across all
// locations at once (projects/{project}/locations/-).
func ProjectScopes(ctx context.Context, s Settings) ([]cloud.Scope, error) {
	projects, err := Projects(ctx, s)
	if err != nil {
		return nil, err
	}
	out := make([]cloud.Scope, len(projects))
	for i, p := range projects {
		out[i] = cloud.Scope{Cloud: cloud.GCP, Project: p}
	}
	return out, nil
}

// discoveryLocation is the regional endpoint used to list a project's locations.
const discoveryLocation = "us-central1"

var locationsCached = cloud.Memo(
	func(r request) string { return "gcp/locations/" + r.project },
	func(ctx context.Context, d *plugin.QueryData, r request) ([]string, error) {
		c, err := ClientsFor(ctx, d, r.settings, cloud.Scope{Cloud: cloud.GCP, Project: r.project, Location: discoveryLocation})
		if err != nil {
			return nil, err
		}
		var out []string
		it := c.Endpoints.ListLocations(ctx, &locationpb.ListLocationsRequest{Name: "projects/" + r.project})
		for {
			l, err := it.Next()
			if errors.Is(err, iterator.Done) {
				return out, nil
			}
			if err != nil {
				return nil, err
			}
			out = append(out, l.GetLocationId())
		}
	})

// Projects returns the configured projects, or the project of the
// application-default credentials when none are configured.
func Projects(ctx context.Context, s Settings) ([]string, error) {
	if len(s.Projects) > 0 {
		return s.Projects, nil
	}
	creds, err := google.FindDefaultCredentials(ctx, cloudPlatformScope)
	if err != nil {
		return nil, fmt.Errorf("gcp: gcp_projects is empty and no default credentials were found: %w", err)
	}
	if creds.ProjectID == "" {
		return nil, errors.New("gcp: gcp_projects is empty and the default credentials name no project")
	}
	return []string{creds.ProjectID}, nil
}

// Scopes returns projects × locations. A project whose locations cannot be
// listed is reported through onError and skipped; the others are returned.
func Scopes(ctx context.Context, d *plugin.QueryData, s Settings, onError func(cloud.Scope, error)) ([]cloud.Scope, error) {
	projects, err := Projects(ctx, s)
	if err != nil {
		return nil, err
	}
	var out []cloud.Scope
	for _, p := range projects {
		locs := s.Locations
		if len(locs) == 0 || (len(locs) == 1 && locs[0] == "*") {
			all, err := locationsCached(ctx, d, request{settings: s, project: p})
			if err != nil {
				onError(cloud.Scope{Cloud: cloud.GCP, Project: p}, fmt.Errorf("gcp: listing Vertex AI locations of project %s: %w", p, err))
				continue
			}
			locs = all
		}
		for _, l := range locs {
			out = append(out, cloud.Scope{Cloud: cloud.GCP, Project: p, Location: l})
		}
	}
	return out, nil
}
