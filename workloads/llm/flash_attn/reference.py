#!/usr/bin/env python3
"""CPU reference for flash_attn: causal attention O = softmax(Q K^T / sqrt(128)) V per (batch, head),
Q, K, V, O f16 in [batch][tokens][heads][128].

The exact attention of ../../common/attention_reference.py (exact scores, binary64 softmax, one
rounding to f16). The kernel differs by its f32 score accumulation (relative 1e-7), ex2.approx
(a few ulp), P rounded to f16 before P V (relative 2^-11 on each weight: |dO| <= 2^-11 max|v| =
4.9e-4 with |v| <= 1) and its own f16 rounding of O (one ulp, <= 4.9e-4 for |O| < 1): the
manifest's tolerance 1e-3 is their sum.

Usage: reference.py           writes o.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports (o_sum takes minutes)
Inputs as in the manifests: q, k random in [-2, 2] (seeds 401, 402), v random in [-1, 1] (seed 403),
rounded to binary16.
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from attention_reference import attend, row  # noqa: E402
from fp import f16  # noqa: E402
from reference import random_floats, write  # noqa: E402

SMALL = (2, 128, 2)     # batch, tokens, heads
LARGE = (1, 512, 32)


def inputs(batch, tokens, heads):
    n = batch * tokens * heads * 128
    q = [f16(x) for x in random_floats(401, n, -2.0, 2.0)]
    k = [f16(x) for x in random_floats(402, n, -2.0, 2.0)]
    v = [f16(x) for x in random_floats(403, n, -1.0, 1.0)]
    return q, k, v


def causal_row(q, k, v, b, t, h, tokens, heads):
    """Output row of query token t of head h, sequence b."""
    at = lambda tok: (b * tokens + tok) * heads + h  # noqa: E731
    return attend(row(q, at(t)), [row(k, at(j)) for j in range(t + 1)], [row(v, at(j)) for j in range(t + 1)])


def flash_attn(batch, tokens, heads):
    q, k, v = inputs(batch, tokens, heads)
    o = []
    for b in range(batch):
        for t in range(tokens):
            for h in range(heads):
                o += causal_row(q, k, v, b, t, h, tokens, heads)
    return o


if __name__ == "__main__":
    if "--large" in sys.argv:
        batch, tokens, heads = LARGE
        q, k, v = inputs(*LARGE)
        last = causal_row(q, k, v, 0, tokens - 1, heads - 1, tokens, heads)
        print("o_first", repr(v[0]), "o_last", repr(last[-1]), "o_last_row_sum", repr(math.fsum(last)))
        if "--sum" in sys.argv:
            print("o_sum", repr(math.fsum(flash_attn(*LARGE))))
    else:
        o = flash_attn(*SMALL)
        print("max |o|", max(abs(x) for x in o))
        write(os.path.join(HERE, "o.expected.bin"), "e", o)
