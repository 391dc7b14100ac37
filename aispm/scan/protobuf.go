package scan

import (
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// A protobuf walker over ranged reads: fields are read by tag, nested
// messages descended into, and large byte fields (tensor data) skipped
// without being read. ONNX models and TensorFlow graphs are judged with it.

type pbField struct {
	num    int
	wire   int
	varint uint64
	off    int64 // a length-delimited payload's offset
	n      int64 // and length
}

var errProto = errors.New("not a valid protobuf message")

func readVarint(r io.ReaderAt, off, end int64) (uint64, int64, error) {
	var buf [10]byte
	k, err := r.ReadAt(buf[:min(10, end-off)], off)
	if errors.Is(err, errLimit) {
		return 0, 0, err
	}
	var v uint64
	for i := 0; i < k; i++ {
		v |= uint64(buf[i]&0x7f) << (7 * i)
		if buf[i] < 0x80 {
			return v, int64(i + 1), nil
		}
	}
	return 0, 0, fmt.Errorf("%w: truncated varint at %d", errProto, off)
}

// pbWalk calls fn for each field of the message in [off, end).
func pbWalk(r io.ReaderAt, off, end int64, fn func(pbField) error) error {
	for off < end {
		tag, n, err := readVarint(r, off, end)
		if err != nil {
			return err
		}
		off += n
		f := pbField{num: int(tag >> 3), wire: int(tag & 7)}
		if f.num == 0 {
			return fmt.Errorf("%w: field number 0 at %d", errProto, off-n)
		}
		switch f.wire {
		case 0:
			if f.varint, n, err = readVarint(r, off, end); err != nil {
				return err
			}
			off += n
		case 1:
			off += 8
		case 5:
			off += 4
		case 2:
			l, n, err := readVarint(r, off, end)
			if err != nil {
				return err
			}
			off += n
			if l > uint64(end-off) {
				return fmt.Errorf("%w: field %d of %d bytes runs past the end of its message", errProto, f.num, l)
			}
			f.off, f.n = off, int64(l)
			off += int64(l)
		default:
			return fmt.Errorf("%w: wire type %d at %d", errProto, f.wire, off-n)
		}
		if off > end {
			return fmt.Errorf("%w: field %d runs past the end of its message", errProto, f.num)
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

func pbString(r io.ReaderAt, f pbField, max int64) (string, error) {
	if f.wire != 2 {
		return "", nil
	}
	b := make([]byte, min(f.n, max))
	if _, err := r.ReadAt(b, f.off); err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return string(b), nil
}

// protoStrings calls fn with every length-delimited payload up to depth
// levels down, descending into those that parse as messages.
func protoStrings(r io.ReaderAt, off, end int64, depth int, fn func(at int64, b []byte)) error {
	return pbWalk(r, off, end, func(f pbField) error {
		if f.wire != 2 {
			return nil
		}
		if f.n <= maxKerasConfig {
			s, err := pbString(r, f, f.n)
			if err != nil {
				return err
			}
			fn(f.off, []byte(s))
		}
		if depth > 0 {
			if err := protoStrings(r, f.off, f.off+f.n, depth-1, fn); errors.Is(err, errLimit) {
				return err
			}
		}
		return nil
	})
}

// onnxDomains are the operator domains ONNX and ONNX Runtime implement.
var onnxDomains = setOf("", "ai.onnx", "ai.onnx.ml", "ai.onnx.training", "ai.onnx.preview.training", "ai.onnx.preview",
	"com.microsoft", "com.microsoft.nchwc", "com.microsoft.mlfeaturizers", "com.microsoft.experimental",
	"com.ms.internal.nhwc", "com.microsoft.dml", "org.pytorch.aten")

type onnxWalk struct {
	r        io.ReaderAt
	nodes    map[[2]string]int64 // (domain, op) -> first offset
	local    map[[2]string]bool  // functions the model defines
	external []Finding
	member   string
	base     int64
	count    int
}

// onnx judges an ONNX model: nodes from operator domains no runtime provides
// (custom operator libraries are native code), and tensors whose external
// data path leaves the model directory.
func (sc *scanner) onnx(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	w := &onnxWalk{r: r, nodes: map[[2]string]int64{}, local: map[[2]string]bool{}, member: member, base: base}
	err := pbWalk(r, 0, size, func(f pbField) error {
		switch {
		case f.num == 7 && f.wire == 2: // graph
			return w.graph(f.off, f.off+f.n, 0)
		case f.num == 25 && f.wire == 2: // functions
			return w.function(f.off, f.off+f.n)
		case f.num == 20 && f.wire == 2: // training_info: initialization, algorithm graphs
			return pbWalk(r, f.off, f.off+f.n, func(g pbField) error {
				if (g.num == 1 || g.num == 2) && g.wire == 2 {
					return w.graph(g.off, g.off+g.n, 0)
				}
				return nil
			})
		}
		return nil
	})
	if errors.Is(err, errLimit) {
		return nil, err
	}
	if err != nil {
		return []Finding{{Rule: RuleMalformed, Severity: SevMedium, Construct: "onnx: " + err.Error(), Member: member, Offset: base}}, nil
	}
	out := w.external
	keys := make([][2]string, 0, len(w.nodes))
	for k := range w.nodes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return w.nodes[keys[i]] < w.nodes[keys[j]] })
	for _, k := range keys {
		if onnxDomains[k[0]] || w.local[k] {
			continue
		}
		sev := SevMedium
		if strings.HasPrefix(k[1], "Py") || strings.Contains(strings.ToLower(k[0]), "python") {
			sev = SevHigh
		}
		out = append(out, Finding{Rule: RuleONNXCustomOp, Severity: sev, Construct: fmt.Sprintf("operator %s from domain %q needs a custom operator library", k[1], k[0]), Member: member, Offset: base + w.nodes[k]})
	}
	return out, nil
}

func (w *onnxWalk) graph(off, end int64, depth int) error {
	if depth > 64 {
		return fmt.Errorf("%w: graphs nested deeper than 64", errProto)
	}
	return pbWalk(w.r, off, end, func(f pbField) error {
		if f.wire != 2 {
			return nil
		}
		switch f.num {
		case 1:
			return w.node(f.off, f.off+f.n, depth)
		case 5:
			return w.tensor(f.off, f.off+f.n)
		case 15: // sparse_initializer: values, indices
			return pbWalk(w.r, f.off, f.off+f.n, func(g pbField) error {
				if (g.num == 1 || g.num == 2) && g.wire == 2 {
					return w.tensor(g.off, g.off+g.n)
				}
				return nil
			})
		}
		return nil
	})
}

func (w *onnxWalk) node(off, end int64, depth int) error {
	var domain, op string
	err := pbWalk(w.r, off, end, func(f pbField) error {
		var err error
		switch {
		case f.num == 4:
			op, err = pbString(w.r, f, 1024)
		case f.num == 7:
			domain, err = pbString(w.r, f, 1024)
		case f.num == 5 && f.wire == 2: // attributes: subgraphs and tensors
			err = pbWalk(w.r, f.off, f.off+f.n, func(a pbField) error {
				switch {
				case (a.num == 6 || a.num == 11) && a.wire == 2:
					return w.graph(a.off, a.off+a.n, depth+1)
				case (a.num == 5 || a.num == 10) && a.wire == 2:
					return w.tensor(a.off, a.off+a.n)
				}
				return nil
			})
		}
		return err
	})
	if err != nil {
		return err
	}
	w.count++
	key := [2]string{domain, op}
	if _, seen := w.nodes[key]; !seen {
		w.nodes[key] = off
	}
	return nil
}

func (w *onnxWalk) function(off, end int64) error {
	var name, domain string
	err := pbWalk(w.r, off, end, func(f pbField) error {
		var err error
		switch f.num {
		case 1:
			name, err = pbString(w.r, f, 1024)
		case 10:
			domain, err = pbString(w.r, f, 1024)
		case 7:
			if f.wire == 2 {
				err = w.node(f.off, f.off+f.n, 1)
			}
		}
		return err
	})
	w.local[[2]string{domain, name}] = true
	return err
}

func (w *onnxWalk) tensor(off, end int64) error {
	var name string
	var locs []string
	err := pbWalk(w.r, off, end, func(f pbField) error {
		var err error
		switch {
		case f.num == 8:
			name, err = pbString(w.r, f, 1024)
		case f.num == 13 && f.wire == 2:
			var key, val string
			err = pbWalk(w.r, f.off, f.off+f.n, func(e pbField) error {
				var err error
				switch e.num {
				case 1:
					key, err = pbString(w.r, e, 1024)
				case 2:
					val, err = pbString(w.r, e, 4096)
				}
				return err
			})
			if key == "location" {
				locs = append(locs, val)
			}
		}
		return err
	})
	for _, loc := range locs {
		if escapesDir(loc) {
			w.external = append(w.external, Finding{Rule: RuleONNXExternal, Severity: SevHigh, Construct: fmt.Sprintf("tensor %s reads its data from %q", name, loc), Member: w.member, Offset: w.base + off})
		}
	}
	return err
}

// escapesDir reports whether a relative data path leaves its directory.
func escapesDir(p string) bool {
	p = strings.ReplaceAll(p, "\\", "/")
	if unsafePath(p) {
		return true
	}
	clean := path.Clean(p)
	return clean == ".." || strings.HasPrefix(clean, "../")
}

// tfOps are the TensorFlow ops that reach files or call back into Python.
var tfOps = map[string]string{
	"PyFunc": SevCritical, "PyFuncStateless": SevCritical, "EagerPyFunc": SevCritical,
	"ReadFile": SevHigh, "WriteFile": SevHigh, "MatchingFiles": SevHigh, "ImmutableConst": SevHigh,
	"CreateSummaryFileWriter": SevHigh, "DebugIdentityV2": SevHigh,
}

// savedModel judges a TensorFlow SavedModel's saved_model.pb.
func (sc *scanner) savedModel(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	return sc.tensorflow(r, size, member, base, true)
}

// graphDef judges a frozen TensorFlow GraphDef.
func (sc *scanner) graphDef(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	return sc.tensorflow(r, size, member, base, false)
}

// tensorflow judges a SavedModel (saved_model.pb) or a frozen GraphDef:
// every node op, in the graphs and in their function libraries.
func (sc *scanner) tensorflow(r io.ReaderAt, size int64, member string, base int64, savedModel bool) ([]Finding, error) {
	var out []Finding
	seen := map[string]bool{}
	nodeDef := func(off, end int64) error {
		return pbWalk(r, off, end, func(f pbField) error {
			if f.num != 2 || f.wire != 2 {
				return nil
			}
			op, err := pbString(r, f, 256)
			if sev, bad := tfOps[op]; bad && !seen[op] {
				seen[op] = true
				out = append(out, Finding{Rule: RuleTFOp, Severity: sev, Construct: "graph op " + op, Member: member, Offset: base + off})
			}
			return err
		})
	}
	graphDef := func(off, end int64) error {
		return pbWalk(r, off, end, func(f pbField) error {
			switch {
			case f.num == 1 && f.wire == 2:
				return nodeDef(f.off, f.off+f.n)
			case f.num == 2 && f.wire == 2: // library
				return pbWalk(r, f.off, f.off+f.n, func(fn pbField) error {
					if fn.num != 1 || fn.wire != 2 {
						return nil
					}
					return pbWalk(r, fn.off, fn.off+fn.n, func(nd pbField) error {
						if nd.num == 3 && nd.wire == 2 {
							return nodeDef(nd.off, nd.off+nd.n)
						}
						return nil
					})
				})
			}
			return nil
		})
	}
	var err error
	if savedModel {
		err = pbWalk(r, 0, size, func(f pbField) error {
			if f.num != 2 || f.wire != 2 { // meta_graphs
				return nil
			}
			return pbWalk(r, f.off, f.off+f.n, func(g pbField) error {
				if g.num == 2 && g.wire == 2 { // graph_def
					return graphDef(g.off, g.off+g.n)
				}
				return nil
			})
		})
	} else {
		err = graphDef(0, size)
	}
	if errors.Is(err, errLimit) {
		return out, err
	}
	if err != nil {
		out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: "tensorflow graph: " + err.Error(), Member: member, Offset: base})
	}
	return out, nil
}
