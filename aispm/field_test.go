package aispm

import (
	"testing"

	"github.com/aispm/aispm/aispm/cloud"
)

type inner struct{ Deep string }

type sample struct {
	cloud.Meta
	Plain  string
	Ptr    *inner
	Nested inner
}

func TestFieldValue(t *testing.T) {
	s := &sample{Meta: cloud.Meta{Name: "n", Cloud: cloud.GCP}, Plain: "p", Nested: inner{Deep: "d"}}
	cases := map[string]any{
		"Plain":       "p",
		"Name":        "n", // promoted from the embedded Meta
		"Cloud":       cloud.GCP,
		"Nested.Deep": "d",
		"Ptr.Deep":    nil, // nil pointer on the way
		"Missing":     nil,
	}
	for path, want := range cases {
		for range 2 { // the second lookup uses the cached index path
			if got := fieldValue(s, path); got != want {
				t.Errorf("fieldValue(%q) = %#v, want %#v", path, got, want)
			}
		}
	}
	if got := fieldValue(nil, "Plain"); got != nil {
		t.Errorf("nil item gave %v", got)
	}
	o := cloud.Outcome{Scope: cloud.Scope{Cloud: cloud.AWS, Region: "us-east-1"}}
	if got := fieldValue(o, "Scope.Region"); got != "us-east-1" {
		t.Errorf("value struct path gave %v", got)
	}
}
