package azure

import (
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// MLIdentity is the managed identity of an Azure ML resource: its type and
// the principal (object) ids role assignments name.
type MLIdentity struct {
	Type string `json:"type,omitempty"`
	// PrincipalID is the system-assigned identity's principal id.
	PrincipalID string `json:"principal_id,omitempty"`
	// UserAssigned maps each user-assigned identity's ARM id (lower case) to its principal id.
	UserAssigned map[string]string `json:"user_assigned,omitempty"`
}

func newMLIdentity(id *armmachinelearning.ManagedServiceIdentity) MLIdentity {
	if id == nil {
		return MLIdentity{}
	}
	r := MLIdentity{Type: string(deref(id.Type)), PrincipalID: deref(id.PrincipalID)}
	for k, u := range id.UserAssignedIdentities {
		if r.UserAssigned == nil {
			r.UserAssigned = map[string]string{}
		}
		if u != nil {
			r.UserAssigned[strings.ToLower(k)] = deref(u.PrincipalID)
		}
	}
	return r
}

// Principal is the principal the resource acts as: the system-assigned
// identity, else the user-assigned one named primary, else the first
// user-assigned one (by id); "" when it has none the API reports.
func (m MLIdentity) Principal(primary string) string {
	if m.PrincipalID != "" {
		return m.PrincipalID
	}
	if p := m.UserAssigned[strings.ToLower(primary)]; p != "" {
		return p
	}
	ids := make([]string, 0, len(m.UserAssigned))
	for k := range m.UserAssigned {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	for _, k := range ids {
		if p := m.UserAssigned[k]; p != "" {
			return p
		}
	}
	return ""
}
