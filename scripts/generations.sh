#!/usr/bin/env bash
# Generations side by side (issue 12): runs the microbenchmarks that models/presets/calibration/
# generations.yaml names on every preset it names (through scripts/calibrate.sh --json, each with
# the manifest its preset's target table names: dram_bw on 64 MB arrays with a full grid on every
# chip) and prints each simulated generation-to-generation ratio next to the published one with
# PASS / FAIL.
#
#   scripts/generations.sh [--strict] [ROW...]
#     --strict   exit 1 when a ratio is missed (default: report only, exit 0)
#     ROW        rows of generations.yaml, or prefixes of them ("fp32_tput", "l2_bw a100/v100");
#                default: every row
#
# WARPSIM names an already built binary (as for calibrate.sh); runs go to $CALIBRATE_DB or
# build/generations.db.
set -euo pipefail
cd "$(dirname "$0")/.."

strict=0
wanted=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --strict) strict=1 ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "generations: unknown option $1" >&2; exit 2 ;;
    *) wanted+=("$1") ;;
  esac
  shift
done
table=models/presets/calibration/generations.yaml
export CALIBRATE_DB=${CALIBRATE_DB:-build/generations.db}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Which (preset, microbenchmark) pairs the chosen rows need, one "preset ubench" per line.
python3 - "$table" "$work/rows" ${wanted[@]+"${wanted[@]}"} >"$work/needs" <<'PY'
import sys, yaml
table, rows_out, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
ratios = yaml.safe_load(open(table))["ratios"]
rows = [k for k in ratios if not wanted or any(k.startswith(w) for w in wanted)]
if not rows:
    raise SystemExit("generations: no row of %s matches %s" % (table, " ".join(wanted)))
open(rows_out, "w").write("\n".join(rows) + "\n")
needs = sorted({(p, ratios[k]["row"].split(".")[0]) for k in rows for p in ratios[k]["of"]})
print("\n".join("%s %s" % n for n in needs))
PY
mapfile -t rows <"$work/rows"

for preset in $(cut -d' ' -f1 "$work/needs" | sort -u); do
  mapfile -t ubenches < <(awk -v p="$preset" '$1 == p { print $2 }' "$work/needs")
  scripts/calibrate.sh -c "$preset" --json "$work/$preset.json" "${ubenches[@]}" >&2
done

python3 - "$table" "$strict" "$work" "${rows[@]}" <<'PY'
import glob, json, os, sys, yaml
table_path, strict, work, rows = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4:]
ratios = yaml.safe_load(open(table_path))["ratios"]
measured = {}
for path in glob.glob(os.path.join(work, "*.json")):
    preset = os.path.basename(path).split(".")[0]
    measured.setdefault(preset, {}).update(json.load(open(path)))
fails = 0
header = "%-26s %10s %10s %8s  %-18s %-5s  %s" % ("ratio", "newer", "older", "ratio", "published", "", "source")
print(header)
print("-" * len(header))
for key in rows:
    r = ratios[key]
    newer, older = r["of"]
    a, b = measured[newer][r["row"]]["value"], measured[older][r["row"]]["value"]
    ratio = a / b
    lo, hi = (r["value"], r["value"]) if not isinstance(r["value"], list) else r["value"]
    tol = float(str(r["tol"]).rstrip("%")) / 100
    ok = lo * (1 - tol) <= ratio <= hi * (1 + tol)
    fails += not ok
    target = ("%.3g" % lo if lo == hi else "%.3g-%.3g" % (lo, hi)) + " +-%g%%" % (100 * tol)
    unit = measured[newer][r["row"]]["unit"]
    print("%-26s %10.1f %10.1f %8.3f  %-18s %-5s  %s (%s)" % (key, a, b, ratio, target, "PASS" if ok else "FAIL",
                                                          r["source"], unit))
print("-" * len(header))
print("%d ratio(s) missed" % fails)
sys.exit(1 if strict and fails else 0)
PY
