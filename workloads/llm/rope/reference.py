#!/usr/bin/env python3
"""CPU reference for rope: rotate-half rotary embedding of Q [tokens][heads][128] and
K [tokens][kv_heads][128] (f16, in place) by the angles t * 10000^(-i/64), i < 64.

Also writes the kernel's input table cs[tokens][64][2] of f32 (cos, sin) (cs8.bin for
manifest.yaml, cs512.bin for manifest_large.yaml). The kernel's arithmetic is IEEE throughout
(cvt f16->f32, mul.rn, fma.rn, cvt.rn.f16), and this reference repeats it with ../../common/fp.py:
  lo' = f16(fma(lo, cos, -(hi * sin)))     hi' = f16(fma(hi, cos, lo * sin))
so the expected outputs are bit-exact (tolerance 0).

Usage: reference.py           writes cs8.bin, cs512.bin, q.expected.bin, k.expected.bin
       reference.py --large   prints what manifest_large.yaml reports
Inputs as in the manifests: q random in [-1, 1] (seed 311), k random in [-1, 1] (seed 312),
rounded to binary16.
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from fp import f16  # noqa: E402
from layer_reference import rope as rotate, rope_table  # noqa: E402  (the kernel's arithmetic)
from reference import random_floats, write  # noqa: E402

SMALL = (8, 4, 2)      # tokens, heads, kv_heads
LARGE = (512, 32, 32)


def table(tokens):
    return rope_table(range(tokens))


def rope(tokens, heads, kv_heads):
    cs = table(tokens)
    q = [f16(v) for v in random_floats(311, tokens * heads * 128, -1.0, 1.0)]
    k = [f16(v) for v in random_floats(312, tokens * kv_heads * 128, -1.0, 1.0)]
    return cs, rotate(q, tokens, heads, cs), rotate(k, tokens, kv_heads, cs)


if __name__ == "__main__":
    if "--large" in sys.argv:
        _, q, k = rope(*LARGE)
        print("q_sum", repr(math.fsum(q)), "k_sum", repr(math.fsum(k)))
    else:
        write(os.path.join(HERE, "cs512.bin"), "f", table(LARGE[0]))
        cs, q, k = rope(*SMALL)
        write(os.path.join(HERE, "cs8.bin"), "f", cs)
        write(os.path.join(HERE, "q.expected.bin"), "e", q)
        write(os.path.join(HERE, "k.expected.bin"), "e", k)
