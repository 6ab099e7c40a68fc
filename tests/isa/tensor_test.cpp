// Tensor-core instructions (HMMA, IMMA) against an independent host reference: fragments are
// built with the PTX ISA's per-type layout formulas ("Matrix Fragments for mma.m16n8k*"), and
// D is recomputed with a plain loop in the arithmetic docs/isa.md ("Tensor cores") defines:
// exact products summed in fp64 in k order from C, rounded once (floating point); exact, then
// wrapped or clamped (integer).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>

#include "isa/assembler.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

using testing::download;
using testing::run_kernel;
using testing::upload;

// ---- independent decoders and rounding (no emulator helpers)

float f32_of(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}
uint32_t bits_of(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
double half_value(uint16_t h) {
  int e = (h >> 10) & 31, m = h & 1023;
  double v = e == 31  ? (m ? std::nan("") : INFINITY)
             : e == 0 ? std::ldexp(m, -24)
                      : std::ldexp(1024 + m, e - 25);
  return h & 0x8000 ? -v : v;
}
// Round to nearest even binary16 by scaling to the last place: |v| / ulp is rounded with
// nearbyint (the host's default mode is nearest even).
uint16_t half_bits(double v) {
  if (std::isnan(v)) return 0x7FFF;
  uint16_t sign = std::signbit(v) ? 0x8000 : 0;
  double a = std::fabs(v);
  if (a == 0) return sign;
  if (std::isinf(a)) return sign | 0x7C00;
  int e = std::ilogb(a);
  if (e < -14) e = -14;
  double q = std::nearbyint(std::ldexp(a, 10 - e));  // significand in units of the last place
  if (q >= 2048) {
    q /= 2;
    ++e;
  }
  if (e > 15) return sign | 0x7C00;
  if (q < 1024) return sign | static_cast<uint16_t>(q);  // subnormal (e == -14)
  return sign | static_cast<uint16_t>(((e + 15) << 10) + static_cast<int>(q) - 1024);
}
double bf16_value(uint32_t b) { return f32_of((b & 0xFFFF) << 16); }
double tf32_value(uint32_t b) { return f32_of(b & ~0x1FFFu); }

// ---- fragments (PTX ISA formulas, one per type)

struct Coord {
  unsigned row, col;
};

// A shape/type: K, bits per A/B element and the element -> matrix position maps of the PTX ISA.
struct Layout {
  unsigned K, bits, na, nb;
  std::function<Coord(unsigned g, unsigned t, unsigned i)> a, b;
};

const Layout kF16x16 = {
    16,
    16,
    4,
    2,
    [](unsigned g, unsigned t, unsigned i) {
      return Coord{(i < 2 || (i >= 4 && i < 6)) ? g : g + 8, t * 2 + (i & 1) + (i >= 4 ? 8 : 0)};
    },
    [](unsigned g, unsigned t, unsigned i) {
      return Coord{t * 2 + (i & 1) + (i >= 2 ? 8 : 0), g};
    }};
const Layout kTf32x8 = {8,
                        32,
                        4,
                        2,
                        [](unsigned g, unsigned t, unsigned i) {
                          return Coord{(i == 0 || i == 2) ? g : g + 8, i < 2 ? t : t + 4};
                        },
                        [](unsigned g, unsigned t, unsigned i) {
                          return Coord{i == 0 ? t : t + 4, g};
                        }};
const Layout kI8x32 = {
    32,
    8,
    4,
    2,
    [](unsigned g, unsigned t, unsigned i) {
      return Coord{(i < 4 || (i >= 8 && i < 12)) ? g : g + 8, t * 4 + (i & 3) + (i >= 8 ? 16 : 0)};
    },
    [](unsigned g, unsigned t, unsigned i) {
      return Coord{t * 4 + (i & 3) + (i >= 4 ? 16 : 0), g};
    }};
Coord c_coord(unsigned g, unsigned t, unsigned i) {
  return Coord{i < 2 ? g : g + 8, t * 2 + (i & 1)};
}

// Runs `mnemonic Rd, Ra, Rb, Rc` on A (16xK element bit patterns, row-major), B (Kx8), C
// (16x8: f32/s32 bits, or f16 bits when half_acc); returns D (16x8, same encoding as C).
// `guard` prefixes the instruction (a line that sets a predicate, then `@P0`); d_over_a writes D
// over A's registers. D registers that the instruction does not write read 0x5A5A5A5A.
std::vector<uint32_t> run_mma(const std::string& mnemonic, const Layout& L,
                              const std::vector<uint32_t>& A, const std::vector<uint32_t>& B,
                              const std::vector<uint32_t>& C, bool half_acc,
                              const std::string& guard = "", bool d_over_a = false) {
  unsigned per_reg = 32 / L.bits, nc = half_acc ? 2 : 4;
  uint32_t emask = L.bits == 32 ? ~0u : (1u << L.bits) - 1;
  std::vector<uint32_t> rec(32 * 16, 0);  // per lane: A words 0-3, B 4-5, C 8-11
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned g = lane >> 2, t = lane % 4;
    uint32_t* w = &rec[16 * lane];
    for (unsigned i = 0; i < L.na * per_reg; ++i) {
      Coord p = L.a(g, t, i);
      w[i / per_reg] |= (A[p.row * L.K + p.col] & emask) << (L.bits * (i % per_reg));
    }
    for (unsigned i = 0; i < L.nb * per_reg; ++i) {
      Coord p = L.b(g, t, i);
      w[4 + i / per_reg] |= (B[p.row * 8 + p.col] & emask) << (L.bits * (i % per_reg));
    }
    for (unsigned i = 0; i < 4; ++i) {
      Coord p = c_coord(g, t, i);
      uint32_t v = C[p.row * 8 + p.col];
      if (half_acc)
        w[8 + i / 2] |= (v & 0xFFFF) << (16 * (i % 2));
      else
        w[8 + i] = v;
    }
  }
  auto ld = [](unsigned n) { return n == 4 ? "128" : n == 2 ? "64" : "32"; };
  std::string d = d_over_a ? "R4" : "R16";
  std::string text = std::string(".kernel mma\n.param u64 rec\n.param u64 out\n") +
                     "  S2R R0, SR_LANEID\n  LD.P.64 R2, [rec]\n  IMAD.WIDE.U32 R2, R0, 64, R2\n" +
                     "  LD.G." + ld(L.na) + " R4, [R2]\n  LD.G." + ld(L.nb) + " R8, [R2+16]\n" +
                     "  LD.G." + ld(nc) + " R12, [R2+32]\n" +
                     "  MOV R16, 0x5A5A5A5A\n  MOV R17, 0x5A5A5A5A\n  MOV R18, 0x5A5A5A5A\n  MOV "
                     "R19, 0x5A5A5A5A\n" +
                     "  " + guard + " " + mnemonic + " " + d + ", R4, R8, R12\n" +
                     "  LD.P.64 R2, [out]\n  IMAD.WIDE.U32 R2, R0, 16, R2\n  ST.G.128 [R2], " + d +
                     "\n  EXIT\n";
  Program p = assemble(text, "mma.s");
  DeviceMemory mem;
  uint64_t drec = upload(mem, rec), dout = mem.allocate(32 * 16);
  run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1},
             {ParamArg::of_address(drec), ParamArg::of_address(dout)});
  auto raw = download<uint32_t>(mem, dout, 32 * 4);
  std::vector<uint32_t> D(16 * 8);
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned g = lane >> 2, t = lane % 4;
    for (unsigned i = 0; i < 4; ++i) {
      Coord c = c_coord(g, t, i);
      D[c.row * 8 + c.col] =
          half_acc ? (raw[4 * lane + i / 2] >> (16 * (i % 2))) & 0xFFFF : raw[4 * lane + i];
    }
  }
  return D;
}

