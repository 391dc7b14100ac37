package aispm

import (
	"context"
	"reflect"
	"strings"
	"sync"

	"github.com/turbot/steampipe-plugin-sdk/v5/plugin/transform"
)

// fromField reads a field path ("Name", "Scope.Cloud", promoted fields
// included) from the row struct. It replaces transform.FromField, whose
// go-kit lookup (helpers.IsFieldArray) compiles a regular expression for
// every cell: half of all allocations in a large query. Field index paths are
// resolved once per (type, path) and cached.
func fromField(path string) *transform.ColumnTransforms {
	return transform.From(func(_ context.Context, d *transform.TransformData) (any, error) {
		return fieldValue(d.HydrateItem, path), nil
	})
}

type fieldKey struct {
	t    reflect.Type
	path string
}

var fieldIndexes sync.Map // fieldKey -> [][]int (nil when the path does not exist)

// fieldValue returns the value at path in item, or nil when a pointer on the
// way is nil or the path does not exist.
func fieldValue(item any, path string) any {
	v := reflect.ValueOf(item)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	key := fieldKey{v.Type(), path}
	idx, ok := fieldIndexes.Load(key)
	if !ok {
		idx = resolve(v.Type(), path)
		fieldIndexes.Store(key, idx)
	}
	steps, _ := idx.([][]int)
	if steps == nil {
		return nil
	}
	for i, step := range steps {
		f, err := v.FieldByIndexErr(step)
		if err != nil {
			return nil // a nil embedded pointer
		}
		if i == len(steps)-1 {
			return f.Interface()
		}
		for f.Kind() == reflect.Pointer {
			if f.IsNil() {
				return nil
			}
			f = f.Elem()
		}
		v = f
	}
	return nil
}

func resolve(t reflect.Type, path string) [][]int {
	var steps [][]int
	for _, name := range strings.Split(path, ".") {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		f, ok := t.FieldByName(name)
		if !ok {
			return nil
		}
		steps = append(steps, f.Index)
		t = f.Type
	}
	return steps
}
