// Tensor cores: the warp-wide matrix multiply-accumulate D(16x8) = A(16xK) * B(Kx8) + C of
// HMMA (f16, bf16, tf32 inputs) and IMMA (8-bit integer inputs), with the register fragments of
// PTX mma.sync.aligned.m16n8kK.row.col (PTX ISA, "Matrix Fragments for mma.m16n8k*"), so that
// the PTX front-end passes fragments through unchanged.
//
// Every shape and type shares one layout rule. groupID g = lane >> 2, t = lane % 4; a register
// of A or B packs E = 32 / element-bits elements, element e in bits [e * bits, (e + 1) * bits):
//   A register r: row g + 8 * (r & 1),  columns E * t + (K / 2) * (r >> 1) + e
//   B register r: rows E * t + (K / 2) * r + e,  column g
//   C, D element i (0..3): row g + 8 * (i >> 1), column 2t + (i & 1); one element per register
//        (f32, s32) or two per register (f16: element i in register i / 2, bits 16 * (i % 2))
// (f16/bf16 k16: E = 2, A regs 4, B regs 2; f16 k8: A 2, B 1; tf32 k8: E = 1, A 4, B 2;
// s8/u8 k32: E = 4, A 4, B 2.)
//
// Arithmetic, defined to be reproducible bit for bit (docs/isa.md, "Tensor cores"):
// - floating point: every input element converts exactly to fp64 (bf16: the high half of an
//   f32; tf32: the register's f32 bits with the low 13 bits ignored), so every product is exact;
//   acc = C, then acc = fl64(acc + a_k * b_k) for k = 0..K-1 in IEEE fp64 round-to-nearest-even,
//   and D = acc rounded once to the accumulator type (nearest even; f16 overflows to inf).
//   A NaN result is the canonical NaN (0x7FFFFFFF / 0x7FFF). Subnormal inputs are kept.
// - integer: the exact sum C + sum a_k * b_k (in int64: |sum| < 2^31 + 32 * 2^16), then wrapped
//   to 32 bits, or with .SAT clamped to [INT32_MIN, INT32_MAX] (PTX .satfinite).
// The hardware truncates its partial sums (floating point), so its last bits may differ.
#include <cstdint>
#include <limits>

#include "isa/semantics.h"
#include "isa/semantics_float.h"

