package scan

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
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
	MaxMemberBytes int64         // uncompressed bytes of one archive member read
	MaxMembers     int           // archive members looked at
	MaxRatio       int64         // compression ratio beyond which a member is a bomb
	MaxPickleOps   int64         // opcodes per pickle
	MaxStack       int           // pickle stack depth (marks included)
	MaxMemo        int           // pickle memo entries
	MaxPickles     int           // consecutive pickles in one stream (legacy torch.save)
	Timeout        time.Duration // wall time per artifact
}

// DefaultLimits suit multi-gigabyte checkpoints: only pickles and headers are read.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 512 << 20, MaxMemberBytes: 256 << 20, MaxMembers: 100000, MaxRatio: 200,
		MaxPickleOps: 50_000_000, MaxStack: 100_000, MaxMemo: 1_000_000, MaxPickles: 8, Timeout: 2 * time.Minute}
}

var errLimit = errors.New("limit")

// source counts the bytes read and stops at the byte limit or the deadline.
type source struct {
	ctx  context.Context
	r    io.ReaderAt
	n    atomic.Int64
	max  int64
	size int64
	head []byte // the first bytes, read once and served again without a read
}

func (s *source) ReadAt(p []byte, off int64) (int, error) {
	if off >= 0 && off+int64(len(p)) <= int64(len(s.head)) {
		return copy(p, s.head[off:]), nil
	}
	if err := s.ctx.Err(); err != nil {
		return 0, fmt.Errorf("%w: scan time limit reached", errLimit)
	}
	if s.n.Load()+int64(len(p)) > s.max {
		return 0, fmt.Errorf("%w: more than %d bytes read", errLimit, s.max)
	}
	n, err := s.r.ReadAt(p, off)
	s.n.Add(int64(n))
	return n, err
}

// Scan judges one artifact read through r (ranged reads: for archives only the
// central directory and the members that can hold code are read).
func Scan(ctx context.Context, name string, r io.ReaderAt, size int64, lim Limits) *Result {
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	src := &source{ctx: ctx, r: r, max: lim.MaxBytes, size: size}
	res := &Result{Path: name, Size: size, Findings: []Finding{}}
	head := make([]byte, min(512, size))
	n, err := src.ReadAt(head, 0)
	head = head[:n]
	src.head = head
	res.Format = detect(name, head)
	if errors.Is(err, errLimit) {
		res.Format = "unknown" // not even the magic bytes fit in the budget
	} else {
		err = scanFormat(src, size, head, lim, res)
	}
	res.BytesRead = src.n.Load()
	switch {
	case errors.Is(err, errLimit):
		res.Findings = append(res.Findings, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: err.Error()})
	case errors.Is(err, errNotPickle) && res.Format == "pickle":
		res.Error = "not a pickle stream"
	case err != nil:
		res.Error = err.Error()
	}
	sort.SliceStable(res.Findings, func(i, j int) bool {
		if res.Findings[i].Member != res.Findings[j].Member {
			return res.Findings[i].Member < res.Findings[j].Member
		}
		return res.Findings[i].Offset < res.Findings[j].Offset
	})
	return res
}

// scanFormat dispatches on the detected format.
func scanFormat(src *source, size int64, head []byte, lim Limits, res *Result) (err error) {
	switch res.Format {
	case "zip":
		err = scanZip(src, size, lim, res)
	case "tar":
		err = scanTar(src, size, lim, res)
	case "gzip":
		err = scanGzip(src, size, lim, res)
	case "pickle":
		res.Members = 1
		err = scanPickles(io.NewSectionReader(src, 0, size), "", 0, lim, &res.Findings)
	case "npy":
		res.Members = 1
		err = scanNpy(io.NewSectionReader(src, 0, size), "", lim, &res.Findings)
	case "safetensors":
		err = scanSafetensors(src, size, &res.Findings)
	case "gguf":
		err = scanGGUF(head, &res.Findings)
	case "hdf5":
		err = scanH5(src, size, lim, &res.Findings)
	default:
		err = fmt.Errorf("unrecognized model format (first bytes %q)", printable(head, 16))
	}
	return err
}

