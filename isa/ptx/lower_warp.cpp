// Warp-level operations: vote (all/any/uni/ballot), shfl (idx/up/down/bfly, with the optional
// validity predicate), match (any/all), activemask. The membermask operand of the .sync forms
// is not used: lanes of a warp run in lockstep here, so every active lane participates.
#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

bool Lowerer::lower_warp() {
  const std::string& op = in().op;
  if (op == "vote") {
    if (has("ballot")) {
      emit("VOTE.BALLOT", {dst(arg(0), Type::b32), psrc(arg(1))});
      return true;
    }
    const char* m = has("all") ? "ALL" : has("any") ? "ANY" : has("uni") ? "UNI" : nullptr;
    if (!m) unsupported();
    emit(std::string("VOTE.") + m, {pdst(arg(0)), psrc(arg(1))});
    return true;
  }
  if (op == "shfl") {
    const char* m = has("idx") ? "IDX" : has("up") ? "UP" : has("down") ? "DOWN" : has("bfly") ? "BFLY" : nullptr;
    if (!m) unsupported();
    const Value& d = arg(0);
    MOp rd, pd = ptdef();
    if (d.kind == Value::Kind::vec) {
      rd = dst(d.elems[0], Type::b32);
      pd = pdst(d.elems[1]);
    } else {
      rd = dst(d, Type::b32);
    }
    MInst& mi = emit(std::string("SHFL.") + m,
                     {rd, pd, src(arg(1), Type::b32), src(arg(2), Type::u32), src(arg(3), Type::u32)});
    mi.early_clobber = true;
    return true;
  }
  if (op == "match") {
    Type t = type();
    std::string ct = type_bytes(t) == 8 ? "B64" : "B32";
    if (has("any")) {
      MInst& mi = emit("MATCH.ANY." + ct, {dst(arg(0), Type::b32), use(src_reg(arg(1), t))});
      mi.early_clobber = true;
      return true;
    }
    if (has("all")) {
      const Value& d = arg(0);
      MOp rd, pd = ptdef();
      if (d.kind == Value::Kind::vec) {
        rd = dst(d.elems[0], Type::b32);
        pd = pdst(d.elems[1]);
      } else {
        rd = dst(d, Type::b32);
      }
      MInst& mi = emit("MATCH.ALL." + ct, {rd, pd, use(src_reg(arg(1), t))});
      mi.early_clobber = true;
      return true;
    }
    unsupported();
  }
  if (op == "activemask") {
    emit("ACTIVEMASK", {dst(arg(0), Type::b32)});
    return true;
  }
  return false;
}

}  // namespace warpsim::isa::ptx
