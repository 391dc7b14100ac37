package aispm

import (
	"context"
	"sync"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// The constructors below are the only place a table meets a cloud package:
// each binds a typed fetch function to its cloud's scopes and cached clients.

// bind adapts a typed fetch function over a cloud's clients C to a source's list.
func bind[C any, T cloud.Row](
	clients func(context.Context, *plugin.QueryData, *Settings, cloud.Scope) (C, error),
	list func(context.Context, C, cloud.Scope, quals, func(T) bool) error,
) func(context.Context, *plugin.QueryData, *Settings, cloud.Scope, emitFunc) error {
	return func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error {
		c, err := clients(ctx, d, s, sc)
		if err != nil {
			return err
		}
		return list(ctx, c, sc, quals{d}, func(r T) bool { return emit(r) })
	}
}

func awsClients(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope) (*aws.Clients, error) {
	return aws.ClientsFor(ctx, d, s.AWS, sc)
}

func azureClients(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope) (*azure.Clients, error) {
	return azure.ClientsFor(ctx, d, s.Azure, sc)
}

func gcpClients(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope) (*gcp.Clients, error) {
	return gcp.ClientsFor(ctx, d, s.GCP, sc)
}

func everywhere(cloud.Scope) bool { return true }

func awsSource[T cloud.Row](service string, list func(context.Context, *aws.Clients, quals, func(T) bool) error) source {
	return awsScopedSource(service, func(ctx context.Context, c *aws.Clients, _ cloud.Scope, q quals, emit func(T) bool) error {
		return list(ctx, c, q, emit)
	})
}

// awsScopedSource is an AWS source whose fetch needs its scope (the account id).
func awsScopedSource[T cloud.Row](service string, list func(context.Context, *aws.Clients, cloud.Scope, quals, func(T) bool) error) source {
	return source{
		cloud:     cloud.AWS,
		service:   service,
		discovery: aws.STS,
		scopes: func(ctx context.Context, d *plugin.QueryData, s *Settings, _ func(cloud.Scope, error)) ([]cloud.Scope, error) {
			return aws.Scopes(ctx, d, s.AWS, service)
		},
		covers: func(sc cloud.Scope) bool { return aws.Offers(service, sc.Region) },
		list:   withAWSKeys(bind(awsClients, list)),
	}
}

// withAWSKeys records, on each detailed row, whether the KMS keys it names
// are customer managed (kms:DescribeKey, memoized per key).
func withAWSKeys(list func(context.Context, *plugin.QueryData, *Settings, cloud.Scope, emitFunc) error) func(context.Context, *plugin.QueryData, *Settings, cloud.Scope, emitFunc) error {
	return func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error {
		return list(ctx, d, s, sc, func(r cloud.Row) bool {
			aws.ResolveRow(ctx, d, s.AWS, sc.Region, r)
			return emit(r)
		})
	}
}

// withAWSDetail adds the per-row Describe calls of an AWS source.
func withAWSDetail[T cloud.Row](src source, detail func(context.Context, *aws.Clients, T) error) source {
	src.detail = func(ctx context.Context, d *plugin.QueryData, s *Settings, row cloud.Row) error {
		sc := row.RowMeta().Scope()
		c, err := awsClients(ctx, d, s, sc)
		if err != nil {
			return err
		}
		if err := detail(ctx, c, row.(T)); err != nil {
			return err
		}
		aws.ResolveRow(ctx, d, s.AWS, sc.Region, row)
		return nil
	}
	return src
}

func azureSource[T cloud.Row](service string, list func(context.Context, *azure.Clients, quals, func(T) bool) error) source {
	return source{
		cloud:     cloud.Azure,
		service:   service,
		discovery: azure.Subscriptions,
		scopes: func(ctx context.Context, d *plugin.QueryData, s *Settings, _ func(cloud.Scope, error)) ([]cloud.Scope, error) {
			return azure.Scopes(ctx, d, s.Azure)
		},
		covers: everywhere,
		list: withAzureDiagnostics(bind(azureClients, func(ctx context.Context, c *azure.Clients, _ cloud.Scope, q quals, emit func(T) bool) error {
			return list(ctx, c, q, emit)
		})),
	}
}

// withAzureDiagnostics reads, for each account, workspace and online
// endpoint, its diagnostic settings (memoized per resource), several rows
// at a time.
func withAzureDiagnostics(list func(context.Context, *plugin.QueryData, *Settings, cloud.Scope, emitFunc) error) func(context.Context, *plugin.QueryData, *Settings, cloud.Scope, emitFunc) error {
	return func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error {
		return completing(ctx, func(ctx context.Context, each emitFunc) error { return list(ctx, d, s, sc, each) },
			func(ctx context.Context, r cloud.Row) ([]cloud.Row, error) {
				azure.ResolveDiagnostics(ctx, d, s.Azure, sc.SubscriptionID, r)
				return []cloud.Row{r}, nil
			}, emit)
	}
}

func gcpSource[T cloud.Row](service string, list func(context.Context, *gcp.Clients, cloud.Scope, quals, func(T) bool) error) source {
	return source{
		cloud:     cloud.GCP,
		service:   service,
		discovery: gcp.Locations,
		scopes: func(ctx context.Context, d *plugin.QueryData, s *Settings, onError func(cloud.Scope, error)) ([]cloud.Scope, error) {
			return gcp.Scopes(ctx, d, s.GCP, onError)
		},
		covers: func(sc cloud.Scope) bool { return sc.Location != "" },
		list:   bind(gcpClients, list),
	}
}

func gcpProjectClients(ctx context.Context, d *plugin.QueryData, s *Settings, _ cloud.Scope) (*gcp.ProjectClients, error) {
	return gcp.ProjectClientsFor(ctx, d, s.GCP)
}

// gcpProjectSource reads a project-wide Google API (listed across all
// locations at once), fanned out over projects only.
func gcpProjectSource[T cloud.Row](service string, list func(context.Context, *gcp.ProjectClients, cloud.Scope, quals, func(T) bool) error) source {
	return source{
		cloud:     cloud.GCP,
		service:   service,
		discovery: gcp.ProjectsService,
		scopes: func(ctx context.Context, _ *plugin.QueryData, s *Settings, _ func(cloud.Scope, error)) ([]cloud.Scope, error) {
			return gcp.ProjectScopes(ctx, s.GCP)
		},
		covers: func(sc cloud.Scope) bool { return sc.Location == "" },
		list:   bind(gcpProjectClients, list),
	}
}

// unifiedWorkers bounds the per-row Describe calls a unified source makes at once.
const unifiedWorkers = 8

// unified turns a native source into a source of a unified table: each native
// row is completed with its detail (concurrently, when the source has one) and
// mapped to the provider-neutral shape. A convert that returns nil drops the row
// (not every native row is a unified one: an account with key auth off has no keys).
func unified[T cloud.Row](src source, convert func(T) cloud.Row) source {
	return expanded(src, func(_ context.Context, _ *plugin.QueryData, _ *Settings, t T) []cloud.Row {
		if row := convert(t); row != nil {
			return []cloud.Row{row}
		}
		return nil
	})
}

// derived turns a native source into a source of a unified table whose rows
// need more than the native row (a storage lookup through the connection's
// cached clients): each native row expands to zero or more unified rows.
func derived[T cloud.Row](src source, expand func(context.Context, *plugin.QueryData, *Settings, T) []cloud.Row) source {
	return expanded(src, expand)
}

// expanded completes each native row with its detail (when the source has
// one) and expands it into unified rows, unifiedWorkers rows at a time.
func expanded[T cloud.Row](src source, expand func(context.Context, *plugin.QueryData, *Settings, T) []cloud.Row) source {
	native, detail := src.list, src.detail
	src.detail = nil
	src.list = func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error {
		list := func(ctx context.Context, each emitFunc) error {
			return native(ctx, d, s, sc, func(r cloud.Row) bool {
				r.RowMeta().Stamp(sc)
				return each(r)
			})
		}
		return completing(ctx, list, func(ctx context.Context, r cloud.Row) ([]cloud.Row, error) {
			if detail != nil {
				if err := detail(ctx, d, s, r); err != nil {
					return nil, err
				}
			}
			rows := expand(ctx, d, s, r.(T))
			for _, row := range rows {
				if n, ok := row.(interface{ Normalize() }); ok {
					n.Normalize()
				}
			}
			return rows, nil
		}, emit)
	}
	return src
}

// completing lists rows and completes each one (its detail calls, lookups,
// expansion) unifiedWorkers rows at a time, emitting what each row
// completes to together; emit is never called concurrently. The first error
// or a false from emit stops the walk. A probe (aispm_scope_status) lists
// one row only.
func completing(ctx context.Context, list func(context.Context, emitFunc) error,
	complete func(context.Context, cloud.Row) ([]cloud.Row, error), emit emitFunc) error {
	probe := cloud.Probing(ctx)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		stopped  bool
	)
	sem := make(chan struct{}, unifiedWorkers)
	listErr := list(ctx, func(r cloud.Row) bool {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			rows, err := complete(ctx, r)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil && !stopped {
				firstErr = err
			}
			if err != nil || stopped {
				return
			}
			for _, row := range rows {
				if !emit(row) {
					stopped = true
					cancel()
					return
				}
			}
		}()
		mu.Lock()
		defer mu.Unlock()
		return !probe && !stopped && firstErr == nil
	})
	wg.Wait()
	if stopped {
		return nil // the query has all the rows it needs
	}
	if listErr != nil {
		return listErr
	}
	return firstErr
}
