package aispm

import (
	"context"
	"sort"
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
		Description: "Every scope (AWS account/region, Azure subscription, GCP project/location) of every table and service, and what happened when " +
			"this query tried it: ok, denied, disabled, throttled, error. Querying it probes each table's sources in each scope (one page each) " +
			"and reports those probes only, so the answer does not depend on what else the connection ran; where table_name = '...' probes that table only.",
		List: &plugin.ListConfig{Hydrate: listScopeStatus, Tags: map[string]string{"action": "List"},
			KeyColumns: plugin.OptionalColumns([]string{"table_name"})},
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
			col("table_name", proto.ColumnType_STRING, "Table", "The table whose source was probed in the scope."),
			{Name: "status", Type: proto.ColumnType_STRING, Transform: fromField("Status").Transform(transform.ToString), Description: "ok, denied, disabled, not_found, throttled, invalid, unavailable or error."},
			col("error", proto.ColumnType_STRING, "Error", "The error the cloud returned; null when the scope worked."),
			col("checked_at", proto.ColumnType_TIMESTAMP, "CheckedAt", "When the scope was tried."),
		},
	}
}

func scopeString(_ context.Context, d *transform.TransformData) (any, error) {
	return d.Value.(cloud.Scope).String(), nil
}

// listScopeStatus probes every source of every table (or of the table named
// by a table_name qual) in every scope with a one-page list call, and streams
// the outcomes, sorted.
func listScopeStatus(ctx context.Context, d *plugin.QueryData, _ *plugin.HydrateData) (any, error) {
	s, err := settingsOf(ctx, d)
	if err != nil {
		return nil, err
	}
	only := ""
	if q := d.EqualsQuals["table_name"]; q != nil {
		only = q.GetStringValue()
	}
	var mu sync.Mutex
	var outcomes []cloud.Outcome
	keep := func(o cloud.Outcome, ok bool) {
		if ok {
			mu.Lock()
			outcomes = append(outcomes, o)
			mu.Unlock()
		}
	}
	sem := make(chan struct{}, probeWorkers)
	var wg sync.WaitGroup
	for _, t := range definitions() {
		if only != "" && t.name != only {
			continue
		}
		for _, src := range t.sources {
			if !s.Enabled(src.cloud) {
				continue
			}
			for _, sc := range t.matrixScopes(ctx, d, s, src, keep) {
				if !src.covers(sc) {
					continue
				}
				wg.Add(1)
				sem <- struct{}{}
				go func() {
					defer func() { <-sem; wg.Done() }()
					var rows int64
					err := src.list(cloud.WithProbe(ctx), d, s, sc, func(cloud.Row) bool { rows++; return false })
					keep(t.record(ctx, sc, src.service, err, rows))
				}()
			}
		}
	}
	wg.Wait()
	sort.Slice(outcomes, func(i, j int) bool {
		a, b := outcomes[i], outcomes[j]
		if a.Scope.Key() != b.Scope.Key() {
			return a.Scope.Key() < b.Scope.Key()
		}
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		return a.Table < b.Table
	})
	for _, o := range outcomes {
		d.StreamListItem(ctx, o)
		if d.RowsRemaining(ctx) == 0 {
			break
		}
	}
	return nil, nil
}

// matrixScopes resolves one source's scopes, recording discovery failures.
func (t *tableDef) matrixScopes(ctx context.Context, d *plugin.QueryData, s *Settings, src source, keep func(cloud.Outcome, bool)) []cloud.Scope {
	fail := func(sc cloud.Scope, err error) { keep(t.record(ctx, sc, src.discovery, err, 0)) }
	scopes, err := src.scopes(ctx, d, s, fail)
	if err != nil {
		fail(cloud.Scope{Cloud: src.cloud}, err)
		return nil
	}
	return scopes
}
