package cloud

import (
	"net/url"
	"slices"
	"sort"
	"strings"
)

// Relationship is one edge of the AI attack graph (aispm_relationship): a
// typed relation between two nodes, and the evidence for it. Edges point the
// way a resource uses another (an endpoint serves a model, a model was
// trained on data, data is stored in a bucket, a job runs as an identity);
// "internet" exposes what anyone can reach. Meta is the evidencing
// resource's, so scope columns and tags follow it.
type Relationship struct {
	Meta
	Scope    string `json:"scope"`
	FromID   string `json:"from_id"`
	FromKind string `json:"from_kind"`
	FromName string `json:"from_name"`
	Relation string `json:"relation"`
	ToID     string `json:"to_id"`
	ToKind   string `json:"to_kind"`
	ToName   string `json:"to_name"`
	Evidence string `json:"evidence"`
}

// The relations of the graph.
const (
	RelExposes       = "exposes"         // internet → endpoint, notebook, storage, key
	RelServes        = "serves"          // endpoint → model
	RelTrainedBy     = "trained_by"      // model → training job
	RelReads         = "reads"           // job, model, dataset, knowledge base → data
	RelStoredIn      = "stored_in"       // data, model → storage
	RelRunsAs        = "runs_as"         // job, notebook, agent, knowledge base → identity
	RelCanRead       = "can_read"        // identity → data (read by the service as it, or evaluated by the cloud)
	RelCanWrite      = "can_write"       // identity → data (evaluated by the cloud)
	RelUnlocks       = "unlocks"         // key → endpoint or service
	RelHoldsSecretOf = "holds_secret_of" // data → identity (a live credential found in it)
	RelGrants        = "grants"          // identity → permission (a policy attached to it)
	RelUsesGuardrail = "uses_guardrail"  // agent → guardrail
	RelUsesModel     = "uses_model"      // agent → model
	RelRetrievesFrom = "retrieves_from"  // agent → knowledge base
	RelTrains        = "trains"          // data → model (read by the model's customization or its training job)
)

// The node kinds.
const (
	NodeInternet   = "internet"
	NodeEndpoint   = "endpoint"
	NodeModel      = "model"
	NodeJob        = "training_job"
	NodeData       = "data"
	NodeDataset    = "dataset"
	NodeStorage    = "storage"
	NodeIdentity   = "identity"
	NodeKey        = "key"
	NodeNotebook   = "notebook"
	NodeAgent      = "agent"
	NodeGuardrail  = "guardrail"
	NodeKB         = "knowledge_base"
	NodeService    = "service"
	NodePermission = "permission"
)

// Internet is the id of the node that stands for anyone.
const Internet = "internet"

