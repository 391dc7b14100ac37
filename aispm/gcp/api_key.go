package gcp

import (
	"context"
	"time"

	"cloud.google.com/go/apikeys/apiv2/apikeyspb"
	"github.com/aispm/aispm/aispm/cloud"
)

// aiServices are the Google APIs that serve AI models.
var aiServices = map[string]bool{
	"aiplatform.googleapis.com":         true,
	"generativelanguage.googleapis.com": true,
}

// APIKey is an API key's metadata. The key string is never requested.
type APIKey struct {
	cloud.Meta
	ResourceName        string      `json:"resource_name"`
	UID                 string      `json:"uid"`
	DisplayName         string      `json:"display_name,omitempty"`
	APITargets          []APITarget `json:"api_targets"`
	ClientRestriction   string      `json:"client_restriction"`
	AllowedReferrers    []string    `json:"allowed_referrers"`
	AllowedIPs          []string    `json:"allowed_ips"`
	AllowedAndroidApps  []string    `json:"allowed_android_apps"`
	AllowedIosBundleIDs []string    `json:"allowed_ios_bundle_ids"`
	CanCallAI           bool        `json:"can_call_ai"`
	CreateTime          *time.Time  `json:"create_time,omitempty"`
	UpdateTime          *time.Time  `json:"update_time,omitempty"`
}

// APITarget is one API (and optionally methods) a key is restricted to.
type APITarget struct {
	Service string   `json:"service"`
	Methods []string `json:"methods"`
}

// ListAPIKeys streams a project's API keys (metadata only; never GetKeyString).
func ListAPIKeys(ctx context.Context, c *ProjectClients, sc cloud.Scope, f Filter, emit func(*APIKey) bool) error {
	global := cloud.Scope{Cloud: cloud.GCP, Project: sc.Project, Location: "global"}
	f.DisplayName = "" // ListKeys takes no filter
	return stream(ctx, global, collection[*apikeyspb.Key]{
		name: "keys",
		get: func(ctx context.Context, name string) (*apikeyspb.Key, error) {
			return c.APIKeys.GetKey(ctx, &apikeyspb.GetKeyRequest{Name: name})
		},
		list: func(ctx context.Context, parent, _ string) iter[*apikeyspb.Key] {
			return c.APIKeys.ListKeys(ctx, &apikeyspb.ListKeysRequest{Parent: parent})
		},
	}, f, newAPIKey, emit)
}

func newAPIKey(k *apikeyspb.Key) *APIKey {
	m := meta(k.GetName(), k.GetDisplayName(), k.GetAnnotations())
	m.Location = "global"
	r := &APIKey{
		Meta:                m,
		ResourceName:        k.GetName(),
		UID:                 k.GetUid(),
		DisplayName:         k.GetDisplayName(),
		APITargets:          []APITarget{},
		ClientRestriction:   "none",
		AllowedReferrers:    []string{},
		AllowedIPs:          []string{},
		AllowedAndroidApps:  []string{},
		AllowedIosBundleIDs: []string{},
		CreateTime:          timeOf(k.GetCreateTime()),
		UpdateTime:          timeOf(k.GetUpdateTime()),
	}
	rs := k.GetRestrictions()
	for _, t := range rs.GetApiTargets() {
		r.APITargets = append(r.APITargets, APITarget{Service: t.GetService(), Methods: append([]string{}, t.GetMethods()...)})
		if aiServices[t.GetService()] {
			r.CanCallAI = true
		}
	}
	// A key without API targets can call every API enabled in the project.
	if len(r.APITargets) == 0 {
		r.CanCallAI = true
	}
	switch {
	case rs.GetBrowserKeyRestrictions() != nil:
		r.ClientRestriction = "browser"
		r.AllowedReferrers = append(r.AllowedReferrers, rs.GetBrowserKeyRestrictions().GetAllowedReferrers()...)
	case rs.GetServerKeyRestrictions() != nil:
		r.ClientRestriction = "server"
		r.AllowedIPs = append(r.AllowedIPs, rs.GetServerKeyRestrictions().GetAllowedIps()...)
	case rs.GetAndroidKeyRestrictions() != nil:
		r.ClientRestriction = "android"
		for _, a := range rs.GetAndroidKeyRestrictions().GetAllowedApplications() {
			r.AllowedAndroidApps = append(r.AllowedAndroidApps, a.GetPackageName())
		}
	case rs.GetIosKeyRestrictions() != nil:
		r.ClientRestriction = "ios"
		r.AllowedIosBundleIDs = append(r.AllowedIosBundleIDs, rs.GetIosKeyRestrictions().GetAllowedBundleIds()...)
	}
	return r
}

