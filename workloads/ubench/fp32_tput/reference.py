#!/usr/bin/env python3
"""Reference for fp32_tput: every thread computes the same 8 chains x_k = fma(x_k, a, b) from
x_k = (k + 1) b, then ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)); prints that value for
the manifests' `expect: sink: {fill: ...}` (exact binary32 emulation).

Usage: reference.py   (a = 0.999, b = 0.001; iters as in manifest.yaml and manifest_large.yaml)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "common"))
from fp import f32, fma32  # noqa: E402

A, B = f32(0.999), f32(0.001)
for iters in (256, 1024):
    x = [f32((k + 1) * B) if k != 0 else B for k in range(8)]  # 2 b is an exact add; k b a rounded multiply
    for _ in range(iters):
        x = [fma32(v, A, B) for v in x]
    s = f32(f32(f32(x[0] + x[1]) + f32(x[2] + x[3])) + f32(f32(x[4] + x[5]) + f32(x[6] + x[7])))
    print("iters", iters, "sink", repr(s))
