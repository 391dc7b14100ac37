package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/aispm/aispm/internal/estate"
)

var apiVersion = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(-preview)?$`)

var blobContainer = regexp.MustCompile(`/storageaccounts/([^/]+)/blobservices/default/containers/([^/]+)$`)

var armPath = regexp.MustCompile(`(?i)^/subscriptions/([^/]+)(?:/resourcegroups/([^/]+))?(?:/providers/([^/]+)/(.+))?$`)

// serveARM answers Azure Resource Manager requests from the estate's resources,
// matched by id: GET on an id returns the resource, GET on a collection path
// lists the resources directly under it (or, at subscription level, every
// resource of that type), paged with nextLink.
func (s *Server) serveARM(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("api-version") == "" {
		armError(w, http.StatusBadRequest, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
		return
	}
	if v := r.URL.Query().Get("api-version"); !apiVersion.MatchString(v) {
		armError(w, http.StatusBadRequest, "InvalidApiVersionParameter", "The api-version '"+v+"' is invalid. The supported versions are dated, for example '2024-10-01' or '2025-04-01-preview'.")
		return
	}
	p := strings.TrimSuffix(r.URL.Path, "/")
	lower := strings.ToLower(p)
	if lower == "/subscriptions" {
		outcome := s.fault(r.Context(), "azure", "", "subscriptions", false, false)
		s.record(Call{Cloud: "azure", Service: "subscriptions", Operation: r.Method + " subscriptions", Scope: "", Outcome: orOK(outcome)})
		if outcome == "throttled" {
			retryAfter(w)
			armError(w, http.StatusTooManyRequests, "TooManyRequests", "The request is being throttled.")
			return
		}
		subs := []any{}
		for _, sub := range s.Estate.Azure.Subscriptions {
			subs = append(subs, map[string]any{
				"id": "/subscriptions/" + sub.ID, "subscriptionId": sub.ID, "displayName": sub.DisplayName,
				"state": "Enabled", "tenantId": s.Estate.Azure.TenantID,
			})
		}
		s.armList(w, r, subs)
		return
	}
	m := armPath.FindStringSubmatch(p)
	if m == nil {
		armError(w, http.StatusNotFound, "InvalidResourceType", "aispm sim does not serve "+p)
		return
	}
	subID, rg, namespace, rest := m[1], m[2], m[3], m[4]
	idx := s.arm()[strings.ToLower(subID)]
	var sub *estate.AzureSubscription
	if idx != nil {
		sub = idx.sub
	}
	// An extension resource (…/accounts/x/providers/Microsoft.Insights/
	// diagnosticSettings) belongs to the provider that extends the resource.
	typeNS, typeRest := namespace, rest
	if i := strings.LastIndex(strings.ToLower(rest), "/providers/"); i >= 0 {
		if ns, r, ok := strings.Cut(rest[i+len("/providers/"):], "/"); ok {
			typeNS, typeRest = ns, r
		}
	}
	service := strings.ToLower(strings.TrimPrefix(strings.ToLower(typeNS), "microsoft."))
	typ := typeNS + "/" + resourceTypeOf(typeRest)
	op := r.Method + " " + typ
	if strings.HasSuffix(lower, "/listkeys") {
		op = r.Method + " " + typ + "/listKeys"
	}
	activity := rg == "" && strings.HasSuffix(lower, "/providers/microsoft.insights/eventtypes/management/values")
	if activity {
		op = r.Method + " Microsoft.Insights/eventtypes/management/values"
	}
	if sub == nil {
		s.record(Call{Cloud: "azure", Service: service, Operation: op, Scope: subID, Outcome: "denied"})
		armError(w, http.StatusNotFound, "SubscriptionNotFound", "The subscription '"+subID+"' could not be found.")
		return
	}
	outcome := s.fault(r.Context(), "azure", sub.ID, service, estate.Has(sub.Deny, service), estate.Has(sub.Disable, service))
	var filters []string
	if f := r.URL.Query().Get("$filter"); f != "" {
		filters = []string{"$filter=" + f}
	}
	s.record(Call{Cloud: "azure", Service: service, Operation: op, Scope: sub.ID, Outcome: orOK(outcome), Filters: filters})
	switch outcome {
	case "denied":
		armError(w, http.StatusForbidden, "AuthorizationFailed", fmt.Sprintf("The client 'aispm-reader' does not have authorization to perform action '%s/read' over scope '/subscriptions/%s'.", typ, sub.ID))
		return
	case "disabled":
		armError(w, http.StatusConflict, "MissingSubscriptionRegistration", "The subscription is not registered to use namespace '"+namespace+"'.")
		return
	case "throttled":
		retryAfter(w)
		armError(w, http.StatusTooManyRequests, "TooManyRequests", "The request is being throttled.")
		return
	}
	if activity && r.Method == http.MethodGet {
		s.serveActivityLog(w, r, sub)
		return
	}
	if r.Method == http.MethodPost && strings.HasSuffix(lower, "/listkeys") {
		// A secret-returning action: served for realism, never called by aispm.
		if it, ok := idx.byID[strings.TrimSuffix(lower, "/listkeys")]; ok {
			writeJSON(w, it["x-secret-keys"])
			return
		}
	}
	if r.Method != http.MethodGet {
		armError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "aispm sim serves reads only")
		return
	}
	if strings.HasSuffix(lower, roleAssignmentsPath) {
		s.serveRoleAssignments(w, r, sub, lower)
		return
	}
	if strings.Contains(lower, roleDefinitionsPath) {
		s.serveRoleDefinition(w, sub, p, lower)
		return
	}
	if it, ok := idx.public[lower]; ok {
		writeJSON(w, it)
		return
	}
	items := idx.children[lower]
	if rg == "" && namespace != "" && !strings.Contains(rest, "/") {
		items = append(items[:len(items):len(items)], idx.byType[strings.ToLower(namespace+"/"+rest)]...)
	}
	if items == nil && isResourcePath(rest) {
		armError(w, http.StatusNotFound, "ResourceNotFound", "The Resource '"+typ+"/"+path.Base(p)+"' under resource group '"+rg+"' was not found.")
		return
	}
	if rg != "" && namespace != "" && items == nil && !idx.groups[strings.ToLower(rg)] {
		armError(w, http.StatusNotFound, "ResourceGroupNotFound", "Resource group '"+rg+"' could not be found.")
		return
	}
	s.armList(w, r, items)
}

// armIndex holds one subscription's resources, looked up by what a call
// asks for instead of scanning every resource on every call: by lower-case
// id, under their parent's id, and (top-level resources) by
// "namespace/type", which /subscriptions/s/providers/NS/type lists across
// resource groups. Items are stored fit to serve (no x- annotations).
type armIndex struct {
	sub      *estate.AzureSubscription
	byID     map[string]estate.Item
	public   map[string]estate.Item
	children map[string][]any
	byType   map[string][]any
	groups   map[string]bool
	// assignments are the role assignments (…/providers/Microsoft.
	// Authorization/roleAssignments/x), with the scope they are made at.
	assignments []assignment
}

type assignment struct {
	at string // lower-case scope
	it estate.Item
}

// owned is a resource and its subscription.
type owned struct {
	sub  *estate.AzureSubscription
	item estate.Item
}

// armGlobal indexes what other hosts look up across subscriptions: blob
// containers by "account/container" and Foundry projects by endpoint
// ("host/api/projects/name"), lower case.
type armGlobal struct {
	containers map[string]*owned
	projects   map[string]*owned
}

// arm indexes the estate's subscriptions on first use; the estate does not
// change while it is served.
func (s *Server) arm() map[string]*armIndex {
	s.armOnce.Do(func() {
		s.armIdx = map[string]*armIndex{}
		s.armGlobal = armGlobal{containers: map[string]*owned{}, projects: map[string]*owned{}}
		for _, sub := range s.Estate.Azure.Subscriptions {
			idx := &armIndex{sub: sub, byID: map[string]estate.Item{}, public: map[string]estate.Item{},
				children: map[string][]any{}, byType: map[string][]any{}, groups: map[string]bool{}}
			for _, it := range sub.Resources {
				id := strings.ToLower(it["id"].(string))
				pub := estate.Public(it)
				idx.byID[id], idx.public[id] = it, pub
				idx.children[path.Dir(id)] = append(idx.children[path.Dir(id)], pub)
				if at, _, ok := strings.Cut(id, roleAssignmentsPath+"/"); ok {
					idx.assignments = append(idx.assignments, assignment{at: at, it: it})
				}
				if m := blobContainer.FindStringSubmatch(id); m != nil {
					s.armGlobal.containers[m[1]+"/"+m[2]] = &owned{sub, it}
				}
				props, _ := it["properties"].(map[string]any)
				endpoints, _ := props["endpoints"].(map[string]any)
				for _, e := range endpoints {
					if u, err := url.Parse(fmt.Sprint(e)); err == nil {
						s.armGlobal.projects[strings.ToLower(u.Host)+strings.TrimSuffix(u.Path, "/")] = &owned{sub, it}
					}
				}
				m := armPath.FindStringSubmatch(id)
				if m == nil || m[2] == "" {
					continue
				}
				idx.groups[m[2]] = true
				if i := strings.LastIndex(m[4], "/"); i > 0 && !strings.Contains(m[4][:i], "/") {
					idx.byType[m[3]+"/"+m[4][:i]] = append(idx.byType[m[3]+"/"+m[4][:i]], pub)
				}
			}
			s.armIdx[strings.ToLower(sub.ID)] = idx
		}
	})
	return s.armIdx
}

// resourceTypeOf turns "accounts/x/deployments/y" into "accounts/deployments".
func resourceTypeOf(rest string) string {
	parts := strings.Split(rest, "/")
	var types []string
	for i := 0; i < len(parts); i += 2 {
		types = append(types, parts[i])
	}
	return strings.Join(types, "/")
}

// isResourcePath reports whether rest names one resource (type/name pairs).
func isResourcePath(rest string) bool {
	return rest != "" && len(strings.Split(rest, "/"))%2 == 0
}

func (s *Server) armList(w http.ResponseWriter, r *http.Request, items []any) {
	s.armPage(w, r, len(items), func(i int) any { return items[i] })
}

// armPage serves one page of n items, rendering only the page's items.
func (s *Server) armPage(w http.ResponseWriter, r *http.Request, n int, item func(int) any) {
	top, _ := strconv.Atoi(r.URL.Query().Get("$top"))
	start, end, next, err := s.page(n, top, 100, r.URL.Query().Get("$skiptoken"))
	if err != nil {
		armError(w, http.StatusBadRequest, "InvalidSkipToken", err.Error())
		return
	}
	page := make([]any, 0, end-start)
	for i := start; i < end; i++ {
		page = append(page, item(i))
	}
	out := map[string]any{"value": page}
	if next != "" {
		q := r.URL.Query()
		q.Set("$skiptoken", next)
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		out["nextLink"] = u.String()
	}
	writeJSON(w, out)
}

// retryAfter sets the headers azcore honours on a 429 (retry-after-ms first).
func retryAfter(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	w.Header().Set("retry-after-ms", "20")
}

// armError writes an ARM (and Foundry data-plane) error body.
func armError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-ms-error-code", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	writeJSONBody(w, v)
}

func writeJSONBody(w http.ResponseWriter, v any) { _ = json.NewEncoder(w).Encode(v) }

var foundryAgentsPath = regexp.MustCompile(`^/api/projects/([^/]+)/assistants$`)

// serveFoundry answers a Foundry project's data-plane agent listing. The
// project is found by the Host header (the project endpoint's host, which
// aispm keeps when azure_data_plane_url sends the call here) and the path;
// its agents are the project resource's x-agents.
func (s *Server) serveFoundry(w http.ResponseWriter, r *http.Request) {
	m := foundryAgentsPath.FindStringSubmatch(r.URL.Path)
	if m == nil || r.Method != http.MethodGet {
		armError(w, http.StatusNotFound, "NotFound", "aispm sim serves only GET /api/projects/{project}/assistants")
		return
	}
	if r.URL.Query().Get("api-version") == "" {
		armError(w, http.StatusBadRequest, "BadRequest", "The api-version query parameter is required.")
		return
	}
	sub, project := s.foundryProject(r.Host, m[1])
	if project == nil {
		armError(w, http.StatusNotFound, "NotFound", "no Foundry project "+m[1]+" at "+r.Host)
		return
	}
	const service = "cognitiveservices"
	outcome := s.fault(r.Context(), "azure", sub.ID, service, estate.Has(sub.Deny, service), estate.Has(sub.Disable, service))
	s.record(Call{Cloud: "azure", Service: service, Operation: "GET projects/assistants", Scope: sub.ID, Outcome: orOK(outcome)})
	switch outcome {
	case "denied", "disabled":
		armError(w, http.StatusForbidden, "PermissionDenied", "The principal lacks the Azure AI User role on project "+m[1]+".")
		return
	case "throttled":
		retryAfter(w)
		armError(w, http.StatusTooManyRequests, "TooManyRequests", "Rate limit exceeded.")
		return
	}
	agents, _ := project["x-agents"].([]any)
	start := 0
	if after := r.URL.Query().Get("after"); after != "" {
		start = -1
		for i, a := range agents {
			if it, ok := a.(map[string]any); ok && it["id"] == after {
				start = i + 1
			}
		}
		if start < 0 {
			armError(w, http.StatusBadRequest, "BadRequest", "unknown cursor "+after)
			return
		}
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	if s.opts.PageSize > 0 && limit > s.opts.PageSize {
		limit = s.opts.PageSize
	}
	end := min(start+limit, len(agents))
	data := []any{}
	for _, a := range agents[start:end] {
		if it, ok := a.(map[string]any); ok {
			data = append(data, estate.Public(it))
		}
	}
	out := map[string]any{"object": "list", "data": data, "has_more": end < len(agents)}
	if end > start {
		out["first_id"] = agents[start].(map[string]any)["id"]
		out["last_id"] = agents[end-1].(map[string]any)["id"]
	}
	writeJSON(w, out)
}

// foundryProject finds the project whose "AI Foundry API" endpoint has this
// host and project name.
func (s *Server) foundryProject(host, name string) (*estate.AzureSubscription, estate.Item) {
	s.arm()
	p := s.armGlobal.projects[strings.ToLower(host)+"/api/projects/"+name]
	if p == nil {
		return nil, nil
	}
	return p.sub, p.item
}

// serveBlob answers Azure Blob reads (list blobs, ranged download) for the
// account named by the Host header; a container's blobs are its x-blobs.
func (s *Server) serveBlob(w http.ResponseWriter, r *http.Request) {
	account := strings.TrimSuffix(strings.Split(r.Host, ":")[0], ".blob.core.windows.net")
	containerName, blob, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	op := "GET blob"
	if r.URL.Query().Get("comp") == "list" {
		op = "GET blob list"
	}
	s.arm()
	var sub *estate.AzureSubscription
	var c estate.Item
	if found := s.armGlobal.containers[strings.ToLower(account+"/"+containerName)]; found != nil {
		sub, c = found.sub, found.item
	}
	if sub == nil {
		s.record(Call{Cloud: "azure", Service: "storage", Operation: op, Scope: account, Outcome: "denied"})
		blobError(w, http.StatusNotFound, "ContainerNotFound", "The specified container does not exist.")
		return
	}
	outcome := s.fault(r.Context(), "azure", sub.ID, "storage", estate.Has(sub.Deny, "storage"), estate.Has(sub.Disable, "storage"))
	s.record(Call{Cloud: "azure", Service: "storage", Operation: r.Method + strings.TrimPrefix(op, "GET"), Scope: sub.ID, Outcome: orOK(outcome)})
	switch {
	case r.Method != http.MethodGet:
		blobError(w, http.StatusMethodNotAllowed, "UnsupportedHttpVerb", "aispm sim serves reads only")
		return
	case outcome == "denied" || outcome == "disabled":
		blobError(w, http.StatusForbidden, "AuthorizationPermissionMismatch", "This request is not authorized to perform this operation using this permission.")
		return
	case outcome == "throttled":
		retryAfter(w)
		blobError(w, http.StatusServiceUnavailable, "ServerBusy", "The server is busy.")
		return
	}
	blobs, _ := c["x-blobs"].(map[string]any)
	if op == "GET blob list" {
		prefix := r.URL.Query().Get("prefix")
		var b strings.Builder
		for _, name := range sortedKeys(blobs) {
			if data, err := estate.Object(blobs[name]); err == nil && strings.HasPrefix(name, prefix) {
				fmt.Fprintf(&b, `<Blob><Name>%s</Name><Properties><Content-Length>%d</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>`, xmlEscape(name), len(data))
			}
		}
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://%s.blob.core.windows.net/" ContainerName="%s"><Prefix>%s</Prefix><Blobs>%s</Blobs><NextMarker /></EnumerationResults>`,
			account, containerName, xmlEscape(prefix), b.String())
		return
	}
	data, err := estate.Object(blobs[blob])
	if blobs[blob] == nil || err != nil {
		blobError(w, http.StatusNotFound, "BlobNotFound", "The specified blob does not exist.")
		return
	}
	w.Header().Set("x-ms-blob-type", "BlockBlob")
	serveRange(w, r, data)
}

func blobError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("x-ms-error-code", code)
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, code, xmlEscape(msg))
}
