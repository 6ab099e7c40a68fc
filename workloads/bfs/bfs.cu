// Breadth-first search, level-synchronous, one launch per level (the Rodinia / Harish-Narayanan
// formulation). Graph layout as in Rodinia's bfs: vertex v owns edges[node_start[v] ..
// node_start[v] + node_degree[v]). Out-degrees vary per vertex, so the edge loop's trip count is
// data-dependent, and only the threads of frontier vertices do any work (divergence).
//
//   bfs_init   level[v] = 0 for the source, -1 elsewhere; active[0] = 1.
//   bfs_level  for level `cur`: if the frontier is empty (active[cur] == 0) the whole launch
//              returns at once; otherwise every vertex at level cur labels its unvisited
//              neighbours cur + 1 and marks the next frontier non-empty (active[cur + 1] = 1).
//              Concurrent writers store the same values, so no atomics are needed.
// A manifest lists enough bfs_level launches to reach the deepest level; the surplus ones find
// an empty frontier. active must have at least (number of bfs_level launches + 1) zeroed entries.
extern "C" __global__ void bfs_init(int* level, int* active, unsigned n, unsigned source) {
  const unsigned v = blockIdx.x * blockDim.x + threadIdx.x;
  if (v < n) level[v] = v == source ? 0 : -1;
  if (v == 0) active[0] = 1;
}

extern "C" __global__ void bfs_level(const unsigned* node_start, const unsigned* node_degree,
                                     const unsigned* edges, int* level, int* active, int cur, unsigned n) {
  if (active[cur] == 0) return;  // frontier empty: the search has finished
  const unsigned v = blockIdx.x * blockDim.x + threadIdx.x;
  if (v >= n || level[v] != cur) return;
  const unsigned begin = node_start[v], end = begin + node_degree[v];
  for (unsigned e = begin; e < end; ++e) {
    const unsigned u = edges[e];
    if (level[u] == -1) {
      level[u] = cur + 1;
      active[cur + 1] = 1;
    }
  }
}
