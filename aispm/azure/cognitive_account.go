package azure

import (
	"context"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/cognitiveservices/armcognitiveservices/v2"
	"github.com/aispm/aispm/aispm/cloud"
)

// CognitiveAccount is an Azure AI Services / Azure OpenAI (Cognitive Services) account.
type CognitiveAccount struct {
	cloud.Meta
	ID                            string                      `json:"id"`
	DiagnosticLogs                *DiagnosticLogging          `json:"diagnostic_logs"`
	CMK                           bool                        `json:"customer_managed_key"`
	Kind                          string                      `json:"kind"`
	SKU                           string                      `json:"sku,omitempty"`
	Endpoint                      string                      `json:"endpoint,omitempty"`
	CustomSubDomain               string                      `json:"custom_sub_domain,omitempty"`
	DisableLocalAuth              bool                        `json:"disable_local_auth"`
	PublicNetworkAccess           string                      `json:"public_network_access,omitempty"`
	NetworkDefaultAction          string                      `json:"network_default_action,omitempty"`
	NetworkBypass                 string                      `json:"network_bypass,omitempty"`
	IPRules                       []string                    `json:"ip_rules"`
	VirtualNetworkRules           []string                    `json:"virtual_network_rules"`
	PrivateEndpointConnections    []PrivateEndpointConnection `json:"private_endpoint_connections"`
	EncryptionKeySource           string                      `json:"encryption_key_source,omitempty"`
	KeyVaultURI                   string                      `json:"key_vault_uri,omitempty"`
	KeyName                       string                      `json:"key_name,omitempty"`
	KeyVersion                    string                      `json:"key_version,omitempty"`
	IdentityType                  string                      `json:"identity_type,omitempty"`
	IdentityPrincipalID           string                      `json:"identity_principal_id,omitempty"`
	UserAssignedIdentities        []string                    `json:"user_assigned_identities"`
	RestrictOutboundNetworkAccess bool                        `json:"restrict_outbound_network_access"`
	AllowedFqdnList               []string                    `json:"allowed_fqdn_list"`
	ProvisioningState             string                      `json:"provisioning_state,omitempty"`
	CreatedAt                     *time.Time                  `json:"created_at,omitempty"`
}

// PrivateEndpointConnection is one private endpoint attached to a resource.
type PrivateEndpointConnection struct {
	ID              string `json:"id"`
	PrivateEndpoint string `json:"private_endpoint_id,omitempty"`
	Status          string `json:"status,omitempty"`
}

// AccountFilter carries the filters pushed down to the API.
type AccountFilter struct {
	ResourceGroup string // ListByResourceGroup
	Name          string // with ResourceGroup: Get
}

// ListCognitiveAccounts streams the subscription's accounts to emit until it
// returns false, listed once per query however many sources ask.
func ListCognitiveAccounts(ctx context.Context, c *Clients, f AccountFilter, emit func(*CognitiveAccount) bool) error {
	return sharedList(ctx, f.key(c, "accounts"), func(ctx context.Context, emit func(*CognitiveAccount) bool) error {
		return listCognitiveAccounts(ctx, c, f, emit)
	}, emit)
}

// key names a listing under the filter in the subscription.
func (f AccountFilter) key(c *Clients, kind string) string {
	return strings.ToLower(c.SubscriptionID + "/" + kind + "/" + f.ResourceGroup + "/" + f.Name)
}

// accounts walks the selected accounts, for their child collections.
func accounts(ctx context.Context, c *Clients, f AccountFilter) func(func(*CognitiveAccount) bool) error {
	return func(fn func(*CognitiveAccount) bool) error { return ListCognitiveAccounts(ctx, c, f, fn) }
}

