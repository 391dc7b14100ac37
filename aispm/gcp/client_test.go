package gcp

import (
	"context"
	"testing"

	"github.com/aispm/aispm/aispm/cloud"
	"google.golang.org/grpc/connectivity"
)

// One connection per endpoint address, shared by every location that uses it,
// and all of them closed by Close.
func TestConnectionsArePooledAndClosed(t *testing.T) {
	s := Settings{Endpoint: "127.0.0.1:1", Insecure: true, Retry: cloud.Retry{MaxAttempts: 1, BaseDelay: 1}}
	a, err := s.conn(context.Background(), s.address("us-central1"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.conn(context.Background(), s.host("notebooks.googleapis.com"))
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Error("two connections to one endpoint override")
	}
	if err := Close(); err != nil {
		t.Fatal(err)
	}
	if a.GetState() != connectivity.Shutdown {
		t.Errorf("connection state after Close: %v", a.GetState())
	}
	pool.Lock()
	n := len(pool.conns)
	pool.Unlock()
	if n != 0 {
		t.Errorf("%d connections still pooled", n)
	}
	if got := (Settings{}).address("asia-northeast1"); got != "asia-northeast1-aiplatform.googleapis.com:443" {
		t.Errorf("regional endpoint %q", got)
	}
}
