#!/usr/bin/env python3
"""CPU reference for embedding: out[t] = table[ids[t]] (a copy: bit-exact, tolerance 0).

Usage: reference.py           writes out.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
Inputs as in the manifests: table (vocab x hidden) random in [-1, 1] rounded to binary16
(seed 351), ids random integers in [0, vocab - 1] (seed 352).
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from fp import f16  # noqa: E402
from reference import MT19937_64, random_floats, random_ints, write  # noqa: E402

SMALL = (512, 256, 16)      # vocab, hidden, tokens
LARGE = (8192, 4096, 512)


def embedding(vocab, hidden, tokens):
    table = [f16(v) for v in random_floats(351, vocab * hidden, -1.0, 1.0)]
    ids = random_ints(352, tokens, 0, vocab - 1)
    out = []
    for i in ids:
        out += table[i * hidden:(i + 1) * hidden]
    return out


def large_sum(vocab, hidden, tokens):
    """The exact sum of out, the table streamed from its generator (it is 32 M values)."""
    count = {}
    for i in random_ints(352, tokens, 0, vocab - 1):
        count[i] = count.get(i, 0) + 1
    rng = MT19937_64(351)
    terms = []
    for r in range(max(count) + 1):
        row = math.fsum(f16(-1.0 + 2.0 * (rng() >> 11) * 2.0**-53) for _ in range(hidden))
        terms.append(count.get(r, 0) * row)
    return math.fsum(terms)


if __name__ == "__main__":
    if "--large" in sys.argv:
        print("out_sum", repr(large_sum(*LARGE)))
    else:
        write(os.path.join(HERE, "out.expected.bin"), "e", embedding(*SMALL))
