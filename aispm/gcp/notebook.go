package gcp

import (
	"context"
	"path"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"cloud.google.com/go/notebooks/apiv2/notebookspb"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
)

// WorkbenchInstance is a Vertex AI Workbench instance (notebooks v2).
type WorkbenchInstance struct {
	cloud.Meta
	ResourceName          string           `json:"resource_name"`
	State                 string           `json:"state"`
	HealthState           string           `json:"health_state,omitempty"`
	MachineType           string           `json:"machine_type,omitempty"`
	Creator               string           `json:"creator,omitempty"`
	InstanceOwners        []string         `json:"instance_owners"`
	ProxyURI              string           `json:"proxy_uri,omitempty"`
	DisableProxyAccess    bool             `json:"disable_proxy_access"`
	PublicIP              bool             `json:"public_ip"`
	RootAccessDisabled    bool             `json:"root_access_disabled"`
	IdleShutdown          bool             `json:"idle_shutdown"`
	IdleTimeoutSeconds    int64            `json:"idle_timeout_seconds"`
	ServiceAccounts       []string         `json:"service_accounts"`
	DefaultServiceAccount bool             `json:"default_service_account"`
	SecureBoot            bool             `json:"shielded_secure_boot"`
	VTPM                  bool             `json:"shielded_vtpm"`
	IntegrityMonitoring   bool             `json:"shielded_integrity_monitoring"`
	BootDiskEncryption    string           `json:"boot_disk_encryption,omitempty"`
	BootDiskKmsKey        string           `json:"boot_disk_kms_key,omitempty"`
	DataDiskKmsKeys       []string         `json:"data_disk_kms_keys"`
	DataDisksWithoutCMEK  int              `json:"data_disks_without_cmek"`
	CustomerManagedKey    bool             `json:"customer_managed_key"`
	Network               string           `json:"network,omitempty"`
	Subnet                string           `json:"subnet,omitempty"`
	MetadataKeys          []string         `json:"metadata_keys"`
	Secrets               []redact.Finding `json:"secret_findings"`
	CreateTime            *time.Time       `json:"create_time,omitempty"`
	UpdateTime            *time.Time       `json:"update_time,omitempty"`
}

// RuntimeTemplate is a Colab Enterprise notebook runtime template.
type RuntimeTemplate struct {
	cloud.Meta
	ResourceName       string   `json:"resource_name"`
	DisplayName        string   `json:"display_name,omitempty"`
	RuntimeType        string   `json:"runtime_type,omitempty"`
	IsDefault          bool     `json:"is_default"`
	MachineType        string   `json:"machine_type,omitempty"`
	InternetAccess     bool     `json:"internet_access"`
	Network            string   `json:"network,omitempty"`
	Subnetwork         string   `json:"subnetwork,omitempty"`
	NetworkTags        []string `json:"network_tags"`
	ServiceAccount     string   `json:"service_account,omitempty"`
	IdleShutdown       bool     `json:"idle_shutdown"`
	IdleTimeoutSeconds int64    `json:"idle_timeout_seconds"`
	SecureBoot         bool     `json:"shielded_secure_boot"`
	CMEK
	CreateTime *time.Time `json:"create_time,omitempty"`
	UpdateTime *time.Time `json:"update_time,omitempty"`
}

// ListWorkbenchInstances streams a project's Workbench instances in every zone.
func ListWorkbenchInstances(ctx context.Context, c *ProjectClients, sc cloud.Scope, f Filter, emit func(*WorkbenchInstance) bool) error {
	all := cloud.Scope{Cloud: cloud.GCP, Project: sc.Project, Location: "-"}
	return stream(ctx, all, collection[*notebookspb.Instance]{
		name: "instances",
		get: func(ctx context.Context, name string) (*notebookspb.Instance, error) {
			return c.Workbench.GetInstance(ctx, &notebookspb.GetInstanceRequest{Name: name})
		},
		list: func(ctx context.Context, parent, filter string) iter[*notebookspb.Instance] {
			return c.Workbench.ListInstances(ctx, &notebookspb.ListInstancesRequest{Parent: parent, Filter: filter})
		},
	}, f, newWorkbenchInstance, emit)
}

