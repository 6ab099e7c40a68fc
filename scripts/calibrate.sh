#!/usr/bin/env bash
# Calibration report (DESIGN.md §8): runs the microbenchmarks of workloads/ubench on a preset
# (v100 by default), turns the raw totals their manifests report (location `workload` in the
# SQLite DB) into cycles per access, bytes per cycle, FLOP per cycle, ..., and prints them next to
# the preset's hardware targets and tolerances with PASS / FAIL.
#
#   scripts/calibrate.sh [--large] [--strict] [--json FILE] [-c PRESET]... [--set K=V]... [--targets FILE] [UBENCH...]
#     --large    run manifest_large.yaml (bigger footprints, all SMs) instead of manifest.yaml
#     --strict   exit 1 when a target is missed (default: report only, exit 0)
#     --json     also write every measured figure to FILE: {"<row>": {"value": v, "unit": u}}, in
#                the microbenchmark's own unit (GB/s, B/clk, FLOP/clk/SM, ...), not as a share of peak
#     -c, --set  passed to `warpsim run` (default -c v100)
#     --targets  the target table (default: models/presets/calibration/P.yaml for the last -c P,
#                or for the preset it inherits from, and so on)
#     UBENCH     names under workloads/ubench (default: those the target table has rows for)
#
# The targets are data, one table per preset (models/presets/calibration/*.yaml: each row a
# figure with its value or range, tolerance and source, or "–" where no hardware number exists).
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
targets=
json_out=
while [[ $# -gt 0 ]]; do
  case $1 in
    --large) large=1 ;;
    --strict) strict=1 ;;
    -c | --config) configs+=(-c "$2"); shift ;;
    --set) sets+=(--set "$2"); shift ;;
    --targets) targets=$2; shift ;;
    --json) json_out=$2; shift ;;
    -h | --help) sed -n '2,23p' "$0"; exit 0 ;;
    -*) echo "calibrate: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1") ;;
  esac
  shift
