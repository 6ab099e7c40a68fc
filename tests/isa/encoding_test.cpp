// Binary encoding, binary program files and the disassembler round trip.
#include "isa/encoding.h"

#include <gtest/gtest.h>

#include <set>

#include "isa/assembler.h"
#include "isa/binary_format.h"
#include "isa/disassembler.h"
#include "isa/opcode_table.h"
#include "sim/error.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

const char* const kFixture = "tests/isa/fixtures/all_opcodes.s";
const char* const kWorkloads[] = {"workloads/saxpy/saxpy.s", "workloads/reduce/reduce.s",
                                  "workloads/branchy/branchy.s"};

Program fixture() { return assemble_file(testing::source_path(kFixture)); }

TEST(Encoding, InstructionsAreSixteenBytesAndRoundTrip) {
  Program p = fixture();
  for (const Kernel& k : p.kernels) {
    for (size_t i = 0; i < k.code.size(); ++i) {
      EncodedInst e = encode(k.code[i]);
      Inst back;
      std::string why;
      ASSERT_TRUE(decode(e, back, why)) << "line " << k.lines[i] << ": " << why;
      EXPECT_EQ(back, k.code[i]) << "line " << k.lines[i];
      EXPECT_EQ(encode(back), e);
    }
  }
  static_assert(sizeof(EncodedInst) == kInstBytes);
}

TEST(Encoding, FixtureCoversEveryOpcodeAndModifier) {
  Program p = fixture();
  const auto& table = opcode_table();
  std::vector<std::array<uint32_t, kNumModGroups>> seen(table.size());
  std::set<uint16_t> opcodes;
  for (const Kernel& k : p.kernels)
    for (const Inst& inst : k.code) {
      opcodes.insert(inst.opcode);
      for (unsigned g = 0; g < kNumModGroups; ++g) seen[inst.opcode][g] |= 1u << inst.mod[g];
    }
  for (size_t op = 0; op < table.size(); ++op) {
    EXPECT_TRUE(opcodes.count(static_cast<uint16_t>(op))) << table[op].mnemonic;
    for (unsigned g = 0; g < kNumModGroups; ++g) {
      uint32_t missing = table[op].mods[g].allowed & ~seen[op][g];
      EXPECT_EQ(missing, 0u) << table[op].mnemonic << " ."
                             << mod_group_info(static_cast<ModGroup>(g)).name;
    }
  }
}

TEST(Encoding, DecodeRejectsInvalidWords) {
  std::string why;
  Inst out;
  EXPECT_FALSE(decode({0x3FF, 0}, out, why));  // no such opcode
  EXPECT_NE(why.find("unknown opcode"), std::string::npos);
  Program p = assemble(".kernel k\n ISETP.LT P0, R1, R2\n LD.G.64 R2, [R4]\n EXIT\n", "t.s");
  EncodedInst isetp = encode(p.kernels[0].code[0]);
  EXPECT_FALSE(decode({isetp[0], isetp[1] & 0xFFFFFFFFull}, out, why));  // .cmp is required
  EncodedInst ld = encode(p.kernels[0].code[1]);
  EXPECT_FALSE(decode({ld[0] | (uint64_t(3) << 14), ld[1]}, out, why));  // R3: odd pair base
  EXPECT_FALSE(decode({ld[0] | (uint64_t(1) << 62), ld[1]}, out, why));  // reserved bit
  // The per-operand flag marks a short immediate only on `Rx|imm` operands.
  EXPECT_FALSE(decode({ld[0] | (uint64_t(1) << 54), ld[1]}, out, why));  // on a destination
  EXPECT_NE(why.find("negation on a non-predicate operand"), std::string::npos);
  // Modifier bits of a group the opcode does not take (LD has no .cmp).
  EXPECT_FALSE(decode({ld[0], ld[1] | (uint64_t(1) << 32)}, out, why));
  EXPECT_NE(why.find("modifier bits set for a group it does not take"), std::string::npos);
  // Combinations the groups alone allow but the opcode does not (IMUL.WIDE.S64).
  Program w = assemble(".kernel k\n IMUL.WIDE.S32 R2, R4, R6\n EXIT\n", "t.s");
  Inst bad = w.kernels[0].code[0];
  bad.mod[static_cast<unsigned>(ModGroup::type)] = static_cast<uint8_t>(DataType::s64);
  EXPECT_FALSE(decode(encode(bad), out, why));
  EXPECT_NE(why.find(".WIDE takes a 32-bit type"), std::string::npos);
}

