// docs/isa.md is generated from the opcode table and must match it. To regenerate, run this
// test with WARPSIM_UPDATE_DOCS=1 (scripts/gen_isa_doc.sh does that).
#include "isa/isa_doc.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "isa/opcode_table.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

TEST(IsaDoc, CommittedDocumentMatchesTheTable) {
  const std::string path = testing::source_path("docs/isa.md");
  const std::string generated = isa_reference_markdown();
  const char* update = std::getenv("WARPSIM_UPDATE_DOCS");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << generated;
  }
  std::string committed;
  try {
    committed = testing::read_text(path);
  } catch (const std::exception&) {
  }
  EXPECT_TRUE(committed == generated)
      << path << " is stale; regenerate it with scripts/gen_isa_doc.sh "
      << "(or run this test with WARPSIM_UPDATE_DOCS=1)";
}

TEST(IsaDoc, EveryOpcodeHasARow) {
  const std::string doc = isa_reference_markdown();
  for (const OpcodeInfo& op : opcode_table())
    EXPECT_NE(doc.find(std::string("| `") + op.mnemonic + "` |"), std::string::npos) << op.mnemonic;
}

}  // namespace
}  // namespace warpsim::isa
