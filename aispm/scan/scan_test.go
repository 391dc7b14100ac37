package scan

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func scanBytes(t testing.TB, name string, data []byte, lim Limits) *Result {
	t.Helper()
	return Scan(context.Background(), name, bytes.NewReader(data), int64(len(data)), lim)
}

func corpus(t *testing.T) map[string][]byte {
	t.Helper()
	dir := filepath.Join("testdata", "corpus")
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) < 50 {
		t.Fatalf("corpus missing (regenerate with python3 scripts/gen_scan_corpus.py): %v", err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// Every benign file is clean; every evil file has a critical or high finding.
func TestCorpusVerdicts(t *testing.T) {
	for name, data := range corpus(t) {
		res := scanBytes(t, name, data, DefaultLimits())
		if res.Error != "" {
			t.Errorf("%s: error %s", name, res.Error)
			continue
		}
		switch {
		case strings.HasPrefix(name, "benign"):
			if len(res.Findings) != 0 {
				t.Errorf("%s (%s): benign file has findings %+v", name, res.Format, res.Findings)
			}
		case strings.HasPrefix(name, "evil"):
			if w := res.Worst(); w != SevCritical && w != SevHigh {
				t.Errorf("%s (%s): worst finding %q, want critical or high: %+v", name, res.Format, w, res.Findings)
			}
		case strings.HasPrefix(name, "bad"):
			if len(res.Findings) == 0 {
				t.Errorf("%s (%s): a malformed header passed", name, res.Format)
			}
		}
	}
}

func findingFor(res *Result, construct string) *Finding {
	for i, f := range res.Findings {
		if f.Construct == construct {
			return &res.Findings[i]
		}
	}
	return nil
}

func TestFindingsNameTheConstructMemberAndOffset(t *testing.T) {
	c := corpus(t)
	cases := []struct {
		file, construct, member, rule string
		severity                      string
	}{
		{"evil_os_system_p0.pkl", "posix.system", "", RuleDangerousImport, SevCritical},
		{"evil_os_system_p2.pkl", "posix.system", "", RuleDangerousImport, SevCritical},
		{"evil_os_system_p5.pkl", "posix.system", "", RuleDangerousImport, SevCritical},
		{"evil_subprocess_popen_p1.pkl", "commands.Popen", "", RuleDangerousImport, SevCritical}, // protocol < 3 writes Python 2 names
		{"evil_subprocess_popen_p4.pkl", "subprocess.Popen", "", RuleDangerousImport, SevCritical},
		{"evil_builtins_eval_p3.pkl", "builtins.eval", "", RuleDangerousImport, SevCritical},
		{"evil_builtins_exec_p4.pkl", "builtins.exec", "", RuleDangerousImport, SevCritical},
		{"evil_runpy_p4.pkl", "runpy._run_code", "", RuleDangerousImport, SevCritical},
		{"evil_socket_p2.pkl", "socket.create_connection", "", RuleDangerousImport, SevCritical},
		{"evil_webbrowser_p0.pkl", "webbrowser.open", "", RuleDangerousImport, SevCritical},
		{"evil_getattr_p2.pkl", "__builtin__.getattr", "", RuleDangerousImport, SevCritical},
		{"evil_getattr_p2.pkl", "__builtin__.__import__", "", RuleDangerousImport, SevCritical},
		{"evil_memoized_stack_global_p4.pkl", "posix.getcwd", "", RuleDangerousImport, SevCritical},
		{"evil_torch.pt", "posix.system", "archive/data.pkl", RuleDangerousImport, SevCritical},
		{"evil_legacy.pth", "posix.system", "", RuleDangerousImport, SevCritical},
		{"evil_legacy_tar.pt", "commands.check_output", "pickle", RuleDangerousImport, SevCritical},
		{"evil_object_array.npy", "posix.system", "", RuleDangerousImport, SevCritical},
		{"evil_arrays.npz", "posix.system", "meta.npy", RuleDangerousImport, SevCritical},
	}
	for _, tc := range cases {
		res := scanBytes(t, tc.file, c[tc.file], DefaultLimits())
		f := findingFor(res, tc.construct)
		if f == nil {
			t.Errorf("%s: no finding for %s: %+v", tc.file, tc.construct, res.Findings)
			continue
		}
		if f.Member != tc.member || f.Rule != tc.rule || f.Severity != tc.severity {
			t.Errorf("%s: %+v, want member %q rule %s severity %s and an offset", tc.file, *f, tc.member, tc.rule, tc.severity)
		}
	}
	// The offset points at the opcode that names the import.
	data := c["evil_os_system_p0.pkl"]
	f := findingFor(scanBytes(t, "p0", data, DefaultLimits()), "posix.system")
	if f == nil || data[f.Offset] != opGLOBAL {
		t.Errorf("protocol 0 finding offset does not point at the GLOBAL opcode: %+v", f)
	}
	// Memo-carried names: getcwd's STACK_GLOBAL takes its module ("posix")
	// from the memo (BINGET), and the second system call reuses the memoized callable.
	res := scanBytes(t, "memo", c["evil_memoized_stack_global_p4.pkl"], DefaultLimits())
	if countConstruct(res, "posix.system") != 1 || countConstruct(res, "posix.getcwd") != 1 {
		t.Errorf("memoized STACK_GLOBAL: %+v", res.Findings)
	}
}

func countConstruct(res *Result, c string) int {
	n := 0
	for _, f := range res.Findings {
		if f.Construct == c {
			n++
		}
	}
	return n
}

// Zip models are judged from the central directory and the pickle members:
// the tensor data is not read.
func TestZipReadsOnlyWhatItNeeds(t *testing.T) {
	c := corpus(t)
	for _, name := range []string{"benign_torch.pt", "evil_torch.pt"} {
		res := scanBytes(t, name, c[name], DefaultLimits())
		if res.BytesRead >= res.Size/2 {
			t.Errorf("%s: read %d of %d bytes; the 64 KiB tensor member should be skipped", name, res.BytesRead, res.Size)
		}
		if res.Members != 1 {
			t.Errorf("%s: %d members scanned, want 1 (data.pkl)", name, res.Members)
		}
	}
	k := scanBytes(t, "evil_lambda.keras", c["evil_lambda.keras"], DefaultLimits())
	if f := k.Findings; len(f) != 1 || f[0].Rule != RuleKerasLambda || f[0].Member != "config.json" {
		t.Errorf("keras: %+v", k.Findings)
	}
	if s := scanBytes(t, "bad_offsets.safetensors", c["bad_offsets.safetensors"], DefaultLimits()); s.Findings[0].Rule != RuleSafetensors {
		t.Errorf("safetensors: %+v", s.Findings)
	}
	if g := scanBytes(t, "bad_counts.gguf", c["bad_counts.gguf"], DefaultLimits()); g.Findings[0].Rule != RuleGGUF {
		t.Errorf("gguf: %+v", g.Findings)
	}
}

func zipOf(t testing.TB, members map[string][]byte, method uint16, mode fs.FileMode) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, data := range members {
		h := &zip.FileHeader{Name: name, Method: method}
		if mode != 0 {
			h.SetMode(mode)
		}
		f, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Hostile inputs end in a finding or a clear error, never a crash or a hang.
func TestHostileInputs(t *testing.T) {
	c := corpus(t)
	evil := c["evil_os_system_p2.pkl"]
	cases := []struct {
		name string
		data []byte
		lim  func(*Limits)
		rule string // the finding expected; "" for an error
	}{
		{"zip bomb", zipOf(t, map[string][]byte{"archive/data.pkl": make([]byte, 64<<20)}, zip.Deflate, 0), nil, RuleZipBomb},
		{"parent path", zipOf(t, map[string][]byte{"../../etc/cron.d/data.pkl": evil}, zip.Store, 0), nil, RuleArchivePath},
		{"absolute path", zipOf(t, map[string][]byte{"/tmp/data.pkl": evil}, zip.Store, 0), nil, RuleArchivePath},
		{"symlink member", zipOf(t, map[string][]byte{"archive/data.pkl": []byte("/etc/passwd")}, zip.Store, fs.ModeSymlink|0o777), nil, RuleArchivePath},
		{"a million MARKs deep", append([]byte{opPROTO, 2}, bytes.Repeat([]byte{opMARK}, 1_000_000)...), nil, RuleMalformed},
		{"nested empty lists", append(append([]byte{opPROTO, 2}, bytes.Repeat([]byte{opEMPTY_LIST, opMARK}, 200_000)...), opSTOP), nil, RuleMalformed},
		{"truncated pickle", evil[:len(evil)/2], nil, RuleMalformed},
		{"string longer than the file", append([]byte{opPROTO, 2, opBINUNICODE}, 0xff, 0xff, 0xff, 0x7f), nil, RuleMalformed},
		{"8-byte length claim", append([]byte{opPROTO, 4, opBINBYTES8}, bytes.Repeat([]byte{0xff}, 8)...), nil, RuleMalformed},
		{"opcode budget", bytes.Repeat([]byte{opNONE, opPOP}, 100_000), func(l *Limits) { l.MaxPickleOps = 1000 }, RuleMalformed},
		{"byte budget", c["benign_torch.pt"], func(l *Limits) { l.MaxBytes = 100 }, RuleLimit},
		{"garbage", []byte("\x00\x01\x02 this is not a model \xff"), nil, ""},
		{"empty", nil, nil, ""},
		{"zip truncated", c["evil_torch.pt"][:200], nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lim := DefaultLimits()
			lim.Timeout = 10 * time.Second
			if tc.lim != nil {
				tc.lim(&lim)
			}
			start := time.Now()
			res := scanBytes(t, tc.name+".pkl", tc.data, lim)
			if time.Since(start) > 10*time.Second {
				t.Errorf("took %s", time.Since(start))
			}
			if tc.rule == "" {
				if res.Error == "" && len(res.Findings) == 0 {
					t.Errorf("neither an error nor a finding: %+v", res)
				}
				return
			}
			for _, f := range res.Findings {
				if f.Rule == tc.rule {
					return
				}
			}
			t.Errorf("no %s finding: %+v (error %q)", tc.rule, res.Findings, res.Error)
		})
	}
}

func FuzzPickle(f *testing.F) {
	for _, name := range []string{"evil_os_system_p0.pkl", "evil_memoized_stack_global_p4.pkl", "benign_state_dict_p2.pkl", "evil_getattr_p2.pkl"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "corpus", name)); err == nil {
			f.Add(b)
		}
	}
	lim := DefaultLimits()
	lim.MaxPickleOps, lim.MaxStack, lim.MaxMemo, lim.MaxMemberBytes = 100_000, 10_000, 10_000, 1<<20
	f.Fuzz(func(t *testing.T, data []byte) {
		var out []Finding
		_ = scanPickles(bytes.NewReader(data), "", 0, lim, &out)
	})
}

func FuzzArchive(f *testing.F) {
	for _, name := range []string{"evil_torch.pt", "evil_lambda.keras", "evil_arrays.npz", "evil_legacy_tar.pt", "benign.safetensors"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "corpus", name)); err == nil {
			f.Add(b)
		}
	}
	lim := DefaultLimits()
	lim.MaxBytes, lim.MaxMemberBytes, lim.Timeout = 4<<20, 1<<20, 2*time.Second
	f.Fuzz(func(t *testing.T, data []byte) {
		Scan(context.Background(), "fuzz.pt", bytes.NewReader(data), int64(len(data)), lim)
	})
}
