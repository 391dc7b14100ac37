package aispm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

type fakeRow struct{ cloud.Meta }

// fakeSource lists n rows; detail fails for the row named failOn.
func fakeSource(n int, failOn string, details *atomic.Int64) source {
	return source{
		list: func(_ context.Context, _ *plugin.QueryData, _ *Settings, _ cloud.Scope, emit emitFunc) error {
			for i := range n {
				if !emit(&fakeRow{Meta: cloud.Meta{Name: fmt.Sprint(i)}}) {
					return nil
				}
			}
			return nil
		},
		detail: func(_ context.Context, _ *plugin.QueryData, _ *Settings, r cloud.Row) error {
			details.Add(1)
			if r.RowMeta().Name == failOn {
				return errors.New("describe failed")
			}
			r.RowMeta().Title = "detailed " + r.RowMeta().Name
			return nil
		},
	}
}

func convert(r *fakeRow) cloud.Row { return &cloud.Endpoint{Meta: r.Meta} }

func TestUnifiedCompletesEveryRowConcurrently(t *testing.T) {
	var details atomic.Int64
	src := unified(fakeSource(500, "", &details), convert)
	var mu sync.Mutex
	seen := map[string]bool{}
	err := src.list(context.Background(), nil, nil, cloud.Scope{Cloud: cloud.AWS}, func(r cloud.Row) bool {
		mu.Lock()
		defer mu.Unlock()
		if r.RowMeta().Title != "detailed "+r.RowMeta().Name {
			t.Errorf("row %s emitted before its detail", r.RowMeta().Name)
		}
		seen[r.RowMeta().Name] = true
		return true
	})
	if err != nil || len(seen) != 500 || details.Load() != 500 {
		t.Fatalf("err %v, %d rows, %d details", err, len(seen), details.Load())
	}
}

func TestUnifiedStopsWhenTheQueryHasEnough(t *testing.T) {
	var details atomic.Int64
	src := unified(fakeSource(10000, "", &details), convert)
	var emitted atomic.Int64
	err := src.list(context.Background(), nil, nil, cloud.Scope{Cloud: cloud.AWS}, func(cloud.Row) bool {
		return emitted.Add(1) < 5
	})
	if err != nil {
		t.Fatal(err)
	}
	if emitted.Load() != 5 {
		t.Errorf("emitted %d rows after emit said stop at 5", emitted.Load())
	}
	if details.Load() > 5+2*unifiedWorkers {
		t.Errorf("%d describe calls for a query that needed 5 rows", details.Load())
	}
}

func TestUnifiedReportsADetailFailure(t *testing.T) {
	var details atomic.Int64
	src := unified(fakeSource(100, "42", &details), convert)
	err := src.list(context.Background(), nil, nil, cloud.Scope{Cloud: cloud.AWS}, func(cloud.Row) bool { return true })
	if err == nil {
		t.Fatal("a failed describe was not reported")
	}
}
