// Package aws holds aispm's AWS concerns: credentials, the region fan-out,
// cached per-region clients, retries and endpoint overrides, and the fetch
// functions that page through AWS APIs and stream rows.
package aws

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrock"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/middleware"
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
	Region       string
	SageMaker    *sagemaker.Client
	Bedrock      *bedrock.Client
	BedrockAgent *bedrockagent.Client
	IAM          *iam.Client
	S3           *s3.Client
	S3Control    *s3control.Client
	Logs         *cloudwatchlogs.Client
	KMS          *kms.Client
	CloudTrail   *cloudtrail.Client
}

// request carries what the memoized constructors need.
type request struct {
	settings Settings
	region   string
}

func (s Settings) load(ctx context.Context, region string) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRegion(region),
		config.WithRetryer(func() aws.Retryer { return s.retryer() }),
		config.WithHTTPClient(httpClient),
		config.WithAPIOptions([]func(*middleware.Stack) error{s.limitCalls}),
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
// attempts (cloud.Retry.Allows: throttling gets more) and backoff; retry
// quotas are off so a throttled scan slows down rather than failing.
func (s Settings) retryer() aws.Retryer {
	return attempts{Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = max(s.Retry.MaxAttempts, s.Retry.Throttled)
		o.MaxBackoff = cloud.MaxDelay
		o.Backoff = backoff(s.Retry)
		o.RateLimiter = ratelimit.None
	}), retry: s.Retry}
}

// attempts stops retrying an error that is not throttling after the
// connection's max_attempts; the standard retryer allows every retryable
// error the throttling budget.
type attempts struct {
	aws.Retryer
	retry cloud.Retry
}

func (a attempts) RetryDelay(attempt int, err error) (time.Duration, error) {
	if !a.retry.Allows(attempt, throttles.IsErrorThrottle(err) == aws.TrueTernary) {
		return 0, &retry.MaxAttemptsError{Attempt: attempt, Err: err}
	}
	return a.Retryer.RetryDelay(attempt, err)
}

// httpClient is every AWS client's: one connection pool for all regions and
// services, its idle pool sized to the calls aispm has in flight per host
// (the SDK's default keeps 10, so bursts opened and dropped connections).
var httpClient = awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
	t.MaxIdleConns, t.MaxIdleConnsPerHost = cloud.IdleConns, cloud.IdleConnsPerHost
})

// limitCalls makes every attempt of every call wait for its quota
// (cloud.LimiterFor: the credentials' account and the region, the service,
// the operation) and tells the quota whether AWS answered with throttling.
func (s Settings) limitCalls(stack *middleware.Stack) error {
	scope := s.Profile + "/" + s.AccessKeyID
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("aispm-quota",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (out middleware.FinalizeOutput, md middleware.Metadata, err error) {
			err = cloud.Limited(ctx, cloud.AWS, scope+"/"+awsmiddleware.GetRegion(ctx), awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx), func() (bool, error) {
				var callErr error
				out, md, callErr = next.HandleFinalize(ctx, in)
				return throttles.IsErrorThrottle(callErr) == aws.TrueTernary, callErr
			})
			return out, md, err
		}), middleware.After)
}

// throttles recognizes AWS's throttling answers (error codes and 429s).
var throttles = retry.IsErrorThrottles(retry.DefaultThrottles)

type backoff cloud.Retry

func (b backoff) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	return cloud.Retry(b).Backoff(attempt), nil
}

var clientsCached = cloud.Memo(
	func(r request) string { return "aws/clients/" + r.region },
	func(ctx context.Context, _ *plugin.QueryData, r request) (*Clients, error) {
		region := r.region
		if region == Global {
			region = globalRegion(r.settings.Regions)
		}
		cfg, err := r.settings.load(ctx, region)
		if err != nil {
			return nil, err
		}
		return &Clients{
			Region:       r.region,
			SageMaker:    sagemaker.NewFromConfig(cfg),
			Bedrock:      bedrock.NewFromConfig(cfg),
			BedrockAgent: bedrockagent.NewFromConfig(cfg),
			IAM:          iam.NewFromConfig(cfg),
			// Path-style addressing for an endpoint override: bucket-named
			// hosts do not resolve for a proxy or the simulator.
			S3: s3.NewFromConfig(cfg, func(o *s3.Options) {
				o.UsePathStyle = r.settings.EndpointURL != ""
				o.DisableLogOutputChecksumValidationSkipped = true // ranged reads carry no full-object checksum
			}),
			S3Control: s3control.NewFromConfig(cfg, func(o *s3control.Options) {
				if r.settings.EndpointURL != "" {
					// S3 Control puts the account id in the host name; a proxy
					// or the simulator takes the request at the override as is.
					o.EndpointResolverV2 = fixedEndpoint(r.settings.EndpointURL)
				}
			}),
			Logs:       cloudwatchlogs.NewFromConfig(cfg),
			KMS:        kms.NewFromConfig(cfg),
			CloudTrail: cloudtrail.NewFromConfig(cfg),
		}, nil
	})

// globalRegion is where an account-wide service (IAM) is called: the global
// region of the partition of the first configured region.
func globalRegion(patterns []string) string {
	for _, p := range patterns {
		for _, r := range matchRegions(p) {
			switch {
			case strings.HasPrefix(r, "us-gov-"):
				return "us-gov-west-1"
			case strings.HasPrefix(r, "cn-"):
				return "cn-north-1"
			}
			return "us-east-1"
		}
	}
	return "us-east-1"
}

// ClientsFor returns the cached clients for a scope's region.
func ClientsFor(ctx context.Context, d *plugin.QueryData, s Settings, sc cloud.Scope) (*Clients, error) {
	return clientsCached(ctx, d, request{settings: s, region: sc.Region})
}

var accountCached = cloud.Memo(
	func(request) string { return "aws/account" },
	func(ctx context.Context, _ *plugin.QueryData, r request) (string, error) {
		cfg, err := r.settings.load(ctx, r.region)
		if err != nil {
			return "", err
		}
		out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return "", err
		}
		return aws.ToString(out.Account), nil
	})

// accountProbeRegions is how many regions Scopes tries for sts:GetCallerIdentity
// before giving up (a region may be disabled for the account).
const accountProbeRegions = 3

// Scopes returns the account × regions where service is queried. The account
// comes from STS GetCallerIdentity (cached per connection), asked in the
// configured regions in turn so one disabled region does not hide the account.
func Scopes(ctx context.Context, d *plugin.QueryData, s Settings, service string) ([]cloud.Scope, error) {
	regions := Regions(s.Regions, service)
	if len(regions) == 0 {
		return nil, nil
	}
	var account string
	var errs []error
	probes := Regions(s.Regions, STS) // real regions, also for an account-wide service
	for _, r := range probes[:min(len(probes), accountProbeRegions)] {
		a, err := accountCached(ctx, d, request{settings: s, region: r})
		if err == nil {
			account = a
			break
		}
		errs = append(errs, fmt.Errorf("%s: %w", r, err))
	}
	if account == "" {
		return nil, fmt.Errorf("aws: resolving the account with sts:GetCallerIdentity: %w", errors.Join(errs...))
	}
	out := make([]cloud.Scope, len(regions))
	for i, r := range regions {
		out[i] = cloud.Scope{Cloud: cloud.AWS, AccountID: account, Region: r}
	}
	return out, nil
}

// fixedEndpoint resolves every S3 Control operation to the endpoint override.
type fixedEndpoint string

func (e fixedEndpoint) ResolveEndpoint(context.Context, s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	u, err := url.Parse(string(e))
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u}, nil
}
