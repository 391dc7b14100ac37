package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
)

// buildPlugin builds the plugin binary exactly as `make build` does.
func buildPlugin(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "steampipe-plugin-aispm.plugin")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/aispm/aispm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the plugin: %v\n%s", err, out)
	}
	return bin
}

// The built binary, launched over hashicorp/go-plugin with the SDK's handshake
// exactly as Steampipe launches it, returns the same rows.
func TestBinaryOverGoPlugin(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the plugin binary")
	}
	bin := buildPlugin(t)
	// Pages of 10: lists page, and CloudTrail's 2-calls-a-second quota does not dominate (TestPaging pages by 1).
	s := startSim(t, sim.Options{PageSize: 10})
	var logs strings.Builder
	r, err := runner.Binary(bin, connection(t, s), &logs)
	if err != nil {
		t.Fatalf("%v\nplugin log:\n%s", err, logs.String())
	}
	defer r.Close()
	for _, table := range nativeTables {
		if table == "aispm_ai_activity" {
			continue // the union of the native activity tables; CloudTrail pages wait for its quota
		}
		q := runner.Query{Table: table}
		if activityTables[table] {
			q.Times = timelineOf(s)
		}
		rows, err := r.Rows(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v\nplugin log:\n%s", table, err, logs.String())
		}
		golden(t, table, rows)
	}
	status, err := r.Rows(context.Background(), runner.Query{Table: "aispm_scope_status", Where: map[string]string{}})
	if err != nil || len(status) == 0 {
		t.Fatalf("aispm_scope_status over go-plugin: %d rows, %v", len(status), err)
	}
}

// A bad connection config fails the connection with a message naming the attribute.
func TestBadConfigNamesAttribute(t *testing.T) {
	cases := map[string]string{
		`clouds = ["aws", "oracle"]`:     "clouds",
		`aws_regions = ["mars-1"]`:       "aws_regions",
		`aws_regions = ["eu-*", "[bad"]`: "aws_regions",
		`gcp_endpoint = "10.1.2.3:443"` + "\n" + `gcp_insecure = true` + "\n" + `gcp_projects = ["acme-ml-prod"]`: "gcp_insecure",
		`aws_endpoint_url = "http://sagemaker.example.com"`:                                                       "aws_endpoint_url",
		`azure_subscription_ids = ["not-a-guid"]`:                                                                 "azure_subscription_ids",
		`azure_credential = "password"`:                                                                           "azure_credential",
		`max_attempts = 0`:                                                                                        "max_attempts",
		`aws_regions = "us-east-1"`:                                                                               "aws_regions",
	}
	for body, attr := range cases {
		t.Run(attr, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "aispm.spc")
			if err := os.WriteFile(path, []byte("connection \"aispm\" {\n  plugin = \"local/aispm\"\n  "+body+"\n}\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			// The CLI's reading of the file names the attribute and the line...
			_, err := runner.ParseConnection(path)
			if err == nil || !strings.Contains(err.Error(), attr) || !strings.Contains(err.Error(), "aispm.spc:") {
				t.Fatalf("the CLI's config check: %v; want the attribute %s and the file's line", err, attr)
			}
			// ...and the plugin itself, as Steampipe and the FDW hand it the block, names the attribute.
			c := runner.Connection{Name: "aispm_bad_" + unsafeName.ReplaceAllString(attr, "_"), Config: body + "\n"}
			r, err := runner.InProcess(c)
			if err == nil {
				r.Close()
				t.Fatalf("config %q was accepted", body)
			}
			if !strings.Contains(err.Error(), attr) {
				t.Fatalf("error does not name %s: %v", attr, err)
			}
		})
	}
}

// The sample config users copy (make install) is valid as shipped.
func TestSampleConfigLoads(t *testing.T) {
	c, err := runner.ParseConnection(filepath.Join("..", "..", "config", "aispm.spc"))
	if err != nil {
		t.Fatal(err)
	}
	c.Name = "aispm_sample"
	r, err := runner.InProcess(c)
	if err != nil {
		t.Fatalf("config/aispm.spc does not load: %v", err)
	}
	r.Close()
}
