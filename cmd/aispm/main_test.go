package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/runner"
)

var aispmBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "aispm-cli")
	if err != nil {
		panic(err)
	}
	aispmBin = filepath.Join(dir, "aispm")
	if out, err := exec.Command("go", "build", "-o", aispmBin, ".").CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestSimPrintExpected(t *testing.T) {
	out, err := exec.Command(aispmBin, "sim", "--estate", "demo", "--print-expected").Output()
	if err != nil {
		t.Fatal(err)
	}
	e, _ := estate.Load("demo")
	want := e.Expected()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	for i, l := range lines {
		var got estate.Expectation
		if err := json.Unmarshal([]byte(l), &got); err != nil || got != want[i] {
			t.Errorf("line %d = %s (err %v), want %+v", i, l, err, want[i])
		}
	}
}

// startSim runs `aispm sim --write-config` and waits for its "ready" line.
func startSim(t *testing.T, extra ...string) string {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "aispm.spc")
	cmd := exec.Command(aispmBin, append([]string{"sim", "--estate", "demo", "--listen", "127.0.0.1:0", "--write-config", cfg, "--page-size", "10"}, extra...)...)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- line
	}()
	select {
	case line := <-ready:
		if line != "ready\n" {
			t.Fatalf("first line %q, want ready", line)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the simulator never said ready")
	}
	return cfg
}

func TestSimWritesAReadyConnection(t *testing.T) {
	cfg := startSim(t)
	c, err := runner.ParseConnection(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "aispm" || !strings.Contains(c.Config, "http://127.0.0.1:") || strings.Contains(c.Config, "plugin") {
		t.Errorf("connection %q:\n%s", c.Name, c.Config)
	}
	out, err := exec.Command(aispmBin, "query", "--config", cfg, "--format", "json", "--columns", "cloud,name", "aispm_endpoint").Output()
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var row map[string]any
		if err := json.Unmarshal([]byte(l), &row); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		per[row["cloud"].(string)]++
	}
	if per["aws"] != 7 || per["azure"] != 5 || per["gcp"] != 8 {
		t.Errorf("endpoints per cloud %v, want aws 7 (4 SageMaker endpoints, 1 provisioned throughput, 2 regions' Bedrock runtime), azure 5 (3 accounts, 2 ML endpoints), gcp 8 (4 Vertex endpoints, each project's publisher-model and Gemini APIs)", per)
	}
	// auth_mode is not a key column: the filter is applied after the plugin, as Postgres would.
	out, err = exec.Command(aispmBin, "query", "--config", cfg, "--format", "json", "--columns", "name",
		"--where", "public_network_access=true", "--where", "auth_mode=key_and_entra_id", "aispm_endpoint").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != `{"name":"acme-aiservices-shared"}` {
		t.Errorf("filtered query returned %s", got)
	}
}

