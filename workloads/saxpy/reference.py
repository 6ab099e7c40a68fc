#!/usr/bin/env python3
"""CPU reference for saxpy: writes the expected y for manifest.yaml (and manifest_large.yaml).

Usage: reference.py N OUT   (N elements; inputs as in the manifests: x random f32 in [-1, 1]
seed 1, y filled with 2.0, a = 2.5). y = fma(a, x, y) rounded once to f32: a*x is exact in
double, so a*x + y rounds at most twice, well inside the manifest's tolerance.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from reference import f32, random_floats, write  # noqa: E402

n, out = int(sys.argv[1]), sys.argv[2]
a = f32(2.5)
x = [f32(v) for v in random_floats(1, n, -1.0, 1.0)]
write(out, "f", [f32(a * xi + 2.0) for xi in x])
