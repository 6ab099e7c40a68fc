// Real nvcc output (tests/ptx/fixtures/nvcc/*.cu, compiled with `nvcc -ptx -arch=sm_75 -O3`,
// -arch=sm_80 for mma_types.cu, the PTX committed next to each .cu): every kernel translates,
// runs in the functional emulator and matches results recomputed on the host from the CUDA
// source's semantics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>

#include "isa/exec/data_segments.h"
#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx_testing {
namespace {

const unsigned kN = 64;

Program load(const std::string& name) {
  std::string path = isa::testing::source_path("tests/ptx/fixtures/nvcc/" + name);
  return translate_ptx_file(path);
}

// Runs `kernel` on one CTA of kN threads with buffers (uploaded in order) and an int n = kN
// last; returns the last buffer (the output) as words.
std::vector<uint32_t> run(const Program& p, const std::string& kernel,
                          const std::vector<std::vector<uint32_t>>& buffers, size_t out_words,
                          unsigned threads = kN, const std::vector<ParamArg>& extra = {}) {
  const Kernel* k = p.find(kernel);
  if (!k) throw std::runtime_error("no kernel " + kernel);
  DeviceMemory mem;
  map_data_segments(p, mem);
  std::vector<ParamArg> args;
  for (const auto& b : buffers) args.push_back(ParamArg::of_address(upload(mem, b)));
  uint64_t out = upload(mem, std::vector<uint32_t>(out_words, 0));
  args.push_back(ParamArg::of_address(out));
  for (const ParamArg& a : extra) args.push_back(a);
  isa::testing::run_kernel(*k, mem, Dim3{1, 1, 1}, Dim3{threads, 1, 1}, args);
  return download<uint32_t>(mem, out, out_words);
}

uint32_t fb(float f) { return fbits(f); }

template <class T, class F>
T in_mode(int mode, F f) {
  int old = std::fegetround();
  std::fesetround(mode);
  volatile T r = f();
  std::fesetround(old);
  return r;
}

template <class I>
I sat_cast(double v) {
  if (std::isnan(v)) return 0;
  if (v <= static_cast<double>(std::numeric_limits<I>::min())) return std::numeric_limits<I>::min();
  if (v >= static_cast<double>(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();
  return static_cast<I>(v);
}

bool same(uint32_t a, uint32_t b) { return a == b || (std::isnan(bitsf(a)) && std::isnan(bitsf(b))); }

TEST(PtxNvcc, IntegerIntrinsics) {
  Program p = load("intrinsics.ptx");
  std::mt19937 rng(17);
  std::vector<uint32_t> a(kN), b(kN);
  const int32_t special[] = {0, 1, -1, 7, -7, INT32_MAX, INT32_MIN + 1, 0x10000, -0x8000, 255, 31, 33};
  for (unsigned i = 0; i < kN; ++i) {
    a[i] = i % 3 == 0 ? static_cast<uint32_t>(special[i % 12]) : rng();
    b[i] = i % 4 == 1 ? static_cast<uint32_t>(special[(i * 5) % 12]) : rng() >> (i % 7);
  }
  auto out = run(p, "int_ops", {a, b}, 38 * kN, kN, {ParamArg::of_int(ScalarType::u32, kN)});
  for (unsigned i = 0; i < kN; ++i) {
    int32_t x = static_cast<int32_t>(a[i]), y = static_cast<int32_t>(b[i]);
    uint32_t ux = a[i], uy = b[i];
    int64_t la = int64_t(x) * 77777 + y, lb = int64_t(y) * -31 + x;
    uint64_t ula = static_cast<uint64_t>(la), ulb = static_cast<uint64_t>(lb);
    auto ffs = [](uint64_t v) { return v ? static_cast<uint32_t>(__builtin_ctzll(v) + 1) : 0u; };
    auto brev32 = [](uint32_t v) {
      uint32_t r = 0;
      for (int k = 0; k < 32; ++k) r |= ((v >> k) & 1u) << (31 - k);
      return r;
    };
    auto brev64 = [&](uint64_t v) { return static_cast<uint64_t>(brev32(static_cast<uint32_t>(v))) << 32 | brev32(static_cast<uint32_t>(v >> 32)); };
    auto perm = [](uint32_t lo, uint32_t hi, uint32_t s) {
      uint64_t v = static_cast<uint64_t>(hi) << 32 | lo;
      uint32_t r = 0;
      for (int k = 0; k < 4; ++k) r |= static_cast<uint32_t>(v >> (8 * ((s >> (4 * k)) & 7)) & 0xFF) << (8 * k);
      return r;
    };
    __extension__ typedef unsigned __int128 u128;
    std::vector<uint32_t> want = {
        ux + uy,
        ux * uy,
        static_cast<uint32_t>((int64_t(x) * y) >> 32),
        static_cast<uint32_t>((uint64_t(ux) * uy) >> 32),
        y != 0 ? (y == -1 ? 0u - ux : static_cast<uint32_t>(x / y)) : 0u,
        y != 0 ? (y == -1 ? 0u : static_cast<uint32_t>(x % y)) : 0u,
        uy != 0 ? ux / uy : 0u,
        uy != 0 ? ux % uy : 0u,
        static_cast<uint32_t>(std::min(x, y)),
        std::max(ux, uy),
        x < 0 ? 0u - ux : ux,
        static_cast<uint32_t>(__builtin_popcount(ux)),
        ux ? static_cast<uint32_t>(__builtin_clz(ux)) : 32u,
        brev32(ux),
        ffs(ux),
        perm(ux, uy, 0x5140),
        static_cast<uint32_t>(((static_cast<uint64_t>(uy) << 32 | ux) << (ux & 31)) >> 32),
        static_cast<uint32_t>((static_cast<uint64_t>(uy) << 32 | ux) >> std::min<uint32_t>(uy & 63, 32)),
        static_cast<uint32_t>(x > y ? int64_t(x) - y : int64_t(y) - x) + 3u,
        (ux & 0xFFFFFF) * (uy & 0xFFFFFF),
        ux >> (uy & 31),
        static_cast<uint32_t>(x >> (y & 31)),
        ux << (uy & 15),
        static_cast<uint32_t>(static_cast<uint64_t>((static_cast<u128>(ula) * ulb) >> 64) >> 7),
        static_cast<uint32_t>((ula * ulb) >> 32),
        lb != 0 ? static_cast<uint32_t>(la / lb) : 0u,
        static_cast<uint32_t>(ula >> (uy & 63)),
        static_cast<uint32_t>(la >> 40),
        static_cast<uint32_t>(__builtin_popcountll(ula) + (ula ? __builtin_clzll(ula) : 64) * 100) +
            ffs(ulb) * 10000,
        static_cast<uint32_t>(brev64(ula) >> 16),
        static_cast<uint32_t>(std::min(la, lb)),
        static_cast<uint32_t>(static_cast<int16_t>(x) * static_cast<int16_t>(y) + static_cast<int16_t>(x >> 3)),
        static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(x ^ y))),
        static_cast<uint32_t>(static_cast<int32_t>((int64_t(x) + y) >> 1)),
        static_cast<uint32_t>(static_cast<int32_t>((int64_t(x) + y + 1) >> 1)),
        static_cast<uint32_t>(static_cast<uint16_t>(ux / 3u)),
        (ux & 0xF0F0u) | (~uy & 0x0F0Fu),
        static_cast<uint32_t>((x < y) + 2 * (ux < uy) + 4 * (la <= lb) + 8 * (ula > ulb) + 16 * (x == y)),
    };
    for (unsigned k = 0; k < want.size(); ++k)
      EXPECT_EQ(out[k * kN + i], want[k]) << "result " << k << " a=" << x << " b=" << y;
  }
}

TEST(PtxNvcc, FloatIntrinsicsAndConversions) {
  Program p = load("intrinsics.ptx");
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  const float sx[] = {0.0f, -0.0f, 1.5f, -2.5f, 3e9f, -3e9f, 1e-40f, inf, -inf, nan, 0.49999997f, 123.456f, 7.0f};
  const double sd[] = {0.0, -1.5, 1e20, -1e20, 3.25, 5e-324, 1e300, std::nan(""), 12345.678, -0.1};
  std::mt19937 rng(23);
  std::uniform_real_distribution<float> u(-50.0f, 50.0f);
  std::vector<uint32_t> x(kN), y(kN), d(2 * kN);
  for (unsigned i = 0; i < kN; ++i) {
    x[i] = fb(i % 2 ? sx[i % 13] : u(rng));
    y[i] = fb(i % 3 ? u(rng) : sx[(i * 7) % 13]);
    double dv = i % 2 ? sd[i % 10] : static_cast<double>(u(rng)) * 1e3;
    std::memcpy(&d[2 * i], &dv, 8);
  }
  auto out = run(p, "float_ops", {x, y, d}, 33 * kN, kN, {ParamArg::of_int(ScalarType::u32, kN)});
  for (unsigned i = 0; i < kN; ++i) {
    float a = bitsf(x[i]), b = bitsf(y[i]);
    double dv;
    std::memcpy(&dv, &d[2 * i], 8);
    volatile float va = a, vb = b;
    volatile double vd = dv;
    auto hi = [](double v) { uint64_t b2; std::memcpy(&b2, &v, 8); return static_cast<uint32_t>(b2 >> 32); };
    auto lo = [](double v) { uint64_t b2; std::memcpy(&b2, &v, 8); return static_cast<uint32_t>(b2); };
    auto fmin_cuda = [](float s, float t) { return std::isnan(s) ? t : std::isnan(t) ? s : std::fmin(s, t); };
    auto fmax_cuda = [](float s, float t) { return std::isnan(s) ? t : std::isnan(t) ? s : std::fmax(s, t); };
    std::vector<uint32_t> want = {
        fb(va + vb),
        fb(va * vb),
        fb(va / vb),
        fb(std::sqrt(std::fabs(va))),
        fb(std::fma(va, vb, 1.5f)),
        fb(in_mode<float>(FE_TOWARDZERO, [&] { return va + vb; })),
        fb(in_mode<float>(FE_DOWNWARD, [&] { return va * vb; })),
        fb(in_mode<float>(FE_UPWARD, [&] { return std::fma(va, vb, va); })),
        fb(va / 3.0f),
        fb(1.0f / vb),
        fb(std::sqrt(std::fabs(vb))),
        fb(fmin_cuda(a, b)),
        fb(fmax_cuda(a, b)),
        fb(std::copysign(a, b)),
        static_cast<uint32_t>(sat_cast<int32_t>(std::nearbyint(a))),
        static_cast<uint32_t>(sat_cast<int32_t>(std::trunc(b))),
        static_cast<uint32_t>(sat_cast<int32_t>(std::floor(a))),
        sat_cast<uint32_t>(std::ceil(b)),
        fb(std::trunc(a) + std::floor(b) * 2.0f),
        fb(std::ceil(a) - std::nearbyint(b)),
        fb(in_mode<float>(FE_DOWNWARD, [&] { volatile int32_t q = static_cast<int32_t>(x[i]) >> 8; return static_cast<float>(q); })),
        fb(std::isnan(a) || a <= 0.0f ? 0.0f : a > 1.0f ? 1.0f : a),
        static_cast<uint32_t>(std::isinf(a) + 2 * std::isnan(b) + 4 * std::isfinite(a) + 8 * (std::signbit(b) ? 1 : 0)),
        fb(static_cast<float>(vd)),
        fb(in_mode<float>(FE_TOWARDZERO, [&] { volatile double t = vd * 3.0; return static_cast<float>(t); })),
        static_cast<uint32_t>(sat_cast<int64_t>(std::trunc(vd * 1e3))),
        hi(vd / 7.0),
        lo(std::sqrt(std::fabs(vd))),
        hi(std::fma(vd, vd, -1.0)),
        fb(static_cast<float>(sat_cast<int64_t>(std::trunc(a)))),
        fb(a < b ? a : b) ^ (a >= b ? 1u : 0u) ^ (!(a <= b) ? 2u : 0u),
        static_cast<uint32_t>(sat_cast<uint64_t>(std::trunc(std::fabs(vd)))),
        hi(std::fmax(vd, static_cast<double>(a)) - std::fmin(vd, static_cast<double>(b))),
    };
    for (unsigned k = 0; k < want.size(); ++k) {
      uint32_t got = out[k * kN + i];
      bool float_result = (k <= 13) || k == 18 || k == 19 || k == 20 || k == 21 || k == 23 || k == 24 || k == 29;
      if (float_result) {
        EXPECT_TRUE(same(got, want[k])) << "result " << k << " x=" << a << " y=" << b << " d=" << dv << " got "
                                        << bitsf(got) << " want " << bitsf(want[k]);
      } else if (!std::isnan(dv) || (k != 26 && k != 27 && k != 28 && k != 32)) {
        EXPECT_EQ(got, want[k]) << "result " << k << " x=" << a << " y=" << b << " d=" << dv;
      }
    }
  }
}

TEST(PtxNvcc, FastMathIsCloseToLibm) {
  Program p = load("intrinsics.ptx");
  std::vector<uint32_t> x(kN);
  for (unsigned i = 0; i < kN; ++i) x[i] = fb(-6.0f + 12.0f * static_cast<float>(i) / kN + 0.013f);
  auto out = run(p, "fast_math", {x}, 10 * kN, kN, {ParamArg::of_int(ScalarType::u32, kN)});
  for (unsigned i = 0; i < kN; ++i) {
    double v = bitsf(x[i]), pp = std::fabs(v) + 0.5;
    double want[] = {std::exp(v), std::log(pp), std::sin(v), std::cos(v), v / pp, 1 / std::sqrt(pp),
                     std::pow(pp, 1.5), std::exp2(v), std::sin(v), std::exp(v)};
    double tol[] = {2e-6, 2e-6, 2e-6, 2e-6, 2e-6, 2e-6, 4e-6, 2e-6, 5e-7, 5e-7};
    for (unsigned k = 0; k < 10; ++k)
      EXPECT_NEAR(bitsf(out[k * kN + i]), want[k], tol[k] * std::max(1.0, std::fabs(want[k])))
          << "result " << k << " x=" << v;
  }
}

uint16_t to_half(float f) {  // round to nearest even; normal range only (what the test uses)
  uint32_t x = fbits(f);
  if ((x & 0x7FFFFFFF) == 0) return static_cast<uint16_t>(x >> 16);
  uint32_t sign = (x >> 16) & 0x8000;
  uint32_t h = (((x >> 23) & 0xFF) - 127 + 15) << 10 | ((x >> 13) & 0x3FF);
  uint32_t rem = x & 0x1FFF;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h;
  return static_cast<uint16_t>(sign | h);
}
float from_half(uint16_t h) {
  if ((h & 0x7FFF) == 0) return (h & 0x8000) ? -0.0f : 0.0f;
  return bitsf(static_cast<uint32_t>(h & 0x8000) << 16 | ((((h >> 10) & 0x1F) - 15 + 127) << 23) | ((h & 0x3FFu) << 13));
}

TEST(PtxNvcc, ProgramStructure) {
  Program p = load("structure.ptx");
  const Kernel& k = p.kernels[0];
  ASSERT_EQ(k.params.size(), 4u);
  EXPECT_EQ(k.params[2].offset, 16u);  // struct Params, .align 8 .b8 [24]
  EXPECT_EQ(k.params[3].offset, 40u);
  EXPECT_EQ(k.param_bytes, 44u);
  const unsigned n = 64;
  std::vector<int32_t> in(n);
  for (unsigned t = 0; t < n; ++t) in[t] = static_cast<int32_t>(t * 2654435761u) >> (t % 9);
  DeviceMemory mem;
  map_data_segments(p, mem);
  uint64_t in_a = upload(mem, in), out_a = upload(mem, std::vector<int32_t>(8 * n, 0));
  std::vector<uint8_t> buf(k.param_bytes, 0);
  auto put = [&](uint32_t off, const void* v, size_t sz) { std::memcpy(buf.data() + off, v, sz); };
  int32_t scale = 3;
  float bias = 0.77f;
  double weight = 12.9;
  int16_t tag = -5;
  put(0, &in_a, 8);
  put(8, &out_a, 8);
  put(16, &scale, 4);
  put(20, &bias, 4);
  put(24, &weight, 8);
  put(32, &tag, 2);
  put(40, &n, 4);
  ExecKernelSource src(k, mem, Dim3{1, 1, 1}, Dim3{n, 1, 1}, n * 4, buf);
  auto cta = src.open_cta(0, 0);
  std::vector<char> at_bar(cta->num_warps(), 0);
  for (uint64_t cyc = 0;;) {  // round-robin with barriers, as tests/isa/kernel_runner does
    unsigned live = 0, waiting = 0;
    for (unsigned w = 0; w < cta->num_warps(); ++w) {
      const WarpInst* wi = cta->peek(w);
      if (!wi) continue;
      ++live;
      if (at_bar[w]) {
        ++waiting;
        continue;
      }
      if (cta->issue(w, cyc++).op_class == OpClass::barrier) at_bar[w] = 1;
    }
    if (!live) break;
    if (live == waiting) std::fill(at_bar.begin(), at_bar.end(), 0);
  }
  auto out = download<int32_t>(mem, out_a, 8 * n);
  const int ctab[8] = {3, 1, 4, 1, 5, 9, 2, 6};
  const uint32_t gseed[4] = {0x12345678u, 0x9abcdef0u, 0x0f1e2d3cu, 0x4b5a6978u};
  for (unsigned t = 0; t < n; ++t) {
    int32_t v = in[t];
    int64_t x = int64_t(v) * 1000003 + t;
    int32_t lo = static_cast<int32_t>(x), hi = static_cast<int32_t>(x >> 32);
    uint32_t r0 = t % 3 == 0 ? static_cast<uint32_t>(lo) + static_cast<uint32_t>(hi)
                  : t % 3 == 1 ? static_cast<uint32_t>(lo ^ hi)
                               : static_cast<uint32_t>(lo) * static_cast<uint32_t>(hi);
    uint32_t uv = static_cast<uint32_t>(v);
    uint32_t pk;
    switch (t & 7) {
      case 0: pk = uv + 1; break;
      case 1: pk = uv * 3; break;
      case 2: pk = uv - 7; break;
      case 3: pk = uv << 2; break;
      case 5: pk = ~uv; break;
      default: pk = uv;
    }
    unsigned li = static_cast<unsigned>(v & 15);
    uint32_t r1 = pk + uv * li + static_cast<uint32_t>(ctab[li & 7]);
    volatile float vb = bias;
    uint32_t r2 = static_cast<uint32_t>(in[(t + 5) % n]) * 3u + static_cast<uint32_t>(static_cast<int32_t>(vb * 10.0f)) + 12u +
                  static_cast<uint32_t>(tag);
    unsigned w0 = t / 32 * 32;
    uint32_t ballot = 0, match = 0;
    for (unsigned l = 0; l < 32; ++l) {
      if (in[w0 + l] > 0) ballot |= 1u << l;
      if ((in[w0 + l] & 3) == (v & 3)) match |= 1u << l;
    }
    uint32_t r3 = static_cast<uint32_t>(in[t ^ 1]) + ballot;
    uint64_t sum = (static_cast<uint64_t>(uv) << 20) + 0xfffff00000ull + gseed[t & 3];
    float h = from_half(to_half(static_cast<float>(v & 255) * 0.25f));
    float low = from_half(to_half(static_cast<float>(static_cast<double>(h) * h + h)));
    float hf = low + 3.75f;
    EXPECT_EQ(static_cast<uint32_t>(out[8 * t + 0]), r0) << t;
    EXPECT_EQ(static_cast<uint32_t>(out[8 * t + 1]), r1) << t;
    EXPECT_EQ(static_cast<uint32_t>(out[8 * t + 2]), r2) << t;
    EXPECT_EQ(static_cast<uint32_t>(out[8 * t + 3]), r3) << t;
    EXPECT_EQ(static_cast<uint32_t>(out[8 * t + 4]), match) << t;
    EXPECT_EQ(static_cast<uint32_t>(out[8 * t + 5]), static_cast<uint32_t>(sum >> 12)) << t;
    EXPECT_EQ(out[8 * t + 6], static_cast<int32_t>(hf * 16.0f)) << t;
    EXPECT_EQ(static_cast<uint32_t>(out[8 * t + 7]), 0xFFFFFFFFu) << t;
  }
}

// ---- mma_types.cu (sm_80): tensor-core types of large-model kernels, end to end.

// Nearest rounding of an f32 pattern to one with `drop` low bits clear, by comparing the two
// neighbours in double (ties: even, or away from zero); NaNs become quiet with their high bits.
uint32_t round_bits(uint32_t x, unsigned drop, bool ties_away) {
  uint32_t step = 1u << drop;
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) return (x & ~(step - 1)) | 0x00400000u;
  if ((x & 0x7FFFFFFFu) == 0x7F800000u) return x;
  uint32_t lo = x & ~(step - 1), hi = lo + step;
  double v = std::fabs(double(bitsf(x))), vlo = std::fabs(double(bitsf(lo)));
  double vhi =
      (hi & 0x7FFFFFFFu) == 0x7F800000u ? std::ldexp(1.0, 128) : std::fabs(double(bitsf(hi)));
  if (v - vlo != vhi - v) return v - vlo < vhi - v ? lo : hi;
  return ties_away || (lo & step) ? hi : lo;
}
uint32_t to_bf16(float f) { return round_bits(fb(f), 16, false) >> 16; }
float bf16_f(uint32_t h) { return bitsf(h << 16); }
float to_tf32(float f) { return bitsf(round_bits(fb(f), 13, true)); }
// Nearest-even binary16 of a double, and back.
uint16_t to_f16(double v) {
  if (std::isnan(v)) return 0x7FFF;
  uint16_t sign = std::signbit(v) ? 0x8000 : 0;
  double a = std::fabs(v);
  if (a == 0) return sign;
  if (std::isinf(a)) return sign | 0x7C00;
  int e = std::max(std::ilogb(a), -14);
  double q = std::nearbyint(std::ldexp(a, 10 - e));
  if (q >= 2048) q /= 2, ++e;
  if (e > 15) return sign | 0x7C00;
  return sign | static_cast<uint16_t>(q < 1024 ? q : ((e + 15) << 10) + q - 1024);
}
double f16_d(uint16_t h) {
  int e = (h >> 10) & 31, m = h & 1023;
  double v = e == 0 ? std::ldexp(m, -24) : std::ldexp(1024 + m, e - 25);
  return h & 0x8000 ? -v : v;
}

