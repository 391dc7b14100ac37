package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Finding is one judged construct.
type Finding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Construct string `json:"construct"` // the import (os.system), the layer, the header field
	Member    string `json:"member,omitempty"`
	Offset    int64  `json:"offset"` // byte offset inside the member (or the file)
}

// Result is one artifact's scan.
type Result struct {
	Path      string    `json:"path"`
	Format    string    `json:"format"`
	Size      int64     `json:"size"`
	BytesRead int64     `json:"bytes_read"`
	Members   int       `json:"members_scanned"`
	Findings  []Finding `json:"findings"`
	Error     string    `json:"error,omitempty"`
}

// Worst is the worst severity among the findings ("" when clean).
func (r *Result) Worst() string {
	worst := ""
	for _, f := range r.Findings {
		if rank(f.Severity) > rank(worst) {
			worst = f.Severity
		}
	}
	return worst
}

// Limits bound the work done on one artifact.
type Limits struct {
	MaxBytes       int64         // bytes read from the artifact
	MaxMemberBytes int64         // bytes of one compressed member or stream inflated
	MaxMembers     int           // archive members looked at
	MaxRatio       int64         // compression ratio beyond which a member is a bomb
	MaxPickleOps   int64         // opcodes per pickle
	MaxStack       int           // pickle stack slots (and open MARKs)
	MaxMemo        int           // pickle memo entries
	MaxPickles     int           // consecutive pickles in one stream
	MaxDepth       int           // archives inside archives
	Timeout        time.Duration // wall time per artifact
}

// DefaultLimits suit multi-gigabyte checkpoints: only pickles and headers are
// read, and ordinary large pickles (a 200k-item tuple, a million memo
// entries) fit.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 512 << 20, MaxMemberBytes: 256 << 20, MaxMembers: 100000, MaxRatio: 200,
		MaxPickleOps: 500_000_000, MaxStack: 1 << 20, MaxMemo: 4 << 20, MaxPickles: 1024, MaxDepth: 4,
		Timeout: 2 * time.Minute}
}

// scanner is one artifact's scan: the bounded source, the deadline, the
// limits and the shared budgets of the member workers.
type scanner struct {
	ctx     context.Context
	lim     Limits
	src     *source
	members atomic.Int64
	workers chan struct{} // member-level parallelism
	mem     *budget       // bytes of inflated members held at once
}

// Scan judges one artifact read through r. Archives are read by ranged reads
// (for zip and tar only the directory and the members that can hold code),
// members in parallel under one deadline.
func Scan(ctx context.Context, name string, r io.ReaderAt, size int64, lim Limits) *Result {
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	if lim.MaxDepth == 0 {
		lim.MaxDepth = DefaultLimits().MaxDepth
	}
	sc := &scanner{ctx: ctx, lim: lim, src: newSource(ctx, r, size, lim.MaxBytes),
		workers: make(chan struct{}, 8), mem: newBudget(2 * lim.MaxMemberBytes)}
	res := &Result{Path: name, Size: size, Findings: []Finding{}}
	findings, format, err := sc.guarded(func() ([]Finding, string, error) { return sc.artifact(sc.src, size, name, "", 0) })
	res.Format = format
	res.Findings = append(res.Findings, findings...)
	switch {
	case err == nil:
	case errors.Is(err, errLimit):
		res.Findings = append(res.Findings, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: limitText(err)})
	default:
		res.Error = err.Error()
	}
	res.Findings = dedupe(res.Findings)
	res.BytesRead = sc.src.bytesRead()
	res.Members = int(sc.members.Load())
	return res
}

// guarded turns a panic (a scanner bug on some input) into an error, so one
// hostile file can never take the process down.
func (sc *scanner) guarded(fn func() ([]Finding, string, error)) (fs []Finding, format string, err error) {
	defer func() {
		if r := recover(); r != nil {
			fs, format, err = nil, "unknown", fmt.Errorf("scanner failure on this input (please report it): %v", r)
		}
	}()
	return fn()
}

func limitText(err error) string {
	return strings.TrimPrefix(err.Error(), errLimit.Error()+": ")
}

// dedupe drops repeated findings and reports a time limit once.
func dedupe(in []Finding) []Finding {
	sort.SliceStable(in, func(i, j int) bool {
		if in[i].Member != in[j].Member {
			return in[i].Member < in[j].Member
		}
		return in[i].Offset < in[j].Offset
	})
	out := in[:0]
	seen := map[Finding]bool{}
	timeLimit := false
	for _, f := range in {
		if f.Rule == RuleLimit && strings.Contains(f.Construct, "time limit") {
			if timeLimit {
				continue
			}
			timeLimit = true
			f.Member, f.Offset = "", 0
		}
		if seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, f)
	}
	return out
}

