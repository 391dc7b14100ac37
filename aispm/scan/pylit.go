package scan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// pyLit is a Python literal as ast.literal_eval reads it (what numpy's
// header parser uses): dicts, tuples, lists, strings, bytes, ints, floats,
// booleans and None.
type pyLit struct {
	kind  byte // 'd' dict, 't' tuple, 'l' list, 's' str, 'b' bytes, 'i' int, 'f' float, 'B' bool, 'N' None
	str   string
	num   int64
	big   bool // an int beyond int64
	items []pyLit
	keys  []pyLit // dict keys, parallel to items
}

// get returns a dict's value for a string key; duplicate keys: the last wins.
func (l pyLit) get(key string) (pyLit, bool) {
	for i := len(l.keys) - 1; i >= 0; i-- {
		if (l.keys[i].kind == 's' || l.keys[i].kind == 'b') && l.keys[i].str == key {
			return l.items[i], true
		}
	}
	return pyLit{}, false
}

type litParser struct {
	s     string
	i     int
	depth int
}

var errLit = errors.New("not a Python literal")

// parsePyLiteral parses one literal expression (the whole input).
func parsePyLiteral(s string) (pyLit, error) {
	p := &litParser{s: s}
	v, err := p.value()
	if err != nil {
		return pyLit{}, err
	}
	p.space()
	if p.i != len(p.s) {
		return pyLit{}, fmt.Errorf("%w: unexpected %q at %d", errLit, p.s[p.i:min(len(p.s), p.i+8)], p.i)
	}
	return v, nil
}

func (p *litParser) space() {
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			p.i++
		case c == '\\' && p.i+1 < len(p.s) && p.s[p.i+1] == '\n':
			p.i += 2
		case c == '#':
			for p.i < len(p.s) && p.s[p.i] != '\n' {
				p.i++
			}
		default:
			return
		}
	}
}

func (p *litParser) value() (pyLit, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 100 {
		return pyLit{}, fmt.Errorf("%w: nested deeper than 100", errLit)
	}
	p.space()
	if p.i >= len(p.s) {
		return pyLit{}, fmt.Errorf("%w: unexpected end", errLit)
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		d := pyLit{kind: 'd'}
		for {
			p.space()
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return d, nil
			}
			k, err := p.value()
			if err != nil {
				return d, err
			}
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return d, fmt.Errorf("%w: expected ':' at %d", errLit, p.i)
			}
			p.i++
			v, err := p.value()
			if err != nil {
				return d, err
			}
			d.keys, d.items = append(d.keys, k), append(d.items, v)
			p.space()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return d, nil
			}
			return d, fmt.Errorf("%w: expected ',' or '}' at %d", errLit, p.i)
		}
	case c == '(' || c == '[':
		closer, kind := byte(')'), byte('t')
		if c == '[' {
			closer, kind = ']', 'l'
		}
		p.i++
		out := pyLit{kind: kind}
		comma := false
		for {
			p.space()
			if p.i < len(p.s) && p.s[p.i] == closer {
				p.i++
				if kind == 't' && len(out.items) == 1 && !comma {
					return out.items[0], nil // (x) is x
				}
				return out, nil
			}
			v, err := p.value()
			if err != nil {
				return out, err
			}
			out.items = append(out.items, v)
			p.space()
			comma = false
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				comma = true
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == closer {
				continue
			}
			return out, fmt.Errorf("%w: expected ',' at %d", errLit, p.i)
		}
	case c == '-' || c == '+':
		p.i++
		v, err := p.value()
		if err != nil || (v.kind != 'i' && v.kind != 'f') {
			return pyLit{}, fmt.Errorf("%w: sign before a non-number", errLit)
		}
		if c == '-' {
			v.num = -v.num
		}
		return v, nil
	case c >= '0' && c <= '9' || c == '.':
		return p.number()
	case c == '\'' || c == '"':
		return p.strings("")
	default:
		j := p.i
		for j < len(p.s) && (isIdent(p.s[j])) {
			j++
		}
		word := p.s[p.i:j]
		if j < len(p.s) && (p.s[j] == '\'' || p.s[j] == '"') && isStrPrefix(word) {
			p.i = j
			return p.strings(strings.ToLower(word))
		}
		p.i = j
		switch word {
		case "True":
			return pyLit{kind: 'B', num: 1}, nil
		case "False":
			return pyLit{kind: 'B'}, nil
		case "None":
			return pyLit{kind: 'N'}, nil
		}
		return pyLit{}, fmt.Errorf("%w: name %q", errLit, word)
	}
}

func isIdent(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func isStrPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "u", "r", "b", "br", "rb":
		return true
	}
	return false
}