// The documented floating-point result: fp64 sum in k order from C, then one rounding.
uint32_t ref_float(const Layout& L, unsigned r, unsigned c, const std::vector<uint32_t>& A,
                   const std::vector<uint32_t>& B, const std::vector<uint32_t>& C,
                   double (*elem)(uint32_t), bool half_acc) {
  double acc = half_acc ? half_value(static_cast<uint16_t>(C[r * 8 + c])) : f32_of(C[r * 8 + c]);
  for (unsigned k = 0; k < L.K; ++k) acc += elem(A[r * L.K + k]) * elem(B[k * 8 + c]);
  if (half_acc) return half_bits(acc);
  return std::isnan(acc) ? 0x7FFFFFFFu : bits_of(static_cast<float>(acc));
}

void expect_float_mma(const std::string& mnemonic, const Layout& L, double (*elem)(uint32_t),
                      bool half_acc, const std::vector<uint32_t>& A, const std::vector<uint32_t>& B,
                      const std::vector<uint32_t>& C) {
  auto D = run_mma(mnemonic, L, A, B, C, half_acc);
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned c = 0; c < 8; ++c)
      EXPECT_EQ(D[r * 8 + c], ref_float(L, r, c, A, B, C, elem, half_acc))
          << mnemonic << " D[" << r << "][" << c << "]";
}

