package azure

import (
	"context"
	"errors"
	"fmt"
	"golang.org/x/sync/errgroup"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
)

// Foundry data-plane constants: the token audience and the agents API version.
const (
	foundryScope      = "https://ai.azure.com/.default"
	agentsAPIVersion  = "v1"
	foundryEndpoint   = "AI Foundry API"
	agentsPageLimit   = "100"
	maxAgentsPerQuery = 100000 // pages × limit; a has_more that never ends stops here
)

// FoundryAgent is an agent of a Foundry project, listed from the project's
// data-plane endpoint. Instructions, description and metadata are user
// content: they are emitted redacted, with the secrets found listed.
type FoundryAgent struct {
	cloud.Meta
	ID           string           `json:"id"`
	AgentID      string           `json:"agent_id"`
	ProjectID    string           `json:"project_id"`
	ProjectName  string           `json:"project_name"`
	AccountName  string           `json:"account_name"`
	Description  string           `json:"description,omitempty"`
	Instructions string           `json:"instructions,omitempty"`
	Secrets      []redact.Finding `json:"secret_findings"`
	Model        string           `json:"model,omitempty"`
	Tools        []string         `json:"tools"`
	RaiPolicy    string           `json:"rai_policy_name,omitempty"`
	IdentityType string           `json:"identity_type,omitempty"`
	// IdentityPrincipalID is the project identity's principal id.
	IdentityPrincipalID string     `json:"identity_principal_id,omitempty"`
	CreatedAt           *time.Time `json:"created_at,omitempty"`
}

// newDataPlane builds the pipeline for Foundry data-plane reads: bearer
// tokens for ai.azure.com, the connection's retries.
func newDataPlane(cred azcore.TokenCredential, s Settings) runtime.Pipeline {
	o := s.options().ClientOptions
	o.InsecureAllowCredentialWithHTTP = s.Loopback || isLoopback(s.DataPlaneURL)
	bearer := runtime.NewBearerTokenPolicy(cred, []string{foundryScope},
		&policy.BearerTokenOptions{InsecureAllowCredentialWithHTTP: o.InsecureAllowCredentialWithHTTP})
	perRetry := []policy.Policy{bearer, quotaPolicy{service: "foundry", retry: s.Retry}}
	if to, err := url.Parse(s.DataPlaneURL); err == nil && s.DataPlaneURL != "" {
		perRetry = append(perRetry, hostRewrite{to: to}) // validated with the config
	}
	return runtime.NewPipeline("aispm", "v1", runtime.PipelineOptions{}, &policy.ClientOptions{
		Retry:                           o.Retry,
		InsecureAllowCredentialWithHTTP: o.InsecureAllowCredentialWithHTTP,
		PerRetryPolicies:                perRetry,
		Transport:                       httpClient,
	})
}

func isLoopback(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Host != "" && cloud.IsLoopbackHost(u.Hostname())
}

// ListFoundryAgents streams the agents of every project of the selected
// accounts. A project whose data plane cannot be reached (a private account,
// for example) is reported in the returned error after the other projects'
// agents have been streamed.
func ListFoundryAgents(ctx context.Context, c *Clients, f AccountFilter, emit func(*FoundryAgent) bool) error {
	var errs []error
	byID := map[string]*CognitiveAccount{}
	if err := ListCognitiveAccounts(ctx, c, f, func(a *CognitiveAccount) bool { byID[a.ID] = a; return true }); err != nil {
		return err
	}
	var projects []*FoundryProject
	walkErr := ListFoundryProjects(ctx, c, f, func(proj *FoundryProject) bool {
		if proj.Endpoints[foundryEndpoint] != "" { // else not a Foundry project with an agents service
			projects = append(projects, proj)
		}
		return true
	})
	// Projects childWorkers at a time; a project that fails costs only its
	// own agents. Each project's agents are emitted together, one project
	// at a time.
	var (
		mu      sync.Mutex
		stopped bool
		g       errgroup.Group
	)
	g.SetLimit(childWorkers)
	for _, proj := range projects {
		g.Go(func() error {
			mu.Lock()
			done := stopped
			mu.Unlock()
			if done {
				return nil
			}
			byDeployment := deploymentPolicies(ctx, c, byID[proj.AccountID])
			var agents []*FoundryAgent
			err := listProjectAgents(ctx, c, proj, proj.Endpoints[foundryEndpoint], func(ag *FoundryAgent) bool {
				ag.RaiPolicy = byDeployment[strings.ToLower(ag.Model)]
				agents = append(agents, ag)
				return true
			})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("foundry project %s: %w", proj.ID, err))
			}
			for _, ag := range agents {
				if stopped = stopped || !emit(ag); stopped {
					break
				}
			}
			return nil
		})
	}
	_ = g.Wait() // the projects' errors are in errs
	return errors.Join(append([]error{walkErr}, errs...)...)
}

