package azure

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/aispm/aispm/aispm/cloud"
)

// MachineLearning is the Azure ML service name in aispm_scope_status.
const MachineLearning = "machinelearningservices"

// MLWorkspace is an Azure Machine Learning workspace (or AI Foundry hub / hub project).
type MLWorkspace struct {
	cloud.Meta
	ID                          string             `json:"id"`
	DiagnosticLogs              *DiagnosticLogging `json:"diagnostic_logs"`
	Kind                        string             `json:"kind,omitempty"`
	FriendlyName                string             `json:"friendly_name,omitempty"`
	PublicNetworkAccess         string             `json:"public_network_access,omitempty"`
	PublicAccessBehindVnet      bool               `json:"allow_public_access_when_behind_vnet"`
	ApprovedPrivateEndpoints    int                `json:"approved_private_endpoints"`
	EncryptionStatus            string             `json:"encryption_status,omitempty"`
	CMKKey                      string             `json:"cmk_key,omitempty"`
	CMK                         bool               `json:"customer_managed_key"`
	HbiWorkspace                bool               `json:"hbi_workspace"`
	ManagedNetworkIsolationMode string             `json:"managed_network_isolation_mode,omitempty"`
	StorageAccount              string             `json:"storage_account,omitempty"`
	KeyVault                    string             `json:"key_vault,omitempty"`
	ContainerRegistry           string             `json:"container_registry,omitempty"`
	HubResourceID               string             `json:"hub_resource_id,omitempty"`
	IdentityType                string             `json:"identity_type,omitempty"`
	IdentityPrincipalID         string             `json:"identity_principal_id,omitempty"`
	// PrimaryUserPrincipalID is the principal id of the workspace's primary
	// user-assigned identity.
	PrimaryUserPrincipalID string `json:"primary_user_assigned_principal_id,omitempty"`
	V1LegacyMode           bool   `json:"v1_legacy_mode"`
	ProvisioningState      string `json:"provisioning_state,omitempty"`
}

// MLCompute is a compute target of a workspace (compute instances in full).
type MLCompute struct {
	cloud.Meta
	ID                string `json:"id"`
	WorkspaceID       string `json:"workspace_id"`
	WorkspaceName     string `json:"workspace_name"`
	ComputeType       string `json:"compute_type,omitempty"`
	VMSize            string `json:"vm_size,omitempty"`
	State             string `json:"state,omitempty"`
	DisableLocalAuth  bool   `json:"disable_local_auth"`
	NodePublicIP      bool   `json:"enable_node_public_ip"`
	Subnet            string `json:"subnet,omitempty"`
	SSHPublicAccess   string `json:"ssh_public_access,omitempty"`
	AuthorizationType string `json:"authorization_type,omitempty"`
	AssignedUser      string `json:"assigned_user,omitempty"`
	OSImageCurrent    *bool  `json:"os_image_current"`
	OSImageVersion    string `json:"os_image_version,omitempty"`
	// IdleTimeBeforeShutdown is an ISO 8601 duration (PT30M); empty when idle shutdown is off.
	IdleTimeBeforeShutdown string     `json:"idle_time_before_shutdown,omitempty"`
	IdentityType           string     `json:"identity_type,omitempty"`
	IdentityPrincipalID    string     `json:"identity_principal_id,omitempty"`
	CreatedOn              *time.Time `json:"created_on,omitempty"`
}

// ListMLWorkspaces streams the subscription's workspaces (or one resource
// group's), listed once per query however many sources ask.
func ListMLWorkspaces(ctx context.Context, c *Clients, f AccountFilter, emit func(*MLWorkspace) bool) error {
	return sharedList(ctx, f.key(c, "workspaces"), func(ctx context.Context, emit func(*MLWorkspace) bool) error {
		return listMLWorkspaces(ctx, c, f, emit)
	}, emit)
}

