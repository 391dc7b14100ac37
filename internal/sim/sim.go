// Package sim is the cloud simulator: one loopback listener that speaks each
// cloud's real wire protocol (AWS JSON 1.1 and query XML, Azure Resource
// Manager REST, GCP gRPC) from an estate, with faults on demand and a record of
// every call so tests can prove the plugin only reads.
package sim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aispm/aispm/internal/estate"
	"google.golang.org/grpc"
)

// Options are the simulator's faults and limits.
type Options struct {
	Latency  time.Duration // added to every call
	Throttle float64       // fraction of calls answered with the cloud's throttling error
	PageSize int           // largest page any list returns (0: the API's default)
	// Deny and Disable name scopes as aispm_scope_status shows them, with the
	// cloud and optionally a service: "aws:111122223333/eu-west-1",
	// "azure:<subscription>", "gcp:project/location:aiplatform"; "aws:*"
	// names every scope of a cloud, its discovery calls included.
	Deny    []string
	Disable []string
	Seed    uint64 // for the throttling dice
	// Now resolves the estate's relative timestamps ("now-20d"); zero means the
	// wall clock. Tests that compare rows with golden files pin it.
	Now time.Time
}

// Call is one recorded API call.
type Call struct {
	Cloud     string    `json:"cloud"`
	Service   string    `json:"service"`
	Operation string    `json:"operation"`
	Scope     string    `json:"scope"`
	Outcome   string    `json:"outcome"`
	At        time.Time `json:"at"`
	// Filters names the request parameters that narrow a list (AWS), so a
	// test can prove a qual reached the API.
	Filters []string `json:"filters,omitempty"`
}

// Server is a running simulator.
type Server struct {
	Estate *estate.Estate
	opts   Options

	mu          sync.Mutex
	calls       []Call
	rng         *rand.Rand
	inFlight    int
	maxInFlight int
	accepted    atomic.Int64 // TCP connections accepted
	grpcConns   atomic.Int64 // of which gRPC (Google's APIs)
	// connsBy counts HTTP connections by the cloud of their first call;
	// inFlightBy and maxInFlightBy count calls in progress by cloud.
	connsBy, inFlightBy, maxInFlightBy map[string]int
	deepestPage                        atomic.Int64 // the most pages one listing has been read to
	armOnce                            sync.Once
	armIdx                             map[string]*armIndex
	armGlobal                          armGlobal

	listener net.Listener
	http     *http.Server
	grpc     *grpc.Server
	done     chan struct{}
}

// New builds a simulator for an estate.
func New(e *estate.Estate, opts Options) *Server {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	e.ResolveRelativeTimes(opts.Now)
	sortActivity(e)
	return &Server{Estate: e, opts: opts, rng: rand.New(rand.NewPCG(opts.Seed, 42)), done: make(chan struct{})}
}

// Start listens on addr (which must be a loopback address) and serves in the background.
func (s *Server) Start(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("listen address %q: the simulator serves on loopback addresses only", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ln = &countingListener{Listener: ln, n: &s.accepted}
	s.listener = ln
	httpLn, grpcLn := split(ln)
	grpcLn = &countingListener{Listener: grpcLn, n: &s.grpcConns}
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second,
		ConnContext: func(ctx context.Context, _ net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, new(string))
		}}
	s.grpc = s.newGRPC()
	go func() { _ = s.http.Serve(httpLn) }()
	go func() { _ = s.grpc.Serve(grpcLn) }()
	return nil
}

// countingListener counts the connections it accepts.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// Connections is how many TCP connections clients have opened (HTTP and
// gRPC), since the start or the last ResetCalls.
func (s *Server) Connections() int64 { return s.accepted.Load() }

// connKey holds, in an HTTP connection's context, the cloud of its first call.
type connKey struct{}

// ByCloud is, per cloud, the TCP connections its clients opened (an HTTP
// connection counts for the cloud of its first call; gRPC ones for GCP) and
// the most of its calls in progress at once. Each cloud's clients keep their
// own connection pool, so each is compared with its own peak.
func (s *Server) ByCloud() (connections, maxInFlight map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	connections = map[string]int{}
	for k, v := range s.connsBy {
		connections[k] = v
	}
	connections["gcp"] += int(s.grpcConns.Load())
	maxInFlight = map[string]int{}
	for k, v := range s.maxInFlightBy {
		maxInFlight[k] = v
	}
	return connections, maxInFlight
}

