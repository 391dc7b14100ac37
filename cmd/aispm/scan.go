package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/aispm/aispm/aispm/scan"
	"github.com/spf13/cobra"
)

// newScanCmd scans model files (or the model files under directories) without
// ever loading them. Exit 0: every file clean; 1: findings; 2: a file could
// not be scanned, or nothing was scanned at all.
func newScanCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scan PATH...",
		Short: "Scan model files without loading them (exit 0 clean, 1 findings, 2 errors)",
		Long: "Scan model files (or the model files under directories, following symlinks) without loading them.\n" +
			"Exit 0: every file clean; 1: findings; 2: a file could not be scanned, or nothing was scanned at all.",
	}
	flags := cmd.Flags()
	format := flags.String("format", "text", "output format: text or json (one JSON result per line)")
	maxMB := flags.Int64("max-mb", scan.DefaultLimits().MaxBytes>>20, "stop reading an artifact after this many MiB (a limit_exceeded finding)")
	timeout := flags.Duration("timeout", scan.DefaultLimits().Timeout, "wall time per artifact")
	rules := flags.Bool("rules", false, "list the rules and what each means, then exit")
	cmd.RunE = func(_ *cobra.Command, paths []string) error {
		return scanPaths(paths, *format, *maxMB, *timeout, *rules)
	}
	return cmd
}

func scanPaths(paths []string, format string, maxMB int64, timeout time.Duration, rules bool) error {
	if rules {
		for _, r := range scan.Rules {
			fmt.Printf("%-26s %-8s %s\n", r.Rule, r.Severity, r.Meaning)
		}
		return nil
	}
	if len(paths) == 0 {
		return usageError{errors.New("scan takes one or more files or directories")}
	}
	if format != "text" && format != "json" {
		return usageError{fmt.Errorf("--format must be text or json, not %q", format)}
	}
	lim := scan.DefaultLimits()
	lim.MaxBytes, lim.Timeout = maxMB<<20, timeout
	files, skipped := collect(paths)
	var clean, dirty, failed int
	enc := json.NewEncoder(os.Stdout)
	for _, f := range files {
		res := scanFile(f, lim)
		switch {
		case res.Error != "":
			failed++
		case len(res.Findings) > 0:
			dirty++
		default:
			clean++
		}
		if format == "json" {
			if err := enc.Encode(res); err != nil {
				return err
			}
			continue
		}
		printResult(os.Stdout, res)
	}
	for _, s := range skipped {
		if s.explicit {
			failed++
		}
		if format == "json" {
			if err := enc.Encode(map[string]string{"path": s.path, "skipped": s.why}); err != nil {
				return err
			}
			continue
		}
		fmt.Printf("%s: not scanned (%s)\n", s.path, s.why)
	}
	if format == "text" {
		fmt.Printf("\n%d scanned: %d clean, %d with findings, %d could not be scanned; %d not scanned\n", len(files), clean, dirty, failed, len(skipped))
	}
	switch {
	case len(files) == 0:
		return exitError{2, "nothing was scanned"}
	case failed > 0:
		return exitError{2, fmt.Sprintf("%d artifact(s) could not be scanned", failed)}
	case dirty > 0:
		return exitError{1, fmt.Sprintf("%d artifact(s) with findings", dirty)}
	}
	return nil
}

// skip is a path that was not scanned, and why.
type skip struct {
	path, why string
	explicit  bool // named on the command line: not scanning it is an error
}

// collect resolves the command line into the files to scan: files named
// explicitly whatever their name; under directories, the files whose name or
// first bytes say they are models. Symbolic links are followed to what they
// point at (a Hugging Face cache snapshot is all symlinks into blobs/), each
// target scanned once and directory loops cut; anything not scanned (a FIFO,
// a device, a broken link, a file that is no model) is listed with why.
func collect(paths []string) ([]string, []skip) {
	c := &collector{seen: map[fileID]bool{}, dirs: map[fileID]bool{}}
	for _, p := range paths {
		c.entry(p, true)
	}
	return c.files, c.skipped
}

type fileID struct{ dev, ino uint64 }

type collector struct {
	files   []string
	skipped []skip
	seen    map[fileID]bool // files already taken (a symlink and its target count once)
	dirs    map[fileID]bool // directories on the current walk (loops)
}

func idOf(st fs.FileInfo) (fileID, bool) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return fileID{uint64(s.Dev), uint64(s.Ino)}, true
	}
	return fileID{}, false
}

func (c *collector) file(path string, st fs.FileInfo, explicit bool) {
	if id, ok := idOf(st); ok {
		if c.seen[id] {
			return
		}
		c.seen[id] = true
	}
	if !explicit && !scan.IsModelFile(path) && !sniff(path) {
		c.skipped = append(c.skipped, skip{path, "not a model file", false})
		return
	}
	c.files = append(c.files, path)
}

func sniff(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	return scan.Sniff(head[:n])
}

func (c *collector) dir(path string) {
	st, err := os.Stat(path)
	if err != nil {
		c.skipped = append(c.skipped, skip{path, errText(err), false})
		return
	}
	if id, ok := idOf(st); ok {
		if c.dirs[id] {
			c.skipped = append(c.skipped, skip{path, "directory loop", false})
			return
		}
		c.dirs[id] = true
		defer delete(c.dirs, id)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		c.skipped = append(c.skipped, skip{path, errText(err), false})
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		c.entry(filepath.Join(path, e.Name()), false)
	}
}

// entry takes one path, following a symlink to what it points at.
func (c *collector) entry(p string, explicit bool) {
	st, err := os.Stat(p)
	if err != nil {
		why := errText(err)
		if lst, lerr := os.Lstat(p); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			why = "broken symlink"
		}
		c.skipped = append(c.skipped, skip{p, why, explicit})
		return
	}
	switch {
	case st.IsDir():
		c.dir(p)
	case st.Mode().IsRegular():
		c.file(p, st, explicit)
	default:
		c.skipped = append(c.skipped, skip{p, "not a regular file (" + kindOf(st.Mode()) + ")", explicit})
	}
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "fifo"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return m.Type().String()
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func scanFile(path string, lim scan.Limits) *scan.Result {
	f, err := os.Open(path)
	if err != nil {
		return &scan.Result{Path: path, Findings: []scan.Finding{}, Error: err.Error()}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return &scan.Result{Path: path, Findings: []scan.Finding{}, Error: err.Error()}
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout+time.Second)
	defer cancel()
	return scan.Scan(ctx, path, f, st.Size(), lim)
}

func printResult(w io.Writer, r *scan.Result) {
	switch {
	case r.Error != "":
		fmt.Fprintf(w, "%s: ERROR %s\n", r.Path, r.Error)
		return
	case len(r.Findings) == 0:
		fmt.Fprintf(w, "%s: clean (%s, read %d of %d bytes)\n", r.Path, r.Format, r.BytesRead, r.Size)
		return
	}
	fmt.Fprintf(w, "%s: %d finding(s) (%s, read %d of %d bytes)\n", r.Path, len(r.Findings), r.Format, r.BytesRead, r.Size)
	for _, f := range r.Findings {
		where := fmt.Sprintf("offset %d", f.Offset)
		if f.Member != "" {
			where = "member " + f.Member + ", " + where
		}
		fmt.Fprintf(w, "  %-8s %-26s %s (%s)\n", strings.ToUpper(f.Severity), f.Rule, f.Construct, where)
	}
}