double half_elem(uint32_t b) { return half_value(static_cast<uint16_t>(b)); }

// Random element bit patterns: floats of mixed magnitude rounded (truncated) to the element type.
std::vector<uint32_t> random_bits(std::mt19937& rng, size_t n, int bits) {
  std::uniform_real_distribution<float> u(-4, 4);
  std::vector<uint32_t> v(n);
  for (auto& x : v) {
    float f = u(rng) * std::ldexp(1.0f, int(rng() % 9) - 4);
    if (bits == 16) x = half_bits(f);
    if (bits == 161) x = bits_of(f) >> 16;              // bf16
    if (bits == 19) x = bits_of(f) | (rng() & 0x1FFF);  // tf32 with garbage low bits
    if (bits == 32) x = bits_of(f);
  }
  return v;
}

TEST(TensorCore, Bf16RandomMatricesAreBitExact) {
  std::mt19937 rng(5);
  for (int rep = 0; rep < 3; ++rep)
    expect_float_mma("HMMA.16816.F32.BF16", kF16x16, bf16_value, false, random_bits(rng, 256, 161),
                     random_bits(rng, 128, 161), random_bits(rng, 128, 32));
}

TEST(TensorCore, Bf16SpecialValues) {
  std::vector<uint32_t> A(256, 0), B(128, 0), C(128, 0);
  const uint32_t one = 0x3F80, inf = 0x7F80, nan = 0x7FC1, big = 0x7180 /* 2^100 */,
                 sub = 0x0001 /* 2^-133 */;
  A[0 * 16 + 0] = inf, B[0 * 8 + 0] = 0;              // D[0][0]: inf * 0 = NaN
  A[1 * 16 + 3] = inf, B[3 * 8 + 1] = one;            // D[1][1]: inf
  A[2 * 16 + 0] = inf, A[2 * 16 + 1] = inf | 0x8000;  // D[2][2]: inf - inf = NaN
  B[0 * 8 + 2] = one, B[1 * 8 + 2] = one;
  A[3 * 16 + 5] = nan, B[5 * 8 + 3] = one;  // D[3][3]: NaN in, canonical out
  A[4 * 16 + 0] = big, A[4 * 16 + 1] = big, B[0 * 8 + 4] = big,
             B[1 * 8 + 4] = big;                   // 2^201: f32 overflow
  A[5 * 16 + 2] = sub, B[2 * 8 + 5] = big;         // 2^-33: subnormal kept
  C[6 * 8 + 6] = 0x80000000u, B[0 * 8 + 6] = one;  // -0 + (-0 * 1, -0 * 0 ...) = -0
  for (unsigned k = 0; k < 16; ++k) A[6 * 16 + k] = 0x8000;
  C[7 * 8 + 7] = 0x80000000u;  // -0 + (+0 products) = +0
  C[8 * 8 + 0] = bits_of(-INFINITY), A[8 * 16 + 7] = one, B[7 * 8 + 0] = one;  // -inf + 1
  auto D = run_mma("HMMA.16816.F32.BF16", kF16x16, A, B, C, false);
  EXPECT_EQ(D[0 * 8 + 0], 0x7FFFFFFFu);
  EXPECT_EQ(D[1 * 8 + 1], 0x7F800000u);
  EXPECT_EQ(D[2 * 8 + 2], 0x7FFFFFFFu);
  EXPECT_EQ(D[3 * 8 + 3], 0x7FFFFFFFu);
  EXPECT_EQ(D[4 * 8 + 4], 0x7F800000u);
  EXPECT_EQ(D[5 * 8 + 5], bits_of(std::ldexp(1.0f, -33)));
  EXPECT_EQ(D[6 * 8 + 6], 0x80000000u);
  EXPECT_EQ(D[7 * 8 + 7], 0u);
  EXPECT_EQ(D[8 * 8 + 0], 0xFF800000u);
  expect_float_mma("HMMA.16816.F32.BF16", kF16x16, bf16_value, false, A, B, C);
}

TEST(TensorCore, Tf32IgnoresTheLow13BitsAndIsBitExact) {
  std::mt19937 rng(6);
  for (int rep = 0; rep < 3; ++rep)
    expect_float_mma("HMMA.1688.F32.TF32", kTf32x8, tf32_value, false, random_bits(rng, 128, 19),
                     random_bits(rng, 64, 19), random_bits(rng, 128, 32));
  std::vector<uint32_t> A(128, 0), B(64, 0), C(128, 0);
  A[0] = 0x3F801FFFu;      // 1 + 2^-10 - 2^-23 in fp32, 1.0 as tf32
  B[0] = 0x40000000u;      // 2
  A[8 + 1] = 0x7F800001u;  // a NaN whose payload is all in the ignored bits: +inf as tf32
  B[1 * 8 + 1] = 0x3F800000u;
  auto D = run_mma("HMMA.1688.F32.TF32", kTf32x8, A, B, C, false);
  EXPECT_EQ(D[0], bits_of(2.0f));
  EXPECT_EQ(D[1 * 8 + 1], 0x7F800000u);
}

