// Package azure holds aispm's Azure concerns: credentials, the subscription
// fan-out, cached per-subscription track-2 clients, retries and the Resource
// Manager endpoint override, and the fetch functions that stream rows.
package azure

import (
	"context"
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	azcloud "github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/cognitiveservices/armcognitiveservices/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armsubscriptions"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// Service names as they appear in aispm_scope_status.
const (
	CognitiveServices = "cognitiveservices"
	Subscriptions     = "subscriptions"
)

// Credential choices for azure_credential.
const (
	CredentialDefault      = "default"       // azidentity's default chain
	CredentialClientSecret = "client_secret" // service principal with a secret
	CredentialCLI          = "cli"           // az login
	CredentialSimulator    = "simulator"     // no credential; loopback resource manager only
)

// Settings is the Azure part of the connection config, already validated.
type Settings struct {
	TenantID           string
	SubscriptionIDs    []string // ["*"] means every subscription the credential sees
	Credential         string
	ClientID           string
	ClientSecret       string
	ResourceManagerURL string
	Loopback           bool // ResourceManagerURL is a loopback http address
	// DataPlaneURL, when set, receives the Foundry data-plane calls (agents)
	// that would go to each project's endpoint host; that host is kept in the
	// Host header. For the simulator or a private-endpoint proxy.
	DataPlaneURL string
	Retry        cloud.Retry
}

// Clients are the track-2 clients for one subscription, built once and cached.
type Clients struct {
	SubscriptionID string
	Accounts       *armcognitiveservices.AccountsClient
	Deployments    *armcognitiveservices.DeploymentsClient
	RaiPolicies    *armcognitiveservices.RaiPoliciesClient
	Projects       *armcognitiveservices.ProjectsClient
	// AccountConnections and ProjectConnections list Foundry connections.
	AccountConnections *armcognitiveservices.AccountConnectionsClient
	ProjectConnections *armcognitiveservices.ProjectConnectionsClient
	Workspaces         *armmachinelearning.WorkspacesClient
	Computes           *armmachinelearning.ComputeClient
	OnlineEndpoints    *armmachinelearning.OnlineEndpointsClient
	OnlineDeployments  *armmachinelearning.OnlineDeploymentsClient
	Datastores         *armmachinelearning.DatastoresClient
	DataContainers     *armmachinelearning.DataContainersClient
	DataVersions       *armmachinelearning.DataVersionsClient
	ModelContainers    *armmachinelearning.ModelContainersClient
	ModelVersions      *armmachinelearning.ModelVersionsClient
	Registries         *armmachinelearning.RegistriesClient
	RegistryModels     *armmachinelearning.RegistryModelContainersClient
	RegistryVersions   *armmachinelearning.RegistryModelVersionsClient
	StorageAccounts    *armstorage.AccountsClient
	BlobContainers     *armstorage.BlobContainersClient
	// DataPlane reads Foundry project endpoints (agents).
	DataPlane runtime.Pipeline
	// Diagnostics reads resources' diagnostic settings (resource logs).
	Diagnostics *armmonitor.DiagnosticSettingsClient
	// ActivityLogs reads the subscription's Activity Log.
	ActivityLogs *armmonitor.ActivityLogsClient
	// RoleAssignments and RoleDefinitions read who may do what with storage.
	RoleAssignments *armauthorization.RoleAssignmentsClient
	RoleDefinitions *armauthorization.RoleDefinitionsClient
}

func (s Settings) options() *arm.ClientOptions {
	o := &arm.ClientOptions{
		// Never register resource providers: the plugin only reads.
		DisableRPRegistration: true,
		ClientOptions: policy.ClientOptions{
			Cloud:                           azcloud.AzurePublic,
			Retry:                           retryOptions(s.Retry),
			InsecureAllowCredentialWithHTTP: s.Loopback,
			PerRetryPolicies:                []policy.Policy{quotaPolicy{service: ARM, retry: s.Retry}},
			Transport:                       httpClient,
		},
	}
	if s.ResourceManagerURL != "" {
		c := azcloud.AzurePublic
		c.Services = map[azcloud.ServiceName]azcloud.ServiceConfiguration{
			azcloud.ResourceManager: {
				Endpoint: s.ResourceManagerURL,
				Audience: azcloud.AzurePublic.Services[azcloud.ResourceManager].Audience,
			},
		}
		o.Cloud = c
	}
	return o
}

type staticToken struct{}

func (staticToken) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: "aispm-simulator", ExpiresOn: time.Now().Add(time.Hour)}, nil
}

func (s Settings) credential() (azcore.TokenCredential, error) {
	switch s.Credential {
	case CredentialSimulator:
		return staticToken{}, nil
	case CredentialClientSecret:
		return azidentity.NewClientSecretCredential(s.TenantID, s.ClientID, s.ClientSecret, nil)
	case CredentialCLI:
		return azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: s.TenantID})
	default:
		return azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{TenantID: s.TenantID})
	}
}

