package azure

import (
	"context"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/cognitiveservices/armcognitiveservices/v2"
	"github.com/aispm/aispm/aispm/cloud"
)

// CognitiveDeployment is a model deployment of an Azure OpenAI / AI Services account.
type CognitiveDeployment struct {
	cloud.Meta
	ID                   string `json:"id"`
	AccountID            string `json:"account_id"`
	AccountName          string `json:"account_name"`
	ModelFormat          string `json:"model_format,omitempty"`
	ModelName            string `json:"model_name,omitempty"`
	ModelVersion         string `json:"model_version,omitempty"`
	ModelPublisher       string `json:"model_publisher,omitempty"`
	ModelSource          string `json:"model_source,omitempty"`
	SKU                  string `json:"sku,omitempty"`
	Capacity             int32  `json:"capacity"`
	RaiPolicyName        string `json:"rai_policy_name,omitempty"`
	VersionUpgradeOption string `json:"version_upgrade_option,omitempty"`
	ProvisioningState    string `json:"provisioning_state,omitempty"`
	// From the account's model catalogue: the deployed version's lifecycle.
	ModelLifecycleStatus string     `json:"model_lifecycle_status,omitempty"`
	ModelRetirement      *time.Time `json:"model_retirement,omitempty"`
	ModelCatalogError    string     `json:"model_catalog_error,omitempty"`
}

// RaiPolicy is a content-filter (Responsible AI) policy of an account.
type RaiPolicy struct {
	cloud.Meta
	ID                    string          `json:"id"`
	AccountID             string          `json:"account_id"`
	AccountName           string          `json:"account_name"`
	Mode                  string          `json:"mode,omitempty"`
	Type                  string          `json:"type,omitempty"`
	BasePolicyName        string          `json:"base_policy_name,omitempty"`
	ContentFilters        []ContentFilter `json:"content_filters"`
	Blocklists            []string        `json:"blocklists"`
	JailbreakBlocked      bool            `json:"jailbreak_blocked"`
	IndirectAttackBlocked bool            `json:"indirect_attack_blocked"`
	HarmFiltersStrict     bool            `json:"harm_filters_strict"`
	Asynchronous          bool            `json:"asynchronous_filtering"`
}

// ContentFilter is one filter of a RAI policy.
type ContentFilter struct {
	Name              string `json:"name"`
	Source            string `json:"source"`
	SeverityThreshold string `json:"severity_threshold,omitempty"`
	Blocking          bool   `json:"blocking"`
	Enabled           bool   `json:"enabled"`
	Blocks            bool   `json:"blocks"` // enabled, blocking, and not a completion filter of an asynchronous policy
}

// harmCategories are filtered on prompts and completions; "Medium or stricter"
// means a Low or Medium severity threshold, blocking and enabled.
var harmCategories = []string{"hate", "sexual", "violence", "selfharm"}

// listChildren streams a child collection of every selected account.
func listChildren[Page, Item, Row any](ctx context.Context, c *Clients, f AccountFilter, kind string,
	pager func(*CognitiveAccount) *runtime.Pager[Page], items func(Page) []*Item,
	convert func(*CognitiveAccount, *Item) *Row, emit func(*Row) bool) error {
	return children(ctx, kind, accounts(ctx, c, f), pager, items, convert, emit)
}

// ListCognitiveDeployments streams the deployments of the selected accounts,
// each with its model version's lifecycle from the account's model catalogue
// (listed once per account that has deployments).
func ListCognitiveDeployments(ctx context.Context, c *Clients, f AccountFilter, emit func(*CognitiveDeployment) bool) error {
	return eachChild(ctx, "deployments", accounts(ctx, c, f), c.accountDeployments, emit)
}

