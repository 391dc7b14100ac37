package gcp

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
	"google.golang.org/api/googleapi"
	iam "google.golang.org/api/iam/v1"
)

var iamCached = restClient("iam", "/iam/", iam.CloudPlatformScope, iam.NewService)

type keyRequest struct {
	request
	email, keyID string
}

// ServiceAccountKeyOwner resolves a service-account key file found in data
// (its client_email and private_key_id) to whether the key still works:
// iam projects.serviceAccounts.keys.list (metadata only). active while the
// key is listed, enabled and unexpired; disabled or expired; deleted when the
// key (or the account) is gone.
func ServiceAccountKeyOwner(ctx context.Context, d *plugin.QueryData, s Settings, email, keyID string) *cloud.CredentialOwner {
	o, _ := saKeyOwner(ctx, d, keyRequest{request: request{settings: s}, email: email, keyID: keyID})
	return o
}

var saKeyOwner = cloud.Memo(
	func(r keyRequest) string { return "gcp/sa-key-owner/" + r.email + "/" + r.keyID },
	func(ctx context.Context, d *plugin.QueryData, r keyRequest) (*cloud.CredentialOwner, error) {
		o := &cloud.CredentialOwner{Identity: r.email, IdentityKind: "service_account", IdentityStatus: "unknown"}
		if r.email == "" {
			o.Error = "the key file names no client_email"
			return o, nil
		}
		svc, err := iamCached(ctx, d, r.request)
		if err != nil {
			o.Error = err.Error()
			return o, nil
		}
		out, err := svc.Projects.ServiceAccounts.Keys.List("projects/-/serviceAccounts/" + r.email).KeyTypes("USER_MANAGED").Context(ctx).Do()
		if e, ok := err.(*googleapi.Error); ok && e.Code == http.StatusNotFound {
			o.IdentityStatus = "deleted"
			return o, nil
		}
		if err != nil {
			o.Error = "listing the service account's keys: " + err.Error()
			return o, nil
		}
		o.IdentityStatus = "deleted"
		for _, k := range out.Keys {
			if !strings.HasSuffix(k.Name, "/keys/"+r.keyID) {
				continue
			}
			if t, err := time.Parse(time.RFC3339, k.ValidAfterTime); err == nil {
				o.CreatedAt = &t
			}
			expired := false
			if t, err := time.Parse(time.RFC3339, k.ValidBeforeTime); err == nil && t.Year() < 9999 {
				expired = t.Before(time.Now())
			}
			switch {
			case k.Disabled:
				o.IdentityStatus = "disabled"
			case expired:
				o.IdentityStatus = "expired"
			default:
				o.IdentityStatus = "active"
			}
		}
		return o, nil
	})
