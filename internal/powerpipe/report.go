// Package powerpipe reads Powerpipe's own benchmark JSON export
// (`powerpipe benchmark run ... --export FILE.json`).
package powerpipe

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Counts are a summary's result counts.
type Counts struct {
	Alarm int `json:"alarm"`
	OK    int `json:"ok"`
	Info  int `json:"info"`
	Skip  int `json:"skip"`
	Error int `json:"error"`
}

// Result is one row a control returned.
type Result struct {
	Resource   string `json:"resource"`
	Status     string `json:"status"`
	Reason     string `json:"reason"`
	Dimensions []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"dimensions"`
}

// Control is one control run.
type Control struct {
	ID        string            `json:"control_id"`
	Title     string            `json:"title"`
	Severity  string            `json:"severity"`
	RunStatus int               `json:"run_status"`
	RunError  string            `json:"run_error"`
	Tags      map[string]string `json:"tags"`
	Summary   Counts            `json:"summary"`
	Results   []Result          `json:"results"`
}

type group struct {
	ID       string                  `json:"group_id"`
	Summary  struct{ Status Counts } `json:"summary"`
	Groups   []group                 `json:"groups"`
	Controls []Control               `json:"controls"`
}

// Report is a benchmark run: its totals and every control, once each.
type Report struct {
	Summary  Counts
	Controls []Control
}

// Name is a control's short name: "control.x" and "aispm.control.x" give "x".
func (c Control) Name() string { return c.ID[strings.LastIndex(c.ID, ".")+1:] }

// Read parses a Powerpipe benchmark JSON export.
func Read(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var root group
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s is not a Powerpipe benchmark JSON export: %w", path, err)
	}
	if root.ID == "" {
		return nil, fmt.Errorf("%s is not a Powerpipe benchmark JSON export: no group_id", path)
	}
	r := &Report{Summary: root.Summary.Status}
	seen := map[string]bool{}
	var walk func(g group)
	walk = func(g group) {
		for _, c := range g.Controls {
			if !seen[c.ID] {
				seen[c.ID] = true
				r.Controls = append(r.Controls, c)
			}
		}
		for _, sub := range g.Groups {
			walk(sub)
		}
	}
	walk(root)
	sort.Slice(r.Controls, func(i, j int) bool { return r.Controls[i].ID < r.Controls[j].ID })
	return r, nil
}

// Finding is one (control, resource) result with its status.
type Finding struct {
	Control  string `json:"control"`
	Resource string `json:"resource"`
	Status   string `json:"status"`
	Severity string `json:"severity"`
	Reason   string `json:"reason"`
}

var severityRank = map[string]int{"critical": 0, "high": 1, "medium": 2, "low": 3}

func rank(sev string) int {
	if r, ok := severityRank[strings.ToLower(sev)]; ok {
		return r
	}
	return 4
}

// Findings returns every result with the given status, worst severity first.
func (r *Report) Findings(status string) []Finding {
	var out []Finding
	for _, c := range r.Controls {
		for _, res := range c.Results {
			if res.Status == status {
				out = append(out, Finding{Control: c.Name(), Resource: res.Resource, Status: res.Status, Severity: c.Severity, Reason: res.Reason})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank(a.Severity) != rank(b.Severity) {
			return rank(a.Severity) < rank(b.Severity)
		}
		if a.Control != b.Control {
			return a.Control < b.Control
		}
		return a.Resource < b.Resource
	})
	return out
}

// Errors lists the controls that could not run, with their errors.
func (r *Report) Errors() []string {
	var out []string
	for _, c := range r.Controls {
		if c.RunError != "" || c.Summary.Error > 0 {
			out = append(out, c.Name()+": "+c.RunError)
		}
	}
	return out
}
