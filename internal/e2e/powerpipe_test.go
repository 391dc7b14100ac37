package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/export"
	"github.com/aispm/aispm/internal/powerpipe"
	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
	"github.com/jackc/pgx/v5"
)

// fromEnv returns a test prerequisite that make test provides, or skips.
func fromEnv(t *testing.T, name, provider string) string {
	t.Helper()
	v := os.Getenv(name)
	switch {
	case v != "":
		return v
	case os.Getenv("AISPM_TEST_STRICT") != "":
		t.Fatalf("%s is not set, and make test (AISPM_TEST_STRICT) requires it: make test %s", name, provider)
	default:
		t.Skipf("%s is not set: run make test, which %s", name, provider)
	}
	return ""
}

// pgURL is the test PostgreSQL (make test starts one with scripts/pg.sh).
func pgURL(t *testing.T) string {
	return fromEnv(t, "AISPM_TEST_PG_URL", "starts PostgreSQL with scripts/pg.sh")
}

func powerpipeBin(t *testing.T) string {
	return fromEnv(t, "AISPM_TEST_POWERPIPE", "builds bin/powerpipe")
}

// withSearchPath points a URL's search_path at a snapshot schema.
func withSearchPath(url, schema string) string {
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

func runPowerpipe(t *testing.T, bin, dir string, args ...string) int {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"POWERPIPE_INSTALL_DIR="+filepath.Join(dir, ".powerpipe"),
		"POWERPIPE_UPDATE_CHECK=false",
		"POWERPIPE_TELEMETRY=none")
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("powerpipe %v: %v", args, err)
	}
	if code > 1 {
		t.Fatalf("powerpipe %v exited %d:\n%s", args, code, out)
	}
	return code
}

