#!/usr/bin/env python3
"""CPU reference for gemm_async: C = A B with A, B in binary16 and C in binary32.

Products of halves are exact; the reference sums them exactly (math.fsum) and rounds once, as
../../tensor_gemm/reference.py does (the tensor cores' summation order is not specified; the
manifest's tolerance covers any order for K = 352 terms of |a b| <= 1).

Usage: reference.py           writes C.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
                              (the exact C_sum; 18 M inputs in pure Python: a few minutes)
Inputs as in the manifests: A (M x K) and B (K x N) row-major, random in [-1, 1] rounded to
binary16 (seeds 201 and 202).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from gemm_reference import exact_c_sum, exact_gemm, half_inputs  # noqa: E402
from reference import write  # noqa: E402


if __name__ == "__main__":
    if "--large" in sys.argv:
        m, n, k = 512, 4096, 4096
        print("C_sum", repr(exact_c_sum(*half_inputs(201, 202, m, n, k), m, n, k)))
    else:
        m, n, k = 128, 128, 352
        write(os.path.join(HERE, "C.expected.bin"), "f", exact_gemm(*half_inputs(201, 202, m, n, k), m, n, k))
