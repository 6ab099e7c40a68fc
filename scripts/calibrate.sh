#!/usr/bin/env bash
# Calibration report (DESIGN.md §8): runs the microbenchmarks of workloads/ubench on a preset
# (v100 by default), turns the raw totals their manifests report (location `workload` in the
# SQLite DB) into cycles per access, bytes per cycle, FLOP per cycle, ..., and prints them next to
# the hardware targets and tolerances of ../shared/reference/v100.md with PASS / FAIL.
#
#   scripts/calibrate.sh [--large] [--strict] [-c PRESET]... [--set K=V]... [UBENCH...]
#     --large    run manifest_large.yaml (bigger footprints, all 80 SMs) instead of manifest.yaml
#     --strict   exit 1 when a target is missed (default: report only, exit 0)
#     -c, --set  passed to `warpsim run` (default -c v100)
#     UBENCH     names under workloads/ubench (default: all)
#
# Results go to build/calibrate.db, or $CALIBRATE_DB (runs named calibrate:<ubench>). Conventions of the reports
# (workloads/ubench/common/ubench.cuh): <x>_cycles / <x>_count = cycles per operation;
# <x>_bytes / <x>_cycles = bytes per cycle (per SM when every block ran alone on its SM);
# <x>_bytes / (<x>_end - <x>_start) = bytes per cycle of the whole chip.
set -euo pipefail
cd "$(dirname "$0")/.."

large=0
strict=0
configs=()
sets=()
names=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --large) large=1 ;;
    --strict) strict=1 ;;
    -c | --config) configs+=(-c "$2"); shift ;;
    --set) sets+=(--set "$2"); shift ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "calibrate: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1") ;;
  esac
  shift
