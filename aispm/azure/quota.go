package azure

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/aispm/aispm/aispm/cloud"
)

// ARM is the quota service name of Azure Resource Manager: its read quota
// is per subscription, whatever the provider.
const ARM = "arm"

// httpClient is every Azure pipeline's transport: one connection pool,
// its idle pool sized to the calls aispm has in flight per host.
var httpClient = func() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = cloud.IdleConns, cloud.IdleConnsPerHost
	return &http.Client{Transport: t}
}()

var subscriptionPath = regexp.MustCompile(`(?i)^/subscriptions/([^/]+)`)

// quotaPolicy makes every attempt of a call wait for its quota (per
// subscription for Resource Manager, per host for a data plane), tells the
// quota whether Azure answered with throttling, and retries throttling
// answers itself, up to the connection's throttled attempts and waiting at
// least what Azure asks (Retry-After); the pipeline's retry policy retries
// the other transient answers (retryOptions).
type quotaPolicy struct {
	service string
	retry   cloud.Retry
}

func (q quotaPolicy) Do(req *policy.Request) (*http.Response, error) {
	raw := req.Raw()
	scope := strings.ToLower(raw.URL.Host)
	if q.service == ARM {
		if m := subscriptionPath.FindStringSubmatch(raw.URL.Path); m != nil {
			scope = strings.ToLower(m[1])
		}
	}
	for attempt := 1; ; attempt++ {
		if err := req.RewindBody(); err != nil {
			return nil, err
		}
		try := req.Clone(raw.Context())
		var res *http.Response
		err := cloud.Limited(raw.Context(), cloud.Azure, scope, q.service, "", func() (bool, error) {
			var err error
			res, err = try.Next()
			return err == nil && throttling(res), err
		})
		if err != nil || !throttling(res) || !q.retry.Allows(attempt, true) {
			return res, err
		}
		wait := max(q.retry.Backoff(attempt), cloud.RetryAfter(res.Header))
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<16)) // reuse the connection
		res.Body.Close()
		select {
		case <-raw.Context().Done():
			return nil, raw.Context().Err()
		case <-time.After(wait):
		}
	}
}

// throttling reports whether Azure asked the client to slow down: 429 from
// Resource Manager and the data planes, 503 ServerBusy from Storage.
func throttling(res *http.Response) bool {
	return res.StatusCode == http.StatusTooManyRequests ||
		res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("x-ms-error-code") == "ServerBusy"
}

// retryOptions retry transient answers (timeouts, 5xx, transport errors) up
// to max_attempts; throttling answers reach the retry policy only once
// quotaPolicy has used the throttled attempts, and are not retried again.
func retryOptions(r cloud.Retry) policy.RetryOptions {
	return policy.RetryOptions{
		MaxRetries:    int32(r.MaxAttempts - 1),
		RetryDelay:    r.BaseDelay,
		MaxRetryDelay: cloud.MaxDelay,
		ShouldRetry: func(res *http.Response, err error) bool {
			if err != nil {
				return true
			}
			if throttling(res) {
				return false
			}
			switch res.StatusCode {
			case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
				return true
			}
			return false
		},
	}
}