// format names a way a file can be loaded.
type format string

const (
	fmtZip          format = "zip"
	fmtTar          format = "tar"
	fmtGzip         format = "gzip"
	fmtBzip2        format = "bzip2"
	fmtXz           format = "xz"
	fmtLzma         format = "lzma"
	fmtZlib         format = "zlib"
	fmtLz4          format = "lz4"
	fmtPickle       format = "pickle"
	fmtMaybePickle  format = "pickle?"
	fmtNpy          format = "npy"
	fmtHDF5         format = "hdf5"
	fmtGGUF         format = "gguf"
	fmtSafetensors  format = "safetensors"
	fmtONNX         format = "onnx"
	fmtSavedModel   format = "tensorflow_saved_model"
	fmtGraphDef     format = "tensorflow_graph"
	fmtKerasMeta    format = "keras_metadata"
	fmtKerasConfig  format = "keras_config"
	fmtTorchTarPart format = "torch_tar_member"
)

// pickleExts are the file names loaders unpickle.
var pickleExts = setOf(".pkl", ".pickle", ".joblib", ".dat", ".pt", ".pth", ".bin", ".ckpt", ".sav", ".pkl3")

// detect lists every format a file is, from its magic bytes, its tail (a zip
// end-of-central-directory record) and its name.
func detect(name string, head, tail []byte) []format {
	base := strings.ToLower(path.Base(name))
	ext := path.Ext(base)
	var out []format
	headFormat := true
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		out = append(out, fmtZip)
	case bytes.HasPrefix(head, []byte(npyMagic)):
		out = append(out, fmtNpy)
	case bytes.HasPrefix(head, []byte("\x89HDF\r\n\x1a\n")), len(head) >= 520 && bytes.HasPrefix(head[512:], []byte("\x89HDF\r\n\x1a\n")):
		out = append(out, fmtHDF5)
	case bytes.HasPrefix(head, []byte("GGUF")):
		out = append(out, fmtGGUF)
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		out = append(out, fmtGzip)
	case len(head) >= 10 && bytes.HasPrefix(head, []byte("BZh")) && head[3] >= '1' && head[3] <= '9' && bytes.HasPrefix(head[4:], []byte("\x31\x41\x59\x26\x53\x59")):
		out = append(out, fmtBzip2)
	case bytes.HasPrefix(head, []byte("\xfd7zXZ\x00")):
		out = append(out, fmtXz)
	case bytes.HasPrefix(head, []byte("\x04\x22\x4d\x18")):
		out = append(out, fmtLz4)
	case len(head) >= 13 && head[0] == 0x5d && head[1] == 0 && head[2] == 0 && (ext == ".lzma" || strings.Contains(base, ".joblib") || strings.Contains(base, ".pkl")):
		out = append(out, fmtLzma)
	case len(head) >= 2 && head[0] == 0x78 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0:
		out = append(out, fmtZlib)
	case len(head) > 262 && string(head[257:262]) == "ustar", ext == ".tar" && tarChecksumOK(head):
		out = append(out, fmtTar)
	default:
		headFormat = false
	}
	if !headFormat || out[0] != fmtZip {
		if hasEOCD(tail) {
			out = append(out, fmtZip) // a zip after other bytes: zipfile and Keras still open it
		}
	}
	switch {
	case headFormat:
	case ext == ".safetensors" || looksSafetensors(head):
		out = append(out, fmtSafetensors)
	case ext == ".onnx":
		out = append(out, fmtONNX)
	case base == "saved_model.pb":
		out = append(out, fmtSavedModel)
	case base == "keras_metadata.pb":
		out = append(out, fmtKerasMeta)
	case ext == ".pb":
		out = append(out, fmtGraphDef)
	}
	if !headFormat && len(head) > 0 {
		switch {
		case head[0] == opPROTO && len(head) > 1 && head[1] <= 5:
			out = append([]format{fmtPickle}, out...)
		case pickleExts[ext] && !hasFormat(out, fmtSafetensors, fmtONNX, fmtSavedModel, fmtGraphDef, fmtKerasMeta):
			out = append([]format{fmtPickle}, out...)
		case pickleStart[head[0]] && len(out) == 0:
			out = append(out, fmtMaybePickle)
		}
	}
	return out
}

func hasFormat(fs []format, want ...format) bool {
	for _, f := range fs {
		for _, w := range want {
			if f == w {
				return true
			}
		}
	}
	return false
}

