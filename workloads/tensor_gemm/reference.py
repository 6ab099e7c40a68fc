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
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from gemm_reference import exact_c_sum, exact_gemm, half_inputs  # noqa: E402
from reference import write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


if __name__ == "__main__":
    if "--large" in sys.argv:
        m, n, k = 2048, 2048, 512
        print("C_sum", repr(exact_c_sum(*half_inputs(101, 102, m, n, k), m, n, k)))
    else:
        m, n, k = 128, 128, 256
        write(os.path.join(HERE, "C.expected.bin"), "f", exact_gemm(*half_inputs(101, 102, m, n, k), m, n, k))