type request struct {
	settings     Settings
	subscription string
}

var credentialFor = cloud.Memo(
	func(request) string { return "azure/credential" },
	func(_ context.Context, _ *plugin.QueryData, r request) (azcore.TokenCredential, error) {
		c, err := r.settings.credential()
		if err != nil {
			return nil, fmt.Errorf("azure: building the %s credential: %w", r.settings.Credential, err)
		}
		return c, nil
	})

var clientsCached = cloud.Memo(
	func(r request) string { return "azure/clients/" + r.subscription },
	func(ctx context.Context, d *plugin.QueryData, r request) (*Clients, error) {
		cred, err := credentialFor(ctx, d, r)
		if err != nil {
			return nil, err
		}
		f, err := armcognitiveservices.NewClientFactory(r.subscription, cred, r.settings.options())
		if err != nil {
			return nil, err
		}
		ml, err := armmachinelearning.NewClientFactory(r.subscription, cred, r.settings.options())
		if err != nil {
			return nil, err
		}
		st, err := armstorage.NewClientFactory(r.subscription, cred, r.settings.options())
		if err != nil {
			return nil, err
		}
		diag, err := armmonitor.NewDiagnosticSettingsClient(cred, r.settings.options())
		if err != nil {
			return nil, err
		}
		activity, err := armmonitor.NewActivityLogsClient(r.subscription, cred, r.settings.options())
		if err != nil {
			return nil, err
		}
		authz, err := armauthorization.NewClientFactory(r.subscription, cred, r.settings.options())
		if err != nil {
			return nil, err
		}
		return &Clients{
			ActivityLogs:       activity,
			RoleAssignments:    authz.NewRoleAssignmentsClient(),
			RoleDefinitions:    authz.NewRoleDefinitionsClient(),
			Datastores:         ml.NewDatastoresClient(),
			DataContainers:     ml.NewDataContainersClient(),
			DataVersions:       ml.NewDataVersionsClient(),
			ModelContainers:    ml.NewModelContainersClient(),
			ModelVersions:      ml.NewModelVersionsClient(),
			Registries:         ml.NewRegistriesClient(),
			RegistryModels:     ml.NewRegistryModelContainersClient(),
			RegistryVersions:   ml.NewRegistryModelVersionsClient(),
			StorageAccounts:    st.NewAccountsClient(),
			BlobContainers:     st.NewBlobContainersClient(),
			DataPlane:          newDataPlane(cred, r.settings),
			Diagnostics:        diag,
			Workspaces:         ml.NewWorkspacesClient(),
			Computes:           ml.NewComputeClient(),
			OnlineEndpoints:    ml.NewOnlineEndpointsClient(),
			OnlineDeployments:  ml.NewOnlineDeploymentsClient(),
			SubscriptionID:     r.subscription,
			Accounts:           f.NewAccountsClient(),
			Deployments:        f.NewDeploymentsClient(),
			RaiPolicies:        f.NewRaiPoliciesClient(),
			Projects:           f.NewProjectsClient(),
			AccountConnections: f.NewAccountConnectionsClient(),
			ProjectConnections: f.NewProjectConnectionsClient(),
		}, nil
	})

// ClientsFor returns the cached clients for a scope's subscription.
func ClientsFor(ctx context.Context, d *plugin.QueryData, s Settings, sc cloud.Scope) (*Clients, error) {
	return clientsCached(ctx, d, request{settings: s, subscription: sc.SubscriptionID})
}

var subscriptionsCached = cloud.Memo(
	func(request) string { return "azure/subscriptions" },
	func(ctx context.Context, d *plugin.QueryData, r request) ([]string, error) {
		cred, err := credentialFor(ctx, d, r)
		if err != nil {
			return nil, err
		}
		c, err := armsubscriptions.NewClient(cred, r.settings.options())
		if err != nil {
			return nil, err
		}
		var ids []string
		for p := c.NewListPager(nil); p.More(); {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, sub := range page.Value {
				if sub.SubscriptionID != nil {
					ids = append(ids, *sub.SubscriptionID)
				}
			}
		}
		return ids, nil
	})

// Scopes returns the subscriptions to query: the configured ones, or every
// subscription the credential can see when the list is ["*"].
func Scopes(ctx context.Context, d *plugin.QueryData, s Settings) ([]cloud.Scope, error) {
	ids := s.SubscriptionIDs
	if len(ids) == 1 && ids[0] == "*" {
		all, err := subscriptionsCached(ctx, d, request{settings: s})
		if err != nil {
			return nil, fmt.Errorf("azure: listing subscriptions: %w", err)
		}
		ids = all
	}
	out := make([]cloud.Scope, len(ids))
	for i, id := range ids {
		out[i] = cloud.Scope{Cloud: cloud.Azure, SubscriptionID: id}
	}
	return out, nil
}
