package scan

import (
	"errors"
	"fmt"
	"io"
)

// torchMagic is legacy torch.save's first pickle, the number
// 0x1950a86a20f9469cfc6c, as LONG1 bytes.
const torchMagic = "\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19"

// pickleMode says how strictly a byte range is held to being pickles.
type pickleMode int

const (
	// asPickle: the range is a pickle stream (named or magic-matched as
	// one): a parse failure is a malformed finding.
	asPickle pickleMode = iota
	// asTrial: the range may be a pickle (sniffed): findings are kept only
	// when a pickle completed or a dangerous import was seen.
	asTrial
)

// pickleStream judges every pickle a loader could read from the range, one
// after another as repeated pickle.load calls would: whatever opcode each
// starts with. Legacy torch.save streams (magic number first) hold five
// pickles followed by raw storage bytes. A parse failure ends the pickles but
// not the judging: the rest of the bytes are still searched for imports.
func (sc *scanner) pickleStream(r io.ReaderAt, size int64, member string, base int64, mode pickleMode) ([]Finding, error) {
	st := newStream(r, 0, size)
	var out []Finding
	legacy := false
	for n := 0; st.remaining() > 0; n++ {
		if n >= sc.lim.MaxPickles {
			out = append(out, Finding{Rule: RuleLimit, Severity: SevMedium, Member: member, Offset: base + st.pos(),
				Construct: fmt.Sprintf("more than %d pickles in one stream: the rest was not judged", sc.lim.MaxPickles)})
			return out, nil
		}
		start := st.pos()
		p := newPickle(sc, st, member, base)
		res, err := p.run()
		p.finish()
		if err == nil {
			out = append(out, p.out...)
			if n == 0 && res.v.kind == vLong && res.s == torchMagic {
				legacy = true
			}
			if legacy && n == 4 {
				return out, nil // the storage bytes follow, read raw by torch.load
			}
			continue
		}
		if errors.Is(err, errLimit) {
			out = append(out, p.out...)
			return out, err
		}
		var pe *pickleError
		if !errors.As(err, &pe) {
			return append(out, p.out...), err
		}
		if pe.limit {
			out = append(out, p.out...)
			out = append(out, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: pe.msg, Member: member, Offset: base + pe.at})
		} else {
			switch {
			case n == 0 && mode == asTrial:
				if !dangerous(p.out) {
					return nil, errNotPickle
				}
				out = append(out, p.out...)
			case n == 0 && pe.at == start && len(p.out) == 0:
				return nil, errNotPickle
			case n == 0:
				out = append(out, p.out...)
				out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: pe.msg, Member: member, Offset: base + pe.at})
			default:
				// bytes after the last complete pickle: judged for what a
				// repeated load would import before failing
				out = append(out, p.out...)
			}
		}
		tail := sc.fallbackImports(r, pe.at+1, size, member, base)
		return append(out, tail...), nil
	}
	return out, nil
}

var errNotPickle = errors.New("not a pickle stream")

func dangerous(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SevCritical || f.Severity == SevHigh {
			return true
		}
	}
	return false
}

// fallbackImports searches bytes that no longer parse as a pickle for the
// opcodes that import: GLOBAL/INST lines and STACK_GLOBAL right after two
// pushed strings. Only deny-listed imports are reported: anything else in
// unparseable bytes would be noise. The range is read in overlapping windows.
func (sc *scanner) fallbackImports(r io.ReaderAt, from, size int64, member string, base int64) []Finding {
	const window, overlap = 1 << 20, 2 << 10
	var out []Finding
	last := int64(-1) // the last reported offset, so overlaps report once
	buf := make([]byte, window)
	for off := from; off < size; off += window - overlap {
		n, err := r.ReadAt(buf[:min(int64(window), size-off)], off)
		if n == 0 && err != nil {
			return out
		}
		for _, hit := range importsIn(buf[:n]) {
			at := off + int64(hit.at)
			if at <= last {
				continue
			}
			if sev, rule, path, ok := verdict(hit.module, hit.name, 0); ok && sev == SevCritical {
				out = append(out, Finding{Rule: rule, Severity: sev, Construct: path + " (in bytes after a parse error)", Member: member, Offset: base + at})
				last = at
			}
		}
		if off+int64(n) >= size {
			return out
		}
	}
	return out
}

type rawImport struct {
	at           int
	module, name string
}

