package aispm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/aispm/aispm/aispm/scan"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// Config is the `connection "aispm" { ... }` block; config/aispm.spc documents every attribute.
type Config struct {
	Clouds []string `hcl:"clouds,optional"`

	AWSProfile         *string  `hcl:"aws_profile,optional"`
	AWSAccessKeyID     *string  `hcl:"aws_access_key_id,optional"`
	AWSSecretAccessKey *string  `hcl:"aws_secret_access_key,optional"`
	AWSSessionToken    *string  `hcl:"aws_session_token,optional"`
	AWSRegions         []string `hcl:"aws_regions,optional"`
	AWSEndpointURL     *string  `hcl:"aws_endpoint_url,optional"`

	AzureTenantID           *string  `hcl:"azure_tenant_id,optional"`
	AzureSubscriptionIDs    []string `hcl:"azure_subscription_ids,optional"`
	AzureCredential         *string  `hcl:"azure_credential,optional"`
	AzureClientID           *string  `hcl:"azure_client_id,optional"`
	AzureClientSecret       *string  `hcl:"azure_client_secret,optional"`
	AzureResourceManagerURL *string  `hcl:"azure_resource_manager_url,optional"`
	AzureDataPlaneURL       *string  `hcl:"azure_data_plane_url,optional"`

	GCPProjects    []string `hcl:"gcp_projects,optional"`
	GCPLocations   []string `hcl:"gcp_locations,optional"`
	GCPCredentials *string  `hcl:"gcp_credentials,optional"`
	GCPEndpoint    *string  `hcl:"gcp_endpoint,optional"`
	GCPInsecure    *bool    `hcl:"gcp_insecure,optional"`

	MaxAttempts          *int `hcl:"max_attempts,optional"`
	MaxThrottledAttempts *int `hcl:"max_throttled_attempts,optional"`
	RetryBaseDelayMs     *int `hcl:"retry_base_delay_ms,optional"`

	ScanMaxMB       *int `hcl:"scan_max_mb,optional"`
	ScanTimeoutSecs *int `hcl:"scan_timeout_seconds,optional"`

	ActivityLookbackHours *int `hcl:"activity_lookback_hours,optional"`
	DataScanMaxObjects    *int `hcl:"data_scan_max_objects,optional"`
	DataScanSampleMB      *int `hcl:"data_scan_sample_mb,optional"`

	ListCacheTTLSecs *int `hcl:"list_cache_ttl_seconds,optional"`
}

// Settings is a validated Config, split per cloud.
type Settings struct {
	Clouds []cloud.Kind
	AWS    aws.Settings
	Azure  azure.Settings
	GCP    gcp.Settings
	// Scan bounds each model artifact aispm_model_scan reads.
	Scan scan.Limits
	// DataScan bounds each training-data location aispm_dataset_scan reads:
	// how many objects are listed and how much of each is sampled.
	DataScan DataScan
	// ActivityLookback is the window an activity table reads when the query
	// puts no bound on event_time.
	ActivityLookback time.Duration
	// ListCacheTTL is how long a listing also serves the connection's later
	// queries (0: each query lists afresh; within one query every listing is
	// shared by the table's sources).
	ListCacheTTL time.Duration
}

// DataScan bounds the dataset scan.
type DataScan struct {
	MaxObjects  int   // objects per dataset location
	SampleBytes int64 // bytes judged per object
}

// DefaultDataScan samples 4 MiB of each of the first 100 data objects of a location.
var DefaultDataScan = DataScan{MaxObjects: 100, SampleBytes: 4 << 20}

// maxListCacheTTLSecs bounds list_cache_ttl_seconds: an hour, the SDK's own
// connection-cache default.
const maxListCacheTTLSecs = 3600

// DefaultActivityLookbackHours is activity_lookback_hours when it is not set.
const DefaultActivityLookbackHours = 24

