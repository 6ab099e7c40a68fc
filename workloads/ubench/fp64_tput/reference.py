#!/usr/bin/env python3
"""Reference for fp64_tput: as fp32_tput in binary64 (fp.fma64: one rounding); prints the
sink value for the manifests' `expect: sink: {fill: ...}`.

Usage: reference.py   (a = 0.999, b = 0.001; iters as in manifest.yaml and manifest_large.yaml)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "common"))
from fp import fma64  # noqa: E402

A, B = 0.999, 0.001
for iters in (128, 512):
    x = [(k + 1) * B for k in range(8)]  # 2 b exact; k b one rounded multiply
    for _ in range(iters):
        x = [fma64(v, A, B) for v in x]
    s = ((x[0] + x[1]) + (x[2] + x[3])) + ((x[4] + x[5]) + (x[6] + x[7]))
    print("iters", iters, "sink", repr(s))
