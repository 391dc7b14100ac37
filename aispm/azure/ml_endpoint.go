package azure

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
)

// MLOnlineEndpoint is an Azure ML managed online endpoint with its deployments.
// Endpoint keys are never read, even when a response carries them.
type MLOnlineEndpoint struct {
	cloud.Meta
	ID                  string               `json:"id"`
	DiagnosticLogs      *DiagnosticLogging   `json:"diagnostic_logs"`
	WorkspaceID         string               `json:"workspace_id"`
	WorkspaceName       string               `json:"workspace_name"`
	AuthMode            string               `json:"auth_mode,omitempty"`
	PublicNetworkAccess string               `json:"public_network_access,omitempty"`
	ScoringURI          string               `json:"scoring_uri,omitempty"`
	Traffic             map[string]int32     `json:"traffic"`
	IdentityType        string               `json:"identity_type,omitempty"`
	IdentityPrincipalID string               `json:"identity_principal_id,omitempty"`
	ProvisioningState   string               `json:"provisioning_state,omitempty"`
	Deployments         []MLOnlineDeployment `json:"deployments"`
	Secrets             []redact.Finding     `json:"secret_findings"`
}

// MLOnlineDeployment is one deployment behind an online endpoint.
type MLOnlineDeployment struct {
	Name                      string   `json:"name"`
	Model                     string   `json:"model,omitempty"`
	InstanceType              string   `json:"instance_type,omitempty"`
	EgressPublicNetworkAccess string   `json:"egress_public_network_access,omitempty"`
	AppInsightsEnabled        bool     `json:"app_insights_enabled"`
	EnvNames                  []string `json:"env_names"`
}

// ListMLOnlineEndpoints streams the online endpoints of the selected workspaces,
// each with its deployments.
func ListMLOnlineEndpoints(ctx context.Context, c *Clients, f AccountFilter, emit func(*MLOnlineEndpoint) bool) error {
	return eachChild(ctx, "onlineendpoints", workspaces(ctx, c, f), func(ctx context.Context, w *MLWorkspace) ([]*MLOnlineEndpoint, error) {
		var rows []*MLOnlineEndpoint
		var err error
		_, listErr := eachPage(ctx, c.OnlineEndpoints.NewListPager(w.ResourceGroup, w.Name, nil),
			func(p armmachinelearning.OnlineEndpointsClientListResponse) []*armmachinelearning.OnlineEndpoint {
				return p.Value
			},
			func(e *armmachinelearning.OnlineEndpoint) bool {
				r := newMLOnlineEndpoint(w, e)
				if err = r.addDeployments(ctx, c); err != nil {
					return false
				}
				rows = append(rows, r)
				return true
			})
		return rows, errors.Join(listErr, err)
	}, emit)
}

func newMLOnlineEndpoint(w *MLWorkspace, e *armmachinelearning.OnlineEndpoint) *MLOnlineEndpoint {
	m := metaFor(deref(e.ID), deref(e.Name), deref(e.Location), e.Tags)
	r := &MLOnlineEndpoint{Meta: m, ID: deref(e.ID), WorkspaceID: w.ID, WorkspaceName: w.Name,
		Traffic: map[string]int32{}, Deployments: []MLOnlineDeployment{}, Secrets: []redact.Finding{}}
	id := newMLIdentity(e.Identity)
	r.IdentityType, r.IdentityPrincipalID = id.Type, id.Principal("")
	if p := e.Properties; p != nil {
		r.AuthMode = string(deref(p.AuthMode))
		r.PublicNetworkAccess = string(deref(p.PublicNetworkAccess))
		r.ScoringURI = deref(p.ScoringURI)
		r.ProvisioningState = string(deref(p.ProvisioningState))
		for k, v := range p.Traffic {
			r.Traffic[k] = deref(v)
		}
	}
	return r
}

func (r *MLOnlineEndpoint) addDeployments(ctx context.Context, c *Clients) error {
	_, err := eachPage(ctx, c.OnlineDeployments.NewListPager(r.ResourceGroup, r.WorkspaceName, r.Name, nil),
		func(p armmachinelearning.OnlineDeploymentsClientListResponse) []*armmachinelearning.OnlineDeployment {
			return p.Value
		},
		func(d *armmachinelearning.OnlineDeployment) bool {
			r.Deployments = append(r.Deployments, newMLOnlineDeployment(d, &r.Secrets))
			return true
		})
	sort.Slice(r.Deployments, func(i, j int) bool { return r.Deployments[i].Name < r.Deployments[j].Name })
	return err
}

func newMLOnlineDeployment(d *armmachinelearning.OnlineDeployment, findings *[]redact.Finding) MLOnlineDeployment {
	dep := MLOnlineDeployment{Name: deref(d.Name), EnvNames: []string{}}
	if d.SKU != nil {
		dep.InstanceType = deref(d.SKU.Name)
	}
	if d.Properties == nil {
		return dep
	}
	props := d.Properties.GetOnlineDeploymentProperties()
	dep.Model = deref(props.Model)
	if it := deref(props.InstanceType); it != "" {
		dep.InstanceType = it
	}
	dep.EgressPublicNetworkAccess = string(deref(props.EgressPublicNetworkAccess))
	dep.AppInsightsEnabled = deref(props.AppInsightsEnabled)
	// Environment values can hold credentials: only the names are kept, and
	// the values are judged by the redactor.
	env := map[string]string{}
	for k, v := range props.EnvironmentVariables {
		env[k] = deref(v)
	}
	dep.EnvNames = redact.Env(findings, "deployments."+dep.Name+".environment.", env)
	return dep
}

// mlAuthModes maps online endpoint auth modes to aispm_endpoint.auth_mode.
var mlAuthModes = map[string]string{"Key": "key", "AMLToken": "token", "AADToken": "entra_id"}

// Unified maps the endpoint to the provider-neutral shape.
func (r *MLOnlineEndpoint) Unified() *cloud.Endpoint {
	models := []string{}
	for _, d := range r.Deployments {
		if d.Model != "" {
			models = append(models, d.Model)
		}
	}
	host := strings.TrimPrefix(strings.TrimPrefix(r.ScoringURI, "https://"), "http://")
	if i := strings.Index(host, "/"); i >= 0 {
		host = host[:i]
	}
	var identities []string
	if r.IdentityPrincipalID != "" {
		identities = []string{r.IdentityPrincipalID}
	}
	return (&cloud.Endpoint{
		Meta:                r.Meta,
		Scope:               r.SubscriptionID,
		ID:                  r.ID,
		Kind:                "azure_ml_online_endpoint",
		Identities:          identities,
		Service:             MachineLearning,
		URL:                 r.ScoringURI,
		Host:                host,
		PublicNetworkAccess: cloud.Ptr(!strings.EqualFold(r.PublicNetworkAccess, "Disabled")),
		PrivateEndpoint:     nil,
		Models:              models,
		LoggingEnabled:      r.DiagnosticLogs.enabled(),
		Detail:              r,
	}).Authed(mlAuthModes[r.AuthMode])

}