TEST(Encoding, ShortImmediatesAnd64BitImmediatesRoundTrip) {
  Program p = assemble(
      ".kernel k\n SHFL.BFLY R1, P0, R2, -3, 0x101F\n MOV.64 R2, 0xFEDCBA9876543210\n EXIT\n",
      "t.s");
  for (const Inst& inst : p.kernels[0].code) {
    Inst back;
    std::string why;
    ASSERT_TRUE(decode(encode(inst), back, why)) << why;
    EXPECT_EQ(back, inst);
  }
  EXPECT_TRUE(p.kernels[0].code[0].ops[3].short_imm);
  EXPECT_EQ(short_imm_value(p.kernels[0].code[0].ops[3]), uint32_t(-3));
  EXPECT_EQ(encode(p.kernels[0].code[1])[1], 0xFEDCBA9876543210ull);  // word 1: the immediate
}

TEST(BinaryFormat, AssembleDisassembleAssembleIsByteIdentical) {
  std::vector<std::string> files(std::begin(kWorkloads), std::end(kWorkloads));
  files.push_back(kFixture);
  for (const std::string& f : files) {
    Program p = assemble_file(testing::source_path(f));
    std::vector<uint8_t> bin = write_binary(p);
    Program loaded = read_binary(bin, "x.bin");
    std::string text = disassemble(loaded);
    Program again = assemble(text, "disasm.s");
    EXPECT_EQ(write_binary(again), bin) << f << "\n" << text;
    EXPECT_EQ(disassemble(again), text) << f;
    ASSERT_EQ(loaded.kernels.size(), p.kernels.size());
    for (size_t k = 0; k < p.kernels.size(); ++k) {
      EXPECT_EQ(loaded.kernels[k].code, p.kernels[k].code) << f;
      EXPECT_EQ(loaded.kernels[k].regs, p.kernels[k].regs);
      EXPECT_EQ(loaded.kernels[k].param_bytes, p.kernels[k].param_bytes);
    }
  }
}

TEST(BinaryFormat, DisassemblyIsReadable) {
  Program p = assemble(R"(.kernel k
.param u64 buf
  LD.P.64 R2, [buf]
top:
  @!P0 LD.G.32 R4, [R2-8]
  FADD R5, R4, 0.5
  ISETP.LT.U32 P0, R4, 10
  @P0 BRA top
  EXIT
)",
                       "t.s");
  EXPECT_EQ(disassemble(p), R"(.kernel k
.param u64 buf
.regs 6
  LD.P.64 R2, [buf]
L_0010:
  @!P0 LD.G.32 R4, [R2-8]
  FADD R5, R4, 0.5
  ISETP.LT.U32 P0, R4, 10
  @P0 BRA L_0010
  EXIT
)");
}

TEST(BinaryFormat, MalformedFilesAreInputErrors) {
  Program p = assemble_file(testing::source_path(kWorkloads[0]));
  std::vector<uint8_t> bin = write_binary(p);
  auto expect_error = [](std::vector<uint8_t> bytes, const std::string& what) {
    try {
      read_binary(bytes, "bad.bin");
      ADD_FAILURE() << "no error for " << what;
    } catch (const InputError& e) {
      EXPECT_EQ(e.path(), "bad.bin");
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  expect_error({'n', 'o', 'p', 'e'}, "bad magic");
  std::vector<uint8_t> v = bin;
  v[8] = 9;
  expect_error(v, "version 9 is not supported");
  v = bin;
  v.resize(v.size() - 3);
  expect_error(v, "truncated");
  v = bin;
  v.push_back(0);
  expect_error(v, "trailing bytes");
  v = bin;
  v[v.size() - 4 - 16] = 0xFF;  // the last instruction's opcode field (before the data count)
  v[v.size() - 4 - 15] |= 0x03;
  expect_error(v, "unknown opcode");
}

TEST(BinaryFormat, LoadProgramTellsTextFromBinary) {
  std::string dir = ::testing::TempDir();
  Program p = assemble_file(testing::source_path(kWorkloads[1]));
  save_binary(p, dir + "/reduce.bin");
  Program b = load_program(dir + "/reduce.bin");
  Program t = load_program(testing::source_path(kWorkloads[1]));
  EXPECT_EQ(b.kernels[0].code, t.kernels[0].code);
  EXPECT_EQ(b.kernels[0].shared_bytes, 1024u);
  EXPECT_TRUE(b.kernels[0].lines.empty());
  EXPECT_THROW(load_program(dir + "/does_not_exist.s"), InputError);
}

}  // namespace
}  // namespace warpsim::isa
