package azure

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/aispm/aispm/aispm/cloud"
)

// MLDatastore is a workspace's registered connection to storage. Only the
// credential type is kept: datastore secrets live behind listSecrets, which
// is never called.
type MLDatastore struct {
	cloud.Meta
	ID                    string `json:"id"`
	WorkspaceID           string `json:"workspace_id"`
	WorkspaceName         string `json:"workspace_name"`
	DatastoreType         string `json:"datastore_type,omitempty"`
	AccountName           string `json:"account_name,omitempty"`
	Container             string `json:"container,omitempty"`
	Endpoint              string `json:"endpoint,omitempty"`
	Protocol              string `json:"protocol,omitempty"`
	StorageSubscriptionID string `json:"storage_subscription_id,omitempty"`
	StorageResourceGroup  string `json:"storage_resource_group,omitempty"`
	CredentialsType       string `json:"credentials_type,omitempty"`
	ServiceDataAccessAuth string `json:"service_data_access_auth_identity,omitempty"`
	// DataAccessPrincipalID is the workspace identity the service reads the
	// datastore as (serviceDataAccessAuthIdentity), by its principal id.
	DataAccessPrincipalID string     `json:"service_data_access_principal_id,omitempty"`
	IsDefault             bool       `json:"is_default"`
	URI                   string     `json:"uri,omitempty"`
	CreatedAt             *time.Time `json:"created_at,omitempty"`
}

// MLDataAsset is one version of a workspace data asset.
type MLDataAsset struct {
	cloud.Meta
	ID            string `json:"id"`
	WorkspaceID   string `json:"workspace_id"`
	WorkspaceName string `json:"workspace_name"`
	AssetName     string `json:"asset_name"`
	Version       string `json:"version"`
	DataType      string `json:"data_type,omitempty"`
	DataURI       string `json:"data_uri,omitempty"`
	StorageURI    string `json:"storage_uri,omitempty"`
	Datastore     string `json:"datastore,omitempty"`
	// DataAccessPrincipalID is the datastore's (see MLDatastore).
	DataAccessPrincipalID string     `json:"service_data_access_principal_id,omitempty"`
	IsArchived            bool       `json:"is_archived"`
	CreatedAt             *time.Time `json:"created_at,omitempty"`
}

// credentialless datastore credential types: access by identity, no stored secret.
var credentialless = map[string]bool{"None": true}

// ListMLDatastores streams the datastores of the selected workspaces.
func ListMLDatastores(ctx context.Context, c *Clients, f AccountFilter, emit func(*MLDatastore) bool) error {
	return eachChild(ctx, "datastores", workspaces(ctx, c, f), c.listDatastores, emit)
}

func (c *Clients) datastorePager(w *MLWorkspace) *runtime.Pager[armmachinelearning.DatastoresClientListResponse] {
	return c.Datastores.NewListPager(w.ResourceGroup, w.Name, nil)
}

func datastoreItems(p armmachinelearning.DatastoresClientListResponse) []*armmachinelearning.Datastore {
	return p.Value
}

// datastoresOf lists one workspace's datastores, once per query whichever
// table asks (the datastore table, or an asset walk resolving azureml://
// paths).
func (c *Clients) datastoresOf(ctx context.Context, w *MLWorkspace) ([]*MLDatastore, error) {
	return sharedChildren(ctx, "datastores", w, c.listDatastores)
}

func (c *Clients) listDatastores(ctx context.Context, w *MLWorkspace) ([]*MLDatastore, error) {
	var rows []*MLDatastore
	_, err := eachPage(ctx, c.datastorePager(w), datastoreItems, func(d *armmachinelearning.Datastore) bool {
		rows = append(rows, newMLDatastore(w, d))
		return true
	})
	return rows, err
}

// datastoreIndex is one workspace's datastores by name, to resolve
// azureml://.../datastores/<name>/paths/... URIs to the storage behind them.
func datastoreIndex(ctx context.Context, c *Clients, w *MLWorkspace) (map[string]*MLDatastore, error) {
	stores, err := c.datastoresOf(ctx, w)
	idx := map[string]*MLDatastore{}
	for _, ds := range stores {
		idx[strings.ToLower(ds.Name)] = ds
	}
	return idx, err
}

var datastorePath = regexp.MustCompile(`(?i)^azureml://(?:subscriptions/[^/]+/resourcegroups/[^/]+/(?:providers/microsoft\.machinelearningservices/)?workspaces/[^/]+/)?datastores/([^/]+)/paths/?(.*)$`)

// resolve turns an azureml:// datastore path into the storage URI behind it;
// other URIs are returned unchanged. It also returns the datastore's name.
func resolve(uri string, stores map[string]*MLDatastore) (storageURI, datastore string) {
	m := datastorePath.FindStringSubmatch(uri)
	if m == nil {
		if strings.HasPrefix(strings.ToLower(uri), "azureml://") {
			return "", ""
		}
		return uri, ""
	}
	ds, ok := stores[strings.ToLower(m[1])]
	if !ok || ds.URI == "" {
		return "", m[1]
	}
	return strings.TrimSuffix(ds.URI, "/") + "/" + m[2], m[1]
}

