#!/usr/bin/env python3
"""CPU reference for scan: the exclusive prefix sum of the input, modulo 2^32 (integer addition
is associative, so any correct scan gives exactly these values: tolerance 0).

Usage: reference.py           writes out.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
Input as in the manifests: u32 random in [0, 1000], seed 9.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from reference import random_ints, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def exclusive_scan(n):
    out, acc = [], 0
    for v in random_ints(9, n, 0, 1000):
        out.append(acc)
        acc = (acc + v) & 0xFFFFFFFF
    return out, acc


if __name__ == "__main__":
    if "--large" in sys.argv:
        out, total = exclusive_scan(4500000)
        s = 0.0
        for v in out:
            s += v
        print("last", out[-1], "out_sum", repr(s))
    else:
        write(os.path.join(HERE, "out.expected.bin"), "I", exclusive_scan(60000)[0])