func listMLWorkspaces(ctx context.Context, c *Clients, f AccountFilter, emit func(*MLWorkspace) bool) error {
	each := func(w *armmachinelearning.Workspace) bool {
		if f.Name != "" && !strings.EqualFold(deref(w.Name), f.Name) {
			return true
		}
		return emit(newMLWorkspace(w))
	}
	if f.ResourceGroup != "" {
		_, err := eachPage(ctx, c.Workspaces.NewListByResourceGroupPager(f.ResourceGroup, nil),
			func(p armmachinelearning.WorkspacesClientListByResourceGroupResponse) []*armmachinelearning.Workspace {
				return p.Value
			},
			each)
		if cloud.IsNotFound(err) {
			return nil // no such resource group in this subscription
		}
		return err
	}
	_, err := eachPage(ctx, c.Workspaces.NewListBySubscriptionPager(nil),
		func(p armmachinelearning.WorkspacesClientListBySubscriptionResponse) []*armmachinelearning.Workspace {
			return p.Value
		},
		each)
	return err
}

// workspaces walks the selected workspaces, for their child collections.
func workspaces(ctx context.Context, c *Clients, f AccountFilter) func(func(*MLWorkspace) bool) error {
	return func(fn func(*MLWorkspace) bool) error { return ListMLWorkspaces(ctx, c, f, fn) }
}

// ListMLComputes streams the compute targets of the selected workspaces.
func ListMLComputes(ctx context.Context, c *Clients, f AccountFilter, emit func(*MLCompute) bool) error {
	// The v4 SDK model has no idleTimeBeforeShutdown: it is read from each
	// page's captured payload, which the SDK has already buffered.
	return eachChild(ctx, "computes", workspaces(ctx, c, f), func(ctx context.Context, w *MLWorkspace) ([]*MLCompute, error) {
		var raw *http.Response
		idle := map[string]string{}
		var rows []*MLCompute
		_, err := eachPage(runtime.WithCaptureResponse(ctx, &raw), c.Computes.NewListPager(w.ResourceGroup, w.Name, nil),
			func(p armmachinelearning.ComputeClientListResponse) []*armmachinelearning.ComputeResource {
				idleTimes(raw, idle)
				return p.Value
			},
			func(res *armmachinelearning.ComputeResource) bool {
				r := newMLCompute(w, res)
				r.IdleTimeBeforeShutdown = idle[strings.ToLower(r.ID)]
				rows = append(rows, r)
				return true
			})
		return rows, err
	}, emit)
}

// idleTimes reads properties.properties.idleTimeBeforeShutdown of each compute
// in a list page's payload.
func idleTimes(resp *http.Response, into map[string]string) {
	if resp == nil {
		return
	}
	body, err := runtime.Payload(resp)
	if err != nil {
		return
	}
	var page struct {
		Value []struct {
			ID         string `json:"id"`
			Properties struct {
				Properties struct {
					IdleTimeBeforeShutdown string `json:"idleTimeBeforeShutdown"`
				} `json:"properties"`
			} `json:"properties"`
		} `json:"value"`
	}
	if json.Unmarshal(body, &page) != nil {
		return
	}
	for _, v := range page.Value {
		if t := v.Properties.Properties.IdleTimeBeforeShutdown; t != "" {
			into[strings.ToLower(v.ID)] = t
		}
	}
}

func newMLWorkspace(w *armmachinelearning.Workspace) *MLWorkspace {
	r := &MLWorkspace{
		Meta: metaFor(deref(w.ID), deref(w.Name), deref(w.Location), w.Tags),
		ID:   deref(w.ID),
		Kind: deref(w.Kind),
	}
	id := newMLIdentity(w.Identity)
	r.IdentityType, r.IdentityPrincipalID = id.Type, id.PrincipalID
	p := w.Properties
	if p == nil {
		return r
	}
	if primary := deref(p.PrimaryUserAssignedIdentity); primary != "" {
		r.PrimaryUserPrincipalID = id.UserAssigned[strings.ToLower(primary)]
	}
	r.FriendlyName = deref(p.FriendlyName)
	r.PublicNetworkAccess = string(deref(p.PublicNetworkAccess))
	r.PublicAccessBehindVnet = deref(p.AllowPublicAccessWhenBehindVnet)
	r.HbiWorkspace, r.V1LegacyMode = deref(p.HbiWorkspace), deref(p.V1LegacyMode)
	r.StorageAccount, r.KeyVault, r.ContainerRegistry = deref(p.StorageAccount), deref(p.KeyVault), deref(p.ContainerRegistry)
	r.HubResourceID = deref(p.HubResourceID)
	r.ProvisioningState = string(deref(p.ProvisioningState))
	for _, pe := range p.PrivateEndpointConnections {
		if pe.Properties != nil && pe.Properties.PrivateLinkServiceConnectionState != nil &&
			strings.EqualFold(string(deref(pe.Properties.PrivateLinkServiceConnectionState.Status)), "Approved") {
			r.ApprovedPrivateEndpoints++
		}
	}
	if e := p.Encryption; e != nil {
		r.EncryptionStatus = string(deref(e.Status))
		if kv := e.KeyVaultProperties; kv != nil && strings.EqualFold(r.EncryptionStatus, "Enabled") {
			r.CMKKey = deref(kv.KeyIdentifier)
			r.CMK = r.CMKKey != ""
		}
	}
	if mn := p.ManagedNetwork; mn != nil {
		r.ManagedNetworkIsolationMode = string(deref(mn.IsolationMode))
	}
	return r
}