// ListMLDataAssets streams every version of every data asset of the selected
// workspaces, with azureml:// locations resolved through the datastores.
func ListMLDataAssets(ctx context.Context, c *Clients, f AccountFilter, emit func(*MLDataAsset) bool) error {
	return eachWorkspaceAsset(ctx, c, f, "data-assets",
		func(w *MLWorkspace) *runtime.Pager[armmachinelearning.DataContainersClientListResponse] {
			return c.DataContainers.NewListPager(w.ResourceGroup, w.Name, nil)
		},
		func(p armmachinelearning.DataContainersClientListResponse) []*armmachinelearning.DataContainer {
			return p.Value
		},
		func(dc *armmachinelearning.DataContainer) string { return deref(dc.Name) },
		func(w *MLWorkspace, name string) *runtime.Pager[armmachinelearning.DataVersionsClientListResponse] {
			return c.DataVersions.NewListPager(w.ResourceGroup, w.Name, name, nil)
		},
		func(p armmachinelearning.DataVersionsClientListResponse) []*armmachinelearning.DataVersionBase {
			return p.Value
		},
		newMLDataAsset, emit)
}

// eachWorkspaceAsset walks an asset collection (containers, then each
// container's versions) of every selected workspace, converting each version
// with the workspace's datastores at hand (listed only when the workspace has
// at least one asset). Workspaces are walked childWorkers at a time (each
// workspace's assets listed once per query under kind), and so are the
// versions of one workspace's containers.
func eachWorkspaceAsset[CPage, Container, VPage, Version, Row any](ctx context.Context, c *Clients, f AccountFilter, kind string,
	containers func(*MLWorkspace) *runtime.Pager[CPage], containerItems func(CPage) []*Container, name func(*Container) string,
	versions func(*MLWorkspace, string) *runtime.Pager[VPage], versionItems func(VPage) []*Version,
	convert func(*MLWorkspace, map[string]*MLDatastore, *Version) *Row, emit func(*Row) bool) error {
	return eachChild(ctx, kind, workspaces(ctx, c, f), func(ctx context.Context, w *MLWorkspace) ([]*Row, error) {
		var names []string
		if _, err := eachPage(ctx, containers(w), containerItems, func(ct *Container) bool { names = append(names, name(ct)); return true }); err != nil || len(names) == 0 {
			return nil, err
		}
		stores, err := datastoreIndex(ctx, c, w)
		if err != nil {
			return nil, err
		}
		return concat(ctx, names, func(ctx context.Context, n string) ([]*Row, error) {
			var rows []*Row
			_, err := eachPage(ctx, versions(w, n), versionItems, func(v *Version) bool {
				rows = append(rows, convert(w, stores, v))
				return true
			})
			return rows, err
		})
	}, emit)
}

