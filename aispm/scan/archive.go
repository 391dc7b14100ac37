package scan

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/pierrec/lz4/v4"
	"github.com/ulikunitz/xz"
	"github.com/ulikunitz/xz/lzma"
)

// memberKind says how an archive member is judged.
type memberKind int

const (
	skipMember   memberKind = iota
	pickleMember            // a pickle stream (torch data.pkl, *.pkl)
	kerasMember             // a Keras config.json
	nestedMember            // a model file of its own: judged as every format it is
)

// kindOf decides from a member's name and first bytes whether a loader may
// read code from it.
func kindOf(name string, head []byte, keras bool) memberKind {
	base := strings.ToLower(path.Base(name))
	ext := path.Ext(base)
	switch {
	case ext == ".pkl" || ext == ".pickle":
		return pickleMember
	case base == "config.json" && keras:
		return kerasMember
	case bytes.HasPrefix(head, []byte(npyMagic)):
		return nestedMember // numpy.load reads every NumPy member of an .npz, whatever its name
	case IsModelFile(name) || Sniff(head) || base == "saved_model.pb" || base == "keras_metadata.pb":
		return nestedMember
	}
	return skipMember
}

type zipJob struct {
	f      *zip.File
	member string
	kind   memberKind
}

// zip judges a zip archive (PyTorch checkpoints, .keras, .npz, .mar): the
// central directory, every member's path, and the content of every member a
// loader may read code from, members in parallel. Stored members are judged
// in place by ranged reads; compressed ones are inflated within limits.
func (sc *scanner) zip(r io.ReaderAt, size int64, member string, depth int) ([]Finding, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		if errors.Is(err, errLimit) {
			return nil, err
		}
		var head [4]byte
		if n, _ := r.ReadAt(head[:], 0); n == 4 && string(head[:]) == "PK\x03\x04" {
			return nil, fmt.Errorf("zip archive: %w", err)
		}
		return nil, errNotZip
	}
	var out []Finding
	files := zr.File
	if len(files) > sc.lim.MaxMembers {
		out = append(out, Finding{Rule: RuleLimit, Severity: SevMedium, Member: member,
			Construct: fmt.Sprintf("archive has %d members; the first %d were judged", len(files), sc.lim.MaxMembers)})
		files = files[:sc.lim.MaxMembers]
	}
	// PyTorch zips keep raw tensor storages under <root>/data/; Keras
	// archives hold a config.json next to metadata.json or the weights.
	torchData := map[string]bool{}
	keras := false
	for _, f := range files {
		base := path.Base(f.Name)
		if base == "data.pkl" {
			torchData[path.Join(path.Dir(f.Name), "data")+"/"] = true
		}
		if base == "metadata.json" || base == "model.weights.h5" || base == "variables.h5" {
			keras = true
		}
	}
	var jobs []zipJob
	for _, f := range files {
		m := joinMember(member, f.Name)
		if unsafePath(f.Name) {
			out = append(out, Finding{Rule: RuleArchivePath, Severity: SevHigh, Construct: "member path escapes the archive", Member: m})
		}
		if f.Mode()&fs.ModeSymlink != 0 {
			out = append(out, Finding{Rule: RuleArchivePath, Severity: SevHigh, Construct: "symlink member", Member: m})
			continue
		}
		if f.FileInfo().IsDir() || underAny(f.Name, torchData) {
			continue
		}
		jobs = append(jobs, zipJob{f: f, member: m})
	}
	results := make([][]Finding, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i := range jobs {
		if depth == 0 {
			sc.workers <- struct{}{}
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if depth == 0 {
				defer func() { <-sc.workers }()
			}
			var fs []Finding
			fs, _, errs[i] = sc.guarded(func() ([]Finding, string, error) {
				f, err := sc.zipMember(r, jobs[i], keras, depth)
				return f, "", err
			})
			results[i] = fs
		}(i)
	}
	wg.Wait()
	for i := range jobs {
		out = append(out, results[i]...)
		if errs[i] != nil {
			if errors.Is(errs[i], errLimit) {
				out = append(out, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: limitText(errs[i]), Member: jobs[i].member})
				continue
			}
			out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: errs[i].Error(), Member: jobs[i].member})
		}
	}
	return out, nil
}

