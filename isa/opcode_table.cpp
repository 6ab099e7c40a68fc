#include "isa/opcode_table.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "isa/semantics.h"

namespace warpsim::isa {

namespace {

using OC = OpClass;
using IK = ImmKind;

// Signature syntax: comma-separated operands. Rd = destination register, Ra/Rb/Rc/Re = source
// registers, `|imm` = may be an immediate instead, `:2` / `:4` = register pair / quad,
// `:w` = as many registers as the access width, `:W` = a pair with .WIDE, `:t` = a pair for a
// 64-bit type, `:m` = a pair with .WIDE or a 64-bit type, `:u` = a pair for a 64-bit source
// type, `:s` = a pair for a 64-bit special register; Pd / Pd2 = destination predicates,
// Pa / Pb = source predicates (may be negated, `!P0`); SR = special register; [addr] = address;
// label = branch or call target; imm = immediate. A trailing `?` marks an operand that may be
// omitted at the end of the list (an immediate then is 0, a register RZ, a predicate PT).
//
// Modifier syntax: space-separated `group=V|V|V` clauses; `V*` marks the value an absent group
// takes; a group without a default must be written, unless declared `group?=` (absent = none).

// Checks of modifier combinations (OpcodeInfo::check).
DataType type_of(const Inst& i) { return i.m<DataType>(ModGroup::type); }

const char* check_mul(const Inst& i) {
  if (i.m<MulMode>(ModGroup::wide) == MulMode::wide && is_64bit(type_of(i)))
    return ".WIDE takes a 32-bit type (.S32 or .U32)";
  return nullptr;
}

const char* check_cvt(const Inst& i) {
  DataType d = type_of(i), s = i.m<DataType>(ModGroup::stype);
  RndMod r = i.m<RndMod>(ModGroup::rnd);
  bool integral = r == RndMod::rni || r == RndMod::rzi || r == RndMod::rmi || r == RndMod::rpi;
  bool ieee = r == RndMod::rn || r == RndMod::rz || r == RndMod::rm || r == RndMod::rp;
  if (!is_float(d) && !is_float(s) && r != RndMod::none)
    return "integer-to-integer conversions take no rounding modifier";
  if (!is_float(d) && is_float(s) && ieee)
    return "float-to-integer conversions round with .RNI .RZI .RMI or .RPI";
  if (is_float(d) && !is_float(s) && integral)
    return "integer-to-float conversions round with .RN .RZ .RM or .RP";
  return nullptr;
}

const char* check_atom(const Inst& i) {
  auto op = i.m<SubOp>(ModGroup::op);
  DataType t = type_of(i);
  bool is_int = !is_float(t);
  bool ok = false;
  switch (op) {
    case SubOp::add: ok = t != DataType::b32 && t != DataType::b64; break;  // F16, F16X2 too
    case SubOp::min:
    case SubOp::max:
      ok = t == DataType::u32 || t == DataType::s32 || t == DataType::u64 || t == DataType::s64;
      break;
    case SubOp::and_:
    case SubOp::or_:
    case SubOp::xor_:
    case SubOp::cas: ok = is_int; break;
    case SubOp::exch: ok = t != DataType::f16 && t != DataType::f16x2; break;
    case SubOp::inc:
    case SubOp::dec: ok = t == DataType::u32; break;
    default: break;
  }
  if (!ok) return "this atomic operation does not take this type";
  if (op != SubOp::cas && i.ops[3].kind == OperandKind::reg && i.ops[3].id != kRZ)
    return "only .CAS takes a third source";
  return nullptr;
}

// fp64 conversions and roundings run on the fp64 unit (quarter or lower rate on most parts).
OpClass class_fp64_types(const Inst& i) {
  return type_of(i) == DataType::f64 || i.m<DataType>(ModGroup::stype) == DataType::f64
             ? OpClass::fp64
             : opcode_info(i.opcode).op_class;
}

const std::vector<OpcodeInfo>& rows() {
  using F = Flow;
  // clang-format off
  static const std::vector<OpcodeInfo> kRows = {
      // mnemonic, signature, modifiers, unit, immediates, summary, semantics[, flow, check, class]

      // ---- integer arithmetic
      {"IADD", "Rd:t, Ra:t, Rb:t|imm", "type=S32*|U32|S64|U64", OC::int_alu, IK::integer,
       "d = a + b, wrapping; .S64/.U64 add register pairs (64-bit address arithmetic)", sem::iadd},
      {"ISUB", "Rd:t, Ra:t, Rb:t|imm", "type=S32*|U32|S64|U64", OC::int_alu, IK::integer,
       "d = a - b, wrapping", sem::isub},
      {"IADD.CC", "Rd, Pd, Ra, Rb|imm", "", OC::int_alu, IK::integer,
       "d = a + b (32-bit); Pd = carry out (PTX add.cc; Pd = PT discards it)", sem::iadd_cc},
      {"IADDX", "Rd, Pd, Ra, Rb|imm, Pa", "", OC::int_alu, IK::integer,
       "d = a + b + Pa (carry in); Pd = carry out (PTX addc[.cc])", sem::iaddx},
      {"ISUB.CC", "Rd, Pd, Ra, Rb|imm", "", OC::int_alu, IK::integer,
       "d = a - b (32-bit); Pd = borrow out, a < b unsigned (PTX sub.cc)", sem::isub_cc},
      {"ISUBX", "Rd, Pd, Ra, Rb|imm, Pa", "", OC::int_alu, IK::integer,
       "d = a - b - Pa (borrow in); Pd = borrow out (PTX subc[.cc])", sem::isubx},
      {"IMUL", "Rd:m, Ra:t, Rb:t|imm", "wide=LO*|HI|WIDE type=S32*|U32|S64|U64", OC::int_mul,
       IK::integer,
       "d = a * b: .LO the low half of the product, .HI the high half, .WIDE all 64 bits of a "
       "32x32 product (a pair)", sem::imul, F::none, check_mul},
      {"IMAD", "Rd:m, Ra:t, Rb:t|imm, Rc:m|imm", "wide=LO*|HI|WIDE type=S32*|U32|S64|U64",
       OC::int_mul, IK::integer,
       "d = a * b + c, wrapping, with the part of the product IMUL's .LO/.HI/.WIDE keeps "
       "(.WIDE: pair d = 64-bit product + pair c)", sem::imad, F::none, check_mul},
      {"IMIN", "Rd:t, Ra:t, Rb:t|imm", "type=S32*|U32|S64|U64", OC::int_alu, IK::integer,
       "d = min(a, b)", sem::imin},
      {"IMAX", "Rd:t, Ra:t, Rb:t|imm", "type=S32*|U32|S64|U64", OC::int_alu, IK::integer,
       "d = max(a, b)", sem::imax},
      {"IABS", "Rd:t, Ra:t", "type=S32*|S64", OC::int_alu, IK::integer,
       "d = |a|; the most negative value stays itself", sem::iabs},
      {"INEG", "Rd:t, Ra:t", "type=S32*|S64", OC::int_alu, IK::integer, "d = -a, wrapping",
       sem::ineg},
      // Volta has no integer divider: nvcc emits a MUFU.RCP-based sequence, so the pair is timed
      // as one multi-function-unit operation.
      {"IDIV", "Rd:t, Ra:t, Rb:t|imm", "type=S32*|U32|S64|U64", OC::sfu, IK::integer,
       "d = a / b, truncating; x / 0 = all ones; MIN / -1 = MIN", sem::idiv},
      {"IREM", "Rd:t, Ra:t, Rb:t|imm", "type=S32*|U32|S64|U64", OC::sfu, IK::integer,
       "d = a % b, the sign of a; x % 0 = x; MIN % -1 = 0", sem::irem},

      // ---- shifts and bit operations
      {"SHL", "Rd:t, Ra:t, Rb|imm", "type=B32*|B64|U32|S32|U64|S64", OC::int_alu, IK::integer,
       "d = a << b; b is unsigned 32-bit, counts >= the width give 0", sem::shl},
      {"SHR", "Rd:t, Ra:t, Rb|imm", "type=U32*|S32|U64|S64|B32|B64", OC::int_alu, IK::integer,
       "d = a >> b, arithmetic for .S32/.S64, else logical; b is unsigned 32-bit, counts >= the "
       "width give 0 or the sign fill", sem::shr},
      {"SHF.L", "Rd, Ra, Rb, Rc|imm", "op=WRAP|CLAMP", OC::int_alu, IK::integer,
       "funnel shift left: d = high word of ({b, a} << n), n = c & 31 (.WRAP) or min(c, 32) "
       "(.CLAMP); a is the low word (PTX shf.l)", sem::shf_l},
      {"SHF.R", "Rd, Ra, Rb, Rc|imm", "op=WRAP|CLAMP", OC::int_alu, IK::integer,
       "funnel shift right: d = low word of ({b, a} >> n), n as for SHF.L (PTX shf.r)",
       sem::shf_r},
      {"AND", "Rd:t, Ra:t, Rb:t|imm", "type=B32*|B64", OC::int_alu, IK::integer, "d = a & b",
       sem::and_},
      {"OR", "Rd:t, Ra:t, Rb:t|imm", "type=B32*|B64", OC::int_alu, IK::integer, "d = a | b",
       sem::or_},
      {"XOR", "Rd:t, Ra:t, Rb:t|imm", "type=B32*|B64", OC::int_alu, IK::integer, "d = a ^ b",
       sem::xor_},
      {"NOT", "Rd:t, Ra:t|imm", "type=B32*|B64", OC::int_alu, IK::integer, "d = ~a", sem::not_},
      {"POPC", "Rd, Ra:t", "type=B32*|B64", OC::int_alu, IK::integer,
       "d = number of set bits of a (32-bit result)", sem::popc},
      {"CLZ", "Rd, Ra:t", "type=B32*|B64", OC::int_alu, IK::integer,
       "d = number of leading zero bits of a (32 or 64 for a = 0)", sem::clz},
      {"BREV", "Rd:t, Ra:t", "type=B32*|B64", OC::int_alu, IK::integer, "d = a bit-reversed",
       sem::brev},
      {"BFE", "Rd:t, Ra:t, Rb|imm, Rc|imm", "type=U32|S32|U64|S64", OC::int_alu, IK::integer,
       "bit-field extract (PTX bfe): d = len bits of a from pos, zero- or sign-extended; "
       "pos = b & 255, len = c & 255; bits past the msb repeat the sign (signed) or are 0",
       sem::bfe},
      {"BFI", "Rd:t, Ra:t, Rb:t, Rc|imm, Re|imm", "type=B32*|B64", OC::int_alu, IK::integer,
       "bit-field insert (PTX bfi): d = b with len bits from pos replaced by the low bits of a; "
       "pos = c & 255, len = e & 255; bits past the msb are dropped", sem::bfi},
      {"PRMT", "Rd, Ra, Rb, Rc|imm", "", OC::int_alu, IK::integer,
       "byte permute (PTX prmt default mode): byte i of d = byte (c >> 4i) & 7 of {b, a}, "
       "replicated sign bit when (c >> 4i) & 8", sem::prmt},
      {"ISETP", "Pd, Ra:t, Rb:t|imm, Pa?", "cmp=EQ|NE|LT|LE|GT|GE boolop=AND*|OR|XOR "
       "type=S32*|U32|S64|U64|B32|B64", OC::int_alu, IK::integer,
       "Pd = (a cmp b) boolop Pa, signed or unsigned (.B as unsigned); Pa defaults to PT",
       sem::isetp},

      // ---- fp32
      {"FADD", "Rd, Ra, Rb|imm", "rnd=RN*|RZ|RM|RP ftz?=FTZ sat?=SAT", OC::fp32, IK::f32,
       "d = a + b (fp32, IEEE-754 rounding as .rnd)", sem::fadd},
      {"FSUB", "Rd, Ra, Rb|imm", "rnd=RN*|RZ|RM|RP ftz?=FTZ sat?=SAT", OC::fp32, IK::f32,
       "d = a - b (fp32)", sem::fsub},
      {"FMUL", "Rd, Ra, Rb|imm", "rnd=RN*|RZ|RM|RP ftz?=FTZ sat?=SAT", OC::fp32, IK::f32,
       "d = a * b (fp32)", sem::fmul},
      {"FFMA", "Rd, Ra, Rb|imm, Rc", "rnd=RN*|RZ|RM|RP ftz?=FTZ sat?=SAT", OC::fp32, IK::f32,
       "d = a * b + c, fused (one rounding)", sem::ffma},
      {"FMIN", "Rd, Ra, Rb|imm", "cmp?=NAN ftz?=FTZ", OC::fp32, IK::f32,
       "d = min(a, b); a NaN operand yields the other one (NaN only if both are; .NAN: NaN if "
       "either is); -0 < +0", sem::fmin},
      {"FMAX", "Rd, Ra, Rb|imm", "cmp?=NAN ftz?=FTZ", OC::fp32, IK::f32,
       "d = max(a, b); a NaN operand yields the other one (NaN only if both are; .NAN: NaN if "
       "either is); -0 < +0", sem::fmax},
      {"FABS", "Rd, Ra", "ftz?=FTZ", OC::fp32, IK::f32, "d = |a| (clears the sign bit)",
       sem::fabs_},
      {"FNEG", "Rd, Ra", "ftz?=FTZ", OC::fp32, IK::f32, "d = -a (flips the sign bit)", sem::fneg},
      {"FDIV", "Rd, Ra, Rb|imm", "rnd=RN*|RZ|RM|RP|APPROX ftz?=FTZ", OC::sfu, IK::f32,
       "d = a / b, IEEE-754 (.RN .RZ .RM .RP) or .APPROX: a * (1/b) with an fp32 reciprocal "
       "(PTX div.approx/div.full)", sem::fdiv},
      {"FRCP", "Rd, Ra", "rnd=RN*|RZ|RM|RP ftz?=FTZ", OC::sfu, IK::f32,
       "d = 1 / a, IEEE-754 rounded (PTX rcp.rn; rcp.approx is MUFU.RCP)", sem::frcp},
      {"FSQRT", "Rd, Ra", "rnd=RN*|RZ|RM|RP ftz?=FTZ", OC::sfu, IK::f32,
       "d = sqrt(a), IEEE-754 rounded (PTX sqrt.rn; sqrt.approx is MUFU.SQRT)", sem::fsqrt},
      {"FSETP", "Pd, Ra, Rb|imm, Pa?",
       "cmp=EQ|NE|LT|LE|GT|GE|EQU|NEU|LTU|LEU|GTU|GEU|NUM|NAN boolop=AND*|OR|XOR ftz?=FTZ",
       OC::fp32, IK::f32,
       "Pd = (a cmp b) boolop Pa; EQ..GE are false and EQU..GEU true when an operand is NaN; "
       "NUM: neither is NaN; NAN: either is", sem::fsetp},
      {"FRND", "Rd:t, Ra:t", "rnd=RNI|RZI|RMI|RPI type=F32*|F64 ftz?=FTZ", OC::fp32, IK::f32,
       "d = a rounded to an integral value in its own format (nearest even, toward zero, down, "
       "up)", sem::frnd, F::none, nullptr, class_fp64_types},

      // ---- fp64 on register pairs
      {"DADD", "Rd:2, Ra:2, Rb:2|imm", "rnd=RN*|RZ|RM|RP", OC::fp64, IK::f64,
       "d = a + b (fp64)", sem::dadd},
      {"DSUB", "Rd:2, Ra:2, Rb:2|imm", "rnd=RN*|RZ|RM|RP", OC::fp64, IK::f64,
       "d = a - b (fp64)", sem::dsub},
      {"DMUL", "Rd:2, Ra:2, Rb:2|imm", "rnd=RN*|RZ|RM|RP", OC::fp64, IK::f64,
       "d = a * b (fp64)", sem::dmul},
      {"DFMA", "Rd:2, Ra:2, Rb:2|imm, Rc:2", "rnd=RN*|RZ|RM|RP", OC::fp64, IK::f64,
       "d = a * b + c, fused (fp64)", sem::dfma},
      {"DMIN", "Rd:2, Ra:2, Rb:2|imm", "", OC::fp64, IK::f64,
       "d = min(a, b), NaN only if both are (as FMIN)", sem::dmin},
      {"DMAX", "Rd:2, Ra:2, Rb:2|imm", "", OC::fp64, IK::f64,
       "d = max(a, b), NaN only if both are (as FMAX)", sem::dmax},
      {"DABS", "Rd:2, Ra:2", "", OC::fp64, IK::f64, "d = |a| (fp64)", sem::dabs},
      {"DNEG", "Rd:2, Ra:2", "", OC::fp64, IK::f64, "d = -a (fp64)", sem::dneg},
      {"DDIV", "Rd:2, Ra:2, Rb:2|imm", "rnd=RN*|RZ|RM|RP", OC::fp64, IK::f64,
       "d = a / b, IEEE-754 (fp64)", sem::ddiv},
      {"DSQRT", "Rd:2, Ra:2", "rnd=RN*|RZ|RM|RP", OC::fp64, IK::f64,
       "d = sqrt(a), IEEE-754 (fp64)", sem::dsqrt},
      {"DRCP", "Rd:2, Ra:2", "rnd=RN*|RZ|RM|RP", OC::fp64, IK::f64,
       "d = 1 / a, IEEE-754 (fp64)", sem::drcp},
      {"DSETP", "Pd, Ra:2, Rb:2|imm, Pa?",
       "cmp=EQ|NE|LT|LE|GT|GE|EQU|NEU|LTU|LEU|GTU|GEU|NUM|NAN boolop=AND*|OR|XOR", OC::fp64,
       IK::f64, "Pd = (a cmp b) boolop Pa, as FSETP (fp64)", sem::dsetp},

      // ---- fp16: packed pairs (low half = element 0) and scalars in the low 16 bits
      {"HADD2", "Rd, Ra, Rb|imm", "rnd=RN* ftz?=FTZ sat?=SAT", OC::fp16, IK::bits,
       "d.i = a.i + b.i for both halves (IEEE half, round to nearest even)", sem::hadd2},
      {"HSUB2", "Rd, Ra, Rb|imm", "rnd=RN* ftz?=FTZ sat?=SAT", OC::fp16, IK::bits,
       "d.i = a.i - b.i for both halves", sem::hsub2},
      {"HMUL2", "Rd, Ra, Rb|imm", "rnd=RN* ftz?=FTZ sat?=SAT", OC::fp16, IK::bits,
       "d.i = a.i * b.i for both halves", sem::hmul2},
      {"HFMA2", "Rd, Ra, Rb|imm, Rc", "rnd=RN* ftz?=FTZ sat?=SAT", OC::fp16, IK::bits,
       "d.i = a.i * b.i + c.i fused, for both halves", sem::hfma2},
      {"HMIN2", "Rd, Ra, Rb|imm", "cmp?=NAN ftz?=FTZ", OC::fp16, IK::bits,
       "d.i = min(a.i, b.i), NaN only if both are (.NAN: if either is)", sem::hmin2},
      {"HMAX2", "Rd, Ra, Rb|imm", "cmp?=NAN ftz?=FTZ", OC::fp16, IK::bits,
       "d.i = max(a.i, b.i), NaN only if both are (.NAN: if either is)", sem::hmax2},
      {"HSETP2", "Pd, Pd2, Ra, Rb|imm",
       "cmp=EQ|NE|LT|LE|GT|GE|EQU|NEU|LTU|LEU|GTU|GEU|NUM|NAN ftz?=FTZ", OC::fp16, IK::bits,
       "Pd = a.0 cmp b.0, Pd2 = a.1 cmp b.1 (PTX setp.f16x2 p|q)", sem::hsetp2},
      {"HADD", "Rd, Ra, Rb|imm", "rnd=RN* ftz?=FTZ sat?=SAT type=F16*", OC::fp16, IK::bits,
       "d = a + b on the low halves; the high half of d is 0", sem::hadd},
      {"HSUB", "Rd, Ra, Rb|imm", "rnd=RN* ftz?=FTZ sat?=SAT type=F16*", OC::fp16, IK::bits,
       "d = a - b (half)", sem::hsub},
      {"HMUL", "Rd, Ra, Rb|imm", "rnd=RN* ftz?=FTZ sat?=SAT type=F16*", OC::fp16, IK::bits,
       "d = a * b (half)", sem::hmul},
      {"HFMA", "Rd, Ra, Rb|imm, Rc", "rnd=RN* ftz?=FTZ sat?=SAT type=F16*", OC::fp16, IK::bits,
       "d = a * b + c fused (half)", sem::hfma},
      {"HMIN", "Rd, Ra, Rb|imm", "cmp?=NAN ftz?=FTZ type=F16*", OC::fp16, IK::bits,
       "d = min(a, b) (half)", sem::hmin},
      {"HMAX", "Rd, Ra, Rb|imm", "cmp?=NAN ftz?=FTZ type=F16*", OC::fp16, IK::bits,
       "d = max(a, b) (half)", sem::hmax},

      // ---- multi-function unit: approximate like the hardware MUFU; computed with the host's
      // fp32 libm (typically within 1-2 ulp, more accurate than MUFU's ~2^-22 relative error)
      {"MUFU", "Rd, Ra", "op=RCP|RSQ|SQRT|SIN|COS|EX2|LG2|TANH ftz?=FTZ", OC::sfu, IK::f32,
       "d = f(a) in fp32: 1/a, 1/sqrt(a), sqrt(a), sin(a), cos(a) (radians), 2^a, log2(a), "
       "tanh(a)", sem::mufu},

      // ---- conversions. Volta converts at quarter rate (CUDA C Programming Guide, arithmetic
      // instruction throughput: 16 conversions/clock/SM), the multi-function unit's rate.
      {"CVT", "Rd:t, Ra:u",
       "rnd?=RN|RZ|RM|RP|RNI|RZI|RMI|RPI ftz?=FTZ sat?=SAT "
       "type=U8|S8|U16|S16|U32|S32|U64|S64|F16|F32|F64 "
       "stype=U8|S8|U16|S16|U32|S32|U64|S64|F16|F32|F64",
       OC::sfu, IK::integer,
       "d = a converted from .stype to .type (PTX cvt); see Conversions below", sem::cvt,
       F::none, check_cvt, class_fp64_types},
      {"I2F", "Rd, Ra", "rnd=RN* type=F32* stype=S32*|U32", OC::sfu, IK::integer,
       "d = (float)a, a signed or unsigned 32-bit integer, round to nearest even (= CVT)",
       sem::cvt},
      {"F2I", "Rd, Ra", "rnd=RZ* type=S32*|U32 stype=F32*", OC::sfu, IK::integer,
       "d = (int)a, round toward zero; saturates to the type's range, NaN gives 0 (= CVT.RZI)",
       sem::cvt},

      // ---- moves, selects, special registers, predicates
      {"MOV", "Rd, Ra|imm", "", OC::int_alu, IK::bits,
       "d = a; an immediate may be an integer, an fp32 literal (its bits) or a label (its pc)",
       sem::mov},
      {"MOV.64", "Rd:2, Ra:2|imm", "", OC::int_alu, IK::bits64,
       "pair d = pair a; an immediate may be any 64-bit integer, an fp64 literal (its bits, or "
       "`0d` + 16 hex digits) or a label (its pc)", sem::mov64},
      {"SEL", "Rd:t, Ra:t, Rb:t|imm, Pa", "type=B32*|B64", OC::int_alu, IK::integer,
       "d = Pa ? a : b", sem::sel},
      {"S2R", "Rd:s, SR", "", OC::misc, IK::integer,
       "d = special register (a pair for SR_CLOCK64 and SR_GLOBALTIMER)", sem::s2r},
      {"PLOP", "Pd, Pa, Pb", "boolop=AND|OR|XOR", OC::int_alu, IK::integer,
       "Pd = Pa op Pb (sources may be negated)", sem::plop},
      {"PNOT", "Pd, Pa", "", OC::int_alu, IK::integer, "Pd = !Pa", sem::pnot},

      // ---- memory
      {"LD", "Rd:w, [addr]",
       "space=G|S|L|C|P|E cache?=CA|CG|CS|CV|LU|NC|VOLATILE width=U8|S8|U16|S16|32|64|128",
       OC::load, IK::integer,
       "d = memory[addr]; U8..S16 zero/sign-extend to 32 bits; 64/128 fill a pair/quad", sem::ld},
      {"ST", "[addr], Ra:w",
       "space=G|S|L|E cache?=CA|CG|CS|CV|LU|NC|VOLATILE width=U8|S8|U16|S16|32|64|128",
       OC::store, IK::integer, "memory[addr] = a; U8..S16 store the low bits", sem::st},
      {"ATOM", "Rd:t, [addr], Rb:t|imm, Rc:t?",
       "space=G|S|E op=ADD|MIN|MAX|AND|OR|XOR|EXCH|CAS|INC|DEC "
       "type=U32*|S32|U64|S64|F32|F64|B32|B64|F16|F16X2", OC::atomic, IK::integer,
       "d = old memory[addr]; memory[addr] = old op b (CAS: old == b ? c : old; INC: old >= b "
       "? 0 : old + 1; DEC: old == 0 || old > b ? b : old - 1); lanes in lane order; F16: "
       "2 bytes, F16X2: two packed halves (ADD only, round to nearest, no flush)",
       sem::atom, F::none, check_atom},
      {"RED", "[addr], Rb:t|imm", "space=G|S|E op=ADD|MIN|MAX|AND|OR|XOR|INC|DEC "
       "type=U32*|S32|U64|S64|F32|F64|B32|B64|F16|F16X2", OC::atomic, IK::integer,
       "memory[addr] = memory[addr] op b, as ATOM without a result", sem::red, F::none,
       check_atom},
      {"LDGSTS", "Ra, [addr]", "space=G* cache?=CA|CG width=32|64|128", OC::load, IK::integer,
       "asynchronous copy: shared[a] = global[addr] (width bytes); the warp goes on at once, "
       "LDGDEPBAR closes a group of copies and DEPBAR.LE waits for groups (PTX cp.async)",
       sem::ldgsts},
      {"LDGSTS.ZFILL", "Ra, [addr], Rb|imm", "space=G* cache?=CA|CG width=32|64|128", OC::load,
       IK::integer,
       "as LDGSTS, copying only the first b bytes and writing zeros to the rest (PTX cp.async "
       "with src-size)", sem::ldgsts},
      {"LDGDEPBAR", "", "", OC::misc, IK::integer,
       "closes the group of the warp's LDGSTS issued since the last LDGDEPBAR (cp.async.commit_group)",
       sem::nop},
      {"DEPBAR.LE", "imm", "", OC::misc, IK::integer,
       "waits until at most imm of the warp's closed LDGSTS groups have copies in flight "
       "(cp.async.wait_group)", sem::nop},
      {"CVTA", "Rd:t, Ra:t", "space=G|S|L|C type=U64*|U32", OC::int_alu, IK::integer,
       "d = the generic address of a, an address in .space (global: unchanged; shared, local, "
       "constant: window base + a)", sem::cvta},
      {"CVTA.TO", "Rd:t, Ra:t", "space=G|S|L|C type=U64*|U32", OC::int_alu, IK::integer,
       "d = the .space address of generic address a (global: unchanged; others: a - window "
       "base)", sem::cvta_to},

      // ---- synchronisation
      {"BAR", "imm?", "", OC::barrier, IK::integer,
       "CTA-wide barrier (id imm, 0 when omitted) = BAR.SYNC imm", sem::bar},
      {"BAR.SYNC", "Ra|imm?, Rb|imm?", "", OC::barrier, IK::integer,
       "the warp waits at barrier a (0..15, default 0) until b threads (default and 0: all "
       "non-exited threads of the CTA) have arrived", sem::bar_sync},
      {"BAR.ARRIVE", "Ra|imm, Rb|imm", "", OC::barrier, IK::integer,
       "the warp counts towards barrier a's b threads without waiting", sem::bar_arrive},
      {"BAR.RED.POPC", "Rd, Ra|imm, Pa, Rb|imm?", "", OC::barrier, IK::integer,
       "BAR.SYNC a, b; then d = number of arriving threads whose Pa holds", sem::bar_red,
       F::barrier_reduce},
      {"BAR.RED", "Pd, Ra|imm, Pa, Rb|imm?", "op=AND|OR", OC::barrier, IK::integer,
       "BAR.SYNC a, b; then Pd = AND / OR of Pa over the arriving threads", sem::bar_red,
       F::barrier_reduce},
      {"MEMBAR", "", "op=CTA|GL|SYS", OC::misc, IK::integer,
       "memory fence (functionally a no-op: the emulator executes accesses in issue order)",
       sem::nop},

      // ---- warp-level
      {"ACTIVEMASK", "Rd", "", OC::int_alu, IK::integer, "d = mask of the executing lanes",
       sem::activemask},
      {"VOTE", "Pd, Pa", "op=ALL|ANY|UNI", OC::int_alu, IK::integer,
       "Pd = Pa holds in all / any of the executing lanes, or (UNI) the same in all of them",
       sem::vote},
      {"VOTE.BALLOT", "Rd, Pa", "", OC::int_alu, IK::integer,
       "d = mask of the executing lanes where Pa holds", sem::vote_ballot},
      {"MATCH.ANY", "Rd, Ra:t", "type=B32*|B64", OC::misc, IK::integer,
       "d = mask of the executing lanes whose a equals this lane's a", sem::match_any},
      {"MATCH.ALL", "Rd, Pd, Ra:t", "type=B32*|B64", OC::misc, IK::integer,
       "if a is the same in all executing lanes: d = their mask, Pd = 1; else d = 0, Pd = 0",
       sem::match_all},
      {"SHFL", "Rd, Pd, Ra, Rb|imm, Rc|imm", "op=IDX|UP|DOWN|BFLY", OC::misc, IK::integer,
       "d = a of source lane j (PTX shfl.sync: b = lane or delta, c = clamp | segmask << 8); "
       "Pd = j in range, else d = own a", sem::shfl},

      // ---- control
      {"BRA", "label", "op?=UNI", OC::branch, IK::integer,
       "jump; lanes whose guard is false fall through and reconverge at the branch's "
       "immediate post-dominator (.UNI: a hint that the guard is warp-uniform)",
       sem::bra, F::branch},
      {"CALL", "label", "", OC::branch, IK::integer,
       "the executing lanes run the function at label until RET, then every lane continues "
       "after the call", sem::nop, F::call},
      {"CALL.IND", "Ra", "", OC::branch, IK::integer,
       "call the function at pc a (per lane; lanes with different targets call one after the "
       "other)", sem::nop, F::call_indirect},
      {"RET", "", "", OC::branch, IK::integer,
       "the executing lanes return from the innermost call; outside any call they exit",
       sem::nop, F::ret},
      {"EXIT", "", "", OC::exit, IK::integer, "the executing lanes finish", sem::exit, F::exit},
      {"TRAP", "", "", OC::exit, IK::integer,
       "stops the run: an error naming the kernel and the line", sem::trap, F::exit},
      {"NANOSLEEP", "Ra|imm", "", OC::misc, IK::integer, "sleep hint: a no-op", sem::nop},
      {"NOP", "", "", OC::misc, IK::integer, "no operation", sem::nop},

      // ---- tensor cores: PTX mma.sync.aligned.m16n8kK.row.col register fragments (layouts and
      // arithmetic in semantics_tensor.cpp and docs/isa.md "Tensor cores"). Each input and
      // accumulator type is its own row: the fragments differ in size, and presets time each
      // (core.tensor.shape_fmas keys). The f16 -> f32 forms keep their modifier spelling.
      {"HMMA.16816", "Rd:4, Ra:4, Rb:2, Rc:4", "type=F32* stype=F16*", OC::tensor, IK::integer,
       "warp-wide D(16x8) = A(16x16) * B(16x8) + C: Ra = 4 half2 of A, Rb = 2 half2 of B, "
       "Rc/Rd = 4 f32 of C/D (PTX mma.m16n8k16)", sem::hmma16816},
      {"HMMA.1688", "Rd:4, Ra:2, Rb, Rc:4", "type=F32* stype=F16*", OC::tensor, IK::integer,
       "warp-wide D(16x8) = A(16x8) * B(8x8) + C (PTX mma.m16n8k8)", sem::hmma1688},
      {"HMMA.16816.F16.F16", "Rd:2, Ra:4, Rb:2, Rc:2", "", OC::tensor, IK::integer,
       "as HMMA.16816 with f16 accumulators: Rc/Rd = 2 half2 of C/D, rounded once to f16 "
       "(PTX mma.m16n8k16.f16.f16.f16.f16)", sem::hmma16816_f16},
      {"HMMA.16816.F32.BF16", "Rd:4, Ra:4, Rb:2, Rc:4", "", OC::tensor, IK::integer,
       "as HMMA.16816 with bf16 A and B: Ra = 4 bf16x2, Rb = 2 bf16x2 (PTX "
       "mma.m16n8k16.f32.bf16.bf16.f32)", sem::hmma16816_bf16},
      {"HMMA.1688.F32.TF32", "Rd:4, Ra:4, Rb:2, Rc:4", "", OC::tensor, IK::integer,
       "warp-wide D(16x8) = A(16x8) * B(8x8) + C with tf32 A and B, one per register (low 13 "
       "bits ignored): Ra = 4, Rb = 2 (PTX mma.m16n8k8.f32.tf32.tf32.f32)", sem::hmma1688_tf32},
      {"IMMA.16832.S32.S8.S8", "Rd:4, Ra:4, Rb:2, Rc:4", "sat?=SAT", OC::tensor, IK::integer,
       "warp-wide D(16x8) = A(16x32) * B(32x8) + C, s8 A and B (4 per register), s32 C/D; exact, "
       "wrapping, or clamped to the s32 range with .SAT (PTX mma.m16n8k32.s32.s8.s8.s32"
       "[.satfinite])", sem::imma16832_s8s8},
      {"IMMA.16832.S32.S8.U8", "Rd:4, Ra:4, Rb:2, Rc:4", "sat?=SAT", OC::tensor, IK::integer,
       "as IMMA.16832.S32.S8.S8 with u8 B", sem::imma16832_s8u8},
      {"IMMA.16832.S32.U8.S8", "Rd:4, Ra:4, Rb:2, Rc:4", "sat?=SAT", OC::tensor, IK::integer,
       "as IMMA.16832.S32.S8.S8 with u8 A", sem::imma16832_u8s8},
      {"IMMA.16832.S32.U8.U8", "Rd:4, Ra:4, Rb:2, Rc:4", "sat?=SAT", OC::tensor, IK::integer,
       "as IMMA.16832.S32.S8.S8 with u8 A and B", sem::imma16832_u8u8},
  };
  // clang-format on
  return kRows;
}

[[noreturn]] void table_error(const OpcodeInfo& r, const std::string& what) {
  throw std::logic_error(std::string("opcode table row ") + r.mnemonic + ": " + what);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else if (c != ' ' || sep != ',') {
      cur += c;
    }
  }
  if (!cur.empty() || !out.empty()) out.push_back(cur);
  return out;
}

void parse_signature(OpcodeInfo& r) {
  std::string sig = r.signature;
  if (sig.empty()) return;
  bool seen_optional = false;
  for (std::string t : split(sig, ',')) {
    if (r.num_ops == kMaxOperands) table_error(r, "too many operands");
    OperandSpec spec;
    if (!t.empty() && t.back() == '?') {
      spec.optional = true;
      t.pop_back();
    }
    if (seen_optional && !spec.optional) table_error(r, "an optional operand must be trailing");
    seen_optional = spec.optional;
    std::string width;
    size_t colon = t.find(':');
    size_t bar = t.find('|');
    bool or_imm = bar != std::string::npos;
    if (or_imm && t.substr(bar) != "|imm") table_error(r, "bad operand '" + t + "'");
    if (colon != std::string::npos)
      width = t.substr(colon + 1, or_imm ? bar - colon - 1 : std::string::npos);
    std::string head = t.substr(0, std::min(colon, bar));
    // Rd / Pd (optionally followed by a digit: Pd2) are destinations; other letters sources.
    bool named = (head.size() == 2 || (head.size() == 3 && std::isdigit(head[2]))) &&
                 std::islower(head[1]);
    if (named && head[0] == 'R') {
      spec.role = head[1] == 'd' ? OperandRole::dst_reg
                  : or_imm       ? OperandRole::src_reg_or_imm
                                 : OperandRole::src_reg;
    } else if (named && head[0] == 'P') {
      spec.role = head[1] == 'd' ? OperandRole::dst_pred : OperandRole::src_pred;
    } else if (head == "SR") {
      spec.role = OperandRole::sreg;
    } else if (head == "[addr]") {
      spec.role = OperandRole::addr;
    } else if (head == "label") {
      spec.role = OperandRole::label;
    } else if (head == "imm") {
      spec.role = OperandRole::imm;
    } else {
      table_error(r, "bad operand '" + t + "'");
    }
    if (spec.optional && spec.role != OperandRole::imm && spec.role != OperandRole::src_reg &&
        spec.role != OperandRole::src_reg_or_imm && spec.role != OperandRole::src_pred)
      table_error(r, "only sources can be optional");
    static const std::pair<const char*, OperandWidth> kWidths[] = {
        {"", OperandWidth::one},      {"2", OperandWidth::two},   {"4", OperandWidth::four},
        {"w", OperandWidth::access},  {"W", OperandWidth::wide},  {"t", OperandWidth::dtype},
        {"m", OperandWidth::mul},     {"u", OperandWidth::stype}, {"s", OperandWidth::sreg}};
    bool found = false;
    for (const auto& [code, w] : kWidths)
      if (width == code) {
        spec.width = w;
        found = true;
      }
    if (!found) table_error(r, "bad operand width '" + t + "'");
    r.ops[r.num_ops++] = spec;
  }
}

void parse_modifiers(OpcodeInfo& r) {
  for (const std::string& clause : split(r.modifiers, ' ')) {
    if (clause.empty()) continue;
    size_t eq = clause.find('=');
    if (eq == std::string::npos) table_error(r, "bad modifier clause '" + clause + "'");
    std::string gname = clause.substr(0, eq);
    bool optional = !gname.empty() && gname.back() == '?';
    if (optional) gname.pop_back();
    int group = -1;
    for (unsigned g = 0; g < kNumModGroups; ++g)
      if (gname == mod_group_info(static_cast<ModGroup>(g)).name) group = static_cast<int>(g);
    if (group < 0) table_error(r, "unknown modifier group '" + gname + "'");
    ModRule& rule = r.mods[static_cast<unsigned>(group)];
    for (std::string v : split(clause.substr(eq + 1), '|')) {
      bool dflt = !v.empty() && v.back() == '*';
      if (dflt) v.pop_back();
      uint8_t value = find_mod_value(static_cast<ModGroup>(group), v);
      if (value == 0) table_error(r, "unknown modifier '" + v + "' in group " + gname);
      rule.allowed |= 1u << value;
      if (dflt) rule.dflt = value;
    }
    rule.required = !optional && rule.dflt == 0;
  }
}

std::vector<OpcodeInfo> build() {
  std::vector<OpcodeInfo> t = rows();
  if (t.size() > 1024) throw std::logic_error("opcode table exceeds the 10-bit opcode field");
  for (OpcodeInfo& r : t) {
    parse_signature(r);
    parse_modifiers(r);
    uint32_t used = 0;
    for (unsigned g = 0; g < kNumModGroups; ++g) {
      if (!r.mods[g].allowed) continue;
      uint32_t m = mod_group_info(static_cast<ModGroup>(g)).mask();
      if (used & m) table_error(r, "accepts two modifier groups that share encoding bits");
      used |= m;
    }
    if (r.imm_kind == ImmKind::bits64 && used)
      table_error(r, "64-bit immediates use the modifier word: no modifiers allowed");
  }
  return t;
}

}  // namespace

