#!/usr/bin/env bash
# Simulation speed and memory, single thread on the `v100` preset (DESIGN.md §8): runs every
# workloads/*/manifest_large.yaml and prints warp instructions per second of wall time, simulated
# cycles per second and peak RSS, then the median warp-inst/s (the speed target is >= 1 M).
#
#   scripts/bench.sh [-c PRESET] [WORKLOAD_DIR...]      default: every workload with a large manifest
#
# A benchmark, not a test: numbers depend on the machine. Results go to build/bench.db.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=v100
if [[ ${1:-} == -c ]]; then
  preset=$2
  shift 2
fi

scripts/setup.sh time >&2   # GNU time reports peak RSS
scripts/build.sh release warpsim >&2
warpsim=build/release/sim/cli/warpsim
db=build/bench.db
rm -f "$db" "$db-wal" "$db-shm"

if [[ $# -gt 0 ]]; then
  manifests=()
  for d in "$@"; do manifests+=("$d/manifest_large.yaml"); done
else
  manifests=(workloads/*/manifest_large.yaml)
fi

results=$(mktemp)
trap 'rm -f "$results"' EXIT
printf '%-28s %14s %12s %9s %14s %12s %10s\n' workload warp_insts cycles wall_s warp-inst/s cycles/s peak_RSS
for m in "${manifests[@]}"; do
  out=$(/usr/bin/time -f 'RSS_KB %M' "$warpsim" run "$m" -c "$preset" --db "$db" --json 2>&1)
  json=$(grep '^{' <<<"$out")
  rss_kb=$(sed -n 's/^RSS_KB //p' <<<"$out")
  python3 - "$m" "$rss_kb" "$json" "$results" <<'PY'
import json, sys
name, rss_kb, summary, results = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
wips = summary["warp_insts_per_second"]
print("%-28s %14d %12d %9.2f %14.0f %12.0f %7.0f MB" % (
    name.split("/")[1], summary["warp_insts"], summary["cycles"], summary["wall_seconds"], wips,
    summary["cycles_per_second"], rss_kb / 1024.0))
with open(results, "a") as f:
    f.write("%f\n" % wips)
PY
done
python3 - "$results" <<'PY'
import statistics, sys
values = [float(v) for v in open(sys.argv[1]) if v.strip()]
print("median warp-inst/s over %d workloads: %.0f" % (len(values), statistics.median(values)))
PY