// ListRuntimeTemplates streams the location's notebook runtime templates.
func ListRuntimeTemplates(ctx context.Context, c *Clients, sc cloud.Scope, f Filter, emit func(*RuntimeTemplate) bool) error {
	return stream(ctx, sc, collection[*aiplatformpb.NotebookRuntimeTemplate]{
		name: "notebookRuntimeTemplates",
		get: func(ctx context.Context, name string) (*aiplatformpb.NotebookRuntimeTemplate, error) {
			return c.Notebooks.GetNotebookRuntimeTemplate(ctx, &aiplatformpb.GetNotebookRuntimeTemplateRequest{Name: name})
		},
		list: func(ctx context.Context, parent, filter string) iter[*aiplatformpb.NotebookRuntimeTemplate] {
			return c.Notebooks.ListNotebookRuntimeTemplates(ctx, &aiplatformpb.ListNotebookRuntimeTemplatesRequest{Parent: parent, Filter: filter})
		},
	}, f, newRuntimeTemplate, emit)
}

// isDefaultServiceAccount reports the Compute Engine default service account (or none).
func isDefaultServiceAccount(email string) bool {
	return email == "" || strings.HasSuffix(email, "-compute@developer.gserviceaccount.com")
}

func newWorkbenchInstance(i *notebookspb.Instance) *WorkbenchInstance {
	g := i.GetGceSetup()
	zone := path.Base(path.Dir(path.Dir(i.GetName())))
	m := meta(i.GetName(), path.Base(i.GetName()), i.GetLabels())
	m.Location = zone
	r := &WorkbenchInstance{
		Meta:                m,
		ResourceName:        i.GetName(),
		State:               i.GetState().String(),
		HealthState:         i.GetHealthState().String(),
		MachineType:         g.GetMachineType(),
		Creator:             i.GetCreator(),
		InstanceOwners:      append([]string{}, i.GetInstanceOwners()...),
		ProxyURI:            i.GetProxyUri(),
		DisableProxyAccess:  i.GetDisableProxyAccess(),
		PublicIP:            !g.GetDisablePublicIp(),
		SecureBoot:          g.GetShieldedInstanceConfig().GetEnableSecureBoot(),
		VTPM:                g.GetShieldedInstanceConfig().GetEnableVtpm(),
		IntegrityMonitoring: g.GetShieldedInstanceConfig().GetEnableIntegrityMonitoring(),
		BootDiskEncryption:  g.GetBootDisk().GetDiskEncryption().String(),
		BootDiskKmsKey:      g.GetBootDisk().GetKmsKey(),
		ServiceAccounts:     []string{},
		DataDiskKmsKeys:     []string{},
		MetadataKeys:        []string{},
		CreateTime:          timeOf(i.GetCreateTime()),
		UpdateTime:          timeOf(i.GetUpdateTime()),
	}
	// Metadata values can hold startup scripts and tokens: keep the keys, let
	// the redactor judge the values, and read only the two posture flags.
	md := g.GetMetadata()
	r.Secrets = []redact.Finding{}
	r.MetadataKeys = redact.Env(&r.Secrets, "metadata.", md)
	r.RootAccessDisabled = strings.EqualFold(md["notebook-disable-root"], "true")
	if secs, err := strconv.ParseInt(md["idle-timeout-seconds"], 10, 64); err == nil && secs > 0 {
		r.IdleShutdown, r.IdleTimeoutSeconds = true, secs
	}
	r.DefaultServiceAccount = len(g.GetServiceAccounts()) == 0
	for _, sa := range g.GetServiceAccounts() {
		r.ServiceAccounts = append(r.ServiceAccounts, sa.GetEmail())
		if isDefaultServiceAccount(sa.GetEmail()) {
			r.DefaultServiceAccount = true
		}
	}
	for _, d := range g.GetDataDisks() {
		if d.GetKmsKey() != "" {
			r.DataDiskKmsKeys = append(r.DataDiskKmsKeys, d.GetKmsKey())
		} else {
			r.DataDisksWithoutCMEK++
		}
	}
	r.CustomerManagedKey = CustomerManagedKey(r.BootDiskKmsKey) && r.DataDisksWithoutCMEK == 0
	if nics := g.GetNetworkInterfaces(); len(nics) > 0 {
		r.Network, r.Subnet = nics[0].GetNetwork(), nics[0].GetSubnet()
	}
	return r
}

