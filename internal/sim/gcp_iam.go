package sim

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/aispm/aispm/internal/estate"
)

// storageRolePermissions are the object permissions of Cloud Storage's
// predefined roles, as Google documents them; Policy Analyzer answers from
// these (basic and other roles grant no object permission here).
var storageRolePermissions = map[string][]string{
	"roles/storage.objectViewer":       {"storage.objects.get", "storage.objects.list"},
	"roles/storage.objectCreator":      {"storage.objects.create"},
	"roles/storage.objectUser":         {"storage.objects.create", "storage.objects.delete", "storage.objects.get", "storage.objects.list", "storage.objects.update"},
	"roles/storage.objectAdmin":        {"storage.objects.create", "storage.objects.delete", "storage.objects.get", "storage.objects.list", "storage.objects.update"},
	"roles/storage.admin":              {"storage.objects.create", "storage.objects.delete", "storage.objects.get", "storage.objects.list", "storage.objects.update"},
	"roles/storage.legacyObjectReader": {"storage.objects.get"},
	"roles/storage.legacyObjectOwner":  {"storage.objects.get", "storage.objects.update"},
	"roles/storage.legacyBucketReader": {"storage.objects.list"},
	"roles/storage.legacyBucketWriter": {"storage.objects.create", "storage.objects.delete", "storage.objects.list"},
	"roles/storage.legacyBucketOwner":  {"storage.objects.create", "storage.objects.delete", "storage.objects.list"},
}

// serveGCPPolicies answers Resource Manager projects.getIamPolicy (the
// estate project's iam_policy bindings) and Cloud Asset analyzeIamPolicy
// for one bucket: the bucket's and its project's bindings whose roles hold
// the asked permissions. A project that disables or denies the service
// answers as Google does.
func (s *Server) serveGCPPolicies(w http.ResponseWriter, r *http.Request) {
	service, rest := "cloudresourcemanager", strings.TrimPrefix(r.URL.Path, "/cloudresourcemanager/v1/projects/")
	op := "POST GetProjectIamPolicy"
	if strings.HasPrefix(r.URL.Path, "/cloudasset/") {
		service, rest, op = "cloudasset", strings.TrimPrefix(r.URL.Path, "/cloudasset/v1/projects/"), "GET AnalyzeIamPolicy"
	}
	id, verb, _ := strings.Cut(rest, ":")
	var project *estate.GCPProject
	for _, p := range s.Estate.GCP.Projects {
		if p.ID == id {
			project = p
		}
	}
	denied, disabled := project == nil, false
	if project != nil {
		denied, disabled = estate.Has(project.Deny, service), estate.Has(project.Disable, service)
	}
	outcome := s.fault(r.Context(), "gcp", id, service, denied, disabled)
	s.record(Call{Cloud: "gcp", Service: service, Operation: op, Scope: id, Outcome: orOK(outcome)})
	fail := func(code int, status, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		writeJSONBody(w, map[string]any{"error": map[string]any{"code": code, "status": status, "message": msg}})
	}
	switch {
	case outcome == "denied":
		fail(http.StatusForbidden, "PERMISSION_DENIED", fmt.Sprintf("The caller does not have permission on projects/%s (%s).", id, service))
		return
	case outcome == "disabled":
		fail(http.StatusForbidden, "PERMISSION_DENIED", service+".googleapis.com has not been used in project "+id+" before or it is disabled.")
		return
	case outcome == "throttled":
		fail(http.StatusTooManyRequests, "RESOURCE_EXHAUSTED", "Quota exceeded.")
		return
	}
	if service == "cloudresourcemanager" {
		if verb != "getIamPolicy" || r.Method != http.MethodPost {
			fail(http.StatusNotFound, "NOT_FOUND", "aispm sim serves projects.getIamPolicy only")
			return
		}
		writeJSON(w, map[string]any{"version": 1, "etag": "BwX=", "bindings": orNone(project.IAMPolicy)})
		return
	}
	if verb != "analyzeIamPolicy" || r.Method != http.MethodGet {
		fail(http.StatusNotFound, "NOT_FOUND", "aispm sim serves analyzeIamPolicy only")
		return
	}
	q := r.URL.Query()
	resource := q.Get("analysisQuery.resourceSelector.fullResourceName")
	asked := q["analysisQuery.accessSelector.permissions"]
	bucketName, ok := strings.CutPrefix(resource, "//storage.googleapis.com/projects/_/buckets/")
	if !ok || len(asked) == 0 {
		fail(http.StatusBadRequest, "INVALID_ARGUMENT", "aispm sim analyzes one bucket's object permissions")
		return
	}
	results := []any{}
	add := func(attached string, bindings []any) {
		for _, b := range bindings {
			m, _ := b.(map[string]any)
			role := fmt.Sprint(m["role"])
			var accesses []any
			for _, p := range asked {
				if slices.Contains(storageRolePermissions[role], p) {
					accesses = append(accesses, map[string]any{"permission": p})
				}
			}
			if accesses == nil {
				continue
			}
			members, _ := m["members"].([]any)
			var identities []any
			for _, mem := range members {
				identities = append(identities, map[string]any{"name": fmt.Sprint(mem)})
			}
			binding := map[string]any{"role": role, "members": members}
			if c, ok := m["condition"]; ok {
				binding["condition"] = c
			}
			results = append(results, map[string]any{
				"attachedResourceFullName": attached,
				"iamBinding":               binding,
				"accessControlLists":       []any{map[string]any{"resources": []any{map[string]any{"fullResourceName": resource}}, "accesses": accesses}},
				"identityList":             map[string]any{"identities": identities},
				"fullyExplored":            true,
			})
		}
	}
	for _, b := range project.Buckets {
		if b["name"] == bucketName {
			bindings, _ := b["x-iam-bindings"].([]any)
			add(resource, bindings)
			add("//cloudresourcemanager.googleapis.com/projects/"+id, project.IAMPolicy)
		}
	}
	writeJSON(w, map[string]any{"mainAnalysis": map[string]any{"analysisResults": results, "fullyExplored": true}, "fullyExplored": true})
}

func orNone(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}
