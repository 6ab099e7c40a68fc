#!/usr/bin/env python3
"""Reference for l2_lat_far: the byte offset of the node the second chase ends on
(final.expected.bin, one u64), from the seq chain of ../common/chase.cuh.

Usage: reference.py   (sizes as in manifest.yaml)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from chase_ref import final_offset  # noqa: E402
from reference import write  # noqa: E402

NODES, STRIDE_BYTES, ITERS = 262144, 128, 16384
write(os.path.join(HERE, "final.expected.bin"), "Q", [final_offset("seq", NODES, STRIDE_BYTES, 2 * ITERS)])
