#!/usr/bin/env python3
"""CPU reference for decode_attn: one query token per sequence against its KV cache,
o[b][h] = softmax(q[b][h] . K[b][h][0..len_b)^T / sqrt(128)) V[b][h][0..len_b), f16 in and out.

The exact attention of ../common/attention_reference.py (exact scores, binary64 softmax, one
rounding to f16). The kernels keep p in f32 (no f16 rounding of the weights, unlike prefill): they
differ by f32 dot products and accumulation (relative ~1e-6), ex2.approx (a few ulp) and their own
f16 rounding of o (one ulp: 4.9e-4 for |o| < 1); the manifest's tolerance 5e-4 covers that.

Usage: reference.py           writes lens3.bin and o.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
Inputs as in the manifests: q random in [-2, 2] (seed 411), the caches K random in [-2, 2]
(seed 412) and V random in [-1, 1] (seed 413), rounded to binary16.
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from attention_reference import HEAD, attend, row  # noqa: E402
from fp import f16  # noqa: E402
from reference import MT19937_64, write  # noqa: E402

SMALL = (3, 2, 256, [1, 77, 256])   # batch, heads, ctx, lens: one key; a partial last split; full
LARGE = (16, 32, 2048)


def halves(seed, count, lo, hi, limit=None):
    """The manifest's random init, but only the first `limit` elements (the large caches are 268 M)."""
    rng = MT19937_64(seed)
    n = count if limit is None else min(count, limit)
    return [f16(lo + (hi - lo) * (rng() >> 11) * 2.0**-53) for _ in range(n)]


def decode(q, kc, vc, b, h, heads, ctx, length):
    bh = b * heads + h
    keys = [row(kc, bh * ctx + j) for j in range(length)]
    values = [row(vc, bh * ctx + j) for j in range(length)]
    return attend(row(q, bh), keys, values)


if __name__ == "__main__":
    if "--large" in sys.argv:
        # Sequence 0, head 0 (the batch-1 launch's o1[0..127] and the batch-16 launch's o16[0..127]):
        # the caches' first 2048 x 128 elements.
        batch, heads, ctx = LARGE
        q = halves(411, batch * heads * HEAD, -2.0, 2.0)
        kc = halves(412, batch * heads * ctx * HEAD, -2.0, 2.0, ctx * HEAD)
        vc = halves(413, batch * heads * ctx * HEAD, -1.0, 1.0, ctx * HEAD)
        o = decode(q, kc, vc, 0, 0, heads, ctx, ctx)
        print("o_b0h0_sum", repr(math.fsum(o)), "o_b0h0_d0", repr(o[0]))
    else:
        batch, heads, ctx, lens = SMALL
        q = halves(411, batch * heads * HEAD, -2.0, 2.0)
        kc = halves(412, batch * heads * ctx * HEAD, -2.0, 2.0)
        vc = halves(413, batch * heads * ctx * HEAD, -1.0, 1.0)
        o = []
        for b in range(batch):
            for h in range(heads):
                o += decode(q, kc, vc, b, h, heads, ctx, lens[b])
        write(os.path.join(HERE, "lens3.bin"), "I", lens)
        write(os.path.join(HERE, "o.expected.bin"), "e", o)
        print("max |o|", max(abs(x) for x in o))
