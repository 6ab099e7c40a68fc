// The SASS opcode maps (isa/sass): which binary versions have a table, that each table covers
// every mnemonic of Accel-Sim's own table for that version and every mnemonic in real traces, and
// the width and cache-operator rules.
#include "isa/sass/sass_table.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/traces/accelsim_test_support.h"

namespace warpsim::sass {
namespace {

// The mnemonics of Accel-Sim's ISA_Def tables (accel-sim-framework, gpu-simulator/ISA_Def).
const char* const kAccelSimCommon[] = {
    "FADD",     "FADD32I",     "FCHK",      "FFMA32I", "FFMA",      "FMNMX",     "FMUL",
    "FMUL32I",  "FSEL",        "FSET",      "FSETP",   "FSWZADD",   "MUFU",      "HADD2",
    "HFMA2",    "HMUL2",       "HSET2",     "HSETP2",  "DADD",      "DFMA",      "DMUL",
    "DSETP",    "BMSK",        "BREV",      "FLO",     "IABS",      "IADD",      "IADD3",
    "IADD32I",  "IDP",         "IDP4A",     "IMAD",    "IMMA",      "IMNMX",     "IMUL",
    "IMUL32I",  "ISCADD",      "ISCADD32I", "ISETP",   "LEA",       "LOP",       "LOP3",
    "LOP32I",   "POPC",        "SHF",       "SHR",     "VABSDIFF",  "VABSDIFF4", "F2F",
    "F2I",      "I2F",         "I2I",       "I2IP",    "FRND",      "MOV",       "MOV32I",
    "PRMT",     "SEL",         "SGXT",      "SHFL",    "PLOP3",     "PSETP",     "P2R",
    "R2P",      "LD",          "LDC",       "LDG",     "LDL",       "LDS",       "ST",
    "STG",      "STL",         "STS",       "MATCH",   "QSPC",      "ATOM",      "ATOMS",
    "ATOMG",    "RED",         "CCTL",      "CCTLL",   "ERRBAR",    "MEMBAR",    "CCTLT",
    "TEX",      "TLD",         "TLD4",      "TMML",    "TXD",       "TXQ",       "BMOV",
    "BPT",      "BRA",         "BREAK",     "BRX",     "BSSY",      "BSYNC",     "CALL",
    "EXIT",     "JMP",         "JMX",       "KILL",    "NANOSLEEP", "RET",       "RPCMOV",
    "RTT",      "WARPSYNC",    "YIELD",     "B2R",     "BAR",       "CS2R",      "CSMTEST",
    "DEPBAR",   "GETLMEMBASE", "LEPC",      "NOP",     "PMTRIG",    "R2B",       "S2R",
    "SETCTAID", "SETLMEMBASE", "VOTE",      "VOTE_VTG"};
const char* const kAccelSimPascalOnly[] = {
    "RRO",  "FCMP", "DMNMX", "DSET", "ISET",  "VADD", "BFE",  "BFI",   "ICMP", "IMADSP",
    "SHL",  "XMAD", "VMNMX", "CSET", "CSETP", "PSET", "TEXS", "TLD4S", "TLDS", "SSY",
    "SYNC", "CAL",  "JCAL",  "PRET", "BRK",   "PBK",  "CONT", "PCNT",  "PEXIT"};
const char* const kAccelSimVoltaPlus[] = {"HADD2_32I", "HFMA2_32I", "HMUL2_32I", "HMMA"};
const char* const kAccelSimTuringPlus[] = {
    "SHL",   "MOVM", "LDSM",  "BMMA",    "SUATOM", "SULD",  "SURED",  "SUST",  "BRXU",   "JMXU",
    "R2UR",  "S2UR", "UBMSK", "UBREV",   "UCLEA",  "UFLO",  "UIADD3", "UIMAD", "UISETP", "ULDC",
    "ULEA",  "ULOP", "ULOP3", "ULOP32I", "UMOV",   "UP2UR", "UPLOP3", "UPOPC", "UPRMT",  "UPSETP",
    "UR2UP", "USEL", "USGXT", "USHF",    "USHL",   "USHR",  "VOTEU"};
const char* const kAccelSimAmpereOnly[] = {"HMNMX2",  "DMMA",      "F2FP",   "I2FP",  "F2IP",
                                           "SUQUERY", "LDGDEPBAR", "LDGSTS", "REDUX", "UF2FP"};

template <size_t N>
void expect_table_has(int version, const char* const (&mnemonics)[N]) {
  const SassTable* t = table_for_binary_version(version);
  ASSERT_NE(t, nullptr) << version;
  for (const char* m : mnemonics) EXPECT_TRUE(t->find(m)) << m << " sm_" << version;
}

TEST(SassTables, CoverAccelSimsTables) {
  for (int v : {60, 61}) {
    expect_table_has(v, kAccelSimCommon);
    expect_table_has(v, kAccelSimPascalOnly);
  }
  for (int v : {70, 72, 75, 80, 86, 87, 89, 90}) {
    expect_table_has(v, kAccelSimCommon);
    expect_table_has(v, kAccelSimVoltaPlus);
  }
  for (int v : {75, 80, 86, 89, 90}) expect_table_has(v, kAccelSimTuringPlus);
  for (int v : {80, 86, 89, 90}) expect_table_has(v, kAccelSimAmpereOnly);
  // Architecture-specific names stay out of older tables.
  EXPECT_FALSE(table_for_binary_version(70)->find("LDGSTS"));
  EXPECT_FALSE(table_for_binary_version(75)->find("LDGSTS"));
  EXPECT_FALSE(table_for_binary_version(61)->find("UMOV"));
  EXPECT_FALSE(table_for_binary_version(80)->find("HGMMA"));
  EXPECT_TRUE(table_for_binary_version(90)->find("HGMMA"));
}

TEST(SassTables, RegisteredByBinaryVersion) {
  EXPECT_EQ(table_for_binary_version(61)->name(), "Maxwell/Pascal (sm_50..sm_62)");
  EXPECT_EQ(table_for_binary_version(70)->name(), "Volta (sm_70)");
  EXPECT_EQ(table_for_binary_version(75)->name(), "Turing (sm_75)");
  EXPECT_EQ(table_for_binary_version(80), table_for_binary_version(86));
  EXPECT_EQ(table_for_binary_version(89)->name(), "Ada (sm_89)");
  EXPECT_EQ(table_for_binary_version(90)->name(), "Hopper (sm_90)");
  EXPECT_EQ(table_for_binary_version(35)->name(), "Kepler (sm_30..sm_37)");
  EXPECT_EQ(table_for_binary_version(100), nullptr);
  EXPECT_EQ(table_for_binary_version(71), nullptr);
  EXPECT_EQ(nearest_table_at_or_below(100), table_for_binary_version(90));
  EXPECT_EQ(nearest_table_at_or_below(20), nullptr);
  EXPECT_NE(supported_binary_versions().find("61, 62, 70"), std::string::npos);
}

TEST(SassTables, ClassesAndSpaces) {
  const SassTable& t = *table_for_binary_version(80);
  auto cls = [&](const char* m) { return t.op(*t.find(m)).op_class; };
  auto mem = [&](const char* m) { return t.op(*t.find(m)).mem; };
  EXPECT_EQ(cls("FFMA"), OpClass::fp32);
  EXPECT_EQ(cls("DFMA"), OpClass::fp64);
  EXPECT_EQ(cls("HFMA2"), OpClass::fp16);
  EXPECT_EQ(cls("MUFU"), OpClass::sfu);
  EXPECT_EQ(cls("HMMA"), OpClass::tensor);
  EXPECT_EQ(cls("IMAD"), OpClass::int_mul);
  EXPECT_EQ(cls("IADD3"), OpClass::int_alu);
  EXPECT_EQ(cls("BRA"), OpClass::branch);
  EXPECT_EQ(cls("BAR"), OpClass::barrier);
  EXPECT_EQ(cls("MEMBAR"), OpClass::misc);  // a fence, not a CTA barrier
  EXPECT_EQ(cls("EXIT"), OpClass::exit);
  EXPECT_EQ(cls("S2R"), OpClass::misc);
  EXPECT_EQ(cls("ATOMG"), OpClass::atomic);
  EXPECT_EQ(mem("LDG"), SassMem::global);
  EXPECT_EQ(mem("STS"), SassMem::shared);
  EXPECT_EQ(mem("LDL"), SassMem::local);
  EXPECT_EQ(mem("LDC"), SassMem::constant);
  EXPECT_EQ(mem("LD"), SassMem::generic);
  EXPECT_EQ(mem("ATOMS"), SassMem::shared);
  EXPECT_EQ(mem("LDGSTS"), SassMem::global_to_shared);
  EXPECT_EQ(cls("LDGSTS"), OpClass::load);
  EXPECT_EQ(table_for_binary_version(61)->op(*table_for_binary_version(61)->find("XMAD")).op_class,
            OpClass::int_mul);
  // Every memory row has a space, and only memory rows have one.
  for (auto [version, table] : registered_tables())
    for (size_t i = 0; i < table->size(); ++i) {
      const SassOp& op = table->op(static_cast<uint16_t>(i));
      bool memory = op.op_class == OpClass::load || op.op_class == OpClass::store ||
                    op.op_class == OpClass::atomic;
      EXPECT_EQ(memory, op.mem != SassMem::none) << op.mnemonic << " sm_" << version;
    }
}

TEST(SassTables, AccessBytesFromTheOpcode) {
  EXPECT_EQ(access_bytes("LDG.E"), 4u);
  EXPECT_EQ(access_bytes("LDG.E.64.SYS"), 8u);
  EXPECT_EQ(access_bytes("LDG.E.128.CONSTANT"), 16u);
  EXPECT_EQ(access_bytes("LDS.U.128"), 16u);
  EXPECT_EQ(access_bytes("STG.E.U8"), 1u);
  EXPECT_EQ(access_bytes("LDG.E.S16"), 2u);
  EXPECT_EQ(access_bytes("LDGSTS.E.BYPASS.LTC128B.128"), 16u);
  EXPECT_EQ(access_bytes("ATOM.E.ADD.F32.FTZ.RN"), 4u);
  EXPECT_EQ(access_bytes("HMMA.16816.F32"), 4u);  // not a width
  EXPECT_EQ(access_bytes("LDG..E"), 4u);
  EXPECT_EQ(access_bytes("LDG.E.99999999999999999999"), 4u);
}

TEST(SassTables, CacheOperatorFromModifiers) {
  EXPECT_EQ(cache_op("LDG.E"), CacheOp::def);
  EXPECT_EQ(cache_op("LDG.E.STRONG.GPU"), CacheOp::cg);
  EXPECT_EQ(cache_op("LDG.E.STRONG.SYS"), CacheOp::cv);
  EXPECT_EQ(cache_op("LDGSTS.E.BYPASS.128"), CacheOp::cg);
  EXPECT_EQ(cache_op("LDG.E.CONSTANT"), CacheOp::nc);
  EXPECT_EQ(cache_op("LDG.E.EF"), CacheOp::cs);
  EXPECT_EQ(base_mnemonic("LDG.E.64"), "LDG");
  EXPECT_EQ(base_mnemonic("EXIT"), "EXIT");
}

// Every mnemonic in the committed real traces (and ../shared/traces when present) is known for
// its trace's binary version.
TEST(SassTables, KnowEveryMnemonicInRealTraces) {
  namespace fs = std::filesystem;
  std::vector<std::string> roots = {
      std::string(WARPSIM_SOURCE_DIR) + "/tests/traces/fixtures/accelsim",
      traces::test::shared_traces_dir()};
  size_t files = 0;
  for (const std::string& root : roots) {
    if (!fs::is_directory(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      std::string name = entry.path().filename().string();
      if (name.find(".trace") == std::string::npos || name.size() < 6) continue;
      ++files;
      std::ifstream in(entry.path());
      std::string line;
      int version = 0, tracer = 5, lineinfo = 0;
      bool raw = name.size() >= 6 && name.substr(name.size() - 6) == ".trace";
      std::set<std::string> missing;
      while (std::getline(in, line)) {
        if (line.rfind("-binary version = ", 0) == 0) version = std::stoi(line.substr(18));
        if (line.rfind("-accelsim tracer version = ", 0) == 0) tracer = std::stoi(line.substr(27));
        if (line.rfind("-enable lineinfo = ", 0) == 0) lineinfo = std::stoi(line.substr(19));
        if (line.empty() || !std::isxdigit(static_cast<unsigned char>(line[0])) ||
            line.rfind("cluster", 0) == 0)
          continue;
        std::istringstream ss(line);
        std::string tok;
        int skip = (tracer < 3 || raw ? 4 : 0) + lineinfo + 2;
        for (int i = 0; i < skip; ++i) ss >> tok;
        int ndst;
        ss >> ndst;
        for (int i = 0; i < ndst; ++i) ss >> tok;
        ss >> tok;
        const SassTable* t = table_for_binary_version(version);
        ASSERT_NE(t, nullptr) << entry.path();
        if (!t->find(base_mnemonic(tok))) missing.insert(tok);
      }
      EXPECT_TRUE(missing.empty()) << entry.path() << ": " << *missing.begin();
    }
  }
  EXPECT_GE(files, 6u);
}

}  // namespace
}  // namespace warpsim::sass
