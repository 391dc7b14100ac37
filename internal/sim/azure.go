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
	p := strings.TrimSuffix(r.URL.Path, "/")
	lower := strings.ToLower(p)
	if lower == "/subscriptions" {
		outcome := s.fault(r.Context(), "azure", "", "subscriptions", false, false)
		s.record(Call{Cloud: "azure", Service: "subscriptions", Operation: r.Method + " subscriptions", Scope: "", Outcome: orOK(outcome)})
		if outcome == "throttled" {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("retry-after-ms", "20")
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
	var sub *estate.AzureSubscription
	for _, cand := range s.Estate.Azure.Subscriptions {
		if strings.EqualFold(cand.ID, subID) {
			sub = cand
		}
	}
	service := strings.ToLower(strings.TrimPrefix(strings.ToLower(namespace), "microsoft."))
	typ := namespace + "/" + resourceTypeOf(rest)
	op := r.Method + " " + typ
	if strings.HasSuffix(lower, "/listkeys") {
		op = r.Method + " " + typ + "/listKeys"
	}
	if sub == nil {
		s.record(Call{Cloud: "azure", Service: service, Operation: op, Scope: subID, Outcome: "denied"})
		armError(w, http.StatusNotFound, "SubscriptionNotFound", "The subscription '"+subID+"' could not be found.")
		return
	}
	outcome := s.fault(r.Context(), "azure", sub.ID, service, estate.Has(sub.Deny, service), estate.Has(sub.Disable, service))
	s.record(Call{Cloud: "azure", Service: service, Operation: op, Scope: sub.ID, Outcome: orOK(outcome)})
	switch outcome {
	case "denied":
		armError(w, http.StatusForbidden, "AuthorizationFailed", fmt.Sprintf("The client 'aispm-reader' does not have authorization to perform action '%s/read' over scope '/subscriptions/%s'.", typ, sub.ID))
		return
	case "disabled":
		armError(w, http.StatusConflict, "MissingSubscriptionRegistration", "The subscription is not registered to use namespace '"+namespace+"'.")
		return
	case "throttled":
		w.Header().Set("Retry-After", "1")
		w.Header().Set("retry-after-ms", "20")
		armError(w, http.StatusTooManyRequests, "TooManyRequests", "The request is being throttled.")
		return
	}
	if r.Method == http.MethodPost && strings.HasSuffix(lower, "/listkeys") {
		// A secret-returning action: served for realism, never called by aispm.
		for _, it := range sub.Resources {
			if strings.EqualFold(it["id"].(string)+"/listkeys", lower) {
				writeJSON(w, it["x-secret-keys"])
				return
			}
		}
	}
	if r.Method != http.MethodGet {
		armError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "aispm sim serves reads only")
		return
	}
	var items []any
	for _, it := range sub.Resources {
		id := strings.ToLower(it["id"].(string))
		switch {
		case id == lower:
			writeJSON(w, estate.Public(it))
			return
		case path.Dir(id) == lower:
			items = append(items, estate.Public(it))
		case rg == "" && namespace != "" && !strings.Contains(rest, "/") && subscriptionLevelMatch(id, sub.ID, namespace+"/"+rest):
			items = append(items, estate.Public(it))
		}
	}
	if items == nil && isResourcePath(rest) {
		armError(w, http.StatusNotFound, "ResourceNotFound", "The Resource '"+typ+"/"+path.Base(p)+"' under resource group '"+rg+"' was not found.")
		return
	}
	if rg != "" && namespace != "" && items == nil && !s.hasResourceGroup(sub, rg) {
		armError(w, http.StatusNotFound, "ResourceGroupNotFound", "Resource group '"+rg+"' could not be found.")
		return
	}
	s.armList(w, r, items)
}

func (s *Server) hasResourceGroup(sub *estate.AzureSubscription, rg string) bool {
	prefix := strings.ToLower("/subscriptions/" + sub.ID + "/resourceGroups/" + rg + "/")
	for _, it := range sub.Resources {
		if strings.HasPrefix(strings.ToLower(it["id"].(string)), prefix) {
			return true
		}
	}
	return false
}

// subscriptionLevelMatch: /subscriptions/s/providers/NS/type lists every
// /subscriptions/s/resourceGroups/*/providers/NS/type/name.
func subscriptionLevelMatch(id, sub, typ string) bool {
	m := armPath.FindStringSubmatch(id)
	if m == nil || !strings.EqualFold(m[1], sub) || m[2] == "" {
		return false
	}
	rest := m[4]
	i := strings.LastIndex(rest, "/")
	return i > 0 && strings.EqualFold(m[3]+"/"+rest[:i], typ) && !strings.Contains(rest[:i], "/")
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
	top, _ := strconv.Atoi(r.URL.Query().Get("$top"))
	start, end, next, err := s.page(len(items), top, 100, r.URL.Query().Get("$skiptoken"))
	if err != nil {
		armError(w, http.StatusBadRequest, "InvalidSkipToken", err.Error())
		return
	}
	out := map[string]any{"value": append([]any{}, items[start:end]...)}
	if next != "" {
		q := r.URL.Query()
		q.Set("$skiptoken", next)
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		out["nextLink"] = u.String()
	}
	writeJSON(w, out)
}

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
