#!/usr/bin/env bash
# make demo: serve the built-in demo estate with the simulator, then query it
# through the plugin exactly as a Steampipe user would see it.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=.cache/demo
mkdir -p "$dir"
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

echo "== Simulated estate: $(cat "$dir/sim.log")"
echo "== Connection config: $dir/aispm.spc"
echo
echo "== AI endpoint inventory (aispm_endpoint), all three clouds"
./bin/aispm query --config "$dir/aispm.spc" \
  --columns cloud,scope,location,name,title,kind,public_network_access,auth_mode,encryption_key,logging_enabled \
  aispm_endpoint
echo
echo "== Internet-exposed endpoints that accept API keys"
./bin/aispm query --config "$dir/aispm.spc" --where public_network_access=true --where auth_mode=key_and_entra_id \
  --columns cloud,scope,name,url aispm_endpoint
echo
echo "== Scopes tried (aispm_scope_status)"
./bin/aispm query --config "$dir/aispm.spc" --columns cloud,scope,service,table_name,status aispm_scope_status
