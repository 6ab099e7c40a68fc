// Assembly syntax, and the exact line and message of every kind of malformed input.
#include "isa/assembler.h"

#include <gtest/gtest.h>

#include "isa/opcode_table.h"
#include "sim/error.h"

namespace warpsim::isa {
namespace {

// Assembles `text` expecting an InputError at `line` whose problem contains `what`.
void expect_error(const std::string& text, int line, const std::string& what) {
  try {
    assemble(text, "bad.s");
    ADD_FAILURE() << "no error; expected line " << line << ": " << what;
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), "bad.s");
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(e.problem().find(what), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("bad.s:" + std::to_string(line) + ": ", 0), 0u);
  }
}

const std::string K = ".kernel k\n";  // line 1

TEST(Assembler, SyntaxFeatures) {
  Program p = assemble(R"(// leading comment
.kernel first     ; a kernel
.param u32 n
.param u64 ptr    // offset 8
.shared 64
loop: IADD R1, R1, 1      // label and instruction on one line
  isetp.lt.u32 P0, R1, 0x10 ; lower case mnemonics and modifiers
  @P0 BRA loop
  @!P0 MOV R10, R1
  EXIT

.kernel second
.regs 40
  MOV R0, RZ
  EXIT
)",
                       "ok.s");
  ASSERT_EQ(p.kernels.size(), 2u);
  const Kernel& k = p.kernels[0];
  EXPECT_EQ(k.name, "first");
  EXPECT_EQ(k.source_path, "ok.s");
  ASSERT_EQ(k.params.size(), 2u);
  EXPECT_EQ(k.params[1].offset, 8u);
  EXPECT_EQ(k.param_bytes, 16u);
  EXPECT_EQ(k.shared_bytes, 64u);
  EXPECT_EQ(k.regs, 11u);  // highest register used + 1
  ASSERT_EQ(k.code.size(), 5u);
  EXPECT_EQ(k.lines, (std::vector<int>{6, 7, 8, 9, 10}));
  EXPECT_EQ(k.code[2].imm, 0u);  // BRA loop -> pc 0
  EXPECT_EQ(k.code[2].guard, 0);
  EXPECT_EQ(k.code[3].guard_neg, true);
  EXPECT_EQ(k.code[1].m<CmpOp>(ModGroup::cmp), CmpOp::lt);
  EXPECT_EQ(k.code[0].m<DataType>(ModGroup::type), DataType::s32);  // the default
  EXPECT_EQ(p.kernels[1].regs, 40u);
  EXPECT_EQ(p.find("second"), &p.kernels[1]);
  EXPECT_EQ(p.find("third"), nullptr);
}

TEST(Assembler, Immediates) {
  uint32_t b = 0;
  EXPECT_TRUE(parse_immediate("-1", ImmKind::integer, b));
  EXPECT_EQ(b, 0xFFFFFFFFu);
  EXPECT_TRUE(parse_immediate("0xDEADBEEF", ImmKind::integer, b));
  EXPECT_EQ(b, 0xDEADBEEFu);
  EXPECT_TRUE(parse_immediate("-2147483648", ImmKind::integer, b));
  EXPECT_EQ(b, 0x80000000u);
  EXPECT_FALSE(parse_immediate("4294967296", ImmKind::integer, b));
  EXPECT_FALSE(parse_immediate("-2147483649", ImmKind::integer, b));
  EXPECT_FALSE(parse_immediate("1.5", ImmKind::integer, b));
  EXPECT_FALSE(parse_immediate("12abc", ImmKind::integer, b));
  EXPECT_TRUE(parse_immediate("2", ImmKind::f32, b));
  EXPECT_EQ(b, 0x40000000u);
  EXPECT_TRUE(parse_immediate("2.5", ImmKind::f32, b));
  EXPECT_EQ(b, 0x40200000u);
  EXPECT_TRUE(parse_immediate("-1e-3", ImmKind::f32, b));
  EXPECT_TRUE(parse_immediate("0f40200000", ImmKind::f32, b));
  EXPECT_EQ(b, 0x40200000u);
  EXPECT_FALSE(parse_immediate("0x1p3", ImmKind::f32, b));
  EXPECT_TRUE(parse_immediate("7", ImmKind::bits, b));
  EXPECT_EQ(b, 7u);
  EXPECT_TRUE(parse_immediate("1.0", ImmKind::bits, b));
  EXPECT_EQ(b, 0x3F800000u);
}

