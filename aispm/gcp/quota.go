package gcp

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var projectLocation = regexp.MustCompile(`projects/([^/]+)(/locations/[^/]+)?`)

// scopeOf is the project (and location) a request names.
func scopeOf(names ...string) string {
	for _, n := range names {
		if m := projectLocation.FindStringSubmatch(n); m != nil {
			return m[1] + m[2]
		}
	}
	return ""
}

// grpcService names a gRPC method's API as quotas do:
// "/google.cloud.aiplatform.v1.JobService/ListCustomJobs" → aiplatform,
// ListCustomJobs.
func grpcService(method string) (service, action string) {
	full, action, _ := strings.Cut(strings.TrimPrefix(method, "/"), "/")
	for _, p := range []string{"google.cloud.", "google.api.", "google."} {
		if rest, ok := strings.CutPrefix(full, p); ok {
			full = rest
			break
		}
	}
	service, _, _ = strings.Cut(full, ".")
	return service, action
}

// quotaInterceptor makes every attempt of a gRPC call wait for its quota
// (per project and location, the API, the method) and tells the quota
// whether Google answered RESOURCE_EXHAUSTED.
func quotaInterceptor(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	var names []string
	if r, ok := req.(interface{ GetParent() string }); ok {
		names = append(names, r.GetParent())
	}
	if r, ok := req.(interface{ GetName() string }); ok {
		names = append(names, r.GetName())
	}
	if r, ok := req.(interface{ GetResourceNames() []string }); ok {
		names = append(names, r.GetResourceNames()...)
	}
	service, action := grpcService(method)
	return cloud.Limited(ctx, cloud.GCP, scopeOf(names...), service, action, func() (bool, error) {
		err := invoker(ctx, method, req, reply, cc, opts...)
		return status.Code(err) == codes.ResourceExhausted, err
	})
}

// quotaTransport does the same for Google's JSON APIs: the API is the
// host's first label (storage.googleapis.com), or the path's first segment
// under an endpoint override (/storage/v1/…); the scope is the project the
// path names, else the bucket.
type quotaTransport struct{ next http.RoundTripper }

func (t quotaTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	service, _, _ := strings.Cut(req.URL.Hostname(), ".")
	p, _ := url.PathUnescape(req.URL.Path)
	if !strings.HasSuffix(req.URL.Hostname(), ".googleapis.com") {
		service, _, _ = strings.Cut(strings.TrimPrefix(p, "/"), "/")
	}
	scope := scopeOf(p)
	if scope == "" {
		if _, rest, ok := strings.Cut(p, "/b/"); ok {
			scope, _, _ = strings.Cut(rest, "/")
		}
	}
	var res *http.Response
	err := cloud.Limited(req.Context(), cloud.GCP, scope, service, "", func() (bool, error) {
		var err error
		res, err = t.next.RoundTrip(req)
		return err == nil && res.StatusCode == http.StatusTooManyRequests, err
	})
	return res, err
}