done
[[ ${#configs[@]} -eq 0 ]] && configs=(-c v100)

# The target table: that of the last -c preset, else of the preset it inherits, and so on.
if [[ -z $targets ]]; then
  p=${configs[-1]}
  while :; do
    stem=$(basename "$p" .yaml)
    if [[ -f models/presets/calibration/$stem.yaml ]]; then
      targets=models/presets/calibration/$stem.yaml
      break
    fi
    file=$p
    [[ -f $file ]] || file=models/presets/$stem.yaml
    p=$( { grep -m1 '^inherit:' "$file" 2>/dev/null || true; } | sed 's/^inherit:[[:space:]]*//; s/[[:space:]]*#.*//; s/"//g')
    if [[ -z $p ]]; then
      echo "calibrate: no target table for ${configs[-1]} (models/presets/calibration/); use --targets FILE" >&2
      exit 2
    fi
    [[ $p == /* || -f $p ]] || [[ ! -f $(dirname "$file")/$p ]] || p=$(dirname "$file")/$p
  done
fi
[[ -f $targets ]] || { echo "calibrate: no target table $targets" >&2; exit 2; }
# Default: every microbenchmark the table has a row for (rows "<ubench>" or "<ubench>.<part>").
if [[ ${#names[@]} -eq 0 ]]; then
  mapfile -t names < <(python3 -c '
import sys, yaml
print("\n".join(sorted({k.split(".")[0] for k in yaml.safe_load(open(sys.argv[1]))["targets"]})))' "$targets")
  for n in "${names[@]}"; do
    [[ -f workloads/ubench/$n/manifest.yaml ]] || { echo "calibrate: $targets names $n, which is not in workloads/ubench" >&2; exit 2; }
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

# A table may name the manifest a microbenchmark runs with on its chip (`manifest:` in its rows,
# e.g. a flush larger than the chip's L2); --large still picks manifest_large.yaml.
declare -A row_manifest=()
while IFS='=' read -r n m; do
  [[ -n $n ]] && row_manifest[$n]=$m
done < <(python3 -c '
import sys, yaml
for k, v in yaml.safe_load(open(sys.argv[1]))["targets"].items():
    if isinstance(v, dict) and "manifest" in v:
        print("%s=%s" % (k.split(".")[0], v["manifest"]))' "$targets")

runs=()
for n in "${names[@]}"; do
  m=workloads/ubench/$n/$manifest
  [[ $large == 0 && -n ${row_manifest[$n]:-} ]] && m=workloads/ubench/$n/${row_manifest[$n]}
  [[ -f $m ]] || { echo "calibrate: no $m" >&2; exit 2; }
  echo "calibrate: $n ($(basename "$m"))" >&2
  # A failed functional check (exit 1) still leaves a run with status check_failed: report it.
  json=$("$warpsim" run "$m" "${configs[@]}" ${sets[@]+"${sets[@]}"} --db "$db" --name "calibrate:$n" --json |
    grep '^{' || true)
  if [[ -z $json ]]; then
    echo "calibrate: $n did not run" >&2
    exit 3
  fi
  runs+=("$n=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["run_id"])' "$json")")
done

python3 - "$db" "$strict" "$targets" "$json_out" "${runs[@]}" <<'PY'
import json
import os
import sqlite3
import sys

import yaml

db, strict, table_path, json_out = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4]
runs = [r.split("=", 1) for r in sys.argv[5:]]
measured = {}
con = sqlite3.connect(db)

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
    """Peak L2 bandwidth in core cycles: every slice looks up l2.tag_accesses_per_cycle accesses of
    one 32 B sector each per L2 cycle."""
    slices = cfg["dram"]["channels"] * cfg["l2"]["subpartitions"]
    per_slice = cfg["l2"]["sector_bytes"] * cfg["l2"]["tag_accesses_per_cycle"]
    return slices * per_slice * cfg["clocks"]["l2_mhz"] / cfg["clocks"]["core_mhz"]


def metrics(name, c, cfg):
    """(key, label, value, unit, note, peak) rows for one microbenchmark's counters. The key names
    the row of the preset's target table; peak (with its unit) is the modelled peak for rows a
    table may judge as a share of it."""
    mhz = cfg["clocks"]["core_mhz"]

    def per(a, b):
        return c[a] / c[b] if c.get(b) else float("nan")

    def span(k):
        return c[k + "_end"] - c[k + "_start"]

    rows = []
    if name == "l1_lat":
        rows.append(("l1_lat", "L1 hit latency", per("l1_cycles", "l1_count"), LAT, "pointer chase, ld.global.ca", None))
    elif name == "shared_lat":
        rows.append(("shared_lat.pure", "shared load latency, pure chain", per("shared_pure_cycles", "shared_pure_count"), LAT, "", None))
        rows.append(("shared_lat.index", "shared load latency, j = b[j]", per("shared_index_cycles", "shared_index_count"), LAT,
                     "with address arithmetic", None))
    elif name == "l2_lat":
        rows.append(("l2_lat", "L2 hit latency", per("l2_cycles", "l2_count"), LAT, "pointer chase, ld.global.cg", None))
    elif name == "l2_lat_far":
        rows.append(("l2_lat_far", "L2 latency, beyond one partition", per("l2_cycles", "l2_count"), LAT, "32 MB chase, ld.global.cg",
                     None))
    elif name == "dram_lat_seq":
        rows.append(("dram_lat_seq", "DRAM latency, sequential 32 B", per("dram_cycles", "dram_count"), LAT, "", None))
    elif name == "dram_lat_rand":
        rows.append(("dram_lat_rand", "DRAM latency, random 64 B", per("dram_cycles", "dram_count"), LAT, "", None))
    elif name == "atomic_lat":
        rows.append(("atomic_lat.global", "global atomicAdd latency", per("atomic_global_cycles", "atomic_global_count"), LAT, "", None))
        rows.append(("atomic_lat.shared", "shared atomicAdd latency", per("atomic_shared_cycles", "atomic_shared_count"), LAT, "", None))
    elif name == "alu_lat":
        for op in ("ffma", "fadd", "fmul", "iadd", "imad", "lop", "hadd2", "hfma2", "dadd", "dmul", "dfma", "sin", "ex2",
                   "rsqrt", "sqrt", "rcp"):
            if op + "_cycles" in c:
                rows.append(("alu_lat." + op, "%s dependent chain" % op.upper(), per(op + "_cycles", op + "_count"), LAT, "", None))
        # The same chain in a rolled loop (8 per iteration).
        if "ffma_rolled_cycles" in c:
            rows.append(("alu_lat.ffma_rolled", "FFMA rolled loop", per("ffma_rolled_cycles", "ffma_rolled_count"), LAT,
                         "8 per iteration", None))
    elif name == "l1_bw":
        rows.append(("l1_bw", "L1 load bandwidth", per("l1_bw_bytes", "l1_bw_cycles"), "B/clk/SM", "", None))
    elif name == "shared_bw":
        rows.append(("shared_bw.32", "shared bandwidth, 32-bit", per("shared_bw32_bytes", "shared_bw32_cycles"), "B/clk/SM", "", None))
        rows.append(("shared_bw.64", "shared bandwidth, 64-bit", per("shared_bw64_bytes", "shared_bw64_cycles"), "B/clk/SM", "", None))
    elif name == "shared_conflict":
        base = c["s1_cycles"]
        rows.append(("shared_conflict.1", "shared conflict-free load", per("s1_cycles", "shared_conflict_count"), "cycles/warp load",
                     "reference for the ratios", None))
        for n in (2, 4, 8, 16, 32):
            rows.append(("shared_conflict.%d" % n, "%d-way bank conflict" % n, c["s%d_cycles" % n] / base, "x conflict-free", "", None))
    elif name == "l2_bw":
        rows.append(("l2_bw", "L2 bandwidth", c["l2_bw_bytes"] / span("l2_bw"), "B/clk", "4 MB footprint",
                     (l2_peak_bytes_per_clk(cfg), "B/clk")))
    elif name == "dram_bw":
        # Judged as a share of this preset's modelled peak (channels x bus x beats x DRAM clock).
        for k in ("read", "write", "copy", "triad"):
            gbs = c[k + "_bytes"] / span(k) * mhz * 1e6 / 1e9
            rows.append(("dram_bw." + k, "DRAM %s" % k, gbs, "GB/s", "", (dram_peak_gbs(cfg), "GB/s")))
    elif name == "fp32_tput":
        rows.append(("fp32_tput", "FP32 FFMA throughput", per("fp32_flops", "fp32_cycles"), "FLOP/clk/SM", "", None))
    elif name == "fp64_tput":
        rows.append(("fp64_tput", "FP64 DFMA throughput", per("fp64_flops", "fp64_cycles"), "FLOP/clk/SM", "", None))
    elif name == "tensor_tput":
        rows.append(("tensor_tput", "tensor FP16/FP32 throughput", per("tensor_fmas", "tensor_cycles"), "FMA/clk/SM", "", None))
    elif name == "launch_overhead":
        v = (c["launch_last"] - c["launch_first"]) / (c["launch_count"] - 1)
        rows.append(("launch_overhead", "kernel launch overhead", v, "cycles/launch", "start to start", None))
    else:
        rows.append((name, name, float("nan"), "", "no calibration rule", None))
    return rows


def parse_tol(t):
    if isinstance(t, str) and t.endswith("%"):
        return ("rel", float(t[:-1]) / 100)
    return ("abs", float(t))


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


def apply_target(key, label, value, unit, note, peak, table):
    """The printed (label, value, unit, target, tolerance, note) of one computed row, as the
    preset's table says it is judged."""
    row = table["targets"].get(key)
    if row is None:
        return label, value, unit, None, None, (note + "; " if note else "") + "no row in " + table_path
    if row.get("share"):
        if peak is None:
            raise SystemExit("calibrate: %s: %s cannot be judged as a share of a peak" % (table_path, key))
        if note == "":
            note = "%.0f %s" % (value, unit)
        else:
            note = "%.0f %s, %s" % (value, unit, note)
        value, unit = 100.0 * value / peak[0], "%% of %.0f %s" % peak
    elif peak is not None:
        note = ("%s, " % note if note else "") + "%.1f %% of %.0f %s" % (100.0 * value / peak[0], peak[0], peak[1])
    v = row.get("value")
    if v is None or isinstance(v, str):  # "–": no hardware number
        return label, value, unit, None, None, note if note else "no target"
    lo, hi = (float(v[0]), float(v[1])) if isinstance(v, list) else (float(v), float(v))
    if "of_peak" in row:
        lo, hi = 100.0 * lo / float(row["of_peak"]), 100.0 * hi / float(row["of_peak"])
    return label, value, unit, (lo, hi), parse_tol(row["tol"]), note


table = yaml.safe_load(open(table_path))
fails = 0
header = "%-34s %12s  %-16s %-22s %-5s  %s" % ("microbenchmark", "measured", "unit", table["name"] + " target", "", "note")
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
    for key, label, value, unit, note, peak in rows:
        measured[key] = {"value": value, "unit": unit}
        label, value, unit, target, tol, note = apply_target(key, label, value, unit, note, peak, table)
        verdict, target_text = judge(value, target, tol)
        fails += verdict == "FAIL"
        print("%-34s %12.2f  %-16s %-22s %-5s  %s" % (label, value, unit, target_text, verdict, note))
print("-" * len(header))
print("%d target(s) missed; runs in %s (names calibrate:<ubench>)" % (fails, db))
if json_out:
    with open(json_out, "w") as f:
        json.dump(measured, f, indent=1, sort_keys=True)
sys.exit(1 if strict and fails else 0)
PY
