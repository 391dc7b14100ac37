package modgen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const modDir = "../../mods/aispm"

// The committed benchmarks are what the controls' tags generate.
func TestGeneratedBenchmarksMatchTags(t *testing.T) {
	controls, err := ReadControls(modDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(controls) < 60 {
		t.Fatalf("%d controls, want at least 60", len(controls))
	}
	want, err := Generate(controls)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(modDir, GeneratedFile))
	if err != nil || string(got) != want {
		t.Fatalf("%s is stale: run `go run ./internal/modgen/cmd` (err %v)", GeneratedFile, err)
	}
	if got, err := os.ReadFile(filepath.Join(modDir, DetailFile)); err != nil || string(got) != GenerateDetails() {
		t.Fatalf("%s is stale: run `go run ./internal/modgen/cmd` (err %v)", DetailFile, err)
	}
	for _, c := range controls {
		if c.Tags["owasp_llm_2025"] == "" && c.Tags["mitre_atlas"] == "" {
			t.Errorf("%s maps to neither OWASP LLM nor MITRE ATLAS", c.Name)
		}
	}
}

// Every top-level benchmark has a docs page, and the pages are current.
func TestBenchmarkDocs(t *testing.T) {
	mod, err := ReadMod(modDir)
	if err != nil {
		t.Fatal(err)
	}
	docs := mod.Docs()
	if len(docs) < 18 {
		t.Errorf("%d docs pages, want every cloud, domain and framework benchmark", len(docs))
	}
	for name, want := range docs {
		got, err := os.ReadFile(filepath.Join("..", "..", "docs", "benchmarks", name))
		if err != nil || string(got) != want {
			t.Errorf("docs/benchmarks/%s is stale: run `go run ./internal/modgen/cmd` (err %v)", name, err)
		}
	}
	for _, c := range mod.Controls {
		if c.Title == "" || c.Severity == "" {
			t.Errorf("control %s lacks a literal title or severity", c.Name)
		}
		if !strings.Contains(c.Description, "Fix:") {
			t.Errorf("control %s: the description should say why it matters and how to fix it (\"Fix: ...\")", c.Name)
		}
	}
}

// Framework tags carry information: no id covers more than a third of the
// controls unless the framework says why (rendered on its docs page), every
// id a control uses is in the framework's list, and every framework says how
// controls are mapped to it.
func TestFrameworkIDsAreSpecific(t *testing.T) {
	controls, err := ReadControls(modDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, fw := range Frameworks {
		if fw.Scope == "" {
			t.Errorf("%s: no mapping rule (Scope)", fw.Tag)
		}
		count := map[string]int{}
		for _, c := range controls {
			for _, id := range strings.Split(c.Tags[fw.Tag], ",") {
				if id = strings.TrimSpace(id); id != "" {
					count[id]++
				}
			}
		}
		if len(count) < 3 {
			t.Errorf("%s: only %d ids in use", fw.Tag, len(count))
		}
		for id, n := range count {
			if 3*n > len(controls) && fw.Broad[id] == "" {
				t.Errorf("%s %s covers %d of %d controls (more than a third) and the framework does not say why", fw.Tag, id, n, len(controls))
			}
		}
		for id := range fw.Broad {
			if 3*count[id] <= len(controls) {
				t.Errorf("%s %s: a justification for a broad mapping it no longer has (%d of %d controls)", fw.Tag, id, count[id], len(controls))
			}
		}
	}
}

// The least-privilege section of docs/index.md is what aispm.Permissions generates.
func TestPermissionsDocIsCurrent(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "docs", "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), PermissionsDoc()) {
		t.Error("docs/index.md's least-privilege section is stale: run `go run ./internal/modgen/cmd`")
	}
	if !strings.Contains(string(src), QuotasDoc()) || !strings.Contains(QuotasDoc(), "LookupEvents") {
		t.Error("docs/index.md's request-quota section is stale: run `go run ./internal/modgen/cmd`")
	}
	for _, want := range []string{"s3:GetObject", "kms:DescribeKey", "Microsoft.Insights/diagnosticSettings/read", "storage.objects.get", "blobs/read"} {
		if !strings.Contains(PermissionsDoc(), want) {
			t.Errorf("the generated policies lack %s", want)
		}
	}
}

// A control's tags are its locals' tag sets merged with its literal object,
// the literal winning, as Powerpipe's merge() evaluates them.
func TestTagsFromLocals(t *testing.T) {
	dir := t.TempDir()
	src := `locals {
  base = { domain = "threat_detection", iso_42001 = "A.6.2.6" }
}
control "c" {
  title = "t"
  sql   = "select 1"
  tags  = merge(local.base, { iso_42001 = "A.6.2.8", mitre_atlas = "M0024" })
}
`
	if err := os.WriteFile(filepath.Join(dir, "x.pp"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cs, err := ReadControls(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := cs[0].Tags
	if got["domain"] != "threat_detection" || got["iso_42001"] != "A.6.2.8" || got["mitre_atlas"] != "M0024" {
		t.Errorf("tags %v", got)
	}
}
