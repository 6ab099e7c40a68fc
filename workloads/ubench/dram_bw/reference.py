#!/usr/bin/env python3
"""Reference for dram_bw: what the four stream kernels leave behind.
  sink   = sum of the 32-bit words of a (as read by dram_read), mod 2^32;
  b      = 1.0 everywhere (dram_write with value 0x3f800000) - checked with a fill;
  c      = a's initial contents (dram_copy) - reported as c_sum;
  a      = fma(0.5, c, b) = 0.5 a + 1 (dram_triad: nvcc contracts b + s c) - reported as a_sum.
Sums are binary64 in index order, like the simulator's report reduction.

Usage: reference.py           writes sink.expected.bin / sink_large.expected.bin and prints the
                              report values of both manifests (a, f32 random in [-1, 1], seed 203)
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from fp import f32, fma32  # noqa: E402
from reference import random_floats, write  # noqa: E402

for n_vec, name in ((1048576, "sink.expected.bin"), (4194304, "sink_large.expected.bin")):
    a = [f32(v) for v in random_floats(203, 4 * n_vec, -1.0, 1.0)]
    raw = struct.pack("<%df" % len(a), *a)
    write(os.path.join(HERE, name), "I", [sum(struct.unpack("<%dI" % len(a), raw)) & 0xFFFFFFFF])
    c_sum = a_sum = 0.0
    for v in a:
        c_sum += v
        a_sum += fma32(0.5, v, 1.0)
    print(name, "c_sum", repr(c_sum), "a_sum", repr(a_sum))
