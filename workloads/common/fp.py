"""Bit-exact IEEE binary32 / binary16 arithmetic for the CPU references of the CUDA workloads.

A reference that repeats a kernel's operations in the kernel's order, rounding like the GPU,
produces the kernel's result to the last bit; the manifests' tolerances then only have to cover
what is not IEEE-exact on the GPU either (approximate MUFU functions, unspecified tensor-core
accumulation order). Standard library only.

- add32 / sub32 / mul32 / div32 / sqrt32: the double-precision result rounded once to binary32.
  That is the correctly rounded binary32 result: binary64 has more than 2*24+2 significand bits,
  so rounding twice is innocuous for these operations (Figueroa, "When is double rounding
  innocuous?", 1995).
- fma32: a*b is exact in binary64 (48 bits), but a*b + c is not, and rounding it twice can be
  wrong; fma32 gets the exact residual with TwoSum and breaks the one bad case (a binary64 sum
  that lands exactly on a binary32 midpoint) with its sign.
- f16: binary32 -> binary16 round to nearest even, as __float2half_rn.
"""

import math
import struct

_pack_f, _unpack_f = struct.Struct("<f").pack, struct.Struct("<f").unpack
_pack_I, _unpack_I = struct.Struct("<I").pack, struct.Struct("<I").unpack


def f32(x):
    """Round a Python float (binary64) to binary32, to nearest even."""
    try:
        return _unpack_f(_pack_f(x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def f32_bits(x):
    return _unpack_I(_pack_f(x))[0]


def bits_f32(b):
    return _unpack_f(_pack_I(b & 0xFFFFFFFF))[0]


def add32(a, b):
    return f32(a + b)


def sub32(a, b):
    return f32(a - b)


def mul32(a, b):
    return f32(a * b)


def div32(a, b):
    return f32(a / b)


def sqrt32(a):
    return f32(math.sqrt(a))


def _next32(r, toward):
    """The binary32 neighbour of r in the direction of `toward`."""
    b = f32_bits(r)
    if r == 0.0:
        return math.copysign(bits_f32(1), toward)
    up = (toward > r) == (r > 0)  # away from zero?
    return bits_f32(b + 1 if up else b - 1)


def fma32(a, b, c):
    """fmaf(a, b, c) for binary32 a, b, c: a*b + c with one rounding."""
    p = a * b  # exact: 24 + 24 bits fit in 53
    s = p + c
    if math.isinf(s) or math.isnan(s):
        return f32(s)
    # TwoSum: err is exactly (p + c) - s.
    bb = s - p
    err = (p - (s - bb)) + (c - bb)
    r = f32(s)
    if err != 0.0 and r != s:
        other = _next32(r, s)
        if s - r == other - s:  # s is a binary32 midpoint: the residual decides
            if (err > 0) == (other > r):
                r = other
    return r


def _split64(x):
    """x = m * 2**e with m an integer (53 significant bits at most)."""
    f, e = math.frexp(x)
    return int(f * (1 << 53)), e - 53


def fma64(a, b, c):
    """fma(a, b, c) for binary64 with one rounding (math.fma arrives in Python 3.13): the exact
    value as an integer times a power of two, rounded by int -> float conversion (correctly
    rounded in CPython), with a sticky bit when the integer must be shortened first."""
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    if a == 0.0 or b == 0.0:
        return a * b + c  # exact: the product is a signed zero
    ma, ea = _split64(a)
    mb, eb = _split64(b)
    mc, ec = _split64(c)
    ep = ea + eb
    e = min(ep, ec)
    n = ((ma * mb) << (ep - e)) + (mc << (ec - e))
    if n == 0:
        return 0.0  # an exact cancellation of a nonzero product rounds to +0
    excess = abs(n).bit_length() - 64
    if excess > 0:  # keep 64 bits plus a sticky bit: enough for a correct rounding to 53
        sign = -1 if n < 0 else 1
        m = abs(n)
        sticky = 1 if m & ((1 << excess) - 1) else 0
        n = sign * (((m >> excess) << 1) | sticky)
        e += excess - 1
    try:
        return math.ldexp(float(n), e)
    except OverflowError:
        return math.copysign(math.inf, n)


def f16(x):
    """Round to binary16 (to nearest even) and return the value as a Python float."""
    return struct.unpack("<e", struct.pack("<e", f32(x)))[0]


def expf_exact(x):
    """e**x correctly rounded to binary32 (what an ideal expf returns; CUDA's is within 2 ulp)."""
    try:
        return f32(math.exp(x))
    except OverflowError:
        return math.inf
