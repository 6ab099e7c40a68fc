// The malformed-PTX corpus (fixtures/malformed/*.ptx): each file says on its first line
// `// expect: LINE: message` and translating it must throw InputError naming that file, that
// line (0: none) and containing that message; never a crash and never a silent translation.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "sim/error.h"
#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx_testing {
namespace {

TEST(PtxMalformed, EveryFileReportsItsLine) {
  namespace fs = std::filesystem;
  fs::path dir = isa::testing::source_path("tests/ptx/fixtures/malformed");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".ptx") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 30u);
  for (const fs::path& f : files) {
    std::string text = isa::testing::read_text(f.string());
    std::string first = text.substr(0, text.find('\n'));
    const std::string tag = "// expect: ";
    ASSERT_EQ(first.rfind(tag, 0), 0u) << f << " lacks an expect line";
    std::string rest = first.substr(tag.size());
    int line = std::stoi(rest.substr(0, rest.find(':')));
    std::string message = rest.substr(rest.find(':') + 2);
    try {
      translate_ptx_file(f.string());
      ADD_FAILURE() << f.filename() << " translated without an error";
    } catch (const InputError& e) {
      EXPECT_EQ(e.path(), f.string()) << f.filename();
      EXPECT_EQ(std::max(e.line(), 0), line) << f.filename() << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos)
          << f.filename() << ": got \"" << e.what() << "\", want \"" << message << "\"";
    }
  }
}

TEST(PtxMalformed, UnreadableFile) {
  try {
    translate_ptx_file("/nonexistent/x.ptx");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), "/nonexistent/x.ptx");
    EXPECT_NE(std::string(e.what()).find("cannot read"), std::string::npos);
  }
}

}  // namespace
}  // namespace warpsim::isa::ptx_testing
