package estate

import (
	"fmt"
	"strings"
)

// Scale generates an estate of about n AI assets of every kind the built-in
// demo estate declares — endpoints, models, notebooks, training jobs,
// datasets, keys, guardrails, agents, knowledge bases, workspaces, computes,
// deployments, connections — on every cloud: copies of the demo's resources,
// each copy renamed consistently (a resource and every reference to it get the
// same new name), spread over 8 AWS regions, 8 subscriptions and 4 projects.
// The account-wide parts (IAM, S3, Cloud Storage buckets, service accounts)
// exist once and every copy refers to them, as copies of one workload would.
// Activity logs are left to ScaleActivity.
func Scale(n int) *Estate {
	demo, err := Load("demo")
	if err != nil {
		panic(err) // the built-in estate always loads
	}
	copies := max(1, (n+demo.replicable()-1)/demo.replicable())
	e := &Estate{Name: fmt.Sprintf("scale-%d", n)}
	e.scaleAWS(demo, copies)
	e.scaleAzure(demo, copies)
	e.scaleGCP(demo, copies)
	if err := e.normalize(); err != nil {
		panic(err) // generated from a valid estate
	}
	return e
}

// perScope lists collections a scope holds once (a region's keys,
// invocation logging settings and log groups), not once per copy.
var perScope = map[string]bool{"kms/keys": true, "bedrock/logging": true, "logs/log_groups": true}

// activity lists the events ScaleActivity generates.
var activity = map[string]bool{"logs/log_events": true, "cloudtrail/events": true}

// replicable counts the items one copy of the demo adds.
func (e *Estate) replicable() int {
	n := 0
	e.EachAWS(func(_ *AWSAccount, region, svc, col string, _ Item) {
		if region != AWSGlobal && !perScope[svc+"/"+col] && !activity[svc+"/"+col] {
			n++
		}
	})
	for _, s := range e.Azure.Subscriptions {
		n += len(s.Resources)
	}
	e.EachGCP(func(*GCPProject, string, string, Item) { n++ })
	return n
}

func (e *Estate) scaleAWS(demo *Estate, copies int) {
	src := demo.AWS.Accounts[0]
	acct := &AWSAccount{ID: src.ID, AccessKeyID: src.AccessKeyID, Regions: map[string]*AWSRegion{}}
	e.AWS.Accounts = []*AWSAccount{acct}
	region := func(name string) *AWSRegion {
		if acct.Regions[name] == nil {
			acct.Regions[name] = &AWSRegion{Services: map[string]map[string][]Item{}}
		}
		return acct.Regions[name]
	}
	add := func(r *AWSRegion, svc, col string, it Item) {
		if r.Services[svc] == nil {
			r.Services[svc] = map[string][]Item{}
		}
		r.Services[svc][col] = append(r.Services[svc][col], it)
	}
	if g := src.Regions[AWSGlobal]; g != nil {
		for svc, cols := range g.Services {
			for col, items := range cols {
				for _, it := range items {
					add(region(AWSGlobal), svc, col, renamer{}.item(it))
				}
			}
		}
	}
	var regions []string
	for _, name := range sortedKeys(src.Regions) {
		if name != AWSGlobal {
			regions = append(regions, name)
		}
	}
	for c := range copies {
		for k, from := range regions {
			to := scaleRegions[(c*len(regions)+k)%len(scaleRegions)]
			r := region(to)
			rn, names := renamer{from: to}, renamer{from: to}
			services := src.Regions[from].Services
			for _, svc := range sortedKeys(services) {
				for _, col := range sortedKeys(services[svc]) {
					if perScope[svc+"/"+col] || activity[svc+"/"+col] {
						continue
					}
					id := AWSCollections[svc][col]
					for _, it := range services[svc][col] {
						names.add(it[id.nameField], c)
						// arn:aws:service:region:account:type/name[/...]
						if arn, ok := it[id.arnField].(string); ok {
							if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 {
								for _, seg := range strings.Split(parts[5], "/")[1:] {
									names.add(seg, c)
								}
							}
						}
					}
				}
			}
			for _, svc := range sortedKeys(services) {
				for _, col := range sortedKeys(services[svc]) {
					if activity[svc+"/"+col] {
						continue
					}
					once := perScope[svc+"/"+col]
					if once && len(r.Services[svc][col]) > 0 {
						continue
					}
					for _, it := range services[svc][col] {
						if once {
							add(r, svc, col, rn.item(it))
						} else {
							add(r, svc, col, names.item(it))
						}
					}
				}
			}
		}
	}
}

