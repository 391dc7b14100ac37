package sim

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/aispm/aispm/internal/estate"
)

// serveGCS answers the Cloud Storage JSON API calls aispm makes: buckets.get
// and buckets.getIamPolicy, from the estate's buckets.
func (s *Server) serveGCS(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/download"), "/storage/v1/b/")
	name, sub, _ := strings.Cut(rest, "/")
	op := "GetBucket"
	switch {
	case sub == "iam":
		op = "GetBucketIamPolicy"
	case sub == "o":
		op = "ListObjects"
	case strings.HasPrefix(sub, "o/"):
		op = "GetObject"
	}
	var bucket estate.Item
	var project *estate.GCPProject
	for _, p := range s.Estate.GCP.Projects {
		for _, b := range p.Buckets {
			if b["name"] == name {
				bucket, project = b, p
			}
		}
	}
	scope, denied, disabled := "", false, false
	if project != nil {
		scope = project.ID
		denied, disabled = estate.Has(project.Deny, "storage"), estate.Has(project.Disable, "storage")
	}
	outcome := s.fault(r.Context(), "gcp", scope, "storage", denied, disabled)
	s.record(Call{Cloud: "gcp", Service: "storage", Operation: r.Method + " " + op, Scope: scope, Outcome: orOK(outcome)})
	fail := func(code int, reason, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		writeJSONBody(w, map[string]any{"error": map[string]any{"code": code, "message": msg,
			"errors": []any{map[string]any{"domain": "global", "reason": reason, "message": msg}}}})
	}
	switch {
	case r.Method != http.MethodGet:
		fail(http.StatusMethodNotAllowed, "methodNotAllowed", "aispm sim serves reads only")
	case outcome == "denied":
		fail(http.StatusForbidden, "forbidden", "aispm-reader does not have storage.buckets.get access to the Google Cloud Storage bucket.")
	case outcome == "disabled":
		fail(http.StatusForbidden, "accessNotConfigured", "Cloud Storage JSON API has not been used in project "+scope+" before or it is disabled.")
	case outcome == "throttled":
		fail(http.StatusTooManyRequests, "rateLimitExceeded", "The rate of change requests to the bucket is too high.")
	case bucket == nil:
		fail(http.StatusNotFound, "notFound", "The specified bucket does not exist.")
	case sub == "iam":
		bindings, _ := bucket["x-iam-bindings"].([]any)
		writeJSON(w, map[string]any{"kind": "storage#policy", "resourceId": "projects/_/buckets/" + name, "bindings": bindings, "etag": "CAE="})
	case op == "ListObjects":
		objects, _ := bucket["x-objects"].(map[string]any)
		prefix := r.URL.Query().Get("prefix")
		items := []any{}
		for _, key := range sortedKeys(objects) {
			if data, err := estate.Object(objects[key]); err == nil && strings.HasPrefix(key, prefix) {
				items = append(items, map[string]any{"kind": "storage#object", "name": key, "bucket": name, "size": fmt.Sprint(len(data))})
			}
		}
		writeJSON(w, map[string]any{"kind": "storage#objects", "items": items})
	case op == "GetObject":
		key, _ := url.PathUnescape(strings.TrimPrefix(sub, "o/"))
		objects, _ := bucket["x-objects"].(map[string]any)
		data, err := estate.Object(objects[key])
		if objects[key] == nil || err != nil {
			fail(http.StatusNotFound, "notFound", "No such object: "+name+"/"+key)
			return
		}
		if r.URL.Query().Get("alt") != "media" {
			writeJSON(w, map[string]any{"kind": "storage#object", "name": key, "bucket": name, "size": fmt.Sprint(len(data))})
			return
		}
		serveRange(w, r, data)
	case sub == "":
		b := estate.Public(bucket)
		b["kind"], b["id"], b["selfLink"] = "storage#bucket", name, "http://"+r.Host+"/storage/v1/b/"+name
		writeJSON(w, b)
	default:
		fail(http.StatusNotFound, "notFound", "aispm sim does not serve "+r.URL.Path)
	}
}

// serveGCPIAM answers iam projects.serviceAccounts.keys.list (key metadata,
// never key material) from the estate's service accounts.
func (s *Server) serveGCPIAM(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/iam/v1/projects/")
	project, rest, _ := strings.Cut(rest, "/serviceAccounts/")
	email, _ := url.PathUnescape(strings.TrimSuffix(rest, "/keys"))
	var account estate.Item
	scope := ""
	for _, p := range s.Estate.GCP.Projects {
		for _, sa := range p.ServiceAccounts {
			if sa["email"] == email && (project == "-" || project == p.ID) {
				account, scope = sa, p.ID
			}
		}
	}
	s.record(Call{Cloud: "gcp", Service: "iam", Operation: r.Method + " ListServiceAccountKeys", Scope: scope, Outcome: "ok"})
	if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/keys") {
		http.Error(w, "aispm sim serves iam key listings only", http.StatusNotFound)
		return
	}
	if account == nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		writeJSONBody(w, map[string]any{"error": map[string]any{"code": 404, "status": "NOT_FOUND", "message": "Unknown service account " + email}})
		return
	}
	keys := []any{}
	raw, _ := account["keys"].([]any)
	for _, k := range raw {
		m, _ := k.(map[string]any)
		key := map[string]any{"name": "projects/" + scope + "/serviceAccounts/" + email + "/keys/" + fmt.Sprint(m["name"]),
			"keyType": "USER_MANAGED", "keyAlgorithm": "KEY_ALG_RSA_2048", "keyOrigin": "GOOGLE_PROVIDED"}
		for _, f := range []string{"disabled", "validAfterTime", "validBeforeTime"} {
			if v, ok := m[f]; ok {
				key[f] = v
			}
		}
		keys = append(keys, key)
	}
	writeJSON(w, map[string]any{"keys": keys})
}
