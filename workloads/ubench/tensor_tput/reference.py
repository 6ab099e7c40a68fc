#!/usr/bin/env python3
"""Reference for tensor_tput: with A and B filled with 0.5, every element of A B is
16 x 0.5 x 0.5 = 4; each of the 4 accumulators adds it `iters` times, so each sink element is
16 x iters (exact in binary32). Prints the manifests' fill values.
"""
for iters in (64, 256):
    print("iters", iters, "sink", 4 * iters * 16 * 0.5 * 0.5)
