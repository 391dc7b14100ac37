package gcp

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
	"google.golang.org/api/option"
	storage "google.golang.org/api/storage/v1"
	htransport "google.golang.org/api/transport/http"
)

// StorageService is the Cloud Storage service name in aispm_scope_status.
const StorageService = "storage"

var storageCached = restClient("storage", "/storage/v1/", storage.DevstorageReadOnlyScope, storage.NewService)

// restClient is a Google REST API's client, built once per connection over
// restOptions: path is where the API lives under an endpoint override.
func restClient[T any](api, path, scope string, build func(context.Context, ...option.ClientOption) (T, error)) func(context.Context, *plugin.QueryData, request) (T, error) {
	return cloud.Memo(
		func(request) string { return "gcp/" + api },
		func(ctx context.Context, _ *plugin.QueryData, r request) (T, error) {
			opts, err := restOptions(ctx, r.settings, path, scope)
			if err != nil {
				var zero T
				return zero, fmt.Errorf("gcp: %s credentials: %w", api, err)
			}
			return build(ctx, opts...)
		})
}

// httpTransport is every JSON API client's: one connection pool, its idle
// pool sized to the calls aispm has in flight per host.
var httpTransport = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = cloud.IdleConns, cloud.IdleConnsPerHost
	return t
}()

// restOptions are the options of a REST (JSON) client: retries under
// authentication, so every attempt is signed afresh, and the endpoint
// override (the simulator, a proxy) with the API's path on it.
func restOptions(ctx context.Context, s Settings, path, scope string) ([]option.ClientOption, error) {
	var transport http.RoundTripper = retryTransport{next: quotaTransport{next: httpTransport}, retry: s.Retry}
	endpoint := ""
	if s.Insecure {
		endpoint = "http://" + s.Endpoint + path
	} else {
		auth := []option.ClientOption{option.WithScopes(scope)}
		if s.CredentialsFile != "" {
			auth = append(auth, option.WithAuthCredentialsFile(option.ServiceAccount, s.CredentialsFile))
		}
		t, err := htransport.NewTransport(ctx, transport, auth...)
		if err != nil {
			return nil, err
		}
		transport = t
		if s.Endpoint != "" {
			endpoint = "https://" + s.Endpoint + path
		}
	}
	opts := []option.ClientOption{option.WithHTTPClient(&http.Client{Transport: transport})}
	if endpoint != "" {
		opts = append(opts, option.WithEndpoint(endpoint))
	}
	return opts, nil
}

// Exposure is how exposed a Cloud Storage bucket is.
type Exposure struct {
	Bucket                 string   `json:"bucket"`
	PublicAccessPrevention string   `json:"public_access_prevention,omitempty"`
	UniformAccess          bool     `json:"uniform_access"`
	PublicMembers          []string `json:"public_members"`
	DefaultKmsKey          string   `json:"default_kms_key,omitempty"`
	// Bindings are the bucket's IAM policy: who holds which role on it.
	Bindings []Binding `json:"bindings"`
	Err      error     `json:"-"`
}

// Binding is one role of a bucket's IAM policy and its members.
type Binding struct {
	Role    string   `json:"role"`
	Members []string `json:"members"`
}

// Object access each Cloud Storage role grants on a bucket's objects
// (storage.objects.get to read, storage.objects.create to write), per the
// IAM roles for Cloud Storage reference; roles outside the list grant neither.
var (
	objectReadRoles  = []string{"roles/storage.objectViewer", "roles/storage.objectUser", "roles/storage.objectAdmin", "roles/storage.admin", "roles/storage.legacyObjectReader", "roles/storage.legacyObjectOwner"}
	objectWriteRoles = []string{"roles/storage.objectCreator", "roles/storage.objectUser", "roles/storage.objectAdmin", "roles/storage.admin", "roles/storage.legacyBucketWriter", "roles/storage.legacyBucketOwner"}
)

// ObjectAccess reports whether a bucket role lets its members read and write objects.
func ObjectAccess(role string) (read, write bool) {
	return slices.Contains(objectReadRoles, role), slices.Contains(objectWriteRoles, role)
}

// Public reports whether anyone on the internet can read the bucket's objects.
func (e Exposure) Public() bool {
	return e.PublicAccessPrevention != "enforced" && len(e.PublicMembers) > 0
}

type bucketRequest struct {
	request
	bucket string
}

var exposureCached = cloud.Memo(
	func(r bucketRequest) string { return "gcp/bucket/" + r.bucket },
	func(ctx context.Context, d *plugin.QueryData, r bucketRequest) (*Exposure, error) {
		svc, err := storageCached(ctx, d, r.request)
		if err != nil {
			return nil, err
		}
		e := &Exposure{Bucket: r.bucket, PublicMembers: []string{}, Bindings: []Binding{}}
		b, err := svc.Buckets.Get(r.bucket).Context(ctx).Do()
		if err != nil {
			e.Err = err // recorded on the row, not fatal: the data is still listed
			return e, nil
		}
		if ic := b.IamConfiguration; ic != nil {
			e.PublicAccessPrevention = ic.PublicAccessPrevention
			e.UniformAccess = ic.UniformBucketLevelAccess != nil && ic.UniformBucketLevelAccess.Enabled
		}
		if b.Encryption != nil {
			e.DefaultKmsKey = b.Encryption.DefaultKmsKeyName
		}
		policy, err := svc.Buckets.GetIamPolicy(r.bucket).Context(ctx).Do()
		if err != nil {
			e.Err = err
			return e, nil
		}
		for _, binding := range policy.Bindings {
			e.Bindings = append(e.Bindings, Binding{Role: binding.Role, Members: binding.Members})
			for _, m := range binding.Members {
				if m == "allUsers" || m == "allAuthenticatedUsers" {
					e.PublicMembers = append(e.PublicMembers, m+" ("+binding.Role+")")
				}
			}
		}
		return e, nil
	})

// BucketExposure returns the exposure of the bucket of a gs:// URI (cached per
// bucket); ok is false for a URI that is not in Cloud Storage.
func BucketExposure(ctx context.Context, d *plugin.QueryData, s Settings, uri string) (*Exposure, bool, error) {
	rest, ok := strings.CutPrefix(uri, "gs://")
	if !ok {
		return nil, false, nil
	}
	bucket, _, _ := strings.Cut(rest, "/")
	e, err := exposureCached(ctx, d, bucketRequest{request: request{settings: s}, bucket: bucket})
	return e, true, err
}

// Apply fills a dataset row's storage columns from the bucket's exposure.
func (e *Exposure) Apply(row *cloud.Dataset) {
	row.Bucket = e.Bucket
	if e.Err != nil {
		row.ExposureError = e.Err.Error()
		return
	}
	row.StoragePublic = cloud.Ptr(e.Public())
	row.PublicAccessPrevention = e.PublicAccessPrevention
	row.PublicAccessBlocked = cloud.Ptr(e.PublicAccessPrevention == "enforced")
	row.UniformAccess = cloud.Ptr(e.UniformAccess)
	row.PublicMembers = e.PublicMembers
	row.StorageEncryptionKey = e.DefaultKmsKey
	row.StorageCustomerManagedKey = cloud.Ptr(CustomerManagedKey(e.DefaultKmsKey))
	row.Storage = e
}
