package sim

import (
	"net/http"
	"strings"

	"github.com/aispm/aispm/internal/estate"
)

// builtinRoles are Azure's built-in role definitions a role assignment in an
// estate may name, with the permissions Azure documents for them; an estate
// declares custom roles as Microsoft.Authorization/roleDefinitions resources.
var builtinRoles = map[string]struct {
	name                                          string
	actions, notActions, dataActions, notDataActs []string
}{
	"8e3af657-a8ff-443c-a75c-2fe8c4bcb635": {name: "Owner", actions: []string{"*"}},
	"b24988ac-6180-42a0-ab88-20f7382dd24c": {name: "Contributor", actions: []string{"*"},
		notActions: []string{"Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action",
			"Microsoft.Blueprint/blueprintAssignments/write", "Microsoft.Blueprint/blueprintAssignments/delete", "Microsoft.Compute/galleries/share/action"}},
	"acdd72a7-3385-47ef-bd5e-e3ddc8be5d64": {name: "Reader", actions: []string{"*/read"}},
	"17d1049b-9a84-46fb-8f53-869881c3d3ab": {name: "Storage Account Contributor", actions: []string{"Microsoft.Authorization/*/read", "Microsoft.Insights/diagnosticSettings/*",
		"Microsoft.Resources/deployments/*", "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Storage/storageAccounts/*", "Microsoft.Support/*"}},
	"2a2b9908-6ea1-4ae2-8e65-a410df84e7d1": {name: "Storage Blob Data Reader",
		actions:     []string{"Microsoft.Storage/storageAccounts/blobServices/containers/read", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"},
		dataActions: []string{"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"}},
	"ba92f5b4-2d11-453d-a403-e96b0029c9fe": {name: "Storage Blob Data Contributor",
		actions: []string{"Microsoft.Storage/storageAccounts/blobServices/containers/delete", "Microsoft.Storage/storageAccounts/blobServices/containers/read",
			"Microsoft.Storage/storageAccounts/blobServices/containers/write", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"},
		dataActions: []string{"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
			"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
			"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action"}},
	"b7e6dc6d-f1e8-4753-8033-0f1bdbd66c0c": {name: "Storage Blob Data Owner",
		actions:     []string{"Microsoft.Storage/storageAccounts/blobServices/containers/*", "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"},
		dataActions: []string{"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"}},
	"81a9662b-bebf-436f-a333-f67b29880f12": {name: "Storage Account Key Operator Service Role",
		actions: []string{"Microsoft.Storage/storageAccounts/listkeys/action", "Microsoft.Storage/storageAccounts/regeneratekey/action"}},
}

const (
	roleAssignmentsPath = "/providers/microsoft.authorization/roleassignments"
	roleDefinitionsPath = "/providers/microsoft.authorization/roledefinitions/"
)

// serveRoleAssignments lists the subscription's role assignments that apply
// at a scope, as Azure does: $filter=atScope() gives those at the scope or
// above it; no filter adds those below it; principalId eq '…' narrows to one
// principal. An assignment's scope is its id up to /providers/Microsoft.
// Authorization/roleAssignments (or its properties.scope).
func (s *Server) serveRoleAssignments(w http.ResponseWriter, r *http.Request, sub *estate.AzureSubscription, lower string) {
	scope := strings.TrimSuffix(lower, roleAssignmentsPath)
	filter := r.URL.Query().Get("$filter")
	atScope := strings.Contains(filter, "atScope()")
	principal := ""
	if _, rest, ok := strings.Cut(filter, "principalId eq '"); ok {
		principal, _, _ = strings.Cut(rest, "'")
	}
	within := func(inner, outer string) bool { return inner == outer || strings.HasPrefix(inner, outer+"/") }
	var items []any
	for _, a := range s.arm()[strings.ToLower(sub.ID)].assignments {
		at, it := a.at, a.it
		props, _ := it["properties"].(map[string]any)
		if principal != "" && !strings.EqualFold(stringOf(props["principalId"]), principal) {
			continue
		}
		if within(scope, at) || (!atScope && within(at, scope)) {
			out := estate.Public(it)
			withScope := map[string]any{"scope": it["id"].(string)[:len(at)]}
			for k, v := range props { // a copy: the estate is shared by concurrent requests
				withScope[k] = v
			}
			out["properties"] = withScope
			items = append(items, out)
		}
	}
	s.armList(w, r, items)
}

// serveRoleDefinition answers a role definition by id: the estate's custom
// roles, else Azure's built-in ones.
func (s *Server) serveRoleDefinition(w http.ResponseWriter, sub *estate.AzureSubscription, p, lower string) {
	if it, ok := s.arm()[strings.ToLower(sub.ID)].public[lower]; ok {
		writeJSON(w, it)
		return
	}
	guid := lower[strings.LastIndex(lower, "/")+1:]
	b, ok := builtinRoles[guid]
	if !ok {
		armError(w, http.StatusNotFound, "RoleDefinitionDoesNotExist", "The specified role definition with ID '"+guid+"' does not exist.")
		return
	}
	list := func(v []string) []string {
		if v == nil {
			return []string{}
		}
		return v
	}
	writeJSON(w, map[string]any{
		"id": p, "name": guid, "type": "Microsoft.Authorization/roleDefinitions",
		"properties": map[string]any{
			"roleName": b.name, "type": "BuiltInRole", "assignableScopes": []string{"/"},
			"permissions": []any{map[string]any{"actions": list(b.actions), "notActions": list(b.notActions),
				"dataActions": list(b.dataActions), "notDataActions": list(b.notDataActs)}},
		},
	})
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}
