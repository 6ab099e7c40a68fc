#!/usr/bin/env python3
"""Reference for shared_lat: the nodes both chases end on (final*.expected.bin: two u64). Both
rings step by `stride` words over 1024 nodes; an untimed lap and a timed lap of `iters` loads.

Usage: reference.py   (sizes as in manifest.yaml and manifest_large.yaml)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from reference import write  # noqa: E402

NODES = 1024
for iters, stride, name in ((1000, 1, "final.expected.bin"), (10000, 1, "final_large.expected.bin")):
    end = (2 * iters * stride) % NODES
    write(os.path.join(HERE, name), "Q", [end, end])
