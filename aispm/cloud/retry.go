package cloud

import (
	"math/rand/v2"
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
