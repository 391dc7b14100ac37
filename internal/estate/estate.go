// Package estate is the simulator's declarative model of a cloud estate:
// accounts/regions, subscriptions and projects/locations holding AI resources
// in each cloud's own wire shape, with the controls each misconfigured
// resource must trigger (x-expect) and secret values that must never leak
// (x-secret...).
package estate

import (
	"embed"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Item is one resource in its cloud's wire shape, plus x- annotations.
type Item = map[string]any

// Annotation keys; every key starting with "x-" is stripped before serving.
const (
	KeyExpect = "x-expect" // controls the resource must trigger
	// KeyExpectOn maps resources that aispm derives from an item (a region's
	// Bedrock runtime, a project's model APIs) to the controls they must trigger.
	KeyExpectOn = "x-expect-on"
	KeyTags     = "x-tags"   // AWS tags, served by ListTags
	KeySecret   = "x-secret" // prefix of keys holding secret values
)

// Faults make a scope fail: Deny answers access denied, Disable answers
// "service not enabled". Each lists service names, or "*" for all.
type Faults struct {
	Deny    []string `yaml:"deny,omitempty"`
	Disable []string `yaml:"disable,omitempty"`
}

// Estate is a whole simulated estate.
type Estate struct {
	Name  string `yaml:"name"`
	AWS   AWS    `yaml:"aws"`
	Azure Azure  `yaml:"azure"`
	GCP   GCP    `yaml:"gcp"`
}

// AWS holds accounts.
type AWS struct {
	Accounts []*AWSAccount `yaml:"accounts"`
}

// AWSAccount is one account; its access key id is how the simulator tells accounts apart.
type AWSAccount struct {
	ID          string                `yaml:"id"`
	AccessKeyID string                `yaml:"access_key_id"`
	Regions     map[string]*AWSRegion `yaml:"regions"`
}

// AWSRegion holds a region's faults and its resources by service and collection.
type AWSRegion struct {
	Faults   `yaml:",inline"`
	Services map[string]map[string][]Item `yaml:",inline"`
}

// Azure holds a tenant's subscriptions.
type Azure struct {
	TenantID      string               `yaml:"tenant_id"`
	Subscriptions []*AzureSubscription `yaml:"subscriptions"`
}

// AzureSubscription holds ARM resources (each with its full "id").
type AzureSubscription struct {
	ID          string `yaml:"id"`
	DisplayName string `yaml:"display_name"`
	Faults      `yaml:",inline"`
	Resources   []Item `yaml:"resources"`
	// ActivityLog holds Activity Log events (EventData wire shape).
	ActivityLog []Item `yaml:"activity_log"`
}

// GCP holds projects.
type GCP struct {
	Projects []*GCPProject `yaml:"projects"`
}

// GCPProject holds locations and Cloud Storage buckets (storage JSON API
// shape; x-iam-bindings holds the bucket's IAM policy bindings).
type GCPProject struct {
	ID        string `yaml:"id"`
	Faults    `yaml:",inline"`
	Buckets   []Item                  `yaml:"buckets"`
	Locations map[string]*GCPLocation `yaml:"locations"`
	// ServiceAccounts are the project's service accounts ({email, keys:
	// [{name: <key id>, disabled, validAfterTime, validBeforeTime}]}), for
	// the IAM key listing.
	ServiceAccounts []Item `yaml:"service_accounts"`
	// IAMPolicy is the project's IAM policy bindings ({role, members,
	// condition}), for projects.getIamPolicy and Policy Analyzer.
	IAMPolicy []any `yaml:"iam_policy"`
	// AuditLog holds Cloud Audit Logs entries (LogEntry protojson with an
	// AuditLog protoPayload).
	AuditLog []Item `yaml:"audit_log"`
}

// GCPLocation holds a location's faults and resources by collection, in
// protojson form; "name" may be the bare id and is expanded on load.
type GCPLocation struct {
	Faults      `yaml:",inline"`
	Collections map[string][]Item `yaml:",inline"`
}

//go:embed demo.yaml objects
var builtin embed.FS

// ObjectData returns a stored object's content: estates name model files by
// their file name under objects/ (x-objects on S3 and Cloud Storage buckets,
// x-blobs on Azure containers).
func ObjectData(name string) ([]byte, error) {
	return builtin.ReadFile("objects/" + name)
}

// Load reads an estate: "demo" is the built-in one, anything else a file path.
func Load(nameOrPath string) (*Estate, error) {
	var data []byte
	var err error
	if nameOrPath == "demo" {
		data, err = builtin.ReadFile("demo.yaml")
	} else {
		data, err = os.ReadFile(nameOrPath)
	}
	if err != nil {
		return nil, fmt.Errorf("estate %s: %w", nameOrPath, err)
	}
	return Parse(data, nameOrPath)
}

// Parse decodes and normalizes an estate.
func Parse(data []byte, source string) (*Estate, error) {
	e := &Estate{}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(e); err != nil {
		return nil, fmt.Errorf("estate %s: %w", source, err)
	}
	if err := e.normalize(); err != nil {
		return nil, fmt.Errorf("estate %s: %w", source, err)
	}
	return e, nil
}

// awsIdentity says how an AWS collection names and identifies its items.
type awsIdentity struct {
	nameField, arnField, arnResource string
}

// AWSCollections lists the AWS collections the simulator serves, by service.
// Account-wide services (iam, s3) live under the region "global".
var AWSCollections = map[string]map[string]awsIdentity{
	"sagemaker": {
		"endpoints":          {"EndpointName", "EndpointArn", "endpoint"},
		"endpoint_configs":   {"EndpointConfigName", "EndpointConfigArn", "endpoint-config"},
		"models":             {"ModelName", "ModelArn", "model"},
		"notebook_instances": {"NotebookInstanceName", "NotebookInstanceArn", "notebook-instance"},
		"lifecycle_configs":  {"NotebookInstanceLifecycleConfigName", "NotebookInstanceLifecycleConfigArn", "notebook-instance-lifecycle-config"},
		"domains":            {"DomainId", "DomainArn", "domain"},
		"training_jobs":      {"TrainingJobName", "TrainingJobArn", "training-job"},
		"model_packages":     {"ModelPackageArn", "ModelPackageArn", ""},
	},
	"bedrock": {
		"custom_models":           {"modelName", "modelArn", "custom-model"},
		"imported_models":         {"modelName", "modelArn", "imported-model"},
		"provisioned_throughputs": {"provisionedModelName", "provisionedModelArn", "provisioned-model"},
		"guardrails":              {"guardrailId", "guardrailArn", "guardrail"},
		"logging":                 {"arn", "arn", ""},
	},
	"bedrock-agent": {
		"agents":          {"agentId", "agentArn", "agent"},
		"knowledge_bases": {"knowledgeBaseId", "knowledgeBaseArn", "knowledge-base"},
	},
	"logs": {
		"log_groups": {"logGroupName", "arn", "log-group"},
		// Log events (Bedrock invocation records), each naming its group.
		"log_events": {"logGroupName", "eventId", "log-event"},
	},
	"cloudtrail": {
		// Management events in the CloudTrail record shape.
		"events": {"eventName", "eventID", "event"},
	},
	"kms": {
		"keys": {"KeyId", "Arn", "key"},
	},
	"iam": {
		// IAM gives these credentials no ARN: the id is the user's ARN + the credential id.
		"service_specific_credentials": {"ServiceSpecificCredentialId", "x-arn", "user-credential"},
		// One item per (managed policy, attached entity); the id is the entity's ARN.
		"policy_attachments": {"EntityName", "x-arn", "policy-entity"},
		// IAM users (x-access-keys: their access keys' metadata; x-policies:
		// attached managed policy ARNs; x-groups) and groups (x-policies).
		"users":  {"UserName", "Arn", "iam-user"},
		"groups": {"GroupName", "Arn", "iam-group"},
		// IAM roles with their permissions (x-statements) for policy simulation.
		"roles": {"RoleName", "Arn", "iam-role"},
	},
	"s3": {
		"buckets": {"Name", "Name", ""},
	},
	"s3control": {
		// One item: the account's Block Public Access settings.
		"account_settings": {"AccountId", "AccountId", ""},
	},
}

// AWSGlobal is the pseudo-region holding an account's account-wide services.
const AWSGlobal = "global"

// GCPCollections lists the GCP collections the simulator serves, with their service.
var GCPCollections = map[string]string{
	"endpoints":                "aiplatform",
	"models":                   "aiplatform",
	"datasets":                 "aiplatform",
	"customJobs":               "aiplatform",
	"trainingPipelines":        "aiplatform",
	"notebookRuntimeTemplates": "aiplatform",
	"instances":                "notebooks",
	"keys":                     "apikeys",
	"reasoningEngines":         "aiplatform",
}

func (e *Estate) normalize() error {
	if err := e.normalizeActivity(); err != nil {
		return err
	}
	for _, a := range e.AWS.Accounts {
		if a.AccessKeyID == "" {
			a.AccessKeyID = "AKIASIM" + a.ID
		}
		for region, r := range a.Regions {
			for svc, cols := range r.Services {
				ids, ok := AWSCollections[svc]
				if !ok {
					return fmt.Errorf("aws %s/%s: unknown service %q", a.ID, region, svc)
				}
				for col, items := range cols {
					id, ok := ids[col]
					if !ok {
						return fmt.Errorf("aws %s/%s: unknown %s collection %q", a.ID, region, svc, col)
					}
					for _, it := range items {
						fixTimes(it)
						name, _ := it[id.nameField].(string)
						if name == "" {
							return fmt.Errorf("aws %s/%s %s/%s: an item has no %s", a.ID, region, svc, col, id.nameField)
						}
						if id.arnResource == "event" || id.arnResource == "log-event" {
							continue // ids given by normalizeActivity
						}
						if _, ok := it[id.arnField]; !ok && id.arnResource == "policy-entity" {
							it[id.arnField] = fmt.Sprintf("arn:aws:iam::%s:%s/%s", a.ID, it["EntityType"], name)
						} else if _, ok := it[id.arnField]; !ok && (id.arnResource == "iam-user" || id.arnResource == "iam-group" || id.arnResource == "iam-role") {
							it[id.arnField] = fmt.Sprintf("arn:aws:iam::%s:%s/%s", a.ID, strings.TrimPrefix(id.arnResource, "iam-"), name)
						} else if _, ok := it[id.arnField]; !ok && id.arnResource == "user-credential" {
							it[id.arnField] = fmt.Sprintf("arn:aws:iam::%s:user/%s/service-specific-credential/%s", a.ID, it["UserName"], name)
						} else if !ok {
							it[id.arnField] = fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", svc, region, a.ID, id.arnResource, strings.ToLower(name))
						}
					}
				}
			}
		}
	}
	for _, s := range e.Azure.Subscriptions {
		for _, it := range s.Resources {
			fixTimes(it)
			id, _ := it["id"].(string)
			if !strings.HasPrefix(strings.ToLower(id), "/subscriptions/"+strings.ToLower(s.ID)+"/") {
				return fmt.Errorf("azure %s: resource id %q is not in the subscription", s.ID, id)
			}
		}
	}
	for _, p := range e.GCP.Projects {
		for loc, l := range p.Locations {
			for col, items := range l.Collections {
				if _, ok := GCPCollections[col]; !ok {
					return fmt.Errorf("gcp %s/%s: unknown collection %q", p.ID, loc, col)
				}
				for _, it := range items {
					fixTimes(it)
					name, _ := it["name"].(string)
					if name == "" {
						return fmt.Errorf("gcp %s/%s %s: an item has no name", p.ID, loc, col)
					}
					if !strings.HasPrefix(name, "projects/") {
						it["name"] = "projects/" + p.ID + "/locations/" + loc + "/" + col + "/" + name
					}
				}
			}
		}
	}
	return nil
}

// fixTimes turns YAML timestamps back into RFC 3339 strings, recursively.
func fixTimes(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if t, ok := val.(time.Time); ok {
				x[k] = t.UTC().Format(time.RFC3339)
			} else {
				fixTimes(val)
			}
		}
	case []any:
		for i, val := range x {
			if t, ok := val.(time.Time); ok {
				x[i] = t.UTC().Format(time.RFC3339)
			} else {
				fixTimes(val)
			}
		}
	}
}

