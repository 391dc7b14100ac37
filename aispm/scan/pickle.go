package scan

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The pickle analyzer reads a pickle stream exactly as CPython's unpickler
// does, opcode by opcode, but never resolves or calls anything. It models the
// stack (with marks as fences), the memo and the values the policy needs:
// strings (for STACK_GLOBAL), imports (called or only referenced), small
// tuples and dicts (call arguments, joblib array headers, torch storage
// records) and ints. Everything else is opaque.

type vkind uint8

const (
	vOpaque  vkind = iota
	vStr           // text by form: in the stream, in the string table, or a long blob
	vBytes         // as vStr
	vInt           // i
	vLong          // i = string index of the little-endian bytes of a LONG1 (up to 16)
	vNone          //
	vBool          // i
	vGlobal        // i = import index: the imported object itself
	vInst          // i = import index of the class called; ref = object index or -1
	vTuple         // composite: ref = item count (-1: not tracked)
	vDict          // composite: ref = pair count (-1: not tracked)
	vList          //
	vPersist       // the result of a persistent load
	vLost          // dropped at a bound (a limit finding was made)
)

// value is one physical stack slot. A composite (a small tuple or dict) is its
// items followed by a header slot whose span counts all of them. Values hold
// no pointers (strings live in the walk's string table), so the stack and the
// memo cost the garbage collector nothing.
type value struct {
	kind vkind
	form uint8 // for strings and bytes: fTable, fStream or fBlob
	span int16
	ref  int32
	i    int64
}

// Where a string's text is.
const (
	fTable  = iota // i = string table index (-1: not held)
	fStream        // i = offset in the stream, ref = length: read back when needed
	fBlob          // ref = blob index (-1: none): long, never held
)

const (
	maxCompositeItems = 16 // tuples / dicts tracked item by item
	maxCompositeSpan  = 64 // physical slots of a tracked composite
	maxStringLen      = 512
	maxLine           = 64 << 10
	memoDense         = 1 << 22
)

type imp struct {
	path   string
	offset int64
	sev    string // "" allowed, SevCritical denied, SevMedium unknown
	called bool
}

// blob is a long string or bytes value left in the stream; latin1 marks the
// UTF-8 text of a protocol 0-2 bytes value (_codecs.encode(text, 'latin1')).
type blob struct {
	off, n int64
	latin1 bool
}

// dtypeInfo is what the policy knows of a numpy.dtype instance.
type dtypeInfo struct {
	descr    string
	elsize   int64
	flags    int64
	haveInfo bool
}

type memoEnt struct{ start, span int32 }

// pickleState is one pickle's walk.
type pickleState struct {
	sc       *scanner
	st       *stream
	member   string
	base     int64 // the member's offset for findings
	proto    int
	stack    []value
	marks    []int
	memoIdx  []memoEnt
	memoMap  map[uint64]memoEnt
	memoVal  []value
	memoN    int
	imports  []imp
	blobs    []blob
	dtypes   []dtypeInfo
	out      []Finding
	ops      int64
	limited  bool // a limit finding was made: values may be lost
	scr      [][2]int
	maxStack int
	maxOps   int64
	strtab   []string         // every distinct short string of the walk
	strIdx   map[string]int64 // its index
}

// maxStrings bounds the string table; later strings are not held (a limit
// finding says so).
const maxStrings = 4 << 20

func (p *pickleState) strIndex(s string) int64 {
	if i, ok := p.strIdx[s]; ok {
		return i
	}
	if len(p.strtab) >= maxStrings {
		p.limit(p.st.pos(), fmt.Sprintf("more than %d distinct strings in one pickle: later ones are not tracked", maxStrings))
		return -1
	}
	if p.strIdx == nil {
		p.strIdx = map[string]int64{}
	}
	p.strtab = append(p.strtab, s)
	p.strIdx[s] = int64(len(p.strtab) - 1)
	return int64(len(p.strtab) - 1)
}

// str is a string value's text ("" when not held).
func (p *pickleState) str(v value) string {
	if v.kind != vStr && v.kind != vBytes && v.kind != vLong {
		return ""
	}
	switch v.form {
	case fTable:
		if v.i >= 0 && v.i < int64(len(p.strtab)) {
			return p.strtab[v.i]
		}
	case fStream:
		b := make([]byte, v.ref)
		if n, _ := p.st.ra.ReadAt(b, p.st.base+v.i); n == len(b) {
			return string(b)
		}
	}
	return ""
}

// held reports whether a string value's text is known.
func (p *pickleState) held(v value) bool {
	switch v.form {
	case fTable:
		return v.i >= 0 && v.i < int64(len(p.strtab))
	case fStream:
		return true
	}
	return false
}

// blobOf is the blob of a long string or bytes value, if recorded.
func (p *pickleState) blobOf(v value) (blob, bool) {
	if v.form == fBlob && v.ref >= 0 && int(v.ref) < len(p.blobs) {
		return p.blobs[v.ref], true
	}
	return blob{}, false
}

var errStop = errors.New("stop")

// pickleError is where and why the walk ended early: the unpickler raises
// there. limit marks a bound of ours rather than a parse failure.
type pickleError struct {
	at    int64
	msg   string
	limit bool
}

func (e *pickleError) Error() string { return e.msg }

func newPickle(sc *scanner, st *stream, member string, base int64) *pickleState {
	return &pickleState{sc: sc, st: st, member: member, base: base, maxStack: sc.lim.MaxStack, maxOps: sc.lim.MaxPickleOps}
}

func (p *pickleState) fail(at int64, format string, a ...any) error {
	return &pickleError{at: at, msg: fmt.Sprintf(format, a...)}
}

func (p *pickleState) add(f Finding) {
	f.Member = p.member
	p.out = append(p.out, f)
}

// limit records that a bound was reached; the walk goes on with lost values
// where it can.
func (p *pickleState) limit(at int64, msg string) {
	if !p.limited {
		p.limited = true
		p.add(Finding{Rule: RuleLimit, Severity: SevMedium, Construct: msg, Offset: p.base + at})
	}
}

// --- the stack ---------------------------------------------------------------

func (p *pickleState) fence() int {
	if len(p.marks) == 0 {
		return 0
	}
	return p.marks[len(p.marks)-1]
}