func TestCLIErrors(t *testing.T) {
	cfg := startSim(t)
	badCfg := filepath.Join(t.TempDir(), "bad.spc")
	if err := os.WriteFile(badCfg, []byte("connection \"aispm\" {\n  aws_regions = [\"mars-1\"]\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	notJSON := filepath.Join(t.TempDir(), "x.json")
	os.WriteFile(notJSON, []byte("{nope"), 0o600)
	out := t.TempDir()
	cases := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"query", "--config", cfg, "aispm_nope"}, 1, `no table "aispm_nope"`},
		{[]string{"query", "--config", filepath.Join(t.TempDir(), "missing.spc"), "aispm_endpoint"}, 1, "no such file"},
		{[]string{"query", "--config", cfg, "--where", "nonsense", "aispm_endpoint"}, 2, "column=value"},
		{[]string{"sim", "--listen", "0.0.0.0:0"}, 1, "loopback"},
		{[]string{"sim", "--throttle", "1.5"}, 2, "--throttle"},
		{[]string{"sim", "--estate", "/nonexistent.yaml", "--print-expected"}, 1, "nonexistent.yaml"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"export", "--config", cfg}, 2, "--to is required"},
		{[]string{"export", "--config", cfg, "--to", "postgres://%zz"}, 1, "not a valid PostgreSQL URL"},
		{[]string{"export", "--config", cfg, "--to", "postgres://aispm@127.0.0.1:1/aispm?sslmode=disable&connect_timeout=3"}, 1, "cannot connect to PostgreSQL at 127.0.0.1:1"},
		{[]string{"export", "--config", cfg, "--to", out, "--tables", "aispm_endpoint,nope"}, 2, `no table "nope"`},
		{[]string{"export", "--config", badCfg, "--to", out}, 2, `aws_regions: unknown region "mars-1"`},
		{[]string{"export", "--config", badCfg, "--to", out}, 2, `bad.spc:2)`},
		{[]string{"query", "--config", cfg, "--where", "nope=1", "aispm_endpoint"}, 2, `no column "nope"`},
		{[]string{"query", "--config", cfg, "--where", "public_network_access=maybe", "aispm_endpoint"}, 2, `not a boolean`},
		{[]string{"query", "--config", cfg, "--columns", "name,zzz", "aispm_endpoint"}, 2, `no column "zzz"`},
		{[]string{"query", "aispm_endpoint", "--config", cfg, "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"query", "--config", cfg}, 2, "query takes one TABLE"},
		{[]string{"export", "--help"}, 0, "--allow-partial"},
		{[]string{"--version"}, 0, "aispm version"},
		{[]string{"export", "--config", cfg, "--to", out, "--format", "xml"}, 2, "jsonl or csv"},
		{[]string{"report", notJSON}, 1, "not a Powerpipe benchmark JSON export"},
	}
	for _, c := range cases {
		out, err := exec.Command(aispmBin, c.args...).CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		if code != c.code || !strings.Contains(string(out), c.says) {
			t.Errorf("aispm %v: exit %d, output %q; want exit %d saying %q", c.args, code, out, c.code, c.says)
		}
	}
}

// A file export prints one summary line per table when stderr is not a terminal.
func TestExportToFiles(t *testing.T) {
	cfg := startSim(t)
	dir := filepath.Join(t.TempDir(), "snap")
	out, err := exec.Command(aispmBin, "export", "--config", cfg, "--to", dir, "--format", "csv").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, table := range []string{"aispm_endpoint", "aispm_scope_status", "aispm_aws_sagemaker_endpoint"} {
		if !strings.Contains(string(out), table) {
			t.Errorf("no progress line for %s:\n%s", table, out)
		}
		if _, err := os.Stat(filepath.Join(dir, table+".csv")); err != nil {
			t.Error(err)
		}
	}
	if strings.Contains(string(out), "\r") {
		t.Error("terminal redraws in non-terminal output")
	}
	if !regexp.MustCompile(`exported \d+ tables, \d+ rows`).Match(out) {
		t.Errorf("no summary:\n%s", out)
	}
}

