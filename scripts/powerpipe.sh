#!/usr/bin/env bash
# Build Powerpipe v1.5.2 from the Go module proxy into bin/powerpipe through the
# tools module in tools/powerpipe. Cached: rebuilt only when that module changes.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.cache/powerpipe.stamp
want=$(cat tools/powerpipe/go.mod tools/powerpipe/go.sum | sha256sum | cut -c1-16)
if [ -x bin/powerpipe ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then exit 0; fi
echo "building Powerpipe v1.5.2 from the Go module proxy (first run only: 2 to 10 minutes on a 2-core machine)..." >&2
mkdir -p bin .cache
start=$SECONDS
( while sleep 30; do echo "  still building Powerpipe: $((SECONDS - start)) s" >&2; done ) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
(cd tools/powerpipe && go build -o ../../bin/powerpipe github.com/turbot/powerpipe)
echo "$want" >"$stamp"
