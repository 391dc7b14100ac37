package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aispm/aispm/internal/sim"
	"github.com/jackc/pgx/v5"
)

var sqlBlock = regexp.MustCompile("(?s)```sql\n(.*?)```")

// docExample is one SQL example of the docs, with where it is.
type docExample struct {
	where, sql string
}

func docExamples(t *testing.T) []docExample {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "docs", "tables", "*.md"))
	var out []docExample
	for _, f := range append(files, more...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range sqlBlock.FindAllStringSubmatchIndex(string(src), -1) {
			line := strings.Count(string(src[:m[0]]), "\n") + 1
			out = append(out, docExample{where: filepath.Base(f) + ":" + itoa(line), sql: string(src[m[2]:m[3]])})
		}
	}
	return out
}

// Every SQL example in docs/ runs against the demo snapshot, and returns
// rows: the demo estate holds a case of everything the examples look for.
// Examples about failures run against a second snapshot with a denied
// subscription and S3 denied; the drift example compares the two
// (snap_2026_11_21 is the full one, snap_2026_10_21 the denied one).
func TestDocsExamplesRun(t *testing.T) {
	url := pgURL(t)
	const schema, denied = "e2e_docs", "e2e_docs_denied"
	exportDemo(t, url, schema, sim.Options{})
	exportDemo(t, url, denied, sim.Options{Deny: []string{"azure:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "aws:111122223333/global:s3"}})
	examples := docExamples(t)
	if len(examples) < 50 {
		t.Fatalf("only %d SQL examples found in docs/", len(examples))
	}
	c := pgConn(t, url)
	ctx := context.Background()
	run := func(path, sql string) (int, error) {
		if _, err := c.Exec(ctx, "set search_path to "+pgx.Identifier{path}.Sanitize()); err != nil {
			return 0, err
		}
		rows, err := c.Query(ctx, sql)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			n++
		}
		return n, rows.Err()
	}
	drift := strings.NewReplacer("snap_2026_11_21", schema, "snap_2026_10_21", denied)
	for _, ex := range examples {
		sql := drift.Replace(ex.sql)
		n, err := run(schema, sql)
		if err == nil && n == 0 {
			n, err = run(denied, sql)
		}
		switch {
		case err != nil:
			t.Errorf("%s: %v\n%s", ex.where, err, ex.sql)
		case n == 0:
			t.Errorf("%s returns no row on the demo estate: wrong, or the demo lacks the case\n%s", ex.where, ex.sql)
		}
	}
}
