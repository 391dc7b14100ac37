package azure

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// hostRewrite sends a data-plane request to azure_data_plane_url, keeping the
// original host in the Host header (a private-endpoint proxy, the simulator).
type hostRewrite struct{ to *url.URL }

func (h hostRewrite) Do(req *policy.Request) (*http.Response, error) {
	raw := req.Raw()
	raw.Host = raw.URL.Host
	raw.URL.Scheme, raw.URL.Host = h.to.Scheme, h.to.Host
	return req.Next()
}

type blobRequest struct {
	request
	account string
}

var blobClients = cloud.Memo(
	func(r blobRequest) string { return "azure/blob/" + r.account },
	func(ctx context.Context, d *plugin.QueryData, r blobRequest) (*azblob.Client, error) {
		cred, err := credentialFor(ctx, d, r.request)
		if err != nil {
			return nil, err
		}
		o := &azblob.ClientOptions{ClientOptions: azcore.ClientOptions{
			Retry:                           r.settings.options().Retry,
			InsecureAllowCredentialWithHTTP: r.settings.Loopback || isLoopback(r.settings.DataPlaneURL),
			PerRetryPolicies:                []policy.Policy{quotaPolicy{service: "blob", retry: r.settings.Retry}}, // per account host, before any rewrite
			Transport:                       httpClient,
		}}
		if u := r.settings.DataPlaneURL; u != "" {
			to, err := url.Parse(u)
			if err != nil {
				return nil, fmt.Errorf("azure_data_plane_url: %w", err)
			}
			o.PerRetryPolicies = append(o.PerRetryPolicies, hostRewrite{to: to})
		}
		return azblob.NewClient("https://"+r.account+".blob.core.windows.net/", cred, o)
	})

// blobObject reads one blob with ranged downloads.
type blobObject struct {
	ctx             context.Context
	c               *azblob.Client
	container, name string
}

func (o *blobObject) ReadAt(p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	resp, err := o.c.DownloadStream(o.ctx, o.container, o.name, &azblob.DownloadStreamOptions{Range: azblob.HTTPRange{Offset: off, Count: int64(len(p))}})
	if err != nil {
		return 0, err
	}
	return cloud.ReadRange(resp.Body, p)
}

// Objects lists the blobs an https://<account>.blob... URI names that sel
// keeps: the blob itself or those under it as a folder.
func Objects(ctx context.Context, d *plugin.QueryData, s Settings, uri string, sel cloud.Selection) ([]cloud.Object, error) {
	loc, ok := ParseBlobURI(uri)
	if !ok || loc.Container == "" {
		return nil, fmt.Errorf("not a blob container URI: %q", uri)
	}
	u, _ := url.Parse(uri)
	prefix := strings.TrimPrefix(strings.TrimPrefix(u.Path, "/"), loc.Container)
	prefix = strings.TrimPrefix(prefix, "/")
	c, err := blobClients(ctx, d, blobRequest{request: request{settings: s}, account: loc.Account})
	if err != nil {
		return nil, err
	}
	var out []cloud.Object
	_, err = eachPage(ctx, c.NewListBlobsFlatPager(loc.Container, &azblob.ListBlobsFlatOptions{Prefix: &prefix}),
		func(p azblob.ListBlobsFlatResponse) []*blobItem {
			if p.Segment == nil {
				return nil
			}
			return p.Segment.BlobItems
		},
		func(b *blobItem) bool {
			name := deref(b.Name)
			if cloud.UnderPrefix(name, prefix) && sel.Keep(name) {
				var size int64
				if b.Properties != nil {
					size = deref(b.Properties.ContentLength)
				}
				out = append(out, cloud.Object{URI: "https://" + loc.Account + ".blob.core.windows.net/" + loc.Container + "/" + name, Size: size,
					Reader: &blobObject{ctx: ctx, c: c, container: loc.Container, name: name}})
			}
			return !sel.Full(len(out))
		})
	return out, err
}

type blobItem = container.BlobItem
