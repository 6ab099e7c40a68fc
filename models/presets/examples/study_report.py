#!/usr/bin/env python3
"""The design study's table (README "Designing the next chip") from a database the study sweeps
(study-*.yaml here) recorded into:

    python3 models/presets/examples/study_report.py study.db [--csv]

One row per design point and phase (prefill, decode at batch 1, decode at batch 16), all from the
counters, over the layer's kernels (launch gaps left out: they are the same on every design):
  kernel_cyc   sum of the layer's kernels' cycles (kernels.cycles)
  us           the same in microseconds at the design's core clock
  tensor       tensor-pipe utilisation: busy_tensor over every scheduler's kernel cycles
  issued, mem, pipe, dep, bar, idle
               the stall breakdown (location gpu, kernel_seq 0: each scheduler cycle in one
               category), as shares of the scheduler cycles of the whole run
  l2_hit       L2 hit rate (location l2, the whole run)
  dram_GB/s    DRAM bytes over the kernels' time
  of_peak      that against the DRAM standard's peak: channels x bus bytes x beats per clock x
               DRAM clock (models/presets/dram/<standard>.yaml, clocks.dram_mhz when set)
Points are named by what differs from their design's baseline (the first point of the sweep
named as the design, e.g. "train" for "train" and "train-dram"): the first such key and how many
more ("+3").
"""
import json
import os
import sqlite3
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DRAM_DIR = os.path.join(HERE, "..", "dram")
# The study's manifests and the phase each runs.
PHASES = [("layer_prefill/manifest_study.yaml", "prefill"), ("layer_decode/manifest_study_b1.yaml", "decode b1"),
          ("layer_decode/manifest_study_b16.yaml", "decode b16")]
STALLS = ["issued", "stall_mem", "stall_pipe", "stall_dep", "stall_barrier", "idle"]


def flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flat(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def dram_peak_gbps(cfg):
    std = yaml.safe_load(open(os.path.join(DRAM_DIR, cfg["dram.standard"] + ".yaml")))
    mhz = cfg["clocks.dram_mhz"] or std["clock_mhz"]
    return cfg["dram.channels"] * std["bus_bytes"] * std["beats_per_clock"] * mhz / 1000.0


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: study_report.py DB [--csv]")
    db = sqlite3.connect(sys.argv[1])
    csv = "--csv" in sys.argv[2:]

    def value(run_id, location, name):
        row = db.execute("select value from counters where run_id=? and kernel_seq=0 and location=? and name=?",
                         (run_id, location, name)).fetchone()
        return row[0] if row else 0.0

    runs = db.execute("select run_id, name, workload, config_json from runs where status='ok' and name like '%:%' "
                      "order by run_id").fetchall()
    if not runs:
        sys.exit("study_report: no sweep runs in " + sys.argv[1])
    # The baseline of each design: the config of the first point of the sweep named as the design.
    base = {}
    rows = []
    for run_id, name, workload, config_json in runs:
        sweep, point = name.split(":", 1)
        cfg = flat(json.loads(config_json))
        phase = next((label for path, label in PHASES if workload.endswith(path)), os.path.basename(workload))
        if sweep not in base and "-" not in sweep:
            base[sweep] = cfg
        kernel_cycles = db.execute("select sum(cycles) from kernels where run_id=?", (run_id,)).fetchone()[0]
        scheds = cfg["gpu.num_sms"] * cfg["core.num_schedulers"]
        busy_tensor = db.execute("select sum(value) from counters where run_id=? and kernel_seq=0 and "
                                 "location like 'sm[%].sched[%]' and name='busy_tensor'", (run_id,)).fetchone()[0] or 0
        stalls = {s: value(run_id, "gpu", s) for s in STALLS}
        total = sum(stalls.values()) or 1.0
        us = kernel_cycles / cfg["clocks.core_mhz"]
        gbps = value(run_id, "dram", "bytes") / (us * 1000.0)
        peak = dram_peak_gbps(cfg)
        rows.append({
            "sweep": sweep, "point": point, "cfg": cfg, "phase": phase, "kernel_cyc": kernel_cycles, "us": us,
            "tensor": busy_tensor / (scheds * kernel_cycles),
            **{s.replace("stall_", ""): stalls[s] / total for s in STALLS},
            "l2_hit": value(run_id, "l2", "hit_rate"), "dram_GB/s": gbps, "peak": peak, "of_peak": gbps / peak,
        })

    # Name each point by the parameters that differ from its design's baseline.
    def label(r):
        design = r["sweep"].split("-")[0]
        ref = base.get(design)
        keys = [kv.split("=", 1)[0] for kv in r["point"].split(",")]
        diff = [k for k in keys if ref is None or ref.get(k) != r["cfg"].get(k)]
        if not diff:
            return design + ": baseline"
        more = " (+%d)" % (len(diff) - 1) if len(diff) > 1 else ""
        return "%s: %s=%s%s" % (design, diff[0], r["cfg"][diff[0]], more)

    cols = ["kernel_cyc", "us", "tensor", "issued", "mem", "pipe", "dep", "barrier", "idle", "l2_hit", "dram_GB/s",
            "peak", "of_peak"]
    if csv:
        print("design,phase," + ",".join(cols))
        for r in rows:
            print('"%s",%s,%s' % (label(r), r["phase"], ",".join("%.4g" % r[c] for c in cols)))
        return
    print("%-40s %-10s %10s %8s %6s %6s %5s %5s %5s %5s %5s %6s %8s %6s %6s" % (
        "design", "phase", "kernel_cyc", "us", "tensor", "issued", "mem", "pipe", "dep", "bar", "idle", "l2_hit",
        "dram_GB/s", "peak", "of_pk"))
    for r in rows:
        print("%-40s %-10s %10d %8.1f %5.1f%% %5.1f%% %4.0f%% %4.0f%% %4.0f%% %4.0f%% %4.0f%% %5.1f%% %8.0f %6.0f %5.1f%%" % (
            label(r), r["phase"], r["kernel_cyc"], r["us"], 100 * r["tensor"], 100 * r["issued"], 100 * r["mem"],
            100 * r["pipe"], 100 * r["dep"], 100 * r["barrier"], 100 * r["idle"], 100 * r["l2_hit"], r["dram_GB/s"],
            r["peak"], 100 * r["of_peak"]))


if __name__ == "__main__":
    main()