func listCognitiveAccounts(ctx context.Context, c *Clients, f AccountFilter, emit func(*CognitiveAccount) bool) error {
	if f.ResourceGroup != "" && f.Name != "" {
		out, err := c.Accounts.Get(ctx, f.ResourceGroup, f.Name, nil)
		if cloud.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		emit(newCognitiveAccount(&out.Account))
		return nil
	}
	each := func(page []*armcognitiveservices.Account) bool {
		for _, a := range page {
			if f.Name != "" && !strings.EqualFold(deref(a.Name), f.Name) {
				continue
			}
			if !emit(newCognitiveAccount(a)) {
				return false
			}
		}
		return true
	}
	if f.ResourceGroup != "" {
		p := c.Accounts.NewListByResourceGroupPager(f.ResourceGroup, nil)
		for p.More() {
			page, err := p.NextPage(ctx)
			if cloud.IsNotFound(err) {
				return nil // no such resource group in this subscription
			}
			if err != nil || !each(page.Value) {
				return err
			}
		}
		return nil
	}
	p := c.Accounts.NewListPager(nil)
	for p.More() {
		page, err := p.NextPage(ctx)
		if err != nil || !each(page.Value) {
			return err
		}
	}
	return nil
}

func newCognitiveAccount(a *armcognitiveservices.Account) *CognitiveAccount {
	r := &CognitiveAccount{
		Meta: metaFor(deref(a.ID), deref(a.Name), deref(a.Location), a.Tags),
		ID:   deref(a.ID),
		Kind: deref(a.Kind),
	}
	if a.SKU != nil {
		r.SKU = deref(a.SKU.Name)
	}
	if id := a.Identity; id != nil {
		r.IdentityType = string(deref(id.Type))
		r.IdentityPrincipalID = deref(id.PrincipalID)
		for k := range id.UserAssignedIdentities {
			r.UserAssignedIdentities = append(r.UserAssignedIdentities, k)
		}
	}
	r.IPRules, r.VirtualNetworkRules, r.UserAssignedIdentities = orEmpty(nil), orEmpty(nil), orEmpty(r.UserAssignedIdentities)
	r.PrivateEndpointConnections = []PrivateEndpointConnection{}
	r.AllowedFqdnList = []string{}
	p := a.Properties
	if p == nil {
		return r
	}
	r.Endpoint = deref(p.Endpoint)
	r.CustomSubDomain = deref(p.CustomSubDomainName)
	r.DisableLocalAuth = deref(p.DisableLocalAuth)
	r.PublicNetworkAccess = string(deref(p.PublicNetworkAccess))
	r.RestrictOutboundNetworkAccess = deref(p.RestrictOutboundNetworkAccess)
	r.AllowedFqdnList = orEmpty(derefAll(p.AllowedFqdnList))
	r.ProvisioningState = string(deref(p.ProvisioningState))
	if t, err := time.Parse(time.RFC3339, deref(p.DateCreated)); err == nil {
		r.CreatedAt = &t
	}
	if n := p.NetworkACLs; n != nil {
		r.NetworkDefaultAction = string(deref(n.DefaultAction))
		r.NetworkBypass = string(deref(n.Bypass))
		for _, ip := range n.IPRules {
			r.IPRules = append(r.IPRules, deref(ip.Value))
		}
		for _, v := range n.VirtualNetworkRules {
			r.VirtualNetworkRules = append(r.VirtualNetworkRules, deref(v.ID))
		}
	}
	for _, pec := range p.PrivateEndpointConnections {
		c := PrivateEndpointConnection{ID: deref(pec.ID)}
		if pp := pec.Properties; pp != nil {
			if pp.PrivateEndpoint != nil {
				c.PrivateEndpoint = deref(pp.PrivateEndpoint.ID)
			}
			if st := pp.PrivateLinkServiceConnectionState; st != nil {
				c.Status = string(deref(st.Status))
			}
		}
		r.PrivateEndpointConnections = append(r.PrivateEndpointConnections, c)
	}
	if e := p.Encryption; e != nil {
		r.EncryptionKeySource = string(deref(e.KeySource))
		r.CMK = CustomerManagedKey(r.EncryptionKeySource)
		if kv := e.KeyVaultProperties; kv != nil {
			r.KeyVaultURI, r.KeyName, r.KeyVersion = deref(kv.KeyVaultURI), deref(kv.KeyName), deref(kv.KeyVersion)
		}
	}
	return r
}

