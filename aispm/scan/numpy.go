package scan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// npyMagic starts every .npy file (and every array member of an .npz).
const npyMagic = "\x93NUMPY"

// maxNpyHeader bounds the header read (numpy itself drops its 10,000-byte
// limit when allow_pickle is on, which is when the header matters).
const maxNpyHeader = 1 << 20

// npy judges a NumPy array the way numpy.lib.format reads it: the header is a
// Python literal (any quoting, spacing, comments, duplicate keys with the
// last winning); a dtype that holds objects anywhere means the body is a
// pickle; otherwise the shape must fit in the bytes that follow.
func (sc *scanner) npy(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	bad := func(at int64, format string, a ...any) ([]Finding, error) {
		return []Finding{{Rule: RuleMalformed, Severity: SevMedium, Construct: fmt.Sprintf(format, a...), Member: member, Offset: base + at}}, nil
	}
	var pre [12]byte
	n, err := r.ReadAt(pre[:], 0)
	if errors.Is(err, errLimit) {
		return nil, err
	}
	if n < 10 || string(pre[:6]) != npyMagic {
		return bad(0, ".npy header truncated")
	}
	major := pre[6]
	var hlen, start int64
	switch major {
	case 1:
		hlen, start = int64(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		if n < 12 {
			return bad(0, ".npy header truncated")
		}
		hlen, start = int64(binary.LittleEndian.Uint32(pre[8:12])), 12
	default:
		return bad(6, "unknown .npy format version %d.%d", major, pre[7])
	}
	if hlen > maxNpyHeader {
		return []Finding{{Rule: RuleLimit, Severity: SevMedium, Construct: fmt.Sprintf(".npy header of %d bytes is larger than the %d-byte limit", hlen, maxNpyHeader), Member: member, Offset: base + 8}}, nil
	}
	if start+hlen > size {
		return bad(8, ".npy header of %d bytes runs past the end of the data", hlen)
	}
	hdr := make([]byte, hlen)
	if _, err := r.ReadAt(hdr, start); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	text := string(hdr)
	if major < 3 {
		text = latin1(hdr)
	}
	lit, err := parsePyLiteral(text)
	if err != nil {
		return bad(start, ".npy header is not a Python literal: %v", err)
	}
	if lit.kind != 'd' {
		return bad(start, ".npy header is not a dictionary")
	}
	keys := map[string]bool{}
	for _, k := range lit.keys {
		if k.kind != 's' {
			return bad(start, ".npy header has a non-string key")
		}
		keys[k.str] = true
	}
	if len(keys) != 3 || !keys["descr"] || !keys["fortran_order"] || !keys["shape"] {
		return bad(start, ".npy header does not contain exactly the keys descr, fortran_order and shape")
	}
	shape, _ := lit.get("shape")
	if shape.kind != 't' {
		return bad(start, ".npy shape is not a tuple of ints")
	}
	count := int64(1)
	for _, d := range shape.items {
		if d.kind != 'i' || d.num < 0 {
			return bad(start, ".npy shape is not a tuple of non-negative ints")
		}
		count = mulSat(count, d.num)
	}
	if fo, _ := lit.get("fortran_order"); fo.kind != 'B' {
		return bad(start, ".npy fortran_order is not a bool")
	}
	descr, _ := lit.get("descr")
	dt, err := dtypeOfDescr(descr, 0)
	if err != nil {
		return bad(start, ".npy descr: %v", err)
	}
	body := start + hlen
	if dt.hasObject {
		out := []Finding{{Rule: RuleNumpyObject, Severity: SevMedium, Construct: "object dtype " + dt.spelling + ": loading the array unpickles its data", Member: member, Offset: base + body}}
		fs, err := sc.pickleStream(io.NewSectionReader(r, body, size-body), size-body, member, base+body, asPickle)
		if errors.Is(err, errNotPickle) {
			fs, err = []Finding{{Rule: RuleMalformed, Severity: SevMedium, Construct: "object array data is not a pickle", Member: member, Offset: base + body}}, nil
		}
		return append(out, fs...), err
	}
	if dt.known {
		if need := mulSat(count, dt.itemsize); need > size-body {
			return bad(body, ".npy array of shape %s needs %d data bytes, %d follow the header", shapeText(shape), need, size-body)
		}
	}
	return nil, nil
}

func latin1(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

func shapeText(t pyLit) string {
	var parts []string
	for _, d := range t.items {
		parts = append(parts, strconv.FormatInt(d.num, 10))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// dtype is what the scanner needs of a NumPy dtype.
type dtype struct {
	itemsize  int64
	known     bool // itemsize is known
	hasObject bool
	spelling  string
}

// objectCodes are the spellings numpy.dtype accepts for a Python object.
var objectCodes = setOf("O", "O4", "O8", "object", "object_", "object0")

// dtypeOfDescr reads a .npy descr the way numpy.lib.format.descr_to_dtype
// does: a string, a (base, shape) tuple, or a list of fields.
func dtypeOfDescr(l pyLit, depth int) (dtype, error) {
	if depth > 32 {
		return dtype{}, errors.New("dtype nested deeper than 32")
	}
	switch l.kind {
	case 's', 'b':
		return parseDtypeString(l.str)
	case 't':
		if len(l.items) != 2 {
			return dtype{}, errors.New("a (base, shape) tuple needs two items")
		}
		d, err := dtypeOfDescr(l.items[0], depth+1)
		if err != nil {
			return d, err
		}
		d.itemsize = mulSat(d.itemsize, litCount(l.items[1]))
		return d, nil
	case 'l':
		out := dtype{known: true, spelling: "structured"}
		for _, f := range l.items {
			if (f.kind != 't' && f.kind != 'l') || len(f.items) < 2 || len(f.items) > 3 {
				return dtype{}, errors.New("a field must be (name, dtype) or (name, dtype, shape)")
			}
			d, err := dtypeOfDescr(f.items[1], depth+1)
			if err != nil {
				return d, err
			}
			if len(f.items) == 3 {
				d.itemsize = mulSat(d.itemsize, litCount(f.items[2]))
			}
			if d.hasObject {
				out.hasObject, out.spelling = true, "structured with an object field"
			}
			out.known = out.known && d.known
			out.itemsize += d.itemsize
		}
		return out, nil
	}
	return dtype{}, errors.New("descr must be a string, a tuple or a list")
}

func litCount(l pyLit) int64 {
	switch l.kind {
	case 'i':
		return l.num
	case 't', 'l':
		n := int64(1)
		for _, d := range l.items {
			n = mulSat(n, d.num)
		}
		return n
	}
	return 1
}

// namedSizes are numpy's type names with their item size.
var namedSizes = map[string]int64{
	"bool": 1, "bool_": 1, "int8": 1, "uint8": 1, "byte": 1, "ubyte": 1, "int16": 2, "uint16": 2, "short": 2,
	"ushort": 2, "int32": 4, "uint32": 4, "intc": 4, "uintc": 4, "int64": 8, "uint64": 8, "int": 8, "uint": 8,
	"long": 8, "ulong": 8, "longlong": 8, "ulonglong": 8, "intp": 8, "uintp": 8, "float16": 2, "half": 2,
	"float32": 4, "single": 4, "float64": 8, "double": 8, "float": 8, "float128": 16, "longdouble": 16,
	"complex64": 8, "csingle": 8, "complex128": 16, "cdouble": 16, "complex": 16, "complex256": 32,
	"clongdouble": 32, "datetime64": 8, "timedelta64": 8,
}

// letterSizes are the one-letter type codes with a fixed size.
var letterSizes = map[byte]int64{'?': 1, 'b': 1, 'B': 1, 'h': 2, 'H': 2, 'i': 4, 'I': 4, 'l': 8, 'L': 8, 'q': 8,
	'Q': 8, 'p': 8, 'P': 8, 'e': 2, 'f': 4, 'd': 8, 'g': 16, 'F': 8, 'D': 16, 'G': 32, 'M': 8, 'm': 8, 'O': 8, 'c': 1}

// parseDtypeString reads a dtype string: comma-separated fields ('i4,O'), each
// with an optional sub-array shape ('(2,3)f8') and byte order ('<f8', '|O').
func parseDtypeString(s string) (dtype, error) {
	parts := splitTop(s)
	if len(parts) > 1 {
		out := dtype{known: true, spelling: s}
		for _, part := range parts {
			d, err := parseDtypeString(part)
			if err != nil {
				return d, err
			}
			out.hasObject = out.hasObject || d.hasObject
			out.known = out.known && d.known
			out.itemsize += d.itemsize
		}
		return out, nil
	}
	t := strings.TrimSpace(s)
	mult := int64(1)
	if strings.HasPrefix(t, "(") {
		end := strings.IndexByte(t, ')')
		if end < 0 {
			return dtype{}, fmt.Errorf("data type %q not understood", s)
		}
		for _, d := range strings.Split(t[1:end], ",") {
			if d = strings.TrimSpace(d); d != "" {
				v, err := strconv.ParseInt(d, 10, 64)
				if err != nil {
					return dtype{}, fmt.Errorf("data type %q not understood", s)
				}
				mult = mulSat(mult, v)
			}
		}
		t = strings.TrimSpace(t[end+1:])
	}
	t = strings.TrimLeft(t, "<>|=")
	d := dtype{spelling: s}
	if objectCodes[t] {
		d.hasObject, d.known, d.itemsize = true, true, 8*mult
		return d, nil
	}
	if size, ok := namedSizes[strings.SplitN(t, "[", 2)[0]]; ok {
		d.known, d.itemsize = true, size*mult
		return d, nil
	}
	if t == "" {
		return d, fmt.Errorf("data type %q not understood", s)
	}
	code, rest := t[0], strings.SplitN(t[1:], "[", 2)[0]
	if rest == "" {
		if size, ok := letterSizes[code]; ok {
			d.known, d.itemsize = true, size*mult
		}
		return d, nil
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		return d, nil // a name numpy may know: no size check
	}
	switch code {
	case 'U':
		d.known, d.itemsize = true, 4*n*mult
	case 'S', 'a', 'V', 'i', 'u', 'f', 'c', 'b', 'M', 'm':
		d.known, d.itemsize = true, n*mult
	case 'O':
		d.hasObject, d.known, d.itemsize = true, true, n*mult
	}
	return d, nil
}

// splitTop splits on commas outside brackets.
func splitTop(s string) []string {
	var out []string
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[last:i])
				last = i + 1
			}
		}
	}
	out = append(out, s[last:])
	if len(out) > 1 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out
}
