package aispm

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// graphSources are the unified sources the attack graph is built from.
func graphSources() []source {
	var all []source
	for _, group := range [][]source{endpointSources(), modelSources(), notebookSources(), datasetSources(), keySources(), agentSources(), guardrailSources(), datasetScanSources()} {
		all = append(all, group...)
	}
	return all
}

// graphWorkers bounds the (source, scope) listings the graph runs at once.
const graphWorkers = 8

// collect runs every source in every scope it covers and returns the rows.
// A scope that fails is recorded in scope status and logged; the graph is
// built from the scopes that worked.
func (t *tableDef) collect(ctx context.Context, d *plugin.QueryData, s *Settings) []cloud.Row {
	type job struct {
		src source
		sc  cloud.Scope
	}
	var jobs []job
	for _, src := range t.sources {
		if !s.Enabled(src.cloud) {
			continue
		}
		for _, sc := range t.matrixScopes(ctx, d, s, src, func(cloud.Outcome, bool) {}) {
			if src.covers(sc) {
				jobs = append(jobs, job{src, sc})
			}
		}
	}
	var (
		mu   sync.Mutex
		rows []cloud.Row
		wg   sync.WaitGroup
		sem  = make(chan struct{}, graphWorkers)
	)
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var n int64
			err := j.src.list(ctx, d, s, j.sc, func(r cloud.Row) bool {
				r.RowMeta().Stamp(j.sc)
				mu.Lock()
				rows = append(rows, r)
				mu.Unlock()
				n++
				return true
			})
			if err != nil {
				plugin.Logger(ctx).Warn("aispm_relationship: a scope's rows are missing from the graph", "scope", j.sc.Key(), "service", j.src.service, "error", err)
			}
			t.record(ctx, j.sc, j.src.service, err, n)
		}()
	}
	wg.Wait()
	// The sources ran concurrently: order the rows, so an edge evidenced by
	// several resources always carries the same one's scope and tags. The key
	// is the row's type, scope and identifying fields, not its whole content.
	keys := make(map[cloud.Row]string, len(rows))
	for _, r := range rows {
		m := r.RowMeta()
		k := fmt.Sprintf("%T\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s", r, m.Cloud, m.AccountID, m.Region, m.SubscriptionID, m.Project, m.Location, m.Name, strings.Join(m.Akas, " "))
		for _, f := range []string{"ID", "URI", "UsedBy", "ObjectURI", "Kind", "Rule", "Fingerprint"} {
			k += fmt.Sprintf("\x00%v", fieldValue(r, f))
		}
		keys[r] = k
	}
	sort.SliceStable(rows, func(i, j int) bool { return keys[rows[i]] < keys[rows[j]] })
	return rows
}

func tableRelationship() *plugin.Table {
	t := &tableDef{name: "aispm_relationship", sources: graphSources()}
	list := func(ctx context.Context, d *plugin.QueryData, _ *plugin.HydrateData) (any, error) {
		s, err := settingsOf(ctx, d)
		if err != nil {
			return nil, err
		}
		ctx = sharing(ctx, d, s)
		rows := t.collect(ctx, d, s)
		for _, e := range cloud.Relationships(rows, evaluatedAccess(ctx, d, s, rows)) {
			d.StreamListItem(ctx, e)
			if d.RowsRemaining(ctx) <= 0 {
				break
			}
		}
		return nil, nil
	}
	return &plugin.Table{
		Name: "aispm_relationship",
		Description: "The AI attack graph: one row per edge between AI assets, identities and storage, built in one place from the unified tables " +
			"(endpoints, models, notebooks, datasets, keys, agents, guardrails) and aispm_dataset_scan: serves, trained_by, reads, stored_in, runs_as, " +
			"can_read, unlocks, holds_secret_of, grants, uses_guardrail, uses_model, and exposes (from the internet node). Attack-path controls walk it with recursive SQL.",
		List: &plugin.ListConfig{Hydrate: list, Tags: map[string]string{"action": "List"}},
		Columns: append(standardColumns([]cloud.Kind{cloud.AWS, cloud.Azure, cloud.GCP}),
			col("from_id", proto.ColumnType_STRING, "FromID", "The node the edge leaves: a resource id (ARN, ARM id, Vertex resource name), a storage URI (s3://bucket, gs://bucket, https://account.blob.core.windows.net/container), a data location, an identity, or internet."),
			col("from_kind", proto.ColumnType_STRING, "FromKind", "What the from node is: internet, endpoint, model, training_job, dataset, knowledge_base, data, storage, identity, key, notebook, agent, guardrail, service, permission."),
			col("from_name", proto.ColumnType_STRING, "FromName", "The from node's display name."),
			col("relation", proto.ColumnType_STRING, "Relation", "exposes (internet → endpoint, notebook, storage, key), serves (endpoint → model), trained_by (model → training job), reads (job, model, dataset, knowledge base → data), stored_in (data, model weights → storage), runs_as (→ identity), can_read (identity → data), unlocks (key → endpoint or service), holds_secret_of (data → the identity of a live credential found in it), grants (identity → attached policy), uses_guardrail, uses_model (agent →)."),
			col("to_id", proto.ColumnType_STRING, "ToID", "The node the edge enters (same id forms as from_id)."),
			col("to_kind", proto.ColumnType_STRING, "ToKind", "What the to node is."),
			col("to_name", proto.ColumnType_STRING, "ToName", "The to node's display name."),
			col("evidence", proto.ColumnType_STRING, "Evidence", "Why the edge exists: the field or finding it comes from."),
		),
	}
}
