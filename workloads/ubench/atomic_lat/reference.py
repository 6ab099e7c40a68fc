#!/usr/bin/env python3
"""Reference for atomic_lat: the values the two atomicAdd chains end with (final*.expected.bin:
four u32 = v and the counter after the global chain, then after the shared one). With the
counter at 0 and v = 1, v = atomicAdd(p, v) runs a Fibonacci recurrence mod 2^32.

Usage: reference.py   (sizes as in manifest.yaml and manifest_large.yaml)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from reference import write  # noqa: E402


def chain(atomics):
    counter, v = 0, 1
    for _ in range(atomics):
        counter, v = (counter + v) & 0xFFFFFFFF, counter
    return v, counter


for iters, name in ((500, "final.expected.bin"), (5000, "final_large.expected.bin")):
    v, c = chain(iters + 1)  # one untimed atomic, then `iters` timed
    write(os.path.join(HERE, name), "I", [v, c, v, c])
