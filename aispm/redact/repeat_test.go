package redact

import (
	"strings"
	"testing"
)

// A secret repeated on every line is located once per occurrence, not once
// per occurrence per occurrence: a sample of data that repeats a pasted key
// must not take quadratic time or memory.
func TestRepeatedSecretIsLinear(t *testing.T) {
	line := "aws_access_key_id=AKIAQ3EGRSCALEDATA27 and some filler text\n"
	text := strings.Repeat(line, 20000)
	hits, err := Detect(text)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range hits {
		if h.Rule == "aws-access-token" {
			n++
		}
	}
	if n != 20000 {
		t.Fatalf("%d occurrences located, want 20000", n)
	}
}
