package azure

import (
	"context"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/cognitiveservices/armcognitiveservices/v2"
	"github.com/aispm/aispm/aispm/cloud"
)

// FoundryProject is an Azure AI Foundry project of an AI Services account.
type FoundryProject struct {
	cloud.Meta
	ID           string            `json:"id"`
	AccountID    string            `json:"account_id"`
	AccountName  string            `json:"account_name"`
	DisplayName  string            `json:"display_name,omitempty"`
	Description  string            `json:"description,omitempty"`
	IsDefault    bool              `json:"is_default"`
	Endpoints    map[string]string `json:"endpoints"`
	IdentityType string            `json:"identity_type,omitempty"`
	// IdentityPrincipalID is the system-assigned identity's principal id.
	IdentityPrincipalID string `json:"identity_principal_id,omitempty"`
	ProvisioningState   string `json:"provisioning_state,omitempty"`
}

// FoundryConnection is a connection of a Foundry account or project to another
// service. Metadata only: the credential is never read.
type FoundryConnection struct {
	cloud.Meta
	ID                   string     `json:"id"`
	AccountID            string     `json:"account_id"`
	AccountName          string     `json:"account_name"`
	ProjectName          string     `json:"project_name,omitempty"`
	Category             string     `json:"category,omitempty"`
	AuthType             string     `json:"auth_type,omitempty"`
	KeyBased             bool       `json:"key_based"`
	Target               string     `json:"target,omitempty"`
	IsSharedToAll        bool       `json:"is_shared_to_all"`
	SharedUsers          int        `json:"shared_user_count"`
	UseManagedIdentity   bool       `json:"use_workspace_managed_identity"`
	PrivateEndpointState string     `json:"private_endpoint_status,omitempty"`
	ExpiryTime           *time.Time `json:"expiry_time,omitempty"`
}

// identityAuthTypes store no secret: the caller's Entra ID token or the
// project's managed identity is used (None: the target needs no credential).
// Every other type (ApiKey, CustomKeys, AccessKey, AccountKey, SAS, PAT,
// UsernamePassword, ServicePrincipal with a client secret, OAuth2 client
// credentials, and any type added later) stores a credential that everyone
// who can use the project's connections can use.
var identityAuthTypes = map[string]bool{"AAD": true, "ManagedIdentity": true, "None": true}

// ListFoundryProjects streams the projects of the selected accounts.
func ListFoundryProjects(ctx context.Context, c *Clients, f AccountFilter, emit func(*FoundryProject) bool) error {
	return eachChild(ctx, "projects", accounts(ctx, c, f), c.accountProjects, emit)
}

// accountProjects lists one account's projects.
func (c *Clients) accountProjects(ctx context.Context, a *CognitiveAccount) ([]*FoundryProject, error) {
	var rows []*FoundryProject
	_, err := eachPage(ctx, c.Projects.NewListPager(a.ResourceGroup, a.Name, nil),
		func(p armcognitiveservices.ProjectsClientListResponse) []*armcognitiveservices.Project {
			return p.Value
		},
		func(p *armcognitiveservices.Project) bool { rows = append(rows, newFoundryProject(a, p)); return true })
	return rows, err
}

// ListFoundryConnections streams, for each selected account, its account-level
// connections and then the connections of each of its projects.
func ListFoundryConnections(ctx context.Context, c *Clients, f AccountFilter, emit func(*FoundryConnection) bool) error {
	return eachChild(ctx, "connections", accounts(ctx, c, f), func(ctx context.Context, a *CognitiveAccount) ([]*FoundryConnection, error) {
		var rows []*FoundryConnection
		connections := func(it *armcognitiveservices.ConnectionPropertiesV2BasicResource, project string) bool {
			conn := newFoundryConnection(a, it)
			conn.ProjectName = project
			rows = append(rows, conn)
			return true
		}
		_, err := eachPage(ctx, c.AccountConnections.NewListPager(a.ResourceGroup, a.Name, nil),
			func(p armcognitiveservices.AccountConnectionsClientListResponse) []*armcognitiveservices.ConnectionPropertiesV2BasicResource {
				return p.Value
			},
			func(it *armcognitiveservices.ConnectionPropertiesV2BasicResource) bool { return connections(it, "") })
		if err != nil {
			return nil, err
		}
		projects, err := sharedChildren(ctx, "projects", a, c.accountProjects)
		if err != nil {
			return nil, err
		}
		perProject, err := concat(ctx, projects, func(ctx context.Context, p *FoundryProject) ([]*FoundryConnection, error) {
			var rows []*FoundryConnection
			_, err := eachPage(ctx, c.ProjectConnections.NewListPager(a.ResourceGroup, a.Name, p.Name, nil),
				func(p armcognitiveservices.ProjectConnectionsClientListResponse) []*armcognitiveservices.ConnectionPropertiesV2BasicResource {
					return p.Value
				},
				func(it *armcognitiveservices.ConnectionPropertiesV2BasicResource) bool {
					conn := newFoundryConnection(a, it)
					conn.ProjectName = p.Name
					rows = append(rows, conn)
					return true
				})
			return rows, err
		})
		return append(rows, perProject...), err
	}, emit)
}

