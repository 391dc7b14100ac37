package azure

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aispm/aispm/aispm/cloud"
)

func TestParseBlobURI(t *testing.T) {
	cases := []struct {
		uri       string
		ok        bool
		account   string
		container string
	}{
		{"https://acct.blob.core.windows.net/data/a/b.csv", true, "acct", "data"},
		{"https://acct.dfs.core.windows.net/fs/dir/", true, "acct", "fs"},
		{"abfss://fs@acct.dfs.core.windows.net/dir", true, "acct", "fs"},
		{"wasbs://c@acct.blob.core.usgovcloudapi.net/x", true, "acct", "c"},
		{"https://acct.file.core.windows.net/share", false, "", ""},
		{"gs://bucket/x", false, "", ""},
		{"azureml://datastores/x/paths/y", false, "", ""},
		{"not a uri ::", false, "", ""},
		{"", false, "", ""},
	}
	for _, c := range cases {
		loc, ok := ParseBlobURI(c.uri)
		if ok != c.ok || loc.Account != c.account || loc.Container != c.container {
			t.Errorf("ParseBlobURI(%q) = %+v, %v; want %s/%s, %v", c.uri, loc, ok, c.account, c.container, c.ok)
		}
	}
}

func TestResolveDatastorePaths(t *testing.T) {
	stores := map[string]*MLDatastore{
		"workspaceblobstore": {URI: "https://acct.blob.core.windows.net/training"},
		"lake":               {URI: "abfss://fs@acct.dfs.core.windows.net"},
	}
	cases := []struct{ uri, storage, datastore string }{
		{"azureml://datastores/workspaceblobstore/paths/models/x/4/", "https://acct.blob.core.windows.net/training/models/x/4/", "workspaceblobstore"},
		{"azureml://subscriptions/s/resourcegroups/rg/workspaces/ws/datastores/WorkspaceBlobStore/paths/a.csv", "https://acct.blob.core.windows.net/training/a.csv", "WorkspaceBlobStore"},
		{"azureml://datastores/lake/paths/dir", "abfss://fs@acct.dfs.core.windows.net/dir", "lake"},
		{"azureml://datastores/missing/paths/dir", "", "missing"},
		{"azureml://registries/r/models/m/versions/1", "", ""},
		{"https://other.blob.core.windows.net/c/x", "https://other.blob.core.windows.net/c/x", ""},
	}
	for _, c := range cases {
		storage, ds := resolve(c.uri, stores)
		if storage != c.storage || ds != c.datastore {
			t.Errorf("resolve(%q) = %q, %q; want %q, %q", c.uri, storage, ds, c.storage, c.datastore)
		}
	}
}

func TestStorageExposurePublic(t *testing.T) {
	cases := []struct {
		name string
		e    StorageExposure
		want bool
	}{
		{"anonymous container on an open account", StorageExposure{AllowBlobPublicAccess: true, ContainerPublicAccess: "Container", PublicNetworkAccess: "Enabled", NetworkDefaultAction: "Allow"}, true},
		{"blob-level access counts", StorageExposure{AllowBlobPublicAccess: true, ContainerPublicAccess: "Blob"}, true},
		{"account forbids anonymous access", StorageExposure{AllowBlobPublicAccess: false, ContainerPublicAccess: "Container"}, false},
		{"private container", StorageExposure{AllowBlobPublicAccess: true, ContainerPublicAccess: "None"}, false},
		{"network denies by default", StorageExposure{AllowBlobPublicAccess: true, ContainerPublicAccess: "Container", NetworkDefaultAction: "Deny"}, false},
		{"public network access disabled", StorageExposure{AllowBlobPublicAccess: true, ContainerPublicAccess: "Container", PublicNetworkAccess: "Disabled"}, false},
	}
	for _, c := range cases {
		if got := c.e.Public(); got != c.want {
			t.Errorf("%s: Public() = %v, want %v", c.name, got, c.want)
		}
	}
	row := &cloud.Dataset{PublicMembers: []string{}}
	(&StorageExposure{Account: "a", Container: "c", AllowBlobPublicAccess: true, ContainerPublicAccess: "Container"}).Apply(row)
	if row.Bucket != "a/c" || row.StoragePublic == nil || !*row.StoragePublic || len(row.PublicMembers) != 1 {
		t.Errorf("Apply: %+v", row)
	}
}

// The idle shutdown time comes from the raw page; a hostile or odd payload
// yields nothing rather than a panic.
func TestIdleTimesFromPayload(t *testing.T) {
	resp := func(body string) *http.Response {
		return &http.Response{StatusCode: 200, Body: io.NopCloser(bytes.NewBufferString(body))}
	}
	got := map[string]string{}
	idleTimes(resp(`{"value":[{"id":"/A/computes/ci","properties":{"properties":{"idleTimeBeforeShutdown":"PT30M"}}},{"id":"/a/computes/other","properties":{}}]}`), got)
	if got["/a/computes/ci"] != "PT30M" || len(got) != 1 {
		t.Errorf("idle times = %v", got)
	}
	for _, body := range []string{``, `{`, `{"value":"x"}`, `{"value":[{"properties":{"properties":7}}]}`, `[]`} {
		into := map[string]string{}
		idleTimes(resp(body), into)
		if len(into) != 0 {
			t.Errorf("payload %q gave %v", body, into)
		}
	}
	idleTimes(nil, got)
}

// A data plane that never stops saying has_more, or answers garbage, ends the
// listing with an error naming the problem.
func TestAgentListingSurvivesHostileDataPlane(t *testing.T) {
	var calls int
	var body func() string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if r.Host != "acct.services.ai.azure.com" {
			t.Errorf("Host = %q, want the project's host", r.Host)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body())
	}))
	defer srv.Close()
	s := Settings{Loopback: true, DataPlaneURL: srv.URL, Retry: cloud.Retry{MaxAttempts: 1}}
	c := &Clients{DataPlane: newDataPlane(staticToken{}, s)}
	p := &FoundryProject{ID: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct/projects/p"}
	endpoint := "https://acct.services.ai.azure.com/api/projects/p"

	body = func() string { return fmt.Sprintf(`{"data":[],"has_more":true,"last_id":"id%d"}`, calls) }
	err := listProjectAgents(context.Background(), c, p, endpoint, func(*FoundryAgent) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "stopped paging") {
		t.Errorf("endless has_more: err = %v", err)
	}
	if calls != maxAgentsPerQuery/100 {
		t.Errorf("%d calls, want %d", calls, maxAgentsPerQuery/100)
	}

	body = func() string { return `{"data":[{"id":` }
	err = listProjectAgents(context.Background(), c, p, endpoint, func(*FoundryAgent) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "malformed agents response") {
		t.Errorf("truncated JSON: err = %v", err)
	}

	var got []*FoundryAgent
	body = func() string {
		return `{"data":[{"id":"asst_1","model":"dep","tools":[{"type":"openapi"},{"type":"code_interpreter"}],"created_at":1700000000}],"has_more":false}`
	}
	if err := listProjectAgents(context.Background(), c, p, endpoint, func(a *FoundryAgent) bool { got = append(got, a); return true }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "asst_1" || got[0].ID != p.ID+"/agents/asst_1" || strings.Join(got[0].Tools, ",") != "code_interpreter,openapi" {
		t.Errorf("agents = %+v", got)
	}
}