// aispm scan exits like ClamAV: 0 clean, 1 findings, 2 an artifact it could
// not scan; JSON output is one result per line.
func TestScanExitCodes(t *testing.T) {
	corpus := filepath.Join("..", "..", "aispm", "scan", "testdata", "corpus")
	garbage := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(garbage, []byte("hello, not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A Hugging Face cache: snapshot files are symlinks into blobs/ (named by
	// hash, no extension), plus a symlink loop and a FIFO.
	hf := t.TempDir()
	for _, d := range []string{"blobs", "snapshots/r1"} {
		if err := os.MkdirAll(filepath.Join(hf, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	evil, err := os.ReadFile(filepath.Join(corpus, "evil_torch.pt"))
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(hf, "blobs", "5f0c2a9e"), evil, 0o644))
	must(os.WriteFile(filepath.Join(hf, "blobs", "77aa01"), []byte("# model card"), 0o644))
	must(os.Symlink("../../blobs/5f0c2a9e", filepath.Join(hf, "snapshots", "r1", "pytorch_model.bin")))
	must(os.Symlink("../../blobs/77aa01", filepath.Join(hf, "snapshots", "r1", "README.md")))
	must(os.Symlink("..", filepath.Join(hf, "snapshots", "r1", "loop")))
	must(syscall.Mkfifo(filepath.Join(hf, "snapshots", "r1", "pipe"), 0o644))
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"scan", filepath.Join(corpus, "benign_torch.pt"), filepath.Join(corpus, "benign.safetensors")}, 0, "2 scanned: 2 clean, 0 with findings"},
		{[]string{"scan", filepath.Join(corpus, "evil_torch.pt"), "--format", "text"}, 1, "posix.system (member archive/data.pkl"},
		{[]string{"scan", "--format", "json", filepath.Join(corpus, "evil_lambda.keras")}, 1, `"rule":"keras_lambda_layer"`},
		{[]string{"scan", garbage}, 2, "ERROR unrecognized model format"},
		{[]string{"scan", filepath.Join(corpus, "no-such-file.pt")}, 2, "no such file"},
		{[]string{"scan"}, 2, "one or more files"},
		{[]string{"scan", hf}, 1, "posix.system"},                                                              // symlinks into blobs/ are followed
		{[]string{"scan", filepath.Join(hf, "snapshots")}, 1, "pipe: not scanned (not a regular file (fifo))"}, // reported, not a silent skip
		{[]string{"scan", empty}, 2, "nothing was scanned"},                                                    // an empty folder is not a clean verdict
	} {
		out, err := exec.Command(aispmBin, c.args...).CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		if code != c.code || !strings.Contains(string(out), c.want) {
			t.Errorf("aispm %v: exit %d, want %d; output lacks %q:\n%s", c.args, code, c.code, c.want, out)
		}
	}
}

// query answers like Postgres: --limit after every filter, and a scope that
// could not be read makes the answer partial (exit 3, the scope on stderr).
func TestQueryTellsTheTruth(t *testing.T) {
	cfg := startSim(t)
	out, err := exec.Command(aispmBin, "query", "--config", cfg, "--format", "json", "--columns", "name",
		"--where", "auth_mode=key_and_iam", "--limit", "2", "aispm_endpoint").Output()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.TrimSpace(string(out)), "\n") + 1; n != 2 {
		t.Errorf("--limit 2 after a non-key filter returned %d rows: %s", n, out)
	}
	dark := startSim(t, "--deny", "aws:111122223333/eu-west-1")
	cmd := exec.Command(aispmBin, "query", "--config", dark, "--columns", "name", "aispm_endpoint")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != 3 || !strings.Contains(stderr.String(), "111122223333/eu-west-1") || !strings.Contains(stderr.String(), "denied") {
		t.Errorf("query with a denied region: exit %d, stderr %q; want exit 3 naming the region", code, stderr.String())
	}
	if !strings.Contains(string(stdout), "fraud-detector-prod") {
		t.Errorf("the scopes that work were not printed: %s", stdout)
	}
}

// export: 3 when committed without some scopes, 1 (nothing committed) when a
// table could be read in no scope, unless --allow-partial.
func TestExportExitCodes(t *testing.T) {
	run := func(cfg string, args ...string) (int, string) {
		out, err := exec.Command(aispmBin, append([]string{"export", "--config", cfg}, args...)...).CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		return 0, string(out)
	}
	dir := filepath.Join(t.TempDir(), "snap")
	if code, out := run(startSim(t), "--to", dir); code != 0 {
		t.Fatalf("clean export: exit %d: %s", code, out)
	}
	if code, out := run(startSim(t, "--deny", "azure:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"), "--to", dir); code != 3 || !strings.Contains(out, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d") {
		t.Errorf("one denied subscription: exit %d, want 3 listing it:\n%s", code, out)
	}
	dark := startSim(t, "--deny", "aws:*", "--deny", "azure:*", "--deny", "gcp:*")
	code, out := run(dark, "--to", dir)
	if code != 1 || !strings.Contains(out, "could be read in no scope") {
		t.Errorf("nothing readable: exit %d, want 1:\n%s", code, out)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "aispm_endpoint.jsonl")); err != nil || len(b) == 0 {
		t.Errorf("the failed export touched the previous snapshot (%v)", err)
	}
	if code, out := run(dark, "--to", dir, "--allow-partial"); code != 3 {
		t.Errorf("--allow-partial: exit %d, want 3:\n%s", code, out)
	}
}