// Unified maps the key to the provider-neutral shape.
func (k *APIKey) Unified() *cloud.Key {
	r := cloud.KeyRestrictions{API: cloud.Ptr(len(k.APITargets) > 0), APIs: []string{},
		Network: cloud.Ptr(k.ClientRestriction == "server"), Client: cloud.Ptr(k.ClientRestriction == "browser" || k.ClientRestriction == "android" || k.ClientRestriction == "ios")}
	for _, t := range k.APITargets {
		r.APIs = append(r.APIs, t.Service)
	}
	target := "every API enabled in " + k.Project
	if len(k.APITargets) > 0 {
		target = ""
		for i, t := range k.APITargets {
			if i > 0 {
				target += ", "
			}
			target += t.Service
		}
	}
	return &cloud.Key{
		Meta:       k.Meta,
		Scope:      k.Project,
		ID:         k.ResourceName,
		Kind:       "gcp_api_key",
		Service:    APIKeysService,
		Target:     target,
		Enabled:    cloud.Ptr(true), // deleted keys are not listed
		Restricted: r.Decide(), Restrictions: r,
		CanCallAI: cloud.Ptr(k.CanCallAI),
		CreatedAt: k.CreateTime,
		Detail:    k,
	}
}

// modelAPIs are the Google model APIs that take API keys: Vertex AI's
// publisher models (express mode) and the Gemini API.
var modelAPIs = []struct{ kind, host, title string }{
	{"vertex_publisher_models", "aiplatform.googleapis.com", "Vertex AI publisher models"},
	{"gemini_api", "generativelanguage.googleapis.com", "Gemini API"},
}

// ListModelAPIEndpoints emits, for a project, the Google model APIs its
// callers reach over the internet: each accepts the project's API keys that
// are not restricted to other APIs (a key restricted to nothing calls every
// enabled API), besides OAuth (IAM).
func ListModelAPIEndpoints(ctx context.Context, c *ProjectClients, sc cloud.Scope, emit func(*cloud.Endpoint) bool) error {
	var keys []*APIKey
	if err := ListAPIKeys(ctx, c, sc, Filter{}, func(k *APIKey) bool { keys = append(keys, k); return true }); err != nil {
		return err
	}
	for _, api := range modelAPIs {
		id := "gcp://" + api.host + "/projects/" + sc.Project
		e := &cloud.Endpoint{Meta: cloud.Meta{Name: api.host, Title: api.title + " (" + sc.Project + ")", Akas: []string{id}, Tags: map[string]string{}, Location: "global"},
			Scope: sc.Project, ID: id, Kind: api.kind, Service: api.host, URL: "https://" + api.host, Host: api.host,
			PublicNetworkAccess: cloud.Ptr(true), Models: []string{}, Keys: []string{}}
		for _, k := range keys {
			if k.calls(api.host) {
				e.Keys = append(e.Keys, k.ResourceName)
			}
		}
		mode := "iam"
		if len(e.Keys) > 0 {
			mode = "key_and_iam"
		}
		if !emit(e.Authed(mode)) {
			return nil
		}
	}
	return nil
}

// calls reports whether the key may call a Google API.
func (k *APIKey) calls(service string) bool {
	if len(k.APITargets) == 0 {
		return true
	}
	for _, t := range k.APITargets {
		if t.Service == service {
			return true
		}
	}
	return false
}
