#!/usr/bin/env python3
"""Reference for alu_lat: the final values of the exact chains (sink*.expected.bin: 12 u64, the
value's bits, slots 0-11 as in alu_lat.cu; slot 11, alu_ffma_rolled, runs the FFMA chain of slot 0
as reps x 8 instead of reps x 128, with reps chosen for the same length). Each chain is `reps` x 128 operations; binary32 and
binary16 arithmetic is emulated exactly (../../common/fp.py), binary64 with fp.fma64. The MUFU
chains (sin, ex2, rsqrt, sqrt, rcp) are approximate by definition and are not checked.

Usage: reference.py   (sizes as in manifest.yaml and manifest_large.yaml)
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from fp import f16, f32, f32_bits, fma32, fma64  # noqa: E402
from reference import write  # noqa: E402

M32 = 0xFFFFFFFF


def f64_bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def f16x2_bits(h):
    b = struct.unpack("<H", struct.pack("<e", h))[0]
    return b | (b << 16)


def chains(n):
    x = 1.0
    k, c = f32(0.999), f32(0.001)
    for _ in range(n):
        x = fma32(x, k, c)
    ffma = f32_bits(x)
    x = 0.0
    for _ in range(n):
        x = f32(x + 1.0)
    fadd = f32_bits(x)
    x, k = 1.0, f32(1.0001)
    for _ in range(n):
        x = f32(x * k)
    fmul = f32_bits(x)
    iadd = (3 * n) & M32
    x = 1
    for _ in range(n):
        x = (x * 3 + 1) & M32
    imad = x
    lop = 0x9E3779B9 if n % 2 else 0
    x = 0.0
    for _ in range(n):
        x = f16(x + 1.0)
    hadd2 = f16x2_bits(x)
    x = 0.0
    for _ in range(n):
        x = f16(x * 0.5 + 1.0)  # x * 0.5 is exact; one rounding, as fma
    hfma2 = f16x2_bits(x)
    x = 0.0
    for _ in range(n):
        x = x + 1.0
    dadd = f64_bits(x)
    x = 1.0
    for _ in range(n):
        x = x * 1.0001
    dmul = f64_bits(x)
    x = 1.0
    for _ in range(n):
        x = fma64(x, 0.999, 0.001)
    dfma = f64_bits(x)
    ffma_rolled = ffma
    return [ffma, fadd, fmul, iadd, imad, lop, hadd2, hfma2, dadd, dmul, dfma, ffma_rolled]


for reps, name in ((8, "sink.expected.bin"), (64, "sink_large.expected.bin")):
    write(os.path.join(HERE, name), "Q", chains(reps * 128))
