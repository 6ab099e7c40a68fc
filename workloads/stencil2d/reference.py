#!/usr/bin/env python3
"""CPU reference for stencil2d: Jacobi sweeps of the 5-point stencil, in stencil5's exact order:
out = fma(c, c0, c1 * (((w + e) + n) + s)) inside, out = in on the boundary (nvcc's contraction,
read off stencil2d.ptx). Every step is an IEEE binary32 operation emulated exactly, so the result
is bit-exact; the tolerance allows for a compiler that contracts differently (values stay in
[-1, 1], a different rounding per sweep moves them by ~1e-7 per step).

Usage: reference.py           writes a.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports (a few minutes)
Input as in the manifests: nx x ny random f32 in [-1, 1], seed 51; c0 = 0.5, c1 = 0.125.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32, fma32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
C0, C1 = 0.5, 0.125


def sweep(a, nx, ny):
    out = list(a)  # boundary copied
    for y in range(1, ny - 1):
        for x in range(1, nx - 1):
            i = y * nx + x
            s = f32(f32(f32(a[i - 1] + a[i + 1]) + a[i - nx]) + a[i + nx])
            out[i] = fma32(a[i], C0, f32(s * C1))
    return out


def stencil(nx, ny, iters):
    a = [f32(v) for v in random_floats(51, nx * ny, -1.0, 1.0)]
    for _ in range(iters):
        a = sweep(a, nx, ny)
    return a


if __name__ == "__main__":
    if "--large" in sys.argv:
        s = 0.0
        for v in stencil(2048, 1024, 6):
            s += v
        print("a_sum", repr(s))
    else:
        write(os.path.join(HERE, "a.expected.bin"), "f", stencil(256, 128, 4))