func underAny(name string, prefixes map[string]bool) bool {
	for p := range prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func (sc *scanner) zipMember(r io.ReaderAt, job zipJob, keras bool, depth int) ([]Finding, error) {
	if err := sc.ctx.Err(); err != nil {
		return nil, limitf("scan time limit reached")
	}
	f := job.f
	var out []Finding
	// The member's first bytes decide whether it is judged at all.
	rc, err := f.Open()
	if err != nil {
		if errors.Is(err, errLimit) {
			return nil, err
		}
		return []Finding{{Rule: RuleMalformed, Severity: SevMedium, Construct: err.Error(), Member: job.member}}, nil
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(rc, head)
	rc.Close()
	if errors.Is(err, errLimit) {
		return nil, err
	}
	head = head[:n]
	kind := kindOf(f.Name, head, keras)
	if kind == skipMember {
		return nil, nil
	}
	if f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > uint64(sc.lim.MaxRatio) && f.UncompressedSize64 > 1<<20 {
		out = append(out, Finding{Rule: RuleZipBomb, Severity: SevHigh, Member: job.member,
			Construct: fmt.Sprintf("inflates %d bytes to %d (ratio %d)", f.CompressedSize64, f.UncompressedSize64, f.UncompressedSize64/f.CompressedSize64)})
	}
	body, size, release, err := sc.memberBody(r, f, job.member, &out, depth)
	if err != nil {
		return out, err
	}
	defer release()
	var fs []Finding
	switch kind {
	case pickleMember:
		sc.members.Add(1)
		fs, err = sc.pickleStream(body, size, job.member, 0, asPickle)
		if errors.Is(err, errNotPickle) {
			fs, err = []Finding{{Rule: RuleMalformed, Severity: SevMedium, Construct: "not a pickle stream", Member: job.member}}, nil
		}
	case kerasMember:
		sc.members.Add(1)
		fs, err = sc.kerasJSON(body, size, job.member, 0)
	case nestedMember:
		if depth >= sc.lim.MaxDepth {
			return append(out, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: fmt.Sprintf("archives nested deeper than %d", sc.lim.MaxDepth), Member: job.member}), nil
		}
		fs, _, err = sc.artifact(body, size, f.Name, job.member, depth+1)
		if err != nil && !errors.Is(err, errLimit) && !Sniff(head) && !IsModelFile(f.Name) {
			err = nil // an .npz member that merely starts like an array
		}
	}
	return append(out, fs...), err
}

// memberBody gives a zip member's bytes as a ReaderAt: stored members in
// place, compressed ones inflated into memory within the member limit (a
// member that inflates further is judged up to the limit, and says so).
func (sc *scanner) memberBody(r io.ReaderAt, f *zip.File, member string, out *[]Finding, depth int) (io.ReaderAt, int64, func(), error) {
	if f.Method == zip.Store {
		off, err := f.DataOffset()
		if err != nil {
			return nil, 0, nil, err
		}
		return io.NewSectionReader(r, off, int64(f.CompressedSize64)), int64(f.CompressedSize64), func() {}, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, 0, nil, err
	}
	defer rc.Close()
	return sc.inflate(rc, int64(f.UncompressedSize64), member, out, depth)
}

// inflate reads a decompressing stream into memory, at most MaxMemberBytes.
func (sc *scanner) inflate(rc io.Reader, declared int64, member string, out *[]Finding, depth int) (io.ReaderAt, int64, func(), error) {
	want := sc.lim.MaxMemberBytes
	if declared > 0 && declared < want {
		want = declared + 1
	}
	held := sc.mem.acquire(want, depth == 0)
	release := func() { sc.mem.release(held) }
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, sc.lim.MaxMemberBytes+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		if errors.Is(err, errLimit) {
			release()
			return nil, 0, nil, err
		}
		*out = append(*out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: "compressed data: " + err.Error(), Member: member})
	}
	if n > sc.lim.MaxMemberBytes {
		*out = append(*out, Finding{Rule: RuleLimit, Severity: SevMedium, Member: member,
			Construct: fmt.Sprintf("inflates past the %d-byte member limit: the first %d bytes were judged", sc.lim.MaxMemberBytes, sc.lim.MaxMemberBytes)})
		buf.Truncate(int(sc.lim.MaxMemberBytes))
	}
	data := buf.Bytes()
	return bytes.NewReader(data), int64(len(data)), release, nil
}

// tarEntry is one member of a tar archive read in place.
type tarEntry struct {
	h   *tar.Header
	off int64
}

// posReader tracks the offset tar.Reader has reached (it seeks past data).
type posReader struct {
	r   *io.SectionReader
	pos int64
}

func (p *posReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.pos += int64(n)
	return n, err
}

func (p *posReader) Seek(off int64, whence int) (int64, error) {
	n, err := p.r.Seek(off, whence)
	p.pos = n
	return n, err
}