func (p *pickleState) push(v value) error {
	if len(p.stack) >= p.maxStack {
		return p.tooDeep()
	}
	v.span = 1
	p.stack = append(p.stack, v)
	return nil
}

func (p *pickleState) tooDeep() error {
	return &pickleError{at: p.st.pos(), msg: fmt.Sprintf("pickle stack deeper than %d", p.sc.lim.MaxStack), limit: true}
}

// start returns the physical start of the k topmost logical values, or an
// error when they are not all above the current mark (CPython's fence).
func (p *pickleState) start(k int) (int, error) {
	j := len(p.stack)
	f := p.fence()
	for ; k > 0; k-- {
		if j <= f {
			return 0, p.fail(p.st.pos()-1, "unpickling stack underflow")
		}
		j -= int(p.stack[j-1].span)
	}
	return j, nil
}

// items lists the logical values in the physical range [a, b) as (start,
// end) pairs, first to last; at most max are returned.
func (p *pickleState) items(a, b int) [][2]int {
	out := p.scr[:0]
	for j := b; j > a; {
		s := j - int(p.stack[j-1].span)
		if s < a {
			s = a
		}
		out = append(out, [2]int{s, j})
		j = s
	}
	for l, r := 0, len(out)-1; l < r; l, r = l+1, r-1 {
		out[l], out[r] = out[r], out[l]
	}
	p.scr = out
	return out
}

// head is the header slot of the logical value ending at physical end.
func (p *pickleState) head(end int) value { return p.stack[end-1] }

func (p *pickleState) top() (value, bool) {
	if len(p.stack) <= p.fence() {
		return value{}, false
	}
	return p.stack[len(p.stack)-1], true
}

func (p *pickleState) popMark() (int, error) {
	if len(p.marks) == 0 {
		return 0, p.fail(p.st.pos()-1, "could not find MARK")
	}
	f := p.marks[len(p.marks)-1]
	p.marks = p.marks[:len(p.marks)-1]
	return f, nil
}

// composite turns the physical slots [a, len) into one tuple or dict value
// with n items, or collapses it when it is too large to track.
func (p *pickleState) composite(kind vkind, a, n int) error {
	span := len(p.stack) - a + 1
	if n > maxCompositeItems || span > maxCompositeSpan {
		p.stack = p.stack[:a]
		return p.push(value{kind: kind, ref: -1})
	}
	if err := p.push(value{kind: kind, ref: int32(n)}); err != nil {
		return err
	}
	p.stack[len(p.stack)-1].span = int16(span)
	return nil
}

// --- the memo ----------------------------------------------------------------

func (p *pickleState) memoPut(idx uint64, at int64) error {
	v, ok := p.top()
	if !ok {
		return p.fail(at, "unpickling stack underflow (memo put on an empty stack)")
	}
	ent, seen := p.memoGet(idx)
	if !seen {
		if p.memoN >= p.sc.lim.MaxMemo {
			p.limit(at, fmt.Sprintf("pickle memo larger than %d entries: later memo values are not tracked", p.sc.lim.MaxMemo))
			return p.memoSet(idx, memoEnt{start: -1, span: 1})
		}
		p.memoN++
	}
	_ = ent
	span := int(v.span)
	start := int32(len(p.memoVal))
	p.memoVal = append(p.memoVal, p.stack[len(p.stack)-span:]...)
	return p.memoSet(idx, memoEnt{start: start, span: int32(span)})
}

func (p *pickleState) memoSet(idx uint64, e memoEnt) error {
	if idx < memoDense {
		for uint64(len(p.memoIdx)) <= idx {
			p.memoIdx = append(p.memoIdx, memoEnt{})
		}
		p.memoIdx[idx] = e
		return nil
	}
	if p.memoMap == nil {
		p.memoMap = map[uint64]memoEnt{}
	}
	p.memoMap[idx] = e
	return nil
}

func (p *pickleState) memoGet(idx uint64) (memoEnt, bool) {
	if idx < uint64(len(p.memoIdx)) {
		e := p.memoIdx[idx]
		return e, e.span != 0
	}
	e, ok := p.memoMap[idx]
	return e, ok
}

func (p *pickleState) memoPush(idx uint64, at int64) error {
	e, ok := p.memoGet(idx)
	if !ok {
		return p.fail(at, "memo value not found at index %d", idx)
	}
	if e.start < 0 {
		return p.push(value{kind: vLost})
	}
	if len(p.stack)+int(e.span) > p.sc.lim.MaxStack {
		return &pickleError{at: at, msg: fmt.Sprintf("pickle stack deeper than %d", p.sc.lim.MaxStack), limit: true}
	}
	p.stack = append(p.stack, p.memoVal[e.start:e.start+e.span]...)
	return nil
}

// --- imports -----------------------------------------------------------------

// importOf judges one import and pushes the imported object.
func (p *pickleState) importOf(module, name string, at int64) error {
	sev, rule, path, ok := verdict(module, name, p.proto)
	if !ok {
		return p.fail(at, "import of %q from %q cannot succeed", name, module)
	}
	idx := len(p.imports)
	p.imports = append(p.imports, imp{path: path, offset: p.base + at, sev: sev})
	if sev == SevCritical {
		p.add(Finding{Rule: rule, Severity: sev, Construct: path, Offset: p.base + at})
	}
	return p.push(value{kind: vGlobal, i: int64(idx)})
}

// called marks a value as called (its import, or its class's import).
func (p *pickleState) called(v value) {
	if (v.kind == vGlobal || v.kind == vInst) && v.i >= 0 && int(v.i) < len(p.imports) {
		p.imports[v.i].called = true
	}
}

func (p *pickleState) importPath(v value) string {
	if (v.kind == vGlobal || v.kind == vInst) && v.i >= 0 && int(v.i) < len(p.imports) {
		return p.imports[v.i].path
	}
	return ""
}

// finish emits the findings of the unknown imports, high when called.
func (p *pickleState) finish() {
	for _, im := range p.imports {
		if im.sev != SevMedium {
			continue
		}
		sev := SevMedium
		if im.called {
			sev = SevHigh
		}
		p.add(Finding{Rule: RuleUnknownImport, Severity: sev, Construct: im.path, Offset: im.offset})
	}
	p.imports = p.imports[:0]
}

// --- the walk ----------------------------------------------------------------

// result is the STOP value of a pickle: its kind and text and, for a small
// tuple, its items (strings, ints and imports, with their text or import
// path), which the torch readers need.
type result struct {
	v     value
	s     string
	items []value
	strs  []string
}

