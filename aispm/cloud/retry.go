package cloud

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Retry is the connection's retry policy, applied through each SDK's own retry
// mechanism (AWS retryer, azcore retry policy, a gRPC interceptor for GCP).
type Retry struct {
	MaxAttempts int // attempts of a call failing with a transient error
	// Throttled are the attempts of a call the cloud keeps answering with
	// throttling. A throttling answer asks the client to slow down, which the
	// call's limiter does, not to give up: these calls get more attempts than
	// other errors, so a throttled account is read slower, not partially.
	Throttled int
	BaseDelay time.Duration
}

// Allows reports whether a call whose attempt (1-based) failed with a
// retryable answer may be tried again.
func (r Retry) Allows(attempt int, throttled bool) bool {
	if throttled {
		return attempt < max(r.Throttled, r.MaxAttempts)
	}
	return attempt < r.MaxAttempts
}

// MaxDelay caps one backoff step.
const MaxDelay = 20 * time.Second

// Backoff returns the delay before retry number attempt (1-based): exponential
// from BaseDelay with full jitter, capped at MaxDelay.
func (r Retry) Backoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := r.BaseDelay << min(attempt-1, 20)
	if d <= 0 || d > MaxDelay {
		d = MaxDelay
	}
	return d/2 + rand.N(d/2+1)
}

// RetryAfter is the wait a throttling answer asks for: retry-after-ms or
// x-ms-retry-after-ms (Azure), else Retry-After in seconds or as an HTTP
// date; 0 when it asks for none.
func RetryAfter(h http.Header) time.Duration {
	for _, k := range []string{"retry-after-ms", "x-ms-retry-after-ms"} {
		if ms, err := strconv.Atoi(h.Get(k)); err == nil && ms > 0 {
			return time.Duration(ms) * time.Millisecond
		}
	}
	v := h.Get("Retry-After")
	if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}
