package azure

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
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

// children streams a child collection of every parent the parents walk yields:
// for each parent, every page of pager's list, each item converted with its parent.
func children[Parent, Page, Item, Row any](ctx context.Context,
	parents func(func(Parent) bool) error,
	pager func(Parent) *runtime.Pager[Page], items func(Page) []*Item,
	convert func(Parent, *Item) Row, emit func(Row) bool) error {
	var err error
	walkErr := parents(func(parent Parent) bool {
		var stopped bool
		stopped, err = eachPage(ctx, pager(parent), items, func(it *Item) bool { return emit(convert(parent, it)) })
		return err == nil && !stopped
	})
	if walkErr != nil {
		return walkErr
	}
	return err
}