// StorageOf is the bucket or container a storage URI lies in (s3://b,
// gs://b, https://account.blob.core.windows.net/container), or "".
func StorageOf(uri string) string {
	for _, scheme := range []string{"s3://", "gs://"} {
		if rest, ok := strings.CutPrefix(uri, scheme); ok {
			bucket, _, _ := strings.Cut(rest, "/")
			return scheme + bucket
		}
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "https" || !strings.Contains(u.Host, ".blob.") && !strings.Contains(u.Host, ".dfs.") {
		return ""
	}
	container, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	if container == "" {
		return ""
	}
	return "https://" + strings.ToLower(u.Host) + "/" + container
}

// storageName is a storage node's display name: the URI without its scheme.
func storageName(st string) string {
	_, name, _ := strings.Cut(st, "://")
	return name
}

// graph accumulates edges, each (from, relation, to, evidence) once.
type graph struct {
	edges []*Relationship
	seen  map[string]bool
	names map[string]string // node id → display name
	kinds map[string]string // node id → kind, where known
}

func (g *graph) node(id, kind, name string) {
	if id == "" {
		return
	}
	if _, ok := g.kinds[id]; !ok || kind != "" {
		if kind != "" {
			g.kinds[id] = kind
		}
	}
	if name != "" {
		if _, ok := g.names[id]; !ok {
			g.names[id] = name
		}
	}
}

func (g *graph) edge(m Meta, scope, from, rel, to, evidence string) {
	if from == "" || to == "" || from == to {
		return
	}
	key := from + "\x00" + rel + "\x00" + to + "\x00" + evidence
	if g.seen[key] {
		return
	}
	g.seen[key] = true
	g.edges = append(g.edges, &Relationship{Meta: m, Scope: scope, FromID: from, Relation: rel, ToID: to, Evidence: evidence})
}

// modelIndex finds the model an endpoint or agent names: by id, by the
// Azure ML reference forms (azureml:name:version, azureml://registries/...),
// or by name in the same cloud and scope (SageMaker endpoint configs name
// their models).
type modelIndex struct {
	byID   map[string]*Model
	byName map[string][]*Model
}

func (ix modelIndex) resolve(cloud Kind, scope, ref string) *Model {
	if m, ok := ix.byID[ref]; ok {
		return m
	}
	lower := strings.ToLower(ref)
	if rest, ok := strings.CutPrefix(lower, "azureml://"); ok {
		for id, m := range ix.byID {
			if strings.HasSuffix(strings.ToLower(id), "/"+rest) {
				return m
			}
		}
		return nil
	}
	name, version := ref, ""
	if rest, ok := strings.CutPrefix(ref, "azureml:"); ok {
		name, version, _ = strings.Cut(rest, ":")
	}
	for _, m := range ix.byName[string(cloud)+"/"+name] {
		if (version == "" || m.Version == version) && (m.Scope == scope || version != "") {
			return m
		}
	}
	return nil
}

// Access is what a cloud's own evaluator says an identity may do with a
// storage location (AWS IAM policy simulation, ...): an input of the graph.
type Access struct {
	Meta
	Scope       string
	Principal   string
	Target      string // a data location (or a storage URI)
	Read, Write bool
	Evidence    string
}

// Relationships builds the attack graph from the unified rows (endpoints,
// models, notebooks, datasets, keys, agents, guardrails, dataset scans) and
// the access the clouds evaluated: the one place the joins between them are
// made. References that do not resolve to a listed resource keep the id the
// API gave.
func Relationships(rows []Row, access []Access) []*Relationship {
	g := &graph{seen: map[string]bool{}, names: map[string]string{Internet: "Internet"}, kinds: map[string]string{Internet: NodeInternet}}
	ix := modelIndex{byID: map[string]*Model{}, byName: map[string][]*Model{}}
	endpoints := map[string]bool{}
	jobs := map[string]string{} // training job id → model id
	for _, r := range rows {
		switch x := r.(type) {
		case *Model:
			ix.byID[x.ID] = x
			ix.byName[string(x.Cloud)+"/"+x.Name] = append(ix.byName[string(x.Cloud)+"/"+x.Name], x)
			g.node(x.ID, NodeModel, label(x.Meta))
			if x.TrainingJob != "" {
				jobs[x.TrainingJob] = x.ID
			}
		case *Endpoint:
			endpoints[x.ID] = true
		}
	}
	for _, r := range rows {
		switch x := r.(type) {
		case *Endpoint:
			g.node(x.ID, NodeEndpoint, label(x.Meta))
			if x.PublicNetworkAccess != nil && *x.PublicNetworkAccess {
				g.edge(x.Meta, x.Scope, Internet, RelExposes, x.ID, "public network access ("+FirstNonEmpty(x.AuthMode, "unknown")+" auth)")
			}
			for _, ref := range x.Models {
				to := ref
				if m := ix.resolve(x.Cloud, x.Scope, ref); m != nil {
					to = m.ID
				}
				g.node(to, NodeModel, ref)
				g.edge(x.Meta, x.Scope, x.ID, RelServes, to, "the endpoint names "+ref)
			}
			for _, id := range x.Identities {
				g.node(id, NodeIdentity, "")
				g.edge(x.Meta, x.Scope, x.ID, RelRunsAs, id, "the endpoint's identity")
			}
			for _, k := range x.Keys {
				if endpoints[k] {
					k += "#keys" // an account's keys, not the account
				}
				g.node(k, NodeKey, "")
				g.edge(x.Meta, x.Scope, k, RelUnlocks, x.ID, "the endpoint accepts this key")
			}
		case *Model:
			if x.TrainingJob != "" {
				g.node(x.TrainingJob, NodeJob, "")
				g.edge(x.Meta, x.Scope, x.ID, RelTrainedBy, x.TrainingJob, "the model's training job")
			}
			for _, u := range append([]string{x.ArtifactURI}, x.ArtifactURIs...) {
				if st := StorageOf(u); st != "" {
					g.node(st, NodeStorage, storageName(st))
					g.edge(x.Meta, x.Scope, x.ID, RelStoredIn, st, "weights at "+u)
				}
			}
		case *Dataset:
			datasetEdges(g, x, ix, jobs)
		case *Notebook:
			g.node(x.ID, NodeNotebook, label(x.Meta))
			if x.InternetAccess != nil && *x.InternetAccess {
				ev := "direct internet access"
				if x.RootAccess != nil && *x.RootAccess {
					ev += ", root access"
				}
				g.edge(x.Meta, x.Scope, Internet, RelExposes, x.ID, ev)
			}
			if x.Identity != "" {
				g.node(x.Identity, NodeIdentity, "")
				g.edge(x.Meta, x.Scope, x.ID, RelRunsAs, x.Identity, "the notebook's identity")
			}
		case *Key:
			id := x.ID
			if endpoints[id] {
				id += "#keys" // an account's keys, not the account
			}
			name := label(x.Meta)
			if id != x.ID {
				name += " keys"
			}
			g.node(id, NodeKey, name)
			usable := x.Enabled != nil && *x.Enabled && x.CanCallAI != nil && *x.CanCallAI
			if usable && x.Restricted != nil && !*x.Restricted {
				g.edge(x.Meta, x.Scope, Internet, RelExposes, id, "an enabled "+x.Kind+" not restricted to known APIs and clients")
			}
			if usable && x.Target != "" {
				kind := NodeService
				if endpoints[x.Target] {
					kind = NodeEndpoint
				}
				g.node(x.Target, kind, "")
				g.edge(x.Meta, x.Scope, id, RelUnlocks, x.Target, "the key's target")
			}
		case *Agent:
			g.node(x.ID, NodeAgent, label(x.Meta))
			if x.Identity != "" {
				g.node(x.Identity, NodeIdentity, "")
				g.edge(x.Meta, x.Scope, x.ID, RelRunsAs, x.Identity, "the agent's identity")
			}
			for _, kb := range x.KnowledgeBases {
				g.node(kb, NodeKB, "")
				g.edge(x.Meta, x.Scope, x.ID, RelRetrievesFrom, kb, "an enabled knowledge base of the agent")
			}
			if x.Guardrail != "" {
				g.node(x.Guardrail, NodeGuardrail, "")
				g.edge(x.Meta, x.Scope, x.ID, RelUsesGuardrail, x.Guardrail, "the agent's guardrail")
			}
			if x.Model != "" {
				to := x.Model
				if m := ix.resolve(x.Cloud, x.Scope, x.Model); m != nil {
					to = m.ID
				}
				g.node(to, NodeModel, x.Model)
				g.edge(x.Meta, x.Scope, x.ID, RelUsesModel, to, "the agent's model")
			}
		case *Guardrail:
			g.node(x.ID, NodeGuardrail, label(x.Meta))
		case *DatasetScan:
			if o := x.Owner; o != nil && o.Identity != "" && o.IdentityStatus == "active" && x.URI != "" {
				g.node(o.Identity, NodeIdentity, "")
				g.edge(x.Meta, x.Scope, x.URI, RelHoldsSecretOf, o.Identity,
					"a live "+o.IdentityKind+" credential ("+x.Rule+" ["+x.Fingerprint+"]) in "+x.ObjectURI)
				for _, p := range o.Policies {
					g.node(p, NodePermission, p[strings.LastIndex(p, "/")+1:])
					g.edge(x.Meta, x.Scope, o.Identity, RelGrants, p, "attached to the identity or its groups")
				}
			}
		}
	}
	for _, a := range access {
		if _, known := g.kinds[a.Principal]; !known {
			g.node(a.Principal, NodeIdentity, "")
		}
		if _, known := g.kinds[a.Target]; !known { // a container-wide location is also its storage node
			g.node(a.Target, NodeData, a.Target)
		}
		if a.Read {
			g.edge(a.Meta, a.Scope, a.Principal, RelCanRead, a.Target, a.Evidence)
		}
		if a.Write {
			g.edge(a.Meta, a.Scope, a.Principal, RelCanWrite, a.Target, a.Evidence)
		}
	}
	// data trains a model when the model, or its training job, reads it: the
	// one place that lineage is joined
	byJob := map[string][]*Relationship{}
	for _, e := range g.edges {
		if e.Relation == RelTrainedBy {
			byJob[e.ToID] = append(byJob[e.ToID], e)
		}
	}
	for _, e := range slices.Clone(g.edges) {
		if e.Relation != RelReads {
			continue
		}
		if _, ok := ix.byID[e.FromID]; ok {
			g.edge(e.Meta, e.Scope, e.ToID, RelTrains, e.FromID, "the model's training data")
		}
		for _, t := range byJob[e.FromID] {
			g.edge(t.Meta, t.Scope, e.ToID, RelTrains, t.FromID, "read by its training job "+e.FromID)
		}
	}
	for _, e := range g.edges {
		e.FromKind, e.ToKind = g.kinds[e.FromID], g.kinds[e.ToID]
		e.FromName, e.ToName = FirstNonEmpty(g.names[e.FromID], e.FromID), FirstNonEmpty(g.names[e.ToID], e.ToID)
		e.Name, e.Title = e.FromName+" "+e.Relation+" "+e.ToName, e.FromName+" "+e.Relation+" "+e.ToName
		if e.Tags == nil {
			e.Tags = map[string]string{}
		}
		e.Akas = []string{}
	}
	sort.SliceStable(g.edges, func(i, j int) bool {
		a, b := g.edges[i], g.edges[j]
		if a.FromID != b.FromID {
			return a.FromID < b.FromID
		}
		if a.Relation != b.Relation {
			return a.Relation < b.Relation
		}
		return a.ToID < b.ToID
	})
	return g.edges
}

// datasetEdges: the resource using the data reads it (a model's own
// training data, or its training job's), as its identity; the data lies in
// storage, which the internet can read when it is public.
func datasetEdges(g *graph, x *Dataset, ix modelIndex, jobs map[string]string) {
	if x.URI == "" {
		return
	}
	g.node(x.URI, NodeData, x.URI)
	user, kind := x.UsedBy, NodeDataset
	lower := strings.ToLower(x.Kind)
	switch {
	case ix.byID[x.UsedBy] != nil:
		kind = NodeModel
	case strings.HasPrefix(lower, "bedrock_kb"):
		kind = NodeKB
	case jobs[x.UsedBy] != "" || strings.Contains(lower, "training") || strings.Contains(lower, "job"):
		kind = NodeJob
	}
	g.node(user, kind, label(x.Meta))
	g.edge(x.Meta, x.Scope, user, RelReads, x.URI, x.Kind)
	if x.Identity != "" {
		g.node(x.Identity, NodeIdentity, "")
		g.edge(x.Meta, x.Scope, user, RelRunsAs, x.Identity, "the identity "+x.Kind+" reads the data as")
		g.edge(x.Meta, x.Scope, x.Identity, RelCanRead, x.URI, "the service reads the data as this identity")
	}
	st := StorageOf(x.URI)
	if st == "" {
		return
	}
	g.node(st, NodeStorage, storageName(st))
	g.edge(x.Meta, x.Scope, x.URI, RelStoredIn, st, "")
	if x.StoragePublic != nil && *x.StoragePublic {
		g.edge(x.Meta, x.Scope, Internet, RelExposes, st, "publicly readable"+Parenthesized(x.ExposureReason))
	}
}

// Parenthesized is " (s)", or "" for an empty s.
func Parenthesized(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// label is a node's display name: the resource's title, else its name.
func label(m Meta) string { return FirstNonEmpty(m.Title, m.Name) }
