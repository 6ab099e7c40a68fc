#!/usr/bin/env python3
"""CPU reference for tensor_gemm: C = A B with A, B in binary16 and C in binary32.

Products of halves are exact; the order and intermediate precision of a tensor core's sums are
not specified (Volta's truncate), so the reference sums exactly (math.fsum) and rounds once,
and the tolerance covers any accumulation order: K = 256 terms of |a b| <= 1, i.e. up to ~256
roundings of a partial sum |s| <= ~16 (ulp 2e-6) in the worst case; measured with the sequential
fp32 order of ../common/ptx_emu.py the error is far smaller (see the manifest).

Usage: reference.py           writes C.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
Inputs as in the manifests: A (M x K) and B (K x N) row-major, random in [-1, 1] rounded to
binary16 (seeds 101 and 102).
"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f16, f32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def inputs(m, n, k):
    a = [f16(v) for v in random_floats(101, m * k, -1.0, 1.0)]
    b = [f16(v) for v in random_floats(102, k * n, -1.0, 1.0)]
    return a, b


def gemm(m, n, k):
    a, b = inputs(m, n, k)
    cols = [b[j::n] for j in range(n)]
    return [f32(math.fsum(x * y for x, y in zip(a[i * k:(i + 1) * k], cols[j]))) for i in range(m) for j in range(n)]


if __name__ == "__main__":
    if "--large" in sys.argv:
        m, n, k = 2048, 2048, 512
        a, b = inputs(m, n, k)
        colsum_a = [math.fsum(a[i * k + kk] for i in range(m)) for kk in range(k)]
        rowsum_b = [math.fsum(b[kk * n:(kk + 1) * n]) for kk in range(k)]
        print("C_sum", repr(math.fsum(x * y for x, y in zip(colsum_a, rowsum_b))))
    else:
        write(os.path.join(HERE, "C.expected.bin"), "f", gemm(128, 128, 256))
