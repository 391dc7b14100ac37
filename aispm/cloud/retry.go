package cloud

import (
	"math/rand/v2"
	"time"
)

// Retry is the connection's retry policy, applied through each SDK's own retry
// mechanism (AWS retryer, azcore retry policy, a gRPC interceptor for GCP).
type Retry struct {
	MaxAttempts int
	BaseDelay   time.Duration
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
