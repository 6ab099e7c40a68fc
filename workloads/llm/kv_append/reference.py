#!/usr/bin/env python3
"""CPU reference for kv_append: k_cache[b][h][pos[b]] = k_new[b][h], same for V (copies:
bit-exact, tolerance 0); the rest of the caches keeps its initial contents.

Usage: reference.py           writes k_cache.expected.bin, v_cache.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
Inputs as in the manifests: k_new, v_new random in [-1, 1] rounded to binary16 (seeds 361, 362);
small: caches random in [-1, 1] (seeds 363, 364); large: caches zero; pos random integers in
[0, ctx - 1] (seed 365).
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from fp import f16  # noqa: E402
from reference import random_floats, random_ints, write  # noqa: E402

SMALL = (2, 4, 16)      # batch, heads, ctx
LARGE = (16, 32, 512)


def append(cache, new, pos, batch, heads, ctx):
    for b in range(batch):
        for h in range(heads):
            dst = ((b * heads + h) * ctx + pos[b]) * 128
            src = (b * heads + h) * 128
            cache[dst:dst + 128] = new[src:src + 128]
    return cache


if __name__ == "__main__":
    large = "--large" in sys.argv
    batch, heads, ctx = LARGE if large else SMALL
    k_new = [f16(v) for v in random_floats(361, batch * heads * 128, -1.0, 1.0)]
    v_new = [f16(v) for v in random_floats(362, batch * heads * 128, -1.0, 1.0)]
    pos = random_ints(365, batch, 0, ctx - 1)
    if large:  # zero caches: their sums are those of the new entries
        print("k_cache_sum", repr(math.fsum(k_new)), "v_cache_sum", repr(math.fsum(v_new)))
    else:
        size = batch * heads * ctx * 128
        k = append([f16(v) for v in random_floats(363, size, -1.0, 1.0)], k_new, pos, batch, heads, ctx)
        v = append([f16(v) for v in random_floats(364, size, -1.0, 1.0)], v_new, pos, batch, heads, ctx)
        write(os.path.join(HERE, "k_cache.expected.bin"), "e", k)
        write(os.path.join(HERE, "v_cache.expected.bin"), "e", v)
