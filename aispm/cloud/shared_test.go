package cloud

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestSharedBuildsOncePerQuery(t *testing.T) {
	var builds atomic.Int32
	build := func(context.Context) ([]string, error) {
		builds.Add(1)
		time.Sleep(10 * time.Millisecond)
		return []string{"a", "b"}, nil
	}
	ctx := WithShared(context.Background(), "conn-once", 0)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := Shared(ctx, "azure/sub/accounts", build)
			if err != nil || len(v) != 2 {
				t.Errorf("got %v, %v", v, err)
			}
		}()
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Fatalf("16 callers in one query built the listing %d times, want 1", n)
	}
	// another key is another listing; another query (no ttl) lists afresh
	if _, err := Shared(ctx, "azure/sub/workspaces", build); err != nil {
		t.Fatal(err)
	}
	if _, err := Shared(WithShared(context.Background(), "conn-once", 0), "azure/sub/accounts", build); err != nil {
		t.Fatal(err)
	}
	if n := builds.Load(); n != 3 {
		t.Fatalf("builds = %d, want 3", n)
	}
	// without a query memo every call builds
	Shared(context.Background(), "azure/sub/accounts", build)
	if n := builds.Load(); n != 4 {
		t.Fatalf("builds = %d, want 4", n)
	}
}

func TestSharedAcrossQueriesWithTTL(t *testing.T) {
	var builds atomic.Int32
	build := func(context.Context) (int, error) { return int(builds.Add(1)), nil }
	q1 := WithShared(context.Background(), "conn-ttl", 50*time.Millisecond)
	q2 := WithShared(context.Background(), "conn-ttl", 50*time.Millisecond)
	other := WithShared(context.Background(), "conn-other", 50*time.Millisecond)
	a, _ := Shared(q1, "k", build)
	b, _ := Shared(q2, "k", build)
	if a != 1 || b != 1 {
		t.Fatalf("a later query of the connection got build %d, want the first (1)", b)
	}
	if c, _ := Shared(other, "k", build); c != 2 {
		t.Fatalf("another connection got build %d, want its own (2)", c)
	}
	time.Sleep(60 * time.Millisecond)
	if d, _ := Shared(WithShared(context.Background(), "conn-ttl", 50*time.Millisecond), "k", build); d != 3 {
		t.Fatalf("after the ttl got build %d, want a fresh one (3)", d)
	}
}

func TestSharedErrorsAreNotKept(t *testing.T) {
	fail := true
	build := func(context.Context) (string, error) {
		if fail {
			return "", errors.New("throttled")
		}
		return "ok", nil
	}
	q1 := WithShared(context.Background(), "conn-err", time.Minute)
	if _, err := Shared(q1, "k", build); err == nil {
		t.Fatal("want the listing's error")
	}
	fail = false
	if _, err := Shared(q1, "k", build); err == nil {
		t.Fatal("the same query should see the same failure, not list again")
	}
	if v, err := Shared(WithShared(context.Background(), "conn-err", time.Minute), "k", build); err != nil || v != "ok" {
		t.Fatalf("a later query got %q, %v; a failure must not be kept across queries", v, err)
	}
}

func TestSharedSkipsProbes(t *testing.T) {
	n := 0
	build := func(context.Context) (int, error) { n++; return n, nil }
	ctx := WithProbe(WithShared(context.Background(), "conn-probe", 0))
	Shared(ctx, "k", build)
	Shared(ctx, "k", build)
	if n != 2 {
		t.Fatalf("probes built %d times, want 2 (a probe lists one row, never a shared listing)", n)
	}
}