// maxActivityLookbackHours is the longest any of the audit logs keeps
// management events by default (CloudTrail event history and the Azure
// Activity Log: 90 days).
const maxActivityLookbackHours = 90 * 24

// Enabled reports whether the connection queries cloud k.
func (s *Settings) Enabled(k cloud.Kind) bool {
	for _, c := range s.Clouds {
		if c == k {
			return true
		}
	}
	return false
}

// ConfigError names the attribute that is wrong.
type ConfigError struct {
	Attribute string
	Problem   string
}

func (e *ConfigError) Error() string { return e.Attribute + ": " + e.Problem }

func bad(attr, format string, args ...any) error {
	return &ConfigError{Attribute: attr, Problem: fmt.Sprintf(format, args...)}
}

var (
	subscriptionID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	gcpLocation    = regexp.MustCompile(`^[a-z][a-z0-9-]*[0-9]$`)
	gcpProject     = regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$`)
)

func str(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}

// Validate checks the config and resolves defaults. Every error names its attribute.
func (c Config) Validate() (*Settings, error) {
	s := &Settings{}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	switch {
	case c.Clouds == nil:
		s.Clouds = append(s.Clouds, cloud.Kinds...)
	case len(c.Clouds) == 0:
		add(bad("clouds", "an empty list selects no cloud; name some of \"aws\", \"azure\", \"gcp\", or remove the attribute for all three"))
	}
	for _, name := range c.Clouds {
		k, err := cloud.ParseKind(name)
		if err != nil {
			add(bad("clouds", "%v", err))
			continue
		}
		s.Clouds = append(s.Clouds, k)
	}

	retry := cloud.Retry{MaxAttempts: 5, Throttled: 15, BaseDelay: 200 * time.Millisecond}
	if c.MaxAttempts != nil {
		if *c.MaxAttempts < 1 || *c.MaxAttempts > 20 {
			add(bad("max_attempts", "must be between 1 and 20, got %d", *c.MaxAttempts))
		}
		retry.MaxAttempts = *c.MaxAttempts
	}
	if c.MaxThrottledAttempts != nil {
		if *c.MaxThrottledAttempts < 1 || *c.MaxThrottledAttempts > 50 {
			add(bad("max_throttled_attempts", "must be between 1 and 50, got %d", *c.MaxThrottledAttempts))
		}
		retry.Throttled = *c.MaxThrottledAttempts
	}
	if c.RetryBaseDelayMs != nil {
		if *c.RetryBaseDelayMs < 1 || *c.RetryBaseDelayMs > 60000 {
			add(bad("retry_base_delay_ms", "must be between 1 and 60000, got %d", *c.RetryBaseDelayMs))
		}
		retry.BaseDelay = time.Duration(*c.RetryBaseDelayMs) * time.Millisecond
	}

	s.Scan = scan.DefaultLimits()
	if c.ScanMaxMB != nil {
		if *c.ScanMaxMB < 1 || *c.ScanMaxMB > 65536 {
			add(bad("scan_max_mb", "must be between 1 and 65536, got %d", *c.ScanMaxMB))
		}
		s.Scan.MaxBytes = int64(*c.ScanMaxMB) << 20
		s.Scan.MaxMemberBytes = min(s.Scan.MaxMemberBytes, s.Scan.MaxBytes)
	}
	if c.ScanTimeoutSecs != nil {
		if *c.ScanTimeoutSecs < 1 || *c.ScanTimeoutSecs > 3600 {
			add(bad("scan_timeout_seconds", "must be between 1 and 3600, got %d", *c.ScanTimeoutSecs))
		}
		s.Scan.Timeout = time.Duration(*c.ScanTimeoutSecs) * time.Second
	}

	s.DataScan = DefaultDataScan
	if c.DataScanMaxObjects != nil {
		if *c.DataScanMaxObjects < 1 || *c.DataScanMaxObjects > 100000 {
			add(bad("data_scan_max_objects", "must be between 1 and 100000, got %d", *c.DataScanMaxObjects))
		}
		s.DataScan.MaxObjects = *c.DataScanMaxObjects
	}
	if c.DataScanSampleMB != nil {
		if *c.DataScanSampleMB < 1 || *c.DataScanSampleMB > 1024 {
			add(bad("data_scan_sample_mb", "must be between 1 and 1024, got %d", *c.DataScanSampleMB))
		}
		s.DataScan.SampleBytes = int64(*c.DataScanSampleMB) << 20
	}

	if c.ListCacheTTLSecs != nil {
		if *c.ListCacheTTLSecs < 0 || *c.ListCacheTTLSecs > maxListCacheTTLSecs {
			add(bad("list_cache_ttl_seconds", "must be between 0 and %d, got %d", maxListCacheTTLSecs, *c.ListCacheTTLSecs))
		}
		s.ListCacheTTL = time.Duration(*c.ListCacheTTLSecs) * time.Second
	}

	s.ActivityLookback = DefaultActivityLookbackHours * time.Hour
	if c.ActivityLookbackHours != nil {
		if *c.ActivityLookbackHours < 1 || *c.ActivityLookbackHours > maxActivityLookbackHours {
			add(bad("activity_lookback_hours", "must be between 1 and %d (90 days, what CloudTrail and the Azure Activity Log keep), got %d", maxActivityLookbackHours, *c.ActivityLookbackHours))
		}
		s.ActivityLookback = time.Duration(*c.ActivityLookbackHours) * time.Hour
	}

	// AWS
	s.AWS = aws.Settings{
		Profile:         str(c.AWSProfile),
		AccessKeyID:     str(c.AWSAccessKeyID),
		SecretAccessKey: str(c.AWSSecretAccessKey),
		SessionToken:    str(c.AWSSessionToken),
		Regions:         c.AWSRegions,
		Retry:           retry,
	}
	if (s.AWS.AccessKeyID == "") != (s.AWS.SecretAccessKey == "") {
		add(bad("aws_access_key_id", "aws_access_key_id and aws_secret_access_key must be set together"))
	}
	if len(s.AWS.Regions) == 0 {
		s.AWS.Regions = []string{"us-east-1"}
	}
	add(aws.ValidateRegionPatterns(s.AWS.Regions))
	if u := str(c.AWSEndpointURL); u != "" {
		add(checkEndpointURL("aws_endpoint_url", u))
		s.AWS.EndpointURL = u
	}

	// Azure
	s.Azure = azure.Settings{
		TenantID:           str(c.AzureTenantID),
		SubscriptionIDs:    c.AzureSubscriptionIDs,
		Credential:         str(c.AzureCredential),
		ClientID:           str(c.AzureClientID),
		ClientSecret:       str(c.AzureClientSecret),
		ResourceManagerURL: str(c.AzureResourceManagerURL),
		DataPlaneURL:       str(c.AzureDataPlaneURL),
		Retry:              retry,
	}
	if len(s.Azure.SubscriptionIDs) == 0 {
		s.Azure.SubscriptionIDs = []string{"*"}
	}
	for _, id := range s.Azure.SubscriptionIDs {
		if id != "*" && !subscriptionID.MatchString(id) {
			add(bad("azure_subscription_ids", "%q is neither \"*\" nor a subscription id (a GUID)", id))
		}
		if id == "*" && len(s.Azure.SubscriptionIDs) > 1 {
			add(bad("azure_subscription_ids", "\"*\" cannot be combined with explicit subscription ids"))
		}
	}
	if s.Azure.Credential == "" {
		s.Azure.Credential = azure.CredentialDefault
	}
	switch s.Azure.Credential {
	case azure.CredentialDefault, azure.CredentialCLI:
	case azure.CredentialClientSecret:
		if s.Azure.TenantID == "" || s.Azure.ClientID == "" || s.Azure.ClientSecret == "" {
			add(bad("azure_credential", "client_secret needs azure_tenant_id, azure_client_id and azure_client_secret"))
		}
	case azure.CredentialSimulator:
		if !isLoopbackURL(s.Azure.ResourceManagerURL) {
			add(bad("azure_credential", "simulator is allowed only with a loopback azure_resource_manager_url"))
		}
	default:
		add(bad("azure_credential", "unknown credential %q (accepted: default, client_secret, cli, simulator)", s.Azure.Credential))
	}
	if u := s.Azure.ResourceManagerURL; u != "" {
		add(checkEndpointURL("azure_resource_manager_url", u))
		s.Azure.Loopback = isLoopbackURL(u)
	}
	if u := s.Azure.DataPlaneURL; u != "" {
		add(checkEndpointURL("azure_data_plane_url", u))
		if s.Azure.Credential == azure.CredentialSimulator && !isLoopbackURL(u) {
			add(bad("azure_data_plane_url", "the simulator credential sends no token: the data plane must be loopback too, not %q", u))
		}
	}

	// GCP
	s.GCP = gcp.Settings{
		Projects:        c.GCPProjects,
		Locations:       c.GCPLocations,
		CredentialsFile: str(c.GCPCredentials),
		Endpoint:        str(c.GCPEndpoint),
		Insecure:        c.GCPInsecure != nil && *c.GCPInsecure,
		Retry:           retry,
	}
	for _, p := range s.GCP.Projects {
		if !gcpProject.MatchString(p) {
			add(bad("gcp_projects", "%q is not a project id (6-30 lowercase letters, digits and hyphens)", p))
		}
	}
	for _, l := range s.GCP.Locations {
		if l != "*" && !gcpLocation.MatchString(l) {
			add(bad("gcp_locations", "%q is not a location (for example us-central1) or \"*\"", l))
		}
	}
	if e := s.GCP.Endpoint; e != "" {
		host, _, err := net.SplitHostPort(e)
		if err != nil {
			add(bad("gcp_endpoint", "%q must be host:port: %v", e, err))
		} else if s.GCP.Insecure && !cloud.IsLoopbackHost(host) {
			add(bad("gcp_insecure", "plaintext gRPC is allowed only for a loopback gcp_endpoint, not %q", host))
		}
	} else if s.GCP.Insecure {
		add(bad("gcp_insecure", "needs a loopback gcp_endpoint"))
	}
	if s.GCP.Insecure && len(s.GCP.Projects) == 0 {
		add(bad("gcp_projects", "must be set when gcp_insecure is true (there are no default credentials to name a project)"))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// checkEndpointURL accepts https URLs, and http only for loopback hosts.
func checkEndpointURL(attr, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return bad(attr, "%q is not an absolute URL", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if cloud.IsLoopbackHost(u.Hostname()) {
			return nil
		}
		return bad(attr, "plaintext http is allowed only for loopback addresses, not %q", u.Hostname())
	}
	return bad(attr, "scheme must be https (or http on loopback), got %q", u.Scheme)
}

func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Host != "" && cloud.IsLoopbackHost(u.Hostname())
}

// settingsCached validates a connection's config once: the SDK clears the
// connection cache when the config changes. Errors are not cached.
var settingsCached = cloud.Memo(
	func(Config) string { return "aispm/settings" },
	func(_ context.Context, _ *plugin.QueryData, c Config) (*Settings, error) { return c.Validate() })

// settingsOf returns the validated settings of the query's connection. The
// config was validated when the connection was created, so an error here is
// unexpected but still reported.
// fingerprint identifies a config's content.
func (c Config) fingerprint() string {
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func settingsOf(ctx context.Context, d *plugin.QueryData) (*Settings, error) {
	cfg, _ := d.Connection.Config.(Config)
	return settingsCached(ctx, d, cfg)
}
