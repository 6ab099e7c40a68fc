#!/usr/bin/env python3
"""CPU reference for reduction: repeats reduction.cu's summation order in binary32.

Float addition is not associative, so the result depends on the order; the reference follows the
kernel's order exactly (per-thread grid-stride sums, the shared-memory tree, the shuffle tree,
then the same for the second launch) and so produces the GPU's bits. The manifests' tolerances
allow for a different valid order anyway: `--check` compares the emulated order with the exact
sum (math.fsum) to show how far apart orders can be.

Usage: reference.py           writes partial.expected.bin and out.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports
       reference.py --check   emulated order vs exact sum
Input as in the manifests: random f32 in [-1, 1], seed 5.
"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = dict(n=1000003, grid=64, block=256, block2=64)
LARGE = dict(n=16777216, grid=640, block=256, block2=1024)


def block_reduce(vals):
    """The in-block part of reduce_sum: vals[t] is thread t's sum; returns the block's result."""
    sdata = list(vals)
    s = len(sdata) // 2
    while s > 32:
        for t in range(s):
            sdata[t] = f32(sdata[t] + sdata[t + s])
        s //= 2
    v = [f32(sdata[t] + sdata[t + 32]) for t in range(32)]
    off = 16
    while off > 0:
        # __shfl_down_sync: lane l reads lane l + off, or its own value past lane 31
        v = [f32(v[l] + (v[l + off] if l + off < 32 else v[l])) for l in range(32)]
        off //= 2
    return v[0]


def reduce_sum(data, grid, block):
    n = len(data)
    stride = grid * block
    out = []
    for b in range(grid):
        sums = []
        for t in range(block):
            s = 0.0
            for i in range(b * block + t, n, stride):
                s = f32(s + data[i])
            sums.append(s)
        out.append(block_reduce(sums))
    return out


def run(cfg):
    data = [f32(v) for v in random_floats(5, cfg["n"], -1.0, 1.0)]
    partial = reduce_sum(data, cfg["grid"], cfg["block"])
    out = reduce_sum(partial, 1, cfg["block2"])
    return data, partial, out


if __name__ == "__main__":
    if "--large" in sys.argv:
        _, partial, out = run(LARGE)
        print("sum", repr(out[0]))
    elif "--check" in sys.argv:
        data, partial, out = run(DEFAULT)
        print("emulated %r exact %r |diff| %g" % (out[0], math.fsum(data), abs(out[0] - math.fsum(data))))
        exact_partials = []
        for b in range(DEFAULT["grid"]):
            exact_partials.append(math.fsum(data[i] for t in range(DEFAULT["block"])
                                            for i in range(b * DEFAULT["block"] + t, DEFAULT["n"],
                                                           DEFAULT["grid"] * DEFAULT["block"])))
        print("partials: max |emulated - exact| %g" % max(abs(p - e) for p, e in zip(partial, exact_partials)))
    else:
        _, partial, out = run(DEFAULT)
        write(os.path.join(HERE, "partial.expected.bin"), "f", partial)
        write(os.path.join(HERE, "out.expected.bin"), "f", out)
