#!/usr/bin/env python3
"""CPU reference for nbody: repeats nbody_step's binary32 operations in its order (read off
nbody.ptx): per interaction r = q - p; d2 = (rz*rz + (rx*rx + ry*ry)) + eps2 as two fmas and an
add; inv = rsqrt(d2); s = inv * (inv * (m * inv)); a = fma(r, s, a); then v = fma(a, dt, v),
p = fma(v, dt, p).

rsqrtf compiles to rsqrt.approx.f32, which is not correctly rounded on GPUs (about 2 ulp on
NVIDIA's MUFU) and need not be the same in the simulator. The reference uses the correctly
rounded 1/sqrt; `--check` re-runs it with rsqrt randomly off by up to 2 ulp and reports how far
the outputs move, which is what the tolerances are sized from.

Usage: reference.py           writes pos.expected.bin and vel.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports (~10 minutes)
       reference.py --check   sensitivity to rsqrt's last bits
Inputs as in the manifests: pos = (x, y, z, mass) random f32 in [0.1, 1] (seed 81), vel = 0,
dt = 0.001, eps2 = 0.01, block 128.
"""
import math
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from fp import bits_f32, f32, f32_bits, fma32  # noqa: E402
from reference import random_floats, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DT, EPS2 = f32(0.001), f32(0.01)  # the kernel gets them as binary32 params


def rsqrt_exact(x):
    return f32(1.0 / math.sqrt(x))


def step(pos, vel, n, rsqrt):
    new_pos, new_vel = [], []
    for i in range(n):
        px, py, pz, pw = pos[4 * i:4 * i + 4]
        ax = ay = az = 0.0
        for j in range(n):  # tiles of blockDim.x in order: the same sequence of j
            qx, qy, qz, qw = pos[4 * j:4 * j + 4]
            rx, ry, rz = f32(qx - px), f32(qy - py), f32(qz - pz)
            d2 = f32(fma32(rz, rz, fma32(rx, rx, f32(ry * ry))) + EPS2)
            inv = rsqrt(d2)
            s = f32(inv * f32(inv * f32(qw * inv)))
            ax, ay, az = fma32(rx, s, ax), fma32(ry, s, ay), fma32(rz, s, az)
        vx, vy, vz, vw = vel[4 * i:4 * i + 4]
        vx, vy, vz = fma32(ax, DT, vx), fma32(ay, DT, vy), fma32(az, DT, vz)
        new_vel += [vx, vy, vz, vw]
        new_pos += [fma32(vx, DT, px), fma32(vy, DT, py), fma32(vz, DT, pz), pw]
    return new_pos, new_vel


def simulate(n, steps, rsqrt=rsqrt_exact):
    pos = [f32(v) for v in random_floats(81, 4 * n, 0.1, 1.0)]
    vel = [0.0] * (4 * n)
    for _ in range(steps):
        pos, vel = step(pos, vel, n, rsqrt)
    return pos, vel


def dsum(values):
    s = 0.0
    for v in values:
        s += v
    return s


if __name__ == "__main__":
    if "--large" in sys.argv:
        pos, vel = simulate(4096, 3)
        print("pos_sum", repr(dsum(pos)), "vel_sum", repr(dsum(vel)))
    elif "--check" in sys.argv:
        pos, vel = simulate(1024, 2)
        rng = random.Random(1)

        def rsqrt_noisy(x):
            return bits_f32(f32_bits(rsqrt_exact(x)) + rng.randint(-2, 2))
        pos2, vel2 = simulate(1024, 2, rsqrt_noisy)
        print("pos: max |diff| %g (max |pos| %g)" % (max(abs(a - b) for a, b in zip(pos, pos2)), max(map(abs, pos))))
        print("vel: max |diff| %g (max |vel| %g)" % (max(abs(a - b) for a, b in zip(vel, vel2)), max(map(abs, vel))))
    else:
        pos, vel = simulate(1024, 2)
        write(os.path.join(HERE, "pos.expected.bin"), "f", pos)
        write(os.path.join(HERE, "vel.expected.bin"), "f", vel)
