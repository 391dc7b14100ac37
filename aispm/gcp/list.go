package gcp

import (
	"context"
	"errors"
	"path"
	"strconv"

	"github.com/aispm/aispm/aispm/cloud"
	"google.golang.org/api/iterator"
)

// Filter carries what a query pushes down to a Vertex AI collection.
type Filter struct {
	ResourceName string // Get, in the scope that owns it
	ID           string // Get within the scope
	DisplayName  string // List filter display_name="..."
}

// Expression is the List filter expression for f.
func (f Filter) Expression() string {
	if f.DisplayName == "" {
		return ""
	}
	return "display_name=" + strconv.Quote(f.DisplayName)
}

type iter[P any] interface{ Next() (P, error) }

// collection describes one Vertex AI collection of a location.
type collection[P any] struct {
	name string // "endpoints", "models", ...
	get  func(ctx context.Context, name string) (P, error)
	list func(ctx context.Context, parent, filter string) iter[P]
}

// stream streams a scope's resources of one collection to emit: one Get when
// the filter names a resource (nothing when it lives in another scope),
// otherwise a paged List with the filter expression.
func stream[P, R any](ctx context.Context, sc cloud.Scope, c collection[P], f Filter, convert func(P) R, emit func(R) bool) error {
	parent := "projects/" + sc.Project + "/locations/" + sc.Location
	anywhere := sc.Location == "-" // a project-wide listing across locations
	name := f.ResourceName
	if name == "" && f.ID != "" && !anywhere {
		name = parent + "/" + c.name + "/" + f.ID
	}
	if name != "" {
		owner := path.Dir(path.Dir(name))
		if owner != parent && !(anywhere && path.Dir(path.Dir(owner)) == "projects/"+sc.Project) {
			return nil
		}
		p, err := c.get(ctx, name)
		if cloud.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		emit(convert(p))
		return nil
	}
	it := c.list(ctx, parent, f.Expression())
	for {
		p, err := it.Next()
		if errors.Is(err, iterator.Done) {
			return nil
		}
		if err != nil {
			return err
		}
		if f.ID != "" && anywhere && path.Base(nameOf(p)) != f.ID {
			continue // an id without its location: match it in the listing
		}
		if !emit(convert(p)) {
			return nil
		}
	}
}

// nameOf reads the resource name of any generated message.
func nameOf(p any) string {
	if n, ok := p.(interface{ GetName() string }); ok {
		return n.GetName()
	}
	return ""
}
