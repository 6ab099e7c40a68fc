#!/usr/bin/env python3
"""CPU reference for gemm_async: C = A B with A, B in binary16 and C in binary32.

Products of halves are exact; the reference sums them exactly (math.fsum) and rounds once, as
../../tensor_gemm/reference.py does (the tensor cores' summation order is not specified; the
manifest's tolerance covers any order for K = 128 terms of |a b| <= 1).

Usage: reference.py           writes C.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
Inputs as in the manifests: A (M x K) and B (K x N) row-major, random in [-1, 1] rounded to
binary16 (seeds 201 and 202).
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from fp import f16, f32  # noqa: E402
from reference import random_floats, write  # noqa: E402


def inputs(m, n, k):
    a = [f16(v) for v in random_floats(201, m * k, -1.0, 1.0)]
    b = [f16(v) for v in random_floats(202, k * n, -1.0, 1.0)]
    return a, b


def gemm(m, n, k):
    a, b = inputs(m, n, k)
    cols = [b[j::n] for j in range(n)]
    return [f32(math.fsum(x * y for x, y in zip(a[i * k:(i + 1) * k], cols[j]))) for i in range(m) for j in range(n)]


if __name__ == "__main__":
    if "--large" in sys.argv:
        m, n, k = 512, 1024, 1024
        a, b = inputs(m, n, k)
        colsum_a = [math.fsum(a[i * k + kk] for i in range(m)) for kk in range(k)]
        rowsum_b = [math.fsum(b[kk * n:(kk + 1) * n]) for kk in range(k)]
        print("C_sum", repr(math.fsum(x * y for x, y in zip(colsum_a, rowsum_b))))
    else:
        write(os.path.join(HERE, "C.expected.bin"), "f", gemm(64, 64, 128))