// Expectation is one (control, resource) pair of the ground truth.
type Expectation struct {
	Control  string `json:"control"`
	Resource string `json:"resource"`
}

// Expected returns the ground truth: every control every resource must trigger.
func (e *Estate) Expected() []Expectation {
	var out []Expectation
	add := func(it Item, resource string) {
		list, _ := it[KeyExpect].([]any)
		for _, c := range list {
			out = append(out, Expectation{Control: fmt.Sprint(c), Resource: resource})
		}
		on, _ := it[KeyExpectOn].(map[string]any)
		for res, controls := range on {
			list, _ := controls.([]any)
			for _, c := range list {
				out = append(out, Expectation{Control: fmt.Sprint(c), Resource: res})
			}
		}
	}
	e.EachAWS(func(_ *AWSAccount, _ string, svc, col string, it Item) {
		add(it, it[AWSCollections[svc][col].arnField].(string))
	})
	for _, s := range e.Azure.Subscriptions {
		for _, it := range s.Resources {
			add(it, it["id"].(string))
		}
	}
	e.EachGCP(func(_ *GCPProject, _ string, _ string, it Item) { add(it, it["name"].(string)) })
	for _, p := range e.GCP.Projects {
		for _, b := range p.Buckets {
			add(b, "gs://"+fmt.Sprint(b["name"]))
		}
	}
	e.EachActivity(func(it Item) { add(it, "") })
	sort.Slice(out, func(i, j int) bool {
		if out[i].Resource != out[j].Resource {
			return out[i].Resource < out[j].Resource
		}
		return out[i].Control < out[j].Control
	})
	return out
}