// run walks one pickle to its STOP.
func (p *pickleState) run() (result, error) {
	for {
		at := p.st.pos()
		op, ok := p.st.byte()
		if !ok {
			if err := p.st.readErr(); err != nil {
				return result{}, err
			}
			if at == 0 {
				return result{}, io.EOF
			}
			return result{}, p.fail(at, "pickle data was truncated at offset %d (no STOP)", p.base+at)
		}
		p.ops++
		if p.ops > p.maxOps {
			return result{}, &pickleError{at: at, msg: fmt.Sprintf("pickle longer than %d opcodes", p.sc.lim.MaxPickleOps), limit: true}
		}
		if p.ops&0xffff == 0 {
			if err := p.sc.ctx.Err(); err != nil {
				return result{}, limitf("scan time limit reached")
			}
		}
		if op == opSTOP {
			a, err := p.start(1)
			if err != nil {
				return result{}, err
			}
			r := result{v: p.stack[len(p.stack)-1]}
			r.s = p.str(r.v)
			if r.v.kind == vTuple && r.v.ref >= 0 {
				for _, it := range p.items(a, len(p.stack)-1) {
					v := p.stack[it[1]-1]
					s := p.str(v)
					if v.kind == vGlobal || v.kind == vInst {
						s = p.importPath(v)
					}
					r.items, r.strs = append(r.items, v), append(r.strs, s)
				}
			}
			return r, nil
		}
		if p.fast(op) {
			continue
		}
		if err := p.step(op, at); err != nil {
			if errors.Is(err, errLimit) {
				return result{}, err
			}
			var pe *pickleError
			if !errors.As(err, &pe) {
				if rerr := p.st.readErr(); rerr != nil {
					return result{}, rerr
				}
				return result{}, p.fail(at, "pickle data was truncated inside opcode 0x%02x at offset %d", op, p.base+at)
			}
			return result{}, err
		}
	}
}

var errShort = errors.New("short read")

// fast handles the opcodes that make up the bulk of large pickles (short
// strings, small ints, small tuples, appends, memo puts) when their operands
// are at hand and nothing unusual applies; it returns false to let step
// handle the opcode, with its checks and errors.
func (p *pickleState) fast(op byte) bool {
	st := p.st
	n := len(p.stack)
	if n+3 >= p.maxStack {
		return false
	}
	switch op {
	case opSHORT_BINUNICODE, opSHORT_BINSTRING, opSHORT_BINBYTES:
		if st.n-st.i < 1 {
			return false
		}
		l := int(st.buf[st.i])
		if st.n-st.i < 1+l {
			return false
		}
		kind := vStr
		if op == opSHORT_BINBYTES {
			kind = vBytes
		}
		p.stack = append(p.stack, value{kind: kind, form: fStream, span: 1, i: st.pos() + 1, ref: int32(l)})
		st.i += 1 + l
		return true
	case opBININT1:
		if st.n-st.i < 1 {
			return false
		}
		p.stack = append(p.stack, value{kind: vInt, span: 1, i: int64(st.buf[st.i])})
		st.i++
		return true
	case opBININT2:
		if st.n-st.i < 2 {
			return false
		}
		p.stack = append(p.stack, value{kind: vInt, span: 1, i: int64(st.buf[st.i]) | int64(st.buf[st.i+1])<<8})
		st.i += 2
		return true
	case opTUPLE1, opTUPLE2, opTUPLE3:
		k := int(op-opTUPLE1) + 1
		f := p.fence()
		j := n
		for ; k > 0; k-- {
			if j <= f {
				return false
			}
			j -= int(p.stack[j-1].span)
		}
		span := n - j + 1
		if span > maxCompositeSpan {
			return false
		}
		p.stack = append(p.stack, value{kind: vTuple, span: int16(span), ref: int32(op-opTUPLE1) + 1})
		return true
	case opAPPEND:
		f := p.fence()
		if n <= f {
			return false
		}
		end := n - int(p.stack[n-1].span)
		if end <= f || p.stack[end-1].kind == vInst {
			return false
		}
		p.stack = p.stack[:end]
		return true
	}
	return false
}

// constructs are allow-listed callables whose result is an instance of their
// first argument.
var constructs = setOf("copyreg._reconstructor", "copyreg.__newobj__", "copyreg.__newobj_ex__",
	"numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct")

