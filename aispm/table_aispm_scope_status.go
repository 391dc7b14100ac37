package aispm

import (
	"context"
	"sync"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin/transform"
)

// probeWorkers bounds the probe calls aispm_scope_status makes at once.
const probeWorkers = 16

func tableScopeStatus() *plugin.Table {
	return &plugin.Table{
		Name: "aispm_scope_status",
		Description: "Every scope (AWS account/region, Azure subscription, GCP project/location) the connection tried, per service " +
			"and table, and what happened: ok, denied, disabled, throttled, error. Querying it probes every scope of every service first.",
		List:  &plugin.ListConfig{Hydrate: listScopeStatus, Tags: map[string]string{"action": "List"}},
		Cache: &plugin.TableCacheOptions{Enabled: false},
		Columns: []*plugin.Column{
			col("cloud", proto.ColumnType_STRING, "Scope.Cloud", "The cloud: aws, azure or gcp."),
			{Name: "scope", Type: proto.ColumnType_STRING, Transform: fromField("Scope").Transform(scopeString), Description: "The scope: account/region, subscription, or project/location (empty when the scope itself could not be discovered)."},
			col("account_id", proto.ColumnType_STRING, "Scope.AccountID", "The AWS account id."),
			col("region", proto.ColumnType_STRING, "Scope.Region", "The AWS region."),
			col("subscription_id", proto.ColumnType_STRING, "Scope.SubscriptionID", "The Azure subscription id."),
			col("project", proto.ColumnType_STRING, "Scope.Project", "The GCP project id."),
			col("location", proto.ColumnType_STRING, "Scope.Location", "The GCP location."),
			col("service", proto.ColumnType_STRING, "Service", "The cloud service called (sagemaker, cognitiveservices, aiplatform, or the discovery service sts, subscriptions, locations)."),
			col("table_name", proto.ColumnType_STRING, "Table", "The table whose query tried the scope."),
			{Name: "status", Type: proto.ColumnType_STRING, Transform: fromField("Status").Transform(transform.ToString), Description: "ok, denied, disabled, not_found, throttled, invalid, unavailable or error."},
			col("error", proto.ColumnType_STRING, "Error", "The error the cloud returned; null when the scope worked."),
			col("checked_at", proto.ColumnType_TIMESTAMP, "CheckedAt", "When the scope was last tried."),
		},
	}
}

func scopeString(_ context.Context, d *transform.TransformData) (any, error) {
	return d.Value.(cloud.Scope).String(), nil
}

// listScopeStatus probes every scope of every service with a one-page list
// call, then streams everything the connection has recorded.
func listScopeStatus(ctx context.Context, d *plugin.QueryData, _ *plugin.HydrateData) (any, error) {
	s, err := settingsOf(ctx, d)
	if err != nil {
		return nil, err
	}
	sem := make(chan struct{}, probeWorkers)
	var wg sync.WaitGroup
	for _, p := range probes() {
		if !s.Enabled(p.src.cloud) {
			continue
		}
		for _, sc := range p.table.matrixScopes(ctx, d, s, p.src) {
			if !p.src.covers(sc) {
				continue
			}
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				var rows int64
				err := p.src.list(ctx, d, s, sc, func(cloud.Row) bool { rows++; return false })
				p.table.record(ctx, d, sc, p.src.service, err, rows)
			}()
		}
	}
	wg.Wait()
	for _, o := range cloud.Statuses.List(d.Connection.Name) {
		d.StreamListItem(ctx, o)
		if d.RowsRemaining(ctx) == 0 {
			break
		}
	}
	return nil, nil
}

type probe struct {
	table *tableDef
	src   source
}

// probes returns one source per (cloud, service) from the native tables.
func probes() []probe {
	var out []probe
	seen := map[string]bool{}
	for _, t := range definitions() {
		if t.unified {
			continue // unified tables reuse the native sources
		}
		for _, src := range t.sources {
			k := string(src.cloud) + "/" + src.service
			if !seen[k] {
				seen[k] = true
				out = append(out, probe{table: t, src: src})
			}
		}
	}
	return out
}

// matrixScopes resolves one source's scopes, recording discovery failures.
func (t *tableDef) matrixScopes(ctx context.Context, d *plugin.QueryData, s *Settings, src source) []cloud.Scope {
	fail := func(sc cloud.Scope, err error) { t.record(ctx, d, sc, src.discovery, err, 0) }
	scopes, err := src.scopes(ctx, d, s, fail)
	if err != nil {
		fail(cloud.Scope{Cloud: src.cloud}, err)
		return nil
	}
	return scopes
}