TEST(PtxNvcc, MmaTypesConversions) {
  Program p = load("mma_types.ptx");
  const uint32_t edge[] = {0x3F808000u, 0x3F818000u, 0x3F801000u, 0xBF801000u,
                           0x7F7F8000u, 0x7F7FF000u, 0x00008000u, 0x00001000u,
                           0x7F800001u, 0xFF800000u, 0x80000000u, 0x7FC00000u};
  std::mt19937 rng(41);
  std::vector<uint32_t> x(kN), y(kN);
  for (unsigned i = 0; i < kN; ++i) {
    x[i] = i % 3 == 0 ? edge[i % 12] : rng();
    y[i] = i % 4 == 1 ? edge[(i * 5) % 12] : fb(std::uniform_real_distribution<float>(-9, 9)(rng));
  }
  auto out = run(p, "conversions", {x, y}, 4 * kN, kN, {ParamArg::of_int(ScalarType::u32, kN)});
  for (unsigned i = 0; i < kN; ++i) {
    uint32_t bx = round_bits(x[i], 16, false) >> 16, by = round_bits(y[i], 16, false) >> 16;
    EXPECT_EQ(out[i], by << 16 | bx) << std::hex << x[i] << " " << y[i];  // .x = x (low), .y = y
    EXPECT_EQ(out[kN + i], round_bits(x[i], 13, true)) << std::hex << x[i];
    EXPECT_EQ(out[2 * kN + i], bx) << std::hex << x[i];
    EXPECT_EQ(out[3 * kN + i], bx << 16) << std::hex << x[i];
  }
}

