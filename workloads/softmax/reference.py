#!/usr/bin/env python3
"""CPU reference for softmax: the exact softmax of each row (binary64, math.fsum), rounded once
to binary32. Both kernels must land within the tolerance of it:
  softmax       expf (libdevice: a range reduction around ex2.approx, <= 2 ulp) and div.rn;
  softmax_fast  __expf (ex2.approx of x * log2(e), relative error growing with |x|) and a
                multiply by 1/sum.
Neither is bit-reproducible (ex2.approx is an approximation), so the expected file is the exact
answer, and the tolerance is sized from the kernels' actual error: run the PTX with
../common/ptx_emu.py (which uses a correctly rounded ex2) and compare (`--check FILE...`).

Usage: reference.py                writes out.expected.bin for manifest.yaml
       reference.py --check F...   max |F - exact| for output files F (raw f32)
Input as in the manifests: rows x cols random f32 in [-3, 3], seed 91.
"""
import math
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS, COLS = 32, 1000


def softmax(rows, cols):
    x = [f32(v) for v in random_floats(91, rows * cols, -3.0, 3.0)]
    out = []
    for r in range(rows):
        row = x[r * cols:(r + 1) * cols]
        m = max(row)
        e = [math.exp(v - m) for v in row]
        s = math.fsum(e)
        out += [f32(v / s) for v in e]
    return out


if __name__ == "__main__":
    if "--check" in sys.argv:
        exact = softmax(ROWS, COLS)
        for path in sys.argv[2:]:
            data = open(path, "rb").read()
            got = struct.unpack("<%df" % (len(data) // 4), data)
            worst = max(abs(a - b) for a, b in zip(got, exact))
            rel = max(abs(a - b) / b for a, b in zip(got, exact))
            print("%s: max |diff| %g, max relative %g (max value %g)" % (path, worst, rel, max(exact)))
    else:
        write(os.path.join(HERE, "out.expected.bin"), "f", softmax(ROWS, COLS))
