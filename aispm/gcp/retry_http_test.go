package gcp

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
)

func TestRetryTransport(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	client := &http.Client{Transport: retryTransport{next: http.DefaultTransport, retry: cloud.Retry{MaxAttempts: 5, BaseDelay: time.Millisecond}}}

	res, err := client.Get(srv.URL)
	if err != nil || res.StatusCode != http.StatusOK || calls.Load() != 3 {
		t.Fatalf("GET: status %v, err %v, %d calls; want 200 after 3", res.StatusCode, err, calls.Load())
	}

	calls.Store(0)
	res, err = client.Post(srv.URL, "text/plain", nil)
	if err != nil || res.StatusCode != http.StatusTooManyRequests || calls.Load() != 1 {
		t.Fatalf("POST was retried: status %v, %d calls", res.StatusCode, calls.Load())
	}

	calls.Store(-10) // always throttled: gives up after MaxAttempts
	res, _ = client.Get(srv.URL)
	if res.StatusCode != http.StatusTooManyRequests || calls.Load() != -5 {
		t.Fatalf("after max attempts: status %v, calls %d", res.StatusCode, calls.Load()+10)
	}
}
