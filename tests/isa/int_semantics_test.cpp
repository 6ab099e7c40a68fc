// Integer semantics against host computations over edge-case operands: every lane runs the
// instruction on one combination (tests/isa/lane_harness.h).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "tests/isa/lane_harness.h"

namespace warpsim::isa {
namespace {

__extension__ typedef __int128 I128;
__extension__ typedef unsigned __int128 U128;

using testing::hi;
using testing::LaneIn;
using testing::LaneOut;
using testing::lo;
using testing::pair;
using testing::run_lanes;

const std::vector<uint32_t>& values32() {
  static const std::vector<uint32_t> v = [] {
    std::vector<uint32_t> r = {0,          1,          2,          3,          7,
                               31,         32,         33,         63,         64,
                               255,        256,        0x7FFF,     0x8000,     0xFFFF,
                               0x10000,    0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF,
                               0xFFFFFFFE, 0x12345678, 0xDEADBEEF, 0xFFFFFF80};
    std::mt19937 rng(7);
    for (int i = 0; i < 8; ++i) r.push_back(rng());
    return r;
  }();
  return v;
}
const std::vector<uint64_t>& values64() {
  static const std::vector<uint64_t> v = [] {
    std::vector<uint64_t> r = {0,
                               1,
                               2,
                               63,
                               64,
                               0xFFFFFFFF,
                               0x100000000,
                               0x7FFFFFFFFFFFFFFF,
                               0x8000000000000000,
                               0x8000000000000001,
                               0xFFFFFFFFFFFFFFFF,
                               0xFFFFFFFF00000000,
                               0x123456789ABCDEF0};
    std::mt19937_64 rng(11);
    for (int i = 0; i < 6; ++i) r.push_back(rng());
    return r;
  }();
  return v;
}

// Rows of all pairs (a in R8, b in R9) / (a in R8:R9, b in R10:R11).
std::vector<LaneIn> pairs32() {
  std::vector<LaneIn> rows;
  for (uint32_t a : values32())
    for (uint32_t b : values32()) {
      LaneIn r;
      r.r[0] = a;
      r.r[1] = b;
      rows.push_back(r);
    }
  return rows;
}
std::vector<LaneIn> pairs64() {
  std::vector<LaneIn> rows;
  for (uint64_t a : values64())
    for (uint64_t b : values64()) {
      LaneIn r;
      r.r[0] = lo(a), r.r[1] = hi(a), r.r[2] = lo(b), r.r[3] = hi(b);
      rows.push_back(r);
    }
  return rows;
}
uint64_t a64(const LaneIn& r) { return pair(r.r[0], r.r[1]); }
uint64_t b64(const LaneIn& r) { return pair(r.r[2], r.r[3]); }
uint64_t d64(const LaneOut& o, unsigned i = 0) { return pair(o.r[i], o.r[i + 1]); }

// Checks `code` (R16 = f(R8, R9)) against host f over all 32-bit pairs.
template <class F>
void check32(const std::string& code, F f) {
  auto rows = pairs32();
  auto out = run_lanes(code, rows);
  for (size_t i = 0; i < rows.size(); ++i)
    ASSERT_EQ(out[i].r[0], f(rows[i].r[0], rows[i].r[1]))
        << code << " a=0x" << std::hex << rows[i].r[0] << " b=0x" << rows[i].r[1];
}
// Checks `code` (R16:R17 = f(R8:R9, R10:R11)) over all 64-bit pairs.
template <class F>
void check64(const std::string& code, F f) {
  auto rows = pairs64();
  auto out = run_lanes(code, rows);
  for (size_t i = 0; i < rows.size(); ++i)
    ASSERT_EQ(d64(out[i]), f(a64(rows[i]), b64(rows[i])))
        << code << " a=0x" << std::hex << a64(rows[i]) << " b=0x" << b64(rows[i]);
}

TEST(IntSemantics, AddSubAllTypes) {
  check32("IADD R16, R8, R9", [](uint32_t a, uint32_t b) { return a + b; });
  check32("IADD.U32 R16, R8, R9", [](uint32_t a, uint32_t b) { return a + b; });
  check32("ISUB R16, R8, R9", [](uint32_t a, uint32_t b) { return a - b; });
  check64("IADD.S64 R16, R8, R10", [](uint64_t a, uint64_t b) { return a + b; });
  check64("ISUB.U64 R16, R8, R10", [](uint64_t a, uint64_t b) { return a - b; });
}

TEST(IntSemantics, CarryChainsEqualHostWideArithmetic) {
  // 64-bit add and subtract from 32-bit halves: add.cc / addc, sub.cc / subc.
  check64("IADD.CC R16, P1, R8, R10\n IADDX R17, PT, R9, R11, P1",
          [](uint64_t a, uint64_t b) { return a + b; });
  check64("ISUB.CC R16, P1, R8, R10\n ISUBX R17, PT, R9, R11, P1",
          [](uint64_t a, uint64_t b) { return a - b; });
  // 128-bit: a = R8..R11, b = R12..R15, with the carry out of the top word in P2.
  std::vector<LaneIn> rows;
  for (uint64_t x : values64())
    for (uint64_t y : values64()) {
      LaneIn r;
      r.r = {lo(x), hi(x), lo(y), hi(y), lo(y), hi(y), lo(x), hi(x)};
      rows.push_back(r);
    }
  auto add = run_lanes(
      "IADD.CC R16, P1, R8, R12\n IADDX R17, P1, R9, R13, P1\n IADDX R18, P1, R10, R14, P1\n"
      " IADDX R19, P2, R11, R15, P1",
      rows);
  auto sub = run_lanes(
      "ISUB.CC R16, P1, R8, R12\n ISUBX R17, P1, R9, R13, P1\n ISUBX R18, P1, R10, R14, P1\n"
      " ISUBX R19, P2, R11, R15, P1",
      rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    auto word = [](const std::array<uint32_t, 8>& r, unsigned k) {
      return U128(pair(r[k], r[k + 1])) | U128(pair(r[k + 2], r[k + 3])) << 64;
    };
    U128 a = word(rows[i].r, 0), b = word(rows[i].r, 4);
    U128 s = a + b, d = a - b;
    EXPECT_EQ(word(add[i].r, 0), s) << i;
    EXPECT_EQ((add[i].preds >> 2) & 1u, s < a ? 1u : 0u) << "carry out " << i;
    EXPECT_EQ(word(sub[i].r, 0), d) << i;
    EXPECT_EQ((sub[i].preds >> 2) & 1u, a < b ? 1u : 0u) << "borrow out " << i;
  }
}

TEST(IntSemantics, CarryOutPredicates) {
  auto out = run_lanes("IADD.CC R16, P3, R8, R9\n ISUB.CC R17, P4, R8, R9", pairs32());
  auto rows = pairs32();
  for (size_t i = 0; i < rows.size(); ++i) {
    uint32_t a = rows[i].r[0], b = rows[i].r[1];
    EXPECT_EQ((out[i].preds >> 3) & 1u, uint32_t(uint64_t(a) + b > 0xFFFFFFFFu));
    EXPECT_EQ((out[i].preds >> 4) & 1u, uint32_t(a < b));
  }
}

TEST(IntSemantics, MultiplyModes) {
  check32("IMUL R16, R8, R9", [](uint32_t a, uint32_t b) { return a * b; });
  check32("IMUL.HI R16, R8, R9", [](uint32_t a, uint32_t b) {
    return uint32_t(uint64_t(int64_t(int32_t(a)) * int32_t(b)) >> 32);
  });
  check32("IMUL.HI.U32 R16, R8, R9",
          [](uint32_t a, uint32_t b) { return uint32_t((uint64_t(a) * b) >> 32); });
  auto rows = pairs32();
  auto wide = run_lanes("IMUL.WIDE R16, R8, R9\n IMUL.WIDE.U32 R18, R8, R9", rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    uint32_t a = rows[i].r[0], b = rows[i].r[1];
    EXPECT_EQ(d64(wide[i], 0), uint64_t(int64_t(int32_t(a)) * int32_t(b)));
    EXPECT_EQ(d64(wide[i], 2), uint64_t(a) * b);
  }
  check64("IMUL.U64 R16, R8, R10", [](uint64_t a, uint64_t b) { return a * b; });
  check64("IMUL.HI.U64 R16, R8, R10", [](uint64_t a, uint64_t b) {
    return uint64_t((static_cast<U128>(a) * b) >> 64);
  });
  check64("IMUL.HI.S64 R16, R8, R10", [](uint64_t a, uint64_t b) {
    return uint64_t(static_cast<U128>(I128(int64_t(a)) * int64_t(b)) >> 64);
  });
}

TEST(IntSemantics, MultiplyAddModes) {
  std::vector<LaneIn> rows;
  std::mt19937_64 rng(3);
  for (uint32_t a : values32())
    for (uint32_t b : values32()) {
      LaneIn r;
      uint64_t c = rng();
      r.r = {a, b, lo(c), hi(c), 0, 0, 0, 0};
      rows.push_back(r);
    }
  auto out = run_lanes(
      "IMAD R16, R8, R9, R10\n IMAD.HI R17, R8, R9, R10\n IMAD.HI.U32 R18, R8, R9, R10\n"
      " IMAD.WIDE R20, R8, R9, R10\n IMAD.WIDE.U32 R22, R8, R9, R10",
      rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    uint32_t a = rows[i].r[0], b = rows[i].r[1], c = rows[i].r[2];
    uint64_t c64 = pair(rows[i].r[2], rows[i].r[3]);
    int64_t sp = int64_t(int32_t(a)) * int32_t(b);
    EXPECT_EQ(out[i].r[0], a * b + c);
    EXPECT_EQ(out[i].r[1], uint32_t(uint64_t(sp) >> 32) + c);
    EXPECT_EQ(out[i].r[2], uint32_t((uint64_t(a) * b) >> 32) + c);
    EXPECT_EQ(d64(out[i], 4), uint64_t(sp) + c64);
    EXPECT_EQ(d64(out[i], 6), uint64_t(a) * b + c64);
  }
  // 64-bit multiply-add: d = a * b + c with c = a here.
  check64("IMAD.S64 R16, R8, R10, R8", [](uint64_t a, uint64_t b) { return a * b + a; });
}

TEST(IntSemantics, MinMaxAllTypes) {
  check32("IMIN R16, R8, R9",
          [](uint32_t a, uint32_t b) { return int32_t(a) < int32_t(b) ? a : b; });
  check32("IMAX.U32 R16, R8, R9", [](uint32_t a, uint32_t b) { return a > b ? a : b; });
  check64("IMIN.U64 R16, R8, R10", [](uint64_t a, uint64_t b) { return a < b ? a : b; });
  check64("IMAX.S64 R16, R8, R10",
          [](uint64_t a, uint64_t b) { return int64_t(a) > int64_t(b) ? a : b; });
}

TEST(IntSemantics, AbsNeg) {
  check32("IABS R16, R8",
          [](uint32_t a, uint32_t) { return int32_t(a) < 0 ? 0u - a : a; });
  check32("INEG R16, R8", [](uint32_t a, uint32_t) { return 0u - a; });
  check64("IABS.S64 R16, R8",
          [](uint64_t a, uint64_t) { return int64_t(a) < 0 ? uint64_t(0) - a : a; });
  check64("INEG.S64 R16, R8", [](uint64_t a, uint64_t) { return uint64_t(0) - a; });
  EXPECT_EQ(run_lanes("IABS R16, R8", {LaneIn{{0x80000000u}, 0}})[0].r[0], 0x80000000u);
}

TEST(IntSemantics, DivisionAndRemainderIncludingCornerCases) {
  check32("IDIV.U32 R16, R8, R9",
          [](uint32_t a, uint32_t b) { return b ? a / b : 0xFFFFFFFFu; });
  check32("IREM.U32 R16, R8, R9", [](uint32_t a, uint32_t b) { return b ? a % b : a; });
  check32("IDIV R16, R8, R9", [](uint32_t a, uint32_t b) -> uint32_t {
    if (b == 0) return 0xFFFFFFFFu;
    if (a == 0x80000000u && b == 0xFFFFFFFFu) return 0x80000000u;
    return uint32_t(int32_t(a) / int32_t(b));
  });
  check32("IREM R16, R8, R9", [](uint32_t a, uint32_t b) -> uint32_t {
    if (b == 0) return a;
    if (a == 0x80000000u && b == 0xFFFFFFFFu) return 0;
    return uint32_t(int32_t(a) % int32_t(b));
  });
  check64("IDIV.U64 R16, R8, R10", [](uint64_t a, uint64_t b) { return b ? a / b : ~0ull; });
  check64("IREM.U64 R16, R8, R10", [](uint64_t a, uint64_t b) { return b ? a % b : a; });
  check64("IDIV.S64 R16, R8, R10", [](uint64_t a, uint64_t b) -> uint64_t {
    if (b == 0) return ~0ull;
    if (a == 0x8000000000000000ull && b == ~0ull) return a;
    return uint64_t(int64_t(a) / int64_t(b));
  });
  check64("IREM.S64 R16, R8, R10", [](uint64_t a, uint64_t b) -> uint64_t {
    if (b == 0) return a;
    if (a == 0x8000000000000000ull && b == ~0ull) return 0;
    return uint64_t(int64_t(a) % int64_t(b));
  });
  // Immediate divisors, including negative ones.
  EXPECT_EQ(run_lanes("IDIV R16, R8, -3", {LaneIn{{10}, 0}})[0].r[0], uint32_t(-3));
  EXPECT_EQ(run_lanes("IREM R16, R8, -3", {LaneIn{{uint32_t(-10)}, 0}})[0].r[0], uint32_t(-1));
}

TEST(IntSemantics, ShiftsAtAndBeyondTheWidth) {
  // The shift amount is the unsigned 32-bit second source (R9); R10:R11 is not used.
  check32("SHL R16, R8, R9", [](uint32_t a, uint32_t b) { return b >= 32 ? 0 : a << b; });
  check32("SHR.U32 R16, R8, R9", [](uint32_t a, uint32_t b) { return b >= 32 ? 0 : a >> b; });
  check32("SHR.S32 R16, R8, R9", [](uint32_t a, uint32_t b) {
    return uint32_t(int32_t(a) >> (b >= 32 ? 31 : b));
  });
  std::vector<LaneIn> rows;
  for (uint64_t a : values64())
    for (uint32_t n : {0u, 1u, 31u, 32u, 33u, 63u, 64u, 65u, 100u, 0x80000000u, 0xFFFFFFFFu}) {
      LaneIn r;
      r.r = {lo(a), hi(a), n, 0, 0, 0, 0, 0};
      rows.push_back(r);
    }
  auto out = run_lanes("SHL.B64 R16, R8, R10\n SHR.U64 R18, R8, R10\n SHR.S64 R20, R8, R10", rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    uint64_t a = a64(rows[i]);
    uint32_t n = rows[i].r[2];
    EXPECT_EQ(d64(out[i], 0), n >= 64 ? 0 : a << n) << std::hex << a << " " << n;
    EXPECT_EQ(d64(out[i], 2), n >= 64 ? 0 : a >> n);
    EXPECT_EQ(d64(out[i], 4), uint64_t(int64_t(a) >> (n >= 64 ? 63 : n)));
  }
}

TEST(IntSemantics, FunnelShiftsArePtxShf) {
  auto rows = pairs32();
  for (auto& r : rows) r.r[2] = r.r[0] % 70;  // amounts 0..69
  auto out = run_lanes(
      "SHF.L.WRAP R16, R8, R9, R10\n SHF.L.CLAMP R17, R8, R9, R10\n"
      " SHF.R.WRAP R18, R8, R9, R10\n SHF.R.CLAMP R19, R8, R9, R10",
      rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    uint32_t a = rows[i].r[0], b = rows[i].r[1], c = rows[i].r[2];
    // PTX: shf.l d = upper 32 bits of ({b, a} << n), shf.r d = lower 32 bits of ({b, a} >> n).
    auto left = [&](uint32_t n) { return n == 0 ? b : n == 32 ? a : (b << n) | (a >> (32 - n)); };
    auto right = [&](uint32_t n) { return n == 0 ? a : n == 32 ? b : (a >> n) | (b << (32 - n)); };
    EXPECT_EQ(out[i].r[0], left(c & 31)) << c;
    EXPECT_EQ(out[i].r[1], left(c > 32 ? 32 : c)) << c;
    EXPECT_EQ(out[i].r[2], right(c & 31)) << c;
    EXPECT_EQ(out[i].r[3], right(c > 32 ? 32 : c)) << c;
  }
}

TEST(IntSemantics, Logic64) {
  check64("AND.B64 R16, R8, R10", [](uint64_t a, uint64_t b) { return a & b; });
  check64("OR.B64 R16, R8, R10", [](uint64_t a, uint64_t b) { return a | b; });
  check64("XOR.B64 R16, R8, R10", [](uint64_t a, uint64_t b) { return a ^ b; });
  check64("NOT.B64 R16, R8", [](uint64_t a, uint64_t) { return ~a; });
  // A 64-bit immediate operand is the sign extension of the 32-bit immediate.
  check64("AND.B64 R16, R8, -16", [](uint64_t a, uint64_t) { return a & ~uint64_t(15); });
}

TEST(IntSemantics, BitCounts) {
  uint32_t (*rev32)(uint32_t) = [](uint32_t v) {
    uint32_t r = 0;
    for (int i = 0; i < 32; ++i) r |= ((v >> i) & 1u) << (31 - i);
    return r;
  };
  check32("POPC R16, R8", [](uint32_t a, uint32_t) { return uint32_t(__builtin_popcount(a)); });
  check32("CLZ R16, R8", [](uint32_t a, uint32_t) { return a ? uint32_t(__builtin_clz(a)) : 32u; });
  check32("BREV R16, R8", [&](uint32_t a, uint32_t) { return rev32(a); });
  check64("POPC.B64 R16, R8\n MOV R17, 0",
          [](uint64_t a, uint64_t) { return uint64_t(__builtin_popcountll(a)); });
  check64("CLZ.B64 R16, R8\n MOV R17, 0",
          [](uint64_t a, uint64_t) { return a ? uint64_t(__builtin_clzll(a)) : 64; });
  check64("BREV.B64 R16, R8", [&](uint64_t a, uint64_t) {
    return uint64_t(rev32(lo(a))) << 32 | rev32(hi(a));
  });
}

// PTX bfe / bfi, written independently of the emulator with masks.
uint64_t mask_bits(unsigned n) { return n >= 64 ? ~0ull : (uint64_t(1) << n) - 1; }
uint64_t ref_bfe(uint64_t a, uint32_t b, uint32_t c, unsigned w, bool sgn) {
  unsigned pos = b & 255, len = c & 255;
  if (len == 0) return 0;
  unsigned avail = pos >= w ? 0 : std::min(len, w - pos);
  uint64_t field = pos >= w ? 0 : (a >> pos) & mask_bits(avail);
  if (sgn && ((a >> std::min(pos + len - 1, w - 1)) & 1u)) field |= ~mask_bits(avail);
  return field & mask_bits(w);
}
uint64_t ref_bfi(uint64_t a, uint64_t b, uint32_t c, uint32_t e, unsigned w) {
  unsigned pos = c & 255, len = e & 255;
  if (pos >= w || len == 0) return b;
  uint64_t m = mask_bits(std::min(len, w - pos)) << pos;
  return (b & ~m) | ((a << pos) & m);
}

TEST(IntSemantics, BitFieldExtractAndInsertArePtx) {
  std::vector<LaneIn> rows;
  std::mt19937_64 rng(5);
  const uint32_t cuts[] = {0, 1, 4, 8, 16, 24, 31, 32, 33, 40, 63, 64, 65, 200, 255, 256, 257};
  for (uint32_t pos : cuts)
    for (uint32_t len : cuts) {
      uint64_t a = rng(), b = rng();
      LaneIn r;
      r.r = {lo(a), hi(a), lo(b), hi(b), pos, len, 0, 0};
      rows.push_back(r);
    }
  auto out = run_lanes(
      "BFE.U32 R16, R8, R12, R13\n BFE.S32 R17, R8, R12, R13\n BFE.U64 R18, R8, R12, R13\n"
      " BFE.S64 R20, R8, R12, R13\n BFI R22, R8, R10, R12, R13",
      rows);
  auto out64 = run_lanes("BFI.B64 R16, R8, R10, R12, R13", rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    uint64_t a = a64(rows[i]), b = b64(rows[i]);
    uint32_t pos = rows[i].r[4], len = rows[i].r[5];
    SCOPED_TRACE(::testing::Message() << "pos " << pos << " len " << len);
    EXPECT_EQ(out[i].r[0], ref_bfe(lo(a), pos, len, 32, false));
    EXPECT_EQ(out[i].r[1], ref_bfe(lo(a), pos, len, 32, true));
    EXPECT_EQ(d64(out[i], 2), ref_bfe(a, pos, len, 64, false));
    EXPECT_EQ(d64(out[i], 4), ref_bfe(a, pos, len, 64, true));
    EXPECT_EQ(out[i].r[6], ref_bfi(lo(a), lo(b), pos, len, 32));
    EXPECT_EQ(d64(out64[i], 0), ref_bfi(a, b, pos, len, 64));
  }
  // Both position and length as immediates (the second one is a short immediate).
  EXPECT_EQ(run_lanes("BFE.U32 R16, R8, 4, 8", {LaneIn{{0xABCDEF12}, 0}})[0].r[0], 0xF1u);
  EXPECT_EQ(run_lanes("BFI R16, R8, R9, 8, 4", {LaneIn{{0x5, 0xFFFFFFFF}, 0}})[0].r[0],
            0xFFFFF5FFu);
}

TEST(IntSemantics, BytePermuteIsPtxDefaultMode) {
  std::vector<LaneIn> rows;
  std::mt19937 rng(9);
  for (int i = 0; i < 300; ++i) {
    LaneIn r;
    r.r = {uint32_t(rng()), uint32_t(rng()) | 0x80800000u, uint32_t(rng()), 0, 0, 0, 0, 0};
    rows.push_back(r);
  }
  auto out = run_lanes("PRMT R16, R8, R9, R10", rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    uint8_t bytes[8];
    for (int k = 0; k < 4; ++k) {
      bytes[k] = uint8_t(rows[i].r[0] >> (8 * k));
      bytes[k + 4] = uint8_t(rows[i].r[1] >> (8 * k));
    }
    uint32_t want = 0;
    for (int k = 0; k < 4; ++k) {
      uint32_t sel = (rows[i].r[2] >> (4 * k)) & 15u;
      uint8_t byte = bytes[sel & 7];
      if (sel & 8) byte = (byte & 0x80) ? 0xFF : 0;
      want |= uint32_t(byte) << (8 * k);
    }
    EXPECT_EQ(out[i].r[0], want);
  }
  EXPECT_EQ(run_lanes("PRMT R16, R8, R9, 0x5410", {LaneIn{{0x11223344, 0x55667788}, 0}})[0].r[0],
            0x77883344u);
}

TEST(IntSemantics, CompareAllTypesAndBoolOps) {
  const char* cmps[] = {"EQ", "NE", "LT", "LE", "GT", "GE"};
  auto cmp = [](int k, auto a, auto b) {
    switch (k) {
      case 0: return a == b;
      case 1: return a != b;
      case 2: return a < b;
      case 3: return a <= b;
      case 4: return a > b;
      default: return a >= b;
    }
  };
  auto rows64 = pairs64();
  for (auto& r : rows64) r.preds = (r.r[0] & 1u) ? 2u : 0u;  // P1 varies
  for (int k = 0; k < 6; ++k) {
    std::string c = cmps[k];
    auto out = run_lanes("ISETP." + c + ".S64 P2, R8, R10\n ISETP." + c + ".U64 P3, R8, R10\n" +
                             " ISETP." + c + ".S32.AND P4, R8, R10, P1\n ISETP." + c +
                             ".U32.OR P5, R8, R10, !P1\n ISETP." + c + ".XOR P6, R8, R10, P1",
                         rows64);
    for (size_t i = 0; i < rows64.size(); ++i) {
      uint64_t a = a64(rows64[i]), b = b64(rows64[i]);
      bool p1 = rows64[i].preds & 2u;
      uint32_t p = out[i].preds;
      SCOPED_TRACE(c + " a=" + std::to_string(a) + " b=" + std::to_string(b));
      EXPECT_EQ(bool(p & 4u), cmp(k, int64_t(a), int64_t(b)));
      EXPECT_EQ(bool(p & 8u), cmp(k, a, b));
      EXPECT_EQ(bool(p & 16u), cmp(k, int32_t(lo(a)), int32_t(lo(b))) && p1);
      EXPECT_EQ(bool(p & 32u), cmp(k, lo(a), lo(b)) || !p1);
      EXPECT_EQ(bool(p & 64u), cmp(k, int32_t(lo(a)), int32_t(lo(b))) != p1);
    }
  }
}

TEST(IntSemantics, SelectAndMove64) {
  auto out = run_lanes("SEL.B64 R16, R8, R10, P1\n MOV.64 R18, 0x123456789\n MOV.64 R20, -2",
                       {LaneIn{{1, 2, 3, 4}, 2}, LaneIn{{1, 2, 3, 4}, 0}});
  EXPECT_EQ(d64(out[0], 0), pair(1, 2));
  EXPECT_EQ(d64(out[1], 0), pair(3, 4));
  EXPECT_EQ(d64(out[0], 2), 0x123456789ull);
  EXPECT_EQ(d64(out[0], 4), uint64_t(-2));
}

}  // namespace
}  // namespace warpsim::isa