namespace warpsim::isa::sem {

namespace {

// Element decoders: a register's element e as the exact value the products use.
struct F16 {
  static constexpr unsigned kBits = 16;
  static double at(uint32_t reg, unsigned e) {
    return fp::half_to_f32(static_cast<uint16_t>(reg >> (16 * e)));
  }
};
struct BF16 {
  static constexpr unsigned kBits = 16;
  static double at(uint32_t reg, unsigned e) {
    return fp::as_f32(((reg >> (16 * e)) & 0xFFFFu) << 16);
  }
};
struct TF32 {
  static constexpr unsigned kBits = 32;
  static double at(uint32_t reg, unsigned) { return fp::as_f32(reg & 0xFFFFE000u); }
};
struct S8 {
  static constexpr unsigned kBits = 8;
  static int64_t at(uint32_t reg, unsigned e) { return static_cast<int8_t>(reg >> (8 * e)); }
};
struct U8 {
  static constexpr unsigned kBits = 8;
  static int64_t at(uint32_t reg, unsigned e) { return static_cast<uint8_t>(reg >> (8 * e)); }
};

// Accumulator types: how C is read and D written, element i of a lane's fragment.
struct AccF32 {
  using Value = double;
  static double read(const ExecContext& x, unsigned op, unsigned lane, unsigned i) {
    return fp::as_f32(x.row[op][i][lane]);
  }
  static void write(ExecContext& x, unsigned lane, unsigned i, double acc) {
    x.row[0][i][lane] = acc != acc ? fp::kCanonicalNaN32 : fp::bits_of(static_cast<float>(acc));
  }
};
struct AccF16 {
  using Value = double;
  static double read(const ExecContext& x, unsigned op, unsigned lane, unsigned i) {
    return fp::half_to_f32(static_cast<uint16_t>(x.row[op][i / 2][lane] >> (16 * (i & 1u))));
  }
  static void write(ExecContext& x, unsigned lane, unsigned i, double acc) {
    uint32_t& reg = x.row[0][i / 2][lane];
    uint32_t h = fp::f64_to_half(acc, RndMod::rn);  // NaN: the canonical 0x7FFF
    reg = (i & 1u) ? (reg & 0xFFFFu) | (h << 16) : (reg & 0xFFFF0000u) | h;
  }
};
struct AccS32 {
  using Value = int64_t;
  static int64_t read(const ExecContext& x, unsigned op, unsigned lane, unsigned i) {
    return static_cast<int32_t>(x.row[op][i][lane]);
  }
  static void write(ExecContext& x, unsigned lane, unsigned i, int64_t acc) {
    if (x.inst->mod[static_cast<unsigned>(ModGroup::sat)] != 0) {
      constexpr int64_t lo = std::numeric_limits<int32_t>::min(),
                        hi = std::numeric_limits<int32_t>::max();
      acc = acc < lo ? lo : acc > hi ? hi : acc;
    }
    x.row[0][i][lane] = static_cast<uint32_t>(acc);
  }
};

template <unsigned K, class EA, class EB, class Acc>
void mma(ExecContext& x) {
  using V = typename Acc::Value;
  static_assert(EA::kBits == EB::kBits, "A and B elements have the same width");
  constexpr unsigned E = 32 / EA::kBits;  // elements per register
  constexpr unsigned kRegsA = K / (2 * E), kRegsB = K / (4 * E);
  // Gather the whole matrices first: D may share registers with A, B or C, and every lane's
  // result needs other lanes' fragments.
  V A[16][K], B[K][8], C[16][8];
  for (unsigned lane = 0; lane < kWarpSize; ++lane) {
    unsigned g = lane >> 2, t = lane & 3u;
    for (unsigned r = 0; r < kRegsA; ++r)
      for (unsigned e = 0; e < E; ++e)
        A[g + 8 * (r & 1u)][E * t + (K / 2) * (r >> 1) + e] = EA::at(x.row[1][r][lane], e);
    for (unsigned r = 0; r < kRegsB; ++r)
      for (unsigned e = 0; e < E; ++e) B[E * t + (K / 2) * r + e][g] = EB::at(x.row[2][r][lane], e);
    for (unsigned i = 0; i < 4; ++i)
      C[g + 8 * (i >> 1)][2 * t + (i & 1u)] = Acc::read(x, 3, lane, i);
  }
  for_lanes(x.mask, [&](unsigned lane) {
    unsigned g = lane >> 2, t = lane & 3u;
    for (unsigned i = 0; i < 4; ++i) {
      unsigned row = g + 8 * (i >> 1), col = 2 * t + (i & 1u);
      V acc = C[row][col];
      for (unsigned k = 0; k < K; ++k) acc += A[row][k] * B[k][col];
      Acc::write(x, lane, i, acc);
    }
  });
}

}  // namespace

void hmma16816(ExecContext& x) { mma<16, F16, F16, AccF32>(x); }
void hmma1688(ExecContext& x) { mma<8, F16, F16, AccF32>(x); }
void hmma16816_f16(ExecContext& x) { mma<16, F16, F16, AccF16>(x); }
void hmma16816_bf16(ExecContext& x) { mma<16, BF16, BF16, AccF32>(x); }
void hmma1688_tf32(ExecContext& x) { mma<8, TF32, TF32, AccF32>(x); }
void imma16832_s8s8(ExecContext& x) { mma<32, S8, S8, AccS32>(x); }
void imma16832_s8u8(ExecContext& x) { mma<32, S8, U8, AccS32>(x); }
void imma16832_u8s8(ExecContext& x) { mma<32, U8, S8, AccS32>(x); }
void imma16832_u8u8(ExecContext& x) { mma<32, U8, U8, AccS32>(x); }

}  // namespace warpsim::isa::sem
