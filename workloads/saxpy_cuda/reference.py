#!/usr/bin/env python3
"""CPU reference for saxpy_cuda: y = fmaf(a, x, y) in binary32 (nvcc contracts a*x + y into one
fma.rn.f32; fma32 rounds it exactly once, so the expected output is bit-exact).

Usage: reference.py           writes y.expected.bin for manifest.yaml
       reference.py --large   prints the y_sum that manifest_large.yaml reports
Inputs as in the manifests (the same as workloads/saxpy): x random f32 in [-1, 1] seed 1,
y filled with 2.0, a = 2.5.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32, fma32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def saxpy(n, launches=1):
    x = [f32(v) for v in random_floats(1, n, -1.0, 1.0)]
    y = [2.0] * n
    for _ in range(launches):
        y = [fma32(2.5, xi, yi) for xi, yi in zip(x, y)]
    return y


if __name__ == "__main__":
    if "--large" in sys.argv:
        total = 0.0
        for v in saxpy(4194304, 8):  # the simulator reduces in binary64, in index order
            total += v
        print("y_sum", repr(total))
    else:
        write(os.path.join(HERE, "y.expected.bin"), "f", saxpy(262144))