func (p *pickleState) step(op byte, at int64) error {
	st := p.st
	switch op {
	case opMARK:
		if len(p.marks) >= p.sc.lim.MaxStack {
			return &pickleError{at: at, msg: fmt.Sprintf("pickle has more than %d open MARKs", p.sc.lim.MaxStack), limit: true}
		}
		p.marks = append(p.marks, len(p.stack))
		return nil
	case opPOP:
		a, err := p.start(1)
		if err != nil {
			if len(p.stack) == p.fence() && len(p.marks) > 0 { // POP of an empty mark pops the mark
				p.marks = p.marks[:len(p.marks)-1]
				return nil
			}
			return err
		}
		p.stack = p.stack[:a]
		return nil
	case opPOP_MARK:
		f, err := p.popMark()
		if err != nil {
			return err
		}
		p.stack = p.stack[:f]
		return nil
	case opDUP:
		a, err := p.start(1)
		if err != nil {
			return err
		}
		if len(p.stack)+(len(p.stack)-a) > p.sc.lim.MaxStack {
			return &pickleError{at: at, msg: fmt.Sprintf("pickle stack deeper than %d", p.sc.lim.MaxStack), limit: true}
		}
		p.stack = append(p.stack, p.stack[a:]...)
		return nil
	case opINT, opLONG:
		line, ok := st.line(maxLine)
		if !ok {
			return errShort
		}
		if op == opINT && (string(line) == "00" || string(line) == "01") {
			return p.push(value{kind: vBool, i: int64(line[1] - '0')})
		}
		// INT: what C's strtol(s, 0) accepts first, then int(s, 0); LONG: int(s, 0)
		n, ok := cInt(line)
		if op == opLONG || !ok {
			line = []byte(strings.TrimSuffix(string(line), "L"))
			if n, ok = pyInt(line, 0); !ok && !bigIntLiteral(line) {
				return p.fail(at, "invalid literal for int(): %q", printable(line, 32))
			}
		}
		return p.push(value{kind: vInt, i: n})
	case opFLOAT:
		line, ok := st.line(maxLine)
		if !ok {
			return errShort
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(string(line)), 64); err != nil && !pyFloatSpecial(line) {
			return p.fail(at, "could not convert string to float: %q", printable(line, 32))
		}
		return p.push(value{})
	case opPERSID:
		if _, ok := st.line(maxLine); !ok {
			return errShort
		}
		return p.push(value{kind: vPersist})
	case opBINPERSID:
		a, err := p.start(1)
		if err != nil {
			return err
		}
		res := value{kind: vPersist}
		// Legacy torch returns the class itself for ('module', cls, file, source).
		if h := p.head(len(p.stack)); h.kind == vTuple && h.ref >= 2 {
			its := p.items(a, len(p.stack)-1)
			if first := p.stack[its[0][1]-1]; (first.kind == vStr || first.kind == vBytes) && p.str(first) == "module" {
				if cls := p.stack[its[1][1]-1]; cls.kind == vGlobal {
					res = cls
				}
			}
		}
		p.stack = p.stack[:a]
		return p.push(res)
	case opBININT:
		v, ok := st.uint(4)
		if !ok {
			return errShort
		}
		return p.push(value{kind: vInt, i: int64(int32(uint32(v)))})
	case opBININT1:
		v, ok := st.byte()
		if !ok {
			return errShort
		}
		return p.push(value{kind: vInt, i: int64(v)})
	case opBININT2:
		v, ok := st.uint(2)
		if !ok {
			return errShort
		}
		return p.push(value{kind: vInt, i: int64(v)})
	case opLONG1, opLONG4:
		width := 1
		if op == opLONG4 {
			width = 4
		}
		n, ok := st.uint(width)
		if !ok {
			return errShort
		}
		if op == opLONG4 && int32(uint32(n)) < 0 {
			return p.fail(at, "LONG pickle has negative byte count")
		}
		if n <= 16 {
			b, ok := st.take(int(n))
			if !ok {
				return errShort
			}
			return p.push(value{kind: vLong, i: p.strIndex(string(b))})
		}
		if int64(n) > st.remaining() {
			return errShort
		}
		st.skip(int64(n))
		return p.push(value{kind: vLong})
	case opBINFLOAT:
		if _, ok := st.take(8); !ok {
			return errShort
		}
		return p.push(value{})
	case opNONE:
		return p.push(value{kind: vNone})
	case opNEWTRUE:
		return p.push(value{kind: vBool, i: 1})
	case opNEWFALSE:
		return p.push(value{kind: vBool, i: 0})
	case opEMPTY_DICT:
		return p.push(value{kind: vDict, ref: 0})
	case opEMPTY_LIST:
		return p.push(value{kind: vList})
	case opEMPTY_TUPLE:
		return p.push(value{kind: vTuple, ref: 0})
	case opEMPTY_SET, opNEXT_BUFFER:
		return p.push(value{})
	case opREADONLY_BUFFER:
		_, err := p.start(1)
		return err
	case opSTRING:
		line, ok := st.line(maxLine)
		if !ok {
			return errShort
		}
		s, ok := pyStringLiteral(line)
		if !ok {
			return p.fail(at, "the STRING opcode argument must be quoted")
		}
		return p.pushStr(vStr, s)
	case opUNICODE:
		line, ok := st.line(maxLine)
		if !ok {
			return errShort
		}
		return p.pushStr(vStr, rawUnicodeEscape(line))
	case opBINSTRING, opBINUNICODE:
		return p.pushSized(vStr, 4, at)
	case opBINBYTES:
		return p.pushSized(vBytes, 4, at)
	case opSHORT_BINSTRING, opSHORT_BINUNICODE:
		return p.pushSized(vStr, 1, at)
	case opSHORT_BINBYTES:
		return p.pushSized(vBytes, 1, at)
	case opBINUNICODE8:
		return p.pushSized(vStr, 8, at)
	case opBINBYTES8, opBYTEARRAY8:
		return p.pushSized(vBytes, 8, at)
	case opAPPEND:
		if _, err := p.start(2); err != nil {
			return err
		}
		end := len(p.stack) - int(p.stack[len(p.stack)-1].span) // the list ends where the item starts
		if target := p.stack[end-1]; target.kind == vInst {
			p.called(target) // append() of an object
		}
		p.stack = p.stack[:end]
		return nil
	case opAPPENDS, opADDITEMS:
		f, err := p.popMark()
		if err != nil {
			return err
		}
		if f <= p.fence() {
			return p.fail(at, "unpickling stack underflow")
		}
		if t := p.stack[f-1]; t.kind == vInst {
			p.called(t) // extend() / add() of an object
		}
		p.stack = p.stack[:f]
		return nil
	case opLIST, opFROZENSET:
		f, err := p.popMark()
		if err != nil {
			return err
		}
		p.stack = p.stack[:f]
		return p.push(value{kind: vList})
	case opTUPLE:
		f, err := p.popMark()
		if err != nil {
			return err
		}
		return p.composite(vTuple, f, p.count(f))
	case opTUPLE1, opTUPLE2, opTUPLE3:
		n := int(op-opTUPLE1) + 1
		a, err := p.start(n)
		if err != nil {
			return err
		}
		return p.composite(vTuple, a, n)
	case opDICT:
		f, err := p.popMark()
		if err != nil {
			return err
		}
		n := p.count(f)
		if n%2 != 0 && n <= maxCompositeSpan {
			return p.fail(at, "odd number of items for DICT")
		}
		return p.composite(vDict, f, n/2)
	case opSETITEM:
		a, err := p.start(3)
		if err != nil {
			return err
		}
		return p.setItems(p.items(a, len(p.stack))[0][1], at)
	case opSETITEMS:
		f, err := p.popMark()
		if err != nil {
			return err
		}
		if f <= p.fence() {
			return p.fail(at, "unpickling stack underflow")
		}
		if n := p.count(f); n%2 != 0 && n <= maxCompositeSpan {
			return p.fail(at, "odd number of items for SETITEMS")
		}
		return p.setItems(f, at)
	case opGLOBAL, opINST:
		mod, ok := st.line(maxLine)
		if !ok {
			return errShort
		}
		module := string(mod)
		nm, ok := st.line(maxLine)
		if !ok {
			return errShort
		}
		name := string(nm)
		if op == opINST {
			f, err := p.popMark()
			if err != nil {
				return err
			}
			p.stack = p.stack[:f]
		}
		if err := p.importOf(module, name, at); err != nil {
			return err
		}
		if op == opINST {
			v := p.stack[len(p.stack)-1]
			p.called(v)
			p.stack[len(p.stack)-1] = value{kind: vInst, span: 1, i: v.i, ref: -1}
		}
		return nil
	case opSTACK_GLOBAL:
		a, err := p.start(2)
		if err != nil {
			return err
		}
		its := p.items(a, len(p.stack))
		module, name := p.stack[its[0][1]-1], p.stack[its[1][1]-1]
		p.stack = p.stack[:a]
		if module.kind == vBytes || name.kind == vBytes || (module.kind != vStr && module.kind != vLost && module.kind != vOpaque) ||
			(name.kind != vStr && name.kind != vLost && name.kind != vOpaque) {
			return p.fail(at, "STACK_GLOBAL requires str")
		}
		if module.kind != vStr || name.kind != vStr || !p.held(module) || !p.held(name) {
			p.add(Finding{Rule: RuleUnresolvedImport, Severity: SevHigh, Construct: "STACK_GLOBAL with a module or name the scanner could not follow", Offset: p.base + at})
			idx := len(p.imports)
			p.imports = append(p.imports, imp{path: "?", offset: p.base + at, sev: SevHigh})
			return p.push(value{kind: vGlobal, i: int64(idx)})
		}
		return p.importOf(p.str(module), p.str(name), at)
	case opREDUCE:
		return p.reduce(at)
	case opNEWOBJ, opNEWOBJ_EX:
		n := 2
		if op == opNEWOBJ_EX {
			n = 3
		}
		a, err := p.start(n)
		if err != nil {
			return err
		}
		cls := p.stack[p.items(a, len(p.stack))[0][1]-1]
		p.stack = p.stack[:a]
		return p.instantiate(cls, at)
	case opOBJ:
		f, err := p.popMark()
		if err != nil {
			return err
		}
		its := p.items(f, len(p.stack))
		if len(its) == 0 {
			return p.fail(at, "OBJ without a class")
		}
		cls := p.stack[its[0][1]-1]
		p.stack = p.stack[:f]
		return p.instantiate(cls, at)
	case opBUILD:
		return p.build(at)
	case opPUT:
		n, err := p.memoIndexLine(at, "negative PUT argument")
		if err != nil {
			return err
		}
		return p.memoPut(n, at)
	case opBINPUT:
		v, ok := st.byte()
		if !ok {
			return errShort
		}
		return p.memoPut(uint64(v), at)
	case opLONG_BINPUT:
		v, ok := st.uint(4)
		if !ok {
			return errShort
		}
		return p.memoPut(v, at)
	case opMEMOIZE:
		return p.memoPut(uint64(p.memoN), at)
	case opGET:
		n, err := p.memoIndexLine(at, "memo value not found at a negative index")
		if err != nil {
			return err
		}
		return p.memoPush(n, at)
	case opBINGET:
		v, ok := st.byte()
		if !ok {
			return errShort
		}
		return p.memoPush(uint64(v), at)
	case opLONG_BINGET:
		v, ok := st.uint(4)
		if !ok {
			return errShort
		}
		return p.memoPush(v, at)
	case opPROTO:
		v, ok := st.byte()
		if !ok {
			return errShort
		}
		if v > 5 {
			return p.fail(at, "unsupported pickle protocol: %d", v)
		}
		p.proto = int(v)
		return nil
	case opFRAME:
		n, ok := st.uint(8)
		if !ok {
			return errShort
		}
		if n > uint64(st.remaining()) {
			return p.fail(at, "FRAME of %d bytes runs past the end of the data (%d left)", n, st.remaining())
		}
		return nil
	case opEXT1, opEXT2, opEXT4:
		width := map[byte]int{opEXT1: 1, opEXT2: 2, opEXT4: 4}[op]
		code, ok := st.uint(width)
		if !ok {
			return errShort
		}
		p.add(Finding{Rule: RuleUnresolvedImport, Severity: SevHigh, Construct: fmt.Sprintf("EXT opcode: import #%d from the copyreg extension registry", code), Offset: p.base + at})
		idx := len(p.imports)
		p.imports = append(p.imports, imp{path: "ext", offset: p.base + at, sev: SevHigh})
		return p.push(value{kind: vGlobal, i: int64(idx)})
	}
	return p.fail(at, "invalid load key, '\\x%02x' (unknown opcode at offset %d)", op, p.base+at)
}