func (p *litParser) number() (pyLit, error) {
	j := p.i
	for j < len(p.s) && (isIdent(p.s[j]) || p.s[j] == '.' || ((p.s[j] == '+' || p.s[j] == '-') && j > p.i && (p.s[j-1] == 'e' || p.s[j-1] == 'E'))) {
		j++
	}
	tok := p.s[p.i:j]
	p.i = j
	tok = strings.TrimSuffix(strings.TrimSuffix(tok, "L"), "l") // Python 2 longs (numpy filters them for v1/v2 headers)
	if v, ok := pyInt([]byte(tok), 0); ok {
		return pyLit{kind: 'i', num: v}, nil
	}
	if bigIntLiteral([]byte(tok)) {
		return pyLit{kind: 'i', num: 1 << 62, big: true}, nil
	}
	if _, err := strconv.ParseFloat(strings.ReplaceAll(tok, "_", ""), 64); err == nil {
		return pyLit{kind: 'f'}, nil
	}
	return pyLit{}, fmt.Errorf("%w: number %q", errLit, tok)
}

// strings reads one or more adjacent string literals ('a' 'b' is 'ab').
func (p *litParser) strings(prefix string) (pyLit, error) {
	out := pyLit{kind: 's'}
	first := true
	for {
		if !first {
			save := p.i
			p.space()
			j := p.i
			for j < len(p.s) && isIdent(p.s[j]) {
				j++
			}
			word := p.s[p.i:j]
			if j >= len(p.s) || (p.s[j] != '\'' && p.s[j] != '"') || (word != "" && !isStrPrefix(word)) {
				p.i = save
				return out, nil
			}
			prefix = strings.ToLower(word)
			p.i = j
		}
		first = false
		s, err := p.one(prefix)
		if err != nil {
			return out, err
		}
		if strings.Contains(prefix, "b") {
			out.kind = 'b'
		}
		out.str += s
	}
}

func (p *litParser) one(prefix string) (string, error) {
	q := p.s[p.i]
	triple := strings.HasPrefix(p.s[p.i:], strings.Repeat(string(q), 3))
	if triple {
		p.i += 3
	} else {
		p.i++
	}
	raw := strings.Contains(prefix, "r")
	var sb strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case triple && strings.HasPrefix(p.s[p.i:], strings.Repeat(string(q), 3)):
			p.i += 3
			return sb.String(), nil
		case !triple && c == q:
			p.i++
			return sb.String(), nil
		case !triple && c == '\n':
			return "", fmt.Errorf("%w: newline in a string", errLit)
		case c == '\\' && p.i+1 < len(p.s):
			if raw {
				sb.WriteByte(c)
				sb.WriteByte(p.s[p.i+1])
				p.i += 2
				continue
			}
			p.i++
			if err := p.escape(&sb, strings.Contains(prefix, "b")); err != nil {
				return "", err
			}
		default:
			sb.WriteByte(c)
			p.i++
		}
	}
	return "", fmt.Errorf("%w: unterminated string", errLit)
}

func (p *litParser) escape(sb *strings.Builder, bytesLit bool) error {
	e := p.s[p.i]
	p.i++
	simple := map[byte]byte{'\\': '\\', '\'': '\'', '"': '"', 'a': 7, 'b': 8, 'f': 12, 'n': '\n', 'r': '\r', 't': '\t', 'v': 11}
	if r, ok := simple[e]; ok {
		sb.WriteByte(r)
		return nil
	}
	hex := func(n int) (uint64, error) {
		if p.i+n > len(p.s) {
			return 0, fmt.Errorf("%w: truncated escape", errLit)
		}
		v, err := strconv.ParseUint(p.s[p.i:p.i+n], 16, 32)
		if err != nil {
			return 0, fmt.Errorf("%w: bad escape", errLit)
		}
		p.i += n
		return v, nil
	}
	switch {
	case e == '\n':
	case e == 'x':
		v, err := hex(2)
		if err != nil {
			return err
		}
		if bytesLit {
			sb.WriteByte(byte(v))
		} else {
			sb.WriteRune(rune(v))
		}
	case (e == 'u' || e == 'U') && !bytesLit:
		n := 4
		if e == 'U' {
			n = 8
		}
		v, err := hex(n)
		if err != nil || !utf8.ValidRune(rune(v)) {
			return fmt.Errorf("%w: bad \\%c escape", errLit, e)
		}
		sb.WriteRune(rune(v))
	case e == 'N' && !bytesLit:
		return fmt.Errorf("%w: \\N{...} escapes are not supported", errLit)
	case e >= '0' && e <= '7':
		v := int(e - '0')
		for k := 0; k < 2 && p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '7'; k++ {
			v = v*8 + int(p.s[p.i]-'0')
			p.i++
		}
		if bytesLit {
			sb.WriteByte(byte(v))
		} else {
			sb.WriteRune(rune(v))
		}
	default:
		sb.WriteByte('\\')
		sb.WriteByte(e)
	}
	return nil
}
