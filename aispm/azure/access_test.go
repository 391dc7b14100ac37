package azure

import (
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
)

func perms(actions, notActions, data, notData []string) *armauthorization.Permission {
	ptrs := func(v []string) []*string {
		out := make([]*string, len(v))
		for i := range v {
			out[i] = &v[i]
		}
		return out
	}
	return &armauthorization.Permission{Actions: ptrs(actions), NotActions: ptrs(notActions), DataActions: ptrs(data), NotDataActions: ptrs(notData)}
}

func TestRoleBlobAccess(t *testing.T) {
	cases := []struct {
		name                 string
		perms                []*armauthorization.Permission
		sharedKey            bool
		read, write, viaKeys bool
	}{
		{"data reader", []*armauthorization.Permission{perms(nil, nil, []string{"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"}, nil)}, true, true, false, false},
		{"data owner wildcard, any case", []*armauthorization.Permission{perms(nil, nil, []string{"microsoft.storage/storageaccounts/blobservices/containers/blobs/*"}, nil)}, false, true, true, false},
		{"add only (append blobs)", []*armauthorization.Permission{perms(nil, nil, []string{"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action"}, nil)}, false, false, true, false},
		{"not-data-action removes writes", []*armauthorization.Permission{perms(nil, nil, []string{"Microsoft.Storage/*"}, []string{"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action"})}, false, true, false, false},
		{"owner lists keys: everything, while Shared Key is allowed", []*armauthorization.Permission{perms([]string{"*"}, nil, nil, nil)}, true, true, true, true},
		{"owner without Shared Key: nothing on the data plane", []*armauthorization.Permission{perms([]string{"*"}, nil, nil, nil)}, false, false, false, false},
		{"contributor whose not-actions exclude storage keys", []*armauthorization.Permission{perms([]string{"*"}, []string{"Microsoft.Storage/storageAccounts/listKeys/action"}, nil, nil)}, true, false, false, false},
		{"reader", []*armauthorization.Permission{perms([]string{"*/read"}, nil, nil, nil)}, true, false, false, false},
		{"a second block grants what the first excludes", []*armauthorization.Permission{
			perms(nil, nil, []string{"*"}, []string{"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"}),
			perms(nil, nil, []string{"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"}, nil)}, false, true, true, false},
	}
	for _, c := range cases {
		a := role{name: c.name, perms: c.perms}.access(c.sharedKey)
		if a.Read != c.read || a.Write != c.write || a.ByKeys != c.viaKeys {
			t.Errorf("%s: read %t write %t by keys %t, want %t %t %t", c.name, a.Read, a.Write, a.ByKeys, c.read, c.write, c.viaKeys)
		}
	}
}
