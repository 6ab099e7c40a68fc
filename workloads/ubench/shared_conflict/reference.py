#!/usr/bin/env python3
"""Reference for shared_conflict: the sinks left by the last launch (stride 32): thread t adds
the word at (lane * 32) mod 1024 (which holds its index) 8 x passes times.

Usage: reference.py   (sizes as in manifest.yaml and manifest_large.yaml)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "common"))
from reference import write  # noqa: E402

for passes, name in ((64, "sink.expected.bin"), (256, "sink_large.expected.bin")):
    write(os.path.join(HERE, name), "I", [(8 * passes * (((t % 32) * 32) % 1024)) & 0xFFFFFFFF for t in range(512)])
