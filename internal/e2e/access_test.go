package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
)

// accessEdges are the graph's can_read / can_write edges as
// "principal relation target" → evidence.
func accessEdges(t *testing.T, rows []runner.Row) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range rows {
		rel := fmt.Sprint(r["relation"])
		if rel != "can_read" && rel != "can_write" {
			continue
		}
		k := fmt.Sprint(r["from_id"]) + " " + rel + " " + fmt.Sprint(r["to_id"])
		out[k] = strings.TrimPrefix(out[k]+"; "+fmt.Sprint(r["evidence"]), "; ")
	}
	return out
}

func TestAccessEvaluatedByEachCloud(t *testing.T) {
	e := start(t, sim.Options{})
	edges := accessEdges(t, e.rows("aispm_relationship", nil))
	has := func(edge, evidence string) {
		t.Helper()
		ev, ok := edges[edge]
		if !ok {
			t.Errorf("missing edge %s", edge)
		} else if !strings.Contains(ev, evidence) {
			t.Errorf("%s: evidence %q does not say %q", edge, ev, evidence)
		}
	}
	hasNot := func(edge string) {
		t.Helper()
		if ev, ok := edges[edge]; ok {
			t.Errorf("unexpected edge %s (%s)", edge, ev)
		}
	}
	// AWS bucket policy: another account's role may write the fine-tuning data; the
	// platform role reads everything, but an explicit deny keeps it from writing.
	has("arn:aws:iam::444455556666:role/labeling-vendor can_write s3://acme-ml-training/support/ft-2025.jsonl", "bucket policy (VendorLabelingUpload) allows s3:PutObject; another account")
	hasNot("arn:aws:iam::444455556666:role/labeling-vendor can_read s3://acme-ml-training/support/ft-2025.jsonl")
	has("arn:aws:iam::111122223333:role/sagemaker-platform-exec can_read s3://acme-ml-training/fraud/2025/train/", "bucket policy (PlatformRead)")
	hasNot("arn:aws:iam::111122223333:role/sagemaker-platform-exec can_write s3://acme-ml-training/fraud/2025/train/")
	// IAM's own simulation still stands beside it.
	has("arn:aws:iam::111122223333:role/sagemaker-growth-exec can_write s3://acme-growth-scratch/churn/train.csv", "iam:SimulatePrincipalPolicy allows")

	// Azure role assignments, resolved to the managed identities' principal ids.
	sandbox := "https://acmemlsandboxsa.blob.core.windows.net/datasets/support-chats/"
	has("4a5b6c7d-7777-4888-8999-acme00000007 can_write "+sandbox, "Storage Blob Data Contributor at /subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/rg-ml-dev/providers/Microsoft.Storage/storageAccounts/acmemlsandboxsa")
	has("5b6c7d8e-8888-4999-8aaa-acme0000kr01 can_read "+sandbox, "may list the account keys, and the account allows Shared Key")
	prod := "https://acmemlprodsa.blob.core.windows.net/training/fraud/2025/"
	has("1d2c3b4a-4444-4555-8666-acme00000004 can_read "+prod, "Storage Blob Data Reader at")
	hasNot("1d2c3b4a-4444-4555-8666-acme00000004 can_write " + prod)
	// Contributor may list keys, but the production account refuses Shared Key; Reader has no data action.
	hasNot("0b5e3c9a-7d1f-4e2a-9c3b-acme0000d3p1 can_read " + prod)
	hasNot("9c8b7a6d-0000-4000-8000-acme0000grp1 can_read " + prod)

	// GCP: Policy Analyzer sees the project-level grant and the bucket's own.
	gcs := "gs://acme-ml-prod-data/fraud/transactions-2025.csv"
	has("987654321012-compute@developer.gserviceaccount.com can_write "+gcs, "Policy Analyzer (cloudasset analyzeIamPolicy): serviceAccount:987654321012-compute@developer.gserviceaccount.com holds roles/storage.objectAdmin on //cloudresourcemanager.googleapis.com/projects/acme-ml-prod")
	has("vertex-training@acme-ml-prod.iam.gserviceaccount.com can_read "+gcs, "holds roles/storage.objectViewer on //storage.googleapis.com/projects/_/buckets/acme-ml-prod-data")
	hasNot("group:ml-platform@acme.example can_read " + gcs) // Editor grants no object permission
	if n := len(e.calls(op("GetBucketPolicy"))); n == 0 {
		t.Error("no s3:GetBucketPolicy call was made")
	}
	if n := len(e.calls(op("POST GetProjectIamPolicy"))); n != 0 {
		t.Errorf("Policy Analyzer answered, yet projects.getIamPolicy was called %d times", n)
	}
}

// Without the Cloud Asset API the graph falls back to the bucket's and the
// project's IAM policies, and finds the same access for predefined roles.
func TestGCPAccessWithoutPolicyAnalyzer(t *testing.T) {
	gcpEdges := func(edges map[string]string) []string {
		var out []string
		for k := range edges {
			if strings.Contains(k, " gs://") {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}
	with := gcpEdges(accessEdges(t, start(t, sim.Options{}).rows("aispm_relationship", nil)))

	es, err := estate.Load("demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range es.GCP.Projects {
		p.Disable = append(p.Disable, "cloudasset")
	}
	fallback := startEstate(t, es, sim.Options{})
	edges := accessEdges(t, fallback.rows("aispm_relationship", nil))
	without := gcpEdges(edges)
	if !slices.Equal(with, without) {
		t.Errorf("access with Policy Analyzer and from the IAM policies differ:\n with    %v\n without %v", with, without)
	}
	ev := edges["987654321012-compute@developer.gserviceaccount.com can_write gs://acme-ml-prod-data/fraud/transactions-2025.csv"]
	if !strings.Contains(ev, "project IAM policy: serviceAccount:987654321012-compute@developer.gserviceaccount.com holds roles/storage.objectAdmin") {
		t.Errorf("the fallback's evidence is %q, want the project IAM policy's grant", ev)
	}
	if ev := edges["vertex-training@acme-ml-prod.iam.gserviceaccount.com can_read gs://acme-ml-prod-data/fraud/transactions-2025.csv"]; !strings.Contains(ev, "bucket IAM policy:") {
		t.Errorf("the fallback's bucket evidence is %q", ev)
	}
	if len(fallback.calls(op("POST GetProjectIamPolicy"))) == 0 {
		t.Error("the fallback never read the project's IAM policy")
	}
}