func printable(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}

// detect names the format from the magic bytes, then the extension.
func detect(name string, head []byte) string {
	ext := strings.ToLower(path.Ext(name))
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return "zip"
	case bytes.HasPrefix(head, []byte("\x93NUMPY")):
		return "npy"
	case bytes.HasPrefix(head, []byte("\x89HDF\r\n\x1a\n")):
		return "hdf5"
	case bytes.HasPrefix(head, []byte("GGUF")):
		return "gguf"
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return "gzip"
	case len(head) > 262 && string(head[257:262]) == "ustar":
		return "tar"
	case ext == ".safetensors" || looksSafetensors(head):
		return "safetensors"
	case len(head) > 0 && (head[0] == opPROTO || strings.ContainsRune("(]}cN.KJ", rune(head[0]))):
		return "pickle"
	case ext == ".pkl" || ext == ".pickle" || ext == ".joblib" || ext == ".dat" || ext == ".pt" || ext == ".pth" || ext == ".bin" || ext == ".ckpt":
		return "pickle"
	}
	return "unknown"
}

func looksSafetensors(head []byte) bool {
	return len(head) > 9 && binary.LittleEndian.Uint64(head[:8]) < 100<<20 && head[8] == '{'
}

// codeMember reports whether an archive member can hold code: pickles,
// NumPy arrays (object dtype), Keras configs. Tensor data is never read.
func codeMember(name string) string {
	base := strings.ToLower(path.Base(name))
	switch {
	case strings.HasSuffix(base, ".pkl"), strings.HasSuffix(base, ".pickle"), base == "pickle":
		return "pickle"
	case strings.HasSuffix(base, ".npy"):
		return "npy"
	case base == "config.json":
		return "keras_config"
	}
	return ""
}

var parentDir = regexp.MustCompile(`(^|[/\\])\.\.([/\\]|$)`)

// unsafePath flags absolute, drive-letter and parent-escaping member names.
func unsafePath(name string) bool {
	return strings.HasPrefix(name, "/") || strings.HasPrefix(name, "\\") || parentDir.MatchString(name) ||
		(len(name) > 1 && name[1] == ':')
}

func scanZip(src *source, size int64, lim Limits, res *Result) error {
	zr, err := zip.NewReader(src, size)
	if err != nil {
		if errors.Is(err, errLimit) {
			return err
		}
		return fmt.Errorf("zip archive: %w", err)
	}
	if len(zr.File) > lim.MaxMembers {
		res.Findings = append(res.Findings, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: fmt.Sprintf("archive has %d members; the first %d were judged", len(zr.File), lim.MaxMembers)})
	}
	for i, f := range zr.File {
		if i >= lim.MaxMembers {
			break
		}
		if unsafePath(f.Name) {
			res.Findings = append(res.Findings, Finding{Rule: RuleArchivePath, Severity: SevHigh, Construct: "member path escapes the archive", Member: f.Name})
		}
		if f.Mode()&fs.ModeSymlink != 0 {
			res.Findings = append(res.Findings, Finding{Rule: RuleArchivePath, Severity: SevHigh, Construct: "symlink member", Member: f.Name})
			continue
		}
		kind := codeMember(f.Name)
		if kind == "" {
			continue
		}
		if f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > uint64(lim.MaxRatio) && f.UncompressedSize64 > 1<<20 {
			res.Findings = append(res.Findings, Finding{Rule: RuleZipBomb, Severity: SevHigh,
				Construct: fmt.Sprintf("inflates %d bytes to %d (ratio %d)", f.CompressedSize64, f.UncompressedSize64, f.UncompressedSize64/f.CompressedSize64), Member: f.Name})
			continue
		}
		if f.UncompressedSize64 > uint64(lim.MaxMemberBytes) {
			res.Findings = append(res.Findings, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: fmt.Sprintf("member of %d bytes is larger than the %d-byte limit", f.UncompressedSize64, lim.MaxMemberBytes), Member: f.Name})
			continue
		}
		rc, err := f.Open()
		if err != nil {
			res.Findings = append(res.Findings, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: err.Error(), Member: f.Name})
			continue
		}
		// The declared size may lie: never inflate more than the limit.
		body := io.LimitReader(rc, lim.MaxMemberBytes)
		res.Members++
		switch kind {
		case "pickle":
			err = scanPickles(body, f.Name, 0, lim, &res.Findings)
		case "npy":
			err = scanNpy(body, f.Name, lim, &res.Findings)
		case "keras_config":
			err = scanKerasConfig(body, f.Name, &res.Findings)
		}
		rc.Close()
		if errors.Is(err, errLimit) {
			return err
		}
		if err != nil && !errors.Is(err, errNotPickle) {
			res.Findings = append(res.Findings, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: err.Error(), Member: f.Name})
		}
	}
	return nil
}

