#!/usr/bin/env python3
"""Reference for l2_bw: the sum of every word read, mod 2^32 (sink*.expected.bin): the footprint
is read once by l2_warm and `passes` times by l2_bw, all adding into one counter.

Usage: reference.py   (sizes as in manifest.yaml and manifest_large.yaml; data: u32 random
                       in [0, 2^32 - 1], seed 202)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from reference import random_ints, write  # noqa: E402

total = sum(random_ints(202, 4 * 262144, 0, 0xFFFFFFFF))
for passes, name in ((8, "sink.expected.bin"), (32, "sink_large.expected.bin")):
    write(os.path.join(HERE, name), "I", [(total * (passes + 1)) & 0xFFFFFFFF])
