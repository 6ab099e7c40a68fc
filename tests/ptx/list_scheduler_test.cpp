// The list scheduler (isa/ptx/list_scheduler.h) moves independent work into the latency shadow
// of dependent chains, and never reorders what it may not: register and predicate dependences
// (every word of a group, guards included), stores and ordered loads against accesses that may
// alias, and fences (labels, control flow, barriers, atomics, MEMBAR, cross-lane instructions,
// clock reads), which stay where they are. The legality check below is written from that
// contract, independently of the scheduler's own dependence graph, and is run on hand-written
// blocks and on thousands of random ones.
#include "isa/ptx/list_scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "isa/ptx/ptx_frontend.h"
#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx {
namespace {

// Machine IR written directly on physical registers: vreg n is Rn, vreg kPred + n is Pn.
constexpr VReg kPred = 300;

MOp reg(unsigned n, bool def, unsigned words = 1, unsigned sub = 0) {
  MOp o;
  o.kind = MOp::Kind::reg;
  o.v = n;
  o.words = static_cast<uint8_t>(words);
  o.sub = static_cast<uint8_t>(sub);
  o.def = def;
  return o;
}
MOp R(unsigned n, unsigned words = 1) { return reg(n, false, words); }
MOp D(unsigned n, unsigned words = 1) { return reg(n, true, words); }
MOp P(unsigned n, bool def = false) {
  MOp o;
  o.kind = MOp::Kind::pred;
  o.v = kPred + n;
  o.def = def;
  return o;
}
MOp PD(unsigned n) { return P(n, true); }
MOp imm(uint64_t x) {
  MOp o;
  o.kind = MOp::Kind::imm;
  o.imm = x;
  return o;
}
MOp addr(VReg base, unsigned words, int64_t off) {  // base kNoReg: [off]
  MOp o;
  o.kind = MOp::Kind::addr;
  o.v = base;
  o.words = static_cast<uint8_t>(words);
  o.imm = static_cast<uint64_t>(off);
  return o;
}
MOp text(const std::string& s) {
  MOp o;
  o.kind = MOp::Kind::text;
  o.text = s;
  return o;
}

MInst inst(const std::string& opcode, std::vector<MOp> ops, int guard = -1,
           bool early_clobber = false) {
  MInst m;
  m.opcode = opcode;
  m.ops = std::move(ops);
  if (guard >= 0) m.guard = kPred + static_cast<VReg>(guard);
  m.early_clobber = early_clobber;
  return m;
}
MInst label(uint32_t id) {
  MInst m;
  m.is_label = true;
  m.label = id;
  return m;
}
MInst bra(uint32_t target, int guard = -1) {
  MOp l;
  l.kind = MOp::Kind::label;
  l.imm = target;
  return inst("BRA", {l}, guard);
}

// Each instruction's `line` is its original position + 1, so the output says where each came from.
struct Block {
  MFunction f;
  Allocation a;
  explicit Block(std::vector<MInst> code) {
    a.phys.assign(kPred + 8, -1);
    for (int n = 0; n < 255; ++n) a.phys[static_cast<size_t>(n)] = n;
    for (int p = 0; p < 7; ++p) a.phys[kPred + static_cast<size_t>(p)] = p;
    f.vregs.resize(kPred + 8);
    for (size_t i = 0; i < code.size(); ++i) code[i].line = static_cast<int>(i + 1);
    f.code = std::move(code);
  }
  std::vector<MInst> scheduled() {
    MFunction g = f;
    schedule_kernel(g, a);
    return g.code;
  }
};

// ---- the contract, written out

struct Effects {
  std::set<unsigned> reads, writes;        // R0..R254 as 0..254, Pn as 1000 + n
  unsigned mem_reads = 0, mem_writes = 0;  // bits: global 1, shared 2, local 4
  bool fence = false;
};

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

Effects effects_of(const MInst& m) {
  Effects e;
  if (m.is_label) {
    e.fence = true;
    return e;
  }
  for (const char* f : {"BRA", "EXIT", "RET", "TRAP", "CALL", "BAR", "MEMBAR", "ATOM", "RED",
                        "SHFL", "VOTE", "MATCH", "ACTIVEMASK", "HMMA", "NANOSLEEP"})
    if (m.opcode == f || starts_with(m.opcode, std::string(f) + ".")) e.fence = true;
  if (m.opcode == "S2R" && starts_with(m.ops[1].text, "SR_CLOCK")) e.fence = true;
  if (m.guard != kNoReg) e.reads.insert(1000 + (m.guard - kPred));
  for (const MOp& o : m.ops) {
    if (o.v == kNoReg) continue;
    if (o.kind == MOp::Kind::pred) (o.def ? e.writes : e.reads).insert(1000 + (o.v - kPred));
    if (o.kind == MOp::Kind::reg || o.kind == MOp::Kind::addr)
      for (unsigned w = 0; w < o.words; ++w)
        (o.def && o.kind == MOp::Kind::reg ? e.writes : e.reads).insert(o.v + o.sub + w);
  }
  bool load = starts_with(m.opcode, "LD."), store = starts_with(m.opcode, "ST.");
  if (load || store) {
    char space = m.opcode[3];
    unsigned bits = space == 'G' ? 1 : space == 'S' ? 2 : space == 'L' ? 4 : space == 'E' ? 7 : 0;
    bool ordered = m.opcode.find(".VOLATILE") != std::string::npos ||
                   m.opcode.find(".CV") != std::string::npos ||
                   m.opcode.find(".CG") != std::string::npos;
    (store || ordered ? e.mem_writes : e.mem_reads) = bits;
  }
  return e;
}

bool intersect(const std::set<unsigned>& a, const std::set<unsigned>& b) {
  for (unsigned x : a)
    if (b.count(x)) return true;
  return false;
}

// Whether two instructions (a before b in the original) must keep their order.
bool must_keep_order(const Effects& a, const Effects& b) {
  if (a.fence || b.fence) return true;
  if (intersect(a.writes, b.reads) || intersect(a.reads, b.writes) || intersect(a.writes, b.writes))
    return true;
  return (a.mem_writes & (b.mem_reads | b.mem_writes)) ||
         (b.mem_writes & (a.mem_reads | a.mem_writes));
}

// The scheduled code is a permutation of the original that keeps every ordered pair in order
// and every fence at its position.
void expect_legal(const std::vector<MInst>& original, const std::vector<MInst>& out,
                  const std::string& what) {
  ASSERT_EQ(out.size(), original.size()) << what;
  std::vector<size_t> pos(original.size(), original.size());
  for (size_t k = 0; k < out.size(); ++k) {
    size_t from = static_cast<size_t>(out[k].line - 1);
    ASSERT_LT(from, original.size()) << what;
    ASSERT_EQ(pos[from], original.size()) << what << ": instruction " << from << " twice";
    pos[from] = k;
    EXPECT_EQ(out[k].opcode, original[from].opcode) << what;
  }
  std::vector<Effects> e;
  for (const MInst& m : original) e.push_back(effects_of(m));
  for (size_t i = 0; i < original.size(); ++i) {
    if (e[i].fence) {
      EXPECT_EQ(pos[i], i) << what << ": fence " << i << " (" << original[i].opcode << ") moved";
    }
    for (size_t j = i + 1; j < original.size(); ++j) {
      if (must_keep_order(e[i], e[j])) {
        EXPECT_LT(pos[i], pos[j]) << what << ": " << i << " (" << original[i].opcode << ") and "
                                  << j << " (" << original[j].opcode << ") swapped";
      }
    }
  }
}

size_t position_of(const std::vector<MInst>& code, int original_line) {
  for (size_t k = 0; k < code.size(); ++k)
    if (code[k].line == original_line) return k;
  return code.size();
}

// ---- what scheduling gains

TEST(ListScheduler, LoopCounterMovesIntoTheShadowOfTheChain) {
  // L0: 8 dependent FFMAs, then the counter's add and compare, then the back branch.
  std::vector<MInst> code = {label(0)};
  for (int i = 0; i < 8; ++i) code.push_back(inst("FFMA", {D(8), R(8), imm(0x3f7fbe77), R(9)}));
  code.push_back(inst("IADD.S32", {D(1), R(1), imm(1)}));     // line 10
  code.push_back(inst("ISETP.LT.U32", {PD(0), R(1), R(0)}));  // line 11
  code.push_back(bra(0, 0));                                  // line 12
  Block b(code);
  std::vector<MInst> out = b.scheduled();
  expect_legal(b.f.code, out, "loop");
  EXPECT_LT(position_of(out, 10), position_of(out, 3)) << "the add issues before the second FFMA";
  EXPECT_LT(position_of(out, 11), position_of(out, 9)) << "the compare issues before the last FFMA";
  EXPECT_EQ(out.back().line, 12) << "the branch stays last";
  EXPECT_EQ(out.front().line, 1) << "the label stays first";
}

TEST(ListScheduler, LoadsAreHoistedAboveIndependentChains) {
  std::vector<MInst> code;
  for (int i = 0; i < 4; ++i) code.push_back(inst("FADD", {D(3), R(3), R(4)}));
  code.push_back(inst("LD.G.32", {D(10), addr(20, 2, 0)}));  // line 5
  code.push_back(inst("FADD", {D(11), R(10), R(3)}));
  code.push_back(inst("LD.S.32", {D(12), addr(22, 1, 0)}));  // line 7: free to pass line 6
  Block b(code);
  std::vector<MInst> out = b.scheduled();
  expect_legal(b.f.code, out, "hoist");
  EXPECT_EQ(out[0].line, 5) << "the long-latency load goes first";
  EXPECT_LT(position_of(out, 7), position_of(out, 6))
      << "a load may pass an unrelated instruction and a load";
}

TEST(ListScheduler, ParamAndConstantLoadsPassStores) {
  Block b({inst("ST.G.32", {addr(2, 2, 0), R(3)}), inst("ST.E.32", {addr(4, 2, 0), R(3)}),
           inst("LD.P.32", {D(6), addr(kNoReg, 0, 8)}), inst("FFMA", {D(7), R(6), R(6), R(6)})});
  std::vector<MInst> out = b.scheduled();
  expect_legal(b.f.code, out, "param");
  EXPECT_EQ(out[0].line, 3) << "read-only memory does not wait for stores";
}

// ---- what scheduling must not do

TEST(ListScheduler, RegisterDependencesKeepTheirOrder) {
  Block b({
      inst("FFMA", {D(1), R(2), R(2), R(2)}), inst("FADD", {D(3), R(1), R(1)}),  // RAW on R1
      inst("MOV", {D(2), imm(5)}),                                               // WAR on R2
      inst("MOV", {D(3), imm(6)}),                                               // WAW on R3
      inst("LD.G.64", {D(4, 2), addr(20, 2, 0)}),   // writes the pair R4:R5
      inst("IADD.S32", {D(9), R(5), imm(1)}),       // RAW on the pair's high word
      inst("MOV", {D(4), imm(0)}),                  // WAW on the low word
      inst("DADD", {D(10, 2), R(4, 2), R(12, 2)}),  // reads both words
      inst("MOV", {reg(10, true, 1, 1), imm(0)}),   // WAW on R11 as word 1 of vreg 10
  });
  expect_legal(b.f.code, b.scheduled(), "registers");
}

TEST(ListScheduler, PredicatesAndGuardsKeepTheirOrder) {
  Block b({
      inst("ISETP.LT.S32", {PD(0), R(1), R(2)}),
      inst("MOV", {D(3), imm(1)}, 0),  // guard reads P0 (RAW)
      inst("FADD", {D(5), R(6), R(7)}),
      inst("ISETP.GE.S32", {PD(0), R(8), R(2)}),  // WAR on the guard
      inst("MOV", {D(3), imm(2)}, 0),             // guarded WAW on R3
      inst("SEL", {D(9), R(3), R(4), P(0)}),
      inst("PLOP.AND", {PD(1), P(0), P(2)}),
      inst("FMUL", {D(10), R(11), R(11)}, 1),
      inst("IADD.CC", {D(12), PD(6), R(1), R(2)}),  // the carry predicate
      inst("IADDX", {D(13), PD(6), R(1), R(2), P(6)}),
  });
  expect_legal(b.f.code, b.scheduled(), "predicates");
}

TEST(ListScheduler, MayAliasMemoryAccessesKeepTheirOrder) {
  Block b({
      inst("LD.G.32", {D(1), addr(20, 2, 0)}),
      inst("ST.E.32", {addr(22, 2, 0), R(2)}),       // generic store after a global load
      inst("LD.S.32", {D(3), addr(24, 1, 0)}),       // generic may be shared
      inst("ST.L.32", {addr(kNoReg, 0, 16), R(4)}),  // spill store
      inst("LD.L.32", {D(5), addr(kNoReg, 0, 16)}),  // its reload
      inst("LD.G.VOLATILE.32", {D(6), addr(26, 2, 0)}),
      inst("LD.G.32", {D(7), addr(28, 2, 0)}),  // may not pass the volatile load
      inst("LD.G.CG.32", {D(8), addr(30, 2, 0)}),
      inst("ST.S.32", {addr(24, 1, 4), R(9)}),
  });
  expect_legal(b.f.code, b.scheduled(), "memory");
}

TEST(ListScheduler, FencesStayAndAreNotCrossed) {
  std::vector<MInst> code = {
      inst("FFMA", {D(1), R(1), R(1), R(1)}),
      inst("FFMA", {D(1), R(1), R(1), R(1)}),
      inst("BAR.SYNC", {imm(0)}),
      inst("MOV", {D(2), imm(1)}),
      inst("SHFL.BFLY", {D(3), PD(1), R(1), imm(1), imm(31)}, -1, true),
      inst("IADD.S32", {D(4), R(5), imm(1)}),
      inst("ATOM.G.ADD.U32", {D(6), addr(20, 2, 0), R(7)}),
      inst("IADD.S32", {D(8), R(5), imm(2)}),
      inst("MEMBAR.GL", {}),
      inst("IADD.S32", {D(9), R(5), imm(3)}),
      inst("S2R", {D(10, 2), text("SR_CLOCK64")}),
      inst("IADD.S32", {D(11), R(5), imm(4)}),
      inst("VOTE.ANY", {PD(2), P(1)}),
      inst("IADD.S32", {D(12), R(5), imm(5)}),
      inst("HMMA.16816", {D(16, 4), R(20, 4), R(24, 2), R(28, 4)}, -1, true),
      inst("IADD.S32", {D(13), R(5), imm(6)}),
      inst("EXIT", {}, 1),  // a guarded exit in the middle
      inst("IADD.S32", {D(14), R(5), imm(7)}),
      label(3),
      inst("FFMA", {D(1), R(1), R(1), R(1)}),
      inst("IADD.S32", {D(15), R(5), imm(8)}),
      inst("EXIT", {}),
  };
  Block b(code);
  std::vector<MInst> out = b.scheduled();
  expect_legal(b.f.code, out, "fences");
  // Every region between these fences holds one instruction, or two of equal priority.
  for (size_t k = 0; k + 3 < out.size(); ++k) EXPECT_EQ(out[k].line, static_cast<int>(k + 1));
}

// Random blocks from every kind of instruction the contract names, on a few registers so that
// dependences are dense. The scheduler must reorder some of them (or the check proves nothing)
// and keep every one legal.
TEST(ListScheduler, RandomBlocksStayLegal) {
  std::mt19937 rng(12345);
  auto pick = [&](unsigned n) { return static_cast<unsigned>(rng() % n); };
  auto r = [&] { return pick(12); };
  auto pair = [&] { return 2 * pick(6); };
  auto guard = [&] { return pick(4) == 0 ? static_cast<int>(pick(3)) : -1; };
  const char* spaces[] = {"G", "S", "L", "E", "C", "P"};
  const char* caches[] = {"", "", "", ".VOLATILE", ".CG", ".CV"};
  size_t reordered = 0;
  const int kBlocks = 3000;
  for (int t = 0; t < kBlocks; ++t) {
    std::vector<MInst> code;
    const unsigned n = 2 + pick(40);
    for (unsigned i = 0; i < n; ++i) {
      switch (pick(14)) {
        case 0: code.push_back(inst("FFMA", {D(r()), R(r()), R(r()), R(r())}, guard())); break;
        case 1: code.push_back(inst("IADD.S32", {D(r()), R(r()), imm(1)}, guard())); break;
        case 2:
          code.push_back(
              inst("DFMA", {D(pair(), 2), R(pair(), 2), R(pair(), 2), R(pair(), 2)}, guard()));
          break;
        case 3: code.push_back(inst("ISETP.LT.S32", {PD(pick(3)), R(r()), R(r())}, guard())); break;
        case 4: code.push_back(inst("SEL", {D(r()), R(r()), R(r()), P(pick(3))})); break;
        case 5: code.push_back(inst("MUFU.RCP", {D(r()), R(r())}, guard())); break;
        case 6:
        case 7: {
          std::string sp = spaces[pick(6)];
          bool wide = sp == "G" || sp == "E";
          std::string op = "LD." + sp + (wide ? caches[pick(6)] : "") + (pick(2) ? ".64" : ".32");
          unsigned words = op.back() == '4' ? 2 : 1;
          MOp a =
              sp == "P" || sp == "C" ? addr(kNoReg, 0, 4 * pick(8)) : addr(pair(), wide ? 2 : 1, 0);
          code.push_back(inst(op, {D(words == 2 ? pair() : r(), words), a}, guard()));
          break;
        }
        case 8: {
          std::string sp = spaces[pick(4)];
          bool wide = sp == "G" || sp == "E";
          MOp a =
              sp == "L" && pick(2) ? addr(kNoReg, 0, 4 * pick(4)) : addr(pair(), wide ? 2 : 1, 0);
          code.push_back(inst("ST." + sp + ".32", {a, R(r())}, guard()));
          break;
        }
        case 9: code.push_back(inst("MOV", {reg(pair(), true, 1, pick(2)), imm(7)})); break;
        case 10: code.push_back(inst("PLOP.OR", {PD(pick(3)), P(pick(3)), P(pick(3))})); break;
        case 11: {
          const char* fences[] = {"BAR.SYNC", "MEMBAR.GL", "ACTIVEMASK", "NANOSLEEP"};
          std::string f = fences[pick(4)];
          if (f == "ACTIVEMASK")
            code.push_back(inst(f, {D(r())}));
          else
            code.push_back(inst(f, {imm(0)}));
          break;
        }
        case 12:
          if (pick(2))
            code.push_back(
                inst("SHFL.IDX", {D(r()), PD(pick(3)), R(r()), R(r()), imm(31)}, -1, true));
          else
            code.push_back(inst("ATOM.E.ADD.U32", {D(r()), addr(pair(), 2, 0), R(r())}));
          break;
        default:
          if (pick(2))
            code.push_back(label(pick(4)));
          else
            code.push_back(bra(pick(4), guard()));
          break;
      }
    }
    Block b(code);
    std::vector<MInst> out = b.scheduled();
    std::ostringstream what;
    what << "random block " << t;
    expect_legal(b.f.code, out, what.str());
    if (HasFailure()) return;
    for (size_t k = 0; k < out.size(); ++k)
      if (out[k].line != static_cast<int>(k + 1)) {
        ++reordered;
        break;
      }
  }
  EXPECT_GT(reordered, static_cast<size_t>(kBlocks / 2));
}

// ---- through the whole front-end

// Kernel by kernel, the scheduled translation holds exactly the unscheduled one's instructions
// and register count, in another order (functional results are then the same by construction;
// the workload tests check them end to end).
TEST(ListScheduler, TranslationsKeepTheirInstructionsAndRegisters) {
  using isa::ptx_testing::module;
  std::ostringstream body;
  body << ".visible .entry k(.param .u64 out, .param .u32 n)\n{\n"
          "\t.reg .pred %p<2>;\n\t.reg .f32 %f<3>;\n\t.reg .b32 %r<4>;\n\t.reg .b64 %rd<4>;\n"
          "\tld.param.u64 %rd1, [out];\n\tld.param.u32 %r1, [n];\n\tmov.f32 %f1, 0f3F800000;\n"
          "\tmov.u32 %r2, 0;\n$L1:\n";
  for (int i = 0; i < 8; ++i) body << "\tfma.rn.f32 %f1, %f1, 0f3F7FBE77, 0f3A83126F;\n";
  body << "\tadd.s32 %r2, %r2, 1;\n\tsetp.lt.u32 %p1, %r2, %r1;\n\t@%p1 bra $L1;\n"
          "\tcvta.to.global.u64 %rd2, %rd1;\n\tst.global.f32 [%rd2], %f1;\n\tret;\n}\n";
  const std::string ptx = module(body.str());
  PtxOptions off;
  off.schedule = false;
  const std::string on_text = translate_ptx_to_assembly(ptx, "loop.ptx");
  const std::string off_text = translate_ptx_to_assembly(ptx, "loop.ptx", off);
  EXPECT_NE(on_text, off_text) << "the loop's counter should move";
  auto lines = [](const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(lines(on_text), lines(off_text));
  EXPECT_EQ(translate_ptx(ptx, "loop.ptx").kernels[0].regs,
            translate_ptx(ptx, "loop.ptx", off).kernels[0].regs);
}

}  // namespace
}  // namespace warpsim::isa::ptx
