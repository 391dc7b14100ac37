package estate

import (
	"strings"
	"testing"
	"time"
)

func TestDemoEstate(t *testing.T) {
	e, err := Load("demo")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.AWS.Accounts) == 0 || len(e.Azure.Subscriptions) < 2 || len(e.GCP.Projects) < 2 {
		t.Fatalf("the demo estate should span every cloud with several scopes: %+v", e)
	}
	exp := e.Expected()
	clouds := map[string]bool{}
	for _, x := range exp {
		switch {
		case strings.HasPrefix(x.Control, "detect_") && x.Resource != "":
			// A detection names the principal: an IAM ARN, an Azure caller, a Google principal.
		case strings.HasPrefix(x.Resource, "arn:aws:"),
			strings.HasPrefix(x.Resource, "https://bedrock-runtime."): // a region's Bedrock runtime
			clouds["aws"] = true
		case strings.HasPrefix(x.Resource, "/subscriptions/"):
			clouds["azure"] = true
		case strings.HasPrefix(x.Resource, "projects/"),
			strings.HasPrefix(x.Resource, "gcp://"): // a project's model APIs
			clouds["gcp"] = true
		case strings.HasPrefix(x.Resource, "s3://"), strings.HasPrefix(x.Resource, "gs://"),
			strings.Contains(x.Resource, ".blob.core.windows.net/"):
			// a data location (training-data controls name the storage URI)
		default:
			t.Errorf("expectation %+v names no ARN, ARM id, GCP resource name or derived endpoint id", x)
		}
	}
	if len(clouds) != 3 {
		t.Errorf("ground truth covers %v, want all three clouds", clouds)
	}
	if len(e.Secrets()) == 0 {
		t.Error("the demo estate seeds no secret")
	}
}

func TestParseRejectsMistakes(t *testing.T) {
	cases := map[string]string{
		"aws:\n  accounts:\n    - id: \"1\"\n      regions:\n        us-east-1:\n          sagemakr: {}\n":                                           `unknown service "sagemakr"`,
		"aws:\n  accounts:\n    - id: \"1\"\n      regions:\n        us-east-1:\n          sagemaker:\n            endpoints:\n              - {}\n": "has no EndpointName",
		"azure:\n  subscriptions:\n    - id: a\n      resources:\n        - id: /subscriptions/b/x\n":                                                "not in the subscription",
		"gcp:\n  projects:\n    - id: p\n      locations:\n        l:\n          widgets: []\n":                                                      `unknown collection "widgets"`,
		"nme: typo\n": "field nme not found",
	}
	for src, want := range cases {
		_, err := Parse([]byte(src), "test")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want an error containing %q", err, want)
		}
	}
}

func TestScaleEstate(t *testing.T) {
	e := ScaleEndpoints(300)
	n := 0
	e.EachAWS(func(*AWSAccount, string, string, string, Item) { n++ })
	for _, s := range e.Azure.Subscriptions {
		n += len(s.Resources)
	}
	e.EachGCP(func(*GCPProject, string, string, Item) { n++ })
	// 100 AWS endpoints + their 100 configs, 100 Azure accounts, 100 Vertex endpoints
	if n != 400 {
		t.Errorf("ScaleEndpoints(300) has %d items, want 400", n)
	}
}

func TestRelativeTimes(t *testing.T) {
	e, err := Parse([]byte("gcp:\n  projects:\n    - id: p\n      locations:\n        global:\n          keys:\n            - {name: k, createTime: now-20d, nested: {t: [now-6h]}, other: nowhere}\n"), "test")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	e.ResolveRelativeTimes(now)
	it := e.GCP.Projects[0].Locations["global"].Collections["keys"][0]
	if it["createTime"] != "2026-01-11T12:00:00Z" {
		t.Errorf("now-20d resolved to %v", it["createTime"])
	}
	if got := it["nested"].(map[string]any)["t"].([]any)[0]; got != "2026-01-31T06:00:00Z" {
		t.Errorf("now-6h resolved to %v", got)
	}
	if it["other"] != "nowhere" {
		t.Errorf("a plain string changed: %v", it["other"])
	}
}

func TestActivityRepeatsAndIDs(t *testing.T) {
	src := "aws:\n  accounts:\n    - id: \"1\"\n      regions:\n        us-east-1:\n          cloudtrail:\n            events:\n" +
		"              - {eventTime: now-2h, eventName: InvokeModel, x-repeat: {count: 3, every: 30m}, x-expect-on: {p: [detect_x]}}\n" +
		"azure:\n  subscriptions:\n    - id: s\n      activity_log:\n        - {eventTimestamp: \"2026-01-01T10:00:00Z\", x-repeat: {count: 2, every: 1h}}\n"
	e, err := Parse([]byte(src), "test")
	if err != nil {
		t.Fatal(err)
	}
	events := e.AWS.Accounts[0].Regions["us-east-1"].Services["cloudtrail"]["events"]
	if len(events) != 3 || events[1]["eventTime"] != "now-150m" || events[2]["eventTime"] != "now-180m" {
		t.Fatalf("repeated events: %v", events)
	}
	if events[0]["eventID"] == events[1]["eventID"] || events[0]["eventID"] == nil {
		t.Errorf("event ids not distinct: %v %v", events[0]["eventID"], events[1]["eventID"])
	}
	if got := e.Expected(); len(got) != 1 || got[0].Resource != "p" {
		t.Errorf("a repeated event's expectation counts once: %v", got)
	}
	az := e.Azure.Subscriptions[0].ActivityLog
	if len(az) != 2 || az[1]["eventTimestamp"] != "2026-01-01T09:00:00Z" {
		t.Errorf("absolute repeats: %v", az)
	}
	if _, err := Parse([]byte("azure:\n  subscriptions:\n    - id: s\n      activity_log:\n        - {eventTimestamp: now-1h, x-repeat: {count: 0, every: 1h}}\n"), "bad"); err == nil || !strings.Contains(err.Error(), "x-repeat") {
		t.Errorf("a bad repeat is an error: %v", err)
	}
}
