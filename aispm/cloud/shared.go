package cloud

import (
	"context"
	"sync"
	"time"
)

// A listing is fetched once per query and scope, and shared by every source
// of the table that needs it (aispm_key reads the Azure accounts for their
// local keys and again as the parents of their connections; aispm_dataset
// reads the ML workspaces for datastores and for data assets). With a
// connection's list_cache_ttl_seconds (aispm export sets it for the length
// of an export) listings are also shared across the queries of that
// connection for that long: an export lists every Azure account's
// deployments once, not once per table that shows them.

type sharedKey struct{}

// sharedScope is what WithShared puts in a query's context.
type sharedScope struct {
	connection string
	ttl        time.Duration
	mu         sync.Mutex
	entries    map[string]*sharedEntry
}

type sharedEntry struct {
	done    chan struct{}
	v       any
	err     error
	expires time.Time // zero: for this query only
}

// sharedAcross is the cross-query listings of each connection. An entry
// past its time is dropped when it is asked for; the others past theirs are
// swept at most once a minute (an export holds thousands of listings, and a
// sweep on every call would cost each call all of them).
var sharedAcross = struct {
	sync.Mutex
	entries map[string]*sharedEntry
	swept   time.Time
}{entries: map[string]*sharedEntry{}}

// sweepEvery is how often expired cross-query listings are swept.
const sweepEvery = time.Minute

// WithShared gives a query's context its listing memo: connection names the
// connection (listings are shared within it only), ttl how long a listing
// also serves later queries (0: this query only).
func WithShared(ctx context.Context, connection string, ttl time.Duration) context.Context {
	return context.WithValue(ctx, sharedKey{}, &sharedScope{connection: connection, ttl: ttl, entries: map[string]*sharedEntry{}})
}

// Shared returns the listing key names, built once per query (and, with a
// ttl, per connection for that long). Concurrent callers wait for one
// build. A failed listing is shared with this query's other callers (they
// would fail the same way) but never kept for later queries. Without
// WithShared in the context it simply builds. key must name the cloud, the
// scope and the collection ("azure/<subscription>/accounts").
func Shared[T any](ctx context.Context, key string, build func(context.Context) (T, error)) (T, error) {
	s, _ := ctx.Value(sharedKey{}).(*sharedScope)
	if s == nil || Probing(ctx) { // a probe asks for one row, not the listing
		return build(ctx)
	}
	s.mu.Lock()
	e := s.entries[key]
	if e == nil {
		if e = s.across(key); e != nil {
			s.entries[key] = e
		}
	}
	s.mu.Unlock()
	if e == nil {
		e = s.build(ctx, key, func(ctx context.Context) (any, error) { return build(ctx) })
	}
	select {
	case <-e.done:
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
	if e.err != nil {
		var zero T
		return zero, e.err
	}
	return e.v.(T), nil
}

// across finds a live cross-query entry for key (nil when there is none, or
// the scope keeps nothing across queries). Called with s.mu held.
func (s *sharedScope) across(key string) *sharedEntry {
	if s.ttl <= 0 {
		return nil
	}
	sharedAcross.Lock()
	defer sharedAcross.Unlock()
	now := time.Now()
	if now.Sub(sharedAcross.swept) > sweepEvery {
		for k, e := range sharedAcross.entries {
			if now.After(e.expires) {
				delete(sharedAcross.entries, k)
			}
		}
		sharedAcross.swept = now
	}
	k := s.connection + "\x00" + key
	e := sharedAcross.entries[k]
	if e != nil && now.After(e.expires) {
		delete(sharedAcross.entries, k)
		return nil
	}
	return e
}

// build makes key's entry, publishes it to this query's other callers (and,
// with a ttl, to later queries while it is being built, so two tables
// exported at once list once) and fills it.
func (s *sharedScope) build(ctx context.Context, key string, build func(context.Context) (any, error)) *sharedEntry {
	e := &sharedEntry{done: make(chan struct{})}
	cross := s.connection + "\x00" + key
	s.mu.Lock()
	if cur := s.entries[key]; cur != nil {
		s.mu.Unlock()
		return cur
	}
	s.entries[key] = e
	s.mu.Unlock()
	if s.ttl > 0 {
		sharedAcross.Lock()
		if cur := sharedAcross.entries[cross]; cur != nil {
			sharedAcross.Unlock()
			s.mu.Lock()
			s.entries[key] = cur
			s.mu.Unlock()
			return cur
		}
		e.expires = time.Now().Add(s.ttl)
		sharedAcross.entries[cross] = e
		sharedAcross.Unlock()
	}
	if s.ttl > 0 {
		// later queries share the listing: it outlives this query's cancellation
		ctx = context.WithoutCancel(ctx)
	}
	e.v, e.err = build(ctx)
	if e.err != nil && s.ttl > 0 {
		sharedAcross.Lock()
		if sharedAcross.entries[cross] == e {
			delete(sharedAcross.entries, cross)
		}
		sharedAcross.Unlock()
	}
	close(e.done)
	return e
}