func (e *Estate) scaleAzure(demo *Estate, copies int) {
	e.Azure.TenantID = demo.Azure.TenantID
	for i := range scaleSubscriptions {
		e.Azure.Subscriptions = append(e.Azure.Subscriptions, &AzureSubscription{
			ID: fmt.Sprintf("5ca1e000-0000-4000-8000-%012d", i), DisplayName: fmt.Sprintf("scale-sub-%d", i),
		})
	}
	for c := range copies {
		for k, src := range demo.Azure.Subscriptions {
			to := e.Azure.Subscriptions[(c*len(demo.Azure.Subscriptions)+k)%scaleSubscriptions]
			names := renamer{src.ID: to.ID}
			for _, it := range src.Resources {
				id, _ := it["id"].(string)
				names.add(id[strings.LastIndex(id, "/")+1:], c)
			}
			for _, it := range src.Resources {
				to.Resources = append(to.Resources, names.item(it))
			}
		}
	}
}

func (e *Estate) scaleGCP(demo *Estate, copies int) {
	for i := range scaleProjects {
		e.GCP.Projects = append(e.GCP.Projects, &GCPProject{ID: fmt.Sprintf("scale-project-%d", i), Locations: map[string]*GCPLocation{}})
	}
	// Copies of the demo's k-th project land in the projects i with
	// i = k (mod the demo's projects), each with that project's service
	// accounts and IAM policy; buckets have global names, so each demo
	// bucket exists once, in project k.
	for i, to := range e.GCP.Projects {
		src := demo.GCP.Projects[i%len(demo.GCP.Projects)]
		rn := renamer{src.ID: to.ID}
		to.ServiceAccounts = rn.items(src.ServiceAccounts)
		to.IAMPolicy = rn.value(src.IAMPolicy).([]any)
		if i < len(demo.GCP.Projects) {
			to.Buckets = rn.items(src.Buckets)
		}
	}
	for c := range copies {
		for k, src := range demo.GCP.Projects {
			to := e.GCP.Projects[(c*len(demo.GCP.Projects)+k)%scaleProjects]
			names := renamer{src.ID: to.ID}
			src.eachItem(func(_, _ string, it Item) {
				name, _ := it["name"].(string)
				names.add(name[strings.LastIndex(name, "/")+1:], c)
			})
			src.eachItem(func(loc, col string, it Item) {
				l := to.Locations[loc]
				if l == nil {
					l = &GCPLocation{Collections: map[string][]Item{}}
					to.Locations[loc] = l
				}
				l.Collections[col] = append(l.Collections[col], names.item(it))
			})
		}
	}
}

func (p *GCPProject) eachItem(fn func(location, collection string, it Item)) {
	for _, loc := range sortedKeys(p.Locations) {
		for _, col := range sortedKeys(p.Locations[loc].Collections) {
			for _, it := range p.Locations[loc].Collections[col] {
				fn(loc, col, it)
			}
		}
	}
}

// renamer rewrites whole tokens (runs of letters, digits, '-' and '_') in
// every string of an item, outside s3:// and gs:// URIs: the buckets are
// shared, not copied.
type renamer map[string]string

// add gives a resource's name its copy's variant: GUIDs and long numeric
// ids keep their shape, other names get a suffix.
func (r renamer) add(v any, copy int) {
	name, _ := v.(string)
	numeric := name != "" && strings.Trim(name, "0123456789") == ""
	if len(name) < 5 && !(numeric && len(name) >= 3) || !isToken(name) || r[name] != "" {
		return
	}
	switch {
	case len(name) == 36 && strings.Count(name, "-") == 4:
		r[name] = name[:32] + fmt.Sprintf("%04x", copy)
	case numeric && len(name) >= 12:
		r[name] = name[:len(name)-4] + fmt.Sprintf("%04d", copy)
	case numeric:
		r[name] = name + fmt.Sprintf("%04d", copy)
	default:
		r[name] = name + fmt.Sprintf("x%04d", copy)
	}
}

func (r renamer) items(items []Item) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		out[i] = r.item(it)
	}
	return out
}

func (r renamer) item(it Item) Item {
	out := Item{}
	for k, v := range it {
		if k == KeyExpect || k == KeyExpectOn {
			continue // the demo's ground truth, not the copies'
		}
		out[k] = r.value(v)
	}
	return out
}

func (r renamer) value(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[r.str(k)] = r.value(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = r.value(val)
		}
		return out
	case []Item:
		return r.items(x)
	case string:
		return r.str(x)
	}
	return v
}

func (r renamer) str(s string) string {
	if len(r) == 0 || strings.HasPrefix(s, "s3://") || strings.HasPrefix(s, "gs://") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && tokenByte(s[j]) {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		if to, ok := r[s[i:j]]; ok {
			b.WriteString(to)
		} else {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

func tokenByte(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isToken(s string) bool {
	for i := range len(s) {
		if !tokenByte(s[i]) {
			return false
		}
	}
	return true
}
