package scan

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/aispm/aispm/aispm/redact"
	"github.com/parquet-go/parquet-go"
)

// DataHit is one kind of finding in a data object: a secret (one per rule
// and value) or a PII category, with how often it occurred in what was read
// and where it first did. It never holds the value.
type DataHit struct {
	Kind        string `json:"kind"` // secret or pii
	Rule        string `json:"rule"`
	Fingerprint string `json:"fingerprint,omitempty"`
	Count       int    `json:"count"`
	Line        int64  `json:"line,omitempty"` // 1-based line (text) or row (parquet); 0 when not known
	Offset      int64  `json:"offset"`         // byte offset in the (decompressed) content; -1 for parquet values
	// Identifier and Principal name the credential (an access key id, a key
	// file's key id and client_email), for resolving whose it is; they are
	// not emitted.
	Identifier string `json:"-"`
	Principal  string `json:"-"`
}

// DataResult is one data object's scan.
type DataResult struct {
	Path      string    `json:"path"`
	Format    string    `json:"format"`
	Size      int64     `json:"size"`
	BytesRead int64     `json:"bytes_read"` // bytes fetched from storage
	Scanned   int64     `json:"scanned"`    // bytes of content judged (decompressed)
	Sampled   bool      `json:"sampled"`    // true when only part of the object was judged
	Skipped   string    `json:"skipped,omitempty"`
	Hits      []DataHit `json:"hits"`
	Error     string    `json:"error,omitempty"`
}

// The data formats the scan reads.
const (
	FormatJSONL   = "jsonl"
	FormatJSON    = "json"
	FormatCSV     = "csv"
	FormatTSV     = "tsv"
	FormatText    = "text"
	FormatParquet = "parquet"
)

var dataExtensions = map[string]string{
	".jsonl": FormatJSONL, ".ndjson": FormatJSONL, ".json": FormatJSON, ".csv": FormatCSV, ".tsv": FormatTSV,
	".txt": FormatText, ".md": FormatText, ".text": FormatText, ".log": FormatText, ".parquet": FormatParquet,
}

// dataFormat names an object's format from its name: the format and whether
// it is gzip-compressed ("" for a name that does not say).
func dataFormat(name string) (string, bool) {
	base := strings.ToLower(path.Base(name))
	gz := false
	for _, ext := range []string{".gz", ".gzip"} {
		if strings.HasSuffix(base, ext) {
			base, gz = strings.TrimSuffix(base, ext), true
		}
	}
	return dataExtensions[path.Ext(base)], gz
}

// IsDataFile reports whether the dataset scan reads an object of this name
// (the formats it knows, and names without an extension, which it sniffs).
func IsDataFile(name string) bool {
	if f, _ := dataFormat(name); f != "" {
		return true
	}
	base := path.Base(name)
	return !strings.Contains(base, ".") && !strings.HasSuffix(name, "/")
}

// Data samples one data object through ranged reads and judges what it
// read: text formats by their head and, past sample bytes, a few ranges
// spread through the object (cut to whole lines); gzip by the head of its
// decompressed stream; parquet by the row groups that fit the sample
// (first, last, then middle ones), read column chunk by column chunk.
// Unknown binaries are skipped with a reason, never read whole.
func Data(ctx context.Context, name string, r io.ReaderAt, size, sample int64, lim Limits) (res *DataResult) {
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	// the sample, plus a parquet footer or a gzip stream's slack
	src := newSource(ctx, r, size, min(max(lim.MaxBytes, 1<<20), 2*sample+maxParquetFooter))
	res = &DataResult{Path: name, Size: size, Hits: []DataHit{}}
	defer func() {
		if p := recover(); p != nil {
			res.Error = fmt.Sprintf("scanner failure on this input (please report it): %v", p)
		}
		res.BytesRead = src.bytesRead()
		res.Sampled = res.Sampled || (res.Skipped == "" && res.BytesRead < size)
	}()
	format, gz := dataFormat(name)
	head := make([]byte, min(size, 512))
	if _, err := src.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		res.Error = err.Error()
		return res
	}
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		gz = true
	case gz:
		res.Format, res.Error = format+"+gzip", "not gzip data: the name says .gz but the content does not start with the gzip magic"
		return res
	case bytes.HasPrefix(head, []byte("PAR1")):
		format = FormatParquet
	case format == FormatParquet:
		res.Format, res.Error = format, "not parquet data: no PAR1 magic"
		return res
	}
	if format == "" {
		format = sniff(head)
	}
	if format == "" {
		res.Format, res.Skipped = "binary", skipReason(name)
		return res
	}
	d := &dataScan{res: res, sample: sample}
	var err error
	switch {
	case gz:
		res.Format = format + "+gzip"
		if format == FormatParquet {
			res.Skipped = "gzip-compressed parquet is not sampled (parquet compresses its own pages)"
			return res
		}
		err = d.gzip(src, lim)
	case format == FormatParquet:
		res.Format = format
		err = d.parquet(src, size)
	default:
		res.Format = format
		err = d.text(src, size)
	}
	switch {
	case err == nil:
	case errors.Is(err, errLimit):
		res.Sampled = true
	default:
		res.Error = err.Error()
	}
	res.Hits = d.hits()
	return res
}

