#!/usr/bin/env python3
"""CPU reference for layer_prefill: one decoder layer (Llama: pre-norm, rotary, causal attention,
SwiGLU MLP) on a prompt of `tokens` tokens, the chain of the kernels' references
(../common/layer_reference.py):
  xn = rmsnorm(x, w_attn_norm); q, k, v = xn Wq^T, xn Wk^T, xn Wv^T; q, k = rope(q, k)
  attn = causal_attention(q, k, v); h = x + attn Wo^T
  hn = rmsnorm(h, w_mlp_norm); gu = hn Wgu^T (gate | up); act = silu(gate) * up; out = h + act Wd^T

Usage: reference.py    writes cs64.bin and the small manifest's expected q, attn, h, out
Inputs as in manifest.yaml (seeds 501..509): x random in [-1, 1]; the norm weights in [0.5, 1.5];
each weight matrix W[N][K] random in +-A with A about sqrt(3 / K) (unit-variance outputs):
A = 0.1 for K = 256 (hidden), 0.075 for K = 512 (MLP); all rounded to binary16.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
import layer_reference as L  # noqa: E402
from fp import f16  # noqa: E402
from reference import random_floats, write  # noqa: E402

TOKENS, HIDDEN, HEADS, MLP, BLOCK = 64, 256, 2, 512, 128


def halves(seed, n, lo, hi):
    return [f16(v) for v in random_floats(seed, n, lo, hi)]


def layer():
    t, hd, f = TOKENS, HIDDEN, MLP
    x = halves(501, t * hd, -1.0, 1.0)
    w1 = halves(502, hd, 0.5, 1.5)
    w2 = halves(503, hd, 0.5, 1.5)
    wq, wk, wv, wo = (halves(s, hd * hd, -0.1, 0.1) for s in (504, 505, 506, 507))
    wgu = halves(508, 2 * f * hd, -0.1, 0.1)
    wd = halves(509, hd * f, -0.075, 0.075)
    cs = L.rope_table(range(t))
    xn = L.rmsnorm(x, w1, t, hd, BLOCK)
    q = L.rope(L.linear(xn, wq, t, hd, hd), t, HEADS, cs)
    k = L.rope(L.linear(xn, wk, t, hd, hd), t, HEADS, cs)
    v = L.linear(xn, wv, t, hd, hd)
    attn = L.causal_attention(q, k, v, t, HEADS)
    h = L.add(x, L.linear(attn, wo, t, hd, hd))
    hn = L.rmsnorm(h, w2, t, hd, BLOCK)
    act = L.silu_mul(L.linear(hn, wgu, t, 2 * f, hd), t, f)
    out = L.add(h, L.linear(act, wd, t, hd, f))
    return cs, q, attn, h, out


if __name__ == "__main__":
    cs, q, attn, h, out = layer()
    write(os.path.join(HERE, "cs64.bin"), "f", cs)
    for name, values in (("q", q), ("attn", attn), ("h", h), ("out", out)):
        write(os.path.join(HERE, name + ".expected.bin"), "e", values)
        print(name, "max |x|", max(abs(v) for v in values))
