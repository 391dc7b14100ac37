package azure

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// Storage is the storage service name in aispm_scope_status.
const Storage = "storage"

// BlobLocation is a storage account and container named by a data URI.
type BlobLocation struct {
	SubscriptionID string // where to look for the account; the row's own subscription when empty
	Account        string
	Container      string
}

// ParseBlobURI reads the storage account and container of an https blob /
// dfs URL or a wasbs:// / abfss:// URI; ok is false for anything else.
func ParseBlobURI(uri string) (BlobLocation, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return BlobLocation{}, false
	}
	account, suffix, _ := strings.Cut(u.Hostname(), ".")
	if !strings.HasPrefix(suffix, "blob.") && !strings.HasPrefix(suffix, "dfs.") {
		return BlobLocation{}, false
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "http":
		container, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
		return BlobLocation{Account: account, Container: container}, account != ""
	case "wasbs", "wasb", "abfss", "abfs":
		return BlobLocation{Account: account, Container: u.User.Username()}, account != ""
	}
	return BlobLocation{}, false
}

// StorageExposure is how exposed a storage account, and the container holding
// the data, are to anonymous internet readers.
type StorageExposure struct {
	AccountID             string     `json:"account_id,omitempty"`
	Account               string     `json:"account"`
	Container             string     `json:"container,omitempty"`
	AllowBlobPublicAccess bool       `json:"allow_blob_public_access"`     // in effect, after the age default
	AllowBlobPublicSet    *bool      `json:"allow_blob_public_access_set"` // as the account reports it (null: never set)
	AnonymousRule         string     `json:"anonymous_access_rule,omitempty"`
	Created               *time.Time `json:"created,omitempty"`
	ContainerPublicAccess string     `json:"container_public_access,omitempty"`
	PublicNetworkAccess   string     `json:"public_network_access,omitempty"`
	NetworkDefaultAction  string     `json:"network_default_action,omitempty"`
	AllowSharedKeyAccess  *bool      `json:"allow_shared_key_access"`
	KeySource             string     `json:"key_source,omitempty"`
	KeyVaultKey           string     `json:"key_vault_key,omitempty"`
	CMK                   bool       `json:"customer_managed_key"`
	Err                   error      `json:"-"`
}

// The anonymous-access default changed for accounts created from August
// 2023 (rolled out through November 2023): before, an unset
// allowBlobPublicAccess permitted anonymous access; after, it disallows it.
var (
	newDefaultFrom  = time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC)
	newDefaultByAll = time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)
)

// anonymousAllowed decides whether the account allows anonymous blob access,
// and says which rule decided it: the setting when set; otherwise the default
// for the account's age (an account of unknown age, or one created during the
// rollout, is taken to permit it).
func anonymousAllowed(set *bool, created *time.Time) (bool, string) {
	switch {
	case set != nil && *set:
		return true, "allowBlobPublicAccess is true"
	case set != nil:
		return false, "allowBlobPublicAccess is false"
	case created == nil:
		return true, "allowBlobPublicAccess is unset and the account's creation time is unknown: the older default permits anonymous access"
	case created.Before(newDefaultFrom):
		return true, "allowBlobPublicAccess is unset on an account created before August 2023: the older default permits anonymous access"
	case created.Before(newDefaultByAll):
		return true, "allowBlobPublicAccess is unset on an account created during the August-November 2023 change of default: taken to permit anonymous access"
	}
	return false, "allowBlobPublicAccess is unset on an account created after the 2023 change of default: anonymous access is disallowed"
}

// explain says which of the settings decided the exposure.
func (e *StorageExposure) explain() string {
	level := strings.ToLower(e.ContainerPublicAccess)
	switch {
	case e.Public():
		return e.AnonymousRule + ", the container grants anonymous " + level + " access and the account accepts any network"
	case !e.AllowBlobPublicAccess:
		return e.AnonymousRule
	case e.Container != "" && level != "blob" && level != "container":
		return e.AnonymousRule + ", but the container is private"
	case !e.NetworkPublic():
		return e.AnonymousRule + ", but the account's network rules (public network access " + orDefault(e.PublicNetworkAccess, "Enabled") + ", default action " + orDefault(e.NetworkDefaultAction, "Allow") + ") block the internet"
	}
	return e.AnonymousRule
}

