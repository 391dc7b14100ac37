package aispm

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin/transform"
)

// emitFunc hands a row to the query; it returns false when no more rows are needed.
type emitFunc func(cloud.Row) bool

// quals gives fetch closures the filter values pushed down from the query.
type quals struct{ d *plugin.QueryData }

func (q quals) str(column string) string { return q.d.EqualsQualString(column) }

// timeRange reads a timestamp column's range quals (>, >=, <, <=, =) as the
// bounds an API's CreationTimeAfter/Before filters take. The bounds are
// widened by a second, so the API returns a superset that Postgres rechecks.
func (q quals) timeRange(column string) aws.TimeRange {
	var r aws.TimeRange
	qs := q.d.Quals[column]
	if qs == nil {
		return r
	}
	for _, qual := range qs.Quals {
		ts := qual.Value.GetTimestampValue()
		if ts == nil {
			continue
		}
		t := ts.AsTime()
		after, before := t.Add(-time.Second), t.Add(time.Second)
		switch qual.Operator {
		case ">", ">=":
			r.After = &after
		case "<", "<=":
			r.Before = &before
		case "=":
			r.After, r.Before = &after, &before
		}
	}
	return r
}

// source is one way a table gets rows from one cloud service.
type source struct {
	cloud     cloud.Kind
	service   string
	discovery string // the service that enumerates this cloud's scopes
	scopes    func(ctx context.Context, d *plugin.QueryData, s *Settings, onError func(cloud.Scope, error)) ([]cloud.Scope, error)
	covers    func(sc cloud.Scope) bool
	list      func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error
	detail    func(ctx context.Context, d *plugin.QueryData, s *Settings, row cloud.Row) error
}

// tableDef is a thin table spec: name, description, columns, sources.
type tableDef struct {
	name        string
	description string
	// columns read from the list call, after the standard columns
	columns []*plugin.Column
	// detailColumns need the source's detail fetch (a per-row Describe call)
	detailColumns []*plugin.Column
	// keys are optional '=' key columns that the sources push down to the API
	keys []string
	// timeKeys are timestamp columns whose range quals reach the API.
	timeKeys []string
	sources  []source
	// cache false turns the SDK query cache off (for tables that report live state)
	noCache bool
	// unified tables carry every cloud's scope columns, whichever clouds feed them so far
	unified bool
	// listTags are added to the list call's rate-limiter tags
	listTags map[string]string
}

