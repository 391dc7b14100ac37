package scan

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The pickle analyzer walks a pickle stream opcode by opcode, never executing
// it. It keeps a model of the stack (strings it can name, everything else
// opaque) and the memo, so STACK_GLOBAL imports whose module and name come
// from the memo are resolved like direct GLOBALs.

type value struct {
	str  string
	isS  bool
	mark bool
}

// pickleState is one pickle's walk.
type pickleState struct {
	r       *countingReader
	base    int64 // offset of the pickle inside its member
	member  string
	lim     Limits
	stack   []value
	marks   int
	memo    map[uint64]value
	out     *[]Finding
	ops     int64
	imports int
	intern  map[string]string // short strings seen, shared
}

// errNotPickle means the bytes at the start do not look like a pickle.
var errNotPickle = errors.New("not a pickle stream")

// scanPickles analyzes consecutive pickles from r (a legacy torch.save file
// holds several: magic number, protocol, system info, the object, storage
// keys), stopping at the first position that does not start another one.
func scanPickles(r io.Reader, member string, base int64, lim Limits, out *[]Finding) error {
	cr := &countingReader{r: bufio.NewReaderSize(r, 64<<10)}
	for n := 0; n < lim.MaxPickles; n++ {
		start := cr.n
		first, err := cr.peek()
		if err != nil {
			if n == 0 {
				return errNotPickle
			}
			return nil // end of the file
		}
		if n > 0 && first != opPROTO {
			return nil // the legacy format's raw storage bytes follow
		}
		p := &pickleState{r: cr, base: base, member: member, lim: lim, memo: map[uint64]value{}, out: out, intern: map[string]string{}}
		if err := p.run(); err != nil {
			if n == 0 && start == cr.n {
				return errNotPickle
			}
			*out = append(*out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: err.Error(), Member: member, Offset: base + cr.n})
			return nil
		}
	}
	return nil
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

func (p *pickleState) push(v value) error {
	if len(p.stack) >= p.lim.MaxStack {
		return fmt.Errorf("pickle stack deeper than %d", p.lim.MaxStack)
	}
	p.stack = append(p.stack, v)
	if v.mark {
		p.marks++
	}
	return nil
}

func (p *pickleState) pop(n int) error {
	if n > len(p.stack) {
		return fmt.Errorf("pickle pops %d from a stack of %d", n, len(p.stack))
	}
	for _, v := range p.stack[len(p.stack)-n:] {
		if v.mark {
			p.marks--
		}
	}
	p.stack = p.stack[:len(p.stack)-n]
	return nil
}

// popMark pops everything down to and including the topmost mark.
func (p *pickleState) popMark() ([]value, error) {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].mark {
			items := append([]value(nil), p.stack[i+1:]...)
			p.stack = p.stack[:i]
			p.marks--
			return items, nil
		}
	}
	return nil, errors.New("pickle has no MARK to pop to")
}

func (p *pickleState) top() value {
	if len(p.stack) == 0 {
		return value{}
	}
	return p.stack[len(p.stack)-1]
}

func (p *pickleState) run() error {
	for {
		at := p.r.n
		op, err := p.r.byte()
		if err != nil {
			return fmt.Errorf("pickle truncated at offset %d (no STOP)", p.base+at)
		}
		p.ops++
		if p.ops > p.lim.MaxPickleOps {
			return fmt.Errorf("pickle longer than %d opcodes", p.lim.MaxPickleOps)
		}
		if err := p.step(op, p.base+at); err != nil {
			if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("pickle truncated inside opcode 0x%02x at offset %d", op, p.base+at)
			}
			return err
		}
		if op == opSTOP {
			return nil
		}
	}
}

