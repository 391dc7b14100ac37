package scan

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// GGUF value types.
const (
	ggufU8 = iota
	ggufI8
	ggufU16
	ggufI16
	ggufU32
	ggufI32
	ggufF32
	ggufBool
	ggufString
	ggufArray
	ggufU64
	ggufI64
	ggufF64
)

var ggufScalar = map[uint32]int64{ggufU8: 1, ggufI8: 1, ggufU16: 2, ggufI16: 2, ggufU32: 4, ggufI32: 4, ggufF32: 4,
	ggufBool: 1, ggufU64: 8, ggufI64: 8, ggufF64: 8}

// ggmlTypes are (block size, bytes per block) of the ggml tensor types whose
// layout is fixed; tensors of other types are only checked for their offset.
var ggmlTypes = map[uint32][2]int64{
	0: {1, 4}, 1: {1, 2}, 2: {32, 18}, 3: {32, 20}, 6: {32, 22}, 7: {32, 24}, 8: {32, 34}, 9: {32, 36},
	10: {256, 84}, 11: {256, 110}, 12: {256, 144}, 13: {256, 176}, 14: {256, 210}, 15: {256, 292},
	24: {1, 1}, 25: {1, 2}, 26: {1, 4}, 27: {1, 8}, 28: {1, 8}, 30: {1, 2},
}

const maxGGUFString = 64 << 20

// gguf parses the header, every metadata key/value and every tensor record
// against the file size, and judges the chat templates.
func (sc *scanner) gguf(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	st := newStream(r, 0, size)
	var out []Finding
	bad := func(format string, a ...any) ([]Finding, error) {
		if err := st.readErr(); err != nil {
			return out, err
		}
		return append(out, Finding{Rule: RuleGGUF, Severity: SevMedium, Construct: fmt.Sprintf(format, a...), Member: member, Offset: base + st.pos()}), nil
	}
	if _, ok := st.take(4); !ok {
		return bad("header truncated")
	}
	version, ok := st.uint(4)
	if !ok {
		return bad("header truncated")
	}
	if version < 1 || version > 3 {
		return bad("unknown GGUF version %d", version)
	}
	width := 8
	if version == 1 {
		width = 4
	}
	tensors, ok1 := st.uint(width)
	kvs, ok2 := st.uint(width)
	if !ok1 || !ok2 {
		return bad("header truncated")
	}
	if kvs > uint64(size/13) {
		return bad("%d metadata entries cannot fit in a %d-byte file", kvs, size)
	}
	if tensors > uint64(size/24) {
		return bad("%d tensors cannot fit in a %d-byte file", tensors, size)
	}
	str := func(max int64) (string, bool, error) {
		n, ok := st.uint(width)
		if !ok {
			return "", false, fmt.Errorf("string length truncated")
		}
		if int64(n) < 0 || int64(n) > st.remaining() {
			return "", false, fmt.Errorf("string of %d bytes runs past the end of the file", n)
		}
		if int64(n) > max {
			st.skip(int64(n))
			return "", false, nil
		}
		b, ok := st.take(int(n))
		if !ok {
			return "", false, fmt.Errorf("string truncated")
		}
		return string(b), true, nil
	}
	var value func(typ uint32, depth int, want bool) (string, error)
	value = func(typ uint32, depth int, want bool) (string, error) {
		if n, ok := ggufScalar[typ]; ok {
			b, ok := st.take(int(n))
			if !ok {
				return "", fmt.Errorf("value truncated")
			}
			if typ == ggufU32 {
				return fmt.Sprint(binary.LittleEndian.Uint32(b)), nil
			}
			return "", nil
		}
		switch typ {
		case ggufString:
			max := int64(1 << 10)
			if want {
				max = maxGGUFString
			}
			s, _, err := str(max)
			return s, err
		case ggufArray:
			if depth > 8 {
				return "", fmt.Errorf("arrays nested deeper than 8")
			}
			et, ok := st.uint(4)
			if !ok {
				return "", fmt.Errorf("array type truncated")
			}
			count, ok := st.uint(width)
			if !ok {
				return "", fmt.Errorf("array count truncated")
			}
			if n, ok := ggufScalar[uint32(et)]; ok {
				total := mulSat(int64(count), n)
				if int64(count) < 0 || total > st.remaining() {
					return "", fmt.Errorf("array of %d values runs past the end of the file", count)
				}
				st.skip(total)
				return "", nil
			}
			if int64(count) < 0 || int64(count) > st.remaining()/int64(width) {
				return "", fmt.Errorf("array of %d values cannot fit in the file", count)
			}
			for i := uint64(0); i < count; i++ {
				if _, err := value(uint32(et), depth+1, false); err != nil {
					return "", err
				}
			}
			return "", nil
		}
		return "", fmt.Errorf("unknown value type %d", typ)
	}
	alignment := int64(32)
	for i := uint64(0); i < kvs; i++ {
		key, _, err := str(1 << 16)
		if err != nil {
			return bad("metadata entry %d: key: %v", i, err)
		}
		typ, ok := st.uint(4)
		if !ok {
			return bad("metadata %q: type truncated", key)
		}
		template := strings.HasPrefix(key, "tokenizer.chat_template")
		v, err := value(uint32(typ), 0, template)
		if err != nil {
			return bad("metadata %q: %v", key, err)
		}
		switch {
		case key == "general.alignment" && typ == ggufU32:
			var a int64
			fmt.Sscan(v, &a)
			if a <= 0 || a&(a-1) != 0 {
				return bad("general.alignment %d is not a power of two", a)
			}
			alignment = a
		case template && typ == ggufString:
			if why := unsafeTemplate(v); why != "" {
				out = append(out, Finding{Rule: RuleGGUFTemplate, Severity: SevHigh, Construct: key + " " + why, Member: member, Offset: base + st.pos()})
			}
		}
	}
	type tinfo struct {
		name   string
		elems  int64
		typ    uint32
		offset int64
	}
	var infos []tinfo
	for i := uint64(0); i < tensors; i++ {
		name, _, err := str(1 << 16)
		if err != nil {
			return bad("tensor %d: name: %v", i, err)
		}
		nd, ok := st.uint(4)
		if !ok || nd > 8 {
			return bad("tensor %q: %d dimensions", name, nd)
		}
		elems := int64(1)
		for d := uint64(0); d < nd; d++ {
			v, ok := st.uint(width)
			if !ok {
				return bad("tensor %q: dimensions truncated", name)
			}
			elems = mulSat(elems, int64(v))
		}
		typ, ok1 := st.uint(4)
		off, ok2 := st.uint(8)
		if !ok1 || !ok2 {
			return bad("tensor %q: record truncated", name)
		}
		infos = append(infos, tinfo{name, elems, uint32(typ), int64(off)})
	}
	data := (st.pos() + alignment - 1) / alignment * alignment
	for _, t := range infos {
		if t.offset < 0 || data+t.offset > size {
			return bad("tensor %q: data offset %d is past the end of the file", t.name, t.offset)
		}
		if l, ok := ggmlTypes[t.typ]; ok {
			if t.elems%l[0] != 0 {
				return bad("tensor %q: %d elements do not fill blocks of %d", t.name, t.elems, l[0])
			}
			if n := mulSat(t.elems/l[0], l[1]); data+t.offset+n > size {
				return bad("tensor %q: %d bytes at offset %d run past the end of the file", t.name, n, t.offset)
			}
		}
	}
	return out, nil
}