TEST(TensorCore, F16AccumulatorsRoundOncePerInstruction) {
  std::mt19937 rng(7);
  for (int rep = 0; rep < 3; ++rep) {
    std::vector<uint32_t> C = random_bits(rng, 128, 16);
    expect_float_mma("HMMA.16816.F16.F16", kF16x16, half_elem, true, random_bits(rng, 256, 16),
                     random_bits(rng, 128, 16), C);
  }
  std::vector<uint32_t> A(256, 0), B(128, 0), C(128, 0);
  // Row 0: 1 + 16 * 2^-12. Each 2^-12 is below half an ulp of 1 (2^-11), so rounding per step
  // would give 1; rounded once it is 1 + 2^-8 (0x3C04).
  C[0] = 0x3C00;
  for (unsigned k = 0; k < 16; ++k)
    A[k] = half_bits(std::ldexp(1.0, -6)), B[k * 8] = half_bits(std::ldexp(1.0, -6));
  // Row 1: 16 * 256 * 256 = 2^20 overflows f16 to inf; D[2][2]: NaN (inf * 0); D[3][3]:
  // -65504 - 16 = -65520, halfway between the largest finite half (odd) and 2^16: -inf.
  for (unsigned k = 0; k < 16; ++k) A[16 + k] = half_bits(256), B[k * 8 + 1] = half_bits(256);
  A[2 * 16] = 0x7C00;
  C[3 * 8 + 3] = 0xFBFF, A[3 * 16] = half_bits(-4), B[3] = half_bits(4);
  auto D = run_mma("HMMA.16816.F16.F16", kF16x16, A, B, C, true);
  EXPECT_EQ(D[0], 0x3C04u);
  EXPECT_EQ(D[1 * 8 + 1], 0x7C00u);
  EXPECT_EQ(D[2 * 8 + 0], 0x7C00u);  // inf * 2^-6
  EXPECT_EQ(D[2 * 8 + 2], 0x7FFFu);
  EXPECT_EQ(D[3 * 8 + 3], 0xFC00u);
  expect_float_mma("HMMA.16816.F16.F16", kF16x16, half_elem, true, A, B, C);
}

TEST(TensorCore, F16ToF32MmaGivesTheCanonicalNaN) {
  std::vector<uint32_t> A(256, 0), B(128, 0), C(128, 0);
  A[0] = 0x7E01;  // a NaN with a payload
  B[0] = 0x3C00;
  auto D = run_mma("HMMA.16816.F32.F16", kF16x16, A, B, C, false);
  EXPECT_EQ(D[0], 0x7FFFFFFFu);
  EXPECT_EQ(D[1], 0x7FFFFFFFu);  // NaN * 0
  EXPECT_EQ(D[8], 0u);
}

// ---- integer

int64_t s8(uint32_t b) { return static_cast<int8_t>(b & 0xFF); }
int64_t u8(uint32_t b) { return b & 0xFF; }

void expect_int_mma(const std::string& mnemonic, bool a_signed, bool b_signed, bool sat,
                    const std::vector<uint32_t>& A, const std::vector<uint32_t>& B,
                    const std::vector<uint32_t>& C) {
  auto D = run_mma(mnemonic + (sat ? ".SAT" : ""), kI8x32, A, B, C, false);
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned c = 0; c < 8; ++c) {
      int64_t acc = static_cast<int32_t>(C[r * 8 + c]);
      for (unsigned k = 0; k < 32; ++k)
        acc += (a_signed ? s8 : u8)(A[r * 32 + k]) * (b_signed ? s8 : u8)(B[k * 8 + c]);
      if (sat) acc = std::min<int64_t>(std::max<int64_t>(acc, INT32_MIN), INT32_MAX);
      EXPECT_EQ(D[r * 8 + c], static_cast<uint32_t>(acc))
          << mnemonic << (sat ? ".SAT" : "") << " D[" << r << "][" << c << "]";
    }
}