func (p *pickleState) step(op byte, at int64) error {
	r := p.r
	switch op {
	case opSTOP:
		return nil
	case opMARK:
		return p.push(value{mark: true})
	case opPOP:
		return p.pop(1)
	case opPOP_MARK:
		_, err := p.popMark()
		return err
	case opDUP:
		return p.push(p.top())
	case opFLOAT, opINT, opLONG:
		if _, err := r.line(); err != nil {
			return err
		}
		return p.push(value{})
	case opPERSID:
		if _, err := r.line(); err != nil {
			return err
		}
		return p.push(value{})
	case opBININT:
		return p.skipPush(4)
	case opBININT1:
		return p.skipPush(1)
	case opBININT2:
		return p.skipPush(2)
	case opBINFLOAT:
		return p.skipPush(8)
	case opNONE, opNEWTRUE, opNEWFALSE, opEMPTY_DICT, opEMPTY_LIST, opEMPTY_TUPLE, opEMPTY_SET, opNEXT_BUFFER:
		return p.push(value{})
	case opREADONLY_BUFFER:
		return nil
	case opBINPERSID:
		if err := p.pop(1); err != nil {
			return err
		}
		return p.push(value{})
	case opLONG1:
		n, err := r.uint(1)
		if err != nil {
			return err
		}
		return p.skipPush(int64(n))
	case opLONG4:
		n, err := r.uint(4)
		if err != nil {
			return err
		}
		return p.skipPush(int64(n))
	case opSTRING, opUNICODE:
		s, err := r.line()
		if err != nil {
			return err
		}
		if op == opSTRING {
			if u, err := strconv.Unquote(s); err == nil {
				s = u
			} else {
				s = strings.Trim(s, `'"`)
			}
		}
		return p.push(value{str: s, isS: true})
	case opBINSTRING, opBINUNICODE, opBINBYTES:
		return p.pushString(4)
	case opSHORT_BINSTRING, opSHORT_BINUNICODE, opSHORT_BINBYTES:
		return p.pushString(1)
	case opBINUNICODE8, opBINBYTES8, opBYTEARRAY8:
		return p.pushString(8)
	case opAPPEND:
		return p.pop(1)
	case opAPPENDS, opSETITEMS, opADDITEMS:
		_, err := p.popMark()
		return err
	case opLIST, opTUPLE, opDICT, opFROZENSET:
		if _, err := p.popMark(); err != nil {
			return err
		}
		return p.push(value{})
	case opTUPLE1, opTUPLE2, opTUPLE3:
		if err := p.pop(int(op-opTUPLE1) + 1); err != nil {
			return err
		}
		return p.push(value{})
	case opSETITEM:
		return p.pop(2)
	case opBUILD:
		return p.pop(1)
	case opGLOBAL, opINST:
		module, err := r.line()
		if err != nil {
			return err
		}
		name, err := r.line()
		if err != nil {
			return err
		}
		p.judge(module, name, at)
		if op == opINST {
			if _, err := p.popMark(); err != nil {
				return err
			}
		}
		return p.push(value{})
	case opSTACK_GLOBAL:
		if len(p.stack) < 2 {
			return errors.New("STACK_GLOBAL on a stack of fewer than 2 items")
		}
		name, module := p.stack[len(p.stack)-1], p.stack[len(p.stack)-2]
		if err := p.pop(2); err != nil {
			return err
		}
		if module.isS && name.isS {
			p.judge(module.str, name.str, at)
		} else {
			p.add(Finding{Rule: RuleUnresolvedImport, Severity: SevHigh, Construct: "STACK_GLOBAL with a module or name computed at load time", Offset: at})
		}
		return p.push(value{})
	case opREDUCE, opNEWOBJ:
		if err := p.pop(2); err != nil {
			return err
		}
		return p.push(value{})
	case opNEWOBJ_EX:
		if err := p.pop(3); err != nil {
			return err
		}
		return p.push(value{})
	case opOBJ:
		if _, err := p.popMark(); err != nil {
			return err
		}
		return p.push(value{})
	case opPUT:
		s, err := r.line()
		if err != nil {
			return err
		}
		idx, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("PUT with index %q", s)
		}
		return p.memoize(idx)
	case opBINPUT:
		idx, err := r.uint(1)
		if err != nil {
			return err
		}
		return p.memoize(idx)
	case opLONG_BINPUT:
		idx, err := r.uint(4)
		if err != nil {
			return err
		}
		return p.memoize(idx)
	case opMEMOIZE:
		return p.memoize(uint64(len(p.memo)))
	case opGET:
		s, err := r.line()
		if err != nil {
			return err
		}
		idx, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("GET with index %q", s)
		}
		return p.push(p.memo[idx])
	case opBINGET:
		idx, err := r.uint(1)
		if err != nil {
			return err
		}
		return p.push(p.memo[idx])
	case opLONG_BINGET:
		idx, err := r.uint(4)
		if err != nil {
			return err
		}
		return p.push(p.memo[idx])
	case opPROTO:
		v, err := r.uint(1)
		if err != nil {
			return err
		}
		if v > 5 {
			p.add(Finding{Rule: RuleMalformed, Severity: SevLow, Construct: fmt.Sprintf("unknown pickle protocol %d", v), Offset: at})
		}
		return nil
	case opFRAME:
		_, err := r.uint(8)
		return err
	case opEXT1, opEXT2, opEXT4:
		if _, err := r.uint(map[byte]int{opEXT1: 1, opEXT2: 2, opEXT4: 4}[op]); err != nil {
			return err
		}
		p.add(Finding{Rule: RuleUnresolvedImport, Severity: SevMedium, Construct: "EXT opcode: an import from the copyreg extension registry", Offset: at})
		return p.push(value{})
	}
	return fmt.Errorf("unknown pickle opcode 0x%02x at offset %d", op, at)
}

