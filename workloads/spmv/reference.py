#!/usr/bin/env python3
"""CPU reference for spmv, and the generator of its committed CSR row pointers.

The sparsity pattern is irregular on purpose: row lengths are 1 + floor(200 u^6) for u uniform
in [0, 1) (std::mt19937_64 seed 61, as the manifests' random init), so most rows are short
(median 4) and a few are long (up to 200; mean ~29). The manifests cannot express such a
structure, so row_ptr comes from a committed file (rowptr.bin, rowptr_large.bin: rows + 1 u32);
column indices and values come from the manifests' random init (uniform columns; duplicates in a
row are harmless, they just add twice).

y = A x is emulated in each kernel's binary32 order, with fp.fma32 for the contracted
sum += val * x: spmv_csr_scalar sums a row left to right; spmv_csr_vector has lane l sum elements
l, l + 32, ... of the row, then combines lanes with the __shfl_down_sync tree. So the expected
files are bit-exact for a faithful GPU, and the tolerance only has to admit another order
(--check: kernel orders vs the exact sums).

Usage: reference.py           writes rowptr.bin, rowptr_large.bin, y_scalar.expected.bin and
                              y_vector.expected.bin; prints the nnz the manifests need
       reference.py --large   prints what manifest_large.yaml reports
       reference.py --check   kernel orders vs exact row sums
"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32, fma32  # noqa: E402
from reference import random_floats, random_ints, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = dict(rows=2048, cols=2048)
LARGE = dict(rows=32768, cols=32768)


def row_ptr(rows):
    ptr = [0]
    for u in random_floats(61, rows, 0.0, 1.0):
        ptr.append(ptr[-1] + 1 + int(200 * u**6))
    return ptr


def matrix(cfg):
    ptr = row_ptr(cfg["rows"])
    nnz = ptr[-1]
    col = random_ints(62, nnz, 0, cfg["cols"] - 1)
    val = [f32(v) for v in random_floats(63, nnz, -1.0, 1.0)]
    x = [f32(v) for v in random_floats(64, cfg["cols"], -1.0, 1.0)]
    return ptr, col, val, x


def spmv_scalar(ptr, col, val, x):
    y = []
    for r in range(len(ptr) - 1):
        s = 0.0
        for j in range(ptr[r], ptr[r + 1]):
            s = fma32(val[j], x[col[j]], s)
        y.append(s)
    return y


def spmv_vector(ptr, col, val, x):
    y = []
    for r in range(len(ptr) - 1):
        lanes = []
        for lane in range(32):
            s = 0.0
            for j in range(ptr[r] + lane, ptr[r + 1], 32):
                s = fma32(val[j], x[col[j]], s)
            lanes.append(s)
        off = 16
        while off:
            lanes = [f32(lanes[l] + (lanes[l + off] if l + off < 32 else lanes[l])) for l in range(32)]
            off //= 2
        y.append(lanes[0])
    return y


if __name__ == "__main__":
    if "--large" in sys.argv:
        ptr, col, val, x = matrix(LARGE)
        for name, y in (("y_scalar_sum", spmv_scalar(ptr, col, val, x)), ("y_vector_sum", spmv_vector(ptr, col, val, x))):
            s = 0.0
            for v in y:
                s += v
            print(name, repr(s))
    elif "--check" in sys.argv:
        ptr, col, val, x = matrix(DEFAULT)
        exact = [math.fsum(val[j] * x[col[j]] for j in range(ptr[r], ptr[r + 1])) for r in range(len(ptr) - 1)]
        for name, y in (("scalar", spmv_scalar(ptr, col, val, x)), ("vector", spmv_vector(ptr, col, val, x))):
            print("%s: max |kernel order - exact| = %g" % (name, max(abs(a - b) for a, b in zip(y, exact))))
        print("max |y| = %g" % max(abs(v) for v in exact))
    else:
        for cfg, name in ((DEFAULT, "rowptr.bin"), (LARGE, "rowptr_large.bin")):
            ptr = row_ptr(cfg["rows"])
            write(os.path.join(HERE, name), "I", ptr)
            lens = sorted(ptr[i + 1] - ptr[i] for i in range(cfg["rows"]))
            print("%s: rows %d nnz %d, row length median %d max %d" % (name, cfg["rows"], ptr[-1],
                                                                       lens[len(lens) // 2], lens[-1]))
        ptr, col, val, x = matrix(DEFAULT)
        write(os.path.join(HERE, "y_scalar.expected.bin"), "f", spmv_scalar(ptr, col, val, x))
        write(os.path.join(HERE, "y_vector.expected.bin"), "f", spmv_vector(ptr, col, val, x))