// importsIn finds import opcodes in raw bytes.
func importsIn(b []byte) []rawImport {
	var out []rawImport
	var strs [2]string
	var ends [2]int
	line := func(i int) (string, int, bool) {
		for j := i; j < len(b) && j < i+256; j++ {
			if b[j] == '\n' {
				return string(b[i:j]), j + 1, true
			}
		}
		return "", 0, false
	}
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case opGLOBAL, opINST:
			if m, j, ok := line(i + 1); ok && importable(m) {
				if n, _, ok := line(j); ok && importable(n) {
					out = append(out, rawImport{i, m, n})
				}
			}
		case opSHORT_BINUNICODE, opSHORT_BINSTRING:
			if i+1 < len(b) {
				n := int(b[i+1])
				if e := i + 2 + n; e <= len(b) && importable(string(b[i+2:e])) {
					strs[0], strs[1], ends[0], ends[1] = strs[1], string(b[i+2:e]), ends[1], e
				}
			}
		case opBINUNICODE:
			if i+5 <= len(b) {
				n := int(b[i+1]) | int(b[i+2])<<8 | int(b[i+3])<<16 | int(b[i+4])<<24
				if e := i + 5 + n; n < 256 && e <= len(b) && importable(string(b[i+5:e])) {
					strs[0], strs[1], ends[0], ends[1] = strs[1], string(b[i+5:e]), ends[1], e
				}
			}
		case opMEMOIZE:
			if ends[1] == i {
				ends[1] = i + 1
			}
		case opBINPUT:
			if ends[1] == i {
				ends[1] = i + 2
			}
		case opSTACK_GLOBAL:
			if ends[1] == i && strs[0] != "" {
				out = append(out, rawImport{i, strs[0], strs[1]})
			}
		}
	}
	return out
}

// storageElem is the element size of each legacy torch storage type.
var storageElem = map[string]int64{
	"DoubleStorage": 8, "FloatStorage": 4, "HalfStorage": 2, "LongStorage": 8, "IntStorage": 4,
	"ShortStorage": 2, "CharStorage": 1, "ByteStorage": 1, "BoolStorage": 1, "BFloat16Storage": 2,
	"ComplexDoubleStorage": 16, "ComplexFloatStorage": 8, "QUInt8Storage": 1, "QInt8Storage": 1,
	"QInt32Storage": 4, "QUInt4x2Storage": 1, "QUInt2x4Storage": 1, "UntypedStorage": 1,
}

// torchTarMember judges a member of a legacy torch tar archive the way
// torch.load reads it: 'storages' and 'tensors' interleave pickles with raw
// records whose sizes the pickles give; every other member is a pickle stream.
func (sc *scanner) torchTarMember(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	name := member
	if i := lastSlash(member); i >= 0 {
		name = member[i+1:]
	}
	if name != "storages" && name != "tensors" {
		mode := asPickle
		if name != "pickle" {
			mode = asTrial
		}
		fs, err := sc.pickleStream(r, size, member, base, mode)
		if errors.Is(err, errNotPickle) {
			return nil, nil
		}
		return fs, err
	}
	st := newStream(r, 0, size)
	var out []Finding
	one := func() (result, bool, error) {
		p := newPickle(sc, st, member, base)
		res, err := p.run()
		p.finish()
		out = append(out, p.out...)
		if err != nil {
			var pe *pickleError
			if errors.As(err, &pe) {
				out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: pe.msg, Member: member, Offset: base + pe.at})
				out = append(out, sc.fallbackImports(r, pe.at+1, size, member, base)...)
				return res, false, nil
			}
			return res, false, err
		}
		return res, true, nil
	}
	countRes, ok, err := one()
	if !ok {
		return out, err
	}
	count := countRes.v.i
	if countRes.v.kind != vInt || count < 0 {
		out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: "torch " + name + " member does not start with a record count", Member: member, Offset: base})
		return out, nil
	}
	for i := int64(0); i < count && st.remaining() > 0; i++ {
		if i >= int64(sc.lim.MaxPickles) {
			out = append(out, Finding{Rule: RuleLimit, Severity: SevMedium, Construct: fmt.Sprintf("more than %d records in the torch %s member", sc.lim.MaxPickles, name), Member: member, Offset: base + st.pos()})
			return out, nil
		}
		rec, ok, err := one()
		if !ok {
			return out, err
		}
		at := st.pos()
		var skip int64
		switch name {
		case "storages": // (key, location, storage_type), then int64 numel and the data
			elem := int64(0)
			if len(rec.items) == 3 {
				elem = storageElem[storageName(rec.strs[2])]
			}
			numel, ok := st.uint(8)
			if elem == 0 || !ok {
				out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: "torch storage record of an unknown type: the rest of the member cannot be followed", Member: member, Offset: base + at})
				return append(out, sc.fallbackImports(r, at, size, member, base)...), nil
			}
			skip = mulSat(int64(numel), elem)
		case "tensors": // (key, storage_id, type), then int32 ndim, 4 bytes, sizes, strides, offset
			ndim, ok := st.uint(4)
			if !ok || int32(uint32(ndim)) < 0 || ndim > 64 {
				out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: "torch tensor record with an invalid rank", Member: member, Offset: base + at})
				return out, nil
			}
			skip = 4 + 16*int64(ndim) + 8
		}
		if skip > st.remaining() {
			out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: fmt.Sprintf("torch %s record of %d bytes runs past the end of the member", name, skip), Member: member, Offset: base + at})
			return out, nil
		}
		st.skip(skip)
	}
	if name == "storages" && st.remaining() > 0 { // the storage views list
		if _, ok, err := one(); !ok {
			return out, err
		}
	}
	if st.remaining() > 0 {
		out = append(out, sc.fallbackImports(r, st.pos(), size, member, base)...)
	}
	return out, nil
}

// storageName is the storage class of a judged import path (torch.FloatStorage).
func storageName(path string) string {
	if i := lastDot(path); i >= 0 {
		return path[i+1:]
	}
	return path
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}
