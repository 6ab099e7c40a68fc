#include "isa/ipdom.h"

#include <algorithm>
#include <utility>

#include "isa/opcode_table.h"

namespace warpsim::isa {

namespace {

// Control-flow successors of instruction i; n (one past the end) is the virtual exit node.
void successors(const std::vector<Inst>& code, int i, std::vector<int>& out) {
  out.clear();
  const int n = static_cast<int>(code.size());
  const Inst& in = code[static_cast<size_t>(i)];
  const OpcodeInfo& info = opcode_info(in.opcode);
  bool always = in.guard == kPT && !in.guard_neg;
  bool never = in.guard == kPT && in.guard_neg;
  int next = std::min(i + 1, n);  // running off the end leaves the kernel
  switch (info.flow) {
    case Flow::exit:
    case Flow::ret:  // a return leaves the function: for the callee's CFG, its exit
      if (!never) out.push_back(n);
      if (!always) out.push_back(next);
      break;
    case Flow::branch: {
      int target = static_cast<int>(in.imm / kInstBytes);
      if (!never) out.push_back(std::min(target, n));
      if (!always && next != target) out.push_back(next);
      break;
    }
    default:  // calls return to the next instruction
      out.push_back(next);
      break;
  }
}

}  // namespace

std::vector<int> immediate_post_dominators(const std::vector<Inst>& code) {
  const int n = static_cast<int>(code.size());
  const int exit_node = n;
  std::vector<std::vector<int>> succ(static_cast<size_t>(n + 1)), pred(static_cast<size_t>(n + 1));
  std::vector<int> tmp;
  for (int i = 0; i < n; ++i) {
    successors(code, i, tmp);
    for (int s : tmp) {
      succ[static_cast<size_t>(i)].push_back(s);
      pred[static_cast<size_t>(s)].push_back(i);
    }
  }
  // Post-dominators are dominators of the reversed graph rooted at the exit node; computed with
  // the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast Dominance
  // Algorithm", 2001) over a reverse postorder of the reversed graph.
  std::vector<int> order;  // postorder of the reversed graph
  std::vector<char> seen(static_cast<size_t>(n + 1), 0);
  std::vector<std::pair<int, size_t>> stack{{exit_node, 0}};
  seen[static_cast<size_t>(exit_node)] = 1;
  while (!stack.empty()) {
    auto& [node, next_edge] = stack.back();
    const auto& edges = pred[static_cast<size_t>(node)];
    if (next_edge < edges.size()) {
      int m = edges[next_edge++];
      if (!seen[static_cast<size_t>(m)]) {
        seen[static_cast<size_t>(m)] = 1;
        stack.push_back({m, 0});
      }
    } else {
      order.push_back(node);
      stack.pop_back();
    }
  }
  std::vector<int> rank(static_cast<size_t>(n + 1), -1);
  for (size_t k = 0; k < order.size(); ++k)
    rank[static_cast<size_t>(order[k])] = static_cast<int>(k);
  std::vector<int> idom(static_cast<size_t>(n + 1), -1);
  idom[static_cast<size_t>(exit_node)] = exit_node;
  auto intersect = [&](int a, int b) {
    while (a != b) {
      while (rank[static_cast<size_t>(a)] < rank[static_cast<size_t>(b)])
        a = idom[static_cast<size_t>(a)];
      while (rank[static_cast<size_t>(b)] < rank[static_cast<size_t>(a)])
        b = idom[static_cast<size_t>(b)];
    }
    return a;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      int b = *it;
      if (b == exit_node) continue;
      int new_idom = -1;
      for (int s : succ[static_cast<size_t>(b)]) {
        if (idom[static_cast<size_t>(s)] < 0) continue;
        new_idom = new_idom < 0 ? s : intersect(s, new_idom);
      }
      if (new_idom >= 0 && idom[static_cast<size_t>(b)] != new_idom) {
        idom[static_cast<size_t>(b)] = new_idom;
        changed = true;
      }
    }
  }
  std::vector<int> result(static_cast<size_t>(n), -1);
  for (int i = 0; i < n; ++i) {
    int d = idom[static_cast<size_t>(i)];
    result[static_cast<size_t>(i)] = (d < 0 || d == exit_node) ? -1 : d;
  }
  return result;
}

void set_reconvergence_points(std::vector<Inst>& code) {
  std::vector<int> ipdom = immediate_post_dominators(code);
  for (size_t i = 0; i < code.size(); ++i) {
    if (opcode_info(code[i].opcode).flow != Flow::branch) continue;
    int d = ipdom[i];
    code[i].reconv = d < 0 ? kReconvAtExit : static_cast<uint32_t>(d) * kInstBytes;
  }
}

}  // namespace warpsim::isa
