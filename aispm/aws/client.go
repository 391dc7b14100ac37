// Package aws holds aispm's AWS concerns: credentials, the region fan-out,
// cached per-region clients, retries and endpoint overrides, and the fetch
// functions that page through AWS APIs and stream rows.
package aws

import (
	"context"
	"fmt"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/turbot/steampipe-plugin-sdk/v5/memoize"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// Settings is the AWS part of the connection config, already validated.
type Settings struct {
	Profile         string
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Regions         []string // patterns
	EndpointURL     string
	Retry           cloud.Retry
}

// Clients are the SDK clients for one region, built once and cached.
type Clients struct {
	Region    string
	SageMaker *sagemaker.Client
}

// request carries what the memoized constructors need through HydrateData.
type request struct {
	settings Settings
	region   string
}

func (s Settings) load(ctx context.Context, region string) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRegion(region),
		config.WithRetryer(func() aws.Retryer { return s.retryer() }),
	}
	if s.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(s.Profile))
	}
	if s.AccessKeyID != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(s.AccessKeyID, s.SecretAccessKey, s.SessionToken)))
	}
	if s.EndpointURL != "" {
		opts = append(opts, config.WithBaseEndpoint(s.EndpointURL))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("aws: loading credentials: %w", err)
	}
	return cfg, nil
}

// retryer retries throttling and transient errors with the connection's
// attempts and backoff; retry quotas are off so a throttled scan slows down
// rather than failing.
func (s Settings) retryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = s.Retry.MaxAttempts
		o.MaxBackoff = cloud.MaxDelay
		o.Backoff = backoff(s.Retry)
		o.RateLimiter = ratelimit.None
	})
}

type backoff cloud.Retry

func (b backoff) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	return cloud.Retry(b).Backoff(attempt), nil
}

var clientsCached = plugin.HydrateFunc(newClients).Memoize(memoize.WithCacheKeyFunction(
	func(_ context.Context, _ *plugin.QueryData, h *plugin.HydrateData) (any, error) {
		return "aws/clients/" + h.Item.(request).region, nil
	}))

func newClients(ctx context.Context, _ *plugin.QueryData, h *plugin.HydrateData) (any, error) {
	req := h.Item.(request)
	cfg, err := req.settings.load(ctx, req.region)
	if err != nil {
		return nil, err
	}
	return &Clients{
		Region:    req.region,
		SageMaker: sagemaker.NewFromConfig(cfg),
	}, nil
}

// ClientsFor returns the cached clients for a scope's region.
func ClientsFor(ctx context.Context, d *plugin.QueryData, s Settings, sc cloud.Scope) (*Clients, error) {
	v, err := clientsCached(ctx, d, &plugin.HydrateData{Item: request{settings: s, region: sc.Region}})
	if err != nil {
		return nil, err
	}
	return v.(*Clients), nil
}

var accountCached = plugin.HydrateFunc(getAccount).Memoize(memoize.WithCacheKeyFunction(
	func(context.Context, *plugin.QueryData, *plugin.HydrateData) (any, error) {
		return "aws/account", nil
	}))

func getAccount(ctx context.Context, _ *plugin.QueryData, h *plugin.HydrateData) (any, error) {
	req := h.Item.(request)
	cfg, err := req.settings.load(ctx, req.region)
	if err != nil {
		return nil, err
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, err
	}
	return aws.ToString(out.Account), nil
}

// Scopes returns the account × regions where service is queried. The account
// comes from STS GetCallerIdentity (cached per connection).
func Scopes(ctx context.Context, d *plugin.QueryData, s Settings, service string) ([]cloud.Scope, error) {
	regions := Regions(s.Regions, service)
	if len(regions) == 0 {
		return nil, nil
	}
	v, err := accountCached(ctx, d, &plugin.HydrateData{Item: request{settings: s, region: regions[0]}})
	if err != nil {
		return nil, fmt.Errorf("aws: resolving the account with sts:GetCallerIdentity: %w", err)
	}
	out := make([]cloud.Scope, len(regions))
	for i, r := range regions {
		out[i] = cloud.Scope{Cloud: cloud.AWS, AccountID: v.(string), Region: r}
	}
	return out, nil
}
