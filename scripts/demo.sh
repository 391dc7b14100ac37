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

# Each long step prints its name and, when done, how long it took.
stage() {
  local name=$1 start=$SECONDS rc=0; shift
  echo "==> $name" >&2
  "$@" || rc=$?
  if [ "$rc" -eq 0 ] || [[ " ${STAGE_OK:-0} " == *" $rc "* ]]; then
    echo "<== $name: $((SECONDS - start)) s" >&2
  else
    echo "<== $name: FAILED (exit $rc) after $((SECONDS - start)) s" >&2
  fi
  return "$rc"
}
stage "Powerpipe (built once from the Go module proxy; minutes on a 2-core machine)" scripts/powerpipe.sh
stage "PostgreSQL 15 (installed once, password auth, 127.0.0.1 only)" scripts/pg.sh start >/dev/null
url=$(scripts/pg.sh url)
shown=$(echo "$url" | sed 's#://\([^:@/]*\):[^@]*@#://\1:xxxxx@#')

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

stage "aispm export -> $shown (schema aispm)" ./bin/aispm export --config "$dir/aispm.spc" --to "$url" --schema aispm

echo
echo "== AI endpoint inventory"
./bin/aispm query --config "$dir/aispm.spc" \
  --columns cloud,scope,location,title,kind,public_network_access,auth_mode,key_auth,customer_managed_key,logging_enabled aispm_endpoint

db="$url&search_path=aispm"
echo
set +e
STAGE_OK="0 1" stage "powerpipe benchmark run aispm.benchmark.all" ./bin/powerpipe benchmark run aispm.benchmark.all --mod-location mods/aispm --var database="$db" \
  --export "$out/benchmark.json" --export "$out/benchmark.html" --output none --progress=false
rc=$?
set -e
# 0: all ok, 1: alarms (findings, not failures); anything else: the run itself failed.
if [ "$rc" -gt 1 ]; then echo "powerpipe benchmark run failed (exit $rc)" >&2; exit 1; fi

echo
echo "== Runtime detections over the estate's audit and invocation logs (aispm.benchmark.detections)"
set +e
./bin/powerpipe benchmark run aispm.benchmark.detections --mod-location mods/aispm --var database="$db" \
  --export "$out/detections.json" --output none --progress=false
rc=$?
set -e
if [ "$rc" -gt 1 ]; then echo "powerpipe benchmark run aispm.benchmark.detections failed (exit $rc)" >&2; exit 1; fi
./bin/aispm report --top 20 "$out/detections.json"

echo
echo "== Secrets in training data, and whose they are (aispm_dataset_scan; values are never read into a row)"
/usr/lib/postgresql/15/bin/psql "$url" -qP pager=off -c "
  select s.uri, s.rule, s.fingerprint, coalesce(s.identity, '-') as identity, coalesce(s.identity_status, '-') as status,
    case when s.identity_admin then 'AdministratorAccess' else '' end as admin,
    string_agg(distinct d.name, ', ') as used_by
  from aispm.aispm_dataset_scan s left join aispm.aispm_dataset d on d.uri = s.uri
  where s.kind = 'secret'
  group by s.uri, s.rule, s.fingerprint, s.identity, s.identity_status, s.identity_admin
  order by (s.identity_status = 'active') desc nulls last, s.uri"

dashboards() {
for dash in $(./bin/powerpipe dashboard list --mod-location mods/aispm --output json | grep -o '"qualified_name": *"aispm\.dashboard\.[a-z0-9_]*"' | sed 's/.*"aispm\.dashboard\.\([a-z0-9_]*\)"/\1/'); do
  args=()
  if [[ "$dash" == *_detail ]]; then
    # A detail dashboard shows one asset: the first of its kind in the snapshot.
    id=$(/usr/lib/postgresql/15/bin/psql "$url" -qtAc "select id from aispm.aispm_${dash%_detail} order by id limit 1")
    args=(--arg "input.id=$id")
  fi
  if [[ "$dash" == blast_radius ]]; then
    args=(--arg "input.id=internet") # everything anyone on the internet can reach
  fi
  (cd "$out" && ../../bin/powerpipe dashboard run "aispm.dashboard.$dash" --mod-location ../../mods/aispm \
    --var database="$db" "${args[@]}" --export "$dash.pps" --output none --progress=false)
done
}
stage "powerpipe dashboard snapshots" dashboards

echo
./bin/aispm report "$out/benchmark.json"
echo
echo "== Written to $out/:"
ls -1 "$out" | sed 's/^/   /'
echo "== The snapshot stays in PostgreSQL (schema aispm), on 127.0.0.1 with a generated password:"
echo "   psql \"\$(scripts/pg.sh url)\" -c 'select * from aispm.aispm_endpoint'"
echo "== make pg-stop stops it."
