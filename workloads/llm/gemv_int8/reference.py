#!/usr/bin/env python3
"""CPU reference for gemv_int8: y[n] = scale[n] * sum_k W8[n][k] x[k], W8 int8, x f16, scale f32.

Repeats the kernel's arithmetic in its order (gemv_int8.ptx) with ../../common/fp.py: lane l of
row n's warp accumulates the 16-byte chunks l, l + 32, ... of W8 (16 products each, fma.rn in
order; int8 -> f32 is exact), the __shfl_xor_sync butterfly adds the lanes, and lane 0 multiplies
by scale[n] (mul.rn). All of it is IEEE, so y is bit-exact (tolerance 0).

Usage: reference.py           writes y.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports (the exact sum of
                              scale[n] * dot(W8[n], x), streamed: 16 M weights; about a minute)
Inputs as in the manifests: W8 (N x K) random integers in [-127, 127] (seed 341), scale random in
[0.005, 0.02] rounded to binary32 (seed 342), x random in [-1, 1] rounded to binary16 (seed 343).
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from fp import add32, f16, f32, fma32, mul32  # noqa: E402
from reference import MT19937_64, random_floats, random_ints, write  # noqa: E402

SMALL = (64, 1024)     # N, K
LARGE = (4096, 4096)


def inputs_small(n_rows, k):
    scale = [f32(v) for v in random_floats(342, n_rows, 0.005, 0.02)]
    x = [f16(v) for v in random_floats(343, k, -1.0, 1.0)]
    return scale, x


def gemv(n_rows, k):
    w = random_ints(341, n_rows * k, -127, 127)
    scale, x = inputs_small(n_rows, k)
    y = []
    for n in range(n_rows):
        row = w[n * k:(n + 1) * k]
        lanes = []
        for lane in range(32):
            acc = 0.0
            for c in range(lane * 16, k, 512):
                for i in range(c, c + 16):
                    acc = fma32(float(row[i]), x[i], acc)
            lanes.append(acc)
        for o in (16, 8, 4, 2, 1):
            lanes = [add32(lanes[l], lanes[l ^ o]) for l in range(32)]
        y.append(mul32(scale[n], lanes[0]))
    return y


def large_sum(n_rows, k):
    """sum_n scale[n] * dot(W8[n], x), exactly, W8 streamed from its generator."""
    scale, x = inputs_small(n_rows, k)
    rng = MT19937_64(341)
    terms = []
    for n in range(n_rows):
        dot = math.fsum((-127 + rng() % 255) * xi for xi in x)
        terms.append(scale[n] * dot)
    return math.fsum(terms)


if __name__ == "__main__":
    if "--large" in sys.argv:
        print("y_sum", repr(large_sum(*LARGE)))
    else:
        write(os.path.join(HERE, "y.expected.bin"), "f", gemv(*SMALL))