bool OpcodeInfo::has_label() const {
  for (unsigned i = 0; i < num_ops; ++i)
    if (ops[i].role == OperandRole::label) return true;
  return false;
}

const std::vector<OpcodeInfo>& opcode_table() {
  static const std::vector<OpcodeInfo> kTable = build();
  return kTable;
}

int find_opcode(std::string_view mnemonic) {
  static const std::unordered_map<std::string_view, int> kIndex = [] {
    std::unordered_map<std::string_view, int> m;
    const auto& t = opcode_table();
    for (size_t i = 0; i < t.size(); ++i) m.emplace(t[i].mnemonic, static_cast<int>(i));
    return m;
  }();
  auto it = kIndex.find(mnemonic);
  return it == kIndex.end() ? -1 : it->second;
}

int find_opcode_prefix(std::string_view head, size_t* mods_at) {
  for (size_t end = head.size();;) {
    int op = find_opcode(head.substr(0, end));
    if (op >= 0) {
      if (mods_at) *mods_at = end;
      return op;
    }
    if (end == 0) return -1;
    size_t dot = head.rfind('.', end - 1);
    if (dot == std::string_view::npos) return -1;
    end = dot;
  }
}

unsigned operand_regs(const OpcodeInfo& info, const Inst& inst, unsigned i) {
  auto pair_if = [](bool b) { return b ? 2u : 1u; };
  switch (info.ops[i].width) {
    case OperandWidth::one: return 1;
    case OperandWidth::two: return 2;
    case OperandWidth::four: return 4;
    case OperandWidth::access: {
      unsigned b = access_bytes(inst);
      return b <= 4 ? 1 : b / 4;
    }
    case OperandWidth::wide: return pair_if(inst.m<MulMode>(ModGroup::wide) == MulMode::wide);
    case OperandWidth::dtype: return pair_if(is_64bit(inst.m<DataType>(ModGroup::type)));
    case OperandWidth::mul:
      return pair_if(inst.m<MulMode>(ModGroup::wide) == MulMode::wide ||
                     is_64bit(inst.m<DataType>(ModGroup::type)));
    case OperandWidth::stype: return pair_if(is_64bit(inst.m<DataType>(ModGroup::stype)));
    case OperandWidth::sreg:
      for (unsigned k = 0; k < info.num_ops; ++k)
        if (info.ops[k].role == OperandRole::sreg)
          return pair_if(special_reg_is_64bit(static_cast<SpecialReg>(inst.ops[k].id)));
      return 1;
  }
  return 1;
}