// PublicAccess reports whether the account accepts traffic from the internet:
// public network access is not Disabled and no network ACL denies by default.
func (a *CognitiveAccount) PublicAccess() bool {
	if strings.EqualFold(a.PublicNetworkAccess, "Disabled") {
		return false
	}
	return !strings.EqualFold(a.NetworkDefaultAction, "Deny")
}

// EncryptionKey is the customer-managed key URI, empty for Microsoft-managed keys.
func (a *CognitiveAccount) EncryptionKey() string {
	if !strings.EqualFold(a.EncryptionKeySource, "Microsoft.KeyVault") || a.KeyVaultURI == "" {
		return ""
	}
	return strings.TrimSuffix(a.KeyVaultURI, "/") + "/keys/" + a.KeyName + strings.TrimSuffix("/"+a.KeyVersion, "/")
}

// Unified maps the account to the provider-neutral endpoint shape.
func (a *CognitiveAccount) Unified() *cloud.Endpoint {
	approved := false
	for _, c := range a.PrivateEndpointConnections {
		if strings.EqualFold(c.Status, "Approved") {
			approved = true
		}
	}
	auth := "key_and_entra_id"
	if a.DisableLocalAuth {
		auth = "entra_id"
	}
	host := ""
	if u := a.Endpoint; u != "" {
		host = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://"), "/")
	}
	e := (&cloud.Endpoint{
		Meta:                a.Meta,
		Scope:               a.SubscriptionID,
		ID:                  a.ID,
		Kind:                "cognitive_account:" + a.Kind,
		Service:             CognitiveServices,
		URL:                 a.Endpoint,
		Host:                host,
		PublicNetworkAccess: cloud.Ptr(a.PublicAccess()),
		PrivateEndpoint:     cloud.Ptr(approved),
		EncryptionKey:       a.EncryptionKey(),
		CustomerManagedKey:  cloud.Ptr(a.CMK),
		LoggingEnabled:      a.DiagnosticLogs.enabled(),
		Models:              []string{},
		CreatedAt:           a.CreatedAt,
		Detail:              a,
	}).Authed(auth)
	if a.IdentityPrincipalID != "" {
		e.Identities = []string{a.IdentityPrincipalID}
	}
	if !a.DisableLocalAuth {
		e.Keys = []string{a.ID} // aispm_key holds the account's keys under its id
	}
	return e

}

// metaFor builds the standard columns from an ARM id.
func metaFor(id, name, location string, tags map[string]*string) cloud.Meta {
	m := cloud.Meta{Name: name, Location: location, Akas: []string{strings.ToLower(id)}, Tags: map[string]string{}}
	if rid, err := arm.ParseResourceID(id); err == nil {
		m.SubscriptionID, m.ResourceGroup = rid.SubscriptionID, rid.ResourceGroupName
	}
	for k, v := range tags {
		m.Tags[k] = deref(v)
	}
	return m
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func derefAll[T any](ps []*T) []T {
	out := make([]T, 0, len(ps))
	for _, p := range ps {
		out = append(out, deref(p))
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// LocalKeys is the account's pair of API keys as a key row, or nil when local
// (key) authentication is disabled. The keys themselves are never read.
func (a *CognitiveAccount) LocalKeys() cloud.Row {
	if a.DisableLocalAuth {
		return nil
	}
	// Account keys call this account's APIs only; the account's network
	// rules (public network access off, or a default-deny ACL) limit callers.
	r := cloud.KeyRestrictions{API: cloud.Ptr(true), APIs: []string{a.Endpoint}, Network: cloud.Ptr(!a.PublicAccess()), Client: cloud.Ptr(false)}
	return &cloud.Key{
		Meta:       a.Meta,
		Scope:      a.SubscriptionID,
		ID:         a.ID,
		Kind:       "azure_ai_account_keys",
		Service:    CognitiveServices,
		Target:     a.Endpoint,
		Enabled:    cloud.Ptr(true),
		Restricted: r.Decide(), Restrictions: r,
		CanCallAI: cloud.Ptr(true),
		CreatedAt: a.CreatedAt,
		Detail:    a,
	}
}
