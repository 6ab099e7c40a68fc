#!/usr/bin/env python3
"""CPU reference for silu_mul: out = f16(f16(silu(gate)) * up), silu(g) = g / (1 + e^-g) in f32.

The kernel computes silu with libdevice's expf (a range reduction around ex2.approx.ftz, within
2 ulp; nvcc fuses the `1 +` into its last fma) and div.rn, rounds it to f16, and multiplies by up
in f16 (mul.rn.f16x2: the exact product rounded once). The reference takes 1 + e^-g exactly,
rounded once to binary32, then the same div.rn, f16 roundings and f16 product (../../common/fp.py).
Only the expf differs, by a few f32 ulp; that can move silu's f16 rounding by one f16 ulp near a
midpoint, and the product by that times |up| plus one more f16 ulp of the output (the manifest's
tolerance).

Usage: reference.py           writes out.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
Inputs as in the manifests: x[tokens][2 d] (gate | up per row) random in [-4, 4] rounded to
binary16 (seed 321).
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from fp import div32, f16, f32  # noqa: E402
from reference import random_floats, write  # noqa: E402

SMALL = (4, 1376)      # tokens, d
LARGE = (512, 2752)


def silu_mul(tokens, d):
    x = [f16(v) for v in random_floats(321, tokens * 2 * d, -4.0, 4.0)]
    out = []
    for t in range(tokens):
        row = x[t * 2 * d:(t + 1) * 2 * d]
        for g, u in zip(row[:d], row[d:]):
            s = f16(div32(g, f32(1.0 + math.exp(-g))))
            out.append(f16(s * u))
    return out


if __name__ == "__main__":
    if "--large" in sys.argv:
        out = silu_mul(*LARGE)
        print("out_sum", repr(math.fsum(out)), "max |out|", max(abs(v) for v in out))
    else:
        out = silu_mul(*SMALL)
        print("max |out|", max(abs(v) for v in out))
        write(os.path.join(HERE, "out.expected.bin"), "e", out)