TEST(AssemblerErrors, UnknownMnemonic) {
  expect_error(K + "  FOO R1, R2\n  EXIT\n", 2, "unknown mnemonic 'FOO'");
}

TEST(AssemblerErrors, WrongOperandCount) {
  expect_error(K + "  IADD R1, R2\n  EXIT\n", 2,
               "IADD takes 3 operands (Rd:t, Ra:t, Rb:t|imm), got 2");
  expect_error(K + "  EXIT R1\n", 2, "EXIT takes 0 operands");
  expect_error(K + "  BAR 1, 2\n  EXIT\n", 2, "BAR takes 1 operand");
}

TEST(AssemblerErrors, BadOperands) {
  expect_error(K + "  MOV R1, R2\n  IADD R1, 5, R2\n  EXIT\n", 3, "must be a register, got '5'");
  expect_error(K + "  ISETP.LT R0, R1, R2\n  EXIT\n", 2, "must be a predicate");
  expect_error(K + "  IADD R1, R2, 0x1FFFFFFFF\n  EXIT\n", 2, "bad immediate '0x1FFFFFFFF'");
  expect_error(K + "  FADD R1, R2, 1.5x\n  EXIT\n", 2, "bad immediate");
  expect_error(K + "  S2R R1, SR_FOO\n  EXIT\n", 2, "unknown special register 'SR_FOO'");
  expect_error(K + "  LD.G.32 R1, R2\n  EXIT\n", 2, "must be an address");
  expect_error(K + "  LD.G.32 R1, [R2*4]\n  EXIT\n", 2, "bad address");
  expect_error(K + "  LD.P.32 R1, [R2]\n  EXIT\n", 2, "param-space addresses take no register");
  expect_error(K + "  IMAD R1, R2, 3, 0x1000\n  IMAD R1, R2, 0x1000, 0x2000\n  EXIT\n", 3,
               "at most one immediate or address offset per instruction (other immediates must "
               "be integers in -128..127)");
  expect_error(K + "  FFMA R1, R2, 3, 4\n  EXIT\n", 2, "must be a register");
  expect_error(K + "  SEL R1, 1, R2, P0\n  EXIT\n", 2, "must be a register");
}

TEST(AssemblerErrors, BadModifiers) {
  expect_error(K + "  IADD.F32 R1, R2, R3\n  EXIT\n", 2, "bad modifier .F32 for IADD");
  expect_error(K + "  ISETP P0, R1, R2\n  EXIT\n", 2, "ISETP needs a .cmp modifier");
  expect_error(K + "  ISETP.LT.GT P0, R1, R2\n  EXIT\n", 2, "bad modifier .GT");
  expect_error(K + "  LD.G R1, [R2]\n  EXIT\n", 2, "LD needs a .width modifier");
  expect_error(K + "  LD.32 R1, [R2]\n  EXIT\n", 2, "LD needs a .space modifier");
  expect_error(K + "  ST.C.32 [R2], R1\n  EXIT\n", 2, "bad modifier .C");  // read-only space
  expect_error(K + "  EXIT.U32\n", 2, "(it takes no modifiers)");
  expect_error(K + "  IADD. R1, R2, R3\n  EXIT\n", 2, "empty modifier");
}