// Addr is the address the simulator listens on (host:port).
func (s *Server) Addr() string { return s.listener.Addr().String() }

// URL is the base http URL of the simulator.
func (s *Server) URL() string { return "http://" + s.Addr() }

// Close stops serving.
// Now is the clock the estate's relative times were resolved against.
func (s *Server) Now() time.Time { return s.opts.Now }

func (s *Server) Close() error {
	s.grpc.Stop()
	err := s.http.Close()
	_ = s.listener.Close()
	return err
}

// Calls returns a copy of every call recorded so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// ResetCalls forgets the recorded calls and the in-flight peak.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	s.calls = nil
	s.maxInFlight = 0
	s.accepted.Store(0)
	s.grpcConns.Store(0)
	s.connsBy, s.maxInFlightBy = nil, nil
	s.deepestPage.Store(0)
	s.mu.Unlock()
}

// DeepestPage is the most pages of one listing any client has read: the
// longest chain of calls that paging makes run one after another.
func (s *Server) DeepestPage() int { return int(s.deepestPage.Load()) }

// MaxInFlight is the most calls the simulator has had in progress at once
// (while they waited out the configured latency).
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

func (s *Server) record(c Call) {
	c.At = time.Now().UTC()
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.mu.Unlock()
}

// fault decides what happens to a call before it is served: latency, then a
// denied or disabled scope, then the throttling dice. It returns "" to serve.
func (s *Server) fault(ctx context.Context, cloud, scope, service string, denied, disabled bool) string {
	s.mu.Lock()
	if s.connsBy == nil {
		s.connsBy, s.maxInFlightBy = map[string]int{}, map[string]int{}
	}
	if s.inFlightBy == nil {
		s.inFlightBy = map[string]int{}
	}
	if first, ok := ctx.Value(connKey{}).(*string); ok && *first == "" {
		*first = cloud
		s.connsBy[cloud]++
	}
	s.inFlight++
	s.inFlightBy[cloud]++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.maxInFlightBy[cloud] = max(s.maxInFlightBy[cloud], s.inFlightBy[cloud])
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.inFlightBy[cloud]--
		s.mu.Unlock()
	}()
	if s.opts.Latency > 0 {
		select {
		case <-time.After(s.opts.Latency):
		case <-ctx.Done():
		}
	}
	switch {
	case denied || matchScope(s.opts.Deny, cloud, scope, service):
		return "denied"
	case disabled || matchScope(s.opts.Disable, cloud, scope, service):
		return "disabled"
	}
	if s.opts.Throttle > 0 {
		s.mu.Lock()
		hit := s.rng.Float64() < s.opts.Throttle
		s.mu.Unlock()
		if hit {
			return "throttled"
		}
	}
	return ""
}

// matchScope reports whether a fault spec ("cloud:scope[:service]") names this call.
// A scope spec matches the scope itself or any scope below it ("aws:111122223333"
// matches every region of the account).
func matchScope(specs []string, cloud, scope, service string) bool {
	for _, spec := range specs {
		parts := strings.SplitN(spec, ":", 3)
		if len(parts) < 2 || parts[0] != cloud {
			continue
		}
		if parts[1] != "*" && parts[1] != scope && !strings.HasPrefix(scope, parts[1]+"/") {
			continue
		}
		if len(parts) == 3 && !strings.EqualFold(parts[2], service) {
			continue
		}
		return true
	}
	return false
}

