package cloud

import (
	"sort"
	"sync"
	"time"
)

// Outcome is what happened the last time a table queried a scope.
type Outcome struct {
	Scope     Scope
	Service   string
	Table     string
	Status    Class
	Error     string
	Rows      int64
	CheckedAt time.Time
}

type outcomeKey struct {
	scope   string
	service string
	table   string
}

// StatusRegistry remembers, per connection, every scope a table tried and what
// happened, so a denied or disabled scope is never silently dropped.
type StatusRegistry struct {
	mu    sync.Mutex
	conns map[string]map[outcomeKey]Outcome
}

// Statuses is the process-wide registry (one plugin process serves many connections).
var Statuses = &StatusRegistry{conns: map[string]map[outcomeKey]Outcome{}}

// Record stores an outcome for a connection and returns it.
func (r *StatusRegistry) Record(connection string, o Outcome) Outcome {
	if o.CheckedAt.IsZero() {
		o.CheckedAt = time.Now().UTC()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	m, ok := r.conns[connection]
	if !ok {
		m = map[outcomeKey]Outcome{}
		r.conns[connection] = m
	}
	m[outcomeKey{o.Scope.Key(), o.Service, o.Table}] = o
	return o
}

// List returns a connection's outcomes in a stable order.
func (r *StatusRegistry) List(connection string) []Outcome {
	r.mu.Lock()
	out := make([]Outcome, 0, len(r.conns[connection]))
	for _, o := range r.conns[connection] {
		out = append(out, o)
	}
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Scope.Key() != b.Scope.Key() {
			return a.Scope.Key() < b.Scope.Key()
		}
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		return a.Table < b.Table
	})
	return out
}

// Forget drops a connection's outcomes (its config changed).
func (r *StatusRegistry) Forget(connection string) {
	r.mu.Lock()
	delete(r.conns, connection)
	r.mu.Unlock()
}
