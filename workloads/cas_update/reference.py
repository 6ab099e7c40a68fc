#!/usr/bin/env python3
"""CPU reference for cas_update (integers and float max: exact whatever the order, tolerance 0).

keyed_max: out[k] = max of vals[i] over keys[i] == k (-inf for a key nobody hit).
list_push + list_walk: whatever order the CAS pushes won in, the list holds each node once, so
the walk finds (count, sum, sum of squares) = (n, sum i, sum i^2) mod 2^32.

Usage: reference.py           writes out.expected.bin and walk.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
Inputs as in the manifests: keys u32 random in [0, 63] (seed 111), vals f32 random in
[-1000, 1000] (seed 112).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32  # noqa: E402
from reference import random_floats, random_ints, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
M = 0xFFFFFFFF


def keyed_max(n, nkeys=64):
    keys = random_ints(111, n, 0, nkeys - 1)
    vals = [f32(v) for v in random_floats(112, n, -1000.0, 1000.0)]
    out = [float("-inf")] * nkeys
    for k, v in zip(keys, vals):
        out[k] = max(out[k], v)
    return out


def walk(n):
    return [n & M, sum(range(n)) & M, sum(i * i for i in range(n)) & M]


if __name__ == "__main__":
    if "--large" in sys.argv:
        out = keyed_max(8388608)
        s = 0.0
        for v in out:
            s += v
        print("max_sum", repr(s), "walk", walk(8192))
    else:
        write(os.path.join(HERE, "out.expected.bin"), "f", keyed_max(65536))
        write(os.path.join(HERE, "walk.expected.bin"), "I", walk(4096))
