package azure

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/aispm/aispm/aispm/cloud"
	"golang.org/x/sync/errgroup"
)

// eachPage hands every item of every page to fn until fn returns false. It
// reports whether fn stopped the walk.
func eachPage[Page, Item any](ctx context.Context, p *runtime.Pager[Page], items func(Page) []*Item, fn func(*Item) bool) (stopped bool, err error) {
	for p.More() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return false, err
		}
		for _, it := range items(page) {
			if !fn(it) {
				return true, nil
			}
		}
	}
	return false, nil
}

// childWorkers bounds the parents whose children one walk lists at once;
// the subscription's quota paces the calls themselves.
const childWorkers = 8

// children streams a child collection of every parent the parents walk
// yields: for each parent, every page of pager's list, each item converted
// with its parent (see eachChild).
func children[Parent parent, Page, Item, Row any](ctx context.Context, kind string,
	parents func(func(Parent) bool) error,
	pager func(Parent) *runtime.Pager[Page], items func(Page) []*Item,
	convert func(Parent, *Item) *Row, emit func(*Row) bool) error {
	return eachChild(ctx, kind, parents, func(ctx context.Context, parent Parent) ([]*Row, error) {
		var rows []*Row
		_, err := eachPage(ctx, pager(parent), items, func(it *Item) bool { rows = append(rows, convert(parent, it)); return true })
		return rows, err
	}, emit)
}

// parent is a resource with child collections (an account, a workspace).
type parent interface{ resourceID() string }

func (a *CognitiveAccount) resourceID() string { return a.ID }
func (w *MLWorkspace) resourceID() string      { return w.ID }

// shareRows emits copies of shared rows: a table's completion (diagnostic
// settings) and the scope stamp write to the row, and a listing shared with
// the query's other sources, or later queries, must not change under them.
func shareRows[Row any](rows []*Row, emit func(*Row) bool) bool {
	for _, r := range rows {
		c := *r
		if !emit(&c) {
			return false
		}
	}
	return true
}

// sharedChildren is one parent's kind of child, listed by rowsOf once per
// query (cloud.Shared) whichever walk asks.
func sharedChildren[Parent parent, Row any](ctx context.Context, kind string, p Parent, rowsOf func(context.Context, Parent) ([]*Row, error)) ([]*Row, error) {
	return cloud.Shared(ctx, "azure/"+kind+"/"+strings.ToLower(p.resourceID()),
		func(ctx context.Context) ([]*Row, error) { return rowsOf(ctx, p) })
}

// sharedList emits what list streams, listed once per query (cloud.Shared)
// under key however many sources ask.
func sharedList[Row any](ctx context.Context, key string, list func(context.Context, func(*Row) bool) error, emit func(*Row) bool) error {
	rows, err := cloud.Shared(ctx, "azure/"+key, func(ctx context.Context) ([]*Row, error) {
		var out []*Row
		err := list(ctx, func(r *Row) bool { out = append(out, r); return true })
		return out, err
	})
	if err != nil {
		return err
	}
	shareRows(rows, emit)
	return nil
}

// concat runs fn for every item, childWorkers at a time, and concatenates
// the rows in the items' order; the first error cancels the others.
func concat[T, Row any](ctx context.Context, items []T, fn func(context.Context, T) ([]*Row, error)) ([]*Row, error) {
	out := make([][]*Row, len(items))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(childWorkers)
	for i, it := range items {
		g.Go(func() error {
			rows, err := fn(gctx, it)
			out[i] = rows
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return slices.Concat(out...), nil
}

// eachChild reads the rows of every parent the parents walk yields,
// childWorkers parents at a time, and emits each parent's rows together
// (emit is never called concurrently). Each parent's kind of child is
// listed once per query (cloud.Shared). The first error or a false from
// emit stops the walk. A probe (cloud.Probing) reads the first parent only:
// it asks whether the child API answers, not for every row.
func eachChild[Parent parent, Row any](ctx context.Context, kind string, parents func(func(Parent) bool) error,
	rowsOf func(context.Context, Parent) ([]*Row, error), emit func(*Row) bool) error {
	probe := cloud.Probing(ctx)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		stopped  bool
		wg       sync.WaitGroup
		sem      = make(chan struct{}, childWorkers)
	)
	done := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return stopped || firstErr != nil
	}
	walkErr := parents(func(parent Parent) bool {
		if done() {
			return false
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			rows, err := sharedChildren(ctx, kind, parent, rowsOf)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case stopped || firstErr != nil:
			case err != nil:
				firstErr = err
				cancel()
			default:
				if !shareRows(rows, emit) {
					stopped = true
					cancel()
				}
			}
		}()
		return !probe
	})
	wg.Wait()
	switch {
	case firstErr != nil:
		return firstErr
	case stopped:
		return nil // the walk was cut short on purpose, whatever it said then
	}
	return walkErr
}