func newMLDatastore(w *MLWorkspace, d *armmachinelearning.Datastore) *MLDatastore {
	m := metaFor(deref(d.ID), deref(d.Name), w.Location, nil)
	r := &MLDatastore{Meta: m, ID: deref(d.ID), WorkspaceID: w.ID, WorkspaceName: w.Name}
	if d.SystemData != nil {
		r.CreatedAt = d.SystemData.CreatedAt
	}
	if d.Properties == nil {
		return r
	}
	base := d.Properties.GetDatastoreProperties()
	r.DatastoreType = string(deref(base.DatastoreType))
	r.IsDefault = deref(base.IsDefault)
	for k, v := range base.Tags {
		r.Tags[k] = deref(v)
	}
	if base.Credentials != nil {
		r.CredentialsType = string(deref(base.Credentials.GetDatastoreCredentials().CredentialsType))
	}
	var auth *armmachinelearning.ServiceDataAccessAuthIdentity
	switch p := d.Properties.(type) {
	case *armmachinelearning.AzureBlobDatastore:
		r.AccountName, r.Container, r.Endpoint, r.Protocol = deref(p.AccountName), deref(p.ContainerName), deref(p.Endpoint), deref(p.Protocol)
		r.StorageSubscriptionID, r.StorageResourceGroup, auth = deref(p.SubscriptionID), deref(p.ResourceGroup), p.ServiceDataAccessAuthIdentity
		r.URI = "https://" + r.AccountName + ".blob." + orDefault(r.Endpoint, "core.windows.net") + "/" + r.Container
	case *armmachinelearning.AzureDataLakeGen2Datastore:
		r.AccountName, r.Container, r.Endpoint, r.Protocol = deref(p.AccountName), deref(p.Filesystem), deref(p.Endpoint), deref(p.Protocol)
		r.StorageSubscriptionID, r.StorageResourceGroup, auth = deref(p.SubscriptionID), deref(p.ResourceGroup), p.ServiceDataAccessAuthIdentity
		r.URI = "abfss://" + r.Container + "@" + r.AccountName + ".dfs." + orDefault(r.Endpoint, "core.windows.net")
	case *armmachinelearning.AzureFileDatastore:
		r.AccountName, r.Container, r.Endpoint, r.Protocol = deref(p.AccountName), deref(p.FileShareName), deref(p.Endpoint), deref(p.Protocol)
		r.StorageSubscriptionID, r.StorageResourceGroup, auth = deref(p.SubscriptionID), deref(p.ResourceGroup), p.ServiceDataAccessAuthIdentity
		r.URI = "https://" + r.AccountName + ".file." + orDefault(r.Endpoint, "core.windows.net") + "/" + r.Container
	case *armmachinelearning.AzureDataLakeGen1Datastore:
		r.AccountName, auth = deref(p.StoreName), p.ServiceDataAccessAuthIdentity
		r.StorageSubscriptionID, r.StorageResourceGroup = deref(p.SubscriptionID), deref(p.ResourceGroup)
		r.URI = "adl://" + r.AccountName + ".azuredatalakestore.net"
	}
	r.ServiceDataAccessAuth = string(deref(auth))
	switch r.ServiceDataAccessAuth {
	case string(armmachinelearning.ServiceDataAccessAuthIdentityWorkspaceSystemAssignedIdentity):
		r.DataAccessPrincipalID = w.IdentityPrincipalID
	case string(armmachinelearning.ServiceDataAccessAuthIdentityWorkspaceUserAssignedIdentity):
		r.DataAccessPrincipalID = w.PrimaryUserPrincipalID
	}
	return r
}

func newMLDataAsset(w *MLWorkspace, stores map[string]*MLDatastore, v *armmachinelearning.DataVersionBase) *MLDataAsset {
	id := deref(v.ID)
	m := metaFor(id, assetName(id), w.Location, nil)
	r := &MLDataAsset{Meta: m, ID: id, WorkspaceID: w.ID, WorkspaceName: w.Name, AssetName: assetName(id), Version: deref(v.Name)}
	if v.SystemData != nil {
		r.CreatedAt = v.SystemData.CreatedAt
	}
	if v.Properties != nil {
		p := v.Properties.GetDataVersionBaseProperties()
		r.DataType, r.DataURI, r.IsArchived = string(deref(p.DataType)), deref(p.DataURI), deref(p.IsArchived)
		for k, val := range p.Tags {
			r.Tags[k] = deref(val)
		}
	}
	r.StorageURI, r.Datastore = resolve(r.DataURI, stores)
	if ds := stores[strings.ToLower(r.Datastore)]; ds != nil {
		r.DataAccessPrincipalID = ds.DataAccessPrincipalID
	}
	return r
}

// assetName reads the asset name from a version id: .../<kind>/<name>/versions/<v>.
func assetName(id string) string {
	parts := strings.Split(id, "/")
	if len(parts) >= 3 && strings.EqualFold(parts[len(parts)-2], "versions") {
		return parts[len(parts)-3]
	}
	return ""
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// DataUses are the storage locations a datastore gives the workspace access to.
func (d *MLDatastore) DataUses() []*cloud.Dataset {
	return []*cloud.Dataset{mlDataUse(d.Meta, d.ID, "azure_ml_datastore", d.URI, d.DataAccessPrincipalID, d.CreatedAt, d)}
}

// DataUses are the storage locations a data asset version points at.
func (a *MLDataAsset) DataUses() []*cloud.Dataset {
	uri := a.StorageURI
	if uri == "" {
		uri = a.DataURI
	}
	return []*cloud.Dataset{mlDataUse(a.Meta, a.ID, "azure_ml_data_asset", uri, a.DataAccessPrincipalID, a.CreatedAt, a)}
}

func mlDataUse(m cloud.Meta, usedBy, kind, uri, identity string, created *time.Time, detail any) *cloud.Dataset {
	id := uri
	if id == "" {
		id = usedBy
	}
	return &cloud.Dataset{Meta: m, Scope: m.SubscriptionID, ID: id, Kind: kind, Service: MachineLearning,
		UsedBy: usedBy, URI: uri, Identity: identity, PublicMembers: []string{}, CreatedAt: created, Detail: detail}
}

// StorageLocation names the storage account behind a data row, for its
// exposure: the datastore's own subscription when it names one.
func StorageLocation(row *cloud.Dataset) (BlobLocation, bool) {
	loc, ok := ParseBlobURI(row.URI)
	if ds, isStore := row.Detail.(*MLDatastore); ok && isStore {
		loc.SubscriptionID = ds.StorageSubscriptionID
	}
	return loc, ok
}
