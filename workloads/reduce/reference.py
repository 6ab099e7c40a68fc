#!/usr/bin/env python3
"""CPU reference for reduce: per-CTA u32 sums (mod 2^32) of 256-element blocks.

Usage: reference.py N OUT   (input as in the manifests: u32 random in [0, 1000000], seed 7).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from reference import random_ints, write  # noqa: E402

n, out = int(sys.argv[1]), sys.argv[2]
block = 256
data = random_ints(7, n, 0, 1000000)
ctas = (n + block - 1) // block
write(out, "I", [sum(data[c * block:(c + 1) * block]) & 0xFFFFFFFF for c in range(ctas)])