// accountDeployments lists one account's deployments (see ListCognitiveDeployments).
func (c *Clients) accountDeployments(ctx context.Context, a *CognitiveAccount) ([]*CognitiveDeployment, error) {
	var cat *modelCatalogue
	var rows []*CognitiveDeployment
	_, err := eachPage(ctx, c.Deployments.NewListPager(a.ResourceGroup, a.Name, nil),
		func(p armcognitiveservices.DeploymentsClientListResponse) []*armcognitiveservices.Deployment {
			return p.Value
		},
		func(d *armcognitiveservices.Deployment) bool {
			if cat == nil {
				cat = listModelCatalogue(ctx, c, a)
			}
			r := newCognitiveDeployment(a, d)
			cat.apply(r)
			rows = append(rows, r)
			return true
		})
	return rows, err
}

// modelCatalogue is an account's models by name and version.
type modelCatalogue struct {
	models map[string]*armcognitiveservices.AccountModel
	err    error
}

func listModelCatalogue(ctx context.Context, c *Clients, a *CognitiveAccount) *modelCatalogue {
	cat := &modelCatalogue{models: map[string]*armcognitiveservices.AccountModel{}}
	_, cat.err = eachPage(ctx, c.Accounts.NewListModelsPager(a.ResourceGroup, a.Name, nil),
		func(p armcognitiveservices.AccountsClientListModelsResponse) []*armcognitiveservices.AccountModel {
			return p.Value
		},
		func(m *armcognitiveservices.AccountModel) bool {
			cat.models[strings.ToLower(deref(m.Name)+"/"+deref(m.Version))] = m
			return true
		})
	return cat
}

// apply sets the deployment's model lifecycle; a catalogue that could not be
// read is named on the row rather than costing the deployment.
func (cat *modelCatalogue) apply(d *CognitiveDeployment) {
	if cat.err != nil {
		d.ModelCatalogError = cat.err.Error()
		return
	}
	m, ok := cat.models[strings.ToLower(d.ModelName+"/"+d.ModelVersion)]
	if !ok {
		return
	}
	d.ModelLifecycleStatus = string(deref(m.LifecycleStatus))
	if m.Deprecation != nil {
		if t, err := time.Parse(time.RFC3339, deref(m.Deprecation.Inference)); err == nil {
			d.ModelRetirement = &t
		}
	}
}

// ListRaiPolicies streams the content-filter policies of the selected accounts.
func ListRaiPolicies(ctx context.Context, c *Clients, f AccountFilter, emit func(*RaiPolicy) bool) error {
	return listChildren(ctx, c, f, "raipolicies",
		func(a *CognitiveAccount) *runtime.Pager[armcognitiveservices.RaiPoliciesClientListResponse] {
			return c.RaiPolicies.NewListPager(a.ResourceGroup, a.Name, nil)
		},
		func(p armcognitiveservices.RaiPoliciesClientListResponse) []*armcognitiveservices.RaiPolicy {
			return p.Value
		},
		newRaiPolicy, emit)
}

// childMeta builds an account child's standard columns: it lives where its account lives.
func childMeta(a *CognitiveAccount, id, name string, tags map[string]*string) cloud.Meta {
	m := metaFor(id, name, a.Location, tags)
	if rid, err := arm.ParseResourceID(id); err == nil {
		m.ResourceGroup = rid.ResourceGroupName
	}
	return m
}

func newCognitiveDeployment(a *CognitiveAccount, d *armcognitiveservices.Deployment) *CognitiveDeployment {
	r := &CognitiveDeployment{
		Meta:        childMeta(a, deref(d.ID), deref(d.Name), d.Tags),
		ID:          deref(d.ID),
		AccountID:   a.ID,
		AccountName: a.Name,
	}
	if d.SKU != nil {
		r.SKU, r.Capacity = deref(d.SKU.Name), deref(d.SKU.Capacity)
	}
	if p := d.Properties; p != nil {
		r.RaiPolicyName = deref(p.RaiPolicyName)
		r.VersionUpgradeOption = string(deref(p.VersionUpgradeOption))
		r.ProvisioningState = string(deref(p.ProvisioningState))
		if m := p.Model; m != nil {
			r.ModelFormat, r.ModelName, r.ModelVersion = deref(m.Format), deref(m.Name), deref(m.Version)
			r.ModelPublisher, r.ModelSource = deref(m.Publisher), deref(m.Source)
			if r.ModelPublisher == "" {
				r.ModelPublisher = r.ModelFormat // OpenAI deployments name the publisher only as the format
			}
		}
	}
	return r
}