// NetworkPublic reports whether the account accepts traffic from any network.
func (e *StorageExposure) NetworkPublic() bool {
	return !strings.EqualFold(e.PublicNetworkAccess, "Disabled") && !strings.EqualFold(e.NetworkDefaultAction, "Deny")
}

// Public reports whether anyone on the internet can read the container's
// blobs: the account allows anonymous access, the container grants it, and
// the network lets them in.
func (e *StorageExposure) Public() bool {
	level := strings.ToLower(e.ContainerPublicAccess)
	return e.AllowBlobPublicAccess && (level == "blob" || level == "container") && e.NetworkPublic()
}

// Apply fills a dataset row's storage columns.
func (e *StorageExposure) Apply(row *cloud.Dataset) {
	row.Bucket = e.Account
	if e.Container != "" {
		row.Bucket += "/" + e.Container
	}
	if e.Err != nil {
		row.ExposureError = e.Err.Error()
		return
	}
	row.StoragePublic = cloud.Ptr(e.Public())
	row.PublicAccessBlocked = cloud.Ptr(!e.AllowBlobPublicAccess)
	row.NetworkPublic = cloud.Ptr(e.NetworkPublic())
	if lvl := strings.ToLower(e.ContainerPublicAccess); e.AllowBlobPublicAccess && (lvl == "blob" || lvl == "container") {
		row.PublicMembers = append(row.PublicMembers, "anonymous ("+lvl+")")
	}
	row.ExposureReason = e.explain()
	row.StorageEncryptionKey = e.KeyVaultKey
	row.StorageCustomerManagedKey = cloud.Ptr(e.CMK)
	row.Storage = e
}

type accountIndex map[string]*armstorage.Account

// storageAccounts lists a subscription's storage accounts once per connection,
// indexed by lower-case name: one call serves every data location in it.
var storageAccounts = cloud.Memo(
	func(r request) string { return "azure/storage-accounts/" + r.subscription },
	func(ctx context.Context, d *plugin.QueryData, r request) (accountIndex, error) {
		c, err := clientsCached(ctx, d, r)
		if err != nil {
			return nil, err
		}
		idx := accountIndex{}
		_, err = eachPage(ctx, c.StorageAccounts.NewListPager(nil),
			func(p armstorage.AccountsClientListResponse) []*armstorage.Account { return p.Value },
			func(a *armstorage.Account) bool {
				idx[strings.ToLower(deref(a.Name))] = a
				return true
			})
		return idx, err
	})

type containerRequest struct {
	request
	resourceGroup, account, container string
}

var containerAccess = cloud.Memo(
	func(r containerRequest) string {
		return "azure/container/" + r.subscription + "/" + r.account + "/" + r.container
	},
	func(ctx context.Context, d *plugin.QueryData, r containerRequest) (string, error) {
		c, err := clientsCached(ctx, d, r.request)
		if err != nil {
			return "", err
		}
		out, err := c.BlobContainers.Get(ctx, r.resourceGroup, r.account, r.container, nil)
		if err != nil {
			return "", err
		}
		if out.ContainerProperties == nil {
			return "", nil
		}
		return string(deref(out.ContainerProperties.PublicAccess)), nil
	})