// pickleStart are the opcodes a pickle can begin with.
var pickleStart = func() [256]bool {
	var t [256]bool
	for _, op := range []byte{opMARK, opEMPTY_DICT, opEMPTY_LIST, opEMPTY_TUPLE, opNONE, opNEWTRUE, opNEWFALSE,
		opGLOBAL, opSTRING, opUNICODE, opBINUNICODE, opSHORT_BINUNICODE, opBINSTRING, opSHORT_BINSTRING, opBINBYTES,
		opSHORT_BINBYTES, opINT, opBININT, opBININT1, opBININT2, opLONG, opLONG1, opFLOAT, opBINFLOAT, opFRAME,
		opPROTO, opEMPTY_SET, opBINUNICODE8, opBINBYTES8, opPERSID} {
		t[op] = true
	}
	return t
}()

func looksSafetensors(head []byte) bool {
	if len(head) < 10 {
		return false
	}
	n := uint64(head[0]) | uint64(head[1])<<8 | uint64(head[2])<<16 | uint64(head[3])<<24 | uint64(head[4])<<32 |
		uint64(head[5])<<40 | uint64(head[6])<<48 | uint64(head[7])<<56
	return n < 100<<20 && n > 1 && head[8] == '{' && (head[9] == '"' || head[9] == ' ' || head[9] == '}')
}

func hasEOCD(tail []byte) bool { return bytes.LastIndex(tail, []byte("PK\x05\x06")) >= 0 }

// zipTail reads the bytes where a zip's end-of-central-directory record can
// be: the last 22 bytes, or the last 64 KiB when an archive comment may
// follow it. A file that starts as a zip needs none of it.
func zipTail(r io.ReaderAt, size int64, head []byte) ([]byte, error) {
	if bytes.HasPrefix(head, []byte("PK")) || size <= int64(len(head)) {
		return head, nil
	}
	for _, n := range []int64{22, 65557} {
		tail := make([]byte, min(size, n))
		k, err := r.ReadAt(tail, size-int64(len(tail)))
		if errors.Is(err, errLimit) {
			return nil, err
		}
		if hasEOCD(tail[:k]) {
			return tail[:k], nil
		}
	}
	return nil, nil
}

func tarChecksumOK(h []byte) bool {
	if len(h) < 512 {
		return false
	}
	var sum int64
	for i := 0; i < 512; i++ {
		if i >= 148 && i < 156 {
			sum += ' '
		} else {
			sum += int64(h[i])
		}
	}
	var want int64
	fmt.Sscanf(strings.Trim(string(h[148:156]), " \x00"), "%o", &want)
	return sum == want && want > 0
}

// modelFile are the file names worth judging: in a bucket under a model's
// artifact URI, in a directory, and inside archives.
var modelFile = regexp.MustCompile(`(?i)\.(pt|pth|bin|ckpt|pkl|pickle|pkl3|joblib|dat|sav|npy|npz|keras|h5|hdf5|safetensors|gguf|onnx|pb|mar|nemo|tar|tar\.gz|tgz|zip)$|\.(pkl|pickle|joblib|npy|pt|pth|bin|dat|sav)\.(gz|bz2|xz|lzma|z|zlib|lz4)$`)

// IsModelFile reports whether a file name is a model format worth scanning.
func IsModelFile(name string) bool { return modelFile.MatchString(path.Base(name)) }

// Sniff reports whether the first bytes of a file name a model format (for
// files whose name says nothing, like a Hugging Face cache blob).
func Sniff(head []byte) bool {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte(npyMagic)),
		bytes.HasPrefix(head, []byte("\x89HDF\r\n\x1a\n")), bytes.HasPrefix(head, []byte("GGUF")),
		len(head) > 1 && head[0] == opPROTO && head[1] <= 5, looksSafetensors(head),
		len(head) > 262 && string(head[257:262]) == "ustar":
		return true
	}
	return false
}

// artifact judges one artifact or archive member as every format it is. It
// returns an error only when nothing could be judged (unreadable, or not a
// known format).
func (sc *scanner) artifact(r io.ReaderAt, size int64, name, member string, depth int) ([]Finding, string, error) {
	if err := sc.ctx.Err(); err != nil {
		return nil, "unknown", limitf("scan time limit reached")
	}
	head := make([]byte, min(4096, size))
	n, err := r.ReadAt(head, 0)
	if errors.Is(err, errLimit) {
		return nil, "unknown", err
	}
	head = head[:n]
	tail, err := zipTail(r, size, head)
	if err != nil {
		return nil, "unknown", err
	}
	formats := detect(name, head, tail)
	if len(formats) == 0 {
		if size == 0 {
			return nil, "empty", errors.New("empty file")
		}
		return nil, "unknown", fmt.Errorf("unrecognized model format (first bytes %q)", printable(head, 16))
	}
	var out []Finding
	var names []string
	judged := 0
	var firstErr error
	for _, f := range formats {
		fs, err := sc.format(f, r, size, name, member, depth)
		out = append(out, fs...)
		switch {
		case err == nil:
			judged++
			names = append(names, strings.TrimSuffix(string(f), "?"))
		case errors.Is(err, errNotPickle) && f == fmtMaybePickle:
		case errors.Is(err, errNotZip):
		case errors.Is(err, errLimit):
			judged++
			names = append(names, string(f))
			out = append(out, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: limitText(err), Member: member})
		default:
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	if judged == 0 {
		if firstErr == nil {
			firstErr = fmt.Errorf("unrecognized model format (first bytes %q)", printable(head, 16))
		}
		return out, string(formats[0]), firstErr
	}
	if firstErr != nil {
		out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: firstErr.Error(), Member: member})
	}
	return out, strings.Join(names, "+"), nil
}