func newRaiPolicy(a *CognitiveAccount, p *armcognitiveservices.RaiPolicy) *RaiPolicy {
	r := &RaiPolicy{
		Meta:           childMeta(a, deref(p.ID), deref(p.Name), p.Tags),
		ID:             deref(p.ID),
		AccountID:      a.ID,
		AccountName:    a.Name,
		ContentFilters: []ContentFilter{},
		Blocklists:     []string{},
	}
	props := p.Properties
	if props == nil {
		return r
	}
	r.Mode, r.Type, r.BasePolicyName = string(deref(props.Mode)), string(deref(props.Type)), deref(props.BasePolicyName)
	// Asynchronous filtering (Deferred before 2025-06-01) returns completions
	// before they are filtered: completion filters then block nothing.
	r.Asynchronous = r.Mode == string(armcognitiveservices.RaiPolicyModeAsynchronousFilter) || r.Mode == string(armcognitiveservices.RaiPolicyModeDeferred)
	for _, b := range props.CustomBlocklists {
		r.Blocklists = append(r.Blocklists, deref(b.BlocklistName))
	}
	strict := map[string]bool{}
	for _, f := range props.ContentFilters {
		cf := ContentFilter{
			Name:              deref(f.Name),
			Source:            string(deref(f.Source)),
			SeverityThreshold: string(deref(f.SeverityThreshold)),
			Blocking:          deref(f.Blocking),
			Enabled:           deref(f.Enabled),
		}
		cf.Blocks = cf.Enabled && cf.Blocking && !(r.Asynchronous && strings.EqualFold(cf.Source, "Completion"))
		r.ContentFilters = append(r.ContentFilters, cf)
		name := strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(cf.Name, " ", ""), "_", ""))
		active := cf.Blocks
		switch name {
		case "jailbreak":
			r.JailbreakBlocked = r.JailbreakBlocked || active
		case "indirectattack":
			r.IndirectAttackBlocked = r.IndirectAttackBlocked || active
		default:
			if active && (cf.SeverityThreshold == "Low" || cf.SeverityThreshold == "Medium") {
				strict[name+"/"+strings.ToLower(cf.Source)] = true
			}
		}
	}
	r.HarmFiltersStrict = true
	for _, cat := range harmCategories {
		for _, src := range []string{"prompt", "completion"} {
			if !strict[cat+"/"+src] {
				r.HarmFiltersStrict = false
			}
		}
	}
	return r
}

// Unified maps a deployment to the provider-neutral model shape.
func (d *CognitiveDeployment) Unified() *cloud.Model {
	return &cloud.Model{
		Meta:       d.Meta,
		Scope:      d.SubscriptionID,
		ID:         d.ID,
		Kind:       "azure_ai_deployment",
		Service:    CognitiveServices,
		Version:    d.ModelVersion,
		Source:     strings.TrimSuffix(d.ModelPublisher+"/"+d.ModelName, "/"),
		DeployedTo: []string{d.AccountID},
		Detail:     d,
	}
}

// Unified maps a RAI policy to the provider-neutral guardrail shape.
func (p *RaiPolicy) Unified() *cloud.Guardrail {
	return &cloud.Guardrail{
		Meta:                   p.Meta,
		Scope:                  p.SubscriptionID,
		ID:                     p.ID,
		Kind:                   "azure_rai_policy",
		Service:                CognitiveServices,
		AttachedTo:             p.AccountID,
		PromptAttackBlocking:   cloud.Ptr(p.JailbreakBlocked),
		IndirectAttackBlocking: cloud.Ptr(p.IndirectAttackBlocked),
		HarmFiltersStrict:      cloud.Ptr(p.HarmFiltersStrict),
		Detail:                 p,
	}
}
