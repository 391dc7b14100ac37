package gcp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
	storage "google.golang.org/api/storage/v1"
)

// errListingFull stops a listing that has kept as many objects as it may.
var errListingFull = errors.New("listing full")

// gcsObject reads one Cloud Storage object with ranged media downloads.
type gcsObject struct {
	ctx          context.Context
	svc          *storage.Service
	bucket, name string
}

func (o *gcsObject) ReadAt(p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	call := o.svc.Objects.Get(o.bucket, o.name).Context(o.ctx)
	call.Header().Set("Range", fmt.Sprintf("bytes=%d-%d", off, off+int64(len(p))-1))
	resp, err := call.Download()
	if err != nil {
		return 0, err
	}
	return cloud.ReadRange(resp.Body, p)
}

// Objects lists the objects a gs:// URI names that sel keeps: the object
// itself or those under it as a folder.
func Objects(ctx context.Context, d *plugin.QueryData, s Settings, uri string, sel cloud.Selection) ([]cloud.Object, error) {
	rest, ok := strings.CutPrefix(uri, "gs://")
	if !ok {
		return nil, fmt.Errorf("not a gs:// URI: %q", uri)
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	svc, err := storageCached(ctx, d, request{settings: s})
	if err != nil {
		return nil, err
	}
	var out []cloud.Object
	err = svc.Objects.List(bucket).Prefix(prefix).Context(ctx).Pages(ctx, func(page *storage.Objects) error {
		for _, obj := range page.Items {
			if sel.Full(len(out)) {
				return errListingFull
			}
			if cloud.UnderPrefix(obj.Name, prefix) && sel.Keep(obj.Name) {
				out = append(out, cloud.Object{URI: "gs://" + bucket + "/" + obj.Name, Size: int64(obj.Size),
					Reader: &gcsObject{ctx: ctx, svc: svc, bucket: bucket, name: obj.Name}})
			}
		}
		return nil
	})
	if errors.Is(err, errListingFull) {
		err = nil
	}
	return out, err
}
