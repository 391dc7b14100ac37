package cloud

import (
	"context"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Quota is the request rate aispm allows itself against one cloud API in
// one scope (an account and region, a subscription, a project and
// location), and the documented quota it comes from. Every call of the
// API takes a token, whatever table, hydrate or scan made it.
type Quota struct {
	Cloud   Kind
	Service string // the API as the clients name it ("sagemaker", "arm", "aiplatform"); "*" for the cloud's default
	Action  string // one operation of it ("LookupEvents"), or "" for all of them
	Per     string // what the quota is counted per, for the docs
	Rate    float64
	Burst   int
	Source  string // where the number comes from
}

// Limiter is an adaptive (AIMD) token bucket for one quota in one scope: it
// starts at the quota's rate; a throttling answer cuts the rate by 30% (once
// per second, so one burst of throttled answers counts once), never below a
// quarter of the quota; every answer that is not throttled gives back a
// fiftieth of the quota, up to the quota. A cloud that throttles below its
// published rate (a busy shared account) is followed down; the rate grows
// back when the throttling stops.
type Limiter struct {
	mu      sync.Mutex
	bucket  *rate.Limiter
	ceiling rate.Limit
	floor   rate.Limit
	lastCut time.Time
	cuts    int
}

// NewLimiter is a limiter at q's rate.
func NewLimiter(q Quota) *Limiter {
	burst := max(q.Burst, 1)
	return &Limiter{bucket: rate.NewLimiter(rate.Limit(q.Rate), burst), ceiling: rate.Limit(q.Rate), floor: rate.Limit(q.Rate / 4)}
}

// Wait blocks until the call may be made.
func (l *Limiter) Wait(ctx context.Context) error { return l.bucket.Wait(ctx) }

// Observe adjusts the rate after an answer.
func (l *Limiter) Observe(throttled bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := l.bucket.Limit()
	if throttled {
		now := time.Now()
		if now.Sub(l.lastCut) < time.Second {
			return
		}
		l.lastCut, l.cuts = now, l.cuts+1
		l.bucket.SetLimit(max(cur*0.7, l.floor))
		return
	}
	if cur < l.ceiling {
		l.bucket.SetLimit(min(cur+l.ceiling/50, l.ceiling))
	}
}

// Rate is the limiter's current rate, per second.
func (l *Limiter) Rate() float64 { return float64(l.bucket.Limit()) }

// Cuts is how many times throttling cut the rate.
func (l *Limiter) Cuts() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cuts
}

// The idle connection pools of the clouds' HTTP clients: sized to the calls
// aispm has in flight at once, so connections are reused, not re-opened
// (against a real cloud each new one is a TLS handshake). One host can carry
// all of them: Resource Manager serves every subscription from one.
const (
	IdleConns        = 256
	IdleConnsPerHost = IdleConns
)

// limits is the process's limiters: one per quota and scope. A quota is an
// account's (or subscription's, or project's), not a connection's, so two
// connections to the same scope share it.
var limits = struct {
	sync.Mutex
	quotas []Quota
	byKey  map[string]*Limiter
}{byKey: map[string]*Limiter{}}

// SetQuotas declares the quotas (plugin.go holds them). Limiters already
// made keep their rates.
func SetQuotas(q []Quota) {
	limits.Lock()
	defer limits.Unlock()
	limits.quotas = q
}

// Quotas are the declared quotas.
func Quotas() []Quota {
	limits.Lock()
	defer limits.Unlock()
	return append([]Quota(nil), limits.quotas...)
}

// QuotaFor is the declared quota an operation keeps; ok is false when none
// applies.
func QuotaFor(cloud Kind, service, action string) (Quota, bool) {
	limits.Lock()
	defer limits.Unlock()
	return quotaFor(limits.quotas, cloud, service, action)
}

// quotaFor is the most specific quota for an operation: the operation's
// own, else its service's, else the cloud's default; ok is false when none
// is declared.
func quotaFor(quotas []Quota, cloud Kind, service, action string) (Quota, bool) {
	var best Quota
	rank := 0
	for _, q := range quotas {
		if q.Cloud != cloud {
			continue
		}
		r := 0
		switch {
		case strings.EqualFold(q.Service, service) && q.Action != "" && strings.EqualFold(q.Action, action):
			r = 3
		case strings.EqualFold(q.Service, service) && q.Action == "":
			r = 2
		case q.Service == "*":
			r = 1
		}
		if r > rank {
			best, rank = q, r
		}
	}
	return best, rank > 0
}

// LimiterFor is the limiter of an operation in a scope (an account/region,
// subscription or project/location key), or nil when no quota applies.
func LimiterFor(cloud Kind, scope, service, action string) *Limiter {
	limits.Lock()
	defer limits.Unlock()
	q, ok := quotaFor(limits.quotas, cloud, service, action)
	if !ok {
		return nil
	}
	key := string(cloud) + "\x00" + scope + "\x00" + q.Service + "\x00" + q.Action
	l := limits.byKey[key]
	if l == nil {
		l = NewLimiter(q)
		limits.byKey[key] = l
	}
	return l
}

// Limited runs call under the operation's limiter: it waits for a token,
// then tells the limiter whether the answer was throttling.
func Limited(ctx context.Context, cloud Kind, scope, service, action string, call func() (throttled bool, err error)) error {
	l := LimiterFor(cloud, scope, service, action)
	if l != nil {
		if err := l.Wait(ctx); err != nil {
			return err
		}
	}
	throttled, err := call()
	if l != nil {
		l.Observe(throttled)
	}
	return err
}

type probeKey struct{}

// WithProbe marks a context as a probe's (aispm_scope_status): listings that
// walk parents to reach a child collection stop after the first parent.
func WithProbe(ctx context.Context) context.Context { return context.WithValue(ctx, probeKey{}, true) }

// Probing reports whether ctx is a probe's.
func Probing(ctx context.Context) bool { v, _ := ctx.Value(probeKey{}).(bool); return v }