// Secrets returns every seeded secret value (x-secret... keys, at any depth).
func (e *Estate) Secrets() []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if strings.HasPrefix(k, KeySecret) {
					collectStrings(val, &out)
				} else {
					walk(val)
				}
			}
		case []any:
			for _, val := range x {
				walk(val)
			}
		}
	}
	e.EachAWS(func(_ *AWSAccount, _, _, _ string, it Item) { walk(it) })
	for _, s := range e.Azure.Subscriptions {
		for _, it := range s.Resources {
			walk(it)
		}
	}
	e.EachGCP(func(_ *GCPProject, _, _ string, it Item) { walk(it) })
	for _, p := range e.GCP.Projects {
		for _, b := range p.Buckets {
			walk(b)
		}
		for _, sa := range p.ServiceAccounts {
			walk(sa)
		}
	}
	e.EachActivity(func(it Item) { walk(it) })
	sort.Strings(out)
	return out
}

func collectStrings(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
	case map[string]any:
		for _, val := range x {
			collectStrings(val, out)
		}
	case []any:
		for _, val := range x {
			collectStrings(val, out)
		}
	}
}

// EachAWS visits every AWS item.
func (e *Estate) EachAWS(fn func(a *AWSAccount, region, service, collection string, it Item)) {
	for _, a := range e.AWS.Accounts {
		for _, region := range sortedKeys(a.Regions) {
			r := a.Regions[region]
			for _, svc := range sortedKeys(r.Services) {
				for _, col := range sortedKeys(r.Services[svc]) {
					for _, it := range r.Services[svc][col] {
						fn(a, region, svc, col, it)
					}
				}
			}
		}
	}
}