// page cuts items to one page starting at the offset in token.
func (s *Server) page(n, requested, def int, token string) (start, end int, next string, err error) {
	size := requested
	if size <= 0 {
		size = def
	}
	if s.opts.PageSize > 0 && size > s.opts.PageSize {
		size = s.opts.PageSize
	}
	if token != "" {
		if _, err := fmt.Sscanf(token, "p%d", &start); err != nil || start < 0 || start > n {
			return 0, 0, "", fmt.Errorf("invalid page token %q", token)
		}
	}
	end = min(start+size, n)
	if size > 0 {
		page := int64(start/size + 1)
		for d := s.deepestPage.Load(); page > d && !s.deepestPage.CompareAndSwap(d, page); d = s.deepestPage.Load() {
		}
	}
	if end < n {
		next = fmt.Sprintf("p%d", end)
	}
	return start, end, next, nil
}

// ServeHTTP routes HTTP/1.1 requests: AWS (SigV4-signed), Azure Resource
// Manager (/subscriptions...), and the simulator's own /_sim/ endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasSuffix(strings.Split(r.Host, ":")[0], ".blob.core.windows.net"):
		s.serveBlob(w, r)
	case strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256"):
		s.serveAWS(w, r)
	case strings.HasPrefix(strings.ToLower(r.URL.Path), "/subscriptions"):
		s.serveARM(w, r)
	case strings.HasPrefix(r.URL.Path, "/storage/v1/b/"), strings.HasPrefix(r.URL.Path, "/download/storage/v1/b/"):
		s.serveGCS(w, r)
	case strings.HasPrefix(r.URL.Path, "/iam/v1/projects/"):
		s.serveGCPIAM(w, r)
	case strings.HasPrefix(r.URL.Path, "/cloudresourcemanager/v1/projects/"), strings.HasPrefix(r.URL.Path, "/cloudasset/v1/projects/"):
		s.serveGCPPolicies(w, r)
	case strings.HasPrefix(r.URL.Path, "/api/projects/"):
		s.serveFoundry(w, r)
	case r.URL.Path == "/_sim/calls":
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.Calls())
	default:
		http.Error(w, "aispm sim: no simulated API at "+r.URL.Path, http.StatusNotFound)
	}
}

// split demultiplexes one listener: connections that open with the HTTP/2
// preface (gRPC) go to one listener, everything else to the other.
func split(ln net.Listener) (httpLn, grpcLn net.Listener) {
	h := &chanListener{addr: ln.Addr(), ch: make(chan net.Conn), done: make(chan struct{})}
	g := &chanListener{addr: ln.Addr(), ch: make(chan net.Conn), done: make(chan struct{})}
	go func() {
		defer h.Close()
		defer g.Close()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				br := bufio.NewReader(c)
				_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
				peek, err := br.Peek(len(http2Preface))
				_ = c.SetReadDeadline(time.Time{})
				conn := &peekedConn{Conn: c, r: br}
				target := h
				if err == nil && bytes.Equal(peek, []byte(http2Preface)) {
					target = g
				} else if err != nil && len(peek) == 0 {
					c.Close()
					return
				}
				select {
				case target.ch <- conn:
				case <-target.done:
					c.Close()
				}
			}()
		}
	}()
	return h, g
}

const http2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

type chanListener struct {
	addr net.Addr
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ch:
		return c, nil
	case <-l.done:
		return nil, errors.New("listener closed")
	}
}

func (l *chanListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *chanListener) Addr() net.Addr { return l.addr }

// secretOps are the read operations that return secret values: aispm never calls them.
var secretOps = []string{"GetKeyString", "/listKeys", "/listSecrets"}

// ReturnsSecret reports whether a recorded operation returns secret values
// (an API key string, account keys).
func ReturnsSecret(c Call) bool {
	for _, op := range secretOps {
		if strings.HasSuffix(c.Operation, op) {
			return true
		}
	}
	return false
}

// ReadOnly reports whether a recorded operation only reads.
func ReadOnly(c Call) bool {
	op := c.Operation
	if i := strings.LastIndexAny(op, "/ "); i >= 0 {
		op = op[i+1:]
	}
	if c.Cloud == "azure" {
		return strings.HasPrefix(c.Operation, "GET ")
	}
	// Simulate and Analyze: IAM policy simulation and Policy Analyzer
	// evaluate, they change nothing
	for _, p := range []string{"List", "Get", "Describe", "BatchGet", "Lookup", "Filter", "Simulate", "Analyze"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
