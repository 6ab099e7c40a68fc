"""The exact GEMM the tensor-core workloads are checked against (tensor_gemm, llm/gemm_async).

A (M x K) and B (K x N) are row-major, random in [-1, 1] rounded to binary16. Products of
halves are exact; each C element is their exact sum (math.fsum) rounded once to binary32, since
a tensor core's summation order is not specified.
"""
import math

from fp import f16, f32
from reference import random_floats


def half_inputs(seed_a, seed_b, m, n, k):
    a = [f16(v) for v in random_floats(seed_a, m * k, -1.0, 1.0)]
    b = [f16(v) for v in random_floats(seed_b, k * n, -1.0, 1.0)]
    return a, b


def exact_gemm(a, b, m, n, k):
    cols = [b[j::n] for j in range(n)]
    return [f32(math.fsum(x * y for x, y in zip(a[i * k:(i + 1) * k], cols[j]))) for i in range(m) for j in range(n)]


def exact_c_sum(a, b, m, n, k):
    """The exact sum of every element of C = A B: sum_k (column sum of A)(row sum of B)."""
    colsum_a = [math.fsum(a[i * k + kk] for i in range(m)) for kk in range(k)]
    rowsum_b = [math.fsum(b[kk * n:(kk + 1) * n]) for kk in range(k)]
    return math.fsum(x * y for x, y in zip(colsum_a, rowsum_b))