// deploymentPolicies maps an account's deployment names to their content
// filter policy: an agent's model is a deployment name.
// (the account's deployments listing, shared with the deployment tables).
func deploymentPolicies(ctx context.Context, c *Clients, a *CognitiveAccount) map[string]string {
	out := map[string]string{}
	if a == nil {
		return out
	}
	deployments, _ := sharedChildren(ctx, "deployments", a, c.accountDeployments)
	for _, d := range deployments {
		out[strings.ToLower(d.Name)] = d.RaiPolicyName
	}
	return out
}

// agentPage is one page of the agents (assistants) list.
type agentPage struct {
	Data    []agentItem `json:"data"`
	HasMore bool        `json:"has_more"`
	LastID  string      `json:"last_id"`
}

type agentItem struct {
	ID           string            `json:"id"`
	Name         *string           `json:"name"`
	Description  *string           `json:"description"`
	Instructions *string           `json:"instructions"`
	Metadata     map[string]string `json:"metadata"`
	Model        string            `json:"model"`
	CreatedAt    int64             `json:"created_at"`
	Tools        []struct {
		Type string `json:"type"`
	} `json:"tools"`
}

func listProjectAgents(ctx context.Context, c *Clients, p *FoundryProject, endpoint string, emit func(*FoundryAgent) bool) error {
	base, err := url.Parse(strings.TrimSuffix(endpoint, "/") + "/assistants")
	if err != nil {
		return fmt.Errorf("project endpoint %q: %w", endpoint, err)
	}
	after := ""
	for pages := 0; pages*100 < maxAgentsPerQuery; pages++ {
		q := url.Values{"api-version": {agentsAPIVersion}, "limit": {agentsPageLimit}, "order": {"asc"}}
		if after != "" {
			q.Set("after", after)
		}
		u := *base
		u.RawQuery = q.Encode()
		req, err := runtime.NewRequest(ctx, http.MethodGet, u.String())
		if err != nil {
			return err
		}
		resp, err := c.DataPlane.Do(req)
		if err != nil {
			return err
		}
		if !runtime.HasStatusCode(resp, http.StatusOK) {
			return runtime.NewResponseError(resp)
		}
		var page agentPage
		if err := runtime.UnmarshalAsJSON(resp, &page); err != nil {
			return fmt.Errorf("malformed agents response: %w", err)
		}
		for _, it := range page.Data {
			if !emit(newFoundryAgent(p, it)) {
				return nil
			}
		}
		if !page.HasMore || page.LastID == "" || page.LastID == after {
			return nil
		}
		after = page.LastID
	}
	return fmt.Errorf("more than %d pages of agents: stopped paging", maxAgentsPerQuery/100)
}

func newFoundryAgent(p *FoundryProject, it agentItem) *FoundryAgent {
	armID := p.ID + "/agents/" + it.ID
	name := deref(it.Name)
	if name == "" {
		name = it.ID
	}
	m := p.Meta
	m.Name, m.Akas, m.Tags = name, []string{strings.ToLower(armID)}, map[string]string{}
	a := &FoundryAgent{Meta: m, ID: armID, AgentID: it.ID, ProjectID: p.ID, ProjectName: p.Name, AccountName: p.AccountName,
		Model: it.Model, Tools: []string{}, IdentityType: p.IdentityType, IdentityPrincipalID: p.IdentityPrincipalID}
	a.Description, a.Instructions, a.Secrets = redactAgent(deref(it.Description), deref(it.Instructions), it.Metadata)
	if it.CreatedAt > 0 {
		t := time.Unix(it.CreatedAt, 0).UTC()
		a.CreatedAt = &t
	}
	for _, t := range it.Tools {
		a.Tools = append(a.Tools, t.Type)
	}
	sort.Strings(a.Tools)
	return a
}

// redactAgent redacts an agent's description and instructions and judges its
// metadata values (which are not kept).
func redactAgent(description, instructions string, metadata map[string]string) (string, string, []redact.Finding) {
	findings := redact.Values(metadata)
	desc := redact.Into(&findings, "description", description)
	instr := redact.Into(&findings, "instructions", instructions)
	return desc, instr, findings
}

// Unified maps the agent to the provider-neutral shape.
func (a *FoundryAgent) Unified() cloud.Row {
	return &cloud.Agent{
		Meta:      a.Meta,
		Scope:     a.SubscriptionID,
		ID:        a.ID,
		Kind:      "azure_foundry_agent",
		Service:   CognitiveServices,
		Framework: "foundry_agent_service",
		Model:     a.Model,
		Identity:  a.IdentityPrincipalID,
		Guardrail: a.RaiPolicy,
		Tools:     a.Tools, KnowledgeBases: []string{},
		Instructions:   a.Instructions,
		SecretFindings: a.Secrets,
		CreatedAt:      a.CreatedAt,
		Detail:         a,
	}
}
