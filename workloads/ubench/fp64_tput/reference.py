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
for iters in (64, 128):
    x = [(k + 1) * B for k in range(32)]  # 2 b exact; k b one rounded multiply
    for _ in range(iters):
        x = [fma64(v, A, B) for v in x]
    s = 0.0
    for v in x:
        s = s + v
    print("iters", iters, "sink", repr(s))