// memoIndexLine reads PUT's and GET's text argument as int() does.
func (p *pickleState) memoIndexLine(at int64, negative string) (uint64, error) {
	line, ok := p.st.line(maxLine)
	if !ok {
		return 0, errShort
	}
	n, ok := pyInt(line, 10)
	if !ok {
		return 0, p.fail(at, "invalid literal for int() with base 10: %q", printable(line, 32))
	}
	if n < 0 {
		return 0, p.fail(at, "%s", negative)
	}
	return uint64(n), nil
}

// count is the number of logical values in [a, len), or more than
// maxCompositeSpan when the range is too large to be tracked.
func (p *pickleState) count(a int) int {
	if len(p.stack)-a > maxCompositeSpan {
		return maxCompositeSpan + 1
	}
	return len(p.items(a, len(p.stack)))
}

// startBelow is the start of the logical value that ends at physical end.
func (p *pickleState) startBelow(end int) (int, bool) {
	if end <= 0 {
		return 0, false
	}
	return end - int(p.stack[end-1].span), true
}

// setItems adds the key/value pairs in [from, len) to the mapping that ends at
// physical from: a tracked dict grows (while small), anything else drops them.
func (p *pickleState) setItems(from int, at int64) error {
	a, ok := p.startBelow(from)
	if !ok {
		return p.fail(at, "unpickling stack underflow")
	}
	target := p.stack[from-1]
	if target.kind == vInst {
		p.called(target) // __setitem__ of an object
	}
	if target.kind != vDict || target.ref < 0 {
		p.stack = p.stack[:from]
		return nil
	}
	pairs := p.count(from) / 2
	n := int(target.ref) + pairs
	if n > maxCompositeItems || len(p.stack)-a > maxCompositeSpan {
		p.stack = p.stack[:a]
		return p.push(value{kind: vDict, ref: -1})
	}
	// move the header above the new pairs
	copy(p.stack[from-1:], p.stack[from:])
	p.stack = p.stack[:len(p.stack)-1]
	return p.composite(vDict, a, n)
}

