package azure

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// The operations that read and write blobs: data actions of Azure RBAC, and
// the control-plane action that lists the account keys (which open every
// blob while the account allows Shared Key authorization).
const (
	blobRead     = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"
	blobWrite    = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write"
	blobAdd      = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action"
	listKeys     = "Microsoft.Storage/storageAccounts/listkeys/action"
	atOrAboveIt  = "atScope()"
	containerSeg = "/blobServices/default/containers/"
)

// BlobAccess is what one role assignment lets a principal do with the blobs
// of a container, as the role's definition says.
type BlobAccess struct {
	PrincipalID   string
	PrincipalType string // User, Group, ServicePrincipal, ForeignGroup, Device
	Role          string // the role's name
	Scope         string // where the role is assigned: the container or above it
	Read, Write   bool
	ByKeys        bool // through the account keys the role may list
	Conditional   bool // the assignment has an ABAC condition, which can narrow it
}

// ContainerRoles are the role assignments that reach a container. Err
// carries what could not be read; Access holds what could.
type ContainerRoles struct {
	Access []BlobAccess
	Err    error
}

type scopeRequest struct {
	request
	scope     string
	sharedKey bool
}

// ContainerAccess lists the role assignments at or above the container a
// data location lies in (Microsoft.Authorization/roleAssignments with
// atScope(): the container, its account, resource group and subscription),
// reads each assignment's role definition once, and keeps the principals
// the roles let read or write its blobs. e is the location's exposure,
// which names the account.
func ContainerAccess(ctx context.Context, d *plugin.QueryData, s Settings, e *StorageExposure) ContainerRoles {
	if e == nil || e.AccountID == "" {
		return ContainerRoles{Err: errors.New("the storage account is unknown")}
	}
	rid, err := arm.ParseResourceID(e.AccountID)
	if err != nil {
		return ContainerRoles{Err: fmt.Errorf("storage account id %q: %w", e.AccountID, err)}
	}
	scope := e.AccountID
	if e.Container != "" {
		scope += containerSeg + e.Container
	}
	sharedKey := e.AllowSharedKeyAccess == nil || *e.AllowSharedKeyAccess
	roles, _ := containerRoles(ctx, d, scopeRequest{request: request{settings: s, subscription: rid.SubscriptionID}, scope: scope, sharedKey: sharedKey})
	return roles
}

var containerRoles = cloud.Memo(
	func(r scopeRequest) string {
		return fmt.Sprintf("azure/role-access/%s/%t", strings.ToLower(r.scope), r.sharedKey)
	},
	func(ctx context.Context, d *plugin.QueryData, r scopeRequest) (ContainerRoles, error) {
		c, err := clientsCached(ctx, d, r.request)
		if err != nil {
			return ContainerRoles{Err: err}, nil
		}
		var out ContainerRoles
		var errs []error
		_, err = eachPage(ctx, c.RoleAssignments.NewListForScopePager(r.scope, &armauthorization.RoleAssignmentsClientListForScopeOptions{Filter: cloud.Ptr(atOrAboveIt)}),
			func(p armauthorization.RoleAssignmentsClientListForScopeResponse) []*armauthorization.RoleAssignment {
				return p.Value
			},
			func(a *armauthorization.RoleAssignment) bool {
				p := a.Properties
				if p == nil || deref(p.PrincipalID) == "" || deref(p.RoleDefinitionID) == "" {
					return true
				}
				def, err := roleDefinition(ctx, d, roleRequest{request: r.request, id: deref(p.RoleDefinitionID)})
				if err != nil {
					errs = append(errs, fmt.Errorf("role definition %s: %w", deref(p.RoleDefinitionID), err))
					return true
				}
				acc := def.access(r.sharedKey)
				if !acc.Read && !acc.Write {
					return true
				}
				acc.PrincipalID, acc.PrincipalType = deref(p.PrincipalID), string(deref(p.PrincipalType))
				acc.Scope, acc.Conditional = deref(p.Scope), deref(p.Condition) != ""
				out.Access = append(out.Access, acc)
				return true
			})
		if err != nil {
			errs = append(errs, fmt.Errorf("listing role assignments at %s: %w", r.scope, err))
		}
		out.Err = errors.Join(errs...)
		return out, nil
	})

// role is a role definition's name and permissions.
type role struct {
	name  string
	perms []*armauthorization.Permission
}

type roleRequest struct {
	request
	id string
}

var roleDefinition = cloud.Memo(
	func(r roleRequest) string { return "azure/role-definition/" + strings.ToLower(r.id) },
	func(ctx context.Context, d *plugin.QueryData, r roleRequest) (role, error) {
		c, err := clientsCached(ctx, d, r.request)
		if err != nil {
			return role{}, err
		}
		out, err := c.RoleDefinitions.GetByID(ctx, r.id, nil)
		if err != nil {
			return role{}, err
		}
		rl := role{name: r.id[strings.LastIndex(r.id, "/")+1:]}
		if p := out.Properties; p != nil {
			rl.name = cloud.FirstNonEmpty(deref(p.RoleName), rl.name)
			rl.perms = p.Permissions
		}
		return rl, nil
	})

// access is what the role lets its holder do with blobs: a permission block
// allows an operation that one of its actions (or data actions) matches and
// none of its not-actions does; any block may allow it.
func (rl role) access(sharedKey bool) BlobAccess {
	allows := func(op string, data bool) bool {
		for _, p := range rl.perms {
			if p == nil {
				continue
			}
			yes, no := p.Actions, p.NotActions
			if data {
				yes, no = p.DataActions, p.NotDataActions
			}
			if anyAction(yes, op) && !anyAction(no, op) {
				return true
			}
		}
		return false
	}
	a := BlobAccess{Role: rl.name}
	a.Read = allows(blobRead, true)
	a.Write = allows(blobWrite, true) || allows(blobAdd, true)
	if sharedKey && allows(listKeys, false) {
		a.Read, a.Write, a.ByKeys = true, true, true
	}
	return a
}

func anyAction(patterns []*string, op string) bool {
	for _, p := range patterns {
		if p != nil && cloud.Wildcard(*p, op, true) {
			return true
		}
	}
	return false
}