func exportDemo(t *testing.T, url, schema string, opts sim.Options) *sim.Server {
	t.Helper()
	opts.Now = time.Now() // the controls compare with the database's now()
	s := startSim(t, opts)
	r, err := runner.InProcess(connection(t, s))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tables, err := export.Resolve(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	pg := &export.Postgres{URL: url, Schema: schema}
	defer pg.Close()
	_, _, err = export.Run(context.Background(), r, pg, tables, export.Options{Workers: 3, ReplaceAll: true})
	var partial *export.PartialError
	if err != nil && !(errors.As(err, &partial) && len(opts.Deny)+len(opts.Disable) > 0) {
		t.Fatal(err)
	}
	return s
}

// The main job end to end: simulator -> export -> PostgreSQL -> powerpipe
// benchmark run. The (control, resource) alarms in Powerpipe's own JSON export
// equal the demo estate's ground truth exactly, and no control errors.
func TestBenchmarkMatchesGroundTruth(t *testing.T) {
	url, bin := pgURL(t), powerpipeBin(t)
	schema := "e2e_benchmark"
	s := exportDemo(t, url, schema, sim.Options{PageSize: 10})
	dir := t.TempDir()
	mod, _ := filepath.Abs(filepath.Join("..", "..", "mods", "aispm"))
	db := "database=" + withSearchPath(url, schema)
	code := runPowerpipe(t, bin, dir, "benchmark", "run", "aispm.benchmark.all", "--mod-location", mod, "--var", db,
		"--export", "benchmark.json", "--output", "none", "--progress=false")
	if code != 1 {
		t.Errorf("powerpipe exit %d, want 1 (the demo estate has alarms)", code)
	}
	rep, err := powerpipe.Read(filepath.Join(dir, "benchmark.json"))
	if err != nil {
		t.Fatal(err)
	}
	if errs := rep.Errors(); len(errs) > 0 || rep.Summary.Error > 0 {
		t.Fatalf("controls in error: %v", errs)
	}
	got := map[string]bool{}
	for _, f := range rep.Findings("alarm") {
		got[f.Control+" "+f.Resource] = true
	}
	want := map[string]bool{}
	for _, x := range s.Estate.Expected() {
		want[x.Control+" "+x.Resource] = true
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missed: %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("false alarm: %s", k)
		}
	}
	if rep.Summary.Alarm != len(want) {
		t.Errorf("summary says %d alarms, ground truth has %d", rep.Summary.Alarm, len(want))
	}
	// Every control ran on every resource of its table: reasons are never empty.
	for _, c := range rep.Controls {
		if len(c.Results) == 0 {
			t.Errorf("%s returned no rows", c.Name())
		}
		for _, res := range c.Results {
			if res.Reason == "" || res.Resource == "" {
				t.Errorf("%s: result without reason or resource: %+v", c.Name(), res)
			}
		}
	}

	// Every benchmark (domains, frameworks, per-cloud) loads and resolves: a dry run of all of them.
	benchmarks := modBlocks(t, mod, "benchmark")
	args := []string{"benchmark", "run"}
	for _, b := range benchmarks {
		args = append(args, "aispm.benchmark."+b)
	}
	if code := runPowerpipe(t, bin, dir, append(args, "--dry-run", "--mod-location", mod, "--var", db, "--progress=false")...); code != 0 {
		t.Errorf("dry run of %d benchmarks: exit %d", len(benchmarks), code)
	}

	// Every dashboard renders headless to a snapshot with no panel in error;
	// detail dashboards get an asset id for their input.
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, name := range modBlocks(t, mod, "dashboard") {
		args := []string{"dashboard", "run", "aispm.dashboard." + name, "--mod-location", mod, "--var", db,
			"--export", name + ".pps", "--output", "none", "--progress=false"}
		if kind, ok := strings.CutSuffix(name, "_detail"); ok {
			var id string
			q := fmt.Sprintf("select id from %s.%s order by id limit 1", pgx.Identifier{schema}.Sanitize(), pgx.Identifier{"aispm_" + kind}.Sanitize())
			if err := conn.QueryRow(context.Background(), q).Scan(&id); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			args = append(args, "--arg", "input.id="+id)
		}
		if name == "blast_radius" {
			args = append(args, "--arg", "input.id=internet") // everything anyone can reach
		}
		if code := runPowerpipe(t, bin, dir, args...); code != 0 {
			t.Errorf("dashboard %s: exit %d", name, code)
			continue
		}
		var snap struct {
			Panels map[string]struct {
				Status string `json:"status"`
				Error  string `json:"error"`
			} `json:"panels"`
		}
		raw, err := os.ReadFile(filepath.Join(dir, name+".pps"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &snap); err != nil {
			t.Fatal(err)
		}
		if len(snap.Panels) < 5 {
			t.Errorf("%s: snapshot has %d panels", name, len(snap.Panels))
		}
		for panel, p := range snap.Panels {
			if p.Status != "complete" || p.Error != "" {
				t.Errorf("%s panel %s: status %q error %q", name, panel, p.Status, p.Error)
			}
		}
	}
}

var blockName = regexp.MustCompile(`(?m)^(benchmark|dashboard) "([a-z0-9_]+)"`)

// modBlocks lists the mod's top-level blocks of a type (every benchmark, or
// every dashboard), from its .pp files.
func modBlocks(t *testing.T, mod, typ string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(mod, "*.pp"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range blockName.FindAllStringSubmatch(string(src), -1) {
			if m[1] == typ {
				out = append(out, m[2])
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("the mod has no %s", typ)
	}
	return out
}

// A denied scope reaches SQL: aispm_scope_status is exported with the failure.
func TestExportedScopeStatusShowsDeniedScope(t *testing.T) {
	url := pgURL(t)
	schema := "e2e_denied"
	exportDemo(t, url, schema, sim.Options{Deny: []string{"azure:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}})
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	err = conn.QueryRow(context.Background(), fmt.Sprintf(
		`select count(*) from %s.aispm_scope_status where status = 'denied' and scope = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' and error is not null`,
		pgx.Identifier{schema}.Sanitize())).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("the denied subscription is not in the exported aispm_scope_status")
	}
	var clouds []string
	rows, _ := conn.Query(context.Background(), fmt.Sprintf(`select distinct cloud from %s.aispm_endpoint`, pgx.Identifier{schema}.Sanitize()))
	for rows.Next() {
		var c string
		_ = rows.Scan(&c)
		clouds = append(clouds, c)
	}
	sort.Strings(clouds)
	if strings.Join(clouds, ",") != "aws,azure,gcp" {
		t.Errorf("exported endpoints cover %v; the working Azure subscription should still be there", clouds)
	}
	_ = estate.Expectation{}
}