// EachGCP visits every GCP item.
func (e *Estate) EachGCP(fn func(p *GCPProject, location, collection string, it Item)) {
	for _, p := range e.GCP.Projects {
		for _, loc := range sortedKeys(p.Locations) {
			l := p.Locations[loc]
			for _, col := range sortedKeys(l.Collections) {
				for _, it := range l.Collections[col] {
					fn(p, loc, col, it)
				}
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// Public strips the x- annotations from an item, returning a copy fit to serve.
func Public(it Item) Item {
	out := make(Item, len(it))
	for k, v := range it {
		if !strings.HasPrefix(k, "x-") {
			out[k] = v
		}
	}
	return out
}

// Has reports whether a fault list names service (or "*").
func Has(list []string, service string) bool {
	for _, s := range list {
		if s == "*" || strings.EqualFold(s, service) {
			return true
		}
	}
	return false
}

var relativeTime = regexp.MustCompile(`^now([-+])(\d+)([dhms])$`)

// ResolveRelativeTimes replaces timestamps written relative to the present
// ("now-20d", "now-6h", "now+300d") with RFC 3339 times, so an estate can hold
// a key created last week, or a model retired next year, whatever day it is
// served. It is idempotent.
func (e *Estate) ResolveRelativeTimes(now time.Time) {
	var walk func(v any)
	resolve := func(s string) (string, bool) {
		m := relativeTime.FindStringSubmatch(s)
		if m == nil {
			return s, false
		}
		n, _ := strconv.Atoi(m[2])
		unit := map[string]time.Duration{"d": 24 * time.Hour, "h": time.Hour, "m": time.Minute, "s": time.Second}[m[3]]
		if m[1] == "-" {
			n = -n
		}
		return now.Add(time.Duration(n) * unit).UTC().Format(time.RFC3339), true
	}
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if str, ok := val.(string); ok {
					if r, ok := resolve(str); ok {
						x[k] = r
					}
				} else {
					walk(val)
				}
			}
		case []any:
			for i, val := range x {
				if str, ok := val.(string); ok {
					if r, ok := resolve(str); ok {
						x[i] = r
					}
				} else {
					walk(val)
				}
			}
		}
	}
	e.EachAWS(func(_ *AWSAccount, _, _, _ string, it Item) { walk(it) })
	for _, s := range e.Azure.Subscriptions {
		for _, it := range s.Resources {
			walk(it)
		}
	}
	e.EachGCP(func(_ *GCPProject, _, _ string, it Item) { walk(it) })
	e.EachActivity(func(it Item) { walk(it) })
	for _, p := range e.GCP.Projects {
		for _, b := range p.Buckets {
			walk(b)
		}
	}
}

// ArnField is the item field holding the collection's ARN (or unique id).
func (i awsIdentity) ArnField() string { return i.arnField }
