"""The steps of a decoder layer for the layer manifests' CPU references (layer_prefill,
layer_decode), each as its workload's reference computes it. Standard library only.

- rmsnorm, rope, silu_mul, add: the kernels' own arithmetic in their order (../rmsnorm,
  ../rope, ../silu_mul references), rsqrt and expf exact (the kernels' are within a few ulp).
- linear: Y = X W^T with the exact sum of each row (products of halves are exact) rounded once
  to f16; the tensor cores accumulate in f32 in their own order.
- attention: exact (attention_reference.py).
A kernel result a few ulp from the reference's can round to the neighbouring f16 and carry that
into the next step; the layer manifests' tolerances are sized on the differences this gives.
"""
import math
import operator
import struct

from attention_reference import attend, row
from fp import add32, div32, f16, f32, fma32, mul32

EPS = f32(1e-5)


def _warp_sum(v):
    v = list(v)
    for o in (16, 8, 4, 2, 1):
        v = [add32(v[l], v[l ^ o]) for l in range(32)]
    return v[0]


def rmsnorm(x, w, rows, hidden, block):
    """rmsnorm.cu: per-thread fma chains over 8-half chunks, warp butterflies, warp 0's butterfly."""
    warps = block // 32
    y = []
    for r in range(rows):
        xr = x[r * hidden:(r + 1) * hidden]
        part = []
        for t in range(block):
            ss = 0.0
            for c in range(t * 8, hidden, block * 8):
                for v in xr[c:c + 8]:
                    ss = fma32(v, v, ss)
            part.append(ss)
        sums = [_warp_sum(part[k * 32:(k + 1) * 32]) for k in range(warps)]
        total = _warp_sum(sums + [0.0] * (32 - warps))
        inv = f32(1.0 / math.sqrt(add32(div32(total, float(hidden)), EPS)))
        y += [f16(mul32(mul32(v, inv), g)) for v, g in zip(xr, w)]
    return y


def linear(x, w, m, n, k):
    """Y[m][n] = f16(sum_k X[m][k] W[n][k]), exact sum."""
    wrows = [w[j * k:(j + 1) * k] for j in range(n)]
    out = []
    for i in range(m):
        xr = x[i * k:(i + 1) * k]
        out += [f16(math.fsum(map(operator.mul, xr, wr))) for wr in wrows]
    return out


def rope_table(positions):
    """rope.cu's f32 (cos, sin) rows of the given token positions: [len][64][2]."""
    cs = []
    for t in positions:
        for i in range(64):
            a = t * 10000.0 ** (-i / 64.0)
            cs += [f32(math.cos(a)), f32(math.sin(a))]
    return cs


def rope(x, tokens, heads, cs):
    """rope.cu on [tokens][heads][128] with the table row of each token."""
    out = list(x)
    for t in range(tokens):
        for h in range(heads):
            base = (t * heads + h) * 128
            for i in range(64):
                c, s = cs[(t * 64 + i) * 2], cs[(t * 64 + i) * 2 + 1]
                lo, hi = x[base + i], x[base + i + 64]
                out[base + i] = f16(fma32(lo, c, -mul32(hi, s)))
                out[base + i + 64] = f16(fma32(hi, c, mul32(lo, s)))
    return out


def causal_attention(q, k, v, tokens, heads):
    """[tokens][heads][128], one sequence."""
    o = []
    for t in range(tokens):
        for h in range(heads):
            at = [j * heads + h for j in range(t + 1)]
            o += attend(row(q, t * heads + h), [row(k, j) for j in at], [row(v, j) for j in at])
    return o


def silu_mul(x, tokens, d):
    out = []
    for t in range(tokens):
        r = x[t * 2 * d:(t + 1) * 2 * d]
        for g, u in zip(r[:d], r[d:]):
            out.append(f16(f16(div32(g, f32(1.0 + math.exp(-g)))) * u))
    return out


def add(a, b):
    """add.rn.f16x2: the exact sum (exact in binary64) rounded once to binary16."""
    return [struct.unpack("<e", struct.pack("<e", x + y))[0] for x, y in zip(a, b)]