func newFoundryProject(a *CognitiveAccount, p *armcognitiveservices.Project) *FoundryProject {
	r := &FoundryProject{
		Meta:        childMeta(a, deref(p.ID), deref(p.Name), p.Tags),
		ID:          deref(p.ID),
		AccountID:   a.ID,
		AccountName: a.Name,
		Endpoints:   map[string]string{},
	}
	if l := deref(p.Location); l != "" {
		r.Location = l
	}
	if p.Identity != nil {
		r.IdentityType, r.IdentityPrincipalID = string(deref(p.Identity.Type)), deref(p.Identity.PrincipalID)
	}
	if pp := p.Properties; pp != nil {
		r.DisplayName, r.Description = deref(pp.DisplayName), deref(pp.Description)
		r.IsDefault = deref(pp.IsDefault)
		r.ProvisioningState = string(deref(pp.ProvisioningState))
		for k, v := range pp.Endpoints {
			r.Endpoints[k] = deref(v)
		}
	}
	if r.DisplayName != "" {
		r.Title = r.DisplayName
	}
	return r
}

func newFoundryConnection(a *CognitiveAccount, c *armcognitiveservices.ConnectionPropertiesV2BasicResource) *FoundryConnection {
	r := &FoundryConnection{
		Meta:        childMeta(a, deref(c.ID), deref(c.Name), nil),
		ID:          deref(c.ID),
		AccountID:   a.ID,
		AccountName: a.Name,
	}
	if c.Properties == nil {
		return r
	}
	p := c.Properties.GetConnectionPropertiesV2()
	r.Category, r.AuthType = string(deref(p.Category)), string(deref(p.AuthType))
	r.KeyBased = r.AuthType != "" && !identityAuthTypes[r.AuthType]
	r.Target = deref(p.Target)
	r.IsSharedToAll, r.SharedUsers = deref(p.IsSharedToAll), len(p.SharedUserList)
	r.UseManagedIdentity = deref(p.UseWorkspaceManagedIdentity)
	r.PrivateEndpointState = string(deref(p.PeStatus))
	r.ExpiryTime = p.ExpiryTime
	return r
}

// aiCategories are connection categories that reach AI models.
var aiCategories = []string{"openai", "aiservices", "cognitiveservice", "serverless", "managedonlineendpoint"}

// Key is a key-based connection as a key row; nil for identity-based ones.
func (c *FoundryConnection) Key() cloud.Row {
	if !c.KeyBased {
		return nil
	}
	ai := false
	for _, cat := range aiCategories {
		ai = ai || strings.Contains(strings.ToLower(c.Category), cat)
	}
	// The stored credential is for the connection's target; where it may be
	// used from is the target's own business, not the connection's.
	r := cloud.KeyRestrictions{API: cloud.Ptr(c.Target != ""), APIs: nonEmptyList(c.Target)}
	return &cloud.Key{
		Meta:       c.Meta,
		Scope:      c.SubscriptionID,
		ID:         c.ID,
		Kind:       "azure_foundry_connection_" + strings.ToLower(c.AuthType),
		Service:    CognitiveServices,
		Target:     c.Target,
		Enabled:    cloud.Ptr(true),
		Restricted: r.Decide(), Restrictions: r,
		CanCallAI: cloud.Ptr(ai),
		ExpiresAt: c.ExpiryTime,
		Detail:    c,
	}
}

func nonEmptyList(s string) []string {
	if s == "" {
		return []string{}
	}
	return []string{s}
}
