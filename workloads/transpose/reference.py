#!/usr/bin/env python3
"""CPU reference for transpose: out = in^T (a copy: exact, tolerance 0).

Usage: reference.py           writes out.expected.bin for manifest.yaml (all three kernels
                              must produce it)
       reference.py --large   prints what manifest_large.yaml reports
Input as in the manifests: rows x cols random f32 in [-1, 1], seed 31.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def transpose(rows, cols):
    a = [f32(v) for v in random_floats(31, rows * cols, -1.0, 1.0)]
    return [a[r * cols + c] for c in range(cols) for r in range(rows)]


if __name__ == "__main__":
    if "--large" in sys.argv:
        out = transpose(2048, 2048)
        s = 0.0
        for v in out:
            s += v
        print("out_sum", repr(s), "out[1]", repr(out[1]))
    else:
        write(os.path.join(HERE, "out.expected.bin"), "f", transpose(192, 256))
