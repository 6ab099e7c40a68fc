#!/usr/bin/env python3
"""Reference for l1_bw: every thread's sum (sink*.expected.bin, u32 per thread). Thread t of a
block reads words of uint4 elements t, t + B, ..., once to warm up and then `passes` times, and
adds all their words mod 2^32; every block reads the same array.

Usage: reference.py   (sizes as in manifest.yaml and manifest_large.yaml; data: u32 random
                       in [0, 2^32 - 1], seed 201)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from reference import random_ints, write  # noqa: E402

M32 = 0xFFFFFFFF
N_VEC, BLOCK = 2048, 512
words = random_ints(201, 4 * N_VEC, 0, M32)
per_thread = [sum(words[4 * i + j] for i in range(t, N_VEC, BLOCK) for j in range(4)) for t in range(BLOCK)]
for grid, passes, name in ((2, 64, "sink.expected.bin"), (80, 256, "sink_large.expected.bin")):
    write(os.path.join(HERE, name), "I", [(s * (passes + 1)) & M32 for s in per_thread] * grid)