var (
	jinjaBlock  = regexp.MustCompile(`(?s)\{\{.*?\}\}|\{%.*?%\}`)
	jinjaUnsafe = regexp.MustCompile(`__[A-Za-z0-9_]+__|\|\s*attr\b|\battr\s*\(|\.\s*_[A-Za-z_]|\[\s*['"]_|\b(?:globals|builtins|subclasses|mro|popen|import_module|getattr|setattr|lipsum|cycler|joiner)\b`)
)

// unsafeTemplate names what in a Jinja chat template reaches Python
// internals ("" when nothing does).
func unsafeTemplate(t string) string {
	for _, block := range jinjaBlock.FindAllString(t, -1) {
		if m := jinjaUnsafe.FindString(block); m != "" {
			q, _ := json.Marshal(m)
			return "reaches " + string(q) + ": rendered outside a sandbox it runs code"
		}
	}
	return ""
}

// safetensors checks the header the way the safetensors library validates
// it: it must parse as a JSON object of tensors whose dtypes are known and
// whose data offsets, sorted, tile the data area exactly and match dtype x
// shape.
func (sc *scanner) safetensors(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	bad := func(f string, a ...any) ([]Finding, error) {
		return []Finding{{Rule: RuleSafetensors, Severity: SevMedium, Construct: fmt.Sprintf(f, a...), Member: member, Offset: base}}, nil
	}
	var lenBuf [8]byte
	if _, err := r.ReadAt(lenBuf[:], 0); err != nil {
		if errors.Is(err, errLimit) {
			return nil, err
		}
		return bad("file shorter than the 8-byte header length")
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n > 100<<20 || int64(n) > size-8 {
		return bad("header length %d is past the end of the %d-byte file", n, size)
	}
	hdr := make([]byte, n)
	if _, err := r.ReadAt(hdr, 8); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(hdr) == 0 || hdr[0] != '{' {
		return bad("header does not start with '{'")
	}
	var tensors map[string]json.RawMessage
	if err := json.Unmarshal(hdr, &tensors); err != nil {
		return bad("header is not a JSON object: %v", err)
	}
	type span struct {
		name       string
		start, end int64
	}
	var spans []span
	data := size - 8 - int64(n)
	for name, raw := range tensors {
		if name == "__metadata__" {
			var meta map[string]string
			if err := json.Unmarshal(raw, &meta); err != nil {
				return bad("__metadata__ is not a map of strings: %v", err)
			}
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
		need := elems * width
		if t.Dtype == "F4" || t.Dtype == "F6_E2M3" || t.Dtype == "F6_E3M2" || t.Dtype == "E8M0" {
			need = -1 // sub-byte and scale types: the library checks these by bits
		}
		if need >= 0 && need != t.Offsets[1]-t.Offsets[0] {
			return bad("tensor %q: shape %v of %s needs %d bytes, offsets give %d", name, t.Shape, t.Dtype, need, t.Offsets[1]-t.Offsets[0])
		}
		spans = append(spans, span{name, t.Offsets[0], t.Offsets[1]})
	}
	sort.Slice(spans, func(i, j int) bool {
		return spans[i].start < spans[j].start || (spans[i].start == spans[j].start && spans[i].end < spans[j].end)
	})
	at := int64(0)
	for _, s := range spans {
		if s.start != at {
			return bad("tensor %q starts at %d where the previous tensor ended at %d (overlap or hole)", s.name, s.start, at)
		}
		at = s.end
	}
	if at != data {
		return bad("tensors cover %d of the %d data bytes", at, data)
	}
	return nil, nil
}

var safetensorsDtypes = map[string]int64{"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
	"U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1, "F8_E8M0": 1, "C64": 8,
	"F4": 1, "F6_E2M3": 1, "F6_E3M2": 1, "E8M0": 1}