TEST(AssemblerErrors, RegistersOutOfRangeOrMisaligned) {
  expect_error(K + "  MOV R255, 1\n  EXIT\n", 2, "register R255 out of range (R0..R254, RZ)");
  expect_error(K + "  ISETP.EQ P7, R1, R2\n  EXIT\n", 2, "predicate P7 out of range");
  expect_error(K + "  @P9 EXIT\n  EXIT\n", 2, "predicate P9 out of range");
  expect_error(K + "  LD.G.64 R3, [R4]\n  EXIT\n", 2, "register R3 must be even (a pair)");
  expect_error(K + "  LD.G.32 R2, [R5]\n  EXIT\n", 2, "register R5 must be even");
  expect_error(K + "  LD.S.128 R2, [R5]\n  EXIT\n", 2, "a multiple of 4 (a quad)");
  expect_error(K + "  IADD.U64 R254, R2, 1\n  EXIT\n", 2, "runs past R254");
  expect_error(K + ".regs 4\n  MOV R1, 2\n  MOV R4, 1\n  EXIT\n", 4, "uses R4 but .regs is 4");
}

TEST(AssemblerErrors, Labels) {
  expect_error(K + "  BRA nowhere\n  EXIT\n", 2, "undefined label 'nowhere'");
  expect_error(K + "a:\n  NOP\na:\n  EXIT\n", 4, "duplicate label 'a'");
  expect_error(K + "  BRA end\n  EXIT\nend:\n", 2, "does not point at an instruction");
  expect_error(K + "  LD.P.32 R1, [nope]\n  EXIT\n", 2, "unknown param 'nope'");
  // Labels are local to a kernel.
  expect_error(K + "a: EXIT\n.kernel k2\n  BRA a\n  EXIT\n", 4, "undefined label 'a'");
}

TEST(AssemblerErrors, Directives) {
  expect_error(K + ".bogus 3\n  EXIT\n", 2, "unknown directive .bogus");
  expect_error(K + ".param u33 n\n  EXIT\n", 2, "unknown param type 'u33'");
  expect_error(K + ".param u32\n  EXIT\n", 2, "expected `.param TYPE NAME`");
  expect_error(K + ".param u32 n\n.param f32 n\n  EXIT\n", 3, "duplicate param 'n'");
  expect_error(K + ".shared -4\n  EXIT\n", 2, "bad shared memory size");
  expect_error(K + ".regs 300\n  EXIT\n", 2, "bad register count");
  expect_error(".param u32 n\n", 1, "outside a kernel");
  expect_error("  EXIT\n", 1, "instruction outside a kernel");
  expect_error(K + "  EXIT\n.kernel k\n  EXIT\n", 3, "duplicate kernel 'k'");
  expect_error(K + ".kernel k2\n  EXIT\n", 1, "kernel k has no instructions");
}

TEST(AssemblerErrors, ControlMustNotRunOffTheEnd) {
  expect_error(K + "  MOV R1, 2\n  NOP\n", 3, "can run past its last instruction");
  expect_error(K + "  MOV R1, 2\n  @P0 EXIT\n", 3, "can run past its last instruction");
}

