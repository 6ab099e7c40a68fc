// Half precision: add sub mul fma min max neg abs on .f16 and .f16x2 (HADD.. / HADD2..);
// neg and abs of .bf16/.bf16x2 are sign-bit operations. Other bf16 arithmetic has no chip
// form and is refused.
#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

bool Lowerer::lower_half() {
  const std::string& op = in().op;
  static const char* const kOps[] = {"add", "sub", "mul", "fma", "min", "max", "neg", "abs",
                                     "ex2", "tanh", "mad"};
  bool known = false;
  for (const char* k : kOps)
    if (op == k) known = true;
  if (!known) return false;
  std::vector<Type> ts = types();
  if (ts.empty()) return false;
  Type t = ts.back();
  bool x2 = t == Type::f16x2 || t == Type::bf16x2;
  bool bf = t == Type::bf16 || t == Type::bf16x2;
  if (t != Type::f16 && t != Type::f16x2 && !bf) return false;
  Type rt = x2 ? Type::b32 : Type::b16;
  if (op == "neg" || op == "abs") {
    uint32_t m = op == "neg" ? 0x8000u : 0x7FFFu;
    if (x2) m |= m << 16;
    emit(op == "neg" ? "XOR" : "AND", {dst(arg(0), rt), src(arg(1), rt), imm(m)});
    return true;
  }
  if (bf) unsupported("bf16 arithmetic has no chip form");
  if (op == "ex2" || op == "tanh") unsupported();
  std::string m = op == "add" ? "HADD" : op == "sub" ? "HSUB" : op == "mul" ? "HMUL"
                : op == "min" ? "HMIN" : op == "max" ? "HMAX" : "HFMA";
  if (x2) m += "2";
  if (has("ftz")) m += ".FTZ";
  if (has("sat")) m += ".SAT";
  if (has("NaN")) m += ".NAN";
  if (has("rz") || has("rm") || has("rp")) unsupported("only round-to-nearest half arithmetic");
  std::vector<MOp> ops{dst(arg(0), rt)};
  size_t n = (op == "fma" || op == "mad") ? 3 : 2;
  for (size_t i = 1; i <= n; ++i) ops.push_back(use(src_reg(arg(i), rt)));
  emit(m, std::move(ops));
  return true;
}

}  // namespace warpsim::isa::ptx
