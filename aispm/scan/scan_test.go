package scan

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pierrec/lz4/v4"
)

func scanBytes(t testing.TB, name string, data []byte, lim Limits) *Result {
	t.Helper()
	return Scan(context.Background(), name, bytes.NewReader(data), int64(len(data)), lim)
}

type manifestEntry struct {
	File, Expect, Loader, Why, Rule string
}

func manifest(t *testing.T) []manifestEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", "MANIFEST.json"))
	if err != nil {
		t.Fatalf("corpus missing (regenerate with /usr/bin/python3 scripts/gen_scan_corpus.py): %v", err)
	}
	var m []manifestEntry
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m) < 140 {
		t.Fatalf("manifest lists %d files", len(m))
	}
	return m
}

func corpusFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hasRule(res *Result, rule string) bool {
	for _, f := range res.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// Every corpus file gets the verdict its manifest states (and which
// scripts/confirm_scan_corpus.py confirms by loading the file): no malicious
// file is clean, no benign file has a finding, malformed and limited files
// are never clean, and no scan reads more bytes than the file holds.
func TestCorpusVerdicts(t *testing.T) {
	counts := map[string]int{}
	for _, e := range manifest(t) {
		data := corpusFile(t, e.File)
		res := scanBytes(t, e.File, data, DefaultLimits())
		counts[e.Expect]++
		if res.BytesRead > res.Size {
			t.Errorf("%s: read %d bytes of a %d-byte file", e.File, res.BytesRead, res.Size)
		}
		describe := fmt.Sprintf("%s (%s; %s): %+v error %q", e.File, res.Format, e.Why, res.Findings, res.Error)
		switch e.Expect {
		case "clean":
			if len(res.Findings) != 0 || res.Error != "" {
				t.Errorf("benign file not clean: %s", describe)
			}
		case "dangerous":
			if w := res.Worst(); w != SevCritical && w != SevHigh {
				t.Errorf("malicious file not flagged critical or high: %s", describe)
			}
		case "finding":
			if !hasRule(res, e.Rule) {
				t.Errorf("no %s finding: %s", e.Rule, describe)
			}
		case "malformed":
			if !hasRule(res, RuleMalformed) {
				t.Errorf("malformed file without a malformed finding: %s", describe)
			}
		case "limit":
			if !hasRule(res, RuleLimit) {
				t.Errorf("no limit_exceeded finding: %s", describe)
			}
		default:
			t.Errorf("%s: unknown expectation %q", e.File, e.Expect)
		}
		if e.Rule != "" && e.Expect != "finding" && !hasRule(res, e.Rule) {
			t.Errorf("no %s finding: %s", e.Rule, describe)
		}
	}
	if counts["clean"] < 25 || counts["dangerous"] < 90 {
		t.Errorf("corpus too thin: %v", counts)
	}
}

// The corpus is what it claims: each file loaded the normal way (torch,
// numpy, joblib, pickle, h5py, onnx, Jinja) under audit hooks. Needs Debian's
// python3 with those packages; make test installs them (AISPM_TEST_STRICT).
func TestCorpusConfirmedByLoaders(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	py := "/usr/bin/python3"
	probe := exec.Command(py, "-c", "import torch, numpy, joblib, h5py, onnx, jinja2")
	if out, err := probe.CombinedOutput(); err != nil {
		if os.Getenv("AISPM_TEST_STRICT") != "" {
			t.Fatalf("the corpus loaders are missing (apt-get install python3-torch python3-numpy python3-joblib python3-h5py python3-onnx python3-jinja2): %s", out)
		}
		t.Skipf("corpus loaders not installed: %s", out)
	}
	cmd := exec.Command(py, filepath.Join("..", "..", "scripts", "confirm_scan_corpus.py"), filepath.Join("testdata", "corpus"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("corpus not confirmed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), fmt.Sprintf("%d of %d files confirmed", len(manifest(t)), len(manifest(t)))) {
		t.Fatalf("unexpected confirmation output:\n%s", out)
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

func countConstruct(res *Result, c string) int {
	n := 0
	for _, f := range res.Findings {
		if f.Construct == c {
			n++
		}
	}
	return n
}

func TestFindingsNameTheConstructMemberAndOffset(t *testing.T) {
	cases := []struct {
		file, construct, member, rule string
		severity                      string
	}{
		{"evil_os_system_p0.pkl", "posix.system", "", RuleDangerousImport, SevCritical},
		{"evil_os_system_p5.pkl", "posix.system", "", RuleDangerousImport, SevCritical},
		{"evil_subprocess_popen_p1.pkl", "subprocess.Popen", "", RuleDangerousImport, SevCritical}, // Python 2's commands, remapped
		{"evil_builtins_eval_p2.pkl", "builtins.eval", "", RuleDangerousImport, SevCritical},       // __builtin__ remapped
		{"evil_getattr_p2.pkl", "builtins.getattr", "", RuleDangerousImport, SevCritical},
		{"evil_memoized_stack_global_p4.pkl", "posix.getcwd", "", RuleDangerousImport, SevCritical},
		{"evil_torch.pt", "posix.system", "archive/data.pkl", RuleDangerousImport, SevCritical},
		{"evil_torch_other_root.pt", "posix.system", "my model v2/data.pkl", RuleDangerousImport, SevCritical},
		{"evil_legacy_tar.pt", "subprocess.check_output", "pickle", RuleDangerousImport, SevCritical},
		{"evil_legacy_tar_storages.pt", "posix.system", "storages", RuleDangerousImport, SevCritical},
		{"evil_legacy_tar_tensors.pt", "posix.system", "tensors", RuleDangerousImport, SevCritical},
		{"evil_arrays.npz", "posix.system", "meta.npy", RuleDangerousImport, SevCritical},
		{"evil_npz_member_noext.npz", "posix.system", "payload", RuleDangerousImport, SevCritical},
		{"evil_plain.tar", "posix.system", "model/model.joblib", RuleDangerousImport, SevCritical},
		{"evil_commands_p0.pkl", "subprocess.getoutput", "", RuleDangerousImport, SevCritical},
		{"evil_string_escape.pkl", "os.system", "", RuleDangerousImport, SevCritical},
		{"evil_unicode_escape.pkl", "os.system", "", RuleDangerousImport, SevCritical},
		{"evil_put_underscore.pkl", "os.system", "", RuleDangerousImport, SevCritical},
		{"evil_dotted_numpy_runstring.pkl", "numpy.testing._private.utils.runstring", "", RuleDangerousImport, SevCritical},
		{"evil_dotted_tempfile_os.pkl", "tempfile._os.system", "", RuleDangerousImport, SevCritical},
		{"evil_dotted_torch_hub.pkl", "torch.hub.load", "", RuleDangerousImport, SevCritical},
		{"evil_dotted_globals.pkl", "argparse.Namespace.__init__.__globals__", "", RuleDangerousImport, SevCritical},
		{"evil_unknown_called.pkl", "logging.FileHandler", "", RuleUnknownImport, SevHigh},
		{"evil_pydoc_pipepager.pkl", "pydoc.pipepager", "", RuleDangerousImport, SevCritical},
		{"evil_uuid_command.pkl", "uuid._get_command_stdout", "", RuleDangerousImport, SevCritical},
		{"evil_joblib_after_array.joblib", "posix.system", "", RuleDangerousImport, SevCritical},
		{"evil_joblib_xz.joblib.xz", "posix.system", "", RuleDangerousImport, SevCritical},
		{"evil_keras_module.keras", "Keras imports builtins.exec from the config", "config.json", RuleKerasObject, SevCritical},
	}
	for _, tc := range cases {
		res := scanBytes(t, tc.file, corpusFile(t, tc.file), DefaultLimits())
		f := findingFor(res, tc.construct)
		if f == nil {
			t.Errorf("%s: no finding for %s: %+v", tc.file, tc.construct, res.Findings)
			continue
		}
		if f.Member != tc.member || f.Rule != tc.rule || f.Severity != tc.severity {
			t.Errorf("%s: %+v, want member %q rule %s severity %s", tc.file, *f, tc.member, tc.rule, tc.severity)
		}
	}
	// The offset points at the opcode that names the import.
	data := corpusFile(t, "evil_os_system_p0.pkl")
	f := findingFor(scanBytes(t, "p0.pkl", data, DefaultLimits()), "posix.system")
	if f == nil || data[f.Offset] != opGLOBAL {
		t.Errorf("protocol 0 finding offset does not point at the GLOBAL opcode: %+v", f)
	}
	// Memo-carried names: the second system call reuses the memoized callable.
	res := scanBytes(t, "memo.pkl", corpusFile(t, "evil_memoized_stack_global_p4.pkl"), DefaultLimits())
	if countConstruct(res, "posix.system") != 1 || countConstruct(res, "posix.getcwd") != 1 {
		t.Errorf("memoized STACK_GLOBAL: %+v", res.Findings)
	}
	// A bomb member is judged too: both findings.
	bomb := scanBytes(t, "evil_bomb_member.pt", corpusFile(t, "evil_bomb_member.pt"), DefaultLimits())
	if !hasRule(bomb, RuleZipBomb) || !hasRule(bomb, RuleDangerousImport) {
		t.Errorf("bomb member: %+v", bomb.Findings)
	}
	// Polyglots are judged as every format they are.
	poly := scanBytes(t, "evil_polyglot_pickle_keras.keras", corpusFile(t, "evil_polyglot_pickle_keras.keras"), DefaultLimits())
	if poly.Format != "pickle+zip" || !hasRule(poly, RuleKerasLambda) {
		t.Errorf("polyglot: format %s, %+v", poly.Format, poly.Findings)
	}
}

// An import is judged by where its dotted path leads: deny rules follow
// attribute walks; allow rules match exact paths only.
func TestImportPolicy(t *testing.T) {
	cases := []struct {
		module, name string
		proto        int
		sev          string
		ok           bool
	}{
		{"collections", "OrderedDict", 2, "", true},
		{"torch._utils", "_rebuild_tensor_v2", 2, "", true},
		{"torch", "_utils._rebuild_tensor_v2", 4, "", true}, // the same object through an attribute path
		{"__builtin__", "set", 2, "", true},
		{"__builtin__", "long", 2, "", true}, // builtins.int
		{"__builtin__", "xrange", 1, "", true},
		{"copy_reg", "_reconstructor", 0, "", true},
		{"__builtin__", "eval", 2, SevCritical, true},
		{"__builtin__", "reduce", 2, SevCritical, true}, // functools.reduce
		{"torch", "hub.load", 4, SevCritical, true},
		{"tempfile", "_os.system", 4, SevCritical, true},
		{"numpy", "testing._private.utils.runstring", 4, SevCritical, true},
		{"collections", "OrderedDict.__init__.__globals__", 4, SevCritical, true},
		{"collections", "OrderedDictX", 4, SevMedium, true}, // no suffix rule
		{"torch.nn", "FloatStorage", 4, SevMedium, true},    // storage names are exact
		{"torch", "FloatStorage.__class__", 4, SevCritical, true},
		{"logging", "FileHandler", 2, SevMedium, true},
		{"logging.config", "dictConfig", 2, SevCritical, true},
		{"os ", "system", 2, "", false}, // not importable: the load stops there
		{"os", "sys tem", 2, "", false},
	}
	for _, tc := range cases {
		sev, _, path, ok := verdict(tc.module, tc.name, tc.proto)
		if sev != tc.sev || ok != tc.ok {
			t.Errorf("%s.%s (protocol %d): severity %q ok %v (%s), want %q %v", tc.module, tc.name, tc.proto, sev, ok, path, tc.sev, tc.ok)
		}
	}
}

// Zip models are judged from the central directory and the pickle members:
// the tensor data is not read.
func TestZipReadsOnlyWhatItNeeds(t *testing.T) {
	for _, name := range []string{"benign_torch.pt", "evil_torch.pt"} {
		res := scanBytes(t, name, corpusFile(t, name), DefaultLimits())
		if res.BytesRead >= res.Size/2 {
			t.Errorf("%s: read %d of %d bytes; the 64 KiB tensor member should be skipped", name, res.BytesRead, res.Size)
		}
		if res.Members != 1 {
			t.Errorf("%s: %d members scanned, want 1 (data.pkl)", name, res.Members)
		}
	}
	k := scanBytes(t, "evil_lambda.keras", corpusFile(t, "evil_lambda.keras"), DefaultLimits())
	if !hasRule(k, RuleKerasLambda) || k.Findings[0].Member != "config.json" {
		t.Errorf("keras: %+v", k.Findings)
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
	evil := corpusFile(t, "evil_os_system_p2.pkl")
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
		{"a million MARKs deep, no STOP", append([]byte{opPROTO, 2}, bytes.Repeat([]byte{opMARK}, 1_000_000)...), nil, RuleMalformed},
		{"STOP on an empty mark", append(append([]byte{opPROTO, 2}, bytes.Repeat([]byte{opEMPTY_LIST, opMARK}, 200_000)...), opSTOP), nil, RuleMalformed},
		{"truncated pickle", evil[:len(evil)/2], nil, RuleMalformed},
		{"string longer than the file", append([]byte{opPROTO, 2, opBINUNICODE}, 0xff, 0xff, 0xff, 0x7f), nil, RuleMalformed},
		{"8-byte length claim", append([]byte{opPROTO, 4, opBINBYTES8}, bytes.Repeat([]byte{0xff}, 8)...), nil, RuleMalformed},
		{"FRAME past the end", append([]byte{opPROTO, 4, opFRAME}, 0xff, 0xff, 0, 0, 0, 0, 0, 0, opNONE, opSTOP), nil, RuleMalformed},
		{"opcode budget", bytes.Repeat([]byte{opNONE, opPOP}, 100_000), func(l *Limits) { l.MaxPickleOps = 1000 }, RuleLimit},
		{"byte budget", corpusFile(t, "benign_torch.pt"), func(l *Limits) { l.MaxBytes = 100 }, RuleLimit},
		{"stack budget, then a payload", append(append([]byte{opPROTO, 2}, bytes.Repeat([]byte{opMARK}, 5000)...), evil[2:]...), func(l *Limits) { l.MaxStack = 1000 }, RuleDangerousImport},
		{"garbage", []byte("\x00\x01\x02 this is not a model \xff"), nil, ""},
		{"empty", nil, nil, ""},
		{"zip truncated", corpusFile(t, "evil_torch.pt")[:200], nil, ""},
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
			// A hang, not a speed target (those live in the benchmarks): the
			// scan's own 10 s deadline is what is under test, and the race
			// detector on a loaded 2-core machine inflates a 64 MiB bomb past it.
			if time.Since(start) > 60*time.Second {
				t.Errorf("took %s: hung past the scan's deadline", time.Since(start))
			}
			if tc.rule == "" {
				if res.Error == "" && len(res.Findings) == 0 {
					t.Errorf("neither an error nor a finding: %+v", res)
				}
				return
			}
			if !hasRule(res, tc.rule) {
				t.Errorf("no %s finding: %+v (error %q)", tc.rule, res.Findings, res.Error)
			}
		})
	}
}

// Ordinary large pickles from a real pickler stay clean: bounded memory is
// not a reason to call them malformed.
func TestLargeOrdinaryPicklesAreClean(t *testing.T) {
	// pickle.dumps(tuple(range(200_000)), 4): MARK, 200k ints, TUPLE.
	var tup bytes.Buffer
	tup.Write([]byte{opPROTO, 4, opMARK})
	for i := 0; i < 200_000; i++ {
		tup.Write([]byte{opBININT, byte(i), byte(i >> 8), byte(i >> 16), 0})
	}
	tup.Write([]byte{opTUPLE, opMEMOIZE, opSTOP})
	// pickle.dumps([str(i) for i in range(1_000_000)], 4): every string
	// memoized, appends batched by 1,000.
	var memo bytes.Buffer
	memo.Write([]byte{opPROTO, 4, opEMPTY_LIST, opMEMOIZE})
	for i := 0; i < 1_000_000; i++ {
		if i%1000 == 0 {
			if i > 0 {
				memo.WriteByte(opAPPENDS)
			}
			memo.WriteByte(opMARK)
		}
		s := fmt.Sprint(i)
		memo.Write([]byte{opSHORT_BINUNICODE, byte(len(s))})
		memo.WriteString(s)
		memo.WriteByte(opMEMOIZE)
	}
	memo.Write([]byte{opAPPENDS, opSTOP})
	for name, data := range map[string][]byte{"tuple.pkl": tup.Bytes(), "memo.pkl": memo.Bytes()} {
		res := scanBytes(t, name, data, DefaultLimits())
		if len(res.Findings) != 0 || res.Error != "" {
			t.Errorf("%s: %+v %s", name, res.Findings, res.Error)
		}
	}
}

// 100,000 small members are judged within the time limit (in parallel, one
// deadline), and a time limit that is hit is reported once.
func TestManyMembers(t *testing.T) {
	members := map[string][]byte{}
	small := corpusFile(t, "benign_stacked.pkl")
	for i := 0; i < 100_000; i++ {
		members[fmt.Sprintf("m/%06d.pkl", i)] = small
	}
	data := zipOf(t, members, zip.Store, 0)
	start := time.Now()
	res := scanBytes(t, "many.zip", data, DefaultLimits())
	if len(res.Findings) != 0 || res.Error != "" || res.Members != 100_000 {
		t.Errorf("100k members: %d members, %d findings %+v, error %q", res.Members, len(res.Findings), firstN(res.Findings, 3), res.Error)
	}
	t.Logf("100,000 members judged in %s", time.Since(start))
	lim := DefaultLimits()
	lim.Timeout = 50 * time.Millisecond
	res = scanBytes(t, "many.zip", data, lim)
	n := 0
	for _, f := range res.Findings {
		if f.Rule == RuleLimit {
			n++
		}
	}
	if n != 1 {
		t.Errorf("time limit reported %d times: %+v", n, firstN(res.Findings, 5))
	}
}

func firstN(f []Finding, n int) []Finding {
	if len(f) > n {
		return f[:n]
	}
	return f
}

func FuzzPickle(f *testing.F) {
	for _, name := range []string{"evil_os_system_p0.pkl", "evil_memoized_stack_global_p4.pkl", "benign_state_dict_p2.pkl",
		"evil_getattr_p2.pkl", "evil_put_underscore.pkl", "benign_joblib_arrays.joblib", "evil_ext_registry.pkl"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "corpus", name)); err == nil {
			f.Add(b)
		}
	}
	lim := DefaultLimits()
	lim.MaxPickleOps, lim.MaxStack, lim.MaxMemo, lim.MaxMemberBytes = 100_000, 10_000, 10_000, 1<<20
	f.Fuzz(func(t *testing.T, data []byte) {
		Scan(context.Background(), "fuzz.pkl", bytes.NewReader(data), int64(len(data)), lim)
	})
}

func FuzzArchive(f *testing.F) {
	for _, name := range []string{"evil_torch.pt", "evil_lambda.keras", "evil_arrays.npz", "evil_legacy_tar.pt", "benign.safetensors",
		"benign_legacy_tar.pt", "evil_joblib_gzip.joblib.gz", "benign_chat.gguf", "benign_model.onnx"} {
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

func FuzzNumpyHeader(f *testing.F) {
	for _, h := range []string{"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", `{"descr": [("a", "<f8"), ("b", "|O")], "fortran_order": False, "shape": (1,)}`,
		"{'descr': '|' 'O', 'fortran_order': False, 'shape': (1,)}"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, header string) {
		data := append([]byte("\x93NUMPY\x01\x00"), byte(len(header)), byte(len(header)>>8))
		data = append(data, header...)
		data = append(data, corpusFile(t, "evil_os_system_p2.pkl")...)
		Scan(context.Background(), "fuzz.npy", bytes.NewReader(data), int64(len(data)), DefaultLimits())
	})
}

func FuzzKerasConfig(f *testing.F) {
	for _, c := range []string{`{"class_name": "Sequential", "config": {"layers": [{"class_name": "Lambda", "config": {"name": "x"}}]}}`,
		`{"module": "builtins", "class_name": "function", "config": "exec"}`, `[[[[{"class_name": "\u004cambda"}]]]]`} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, cfg string) {
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		for name, body := range map[string]string{"config.json": cfg, "metadata.json": "{}"} {
			fw, _ := w.Create(name)
			fw.Write([]byte(body))
		}
		w.Close()
		Scan(context.Background(), "fuzz.keras", bytes.NewReader(buf.Bytes()), int64(buf.Len()), DefaultLimits())
	})
}

// Compressed pickles and joblib files in every codec joblib writes, lz4
// included (the corpus has the others, written by joblib itself).
func TestLz4Joblib(t *testing.T) {
	var buf bytes.Buffer
	w := lz4.NewWriter(&buf)
	if _, err := w.Write(corpusFile(t, "evil_os_system_p4.pkl")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	res := scanBytes(t, "model.joblib.lz4", buf.Bytes(), DefaultLimits())
	if res.Format != "lz4" || res.Worst() != SevCritical {
		t.Errorf("lz4: %s %+v %s", res.Format, res.Findings, res.Error)
	}
}
