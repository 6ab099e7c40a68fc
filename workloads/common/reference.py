"""Helpers for the CPU references of our workloads.

Reproduces the manifest's buffer initialisation exactly (DESIGN.md section 6), so a reference
computes on the same inputs as the simulated kernel:
  random: std::mt19937_64 seeded with `seed`, one draw u per element;
          floats = min + (max-min) * (u >> 11) * 2^-53; integers = min + u % (max-min+1).
Standard library only (CI installs no Python packages).
"""

import struct

_MASK64 = (1 << 64) - 1


class MT19937_64:
    """The 64-bit Mersenne Twister, bit-identical to C++'s std::mt19937_64."""

    _N, _M = 312, 156
    _MATRIX_A = 0xB5026F5AA96619E9
    _UPPER, _LOWER = 0xFFFFFFFF80000000, 0x7FFFFFFF

    def __init__(self, seed):
        self._mt = [0] * self._N
        self._mt[0] = seed & _MASK64
        for i in range(1, self._N):
            prev = self._mt[i - 1]
            self._mt[i] = (6364136223846793005 * (prev ^ (prev >> 62)) + i) & _MASK64
        self._index = self._N

    def _twist(self):
        mt = self._mt
        for i in range(self._N):
            x = (mt[i] & self._UPPER) | (mt[(i + 1) % self._N] & self._LOWER)
            xa = x >> 1
            if x & 1:
                xa ^= self._MATRIX_A
            mt[i] = mt[(i + self._M) % self._N] ^ xa
        self._index = 0

    def __call__(self):
        if self._index >= self._N:
            self._twist()
        x = self._mt[self._index]
        self._index += 1
        x ^= (x >> 29) & 0x5555555555555555
        x ^= (x << 17) & 0x71D67FFFEDA60000
        x ^= (x << 37) & 0xFFF7EEE000000000
        x ^= x >> 43
        return x & _MASK64


def random_floats(seed, count, lo, hi):
    rng = MT19937_64(seed)
    return [lo + (hi - lo) * (rng() >> 11) * 2.0**-53 for _ in range(count)]


def random_ints(seed, count, lo, hi):
    rng = MT19937_64(seed)
    span = (hi - lo + 1) & _MASK64
    return [lo + (rng() % span if span else rng()) for _ in range(count)]


def f32(x):
    """Round a Python float to IEEE binary32."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def write(path, fmt_char, values):
    with open(path, "wb") as f:
        f.write(struct.pack("<%d%s" % (len(values), fmt_char), *values))