// tarHeaders walks a tar archive's headers (bounded), reporting unsafe paths
// and links and a broken archive, and hands each regular member to fn. A
// first header that does not parse means this is no tar archive.
func (sc *scanner) tarHeaders(tr *tar.Reader, member string, fn func(h *tar.Header, m string) error) ([]Finding, error) {
	var out []Finding
	for i := 0; ; i++ {
		if i >= sc.lim.MaxMembers {
			out = append(out, Finding{Rule: RuleLimit, Severity: SevMedium, Member: member, Construct: fmt.Sprintf("archive has more than %d members; the first %d were judged", sc.lim.MaxMembers, sc.lim.MaxMembers)})
			return out, nil
		}
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			if errors.Is(err, errLimit) {
				return out, err
			}
			if i == 0 {
				return out, fmt.Errorf("tar archive: %w", err)
			}
			return append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: "tar archive: " + err.Error(), Member: member}), nil
		}
		m := joinMember(member, h.Name)
		if unsafePath(h.Name) || h.Typeflag == tar.TypeSymlink || h.Typeflag == tar.TypeLink {
			out = append(out, Finding{Rule: RuleArchivePath, Severity: SevHigh, Construct: "unsafe member path or link", Member: m})
			continue
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		if err := fn(h, m); err != nil {
			return out, err
		}
	}
}

// torchTarPart reports whether a tar member is one torch.load reads from a
// legacy tar (a top-level pickle, storages or tensors).
func torchTarPart(name string) bool {
	switch path.Base(name) {
	case "pickle", "storages", "tensors":
		return path.Dir(name) == "."
	}
	return false
}

// tar judges a plain tar archive in place: legacy torch.save tars member by
// member as torch.load reads them, other tars by recursing into their model
// files. Member data is never read unless it is judged.
func (sc *scanner) tar(r io.ReaderAt, size int64, member string, depth int) ([]Finding, error) {
	pr := &posReader{r: io.NewSectionReader(r, 0, size)}
	var entries []tarEntry
	legacy := false
	out, err := sc.tarHeaders(tar.NewReader(pr), member, func(h *tar.Header, _ string) error {
		legacy = legacy || torchTarPart(h.Name)
		entries = append(entries, tarEntry{h: h, off: pr.pos})
		return nil
	})
	if err != nil {
		return out, err
	}
	for _, e := range entries {
		if err := sc.ctx.Err(); err != nil {
			return out, limitf("scan time limit reached")
		}
		m := joinMember(member, e.h.Name)
		if e.off+e.h.Size > size {
			out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: "member runs past the end of the archive", Member: m})
			continue
		}
		body := io.NewSectionReader(r, e.off, e.h.Size)
		var head [512]byte
		n, _ := body.ReadAt(head[:], 0)
		out = append(out, sc.tarMember(body, e.h.Size, e.h.Name, m, legacy && torchTarPart(e.h.Name), head[:n], depth)...)
	}
	return out, nil
}

// tarMember judges one tar member's bytes: a torch part as torch.load reads
// it, anything else as a nested artifact when it may be a model.
func (sc *scanner) tarMember(body io.ReaderAt, size int64, name, m string, torchPart bool, head []byte, depth int) []Finding {
	var fs []Finding
	var err error
	switch {
	case torchPart:
		sc.members.Add(1)
		fs, err = sc.torchTarMember(body, size, m, 0)
	case kindOf(name, head, false) == skipMember:
		return nil
	case depth >= sc.lim.MaxDepth:
		return []Finding{{Rule: RuleLimit, Severity: SevMedium, Construct: fmt.Sprintf("archives nested deeper than %d", sc.lim.MaxDepth), Member: m}}
	default:
		fs, _, err = sc.artifact(body, size, name, m, depth+1)
	}
	if err != nil {
		rule := RuleMalformed
		if errors.Is(err, errLimit) {
			rule = RuleLimit
		}
		fs = append(fs, Finding{Rule: rule, Severity: SevMedium, Construct: strings.TrimPrefix(err.Error(), errLimit.Error()+": "), Member: m})
	}
	return fs
}

// decompressor opens a compressed stream of one format.
func decompressor(f format, r io.Reader) (io.Reader, error) {
	switch f {
	case fmtGzip:
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		zr.Multistream(true)
		return zr, nil
	case fmtBzip2:
		return bzip2.NewReader(r), nil
	case fmtXz:
		return xz.NewReader(r)
	case fmtLzma:
		return lzma.NewReader(r)
	case fmtZlib:
		return zlib.NewReader(r)
	case fmtLz4:
		return lz4.NewReader(r), nil
	}
	return nil, fmt.Errorf("no decompressor for %s", f)
}

