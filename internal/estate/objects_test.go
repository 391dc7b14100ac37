package estate

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// Generated content follows the declaration, not its address: estates are
// loaded and freed over and over (every test loads the demo), and a freed
// declaration's address is reused by the next one.
func TestObjectFollowsItsDeclaration(t *testing.T) {
	for round := range 200 {
		want := fmt.Sprintf("round %d", round)
		decl := map[string]any{"lines": []any{want}}
		got, err := Object(decl)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(string(got)) != want {
			t.Fatalf("declaration %q generated %q", want, got)
		}
		runtime.GC()
	}
}