func (t *tableDef) clouds() []cloud.Kind {
	if t.unified {
		return cloud.Kinds
	}
	var out []cloud.Kind
	for _, k := range cloud.Kinds {
		for _, s := range t.sources {
			if s.cloud == k {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

func (t *tableDef) build() *plugin.Table {
	var keys plugin.KeyColumnSlice
	for _, k := range t.keys {
		keys = append(keys, &plugin.KeyColumn{Name: k, Require: plugin.Optional, Operators: []string{"="}})
	}
	for _, k := range t.timeKeys {
		keys = append(keys, &plugin.KeyColumn{Name: k, Require: plugin.Optional, Operators: []string{">", ">=", "<", "<=", "="}})
	}
	for _, k := range []string{cloud.KeyCloud, cloud.KeyAccountID, cloud.KeyRegion, cloud.KeySubscriptionID, cloud.KeyProject, cloud.KeyLocation} {
		if t.hasColumn(k) && keys.Find(k) == nil {
			keys = append(keys, &plugin.KeyColumn{Name: k, Require: plugin.Optional, Operators: []string{"="}})
		}
	}
	cols := append(standardColumns(t.clouds()), t.columns...)
	for _, c := range t.detailColumns {
		c.Hydrate = t.detail
		cols = append(cols, c)
	}
	tags := map[string]string{"action": "List"}
	for k, v := range t.listTags {
		tags[k] = v
	}
	table := &plugin.Table{
		Name:              t.name,
		Description:       t.description,
		Columns:           cols,
		GetMatrixItemFunc: t.matrix,
		List: &plugin.ListConfig{
			Hydrate:    t.list,
			KeyColumns: keys,
			Tags:       tags,
		},
	}
	if len(t.detailColumns) > 0 {
		table.HydrateConfig = []plugin.HydrateConfig{{Func: t.detail, Tags: map[string]string{"action": "Describe"}}}
	}
	if t.noCache {
		table.Cache = &plugin.TableCacheOptions{Enabled: false}
	}
	return table
}

func (t *tableDef) hasColumn(name string) bool {
	for _, c := range standardColumns(t.clouds()) {
		if c.Name == name {
			return true
		}
	}
	return false
}

// matrix fans the table out over every scope of every enabled cloud it reads.
// A scope that cannot be discovered is recorded, not fatal.
func (t *tableDef) matrix(ctx context.Context, d *plugin.QueryData) []map[string]any {
	s, err := settingsOf(ctx, d)
	if err != nil {
		return nil // list reports the config error
	}
	var items []map[string]any
	seen := map[string]bool{}
	for _, src := range t.sources {
		if !s.Enabled(src.cloud) {
			continue
		}
		for _, sc := range t.matrixScopes(ctx, d, s, src, func(cloud.Outcome, bool) {}) {
			if !seen[sc.Key()] {
				seen[sc.Key()] = true
				items = append(items, sc.MatrixItem())
			}
		}
	}
	return items
}

// list runs every source that serves the matrix item's scope and records the
// outcome. A failing scope is logged (aispm_scope_status probes it again); it
// never costs the rows of the scopes that worked.
func (t *tableDef) list(ctx context.Context, d *plugin.QueryData, _ *plugin.HydrateData) (any, error) {
	s, err := settingsOf(ctx, d)
	if err != nil {
		return nil, err
	}
	sc := cloud.ScopeFromMatrix(plugin.GetMatrixItem(ctx))
	if sc.IsZero() || !wanted(d, sc) {
		return nil, nil
	}
	ctx = sharing(ctx, d, s)
	for _, src := range t.sources {
		if src.cloud != sc.Cloud || !src.covers(sc) {
			continue
		}
		var rows atomic.Int64
		lock := streamLock(d)
		err := src.list(ctx, d, s, sc, func(r cloud.Row) bool {
			r.RowMeta().Stamp(sc)
			rows.Add(1)
			lock.Lock()
			defer lock.Unlock()
			d.StreamListItem(ctx, r)
			return d.RowsRemaining(ctx) > 0
		})
		t.record(ctx, sc, src.service, err, rows.Load())
	}
	return nil, nil
}

// sharing gives a query's context its listing memo (cloud.Shared): shared
// within the connection and its config (a changed config starts afresh), for
// list_cache_ttl_seconds across queries.
func sharing(ctx context.Context, d *plugin.QueryData, s *Settings) context.Context {
	cfg, _ := d.Connection.Config.(Config)
	return cloud.WithShared(ctx, d.Connection.Name+"/"+cfg.fingerprint(), s.ListCacheTTL)
}

// wanted reports whether a scope satisfies every equality qual the query put
// on the matrix columns. The SDK's matrix filter keeps an item when any one of
// those quals matches (it overwrites, rather than ANDs, the per-column result),
// and a query for project = 'a' and location = 'b' must not call other scopes.
func wanted(d *plugin.QueryData, sc cloud.Scope) bool {
	for col, val := range sc.MatrixItem() {
		quals := d.QueryContext.UnsafeQuals[col]
		if quals == nil {
			continue
		}
		for _, q := range quals.GetQuals() {
			if q.GetStringValue() == "=" && q.GetValue().GetStringValue() != val.(string) {
				return false
			}
		}
	}
	return true
}

// streamLocks serialize StreamListItem across the matrix goroutines of one
// query: the SDK counts streamed rows (for LIMIT) without synchronization.
var streamLocks [64]sync.Mutex

// streamLock returns the lock of d's query. Matrix copies of a QueryData share
// its QueryContext, so its address identifies the query.
func streamLock(d *plugin.QueryData) *sync.Mutex {
	return &streamLocks[uintptr(unsafe.Pointer(d.QueryContext))>>4%lockStripes]
}

const lockStripes = uintptr(len(streamLocks))

// detail completes a row with its per-row Describe calls. A failure leaves the
// detail columns null and is recorded; the row itself is kept.
func (t *tableDef) detail(ctx context.Context, d *plugin.QueryData, h *plugin.HydrateData) (any, error) {
	row := h.Item.(cloud.Row)
	s, err := settingsOf(ctx, d)
	if err != nil {
		return nil, err
	}
	sc := row.RowMeta().Scope()
	for _, src := range t.sources {
		if src.cloud == sc.Cloud && src.detail != nil {
			if err := src.detail(ctx, d, s, row); err != nil {
				t.record(ctx, sc, src.service+" (detail)", err, 0)
				return nil, nil
			}
		}
	}
	return row, nil
}

func (t *tableDef) record(ctx context.Context, sc cloud.Scope, service string, err error, rows int64) (cloud.Outcome, bool) {
	class := cloud.Classify(err)
	if class == cloud.ClassCanceled && ctx.Err() != nil {
		return cloud.Outcome{}, false // the query stopped (a LIMIT was reached or it was cancelled)
	}
	o := cloud.Outcome{Scope: sc, Service: service, Table: t.name, Status: class, Rows: rows, CheckedAt: time.Now().UTC()}
	if err != nil {
		o.Error = err.Error()
		plugin.Logger(ctx).Warn("scope failed", "table", t.name, "cloud", sc.Cloud, "scope", sc.String(),
			"service", service, "status", class, "error", err.Error())
	}
	return o, true
}

// standardColumns are the columns every table carries (STYLE.md §8), with the
// scope columns of the clouds the table reads.
func standardColumns(clouds []cloud.Kind) []*plugin.Column {
	cols := []*plugin.Column{
		col("cloud", proto.ColumnType_STRING, "Cloud", "The cloud the resource lives in: aws, azure or gcp."),
	}
	has := func(k cloud.Kind) bool {
		for _, c := range clouds {
			if c == k {
				return true
			}
		}
		return false
	}
	if len(clouds) > 1 {
		cols = append(cols,
			col("scope", proto.ColumnType_STRING, "Scope", "The account-like scope: AWS account id, Azure subscription id or GCP project id."))
	}
	if has(cloud.AWS) {
		cols = append(cols,
			col("account_id", proto.ColumnType_STRING, "AccountID", "The AWS account id."),
			col("region", proto.ColumnType_STRING, "Region", "The AWS region."))
	}
	if has(cloud.Azure) {
		cols = append(cols,
			col("subscription_id", proto.ColumnType_STRING, "SubscriptionID", "The Azure subscription id."),
			col("resource_group", proto.ColumnType_STRING, "ResourceGroup", "The Azure resource group."))
	}
	if has(cloud.GCP) {
		cols = append(cols,
			col("project", proto.ColumnType_STRING, "Project", "The GCP project id."))
	}
	if has(cloud.Azure) || has(cloud.GCP) || len(clouds) > 1 {
		cols = append(cols,
			col("location", proto.ColumnType_STRING, "Location", "The Azure or GCP location (in unified tables also the AWS region)."))
	}
	return append(cols,
		col("name", proto.ColumnType_STRING, "Name", "The resource name."),
		col("title", proto.ColumnType_STRING, "Title", "The display title of the resource."),
		col("tags", proto.ColumnType_JSON, "Tags", "The resource's tags or labels as a JSON object."),
		col("akas", proto.ColumnType_JSON, "Akas", "Globally unique identifiers of the resource: ARN, lower-case ARM id or gcp:// resource name."),
	)
}

// col declares a column read from a field of the row struct. An empty string
// becomes null, so "not set" reads the same in every cloud.
func col(name string, t proto.ColumnType, field, description string) *plugin.Column {
	tr := fromField(field)
	if t == proto.ColumnType_STRING {
		tr = tr.Transform(transform.NullIfZeroValue)
	}
	return &plugin.Column{Name: name, Type: t, Transform: tr, Description: description}
}

// gcpCMEKColumn is customer_managed_key on every GCP table with an
// encryption key, decided by gcp.CustomerManagedKey.
func gcpCMEKColumn() *plugin.Column {
	return col("customer_managed_key", proto.ColumnType_BOOL, "CustomerManagedKey",
		"True when the resource is encrypted with a customer-managed Cloud KMS key (CMEK: a named key, Cloud HSM and Cloud EKM included); false for Google-managed encryption.")
}

// secretsColumn lists the secrets the redactor found in a row's user content
// (what): rule, fingerprint and where, never the value.
func secretsColumn(name, field, what string) *plugin.Column {
	return col(name, proto.ColumnType_JSON, field,
		"Secrets found in "+what+": each with the redaction rule (a gitleaks rule id, url-credentials, or credential-named-variable), the value's fingerprint (first 12 hex digits of its SHA-256) and where it was; never the value.")
}
