#!/usr/bin/env python3
"""Reference for fp32_tput: every thread computes the same 32 chains x_k = fma(x_k, a, b) from
x_k = (k + 1) b, then 0 + x0 + x1 + ... + x31 left to right (as fp32_tput.ptx does); prints that
value for the manifests' `expect: sink: {fill: ...}` (exact binary32 emulation).

Usage: reference.py   (a = 0.999, b = 0.001; iters as in manifest.yaml, manifest_large.yaml and
manifest_unroll4.yaml)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "common"))
from fp import f32, fma32  # noqa: E402

A, B = f32(0.999), f32(0.001)
for iters in (128, 256, 512):
    x = [f32((k + 1) * B) for k in range(32)]  # one rounded multiply each (2 b: an exact add)
    for _ in range(iters):
        x = [fma32(v, A, B) for v in x]
    s = 0.0
    for v in x:
        s = f32(s + v)
    print("iters", iters, "sink", repr(s))