func skipReason(name string) string {
	if IsModelFile(name) {
		return "a model file, not data: aispm_model_scan judges model files"
	}
	return "a binary format the dataset scan does not read"
}

// sniff tells text from binary by the head of an object.
func sniff(head []byte) string {
	if len(head) == 0 {
		return FormatText
	}
	if !utf8.Valid(head[:len(head)-min(len(head), utf8.UTFMax)]) {
		return ""
	}
	for _, c := range head {
		if c < 0x09 || (c > 0x0d && c < 0x20) {
			return ""
		}
	}
	if t := bytes.TrimSpace(head); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return FormatJSONL
	}
	return FormatText
}

// dataScan accumulates one object's hits.
type dataScan struct {
	res    *DataResult
	sample int64
	byKey  map[string]*DataHit
	order  []string
}

// judge runs the detectors on one window of content. firstLine is the
// 1-based line of the window's first byte (0 when unknown); lineRow maps
// window lines to parquet rows when set.
func (d *dataScan) judge(text string, offset, firstLine int64, lineRow []int64) error {
	d.res.Scanned += int64(len(text))
	hits, err := redact.Detect(text)
	if err != nil {
		return err
	}
	if len(hits) == 0 {
		return nil
	}
	var newlines []int
	if firstLine > 0 || lineRow != nil {
		for i := 0; i < len(text); i++ {
			if text[i] == '\n' {
				newlines = append(newlines, i)
			}
		}
	}
	if d.byKey == nil {
		d.byKey = map[string]*DataHit{}
	}
	for _, h := range hits {
		key := h.Kind + "/" + h.Rule + "/" + h.Fingerprint
		if got, ok := d.byKey[key]; ok {
			got.Count++
			continue
		}
		hit := &DataHit{Kind: h.Kind, Rule: h.Rule, Fingerprint: h.Fingerprint, Count: 1, Offset: -1,
			Identifier: h.Identifier, Principal: h.Principal}
		if offset >= 0 {
			hit.Offset = offset + int64(h.Start)
		}
		idx := int64(sort.SearchInts(newlines, h.Start))
		switch {
		case lineRow != nil && idx < int64(len(lineRow)):
			hit.Line = lineRow[idx]
		case firstLine > 0:
			hit.Line = firstLine + idx
		}
		d.byKey[key] = hit
		d.order = append(d.order, key)
	}
	return nil
}

