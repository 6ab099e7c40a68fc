#!/usr/bin/env python3
"""CPU reference for struct_params: explicit Euler steps of damped particles, as the PTX computes
them (nvcc emits mul.f32 for force*dt, then fma.rn.f32 twice):
    v   = fma32(damping, vel, f32(dt * force))
    pos = fma32(dt, v, pos)
so the expected outputs are bit-exact.

Usage: reference.py           writes pos.expected.bin and vel.expected.bin for manifest.yaml
       reference.py --large   prints the pos_sum and vel_sum that manifest_large.yaml reports
Inputs as in the manifests: force random f32 in [-1, 1] seed 3, pos in [-10, 10] seed 4,
vel in [-1, 1] seed 5; dt = 0.01, damping = 0.99 (as f32).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import f32, fma32, mul32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DT, DAMPING = f32(0.01), f32(0.99)


def integrate(n, steps):
    force = [f32(v) for v in random_floats(3, n, -1.0, 1.0)]
    pos = [f32(v) for v in random_floats(4, n, -10.0, 10.0)]
    vel = [f32(v) for v in random_floats(5, n, -1.0, 1.0)]
    for _ in range(steps):
        for i in range(n):
            v = fma32(DAMPING, vel[i], mul32(DT, force[i]))
            vel[i] = v
            pos[i] = fma32(DT, v, pos[i])
    return pos, vel


if __name__ == "__main__":
    if "--large" in sys.argv:
        pos, vel = integrate(4194304, 4)
        # The simulator reduces in binary64, in index order.
        print("pos_sum", repr(sum(pos)), "vel_sum", repr(sum(vel)))
    else:
        pos, vel = integrate(65536, 3)
        write(os.path.join(HERE, "pos.expected.bin"), "f", pos)
        write(os.path.join(HERE, "vel.expected.bin"), "f", vel)