// Exposure reads the exposure of a blob location through the connection's
// cached clients (storage accounts listed once per subscription, each
// container read once). A failure is carried on the result, not returned: the
// data is listed either way, with the reason its exposure is unknown.
func Exposure(ctx context.Context, d *plugin.QueryData, s Settings, subscription string, loc BlobLocation) *StorageExposure {
	if loc.SubscriptionID != "" {
		subscription = loc.SubscriptionID
	}
	e := &StorageExposure{Account: loc.Account, Container: loc.Container}
	r := request{settings: s, subscription: subscription}
	idx, err := storageAccounts(ctx, d, r)
	if err != nil {
		e.Err = fmt.Errorf("listing storage accounts of subscription %s: %w", subscription, err)
		return e
	}
	a, ok := idx[strings.ToLower(loc.Account)]
	if !ok {
		e.Err = fmt.Errorf("storage account %q is not in subscription %s", loc.Account, subscription)
		return e
	}
	e.AccountID = deref(a.ID)
	if p := a.Properties; p != nil {
		e.AllowBlobPublicSet, e.Created = p.AllowBlobPublicAccess, p.CreationTime
		e.AllowBlobPublicAccess, e.AnonymousRule = anonymousAllowed(p.AllowBlobPublicAccess, p.CreationTime)
		e.PublicNetworkAccess = string(deref(p.PublicNetworkAccess))
		e.AllowSharedKeyAccess = p.AllowSharedKeyAccess
		if p.NetworkRuleSet != nil {
			e.NetworkDefaultAction = string(deref(p.NetworkRuleSet.DefaultAction))
		}
		if enc := p.Encryption; enc != nil {
			e.KeySource = string(deref(enc.KeySource))
			if kv := enc.KeyVaultProperties; kv != nil && strings.EqualFold(e.KeySource, string(armstorage.KeySourceMicrosoftKeyvault)) {
				e.KeyVaultKey = strings.TrimSuffix(deref(kv.KeyVaultURI), "/") + "/keys/" + deref(kv.KeyName)
			}
			e.CMK = CustomerManagedKey(e.KeySource)
		}
	}
	if loc.Container == "" || !e.AllowBlobPublicAccess {
		// Anonymous access is off account-wide: the container's level cannot grant it.
		return e
	}
	rid, err := arm.ParseResourceID(e.AccountID)
	if err != nil {
		e.Err = fmt.Errorf("storage account id %q: %w", e.AccountID, err)
		return e
	}
	level, err := containerAccess(ctx, d, containerRequest{request: r, resourceGroup: rid.ResourceGroupName, account: rid.Name, container: loc.Container})
	if err != nil {
		e.Err = fmt.Errorf("reading container %s/%s: %w", loc.Account, loc.Container, err)
		return e
	}
	e.ContainerPublicAccess = level
	return e
}

// StorageKeyOwner resolves a storage account key or a shared access
// signature found in data to the account it opens, from the account's
// metadata (never its keys): the connection's subscriptions are searched for
// the account by name. Account keys, and the service and account SAS they
// sign, work while the account allows Shared Key authorization
// (allowSharedKeyAccess unset or true): active; disabled when it is false;
// not_found when no subscription of the connection holds the account.
func StorageKeyOwner(ctx context.Context, d *plugin.QueryData, s Settings, account string) *cloud.CredentialOwner {
	o := &cloud.CredentialOwner{IdentityKind: "storage_account", IdentityStatus: "unknown"}
	scopes, err := Scopes(ctx, d, s)
	if err != nil {
		o.Error = err.Error()
		return o
	}
	var errs []string
	for _, sc := range scopes {
		idx, err := storageAccounts(ctx, d, request{settings: s, subscription: sc.SubscriptionID})
		if err != nil {
			errs = append(errs, fmt.Sprintf("subscription %s: %v", sc.SubscriptionID, err))
			continue
		}
		a, ok := idx[strings.ToLower(account)]
		if !ok {
			continue
		}
		o.Identity, o.IdentityStatus = deref(a.ID), "active"
		if p := a.Properties; p != nil {
			o.CreatedAt = p.CreationTime
			if p.AllowSharedKeyAccess != nil && !*p.AllowSharedKeyAccess {
				o.IdentityStatus = "disabled"
			}
		}
		return o
	}
	if len(errs) > 0 {
		o.Error = "listing storage accounts: " + strings.Join(errs, "; ")
		return o
	}
	o.IdentityStatus = "not_found"
	return o
}