// dictItems returns the physical ranges of the values of a tracked dict
// ending at end, by string key (duplicate keys: the last wins).
func (p *pickleState) dictItems(end int) map[string][2]int {
	h := p.stack[end-1]
	if h.kind != vDict || h.ref <= 0 {
		return nil
	}
	its := p.items(end-int(h.span), end-1)
	m := map[string][2]int{}
	for i := 0; i+1 < len(its); i += 2 {
		if k := p.stack[its[i][1]-1]; k.kind == vStr && p.held(k) {
			m[p.str(k)] = its[i+1]
		}
	}
	return m
}

// tupleItems returns the header slots of a tracked tuple's items.
func (p *pickleState) tupleItems(a, end int) []value {
	h := p.stack[end-1]
	if h.kind != vTuple || h.ref < 0 {
		return nil
	}
	var out []value
	for _, it := range p.items(a, end-1) {
		out = append(out, p.stack[it[1]-1])
	}
	return out
}

// instantiate records cls(...) / cls.__new__(cls, ...).
func (p *pickleState) instantiate(cls value, at int64) error {
	switch cls.kind {
	case vGlobal, vInst:
		p.called(cls)
		return p.push(value{kind: vInst, i: cls.i, ref: -1})
	case vLost, vPersist:
		return p.push(value{kind: vLost})
	}
	return p.fail(at, "object creation on a value that is not a class")
}

func (p *pickleState) reduce(at int64) error {
	a, err := p.start(2)
	if err != nil {
		return err
	}
	its := p.items(a, len(p.stack))
	fn := p.stack[its[0][1]-1]
	argsEnd := its[1][1]
	args := p.tupleItems(its[1][0], argsEnd)
	argsHead := p.stack[argsEnd-1]
	res := value{kind: vInst, i: fn.i, ref: -1}
	switch fn.kind {
	case vGlobal, vInst:
		p.called(fn)
		path := p.importPath(fn)
		for _, pos := range calledArgs[path] {
			if pos < len(args) {
				p.called(args[pos])
			}
		}
		if constructs[path] && len(args) > 0 && (args[0].kind == vGlobal || args[0].kind == vInst) {
			res.i = args[0].i // the instance is of the class passed in
		}
		switch path {
		case "numpy.dtype":
			if len(args) > 0 && args[0].kind == vStr && p.held(args[0]) {
				res.ref = int32(len(p.dtypes))
				p.dtypes = append(p.dtypes, dtypeInfo{descr: p.str(args[0])})
			}
		case "torch.storage._load_from_bytes":
			p.nestedTorch(args, at)
		case "_codecs.encode": // how protocols 0-2 write bytes: keep them readable
			if len(args) > 0 && args[0].kind == vStr {
				res = value{kind: vBytes, i: -1, ref: -1}
				if p.held(args[0]) {
					res.i = p.strIndex(latin1Bytes(p.str(args[0])))
				} else if _, ok := p.blobOf(args[0]); ok {
					res.form, res.ref = fBlob, args[0].ref
					p.blobs[args[0].ref].latin1 = true
				}
			}
		}
		if fn.kind == vInst {
			res = value{kind: vOpaque}
		}
	case vPersist, vLost:
		res = value{kind: vLost}
		if fn.kind == vPersist {
			p.add(Finding{Rule: RuleUnresolvedImport, Severity: SevMedium, Construct: "REDUCE calls an object returned by the loader's persistent_load", Offset: p.base + at})
		}
	default:
		return p.fail(at, "REDUCE on a value that is not callable")
	}
	if argsHead.kind != vTuple && argsHead.kind != vLost && argsHead.kind != vOpaque {
		return p.fail(at, "REDUCE arguments are not a tuple")
	}
	p.stack = p.stack[:a]
	return p.push(res)
}

// build applies BUILD: the state to the object below it.
func (p *pickleState) build(at int64) error {
	a, err := p.start(2)
	if err != nil {
		return err
	}
	its := p.items(a, len(p.stack))
	target := p.stack[its[0][1]-1]
	stateStart, stateEnd := its[1][0], its[1][1]
	switch target.kind {
	case vGlobal:
		p.add(Finding{Rule: RuleBuildOnImport, Severity: SevHigh, Construct: "BUILD on " + p.importPath(target), Offset: p.base + at})
		p.stack = p.stack[:stateStart]
		return nil
	case vInst:
		switch path := p.importPath(target); {
		case path == "numpy.dtype" && target.ref >= 0:
			if st := p.tupleItems(stateStart, stateEnd); len(st) >= 8 {
				d := &p.dtypes[target.ref]
				if st[5].kind == vInt {
					d.elsize = st[5].i
				}
				if st[7].kind == vInt {
					d.flags = st[7].i
				}
				d.haveInfo = true
			}
		case strings.HasSuffix(path, "numpy_pickle.NumpyArrayWrapper"):
			hdr := p.joblibHeader(stateEnd)
			p.stack = p.stack[:stateStart]
			p.stack[len(p.stack)-1] = value{kind: vOpaque, span: 1} // the wrapper becomes the array
			return p.joblibArray(hdr, at)
		}
	}
	p.stack = p.stack[:stateStart]
	return nil
}

// joblibHeader is what a NumpyArrayWrapper's state says about the array
// bytes that follow it.
type joblibHeader struct {
	dtype    value
	count    int64
	shapeOK  bool
	hasAlign bool
}

func (p *pickleState) joblibHeader(stateEnd int) joblibHeader {
	h := joblibHeader{count: 1}
	for key, rng := range p.dictItems(stateEnd) {
		v := p.stack[rng[1]-1]
		switch key {
		case "dtype":
			h.dtype = v
		case "shape":
			if v.kind != vTuple || v.ref < 0 {
				continue
			}
			h.shapeOK = true
			for _, d := range p.tupleItems(rng[0], rng[1]) {
				if d.kind != vInt {
					h.shapeOK = false
				}
				h.count = mulSat(h.count, d.i)
			}
		case "numpy_array_alignment_bytes":
			h.hasAlign = v.kind == vInt
		}
	}
	return h
}