// eachTarMember walks a tar stream's members (bounded), flagging unsafe paths
// and links, and hands each regular member to fn.
func eachTarMember(tr *tar.Reader, what string, lim Limits, res *Result, fn func(h *tar.Header) error) error {
	for i := 0; i < lim.MaxMembers; i++ {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, errLimit) {
				return err
			}
			return fmt.Errorf("%s: %w", what, err)
		}
		if unsafePath(h.Name) || h.Typeflag == tar.TypeSymlink || h.Typeflag == tar.TypeLink {
			res.Findings = append(res.Findings, Finding{Rule: RuleArchivePath, Severity: SevHigh, Construct: "unsafe member path or link", Member: h.Name})
			continue
		}
		if h.Typeflag == tar.TypeReg {
			if err := fn(h); err != nil {
				return err
			}
		}
	}
	return nil
}

// scanTar reads a legacy torch.save tar (pickle, storages, tensors members).
func scanTar(src *source, size int64, lim Limits, res *Result) error {
	tr := tar.NewReader(io.NewSectionReader(src, 0, size))
	return eachTarMember(tr, "tar archive", lim, res, func(h *tar.Header) error {
		if path.Base(h.Name) != "pickle" && codeMember(h.Name) != "pickle" {
			return nil
		}
		res.Members++
		if err := scanPickles(io.LimitReader(tr, lim.MaxMemberBytes), h.Name, 0, lim, &res.Findings); err != nil && !errors.Is(err, errNotPickle) {
			return err
		}
		return nil
	})
}

var npyHeader = regexp.MustCompile(`'descr':\s*'([^']*)'`)

// scanNpy reads a NumPy header: an object dtype means the payload is a pickle.
func scanNpy(r io.Reader, member string, lim Limits, out *[]Finding) error {
	head := make([]byte, 10)
	if _, err := io.ReadFull(r, head); err != nil {
		return fmt.Errorf("npy header truncated")
	}
	if !bytes.HasPrefix(head, []byte("\x93NUMPY")) {
		return fmt.Errorf("not a .npy file")
	}
	var hlen int64
	switch head[6] {
	case 1:
		hlen = int64(binary.LittleEndian.Uint16(head[8:10]))
	case 2, 3:
		more := make([]byte, 2)
		if _, err := io.ReadFull(r, more); err != nil {
			return fmt.Errorf("npy header truncated")
		}
		hlen = int64(binary.LittleEndian.Uint32(append(head[8:10:10], more...)))
	default:
		*out = append(*out, Finding{Rule: RuleMalformed, Severity: SevLow, Construct: fmt.Sprintf("unknown .npy version %d", head[6]), Member: member})
		return nil
	}
	if hlen > 1<<20 {
		*out = append(*out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: fmt.Sprintf(".npy header of %d bytes", hlen), Member: member})
		return nil
	}
	hdr := make([]byte, hlen)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return fmt.Errorf("npy header truncated")
	}
	m := npyHeader.FindSubmatch(hdr)
	if m == nil || !strings.Contains(string(m[1]), "O") {
		return nil // a plain numeric array
	}
	offset := int64(len(head)) + hlen
	*out = append(*out, Finding{Rule: RuleNumpyObject, Severity: SevMedium, Construct: "object dtype " + string(m[1]) + ": loading it unpickles the data", Member: member, Offset: offset})
	return scanPickles(r, member, offset, lim, out)
}