func newRuntimeTemplate(t *aiplatformpb.NotebookRuntimeTemplate) *RuntimeTemplate {
	idle := t.GetIdleShutdownConfig()
	r := &RuntimeTemplate{
		Meta:           meta(t.GetName(), t.GetDisplayName(), t.GetLabels()),
		ResourceName:   t.GetName(),
		DisplayName:    t.GetDisplayName(),
		RuntimeType:    t.GetNotebookRuntimeType().String(),
		IsDefault:      t.GetIsDefault(),
		MachineType:    t.GetMachineSpec().GetMachineType(),
		InternetAccess: t.GetNetworkSpec().GetEnableInternetAccess(),
		Network:        t.GetNetworkSpec().GetNetwork(),
		Subnetwork:     t.GetNetworkSpec().GetSubnetwork(),
		NetworkTags:    append([]string{}, t.GetNetworkTags()...),
		ServiceAccount: t.GetServiceAccount(),
		IdleShutdown:   idle != nil && !idle.GetIdleShutdownDisabled(),
		SecureBoot:     t.GetShieldedVmConfig().GetEnableSecureBoot(),
		CMEK:           cmek(t.GetEncryptionSpec().GetKmsKeyName()),
		CreateTime:     timeOf(t.GetCreateTime()),
		UpdateTime:     timeOf(t.GetUpdateTime()),
	}
	if r.IdleShutdown {
		r.IdleTimeoutSeconds = int64(idle.GetIdleTimeout().AsDuration().Seconds())
	}
	return r
}

// Unified maps the instance to the provider-neutral notebook shape.
func (w *WorkbenchInstance) Unified() *cloud.Notebook {
	identity := ""
	if len(w.ServiceAccounts) > 0 {
		identity = w.ServiceAccounts[0]
	}
	return &cloud.Notebook{
		Meta:               w.Meta,
		Scope:              w.Project,
		ID:                 w.ResourceName,
		Kind:               "workbench_instance",
		Service:            Notebooks,
		State:              w.State,
		InternetAccess:     cloud.Ptr(w.PublicIP),
		PublicIP:           cloud.Ptr(w.PublicIP),
		RootAccess:         cloud.Ptr(!w.RootAccessDisabled),
		IdleShutdown:       cloud.Ptr(w.IdleShutdown),
		Identity:           identity,
		DefaultIdentity:    cloud.Ptr(w.DefaultServiceAccount),
		Network:            w.Network,
		Subnet:             w.Subnet,
		EncryptionKey:      w.BootDiskKmsKey,
		CustomerManagedKey: cloud.Ptr(w.CustomerManagedKey),
		CreatedAt:          w.CreateTime,
		Detail:             w,
	}
}

// Unified maps the template to the provider-neutral notebook shape.
func (t *RuntimeTemplate) Unified() *cloud.Notebook {
	return &cloud.Notebook{
		Meta:               t.Meta,
		Scope:              t.Project,
		ID:                 t.ResourceName,
		Kind:               "colab_runtime_template",
		Service:            AIPlatform,
		InternetAccess:     cloud.Ptr(t.InternetAccess),
		PublicIP:           nil, // runtimes get no external address the template controls
		RootAccess:         nil,
		IdleShutdown:       cloud.Ptr(t.IdleShutdown),
		Identity:           t.ServiceAccount,
		DefaultIdentity:    cloud.Ptr(isDefaultServiceAccount(t.ServiceAccount)),
		Network:            t.Network,
		Subnet:             t.Subnetwork,
		EncryptionKey:      t.KmsKeyName,
		CustomerManagedKey: cloud.Ptr(t.CustomerManagedKey),
		CreatedAt:          t.CreateTime,
		Detail:             t,
	}
}
