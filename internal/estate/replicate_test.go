package estate

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestScaleCopiesEveryKind checks that the scale estate holds every
// collection of the demo, about as many items as asked for, no two items
// with one identity, and references renamed with what they refer to.
func TestScaleCopiesEveryKind(t *testing.T) {
	demo, err := Load("demo")
	if err != nil {
		t.Fatal(err)
	}
	e := Scale(2000)
	kinds := func(e *Estate) map[string]int {
		out := map[string]int{}
		e.EachAWS(func(_ *AWSAccount, _, svc, col string, _ Item) { out["aws/"+svc+"/"+col]++ })
		for _, s := range e.Azure.Subscriptions {
			for _, it := range s.Resources {
				out[fmt.Sprint("azure/", it["type"])]++
			}
		}
		e.EachGCP(func(_ *GCPProject, _, col string, _ Item) { out["gcp/"+col]++ })
		return out
	}
	want, got := kinds(demo), kinds(e)
	total := 0
	for k := range want {
		if k == "aws/logs/log_events" || k == "aws/cloudtrail/events" {
			continue
		}
		if got[k] == 0 {
			t.Errorf("the scale estate has no %s", k)
		}
	}
	for _, n := range got {
		total += n
	}
	if total < 2000 || total > 2400 {
		t.Errorf("Scale(2000) has %d items", total)
	}
	ids := map[string]bool{}
	e.EachAWS(func(a *AWSAccount, region, svc, col string, it Item) {
		id := region + " " + col + " " + it[AWSCollections[svc][col].nameField].(string)
		if ids[id] {
			t.Errorf("two AWS items are %s", id)
		}
		ids[id] = true
	})
	for _, s := range e.Azure.Subscriptions {
		for _, it := range s.Resources {
			if id := strings.ToLower(it["id"].(string)); ids[id] {
				t.Errorf("two Azure resources are %s", id)
			} else {
				ids[id] = true
			}
		}
	}
	e.EachGCP(func(_ *GCPProject, _, _ string, it Item) {
		if ids[it["name"].(string)] {
			t.Errorf("two GCP items are %s", it["name"])
		}
		ids[it["name"].(string)] = true
	})
	// An endpoint's configuration is renamed with it, and its copy exists.
	configs := map[string]bool{}
	e.EachAWS(func(_ *AWSAccount, region, _, col string, it Item) {
		if col == "endpoint_configs" {
			configs[region+"/"+it["EndpointConfigName"].(string)] = true
		}
	})
	e.EachAWS(func(_ *AWSAccount, region, _, col string, it Item) {
		if col == "endpoints" && !configs[region+"/"+it["EndpointConfigName"].(string)] {
			t.Errorf("endpoint %s/%s refers to a configuration the copy lacks", region, it["EndpointName"])
		}
	})
	data, _ := json.Marshal(e)
	if strings.Contains(string(data), "acme-ml-prod/") || strings.Contains(string(data), "6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b") {
		t.Error("a copy still names a demo project or subscription")
	}
}
