#!/usr/bin/env python3
"""CPU reference for branchy: capped Collatz steps with a nested branch (see branchy.s).

Usage: reference.py N OUT   (input as in the manifests: u32 random in [0, 10000], seed 3).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from reference import random_ints, write  # noqa: E402

M = 0xFFFFFFFF


def branchy(x):
    if x == 0:
        return M
    steps = acc = 0
    while x > 1 and steps < 100:
        if x & 1:
            x = (3 * x + 1) & M
            if x & 2:
                acc = (acc + x) & M
            else:
                acc = acc ^ x
        else:
            x = x >> 1
        steps += 1
    return (steps << 16) | (acc & 0xFFFF)


n, out = int(sys.argv[1]), sys.argv[2]
write(out, "I", [branchy(x) for x in random_ints(3, n, 0, 10000)])