func (p *pickleState) skipPush(n int64) error {
	if _, err := p.r.r.Discard(int(min(n, 1<<30))); err != nil {
		return io.ErrUnexpectedEOF
	}
	p.r.n += n
	if n > 1<<30 {
		return fmt.Errorf("pickle integer of %d bytes", n)
	}
	return p.push(value{})
}

// pushString reads a length-prefixed string; long ones (tensor bytes) are
// skipped rather than held.
func (p *pickleState) pushString(width int) error {
	n, err := p.r.uint(width)
	if err != nil {
		return err
	}
	if n > uint64(p.lim.MaxMemberBytes) {
		return fmt.Errorf("pickle string of %d bytes is larger than the %d-byte limit", n, p.lim.MaxMemberBytes)
	}
	if n > 512 {
		if err := p.r.skip(int64(n)); err != nil {
			return err
		}
		return p.push(value{})
	}
	b, err := p.r.r.Peek(int(n)) // short: within the 64 KiB buffer, no copy
	if err != nil {
		return io.ErrUnexpectedEOF
	}
	str, ok := p.intern[string(b)] // a state dict repeats its key names: no allocation
	if !ok {
		str = string(b)
		if len(p.intern) < 4096 {
			p.intern[str] = str
		}
	}
	_, _ = p.r.r.Discard(int(n))
	p.r.n += int64(n)
	return p.push(value{str: str, isS: true})
}

func (p *pickleState) memoize(idx uint64) error {
	if _, ok := p.memo[idx]; !ok && len(p.memo) >= p.lim.MaxMemo {
		return fmt.Errorf("pickle memo larger than %d entries", p.lim.MaxMemo)
	}
	p.memo[idx] = p.top()
	return nil
}

func (p *pickleState) add(f Finding) {
	f.Member = p.member
	*p.out = append(*p.out, f)
}

// judge classifies one import.
func (p *pickleState) judge(module, name string, at int64) {
	p.imports++
	sev, rule := classify(module, name)
	if sev == "" {
		return
	}
	p.add(Finding{Rule: rule, Severity: sev, Construct: module + "." + name, Offset: at})
}

// countingReader reads a stream, counting its offset.
type countingReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingReader) peek() (byte, error) {
	b, err := c.r.Peek(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (c *countingReader) byte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

func (c *countingReader) bytes(n int) ([]byte, error) {
	b := make([]byte, n)
	k, err := io.ReadFull(c.r, b)
	c.n += int64(k)
	return b, err
}

func (c *countingReader) skip(n int64) error {
	k, err := io.CopyN(io.Discard, c.r, n)
	c.n += k
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func (c *countingReader) uint(width int) (uint64, error) {
	var buf [8]byte
	k, err := io.ReadFull(c.r, buf[:width])
	c.n += int64(k)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(buf[:]), nil
}

// line reads up to a newline (at most 64 KiB: a longer "line" is not a pickle).
func (c *countingReader) line() (string, error) {
	var b []byte
	for {
		ch, err := c.byte()
		if err != nil {
			return "", io.ErrUnexpectedEOF
		}
		if ch == '\n' {
			return strings.TrimSuffix(string(b), "\r"), nil
		}
		if len(b) >= 64<<10 {
			return "", errors.New("pickle text argument longer than 64 KiB")
		}
		b = append(b, ch)
	}
}
