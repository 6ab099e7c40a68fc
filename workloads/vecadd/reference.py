#!/usr/bin/env python3
"""CPU reference for vecadd: c = a + b in binary32 (an IEEE add is exact to emulate, so the
expected output is bit-exact and the manifest's tolerance is 0).

Usage: reference.py           writes c.expected.bin for manifest.yaml
       reference.py --large   prints the c_sum that manifest_large.yaml reports
Inputs as in the manifests: a, b random f32 in [-1, 1] with seeds 1 and 2.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def vecadd(n):
    a = [f32(v) for v in random_floats(1, n, -1.0, 1.0)]
    b = [f32(v) for v in random_floats(2, n, -1.0, 1.0)]
    return [f32(x + y) for x, y in zip(a, b)]


if __name__ == "__main__":
    if "--large" in sys.argv:
        # The simulator reduces in binary64, in index order: so does sum().
        print("c_sum", repr(sum(vecadd(4194304))))
    else:
        write(os.path.join(HERE, "c.expected.bin"), "f", vecadd(50000))
