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

func awsSource[T cloud.Row](service string, list func(context.Context, *aws.Clients, quals, func(T) bool) error) source {
	return source{
		cloud:     cloud.AWS,
		service:   service,
		discovery: aws.STS,
		scopes: func(ctx context.Context, d *plugin.QueryData, s *Settings, _ func(cloud.Scope, error)) ([]cloud.Scope, error) {
			return aws.Scopes(ctx, d, s.AWS, service)
		},
		covers: func(sc cloud.Scope) bool { return aws.Offers(service, sc.Region) },
		list: func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error {
			c, err := aws.ClientsFor(ctx, d, s.AWS, sc)
			if err != nil {
				return err
			}
			return list(ctx, c, quals{d}, func(r T) bool { return emit(r) })
		},
	}
}

// withAWSDetail adds the per-row Describe calls of an AWS source.
func withAWSDetail[T cloud.Row](src source, detail func(context.Context, *aws.Clients, T) error) source {
	src.detail = func(ctx context.Context, d *plugin.QueryData, s *Settings, row cloud.Row) error {
		c, err := aws.ClientsFor(ctx, d, s.AWS, row.RowMeta().Scope())
		if err != nil {
			return err
		}
		return detail(ctx, c, row.(T))
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
		covers: func(cloud.Scope) bool { return true },
		list: func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error {
			c, err := azure.ClientsFor(ctx, d, s.Azure, sc)
			if err != nil {
				return err
			}
			return list(ctx, c, quals{d}, func(r T) bool { return emit(r) })
		},
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
		covers: func(cloud.Scope) bool { return true },
		list: func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error {
			c, err := gcp.ClientsFor(ctx, d, s.GCP, sc)
			if err != nil {
				return err
			}
			return list(ctx, c, sc, quals{d}, func(r T) bool { return emit(r) })
		},
	}
}

// unifiedWorkers bounds the per-row Describe calls a unified source makes at once.
const unifiedWorkers = 8

// unified turns a native source into a source of a unified table: each native
// row is completed with its detail (concurrently, when the source has one) and
// mapped to the provider-neutral shape.
func unified[T cloud.Row](src source, convert func(T) cloud.Row) source {
	native, detail := src.list, src.detail
	src.detail = nil
	src.list = func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error {
		if detail == nil {
			return native(ctx, d, s, sc, func(r cloud.Row) bool {
				r.RowMeta().Stamp(sc)
				return emit(convert(r.(T)))
			})
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			firstErr error
			stopped  bool
		)
		sem := make(chan struct{}, unifiedWorkers)
		listErr := native(ctx, d, s, sc, func(r cloud.Row) bool {
			r.RowMeta().Stamp(sc)
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				err := detail(ctx, d, s, r)
				mu.Lock()
				defer mu.Unlock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if err == nil && !stopped && !emit(convert(r.(T))) {
					stopped = true
					cancel()
				}
			}()
			mu.Lock()
			defer mu.Unlock()
			return !stopped && firstErr == nil
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
	return src
}
