#!/usr/bin/env python3
"""CPU reference for gemv_f16: y[n] = sum_k W[n][k] x[k], f16 inputs, f32 accumulation.

Repeats the kernel's arithmetic in its order (gemv_f16.ptx) with ../../common/fp.py: lane l of
row n's warp accumulates the 16-byte chunks l, l + 32, ... (8 products each, fma.rn in order),
then the __shfl_xor_sync butterfly adds the lanes. All of it is IEEE, so y is bit-exact
(tolerance 0).

Usage: reference.py           writes y.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports (the exact sum of y,
                              streamed: 16 M weights; about a minute)
Inputs as in the manifests: W (N x K) random in [-1, 1] (seed 331), x random in [-1, 1]
(seed 332), rounded to binary16.
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from fp import add32, f16, fma32  # noqa: E402
from reference import MT19937_64, random_floats, write  # noqa: E402

SMALL = (64, 2304)     # N, K
LARGE = (4096, 4096)


def gemv(n_rows, k):
    w = [f16(v) for v in random_floats(331, n_rows * k, -1.0, 1.0)]
    x = [f16(v) for v in random_floats(332, k, -1.0, 1.0)]
    y = []
    for n in range(n_rows):
        row = w[n * k:(n + 1) * k]
        lanes = []
        for lane in range(32):
            acc = 0.0
            for c in range(lane * 8, k, 256):
                for i in range(c, c + 8):
                    acc = fma32(row[i], x[i], acc)
            lanes.append(acc)
        for o in (16, 8, 4, 2, 1):
            lanes = [add32(lanes[l], lanes[l ^ o]) for l in range(32)]
        y.append(lanes[0])
    return y


def large_sum(n_rows, k):
    """sum_n y[n] exactly: sum_k x[k] * (column sum k of W), W streamed from its generator."""
    x = [f16(v) for v in random_floats(332, k, -1.0, 1.0)]
    rng = MT19937_64(331)
    cols = [[] for _ in range(k)]
    colsum = [0.0] * k
    for n in range(n_rows):
        for i in range(k):
            cols[i].append(f16(-1.0 + 2.0 * (rng() >> 11) * 2.0**-53))
        if n % 256 == 255:  # keep the partial sums exact, the lists short
            for i in range(k):
                colsum[i] = math.fsum([colsum[i]] + cols[i])
                cols[i] = []
    return math.fsum(xi * s for xi, s in zip(x, colsum))


if __name__ == "__main__":
    if "--large" in sys.argv:
        print("y_sum", repr(large_sum(*LARGE)))
    else:
        write(os.path.join(HERE, "y.expected.bin"), "f", gemv(*SMALL))
