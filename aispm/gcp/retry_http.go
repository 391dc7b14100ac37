package gcp

import (
	"net/http"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
)

// retryTransport retries idempotent (GET) requests of Google's JSON APIs on
// 429 and 5xx with the connection's backoff, waiting at least Retry-After.
// The generated JSON clients (storage/v1) do not retry by themselves.
type retryTransport struct {
	next  http.RoundTripper
	retry cloud.Retry
}

func (t retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 1; ; attempt++ {
		res, err := t.next.RoundTrip(req)
		if req.Method != http.MethodGet || err != nil || !retryable(res.StatusCode) || !t.retry.Allows(attempt, res.StatusCode == http.StatusTooManyRequests) {
			return res, err
		}
		wait := max(t.retry.Backoff(attempt), cloud.RetryAfter(res.Header))
		res.Body.Close()
		select {
		case <-req.Context().Done():
			return nil, req.Context().Err()
		case <-time.After(wait):
		}
	}
}

func retryable(code int) bool {
	return code == http.StatusTooManyRequests || code >= 500
}
