package cloud

import (
	"context"

	"github.com/turbot/steampipe-plugin-sdk/v5/memoize"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// Memo caches what build returns, per connection and key, in the SDK's
// connection cache (plugin.HydrateFunc.Memoize): concurrent callers with the
// same key wait for one build. Keys must be unique across the plugin, so each
// starts with its cloud and kind ("aws/clients/us-east-1").
func Memo[Req, T any](key func(Req) string, build func(context.Context, *plugin.QueryData, Req) (T, error)) func(context.Context, *plugin.QueryData, Req) (T, error) {
	memoized := plugin.HydrateFunc(func(ctx context.Context, d *plugin.QueryData, h *plugin.HydrateData) (any, error) {
		return build(ctx, d, h.Item.(Req))
	}).Memoize(memoize.WithCacheKeyFunction(func(_ context.Context, _ *plugin.QueryData, h *plugin.HydrateData) (any, error) {
		return key(h.Item.(Req)), nil
	}))
	return func(ctx context.Context, d *plugin.QueryData, req Req) (T, error) {
		v, err := memoized(ctx, d, &plugin.HydrateData{Item: req})
		if err != nil {
			var zero T
			return zero, err
		}
		return v.(T), nil
	}
}
