#!/usr/bin/env python3
"""CPU reference for bfs: BFS levels from vertex 0 (integers: exact, tolerance 0).

The graph comes from the manifests' random init, in Rodinia's layout with a fixed slot count per
vertex: vertex v owns edges[16 v .. 16 v + degree[v]) (node_start = iota step 16), degree[v]
uniform in [0, 16] (seed 71; mean 8, some vertices have no out-edges), edge targets uniform in
[0, n - 1] (seed 72). Unreached vertices keep level -1.

Usage: reference.py           writes level.expected.bin and active.expected.bin for manifest.yaml
       reference.py --large   prints what manifest_large.yaml reports (a minute)
The manifests list at least depth + 1 bfs_level launches; `levels` prints the depth.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from reference import random_ints, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MAXD = 16


def bfs(n, source=0):
    degree = random_ints(71, n, 0, MAXD)
    edges = random_ints(72, n * MAXD, 0, n - 1)
    level = [-1] * n
    level[source] = 0
    frontier, cur = [source], 0
    while frontier:
        nxt = []
        for v in frontier:
            for u in edges[v * MAXD:v * MAXD + degree[v]]:
                if level[u] == -1:
                    level[u] = cur + 1
                    nxt.append(u)
        frontier, cur = nxt, cur + 1
    return level, cur - 1  # deepest level


def active_flags(depth, launches):
    """active[k] = 1 for every level k that had vertices (0..depth), for launches + 1 entries."""
    return [1 if k <= depth else 0 for k in range(launches + 1)]


if __name__ == "__main__":
    if "--large" in sys.argv:
        level, depth = bfs(1 << 20)
        reached = sum(1 for v in level if v >= 0)
        s = 0
        for v in level:
            s += v
        print("depth", depth, "reached", reached, "level_sum", s, "level_max", max(level))
    elif "levels" in sys.argv:
        print("depth", bfs(16384)[1])
    else:
        level, depth = bfs(16384)
        print("depth", depth, "reached", sum(1 for v in level if v >= 0))
        write(os.path.join(HERE, "level.expected.bin"), "i", level)
        write(os.path.join(HERE, "active.expected.bin"), "i", active_flags(depth, 10))
