// LineReader against a naive split: every line, number and offset, through small refills (lines
// across buffer ends and 64-byte mask blocks) and in memory, with skip() mixed in.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "traces/common/line_reader.h"

namespace warpsim::traces {
namespace {

// Hands out at most `chunk` bytes per read.
class StringBytes : public ByteSource {
 public:
  StringBytes(std::string text, size_t chunk) : text_(std::move(text)), chunk_(chunk) {}
  size_t read(char* dst, size_t n) override {
    n = std::min({n, chunk_, text_.size() - pos_});
    text_.copy(dst, n, pos_);
    pos_ += n;
    return n;
  }

 private:
  std::string text_;
  size_t chunk_, pos_ = 0;
};

struct Line {
  std::string text;  // without '\n' and a '\r' before it
  uint64_t start;
};

std::vector<Line> naive_lines(const std::string& t) {
  std::vector<Line> out;
  size_t pos = 0;
  while (pos < t.size()) {
    size_t nl = t.find('\n', pos);
    size_t end = nl == std::string::npos ? t.size() : nl;
    std::string s = t.substr(pos, end - pos);
    if (!s.empty() && s.back() == '\r') s.pop_back();
    out.push_back({s, pos});
    pos = nl == std::string::npos ? t.size() : nl + 1;
  }
  return out;
}

std::string random_text(std::mt19937& rng) {
  std::string t;
  int lines = std::uniform_int_distribution<int>(0, 300)(rng);
  for (int i = 0; i < lines; ++i) {
    int len = std::uniform_int_distribution<int>(0, i % 17 == 0 ? 700 : 90)(rng);
    for (int j = 0; j < len; ++j) t += "0123456789abcdef xR\r#"[rng() % 21];
    t += '\n';
  }
  if (rng() % 2) t += "0f tail without newline";
  return t;
}

// Reads all of `r`: skip() (lines starting with a hex digit, up to a random count) and next()
// in turns; checks each against `want`.
void check(LineReader& r, const std::vector<Line>& want, std::mt19937& rng, uint64_t offset) {
  auto plain = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  size_t i = 0;
  for (;;) {
    uint64_t n = rng() % 40;
    uint64_t skipped = r.skip(n, plain);
    ASSERT_LE(skipped, n);
    for (uint64_t k = 0; k < skipped; ++k, ++i) {
      ASSERT_LT(i, want.size());
      ASSERT_TRUE(!want[i].text.empty() && plain(want[i].text[0])) << i;
    }
    if (skipped > 0) {
      EXPECT_EQ(r.line(), i);
      EXPECT_EQ(r.line_start(), offset + want[i - 1].start);
    }
    if (skipped < n && i + 1 < want.size()) {
      // Stopped early: the next line is one skip() declines (a last line without '\n' may be
      // declined whatever its first byte).
      EXPECT_TRUE(want[i].text.empty() || !plain(want[i].text[0])) << i;
    }
    std::string_view line;
    if (!r.next(line)) break;
    ASSERT_LT(i, want.size());
    EXPECT_EQ(line, want[i].text) << i;
    EXPECT_EQ(r.line(), i + 1);
    EXPECT_EQ(r.line_start(), offset + want[i].start);
    ++i;
  }
  EXPECT_EQ(i, want.size());
}

TEST(LineReader, MatchesNaiveSplit) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text = random_text(rng);
    std::vector<Line> want = naive_lines(text);
    const std::string path = "t";
    {
      LineReader r(path, std::make_unique<StringBytes>(text, 1 + rng() % 300), 256, 1000, 0);
      check(r, want, rng, 1000);
      EXPECT_EQ(r.position(), 1000 + text.size());
    }
    {
      LineReader r(path, std::string_view(text), 0, 0);
      check(r, want, rng, 0);
      EXPECT_EQ(r.position(), text.size());
    }
  }
}

}  // namespace
}  // namespace warpsim::traces
