#!/usr/bin/env python3
"""Reference for l1_lat: the byte offset of the node the chase ends on (final.expected.bin and
final_large.expected.bin, one u64 each), from the seq chain of ../common/chase.cuh.

Usage: reference.py   (sizes as in manifest.yaml and manifest_large.yaml)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from chase_ref import distinct, final_offset  # noqa: E402
from reference import write  # noqa: E402

STRIDE_BYTES = 32
for nodes, iters, name in ((256, 1000, "final.expected.bin"), (256, 10000, "final_large.expected.bin")):
    ITERS = iters
    hops = 2 * ITERS
    write(os.path.join(HERE, name), "Q", [final_offset("seq", nodes, STRIDE_BYTES, hops)])
    print(name, "nodes", nodes, "loads", hops, "distinct nodes", distinct("seq", nodes, hops))