// scanKerasConfig walks a Keras config.json for Lambda layers.
func scanKerasConfig(r io.Reader, member string, out *[]Finding) error {
	var cfg any
	if err := json.NewDecoder(io.LimitReader(r, 64<<20)).Decode(&cfg); err != nil {
		return fmt.Errorf("keras config: %w", err)
	}
	walkLayers(cfg, member, out, 0)
	return nil
}

func walkLayers(v any, member string, out *[]Finding, depth int) {
	if depth > 200 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		if x["class_name"] == "Lambda" {
			name := ""
			if c, ok := x["config"].(map[string]any); ok {
				name, _ = c["name"].(string)
			}
			*out = append(*out, Finding{Rule: RuleKerasLambda, Severity: SevHigh, Construct: "Lambda layer " + name + ": Python bytecode runs when the model loads", Member: member})
		}
		for _, val := range x {
			walkLayers(val, member, out, depth+1)
		}
	case []any:
		for _, val := range x {
			walkLayers(val, member, out, depth+1)
		}
	}
}

var h5Lambda = regexp.MustCompile(`"class_name":\s*"Lambda"`)

// scanH5 looks for Lambda layers in a legacy Keras .h5 file: the model_config
// attribute is JSON text stored in the file; it is searched in bounded chunks.
func scanH5(src *source, size int64, lim Limits, out *[]Finding) error {
	const chunk = 1 << 20
	buf := make([]byte, chunk+64)
	limit := min(size, lim.MaxMemberBytes)
	for off := int64(0); off < limit; off += chunk {
		n, err := src.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if loc := h5Lambda.FindIndex(buf[:n]); loc != nil {
			*out = append(*out, Finding{Rule: RuleKerasLambda, Severity: SevHigh, Construct: "Lambda layer in model_config: Python bytecode runs when the model loads", Offset: off + int64(loc[0])})
			return nil
		}
	}
	return nil
}

