package scan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

const maxKerasConfig = 64 << 20

// kerasConfig judges a Keras model config (config.json in a .keras archive,
// the model_config attribute of an .h5 file, the metadata of a SavedModel).
func kerasConfig(cfg any, member string, offset int64) []Finding {
	var out []Finding
	add := func(rule, sev, construct string) {
		out = append(out, Finding{Rule: rule, Severity: sev, Construct: construct, Member: member, Offset: offset})
	}
	// An explicit stack: configs nest arbitrarily deep, and none is cut off.
	// inLambda marks what lies inside a Lambda layer (its function is the
	// same finding).
	type node struct {
		v        any
		inLambda bool
	}
	stack := []node{{cfg, false}}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch x := top.v.(type) {
		case []any:
			for _, val := range x {
				stack = append(stack, node{val, top.inLambda})
			}
		case map[string]any:
			cn0, _ := x["class_name"].(string)
			inLambda := top.inLambda || strings.TrimSpace(cn0) == "Lambda"
			for _, val := range x {
				stack = append(stack, node{val, inLambda})
			}
			cn, _ := x["class_name"].(string)
			cfgMap, _ := x["config"].(map[string]any)
			name := ""
			if cfgMap != nil {
				name, _ = cfgMap["name"].(string)
			}
			switch strings.TrimSpace(cn) {
			case "Lambda":
				add(RuleKerasLambda, SevHigh, "Lambda layer "+name+": Python bytecode runs when the model loads")
			case "__lambda__":
				if !top.inLambda {
					add(RuleKerasLambda, SevHigh, "serialized lambda function: Python bytecode runs when the model loads")
				}
			case "TFOpLambda":
				if fn, _ := cfgMap["function"].(string); unsafeTFFunction(fn) {
					add(RuleKerasObject, SevHigh, "TFOpLambda layer "+name+" calls tf."+fn)
				}
			}
			if mod, ok := x["module"].(string); ok && cn != "" {
				target := cn
				if cn == "function" {
					target, _ = x["config"].(string)
				}
				if target == "" {
					continue
				}
				sev, _, path, ok := verdict(mod, target, 4)
				switch {
				case !ok:
				case sev == SevCritical:
					add(RuleKerasObject, SevCritical, "Keras imports "+path+" from the config")
				case !kerasModule(mod):
					add(RuleKerasObject, SevHigh, "Keras imports "+path+" from the config")
				}
			}
		}
	}
	return out
}

// kerasModule reports whether a config object's module is Keras' own.
func kerasModule(mod string) bool {
	for _, p := range []string{"keras", "keras_hub", "keras_nlp", "keras_cv", "tf_keras", "tensorflow.keras"} {
		if mod == p || strings.HasPrefix(mod, p+".") {
			return true
		}
	}
	return false
}

func unsafeTFFunction(fn string) bool {
	for _, bad := range []string{"io.", "py_function", "numpy_function", "py_func", "write_file", "read_file", "compat.v1.py_func", "debugging.experimental"} {
		if strings.HasPrefix(fn, bad) || strings.Contains(fn, bad) {
			return true
		}
	}
	return false
}

func decodeJSON(r io.Reader) (any, int64, error) {
	dec := json.NewDecoder(io.LimitReader(r, maxKerasConfig))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, 0, err
	}
	return v, dec.InputOffset(), nil
}

// kerasJSON judges a config.json member.
func (sc *scanner) kerasJSON(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	v, _, err := decodeJSON(io.NewSectionReader(r, 0, size))
	if err != nil {
		if errors.Is(err, errLimit) {
			return nil, err
		}
		return []Finding{{Rule: RuleMalformed, Severity: SevMedium, Construct: "keras config: " + err.Error(), Member: member, Offset: base}}, nil
	}
	return kerasConfig(v, member, base), nil
}

// h5 judges a Keras HDF5 file: the model_config attribute is JSON text stored
// somewhere in the file (inline in the root group's attribute message, or in
// the global heap). Every JSON object in the file is found and judged, so the
// attribute is judged wherever it sits; a file larger than the byte budget
// ends with a limit finding rather than a clean verdict.
func (sc *scanner) h5(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	const window, overlap = 1 << 20, 64
	var out []Finding
	buf := make([]byte, window)
	next := int64(0) // JSON objects already judged end here
	for off := int64(0); off < size; off += window - overlap {
		n, err := r.ReadAt(buf[:min(int64(window), size-off)], off)
		if err != nil && !errors.Is(err, io.EOF) {
			return out, err
		}
		b := buf[:n]
		for i := bytes.IndexByte(b, '{'); i >= 0; {
			at := off + int64(i)
			if at >= next && jsonObjectStart(b[i:]) {
				v, used, err := decodeJSON(io.NewSectionReader(r, at, size-at))
				if errors.Is(err, errLimit) {
					return out, err
				}
				if err == nil {
					if m, ok := v.(map[string]any); ok && (m["class_name"] != nil || m["config"] != nil || m["layers"] != nil) {
						out = append(out, kerasConfig(v, member, base+at)...)
					}
					next = at + used
				}
			}
			j := bytes.IndexByte(b[i+1:], '{')
			if j < 0 {
				break
			}
			i += 1 + j
		}
		if off+int64(n) >= size {
			break
		}
	}
	return out, nil
}

// jsonObjectStart reports whether b starts like a JSON object with a key.
func jsonObjectStart(b []byte) bool {
	for i := 1; i < len(b) && i < 64; i++ {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			return true
		default:
			return false
		}
	}
	return false
}

// kerasMetadata judges a SavedModel's keras_metadata.pb: its nodes carry the
// layers' JSON configs as strings.
func (sc *scanner) kerasMetadata(r io.ReaderAt, size int64, member string, base int64) ([]Finding, error) {
	var out []Finding
	err := protoStrings(r, 0, size, 3, func(at int64, s []byte) {
		if len(s) > 0 && s[0] == '{' {
			if v, _, err := decodeJSON(bytes.NewReader(s)); err == nil {
				out = append(out, kerasConfig(v, member, base+at)...)
			}
		}
	})
	if err != nil && !errors.Is(err, errLimit) {
		out = append(out, Finding{Rule: RuleMalformed, Severity: SevMedium, Construct: fmt.Sprintf("keras_metadata.pb: %v", err), Member: member, Offset: base})
		return out, nil
	}
	return out, err
}
