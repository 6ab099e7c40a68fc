#!/usr/bin/env python3
"""Reference for shared_bw: every thread's sums (sink32*/sink64*.expected.bin, u32 per thread).
Thread t reads words t + k B, k = 0..7, `passes` times; shared_bw32's words hold their
index i, shared_bw64's hold (2i + 1) << 32 | 2i, summed in 64 bits and folded to 32.

Usage: reference.py   (sizes as in manifest.yaml and manifest_large.yaml)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from reference import write  # noqa: E402

M32, M64, B = 0xFFFFFFFF, (1 << 64) - 1, 512


def sums(grid, passes):
    s32, s64 = [], []
    for t in range(B):
        idx = [t + k * B for k in range(8)]
        s32.append((passes * sum(idx)) & M32)
        acc = (passes * sum(((2 * i + 1) << 32) | (2 * i) for i in idx)) & M64
        s64.append(((acc & M32) + (acc >> 32)) & M32)
    return s32 * grid, s64 * grid


for grid, passes, suffix in ((2, 256, ""), (80, 1024, "_large")):
    s32, s64 = sums(grid, passes)
    write(os.path.join(HERE, "sink32%s.expected.bin" % suffix), "I", s32)
    write(os.path.join(HERE, "sink64%s.expected.bin" % suffix), "I", s64)