var safetensorsDtypes = map[string]int64{"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
	"U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1}

// scanSafetensors checks the header: it must parse, and every tensor's
// offsets must be in bounds and match its dtype and shape.
func scanSafetensors(src *source, size int64, out *[]Finding) error {
	bad := func(f string, a ...any) error {
		*out = append(*out, Finding{Rule: RuleSafetensors, Severity: SevMedium, Construct: fmt.Sprintf(f, a...)})
		return nil
	}
	var lenBuf [8]byte
	if _, err := src.ReadAt(lenBuf[:], 0); err != nil {
		return bad("file shorter than the 8-byte header length")
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n > 100<<20 || int64(n) > size-8 {
		return bad("header length %d is past the end of the %d-byte file", n, size)
	}
	hdr := make([]byte, n)
	if _, err := src.ReadAt(hdr, 8); err != nil {
		return err
	}
	var tensors map[string]json.RawMessage
	if err := json.Unmarshal(hdr, &tensors); err != nil {
		return bad("header is not a JSON object: %v", err)
	}
	data := size - 8 - int64(n)
	for name, raw := range tensors {
		if name == "__metadata__" {
			continue
		}
		var t struct {
			Dtype   string  `json:"dtype"`
			Shape   []int64 `json:"shape"`
			Offsets []int64 `json:"data_offsets"`
		}
		if err := json.Unmarshal(raw, &t); err != nil {
			return bad("tensor %q: %v", name, err)
		}
		width, ok := safetensorsDtypes[t.Dtype]
		if !ok {
			return bad("tensor %q: unknown dtype %q", name, t.Dtype)
		}
		if len(t.Offsets) != 2 || t.Offsets[0] < 0 || t.Offsets[1] < t.Offsets[0] || t.Offsets[1] > data {
			return bad("tensor %q: data offsets %v outside the %d data bytes", name, t.Offsets, data)
		}
		elems := int64(1)
		for _, d := range t.Shape {
			if d < 0 || (d > 0 && elems > (1<<62)/d) {
				return bad("tensor %q: shape %v", name, t.Shape)
			}
			elems *= d
		}
		if elems*width != t.Offsets[1]-t.Offsets[0] {
			return bad("tensor %q: shape %v of %s needs %d bytes, offsets give %d", name, t.Shape, t.Dtype, elems*width, t.Offsets[1]-t.Offsets[0])
		}
	}
	return nil
}

// scanGGUF checks the GGUF header's version and counts.
func scanGGUF(head []byte, out *[]Finding) error {
	if len(head) < 24 {
		*out = append(*out, Finding{Rule: RuleGGUF, Severity: SevMedium, Construct: "header truncated"})
		return nil
	}
	version := binary.LittleEndian.Uint32(head[4:8])
	tensors := binary.LittleEndian.Uint64(head[8:16])
	kvs := binary.LittleEndian.Uint64(head[16:24])
	switch {
	case version < 1 || version > 3:
		*out = append(*out, Finding{Rule: RuleGGUF, Severity: SevMedium, Construct: fmt.Sprintf("unknown GGUF version %d", version), Offset: 4})
	case tensors > 1<<20:
		*out = append(*out, Finding{Rule: RuleGGUF, Severity: SevMedium, Construct: fmt.Sprintf("implausible tensor count %d", tensors), Offset: 8})
	case kvs > 1<<20:
		*out = append(*out, Finding{Rule: RuleGGUF, Severity: SevMedium, Construct: fmt.Sprintf("implausible metadata count %d", kvs), Offset: 16})
	}
	return nil
}

// modelFile are the file names worth judging: in a bucket under a model's
// artifact URI, and inside a compressed archive (SageMaker's model.tar.gz).
var modelFile = regexp.MustCompile(`(?i)\.(pt|pth|bin|ckpt|pkl|pickle|joblib|dat|npy|npz|keras|h5|hdf5|safetensors|gguf|tar\.gz|tgz)$`)

// IsModelFile reports whether a file name is a model format worth scanning.
func IsModelFile(name string) bool { return modelFile.MatchString(path.Base(name)) }

// scanGzip decompresses a gzip stream (bounded) and judges what it holds: the
// model files of a tar archive, or the single stream. Compression leaves no
// way to read selectively, so the whole compressed file is read.
func scanGzip(src *source, size int64, lim Limits, res *Result) error {
	zr, err := gzip.NewReader(io.NewSectionReader(src, 0, size))
	if err != nil {
		if errors.Is(err, errLimit) {
			return err
		}
		return fmt.Errorf("gzip: %w", err)
	}
	defer zr.Close()
	body := io.LimitReader(zr, lim.MaxMemberBytes)
	br := bufio.NewReaderSize(body, 512)
	head, _ := br.Peek(512)
	if len(head) <= 262 || string(head[257:262]) != "ustar" {
		data, err := io.ReadAll(br)
		if err != nil {
			return err
		}
		res.merge(Scan(src.ctx, "", bytes.NewReader(data), int64(len(data)), lim), "")
		return nil
	}
	tr := tar.NewReader(br)
	return eachTarMember(tr, "tar.gz archive", lim, res, func(h *tar.Header) error {
		if !IsModelFile(h.Name) {
			return nil
		}
		if h.Size > lim.MaxMemberBytes {
			res.Findings = append(res.Findings, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: fmt.Sprintf("member of %d bytes is larger than the %d-byte limit", h.Size, lim.MaxMemberBytes), Member: h.Name})
			return nil
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return fmt.Errorf("tar.gz member %s: %w", h.Name, err)
		}
		res.merge(Scan(src.ctx, h.Name, bytes.NewReader(data), int64(len(data)), lim), h.Name)
		return nil
	})
}

// merge folds a nested artifact's result into res, prefixing member paths.
func (res *Result) merge(inner *Result, member string) {
	res.Members += max(inner.Members, 1)
	for _, f := range inner.Findings {
		switch {
		case f.Member == "":
			f.Member = member
		case member != "":
			f.Member = member + "/" + f.Member
		}
		res.Findings = append(res.Findings, f)
	}
	if inner.Error != "" {
		res.Findings = append(res.Findings, Finding{Rule: RuleMalformed, Severity: SevLow, Construct: inner.Error, Member: member})
	}
}
