package estate

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/parquet-go/parquet-go"
)

// Object returns an object's content, as an estate declares it under
// x-objects (S3, Cloud Storage) or x-blobs (Azure): either the name of a
// file under objects/ (model files), or a generated data object:
//
//	train.jsonl: {lines: [...]}                 # text, one element per line (maps become JSON)
//	train.csv:   {format: csv, rows: [{...}]}   # csv, tsv, jsonl or parquet from rows
//	big.jsonl:   {lines: [...], repeat: 1000}   # the lines repeated
//	             once: [...]                    # lines written once, first
//	x.jsonl.gz:  {lines: [...], gzip: true}
//	             x-secret: [...]                # the secrets it holds (never to leak)
//
// Generated content is built once per declaration's content.
func Object(v any) ([]byte, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return ObjectData(fmt.Sprint(v))
	}
	// keyed by what the declaration says (JSON sorts the keys), never by
	// where it lives: an estate's maps are freed and their addresses reused
	// by the next estate loaded, whose objects differ
	decl, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("object declaration: %w", err)
	}
	key := sha256.Sum256(decl)
	if b, ok := generated.Load(key); ok {
		return b.([]byte), nil
	}
	b, err := generate(m)
	if err != nil {
		return nil, err
	}
	generated.Store(key, b)
	return b, nil
}

var generated sync.Map // sha256 of the declaration -> []byte

func generate(m map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	rows, _ := m["rows"].([]any)
	lines, _ := m["lines"].([]any)
	repeat := 1
	if n, ok := m["repeat"].(int); ok && n > 0 {
		repeat = n
	}
	format, _ := m["format"].(string)
	switch {
	case lines != nil:
		once, _ := m["once"].([]any) // lines written once, before the repeated ones
		for _, l := range once {
			if err := writeLine(&buf, l); err != nil {
				return nil, err
			}
		}
		for range repeat {
			for _, l := range lines {
				if err := writeLine(&buf, l); err != nil {
					return nil, err
				}
			}
		}
	case format == "csv" || format == "tsv":
		header := columns(rows)
		w := csv.NewWriter(&buf)
		if format == "tsv" {
			w.Comma = '\t'
		}
		_ = w.Write(header)
		for range repeat {
			for _, r := range rows {
				rec := make([]string, len(header))
				for i, c := range header {
					if v, ok := r.(map[string]any)[c]; ok {
						rec[i] = fmt.Sprint(v)
					}
				}
				_ = w.Write(rec)
			}
		}
		w.Flush()
	case format == "parquet":
		header := columns(rows)
		group := parquet.Group{}
		for _, c := range header {
			group[c] = parquet.Optional(parquet.String())
		}
		schema := parquet.NewSchema("row", group)
		w := parquet.NewGenericWriter[map[string]any](&buf, schema, parquet.MaxRowsPerRowGroup(int64(max(1, len(rows)))))
		for range repeat {
			batch := make([]map[string]any, 0, len(rows))
			for _, r := range rows {
				rec := map[string]any{}
				for k, v := range r.(map[string]any) {
					rec[k] = fmt.Sprint(v)
				}
				batch = append(batch, rec)
			}
			if _, err := w.Write(batch); err != nil {
				return nil, fmt.Errorf("estate: parquet object: %w", err)
			}
		}
		if err := w.Close(); err != nil {
			return nil, fmt.Errorf("estate: parquet object: %w", err)
		}
	default: // jsonl rows
		for range repeat {
			for _, r := range rows {
				if err := writeLine(&buf, r); err != nil {
					return nil, err
				}
			}
		}
	}
	if gz, _ := m["gzip"].(bool); gz {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		_, _ = zw.Write(buf.Bytes())
		_ = zw.Close()
		return z.Bytes(), nil
	}
	return buf.Bytes(), nil
}

func writeLine(buf *bytes.Buffer, l any) error {
	if s, ok := l.(string); ok {
		buf.WriteString(s)
	} else {
		b, err := json.Marshal(l)
		if err != nil {
			return fmt.Errorf("estate: object line: %w", err)
		}
		buf.Write(b)
	}
	buf.WriteByte('\n')
	return nil
}

// columns are the union of the rows' keys, sorted.
func columns(rows []any) []string {
	var out []string
	for _, r := range rows {
		m, _ := r.(map[string]any)
		for k := range m {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}