TEST(TensorCore, ImmaAllSignednessCombinations) {
  std::mt19937 rng(8);
  const char* names[] = {"IMMA.16832.S32.S8.S8", "IMMA.16832.S32.S8.U8", "IMMA.16832.S32.U8.S8",
                         "IMMA.16832.S32.U8.U8"};
  for (unsigned v = 0; v < 4; ++v) {
    std::vector<uint32_t> A(512), B(256), C(128);
    for (auto& x : A) x = rng() & 0xFF;
    for (auto& x : B) x = rng() & 0xFF;
    for (auto& x : C) x = rng();
    // Extremes: -128 / 255 rows and columns.
    for (unsigned k = 0; k < 32; ++k)
      A[k] = 0x80, A[32 + k] = 0xFF, A[64 + k] = 0x7F, B[k * 8] = 0x80, B[k * 8 + 1] = 0xFF;
    for (bool sat : {false, true}) expect_int_mma(names[v], !(v & 2), !(v & 1), sat, A, B, C);
  }
}

TEST(TensorCore, ImmaSaturatesOnlyWithSat) {
  std::vector<uint32_t> A(512, 0), B(256, 0), C(128, 0);
  // Row 0 x column 0: 32 * 127 * 127 = 516128 on top of INT32_MAX - 10: wraps, or clamps.
  // Row 1 x column 1: 32 * (-128) * 127 on top of INT32_MIN + 10.
  // Row 2 x column 2 (u8 x u8 form only): 32 * 255 * 255.
  for (unsigned k = 0; k < 32; ++k) {
    A[k] = 127, B[k * 8] = 127;
    A[32 + k] = 0x80, B[k * 8 + 1] = 127;
    A[64 + k] = 0xFF, B[k * 8 + 2] = 0xFF;
  }
  C[0] = INT32_MAX - 10;
  C[8 + 1] = static_cast<uint32_t>(INT32_MIN + 10);
  C[16 + 2] = INT32_MAX - 1000000;
  auto wrap = run_mma("IMMA.16832.S32.S8.S8", kI8x32, A, B, C, false);
  auto sat = run_mma("IMMA.16832.S32.S8.S8.SAT", kI8x32, A, B, C, false);
  EXPECT_EQ(wrap[0], static_cast<uint32_t>(int64_t(INT32_MAX) - 10 + 516128));
  EXPECT_EQ(sat[0], static_cast<uint32_t>(INT32_MAX));
  EXPECT_EQ(sat[8 + 1], static_cast<uint32_t>(INT32_MIN));
  EXPECT_EQ(wrap[8 + 1], static_cast<uint32_t>(int64_t(INT32_MIN) + 10 - 32 * 128 * 127));
  // s8 reads 0xFF as -1: 32 * (-1) * (-1) = 32.
  EXPECT_EQ(sat[16 + 2], static_cast<uint32_t>(INT32_MAX - 1000000 + 32));
  auto usat = run_mma("IMMA.16832.S32.U8.U8.SAT", kI8x32, A, B, C, false);
  EXPECT_EQ(usat[16 + 2], static_cast<uint32_t>(INT32_MAX));  // + 2080800 saturates
  expect_int_mma("IMMA.16832.S32.S8.S8", true, true, true, A, B, C);
  expect_int_mma("IMMA.16832.S32.U8.U8", false, false, false, A, B, C);
}

TEST(TensorCore, DMayOverwriteAAndAGuardKeepsLanesOut) {
  std::mt19937 rng(9);
  std::vector<uint32_t> A(512), B(256), C(128);
  for (auto& x : A) x = rng() & 0xFF;
  for (auto& x : B) x = rng() & 0xFF;
  for (auto& x : C) x = rng() & 0xFFFF;
  auto full = run_mma("IMMA.16832.S32.U8.S8", kI8x32, A, B, C, false);
  auto over = run_mma("IMMA.16832.S32.U8.S8", kI8x32, A, B, C, false, "", true);
  EXPECT_EQ(full, over);
  // @P0 with P0 = lane < 16: the other lanes' D registers keep their old contents (0x5A5A5A5A),
  // yet the lanes that execute see every lane's fragments.
  auto guarded =
      run_mma("IMMA.16832.S32.U8.S8", kI8x32, A, B, C, false, "ISETP.LT.U32 P0, R0, 16\n  @P0");
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned g = lane >> 2, t = lane % 4;
    for (unsigned i = 0; i < 4; ++i) {
      Coord c = c_coord(g, t, i);
      EXPECT_EQ(guarded[c.row * 8 + c.col], lane < 16 ? full[c.row * 8 + c.col] : 0x5A5A5A5Au)
          << lane;
    }
  }
}

}  // namespace
}  // namespace warpsim::isa