TEST(Assembler, DottedMnemonicsOptionalOperandsAndShortImmediates) {
  Program p = assemble(R"(.data global g 0x8000000 8 12 0102
.data const c 0x40 4 4
.kernel k
.local 64
  IADD.CC R1, P1, R2, R3
  SHF.L.CLAMP R1, R2, R3, 4
  ISETP.LT P0, R1, R2
  ISETP.LT.OR P0, R1, R2, !P3
  BAR.SYNC
  BAR.SYNC 1, 256
  SHFL.BFLY R1, P0, R2, 16, 0x101F
  ATOM.G.ADD R1, [R2+8], 1
  MOV R5, fn
  MOV.64 R6, 0x123456789
  DADD R8, R8, 0.5
  S2R R10, SR_CLOCK64
  CALL fn
  EXIT
fn:
  RET
)",
                       "ok.s");
  const Kernel& k = p.kernels[0];
  EXPECT_EQ(k.local_bytes, 64u);
  ASSERT_EQ(p.data.size(), 2u);
  EXPECT_EQ(p.data[0].name, "g");
  EXPECT_FALSE(p.data[0].constant);
  EXPECT_EQ(p.data[0].address, 0x8000000u);
  EXPECT_EQ(p.data[0].bytes, (std::vector<uint8_t>{1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_TRUE(p.data[1].constant);
  EXPECT_STREQ(opcode_info(k.code[0].opcode).mnemonic, "IADD.CC");
  EXPECT_STREQ(opcode_info(k.code[1].opcode).mnemonic, "SHF.L");
  EXPECT_EQ(k.code[1].m<SubOp>(ModGroup::op), SubOp::clamp);
  EXPECT_EQ(k.code[2].ops[3].id, kPT);  // omitted Pa: PT, boolop AND
  EXPECT_EQ(k.code[2].m<BoolOp>(ModGroup::boolop), BoolOp::and_);
  EXPECT_TRUE(k.code[3].ops[3].neg);
  EXPECT_EQ(k.code[4].ops[0].id, kRZ);  // omitted id and count read RZ (0)
  EXPECT_EQ(k.code[4].ops[1].id, kRZ);
  // Two immediates: the one that needs 32 bits takes the field, the other is short.
  EXPECT_EQ(k.code[5].imm, 256u);
  EXPECT_TRUE(k.code[5].ops[0].short_imm);
  EXPECT_EQ(k.code[5].ops[0].id, 1u);
  EXPECT_EQ(k.code[6].imm, 0x101Fu);
  EXPECT_TRUE(k.code[6].ops[3].short_imm);
  EXPECT_EQ(k.code[7].imm, 8u);  // the address offset
  EXPECT_TRUE(k.code[7].ops[2].short_imm);
  EXPECT_EQ(k.code[8].imm, 14u * 16);  // a label as a value: its pc
  EXPECT_EQ(k.code[9].imm, 0x23456789u);
  EXPECT_EQ(k.code[9].imm_hi, 1u);
  EXPECT_EQ(k.code[10].imm, 0x3FE00000u);  // the high word of 0.5
  EXPECT_EQ(k.regs, 12u);                  // S2R R10 of a 64-bit register is a pair
  EXPECT_EQ(k.code[12].imm, 14u * 16);     // CALL target
}

TEST(AssemblerErrors, NewOperandKindsAndModifierCombinations) {
  expect_error(K + "  IADD.CC.X R1, P1, R2, R3\n  EXIT\n", 2, "bad modifier .X for IADD.CC");
  expect_error(K + "  IADD.CC R1, R2, R3\n  EXIT\n", 2,
               "IADD.CC takes 4 operands (Rd, Pd, Ra, Rb|imm), got 3");
  expect_error(K + "  IADD.CC R1, R2, R3, R4\n  EXIT\n", 2, "operand 2 of IADD.CC must be a predicate");
  expect_error(K + "  SHFL.IDX R1, P0, R2, 300, 0x101F\n  EXIT\n", 2,
               "at most one immediate or address offset per instruction");
  expect_error(K + "  ATOM.G.ADD R1, [R2+8], 1000\n  EXIT\n", 2,
               "other immediates must be integers in -128..127");
  expect_error(K + "  FFMA R1, R2, 2.0, 3.0\n  EXIT\n", 2, "must be a register");
  expect_error(K + "  IMUL.WIDE.S64 R2, R4, R6\n  EXIT\n", 2,
               "IMUL: .WIDE takes a 32-bit type (.S32 or .U32)");
  expect_error(K + "  CVT.RN.S32.F32 R1, R2\n  EXIT\n", 2,
               "float-to-integer conversions round with .RNI .RZI .RMI or .RPI");
  expect_error(K + "  CVT.RNI.F32.S32 R1, R2\n  EXIT\n", 2,
               "integer-to-float conversions round with .RN .RZ .RM or .RP");
  expect_error(K + "  CVT.RZ.S32.U8 R1, R2\n  EXIT\n", 2, "take no rounding modifier");
  expect_error(K + "  CVT.F32 R1, R2\n  EXIT\n", 2, "CVT needs a .stype modifier");
  expect_error(K + "  CVT.F64.F32 R1, R2\n  EXIT\n", 2, "register R1 must be even (a pair)");
  expect_error(K + "  ATOM.G.INC.S32 R1, [R2], R3\n  EXIT\n", 2,
               "this atomic operation does not take this type");
  expect_error(K + "  ATOM.G.ADD R1, [R2], R3, R4\n  EXIT\n", 2, "only .CAS takes a third source");
  expect_error(K + "  ATOM.G.ADD.B32 R1, [R2], R3\n  EXIT\n", 2, "does not take this type");
  expect_error(K + "  ATOM.ADD R1, [R2], R3\n  EXIT\n", 2, "ATOM needs a .space modifier");
  expect_error(K + "  ATOM.G R1, [R2], R3\n  EXIT\n", 2, "ATOM needs a .op modifier");
  expect_error(K + "  ATOM.L.ADD R1, [R2], R3\n  EXIT\n", 2, "bad modifier .L for ATOM");
  expect_error(K + "  LD.E.32 R1, [R3]\n  EXIT\n", 2, "register R3 must be even (a pair)");
  expect_error(K + "  MUFU R1, R2\n  EXIT\n", 2, "MUFU needs a .op modifier");
  expect_error(K + "  MUFU.ADD R1, R2\n  EXIT\n", 2, "bad modifier .ADD for MUFU");
  expect_error(K + "  VOTE.IDX P0, P1\n  EXIT\n", 2, "bad modifier .IDX for VOTE");
  expect_error(K + "  S2R R1, SR_CLOCK64\n  EXIT\n", 2, "register R1 must be even (a pair)");
  expect_error(K + "  HMMA.16816.F32.F16 R2, R4, R8, R12\n  EXIT\n", 2,
               "register R2 must be a multiple of 4 (a quad)");
  expect_error(K + "  DADD R2, R4, 0.1\n  EXIT\n", 2,
               "fp64 immediate '0.1' needs more than its high 32 bits; load it with MOV.64");
  expect_error(K + "  MOV.64 R2, 0x1FFFFFFFFFFFFFFFF\n  EXIT\n", 2, "bad immediate");
  expect_error(K + "  MOV R2, nowhere\n  EXIT\n", 2, "undefined label 'nowhere'");
  expect_error(K + "  CALL nowhere\n  EXIT\n", 2, "undefined label 'nowhere'");
  expect_error(K + "  CALL.IND 5\n  EXIT\n", 2, "must be a register");
  expect_error(K + "  BAR.SYNC 1, 2, 3\n  EXIT\n", 2, "BAR.SYNC takes 2 operands");
  expect_error(K + "  BAR.RED.POPC P0, 0, P1\n  EXIT\n", 2, "must be a register");
  expect_error(K + "  BAR.RED.XOR P0, 0, P1\n  EXIT\n", 2, "bad modifier .XOR for BAR.RED");
  expect_error(K + "  CALL f\nf:\n  CALL f\n", 4, "can run past its last instruction");
}

TEST(AssemblerErrors, LocalAndDataDirectives) {
  expect_error(K + ".local -1\n  EXIT\n", 2, "bad local memory size '-1'");
  expect_error(K + ".local 99999999\n  EXIT\n", 2, "bad local memory size");
  expect_error(".data shared x 0 4 4\n", 1, "bad data space 'shared' (global or const)");
  expect_error(".data global 1x 0 4 4\n", 1, "bad variable name '1x'");
  expect_error(".data global x 0 3 4\n", 1, "bad alignment '3'");
  expect_error(".data global x 2 4 4\n", 1, "address is not a multiple of the alignment");
  expect_error(".data global x 0 4 2 010203\n", 1, "at most SIZE bytes");
  expect_error(".data global x 0 4 4 0g\n", 1, "bad hex byte '0g'");
  expect_error(".data global x 0 4 4\n.data const x 8 4 4\n", 2, "duplicate variable 'x'");
  expect_error(".data global x 0 4\n", 1, "expected `.data global|const NAME ADDRESS ALIGN SIZE");
}

TEST(Assembler, FileErrors) { EXPECT_THROW(assemble_file("/nonexistent/x.s"), InputError); }

}  // namespace
}  // namespace warpsim::isa