var errNotZip = errors.New("not a zip archive")

// reader judges one format of a byte range (findings at offsets from base);
// counted readers add one to the members judged.
type reader struct {
	counted bool
	read    func(sc *scanner, r io.ReaderAt, size int64, member string, base int64) ([]Finding, error)
}

var readers map[format]reader

func init() { // in init: the readers reach back into format (archives hold formats)
	readers = map[format]reader{
		fmtNpy: {true, (*scanner).npy}, fmtHDF5: {true, (*scanner).h5}, fmtGGUF: {false, (*scanner).gguf},
		fmtSafetensors: {false, (*scanner).safetensors}, fmtONNX: {true, (*scanner).onnx},
		fmtSavedModel: {true, (*scanner).savedModel}, fmtGraphDef: {true, (*scanner).graphDef},
		fmtKerasMeta: {true, (*scanner).kerasMetadata}, fmtKerasConfig: {true, (*scanner).kerasJSON},
		fmtTorchTarPart: {true, (*scanner).torchTarMember},
	}
}

func (sc *scanner) format(f format, r io.ReaderAt, size int64, name, member string, depth int) ([]Finding, error) {
	switch f {
	case fmtZip:
		return sc.zip(r, size, member, depth)
	case fmtTar:
		return sc.tar(r, size, member, depth)
	case fmtGzip, fmtBzip2, fmtXz, fmtLzma, fmtZlib, fmtLz4:
		return sc.compressed(f, r, size, name, member, depth)
	case fmtPickle:
		sc.members.Add(1)
		fs, err := sc.pickleStream(r, size, member, 0, asPickle)
		if errors.Is(err, errNotPickle) {
			return nil, errors.New("not a pickle stream")
		}
		return fs, err
	case fmtMaybePickle:
		fs, err := sc.pickleStream(r, size, member, 0, asTrial)
		if err == nil {
			sc.members.Add(1)
		}
		return fs, err
	}
	rd, ok := readers[f]
	if !ok {
		return nil, fmt.Errorf("no reader for %s", f)
	}
	if rd.counted {
		sc.members.Add(1)
	}
	return rd.read(sc, r, size, member, 0)
}

// judge is a nested artifact's findings (a payload inside a pickle); an
// error becomes a finding.
func (sc *scanner) judge(r io.ReaderAt, size int64, member string, depth int) []Finding {
	fs, _, err := sc.artifact(r, size, member, member, depth)
	if err != nil && !errors.Is(err, errLimit) {
		fs = append(fs, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: err.Error(), Member: member})
	} else if err != nil {
		fs = append(fs, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: limitText(err), Member: member})
	}
	return fs
}

func joinMember(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "/" + name
}

// budget bounds the bytes of inflated members held in memory at once.
type budget struct {
	mu   sync.Mutex
	cond *sync.Cond
	left int64
	max  int64
}

func newBudget(max int64) *budget {
	b := &budget{left: max, max: max}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// acquire takes n bytes, waiting for other members to release theirs when
// wait is set (top-level members); nested members never wait on their
// ancestors, so the budget can be exceeded by one nesting chain at most.
func (b *budget) acquire(n int64, wait bool) int64 {
	n = min(n, b.max)
	b.mu.Lock()
	for wait && b.left < n {
		b.cond.Wait()
	}
	b.left -= n
	b.mu.Unlock()
	return n
}

func (b *budget) release(n int64) {
	b.mu.Lock()
	b.left += n
	b.mu.Unlock()
	b.cond.Broadcast()
}

// unsafePath flags absolute, drive-letter and parent-escaping member names.
func unsafePath(name string) bool {
	n := strings.ReplaceAll(name, "\\", "/")
	if strings.HasPrefix(n, "/") || (len(n) > 1 && n[1] == ':') {
		return true
	}
	for _, c := range strings.Split(n, "/") {
		if c == ".." {
			return true
		}
	}
	return false
}