// Runs one of the mma kernels on one warp: A (16xK), Bt (8xK), C (16x8) words; D 16x8 words.
std::vector<uint32_t> run_mma(const Program& p, const std::string& kernel,
                              const std::vector<uint32_t>& A, const std::vector<uint32_t>& Bt,
                              const std::vector<uint32_t>& C, int sat = -1) {
  std::vector<ParamArg> extra;
  if (sat >= 0) extra.push_back(ParamArg::of_int(ScalarType::i32, sat));
  return run(p, kernel, {A, Bt, C}, 128, 32, extra);
}

TEST(PtxNvcc, MmaBf16AndTf32MatchTheDocumentedArithmetic) {
  Program p = load("mma_types.ptx");
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> u(-2, 2);
  for (unsigned K : {16u, 8u}) {  // bf16 m16n8k16, tf32 m16n8k8
    std::vector<uint32_t> A(16 * K), Bt(8 * K), C(128);
    for (auto& v : A) v = fb(u(rng) * std::ldexp(1.0f, int(rng() % 7) - 3));
    for (auto& v : Bt) v = fb(u(rng));
    for (auto& v : C) v = fb(u(rng) * 4);
    auto D = run_mma(p, K == 16 ? "mma_bf16" : "mma_tf32", A, Bt, C);
    for (unsigned r = 0; r < 16; ++r)
      for (unsigned c = 0; c < 8; ++c) {
        double acc = bitsf(C[r * 8 + c]);
        for (unsigned k = 0; k < K; ++k) {
          float a = bitsf(A[r * K + k]), b = bitsf(Bt[c * K + k]);
          acc += K == 16 ? double(bf16_f(to_bf16(a))) * bf16_f(to_bf16(b))
                         : double(to_tf32(a)) * to_tf32(b);
        }
        EXPECT_EQ(D[r * 8 + c], fb(static_cast<float>(acc)))
            << "K " << K << " D[" << r << "][" << c << "]";
      }
  }
}

