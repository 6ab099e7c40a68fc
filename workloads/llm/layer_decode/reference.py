#!/usr/bin/env python3
"""CPU reference for layer_decode: one decode step of a decoder layer (Llama: pre-norm, rotary,
attention over a KV cache, SwiGLU MLP) for a batch of sequences, each at its own position, the
chain of the kernels' references (../common/layer_reference.py):
  xn = rmsnorm(x, w_attn_norm); q, k, v = xn Wq^T, xn Wk^T, xn Wv^T; q, k = rope at pos[b]
  K/V caches[b][h][pos[b]] = k, v; attn = attention of q over cache positions 0..pos[b]
  h = x + attn Wo^T; hn = rmsnorm(h, w_mlp_norm); act = silu(hn Wg^T) * (hn Wu^T); out = h + act Wd^T

Usage: reference.py    writes pos2.bin, lens2.bin, cs_pos2.bin and the small manifest's expected
                       q, k_cache, attn, out; and cs_pos2047.bin, manifest_large.yaml's rope table
                       (16 rows of position 2047: every sequence's new token is its 2048th), and
                       cs_pos1023.bin, the study manifests' (16 rows of position 1023)
Inputs as in manifest.yaml (seeds 511..521): x random in [-1, 1]; the norm weights in [0.5, 1.5];
weights W[N][K] in +-0.1 (K = 256) and +-0.075 (K = 512); the caches' earlier keys in [-2, 2] and
values in [-1, 1]; all rounded to binary16.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
import layer_reference as L  # noqa: E402
from attention_reference import HEAD, attend, row  # noqa: E402
from fp import f16  # noqa: E402
from reference import random_floats, write  # noqa: E402

BATCH, HIDDEN, HEADS, MLP, CTX, BLOCK = 2, 256, 2, 512, 64, 128
POS = [5, 63]   # each sequence's new position (tokens before it: 5, and a full cache of 63)


def halves(seed, n, lo, hi):
    return [f16(v) for v in random_floats(seed, n, lo, hi)]


def layer():
    b, hd, f, nh = BATCH, HIDDEN, MLP, HEADS
    x = halves(511, b * hd, -1.0, 1.0)
    w1 = halves(512, hd, 0.5, 1.5)
    w2 = halves(513, hd, 0.5, 1.5)
    wq, wk, wv, wo = (halves(s, hd * hd, -0.1, 0.1) for s in (514, 515, 516, 517))
    wgu = halves(518, 2 * f * hd, -0.1, 0.1)
    wd = halves(519, hd * f, -0.075, 0.075)
    kc = halves(520, b * nh * CTX * HEAD, -2.0, 2.0)
    vc = halves(521, b * nh * CTX * HEAD, -1.0, 1.0)
    cs = L.rope_table(POS)
    xn = L.rmsnorm(x, w1, b, hd, BLOCK)
    q = L.rope(L.linear(xn, wq, b, hd, hd), b, nh, cs)
    k = L.rope(L.linear(xn, wk, b, hd, hd), b, nh, cs)
    v = L.linear(xn, wv, b, hd, hd)
    attn = []
    for s in range(b):
        for h in range(nh):
            at = (s * nh + h) * CTX + POS[s]
            kc[at * HEAD:(at + 1) * HEAD] = row(k, s * nh + h)
            vc[at * HEAD:(at + 1) * HEAD] = row(v, s * nh + h)
            first = (s * nh + h) * CTX
            attn += attend(row(q, s * nh + h), [row(kc, first + j) for j in range(POS[s] + 1)],
                           [row(vc, first + j) for j in range(POS[s] + 1)])
    h = L.add(x, L.linear(attn, wo, b, hd, hd))
    hn = L.rmsnorm(h, w2, b, hd, BLOCK)
    act = L.silu_mul(L.linear(hn, wgu, b, 2 * f, hd), b, f)
    out = L.add(h, L.linear(act, wd, b, hd, f))
    return cs, q, kc, attn, out


if __name__ == "__main__":
    cs, q, kc, attn, out = layer()
    write(os.path.join(HERE, "pos2.bin"), "I", POS)
    write(os.path.join(HERE, "lens2.bin"), "I", [p + 1 for p in POS])
    write(os.path.join(HERE, "cs_pos2.bin"), "f", cs)
    write(os.path.join(HERE, "cs_pos2047.bin"), "f", L.rope_table([2047] * 16))
    write(os.path.join(HERE, "cs_pos1023.bin"), "f", L.rope_table([1023] * 16))
    for name, values in (("q", q), ("k_cache", kc), ("attn", attn), ("out", out)):
        write(os.path.join(HERE, name + ".expected.bin"), "e", values)
        print(name, "max |x|", max(abs(v) for v in values))
