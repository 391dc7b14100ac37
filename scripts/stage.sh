#!/usr/bin/env bash
# stage.sh NAME COMMAND...: runs one stage of the build, printing its name
# and, when it ends, how long it took and whether it passed. STAGE_OK lists
# exit codes that are not failures (default "0"; Powerpipe's 1 means alarms).
set -uo pipefail
name=$1; shift
echo "==> $name" >&2
start=$(date +%s.%N)
"$@"
rc=$?
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
if [ "$rc" -eq 0 ]; then
  echo "<== $name: ${secs} s" >&2
elif [[ " ${STAGE_OK:-0} " == *" $rc "* ]]; then
  echo "<== $name: ${secs} s (exit $rc)" >&2
else
  echo "<== $name: FAILED (exit $rc) after ${secs} s" >&2
fi
exit "$rc"
