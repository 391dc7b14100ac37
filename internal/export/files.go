package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aispm/aispm/internal/runner"
)

// Files writes a snapshot as one file per table (<table>.jsonl or <table>.csv)
// into a staging directory beside Dir, then swaps it in for Dir.
type Files struct {
	Dir    string
	Format string // jsonl or csv

	staging    string
	tables     map[string]bool
	replaceAll bool
}

// Begin creates the staging directory.
func (f *Files) Begin(_ context.Context, tables []Table, replaceAll bool) error {
	f.replaceAll, f.tables = replaceAll, map[string]bool{}
	for _, t := range tables {
		f.tables[t.Name] = true
	}
	if f.Format != "jsonl" && f.Format != "csv" {
		return fmt.Errorf("--format: %q is not jsonl or csv", f.Format)
	}
	parent := filepath.Dir(filepath.Clean(f.Dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(f.Dir)+".staging-")
	if err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	f.staging = dir
	return nil
}

// Write streams one table into its file.
func (f *Files) Write(_ context.Context, t Table, rows func(yield func([]any) error) error) (n int64, err error) {
	out, err := os.Create(filepath.Join(f.staging, t.Name+"."+f.Format))
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriterSize(out, 1<<16)
	defer func() {
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
	}()
	if f.Format == "csv" {
		cw := csv.NewWriter(w)
		header := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			header[i] = c.Name
		}
		if err := cw.Write(header); err != nil {
			return 0, err
		}
		err = rows(func(vals []any) error {
			rec := make([]string, len(vals))
			for i, v := range vals {
				rec[i] = runner.Text(v)
			}
			n++
			return cw.Write(rec)
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
		return n, err
	}
	enc := json.NewEncoder(w)
	err = rows(func(vals []any) error {
		obj := make(map[string]any, len(vals))
		for i, v := range vals {
			obj[t.Columns[i].Name] = v
		}
		n++
		return enc.Encode(obj)
	})
	return n, err
}

// Commit replaces Dir with the staging directory. A partial export first
// links the previous snapshot's other tables into the staging directory, so
// the swap is still one rename.
func (f *Files) Commit(context.Context) error {
	if !f.replaceAll {
		if err := f.keepOthers(); err != nil {
			return err
		}
	}
	old := ""
	if _, err := os.Stat(f.Dir); err == nil {
		old = f.staging + ".previous"
		if err := os.Rename(f.Dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(f.staging, f.Dir); err != nil {
		if old != "" {
			_ = os.Rename(old, f.Dir)
		}
		return err
	}
	f.staging = ""
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the staging directory; Dir was never touched.
func (f *Files) Abort() error {
	if f.staging == "" {
		return nil
	}
	return os.RemoveAll(f.staging)
}

// keepOthers links (or copies) every file of the previous snapshot whose
// table this export did not write into the staging directory.
func (f *Files) keepOthers() error {
	entries, err := os.ReadDir(f.Dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		if e.IsDir() || (ext != ".jsonl" && ext != ".csv") || f.tables[strings.TrimSuffix(name, ext)] {
			continue
		}
		from, to := filepath.Join(f.Dir, name), filepath.Join(f.staging, name)
		if err := os.Link(from, to); err == nil {
			continue
		}
		if err := copyFile(from, to); err != nil {
			return fmt.Errorf("keeping %s: %w", name, err)
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