done
[[ ${#configs[@]} -eq 0 ]] && configs=(-c v100)
if [[ ${#names[@]} -eq 0 ]]; then
  for d in workloads/ubench/*/; do
    n=$(basename "$d")
    [[ -f $d/manifest.yaml ]] && names+=("$n")
  done
fi

# WARPSIM names an already built binary (CTest passes its own); otherwise the Release build is made.
if [[ -n ${WARPSIM:-} ]]; then
  warpsim=$WARPSIM
else
  scripts/build.sh release warpsim >&2
  warpsim=build/release/sim/cli/warpsim
fi
db=${CALIBRATE_DB:-build/calibrate.db}
manifest=manifest.yaml
[[ $large == 1 ]] && manifest=manifest_large.yaml

runs=()
for n in "${names[@]}"; do
  m=workloads/ubench/$n/$manifest
  [[ -f $m ]] || { echo "calibrate: no $m" >&2; exit 2; }
  echo "calibrate: $n ($manifest)" >&2
  # A failed functional check (exit 1) still leaves a run with status check_failed: report it.
  json=$("$warpsim" run "$m" "${configs[@]}" ${sets[@]+"${sets[@]}"} --db "$db" --name "calibrate:$n" --json |
    grep '^{' || true)
  if [[ -z $json ]]; then
    echo "calibrate: $n did not run" >&2
    exit 3
  fi
  runs+=("$n=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["run_id"])' "$json")")
done

python3 - "$db" "$strict" "${runs[@]}" <<'PY'
import json
import os
import sqlite3
import sys

db, strict, runs = sys.argv[1], sys.argv[2] == "1", [r.split("=", 1) for r in sys.argv[3:]]
con = sqlite3.connect(db)

# Targets from ../shared/reference/v100.md §2-3: (low, high) of the hardware figure, and the
# tolerance around it: ("rel", f) = +-f of the figure (of the range's ends), ("abs", a) = +-a.
# "Exact" integer latencies accept +-0.25 cycle: the loop around each 128-instruction chain adds
# a few cycles per 128 (< 0.1 cycle per instruction).
EXACT = ("abs", 0.25)
LAT = "cycles/op"


def dram_standard(cfg):
    """The preset's DRAM standard table (models/presets/dram/NAME.yaml), as a dict."""
    path = os.path.join("models", "presets", "dram", cfg["dram"]["standard"] + ".yaml")
    table = {}
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if ":" in line:
            k, v = (x.strip() for x in line.split(":", 1))
            table[k] = v
    return table


def dram_peak_gbs(cfg):
    """Peak DRAM bandwidth of the modelled chip: channels x bus width x beats per clock x clock."""
    std = dram_standard(cfg)
    mhz = cfg["clocks"]["dram_mhz"] or int(std["clock_mhz"])  # 0: the standard's own clock
    return cfg["dram"]["channels"] * int(std["bus_bytes"]) * int(std["beats_per_clock"]) * mhz * 1e6 / 1e9


def l2_peak_bytes_per_clk(cfg):
    """Peak L2 bandwidth in core cycles: every slice returns one 32 B sector per L2 cycle."""
    slices = cfg["dram"]["channels"] * cfg["l2"]["subpartitions"]
    return slices * cfg["l2"]["sector_bytes"] * cfg["clocks"]["l2_mhz"] / cfg["clocks"]["core_mhz"]


def metrics(name, c, cfg):
    """(label, value, unit, (lo, hi), tolerance, note) rows for one microbenchmark's counters."""
    sms = cfg["gpu"]["num_sms"]
    mhz = cfg["clocks"]["core_mhz"]

    def per(a, b):
        return c[a] / c[b] if c.get(b) else float("nan")

    def span(k):
        return c[k + "_end"] - c[k + "_start"]

    rows = []
    if name == "l1_lat":
        rows.append(("L1 hit latency", per("l1_cycles", "l1_count"), LAT, (28, 34), ("rel", 0.10), "pointer chase, ld.global.ca"))
    elif name == "shared_lat":
        rows.append(("shared load latency, pure chain", per("shared_pure_cycles", "shared_pure_count"), LAT, (19, 19), ("rel", 0.10), ""))
        rows.append(("shared load latency, j = b[j]", per("shared_index_cycles", "shared_index_count"), LAT, (27, 27), ("rel", 0.10), "with address arithmetic"))
    elif name == "l2_lat":
        rows.append(("L2 hit latency", per("l2_cycles", "l2_count"), LAT, (193, 215), ("rel", 0.10), "pointer chase, ld.global.cg"))
    elif name == "dram_lat_seq":
        rows.append(("DRAM latency, sequential 32 B", per("dram_cycles", "dram_count"), LAT, (313, 313), ("rel", 0.15), ""))
    elif name == "dram_lat_rand":
        rows.append(("DRAM latency, random 64 B", per("dram_cycles", "dram_count"), LAT, (408, 437), ("rel", 0.15), ""))
    elif name == "atomic_lat":
        rows.append(("global atomicAdd latency", per("atomic_global_cycles", "atomic_global_count"), LAT, (244, 244), ("rel", 0.15), ""))
        rows.append(("shared atomicAdd latency", per("atomic_shared_cycles", "atomic_shared_count"), LAT, None, None, "no target"))
    elif name == "alu_lat":
        table = [("ffma", 4, EXACT), ("fadd", 4, EXACT), ("fmul", 4, EXACT), ("iadd", 4, EXACT), ("imad", 4, EXACT),
                 ("lop", 4, EXACT), ("hadd2", 6, EXACT), ("hfma2", 6, EXACT), ("dadd", 8, EXACT), ("dmul", 8, EXACT),
                 ("dfma", 8, EXACT), ("sin", 8, ("rel", 0.10)), ("ex2", 16, ("rel", 0.10)),
                 ("rsqrt", 18, ("rel", 0.10)), ("sqrt", 18, ("rel", 0.10)), ("rcp", 23, ("rel", 0.10))]
        for op, t, tol in table:
            if op + "_cycles" in c:
                rows.append(("%s dependent chain" % op.upper(), per(op + "_cycles", op + "_count"), LAT, (t, t), tol, ""))
        # The same chain in a rolled loop (8 per iteration): the hardware runs it at the unrolled
        # chain's rate because ptxas schedules the loop counter into the chain's shadow.
        if "ffma_rolled_cycles" in c:
            rows.append(("FFMA rolled loop", per("ffma_rolled_cycles", "ffma_rolled_count"), LAT, (4, 4), ("rel", 0.10),
                         "8 per iteration"))
    elif name == "l1_bw":
        rows.append(("L1 load bandwidth", per("l1_bw_bytes", "l1_bw_cycles"), "B/clk/SM", (126, 126), ("rel", 0.05), ""))
    elif name == "shared_bw":
        rows.append(("shared bandwidth, 32-bit", per("shared_bw32_bytes", "shared_bw32_cycles"), "B/clk/SM", (126.5, 126.5), ("rel", 0.05), ""))
        rows.append(("shared bandwidth, 64-bit", per("shared_bw64_bytes", "shared_bw64_cycles"), "B/clk/SM", (127.9, 127.9), ("rel", 0.05), ""))
    elif name == "shared_conflict":
        base = c["s1_cycles"]
        rows.append(("shared conflict-free load", per("s1_cycles", "shared_conflict_count"), "cycles/warp load", None, None, "reference for the ratios"))
        for n, t in ((2, 2.0), (4, 4.15), (8, 8.4), (16, 16.9), (32, None)):
            rows.append(("%d-way bank conflict" % n, c["s%d_cycles" % n] / base, "x conflict-free",
                         (t, t) if t else None, ("rel", 0.10) if t else None, "" if t else "no target"))
    elif name == "l2_bw":
        # V100: ~1.77 KB/clk = 86.4 % of 64 slices x 32 B [M]; judged as that share of this preset's peak.
        peak = l2_peak_bytes_per_clk(cfg)
        bw = c["l2_bw_bytes"] / span("l2_bw")
        rows.append(("L2 bandwidth", 100.0 * bw / peak, "%% of %.0f B/clk" % peak, (86.4, 86.4), ("rel", 0.10),
                     "%.0f B/clk, 4 MB footprint" % bw))
    elif name == "dram_bw":
        # V100 measured 866 / 895 / 802-814 GB/s of a 900 GB/s peak [M][V]: judged as the same share
        # of this preset's modelled peak (channels x bus x beats x DRAM clock).
        peak = dram_peak_gbs(cfg)
        for k, lo, hi in (("read", 866, 866), ("write", 895, 895), ("copy", 802, 814), ("triad", 802, 814)):
            gbs = c[k + "_bytes"] / span(k) * mhz * 1e6 / 1e9
            rows.append(("DRAM %s" % k, 100.0 * gbs / peak, "%% of %.0f GB/s" % peak, (100.0 * lo / 900, 100.0 * hi / 900),
                         ("rel", 0.05), "%.0f GB/s" % gbs))
    elif name == "fp32_tput":
        rows.append(("FP32 FFMA throughput", per("fp32_flops", "fp32_cycles"), "FLOP/clk/SM", (126.9, 126.9), ("rel", 0.03), ""))
    elif name == "fp64_tput":
        rows.append(("FP64 DFMA throughput", per("fp64_flops", "fp64_cycles"), "FLOP/clk/SM", (63.9, 63.9), ("rel", 0.03), ""))
    elif name == "tensor_tput":
        rows.append(("tensor FP16/FP32 throughput", per("tensor_fmas", "tensor_cycles"), "FMA/clk/SM", (478, 478), ("rel", 0.05), ""))
    elif name == "launch_overhead":
        v = (c["launch_last"] - c["launch_first"]) / (c["launch_count"] - 1)
        rows.append(("kernel launch overhead", v, "cycles/launch", (7258, 7258), ("rel", 0.20), "start to start"))
    else:
        rows.append((name, float("nan"), "", None, None, "no calibration rule"))
    del sms
    return rows


def judge(value, target, tol):
    if target is None:
        return "-", ""
    lo, hi = target
    if tol[0] == "rel":
        lo_ok, hi_ok = lo * (1 - tol[1]), hi * (1 + tol[1])
        tol_text = "+-%g%%" % (100 * tol[1])
    else:
        lo_ok, hi_ok = lo - tol[1], hi + tol[1]
        tol_text = "+-%g" % tol[1]
    target_text = ("%.4g" % lo if lo == hi else "%.4g-%.4g" % (lo, hi)) + " " + tol_text
    ok = lo_ok <= value <= hi_ok
    return ("PASS" if ok else "FAIL"), target_text


fails = 0
header = "%-34s %12s  %-16s %-22s %-5s  %s" % ("microbenchmark", "measured", "unit", "V100 target", "", "note")
print(header)
print("-" * len(header))
for name, run_id in runs:
    row = con.execute("select config_json, status from runs where run_id = ?", (run_id,)).fetchone()
    cfg, status = json.loads(row[0]), row[1]
    c = dict(con.execute("select name, value from counters where run_id = ? and location = 'workload' and kernel_seq = 0",
                         (run_id,)).fetchall())
    if status != "ok":
        print("%-34s %12s  run %s status %s" % (name, "-", run_id, status))
        fails += 1
        continue
    try:
        rows = metrics(name, c, cfg)
    except (KeyError, ZeroDivisionError) as e:
        print("%-34s %12s  missing or zero counter %s (run %s)" % (name, "-", e, run_id))
        fails += 1
        continue
    for label, value, unit, target, tol, note in rows:
        verdict, target_text = judge(value, target, tol)
        fails += verdict == "FAIL"
        print("%-34s %12.2f  %-16s %-22s %-5s  %s" % (label, value, unit, target_text, verdict, note))
print("-" * len(header))
print("%d target(s) missed; runs in %s (names calibrate:<ubench>)" % (fails, db))
sys.exit(1 if strict and fails else 0)
PY