// joblibArray follows a joblib NumpyArrayWrapper: the array bytes are written
// into the stream right after its BUILD (object arrays as a nested pickle).
func (p *pickleState) joblibArray(h joblibHeader, at int64) error {
	dt := h.dtype
	if dt.kind != vInst || dt.ref < 0 || p.importPath(dt) != "numpy.dtype" {
		return p.fail(at, "joblib array wrapper without a readable dtype: the array bytes after it cannot be followed")
	}
	info := p.dtypes[dt.ref]
	d, err := parseDtypeString(info.descr)
	if err != nil {
		return p.fail(at, "joblib array wrapper with dtype %q: %v", info.descr, err)
	}
	if d.hasObject || info.flags&1 != 0 {
		sub := newPickle(p.sc, p.st, p.member, p.base)
		_, err := sub.run()
		sub.finish()
		p.out = append(p.out, sub.out...)
		return err
	}
	if !h.shapeOK {
		return p.fail(at, "joblib array wrapper without a readable shape: the array bytes after it cannot be followed")
	}
	itemsize := d.itemsize
	if info.elsize > 0 {
		itemsize = info.elsize
	}
	if h.hasAlign {
		pad, ok := p.st.byte()
		if !ok || !p.st.skip(int64(pad)) {
			return p.fail(at, "joblib array padding runs past the end of the data")
		}
	}
	n := mulSat(h.count, itemsize)
	if n > p.st.remaining() {
		return p.fail(at, "joblib array of %d bytes runs past the end of the data (%d left)", n, p.st.remaining())
	}
	p.st.skip(n)
	return nil
}

// nestedTorch judges the bytes given to torch.storage._load_from_bytes: a
// legacy torch.save stream of its own.
func (p *pickleState) nestedTorch(args []value, at int64) {
	if len(args) == 0 || args[0].kind != vBytes {
		p.add(Finding{Rule: RuleNestedLoad, Severity: SevHigh, Construct: "torch.storage._load_from_bytes with a payload the scanner could not follow", Offset: p.base + at})
		return
	}
	b := args[0]
	var r io.ReaderAt
	var off, n int64
	bl, long := p.blobOf(b)
	switch {
	case long && bl.latin1:
		if bl.n > p.sc.lim.MaxMemberBytes {
			p.add(Finding{Rule: RuleLimit, Severity: SevMedium, Construct: "a nested torch.save payload larger than the member limit", Offset: p.base + at})
			return
		}
		text := make([]byte, bl.n)
		if _, err := p.st.ra.ReadAt(text, p.st.base+bl.off); err != nil && !errors.Is(err, io.EOF) {
			p.add(Finding{Rule: RuleNestedLoad, Severity: SevHigh, Construct: "torch.storage._load_from_bytes payload unreadable: " + err.Error(), Offset: p.base + at})
			return
		}
		data := latin1Bytes(string(text))
		r, off, n = strings.NewReader(data), 0, int64(len(data))
	case long:
		r, off, n = p.st.ra, p.st.base+bl.off, bl.n
	case p.held(b):
		s := p.str(b)
		r, off, n = strings.NewReader(s), 0, int64(len(s))
	default:
		p.add(Finding{Rule: RuleNestedLoad, Severity: SevHigh, Construct: "torch.storage._load_from_bytes with a payload the scanner could not follow", Offset: p.base + at})
		return
	}
	nested := p.sc.judge(io.NewSectionReader(r, off, n), n, p.member+"#_load_from_bytes", 1)
	for _, f := range nested {
		f.Offset += p.base + at
		p.out = append(p.out, f)
	}
}

func (p *pickleState) pushStr(kind vkind, s string) error {
	if len(s) > maxStringLen {
		return p.push(value{kind: kind, form: fBlob, i: -1, ref: -1})
	}
	return p.push(value{kind: kind, i: p.strIndex(s), ref: -1})
}

// pushSized reads a length-prefixed string; long ones (tensor bytes) are
// skipped rather than held, remembering where they are.
func (p *pickleState) pushSized(kind vkind, width int, at int64) error {
	var n uint64
	if width == 1 {
		b, ok := p.st.byte()
		if !ok {
			return errShort
		}
		n = uint64(b)
	} else {
		var ok bool
		if n, ok = p.st.uint(width); !ok {
			return errShort
		}
	}
	if n > uint64(p.st.remaining()) {
		return p.fail(at, "pickle data was truncated: a string of %d bytes at offset %d runs past the end", n, p.base+at)
	}
	if n > maxStringLen {
		off := p.st.pos()
		p.st.skip(int64(n))
		ref := int32(-1)
		if len(p.blobs) < 1<<16 {
			ref = int32(len(p.blobs))
			p.blobs = append(p.blobs, blob{off: off, n: int64(n)})
		}
		return p.push(value{kind: kind, form: fBlob, i: -1, ref: ref})
	}
	off := p.st.pos()
	if !p.st.skip(int64(n)) {
		return errShort
	}
	return p.push(value{kind: kind, form: fStream, i: off, ref: int32(n)})
}

// --- Python's literal rules ----------------------------------------------------