func newMLCompute(w *MLWorkspace, c *armmachinelearning.ComputeResource) *MLCompute {
	m := metaFor(deref(c.ID), deref(c.Name), deref(c.Location), c.Tags)
	if m.Location == "" {
		m.Location = w.Location
	}
	r := &MLCompute{Meta: m, ID: deref(c.ID), WorkspaceID: w.ID, WorkspaceName: w.Name}
	id := newMLIdentity(c.Identity)
	r.IdentityType, r.IdentityPrincipalID = id.Type, id.Principal("")
	if c.Properties == nil {
		return r
	}
	base := c.Properties.GetCompute()
	r.ComputeType = string(deref(base.ComputeType))
	r.DisableLocalAuth = deref(base.DisableLocalAuth)
	r.CreatedOn = base.CreatedOn
	if ac, ok := c.Properties.(*armmachinelearning.AmlCompute); ok && ac.Properties != nil {
		// Clusters have their own node settings: public IPs default to on.
		p := ac.Properties
		r.VMSize = deref(p.VMSize)
		r.NodePublicIP = p.EnableNodePublicIP == nil || *p.EnableNodePublicIP
		if p.Subnet != nil {
			r.Subnet = deref(p.Subnet.ID)
		}
		if p.RemoteLoginPortPublicAccess != nil {
			r.SSHPublicAccess = string(*p.RemoteLoginPortPublicAccess)
		}
	}
	if ci, ok := c.Properties.(*armmachinelearning.ComputeInstance); ok && ci.Properties != nil {
		p := ci.Properties
		r.VMSize, r.State = deref(p.VMSize), string(deref(p.State))
		// The API defaults enableNodePublicIp to true when it is not set.
		r.NodePublicIP = p.EnableNodePublicIP == nil || *p.EnableNodePublicIP
		if p.Subnet != nil {
			r.Subnet = deref(p.Subnet.ID)
		}
		if p.SSHSettings != nil {
			r.SSHPublicAccess = string(deref(p.SSHSettings.SSHPublicAccess))
		}
		r.AuthorizationType = string(deref(p.ComputeInstanceAuthorizationType))
		if s := p.PersonalComputeInstanceSettings; s != nil && s.AssignedUser != nil {
			r.AssignedUser = deref(s.AssignedUser.ObjectID)
		}
		if img := p.OSImageMetadata; img != nil {
			r.OSImageCurrent = img.IsLatestOsImageVersion
			r.OSImageVersion = deref(img.CurrentImageVersion)
		}
	}
	return r
}

// Unified maps a compute instance to the provider-neutral notebook shape; other
// compute types (clusters, attached compute) are not notebooks.
func (c *MLCompute) Unified() cloud.Row {
	if c.ComputeType != "ComputeInstance" {
		return nil
	}
	return &cloud.Notebook{
		Meta:           c.Meta,
		Scope:          c.SubscriptionID,
		ID:             c.ID,
		Kind:           "azure_ml_compute_instance",
		Service:        MachineLearning,
		State:          c.State,
		InternetAccess: cloud.Ptr(c.NodePublicIP),
		PublicIP:       cloud.Ptr(c.NodePublicIP),
		IdleShutdown:   cloud.Ptr(c.IdleTimeBeforeShutdown != ""),
		Identity:       c.IdentityPrincipalID,
		Subnet:         c.Subnet,
		CreatedAt:      c.CreatedOn,
		Detail:         c,
	}
}