func (d *dataScan) hits() []DataHit {
	out := make([]DataHit, 0, len(d.order))
	for _, k := range d.order {
		out = append(out, *d.byKey[k])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

// spreadRanges is how many ranges past the head a large object is sampled at.
const spreadRanges = 3

// text samples a text object: all of it when it fits, else the head (half
// the sample) and spreadRanges ranges at even spacing, each cut to whole lines.
func (d *dataScan) text(src *source, size int64) error {
	if size <= d.sample {
		buf := make([]byte, size)
		if _, err := src.ReadAt(buf, 0); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		return d.judge(string(buf), 0, 1, nil)
	}
	d.res.Sampled = true
	headLen := d.sample / 2
	part := (d.sample - headLen) / spreadRanges
	windows := [][2]int64{{0, headLen}}
	for i := int64(1); i <= spreadRanges && part > 0; i++ {
		off := size * i / (spreadRanges + 1)
		windows = append(windows, [2]int64{max(off, headLen), min(part, size-max(off, headLen))})
	}
	for i, w := range windows {
		if w[1] <= 0 {
			continue
		}
		buf := make([]byte, w[1])
		n, err := src.ReadAt(buf, w[0])
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		buf = buf[:n]
		start := int64(0)
		if i > 0 { // a window that starts mid-line starts at the next line
			if j := bytes.IndexByte(buf, '\n'); j >= 0 {
				start = int64(j + 1)
			} else {
				continue
			}
		}
		if w[0]+int64(n) < size { // and ends at the last whole line
			if j := bytes.LastIndexByte(buf, '\n'); j >= int(start) {
				buf = buf[:j+1]
			}
		}
		line := int64(0)
		if i == 0 {
			line = 1
		}
		if err := d.judge(string(buf[start:]), w[0]+start, line, nil); err != nil {
			return err
		}
	}
	return nil
}

// gzip judges the head of the decompressed stream (sample bytes of it): a
// gzip stream cannot be entered in the middle.
func (d *dataScan) gzip(src *source, lim Limits) error {
	zr, err := gzip.NewReader(io.NewSectionReader(src, 0, src.size))
	if err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	defer zr.Close()
	buf, err := io.ReadAll(io.LimitReader(zr, d.sample+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		if errors.Is(err, errLimit) {
			return err
		}
		return fmt.Errorf("gzip: %w", err)
	}
	if int64(len(buf)) > d.sample {
		d.res.Sampled = true
		buf = buf[:d.sample]
		if j := bytes.LastIndexByte(buf, '\n'); j >= 0 {
			buf = buf[:j+1]
		}
	}
	return d.judge(string(buf), 0, 1, nil)
}

// maxParquetFooter bounds the footer a parquet file may declare.
const maxParquetFooter = 16 << 20

// parquet reads the row groups that fit the sample, first and last first,
// and judges their values one row per line.
func (d *dataScan) parquet(src *source, size int64) error {
	if size < 12 {
		return errors.New("parquet: file too short")
	}
	var tail [8]byte
	if _, err := src.ReadAt(tail[:], size-8); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if footer := int64(binary.LittleEndian.Uint32(tail[:4])); footer > size-12 || footer > maxParquetFooter {
		return fmt.Errorf("parquet: footer of %d bytes in a %d-byte file", footer, size)
	}
	f, err := parquet.OpenFile(src, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true), parquet.ReadBufferSize(64<<10))
	if err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	groups := f.RowGroups()
	meta := f.Metadata().RowGroups
	starts := make([]int64, len(groups))
	for i := 1; i < len(groups); i++ {
		starts[i] = starts[i-1] + groups[i-1].NumRows()
	}
	var budget int64
	for _, i := range groupOrder(len(groups)) {
		cost := int64(0)
		if i < len(meta) {
			cost = max(meta[i].TotalCompressedSize, meta[i].TotalByteSize)
		}
		if budget > 0 && budget+cost > d.sample {
			d.res.Sampled = true
			continue
		}
		budget += cost
		if err := d.rowGroup(groups[i], starts[i]); err != nil {
			return err
		}
	}
	return nil
}

// groupOrder is first, last, then the middle ones outward.
func groupOrder(n int) []int {
	if n == 0 {
		return nil
	}
	out := []int{0}
	if n > 1 {
		out = append(out, n-1)
	}
	for i := 1; i < n-1; i++ {
		out = append(out, i)
	}
	return out
}

func (d *dataScan) rowGroup(g parquet.RowGroup, firstRow int64) error {
	rows := g.Rows()
	defer rows.Close()
	buf := make([]parquet.Row, 128)
	var text strings.Builder
	var lineRow []int64
	row := firstRow
	flush := func() error {
		if text.Len() == 0 {
			return nil
		}
		err := d.judge(text.String(), -1, 0, lineRow)
		text.Reset()
		lineRow = lineRow[:0]
		return err
	}
	for {
		n, err := rows.ReadRows(buf)
		for _, r := range buf[:n] {
			row++
			for i, v := range r {
				if i > 0 {
					text.WriteByte('\t')
				}
				if !v.IsNull() {
					text.WriteString(strings.ReplaceAll(v.String(), "\n", " "))
				}
			}
			text.WriteByte('\n')
			lineRow = append(lineRow, row)
		}
		if text.Len() >= 256<<10 {
			if err := flush(); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return flush()
		}
		if err != nil {
			if ferr := flush(); ferr != nil {
				return ferr
			}
			return fmt.Errorf("parquet: %w", err)
		}
	}
}
