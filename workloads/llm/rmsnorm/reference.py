#!/usr/bin/env python3
"""CPU reference for rmsnorm: y = f16(x * rsqrt(mean(x^2) + eps) * w), f16 in/out, f32 math.

Repeats the kernel's arithmetic in its order (rmsnorm.ptx), rounding like the GPU (../../common/
fp.py): each thread's fma chain of squares over its 16-byte chunks, the __shfl_xor_sync butterfly
of every warp, warp 0's butterfly over the warp sums, div.rn by hidden, add.rn of eps. The one
step that is not IEEE is rsqrt.approx.f32 (MUFU.RSQ, ~2 ulp on hardware); the reference takes the
correctly rounded 1/sqrt, so a kernel's f32 y can differ by a few f32 ulp and its f16 rounding by
one f16 ulp near a midpoint (the manifests' tolerance).

Usage: reference.py           writes y.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
Inputs as in the manifests: x random in [-2, 2] (seed 301), w random in [0.5, 1.5] (seed 302),
both rounded to binary16; eps = 1e-5 rounded to binary32.
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from fp import f16  # noqa: E402
from layer_reference import rmsnorm as rmsnorm_rows  # noqa: E402  (the kernel's arithmetic)
from reference import random_floats, write  # noqa: E402

SMALL = (4, 1024, 128)      # rows, hidden, blockDim.x
LARGE = (512, 4096, 256)


def rmsnorm(rows, hidden, block):
    x = [f16(v) for v in random_floats(301, rows * hidden, -2.0, 2.0)]
    w = [f16(v) for v in random_floats(302, hidden, 0.5, 1.5)]
    return rmsnorm_rows(x, w, rows, hidden, block)


if __name__ == "__main__":
    if "--large" in sys.argv:
        y = rmsnorm(*LARGE)
        print("y_sum", repr(math.fsum(y)), "max |y|", max(abs(v) for v in y))
    else:
        y = rmsnorm(*SMALL)
        print("max |y|", max(abs(v) for v in y))
        write(os.path.join(HERE, "y.expected.bin"), "e", y)