TEST(PtxNvcc, MmaInt8EverySignednessAndSatfinite) {
  Program p = load("mma_types.ptx");
  std::mt19937 rng(43);
  const char* kernels[] = {"mma_s8s8", "mma_s8u8", "mma_u8s8", "mma_u8u8"};
  for (unsigned v = 0; v < 4; ++v) {
    std::vector<uint8_t> A(16 * 32), Bt(8 * 32);
    for (auto& x : A) x = static_cast<uint8_t>(rng());
    for (auto& x : Bt) x = static_cast<uint8_t>(rng());
    for (unsigned k = 0; k < 32; ++k)
      A[k] = 0x7F, Bt[k] = 0x7F, A[32 + k] = 0x80, Bt[32 + k] = 0xFF;
    std::vector<uint32_t> a(128), bt(64), C(128);
    std::memcpy(a.data(), A.data(), A.size());
    std::memcpy(bt.data(), Bt.data(), Bt.size());
    for (auto& x : C) x = rng() % 100001 - 50000;
    C[0] = static_cast<uint32_t>(INT32_MAX - 100);  // row 0 x column 0: + 32 * 127 * 127
    C[9] = static_cast<uint32_t>(INT32_MIN + 100);  // row 1 x column 1: 32 * -128 * (-1 or 255)
    bool as = !(v & 2), bs = !(v & 1);
    for (int sat : {0, 1}) {
      auto D = run_mma(p, kernels[v], a, bt, C, sat);
      for (unsigned r = 0; r < 16; ++r)
        for (unsigned c = 0; c < 8; ++c) {
          int64_t acc = static_cast<int32_t>(C[r * 8 + c]);
          for (unsigned k = 0; k < 32; ++k)
            acc += (as ? int64_t(int8_t(A[r * 32 + k])) : int64_t(A[r * 32 + k])) *
                   (bs ? int64_t(int8_t(Bt[c * 32 + k])) : int64_t(Bt[c * 32 + k]));
          if (sat) acc = std::clamp<int64_t>(acc, INT32_MIN, INT32_MAX);
          EXPECT_EQ(D[r * 8 + c], static_cast<uint32_t>(acc))
              << kernels[v] << " sat " << sat << " D[" << r << "][" << c << "]";
        }
    }
  }
}

TEST(PtxNvcc, MmaF16AccumulatorsRoundOnce) {
  Program p = load("mma_types.ptx");
  std::mt19937 rng(44);
  std::uniform_real_distribution<float> u(-3, 3);
  std::vector<uint32_t> A(256), Bt(128), C(128);
  for (auto& v : A) v = fb(u(rng));
  for (auto& v : Bt) v = fb(u(rng));
  for (auto& v : C) v = fb(u(rng) * 8);
  C[5] = fb(65000.0f);  // row 0, column 5 may overflow to inf
  auto D = run(p, "mma_f16acc", {A, Bt, C}, 64, 32);
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned c = 0; c < 8; ++c) {
      double acc = f16_d(to_f16(bitsf(C[r * 8 + c])));
      for (unsigned k = 0; k < 16; ++k)
        acc += f16_d(to_f16(bitsf(A[r * 16 + k]))) * f16_d(to_f16(bitsf(Bt[c * 16 + k])));
      uint32_t got = (D[(r * 8 + c) / 2] >> (16 * (c & 1))) & 0xFFFF;
      EXPECT_EQ(got, to_f16(acc)) << "D[" << r << "][" << c << "]";
    }
}

}  // namespace
}  // namespace warpsim::isa::ptx_testing
