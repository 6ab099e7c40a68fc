#!/usr/bin/env python3
"""CPU reference for sgemm: C = alpha * A B + beta * C, repeating sgemm.cu's operation order.

Each C element is a chain of fma.rn.f32 over k = 0, 1, ..., K-1 (nvcc contracts
acc += As[ty][k] * Bs[k][tx]; the zero padding of partial tiles only adds exact zeros), then
fma(acc, alpha, beta * C). fp.fma32 rounds like the GPU, so the result is bit-exact; the
manifest's tolerance allows a different accumulation order (`--check` measures how far the
kernel's order is from the exact product).

Usage: reference.py           writes C.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports, in exact arithmetic
                              (sum_ij C = alpha sum_k colsum(A)_k rowsum(B)_k + beta sum C)
       reference.py --check   kernel order vs exact (binary64 fsum) result
Inputs as in the manifests: A, B, C random f32 in [-1, 1], seeds 21, 22, 23.
"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32, fma32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ALPHA, BETA = 1.5, 0.5


def inputs(m, n, k):
    a = [f32(v) for v in random_floats(21, m * k, -1.0, 1.0)]
    b = [f32(v) for v in random_floats(22, k * n, -1.0, 1.0)]
    c = [f32(v) for v in random_floats(23, m * n, -1.0, 1.0)]
    return a, b, c


def sgemm(m, n, k, exact=False):
    a, b, c = inputs(m, n, k)
    out = []
    for i in range(m):
        row = a[i * k:(i + 1) * k]
        for j in range(n):
            col = b[j::n]
            if exact:
                out.append(ALPHA * math.fsum(x * y for x, y in zip(row, col)) + BETA * c[i * n + j])
                continue
            acc = 0.0
            for x, y in zip(row, col):
                acc = fma32(x, y, acc)
            out.append(fma32(acc, ALPHA, f32(BETA * c[i * n + j])))
    return out


if __name__ == "__main__":
    if "--large" in sys.argv:
        m = n = k = 512
        a, b, c = inputs(m, n, k)
        colsum_a = [math.fsum(a[i * k + kk] for i in range(m)) for kk in range(k)]
        rowsum_b = [math.fsum(b[kk * n:(kk + 1) * n]) for kk in range(k)]
        print("C_sum", repr(ALPHA * math.fsum(x * y for x, y in zip(colsum_a, rowsum_b)) + BETA * math.fsum(c)))
    elif "--check" in sys.argv:
        got, exact = sgemm(100, 72, 120), sgemm(100, 72, 120, exact=True)
        print("max |kernel order - exact| = %g, max |C| = %g" % (max(abs(x - y) for x, y in zip(got, exact)),
                                                                max(abs(x) for x in exact)))
    else:
        write(os.path.join(HERE, "C.expected.bin"), "f", sgemm(100, 72, 120))
