package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The docs page lists every rule with what it means, exactly as the
// catalogue (and `aispm scan --rules`) states it.
func TestDocsListEveryRule(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "tables", "aispm_model_scan.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, r := range Rules {
		row := "| `" + r.Rule + "` | " + r.Severity + " | " + r.Meaning + " |"
		if !strings.Contains(doc, row) {
			t.Errorf("docs/tables/aispm_model_scan.md lacks the row for %s:\n%s", r.Rule, row)
		}
	}
}