// pyInt parses an integer the way int(x, base) does for base 10 and 0:
// surrounding whitespace, a sign, underscores between digits, 0x/0o/0b
// prefixes for base 0. Values beyond int64 report false.
func pyInt(b []byte, base int) (int64, bool) {
	s := strings.TrimFunc(string(b), func(r rune) bool { return r == ' ' || (r >= '\t' && r <= '\r') })
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	b0 := 10
	if base == 0 && len(s) > 1 && s[0] == '0' {
		switch s[1] {
		case 'x', 'X':
			b0, s = 16, s[2:]
		case 'o', 'O':
			b0, s = 8, s[2:]
		case 'b', 'B':
			b0, s = 2, s[2:]
		}
		if b0 != 10 && strings.HasPrefix(s, "_") {
			s = s[1:]
		}
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return 0, false
	}
	digits := strings.ReplaceAll(s, "_", "")
	if base == 0 && b0 == 10 && len(digits) > 1 && digits[0] == '0' && strings.Trim(digits, "0") != "" {
		return 0, false // int("010", 0) is an error
	}
	v, err := strconv.ParseInt(digits, b0, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// cInt parses the INT opcode's argument the way CPython's C unpickler tries
// first: strtol(s, &end, 0) that must consume the whole line.
func cInt(b []byte) (int64, bool) {
	s := strings.TrimLeft(string(b), " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	base := 10
	switch {
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		base, s = 16, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, s = 8, s[1:]
	}
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseInt(s, base, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// bigIntLiteral accepts integers too large for int64.
func bigIntLiteral(b []byte) bool {
	s := strings.TrimSpace(string(b))
	s = strings.TrimLeft(s, "+-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

func pyFloatSpecial(b []byte) bool {
	switch strings.ToLower(strings.TrimSpace(string(b))) {
	case "nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+nan", "-nan":
		return true
	}
	return false
}

// pyStringLiteral decodes a STRING opcode argument: quoted, with Python bytes
// escapes (\xhh, octal, \n, line continuations; unknown escapes kept).
func pyStringLiteral(line []byte) (string, bool) {
	if len(line) < 2 || line[0] != line[len(line)-1] || (line[0] != '\'' && line[0] != '"') {
		return "", false
	}
	s := line[1 : len(line)-1]
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			out = append(out, c)
			continue
		}
		i++
		switch e := s[i]; e {
		case '\n':
		case '\\', '\'', '"':
			out = append(out, e)
		case 'a':
			out = append(out, 7)
		case 'b':
			out = append(out, 8)
		case 'f':
			out = append(out, 12)
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'v':
			out = append(out, 11)
		case 'x':
			if i+2 < len(s)+0 && isHex(s[i+1]) && i+2 < len(s) && isHex(s[i+2]) {
				v, _ := strconv.ParseUint(string(s[i+1:i+3]), 16, 8)
				out = append(out, byte(v))
				i += 2
			} else {
				return "", false // invalid \x escape
			}
		default:
			if e >= '0' && e <= '7' {
				v := int(e - '0')
				for k := 0; k < 2 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; k++ {
					i++
					v = v*8 + int(s[i]-'0')
				}
				out = append(out, byte(v))
			} else {
				out = append(out, '\\', e)
			}
		}
	}
	return string(out), true
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// rawUnicodeEscape decodes the UNICODE opcode's raw-unicode-escape text:
// \uXXXX and \UXXXXXXXX after an odd run of backslashes; bytes are Latin-1.
func rawUnicodeEscape(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			sb.WriteRune(rune(b[i]))
			continue
		}
		j := i
		for j < len(b) && b[j] == '\\' {
			j++
		}
		run := j - i
		if run%2 == 1 && j < len(b) && (b[j] == 'u' || b[j] == 'U') {
			width := 4
			if b[j] == 'U' {
				width = 8
			}
			if j+1+width <= len(b) {
				if v, err := strconv.ParseUint(string(b[j+1:j+1+width]), 16, 32); err == nil {
					sb.WriteString(strings.Repeat("\\", run-1))
					sb.WriteRune(rune(v))
					i = j + width
					continue
				}
			}
		}
		sb.WriteString(strings.Repeat("\\", run))
		i = j - 1
	}
	return sb.String()
}

// latin1Bytes turns text whose characters are all below U+0100 back into
// the bytes they stand for.
func latin1Bytes(s string) string {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		out = append(out, byte(r))
	}
	return string(out)
}

func leInt(b []byte) int64 {
	var v int64
	for i := len(b) - 1; i >= 0 && i >= len(b)-8; i-- {
		v = v<<8 | int64(b[i])
	}
	if len(b) > 0 && len(b) < 8 && b[len(b)-1]&0x80 != 0 {
		v -= 1 << (8 * len(b))
	}
	return v
}

func mulSat(a, b int64) int64 {
	if a < 0 || b < 0 {
		return 1 << 62
	}
	if a != 0 && b > (1<<62)/a {
		return 1 << 62
	}
	return a * b
}

func printable(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}

// Pickle opcodes (pickletools names).
const (
	opMARK             = '('
	opSTOP             = '.'
	opPOP              = '0'
	opPOP_MARK         = '1'
	opDUP              = '2'
	opFLOAT            = 'F'
	opINT              = 'I'
	opBININT           = 'J'
	opBININT1          = 'K'
	opLONG             = 'L'
	opBININT2          = 'M'
	opNONE             = 'N'
	opPERSID           = 'P'
	opBINPERSID        = 'Q'
	opREDUCE           = 'R'
	opSTRING           = 'S'
	opBINSTRING        = 'T'
	opSHORT_BINSTRING  = 'U'
	opUNICODE          = 'V'
	opBINUNICODE       = 'X'
	opAPPEND           = 'a'
	opBUILD            = 'b'
	opGLOBAL           = 'c'
	opDICT             = 'd'
	opEMPTY_DICT       = '}'
	opAPPENDS          = 'e'
	opGET              = 'g'
	opBINGET           = 'h'
	opINST             = 'i'
	opLONG_BINGET      = 'j'
	opLIST             = 'l'
	opEMPTY_LIST       = ']'
	opOBJ              = 'o'
	opPUT              = 'p'
	opBINPUT           = 'q'
	opLONG_BINPUT      = 'r'
	opSETITEM          = 's'
	opTUPLE            = 't'
	opEMPTY_TUPLE      = ')'
	opSETITEMS         = 'u'
	opBINFLOAT         = 'G'
	opPROTO            = 0x80
	opNEWOBJ           = 0x81
	opEXT1             = 0x82
	opEXT2             = 0x83
	opEXT4             = 0x84
	opTUPLE1           = 0x85
	opTUPLE2           = 0x86
	opTUPLE3           = 0x87
	opNEWTRUE          = 0x88
	opNEWFALSE         = 0x89
	opLONG1            = 0x8a
	opLONG4            = 0x8b
	opSHORT_BINUNICODE = 0x8c
	opBINUNICODE8      = 0x8d
	opBINBYTES8        = 0x8e
	opEMPTY_SET        = 0x8f
	opADDITEMS         = 0x90
	opFROZENSET        = 0x91
	opNEWOBJ_EX        = 0x92
	opSTACK_GLOBAL     = 0x93
	opMEMOIZE          = 0x94
	opFRAME            = 0x95
	opBYTEARRAY8       = 0x96
	opNEXT_BUFFER      = 0x97
	opREADONLY_BUFFER  = 0x98
	opBINBYTES         = 'B'
	opSHORT_BINBYTES   = 'C'
)