// innerName is the name of what a compressed file holds (model.joblib.xz
// holds model.joblib; model.tgz holds a tar).
func innerName(name string, f format) string {
	lower := strings.ToLower(name)
	for _, ext := range []string{".gz", ".bz2", ".xz", ".lzma", ".zlib", ".z", ".lz4"} {
		if strings.HasSuffix(lower, ext) {
			return name[:len(name)-len(ext)]
		}
	}
	if strings.HasSuffix(lower, ".tgz") {
		return name[:len(name)-4] + ".tar"
	}
	return name
}

// compressed judges a compressed file: a tar inside (model.tar.gz) is walked
// member by member as it streams; anything else is inflated within the
// member limit and judged as what it holds (a compressed joblib or pickle).
// Compression leaves no way to read selectively: the whole stream is read.
func (sc *scanner) compressed(f format, r io.ReaderAt, size int64, name, member string, depth int) ([]Finding, error) {
	counted := &countReader{r: io.NewSectionReader(r, 0, size)}
	zr, err := decompressor(f, bufio.NewReaderSize(counted, blockSize))
	if err != nil {
		if errors.Is(err, errLimit) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", f, err)
	}
	ratio := &ratioReader{r: zr, in: counted, max: sc.lim.MaxRatio}
	br := bufio.NewReaderSize(ratio, 4096)
	head, _ := br.Peek(512)
	var out []Finding
	if len(head) > 262 && string(head[257:262]) == "ustar" {
		fs, err := sc.tarStream(br, member, depth)
		out = append(out, fs...)
		return sc.bombed(ratio, out, member), err
	}
	if depth >= sc.lim.MaxDepth {
		return []Finding{{Rule: RuleLimit, Severity: SevMedium, Construct: fmt.Sprintf("archives nested deeper than %d", sc.lim.MaxDepth), Member: member}}, nil
	}
	body, n, release, err := sc.inflate(br, -1, member, &out, depth)
	if err != nil {
		return out, err
	}
	defer release()
	fs, _, err := sc.artifact(body, n, innerName(name, f), member, depth+1)
	out = append(out, fs...)
	return sc.bombed(ratio, out, member), err
}

func (sc *scanner) bombed(ratio *ratioReader, out []Finding, member string) []Finding {
	if ratio.tripped {
		ratio.tripped = false
		out = append(out, Finding{Rule: RuleZipBomb, Severity: SevHigh, Member: member,
			Construct: fmt.Sprintf("inflates %d bytes to more than %d (ratio above %d)", ratio.in.n, ratio.out, sc.lim.MaxRatio)})
	}
	return out
}

// tarStream walks a tar as it decompresses: legacy torch members are judged
// as torch.load reads them, model files are held (within the member limit)
// and judged as every format they are.
func (sc *scanner) tarStream(r io.Reader, member string, depth int) ([]Finding, error) {
	tr := tar.NewReader(r)
	var out []Finding
	fs, err := sc.tarHeaders(tr, member, func(h *tar.Header, m string) error {
		br := bufio.NewReaderSize(tr, 4096)
		head, _ := br.Peek(512)
		torchPart := torchTarPart(h.Name)
		if !torchPart && kindOf(h.Name, head, false) == skipMember {
			return nil
		}
		if h.Size > sc.lim.MaxMemberBytes {
			out = append(out, Finding{Rule: RuleLimit, Severity: SevMedium, Member: m, Construct: fmt.Sprintf("member of %d bytes is larger than the %d-byte limit", h.Size, sc.lim.MaxMemberBytes)})
			return nil
		}
		body, n, release, err := sc.inflate(br, h.Size, m, &out, depth)
		if err != nil {
			return err
		}
		defer release()
		out = append(out, sc.tarMember(body, n, h.Name, m, torchPart, head, depth)...)
		return sc.ctx.Err()
	})
	out = append(fs, out...)
	if err != nil && !errors.Is(err, errLimit) && sc.ctx.Err() != nil {
		err = limitf("scan time limit reached")
	}
	return out, err
}

// countReader counts the compressed bytes consumed.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ratioReader notes when a stream inflates past the ratio limit (it goes on
// reading: the member limit still bounds it).
type ratioReader struct {
	r       io.Reader
	in      *countReader
	out     int64
	max     int64
	tripped bool
	noted   bool
}

func (r *ratioReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.out += int64(n)
	if !r.noted && r.out > 1<<20 && r.in.n > 0 && r.out/r.in.n > r.max {
		r.tripped, r.noted = true, true
	}
	return n, err
}
