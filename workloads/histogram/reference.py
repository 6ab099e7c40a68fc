#!/usr/bin/env python3
"""CPU reference for histogram: counts of each byte value (integers: exact, tolerance 0).

Usage: reference.py           writes bins.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports (about a minute)
Input as in the manifests: u8 random in [0, 255], seed 41.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from reference import random_ints, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def histogram(n):
    bins = [0] * 256
    for v in random_ints(41, n, 0, 255):
        bins[v] += 1
    return bins


if __name__ == "__main__":
    if "--large" in sys.argv:
        bins = histogram(1 << 26)
        print("bins_min", min(bins), "bins_max", max(bins), "bins[0]", bins[0])
    else:
        write(os.path.join(HERE, "bins.expected.bin"), "I", histogram(500000))