unsigned address_regs(const Inst& inst) {
  switch (inst.m<SpaceMod>(ModGroup::space)) {
    case SpaceMod::g:
    case SpaceMod::e: return 2;
    case SpaceMod::p: return 0;
    default: return 1;
  }
}

unsigned access_bytes(const Inst& inst) {
  if (unsigned w = width_bytes(inst.m<WidthMod>(ModGroup::width))) return w;
  if (opcode_info(inst.opcode).op_class == OpClass::atomic)
    return type_bytes(inst.m<DataType>(ModGroup::type));
  return 0;
}

MemSpace mem_space(const Inst& inst) {
  const OpcodeInfo& info = opcode_info(inst.opcode);
  bool memory = false;
  for (unsigned i = 0; i < info.num_ops; ++i) memory |= info.ops[i].role == OperandRole::addr;
  if (!memory) return MemSpace::none;
  switch (inst.m<SpaceMod>(ModGroup::space)) {
    case SpaceMod::g: return MemSpace::global;
    case SpaceMod::s: return MemSpace::shared;
    case SpaceMod::l: return MemSpace::local;
    case SpaceMod::c: return MemSpace::constant;
    case SpaceMod::p: return MemSpace::param;
    case SpaceMod::e: return MemSpace::global;
    case SpaceMod::none: break;
  }
  return MemSpace::none;
}

CacheOp cache_op(const Inst& inst) {
  // VOLATILE (PTX ld.volatile) bypasses the caches like .CV.
  auto c = inst.m<CacheMod>(ModGroup::cache);
  return c == CacheMod::volatile_ ? CacheOp::cv : static_cast<CacheOp>(c);
}

OpClass op_class_of(const Inst& inst) {
  const OpcodeInfo& info = opcode_info(inst.opcode);
  return info.class_of ? info.class_of(inst) : info.op_class;
}

}  // namespace warpsim::isa
