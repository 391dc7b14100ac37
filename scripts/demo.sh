#!/usr/bin/env bash
# make demo, the main job: simulated three-cloud estate -> aispm export -> PostgreSQL
# -> powerpipe benchmark run + dashboard snapshots -> report in out/demo/.
# The first run installs PostgreSQL 15 (if missing) and builds Powerpipe; later runs reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/powerpipe-env.sh

dir=.cache/demo
out=out/demo
mkdir -p "$dir"
rm -rf "$out" && mkdir -p "$out"

scripts/powerpipe.sh
url=$(scripts/pg.sh start)

rm -f "$dir/aispm.spc" "$dir/sim.out"
./bin/aispm sim --estate demo --listen 127.0.0.1:0 --write-config "$dir/aispm.spc" >"$dir/sim.out" 2>"$dir/sim.log" &
sim=$!
trap 'kill $sim 2>/dev/null || true; wait $sim 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^ready$' "$dir/sim.out" 2>/dev/null && break
  kill -0 $sim 2>/dev/null || { cat "$dir/sim.log" >&2; exit 1; }
  sleep 0.1
done
grep -q '^ready$' "$dir/sim.out" || { echo "the simulator did not become ready" >&2; cat "$dir/sim.log" >&2; exit 1; }
echo "== $(cat "$dir/sim.log")"

echo "== aispm export -> $url (schema aispm)"
./bin/aispm export --config "$dir/aispm.spc" --to "$url" --schema aispm

echo
echo "== AI endpoint inventory"
./bin/aispm query --config "$dir/aispm.spc" \
  --columns cloud,scope,location,title,kind,public_network_access,auth_mode,encryption_key,logging_enabled aispm_endpoint

db="$url&search_path=aispm"
echo
echo "== powerpipe benchmark run aispm.benchmark.all"
set +e
./bin/powerpipe benchmark run aispm.benchmark.all --mod-location mods/aispm --var database="$db" \
  --export "$out/benchmark.json" --export "$out/benchmark.html" --output none --progress=false
rc=$?
set -e
# 0: all ok, 1: alarms (findings, not failures); anything else: the run itself failed.
if [ "$rc" -gt 1 ]; then echo "powerpipe benchmark run failed (exit $rc)" >&2; exit 1; fi

for dash in $(./bin/powerpipe dashboard list --mod-location mods/aispm --output json | grep -o '"qualified_name": *"aispm\.dashboard\.[a-z0-9_]*"' | sed 's/.*"aispm\.dashboard\.\([a-z0-9_]*\)"/\1/'); do
  args=()
  if [[ "$dash" == *_detail ]]; then
    # A detail dashboard shows one asset: the first of its kind in the snapshot.
    id=$(/usr/lib/postgresql/15/bin/psql "$url" -qtAc "select id from aispm.aispm_${dash%_detail} order by id limit 1")
    args=(--arg "input.id=$id")
  fi
  (cd "$out" && ../../bin/powerpipe dashboard run "aispm.dashboard.$dash" --mod-location ../../mods/aispm \
    --var database="$db" "${args[@]}" --export "$dash.pps" --output none --progress=false)
done

echo
./bin/aispm report "$out/benchmark.json"
echo
echo "== Written to $out/:"
ls -1 "$out" | sed 's/^/   /'
echo "== The snapshot stays in PostgreSQL (schema aispm): psql \"$url\" -c 'select * from aispm.aispm_endpoint'   (make pg-stop stops it)"
