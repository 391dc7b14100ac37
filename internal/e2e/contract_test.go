package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aispm/aispm/internal/sim"
)

// Every table follows the house rules (STYLE.md §12): the aispm_ prefix, a
// description on the table and on every column, the standard columns with the
// scope columns of its clouds, and a docs page with example queries.
func TestTableContract(t *testing.T) {
	e := start(t, sim.Options{})
	sqlBlock := regexp.MustCompile("(?s)```sql\n.*?select .*?```")
	tables := e.r.Tables()
	if len(tables) < 5 {
		t.Fatalf("only %d tables", len(tables))
	}
	docsIndex, err := os.ReadFile(filepath.Join("..", "..", "docs", "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range tables {
		t.Run(name, func(t *testing.T) {
			if !strings.HasPrefix(name, "aispm_") {
				t.Errorf("table name lacks the aispm_ prefix")
			}
			s, _ := e.r.Table(name)
			if len(s.GetDescription()) < 20 {
				t.Errorf("table description %q is missing or too short", s.GetDescription())
			}
			cols := map[string]bool{}
			for _, c := range s.GetColumns() {
				cols[c.GetName()] = true
				if strings.HasPrefix(c.GetName(), "sp_") || c.GetName() == "_ctx" {
					continue // added by the SDK
				}
				if len(c.GetDescription()) < 8 {
					t.Errorf("column %s has no description", c.GetName())
				}
			}
			required := []string{"cloud"}
			if name != "aispm_scope_status" {
				required = append(required, "name", "title", "tags", "akas")
			}
			switch {
			case strings.HasPrefix(name, "aispm_aws_"):
				required = append(required, "account_id", "region")
			case strings.HasPrefix(name, "aispm_azure_"):
				required = append(required, "subscription_id", "resource_group", "location")
			case strings.HasPrefix(name, "aispm_gcp_"):
				required = append(required, "project", "location")
			default:
				required = append(required, "account_id", "region", "subscription_id", "project", "location")
			}
			for _, c := range required {
				if !cols[c] {
					t.Errorf("standard column %s is missing", c)
				}
			}
			page, err := os.ReadFile(filepath.Join("..", "..", "docs", "tables", name+".md"))
			if err != nil {
				t.Fatalf("no docs page: %v", err)
			}
			if !strings.HasPrefix(string(page), "# Table: "+name) {
				t.Errorf("docs page does not start with '# Table: %s'", name)
			}
			if n := len(sqlBlock.FindAll(page, -1)); n < 2 {
				t.Errorf("docs page has %d example queries, want at least 2", n)
			}
			if !strings.Contains(string(docsIndex), "tables/"+name+".md") {
				t.Errorf("docs/index.md does not link the table's page")
			}
		})
	}
}
