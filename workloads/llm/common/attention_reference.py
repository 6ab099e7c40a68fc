"""Exact softmax attention for the attention workloads' CPU references (flash_attn, decode_attn,
the layer manifests). Standard library only.

Scores are exact: products of binary16 values are exact in binary64 and math.fsum sums them
exactly. The softmax is evaluated in the kernels' log2 domain with their binary32 scale
(scale_log2 = log2(e) / sqrt(head_dim) rounded to binary32), in binary64 from there on, and each
output is rounded once to binary16. What the kernels do differently (f32 accumulation order,
ex2.approx, P rounded to f16 before P V, an f16 output) is what the manifests' tolerances cover.
"""
import math

from fp import f16, f32

HEAD = 128
SCALE_LOG2 = f32(math.log2(math.e) / math.sqrt(HEAD))


def attend(qrow, keys, values, scale_log2=SCALE_LOG2):
    """One query row against a list of key rows and value rows (each HEAD long): the f16 output row."""
    x = [math.fsum(a * b for a, b in zip(qrow, krow)) * scale_log2 for krow in keys]
    mx = max(x)
    p = [2.0 ** (v - mx) for v in x]
    l = math.fsum(p)
    return [f16(math.fsum(pj * vrow[d] for pj, vrow in zip(p, values)) / l) for d in range(len(qrow))]


def row(buf, index):
    return buf[index * HEAD:(index + 1) * HEAD]
