"""Where the pointer chases of chase.cuh end, for the latency microbenchmarks' references."""


def seq_next(i, nodes):
    return 0 if i + 1 == nodes else i + 1


def rand_next(i, nodes):
    return (i * 1103515245 + 12345) & 0xFFFFFFFF & (nodes - 1)


def final_offset(kind, nodes, stride_bytes, hops):
    step = seq_next if kind == "seq" else rand_next
    i = 0
    for _ in range(hops):
        i = step(i, nodes)
    return i * stride_bytes


def distinct(kind, nodes, hops):
    """How many different nodes a chase of `hops` loads from node 0 touches (the last one
    loaded is the node before the final node)."""
    step = seq_next if kind == "seq" else rand_next
    seen, i = set(), 0
    for _ in range(hops):
        seen.add(i)
        i = step(i, nodes)
    return len(seen)
