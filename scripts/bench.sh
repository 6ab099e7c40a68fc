#!/usr/bin/env bash
# Simulation speed and memory, single thread on the `v100` preset (DESIGN.md §8): runs every
# workloads/*/manifest_large.yaml and prints warp instructions per second of wall time, simulated
# cycles per second and peak RSS, then the median warp-inst/s (the speed target is >= 1 M).
# Then, in a section of their own that the median leaves out, the large-model kernels
# (workloads/llm/*/manifest_large.yaml, model scale: issue 11) with the same columns. The two
# decoder-layer manifests (layer_prefill, layer_decode) take tens of minutes each, so they run only
# with WARPSIM_BENCH_LLM_LAYERS=1 (or when named); the section says which it skipped.
#
#   scripts/bench.sh [-c PRESET] [WORKLOAD_DIR...]      default: every workload with a large manifest
#     WORKLOAD_DIR under workloads/llm/ goes to the large-model section, any other to the first;
#     naming any runs only those (no trace replay).
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

manifests=()      # the DESIGN.md §8 set: its median is the speed figure
llm_manifests=()  # workloads/llm: a section of their own, outside the median
llm_skipped=()
if [[ $# -gt 0 ]]; then
  for d in "$@"; do
    d=${d%/}
    if [[ $d == workloads/llm/* || $d == */workloads/llm/* ]]; then
      llm_manifests+=("$d/manifest_large.yaml")
    else
      manifests+=("$d/manifest_large.yaml")
    fi
  done
else
  manifests=(workloads/*/manifest_large.yaml)
  for m in workloads/llm/*/manifest_large.yaml; do
    case $m in
      workloads/llm/layer_prefill/* | workloads/llm/layer_decode/*)
        if [[ ${WARPSIM_BENCH_LLM_LAYERS:-0} == 1 ]]; then llm_manifests+=("$m"); else llm_skipped+=("$m"); fi ;;
      *) llm_manifests+=("$m") ;;
    esac
  done
fi

results=$(mktemp)
trap 'rm -f "$results"' EXIT
# One row per manifest (its name: the path between workloads/ and /manifest_large.yaml); its
# warp-inst/s is appended to the file $2 when one is given.
bench_rows() {
  local collect=$1
  shift
  printf '%-28s %14s %12s %9s %14s %12s %10s\n' workload warp_insts cycles wall_s warp-inst/s cycles/s peak_RSS
  for m in "$@"; do
    out=$(/usr/bin/time -f 'RSS_KB %M' "$warpsim" run "$m" -c "$preset" --db "$db" --json 2>&1)
    json=$(grep '^{' <<<"$out")
    rss_kb=$(sed -n 's/^RSS_KB //p' <<<"$out")
    python3 - "$m" "$rss_kb" "$json" "$collect" <<'PY'
import json, sys
name, rss_kb, summary, results = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
wips = summary["warp_insts_per_second"]
name = name.split("workloads/", 1)[-1].rsplit("/manifest_large.yaml", 1)[0]
print("%-28s %14d %12d %9.2f %14.0f %12.0f %7.0f MB" % (
    name, summary["warp_insts"], summary["cycles"], summary["wall_seconds"], wips,
    summary["cycles_per_second"], rss_kb / 1024.0))
if results:
    with open(results, "a") as f:
        f.write("%f\n" % wips)
PY
  done
}

if ((${#manifests[@]})); then
  bench_rows "$results" "${manifests[@]}"
  python3 - "$results" <<'PY'
import statistics, sys
values = [float(v) for v in open(sys.argv[1]) if v.strip()]
print("median warp-inst/s over %d workloads: %.0f" % (len(values), statistics.median(values)))
PY
fi

if ((${#llm_manifests[@]} + ${#llm_skipped[@]})); then
  printf '\nlarge-model workloads (workloads/llm, model scale; not in the median above)\n'
  ((${#llm_manifests[@]})) && bench_rows "" "${llm_manifests[@]}"
  for m in "${llm_skipped[@]}"; do
    echo "skipped ${m%/manifest_large.yaml} (a run of tens of minutes): WARPSIM_BENCH_LLM_LAYERS=1 runs it"
  done
fi

# Trace replay on the speed anchor of DESIGN.md §8: Accel-Sim (GPGPU-Sim 4.2, QV100) took 8.2 s
# on `gen_traceg.py --kind vecadd --ctas 1280` and 18.9 s on `--kind ffma --ctas 1280`. Each trace
# is replayed as Accel-Sim text, as .xz, and converted to our native format.
# WARPSIM_BENCH_BIG_CTAS=28000 adds a ~2 GB text trace (RSS must stay < 300 MB).
gen=../shared/tools/gen_traceg.py
if [[ -f $gen && $# -eq 0 ]]; then
  traces=build/bench-traces
  mkdir -p "$traces"
  declare -A anchor=([vecadd]=8.2 [ffma]=18.9)
  kinds=("vecadd:1280" "ffma:1280")
  [[ -n ${WARPSIM_BENCH_BIG_CTAS:-} ]] && kinds+=("ffma:$WARPSIM_BENCH_BIG_CTAS")
  printf '\n%-28s %14s %12s %9s %14s %10s %12s\n' trace warp_insts cycles process_s warp-inst/s peak_RSS vs_Accel-Sim
  for kc in "${kinds[@]}"; do
    kind=${kc%%:*} ctas=${kc##*:}
    dir=$traces/$kind-$ctas
    if [[ ! -f $dir/kernelslist.g ]]; then
      python3 "$gen" --kind "$kind" --ctas "$ctas" "$dir" >/dev/null
      python3 -c "import lzma,shutil,sys; shutil.copyfileobj(open(sys.argv[1],'rb'), lzma.open(sys.argv[1]+'.xz','wb'))" \
        "$dir/kernel-1.traceg"
      mkdir -p "$dir/xz" && sed 's/\.traceg$/.traceg.xz/' "$dir/kernelslist.g" >"$dir/xz/kernelslist.g"
      mv "$dir/kernel-1.traceg.xz" "$dir/xz/"
    fi
    # A native trace written by an older build (another WarpInst layout, format version) is
    # refused by this one: convert again.
    if ! "$warpsim" trace info "$dir/native.wtr" >/dev/null 2>&1; then
      "$warpsim" trace convert "$dir" -o "$dir/native.wtr" >/dev/null
    fi
    for form in text xz native; do
      case $form in text) input=$dir ;; xz) input=$dir/xz ;; native) input=$dir/native.wtr ;; esac
      # Accel-Sim's times are whole processes (start-up, reading, simulating, writing results), so
      # ours are too: best of 3, timed around the process.
      best=""
      for _ in 1 2 3; do
        t0=$EPOCHREALTIME
        out=$(/usr/bin/time -f 'RSS_KB %M' "$warpsim" run "$input" -c "$preset" --db "$db" --json 2>&1)
        t1=$EPOCHREALTIME
        wall=$(python3 -c "print($t1 - $t0)")
        if [[ -z $best ]] || python3 -c "import sys; sys.exit(0 if $wall < $best else 1)"; then best=$wall; fi
      done
      json=$(grep '^{' <<<"$out")
      rss_kb=$(sed -n 's/^RSS_KB //p' <<<"$out")
      python3 - "$kind-$ctas ($form)" "$rss_kb" "$json" "${anchor[$kind]}" "$ctas" "$best" <<'PY'
import json, sys
name, rss_kb, s, anchor, ctas, wall = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), float(sys.argv[4]), sys.argv[5], float(sys.argv[6])
ratio = ("%.1fx" % (anchor / wall)) if ctas == "1280" else "-"
print("%-28s %14d %12d %9.3f %14.0f %7.0f MB %12s" % (name, s["warp_insts"], s["cycles"], wall,
      s["warp_insts"] / wall, rss_kb / 1024.0, ratio))
PY
    done
  done
fi
