// Integer PTX instructions, translated and run in the functional emulator, against host
// results: arithmetic (incl. carry chains and saturation), multiplication forms, division,
// bit manipulation, shifts (counts >= the width), logic, comparisons, selects, moves.
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx_testing {
namespace {

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

uint64_t mask(unsigned bits) { return bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }
int64_t sx(uint64_t v, unsigned bits) {
  return bits == 64 ? static_cast<int64_t>(v)
                    : static_cast<int64_t>(v << (64 - bits)) >> (64 - bits);
}

// Edge values and random ones, three operands per record.
std::vector<In> inputs(unsigned bits, unsigned n = 64, uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  const uint64_t m = mask(bits);
  std::vector<uint64_t> special = {0, 1, 2, m, m - 1, m >> 1, (m >> 1) + 1, 3, 7, 31, 32, 33, 63, 64,
                                   0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF};
  std::vector<In> in;
  for (unsigned i = 0; i < n; ++i) {
    In r{};
    for (unsigned k = 0; k < 3; ++k) {
      uint64_t v = (i + k) % 3 == 0 ? special[(i * 7 + k * 3) % special.size()] : rng();
      r[k] = v & m;
    }
    in.push_back(r);
  }
  return in;
}

void check(unsigned bits, const std::string& ops, const std::vector<In>& in,
           const std::function<uint64_t(uint64_t, uint64_t, uint64_t)>& f, unsigned out_bits = 0) {
  auto out = run_op(bits, ops, in);
  uint64_t om = mask(out_bits ? out_bits : bits);
  for (size_t i = 0; i < in.size(); ++i)
    EXPECT_EQ(out[i][0] & om, f(in[i][0], in[i][1], in[i][2]) & om)
        << ops << "  a=0x" << std::hex << in[i][0] << " b=0x" << in[i][1] << " c=0x" << in[i][2];
}

void check_pred(unsigned bits, const std::string& ops, const std::vector<In>& in,
                const std::function<uint64_t(uint64_t, uint64_t, uint64_t)>& f) {
  auto out = run_op(bits, ops, in);
  for (size_t i = 0; i < in.size(); ++i)
    EXPECT_EQ(out[i][1], f(in[i][0], in[i][1], in[i][2]))
        << ops << "  a=0x" << std::hex << in[i][0] << " b=0x" << in[i][1];
}

TEST(PtxInt, AddSubWrapAtEveryWidth) {
  for (unsigned bits : {16u, 32u, 64u}) {
    std::string s = std::to_string(bits);
    check(bits, "add.s" + s + " %d, %a, %b;", inputs(bits), [](uint64_t a, uint64_t b, uint64_t) { return a + b; });
    check(bits, "sub.u" + s + " %d, %a, %b;", inputs(bits), [](uint64_t a, uint64_t b, uint64_t) { return a - b; });
    check(bits, "add.s" + s + " %d, %a, -3;", inputs(bits), [](uint64_t a, uint64_t, uint64_t) { return a - 3; });
  }
}

TEST(PtxInt, SaturatingAddSub) {
  auto sat = [](int64_t v) {
    return static_cast<uint64_t>(std::max<int64_t>(INT32_MIN, std::min<int64_t>(INT32_MAX, v)));
  };
  check(32, "add.sat.s32 %d, %a, %b;", inputs(32),
        [&](uint64_t a, uint64_t b, uint64_t) { return sat(sx(a, 32) + sx(b, 32)); });
  check(32, "sub.sat.s32 %d, %a, %b;", inputs(32),
        [&](uint64_t a, uint64_t b, uint64_t) { return sat(sx(a, 32) - sx(b, 32)); });
}

TEST(PtxInt, CarryChainsAdd64And128) {
  // 64-bit add from 32-bit halves: add.cc / addc, and sub.cc / subc.
  std::string regs = "\t.reg .b32 %al, %ah, %bl, %bh, %dl, %dh;\n";
  std::string split = "mov.b64 {%al, %ah}, %a;\nmov.b64 {%bl, %bh}, %b;\n";
  auto run = [&](const std::string& ops, const std::function<uint64_t(uint64_t, uint64_t)>& f) {
    auto in = inputs(64);
    auto out = run_op(64, split + ops + "mov.b64 %d, {%dl, %dh};", in, regs);
    for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(out[i][0], f(in[i][0], in[i][1])) << ops;
  };
  run("add.cc.u32 %dl, %al, %bl;\naddc.u32 %dh, %ah, %bh;\n", [](uint64_t a, uint64_t b) { return a + b; });
  run("sub.cc.u32 %dl, %al, %bl;\nsubc.u32 %dh, %ah, %bh;\n", [](uint64_t a, uint64_t b) { return a - b; });
  // addc.cc in the middle of a chain: (a + b) + (a + b) with the carry threaded through.
  run("add.cc.u32 %dl, %al, %bl;\naddc.cc.u32 %dh, %ah, %bh;\naddc.u32 %ah, 0, 0;\n"
      "add.cc.u32 %dl, %dl, %dl;\naddc.u32 %dh, %dh, %dh;\n",
      [](uint64_t a, uint64_t b) { return (a + b) * 2; });
}

TEST(PtxInt, MultiplyHighWordsWithMadCarry) {
  // The high 64 bits of a 64x64 product from 32-bit partial products (the way nvcc expands
  // __umul64hi without mul.hi.u64): mul.lo/hi, mad.lo.cc, madc.hi.
  std::string regs = "\t.reg .b32 %al, %ah, %bl, %bh, %t0, %t1, %t2, %t3;\n";
  std::string ops =
      "mov.b64 {%al, %ah}, %a;\nmov.b64 {%bl, %bh}, %b;\n"
      "mul.hi.u32 %t0, %al, %bl;\n"               // carry word of al*bl
      "mad.lo.cc.u32 %t0, %al, %bh, %t0;\n"
      "madc.hi.u32 %t1, %al, %bh, 0;\n"
      "mad.lo.cc.u32 %t0, %ah, %bl, %t0;\n"
      "madc.hi.cc.u32 %t1, %ah, %bl, %t1;\n"
      "addc.u32 %t2, 0, 0;\n"
      "mad.lo.cc.u32 %t1, %ah, %bh, %t1;\n"
      "madc.hi.u32 %t2, %ah, %bh, %t2;\n"
      "mov.b64 %d, {%t1, %t2};\n";
  auto in = inputs(64);
  auto out = run_op(64, ops, in, regs);
  for (size_t i = 0; i < in.size(); ++i) {
    u128 p = static_cast<u128>(in[i][0]) * in[i][1];
    EXPECT_EQ(out[i][0], static_cast<uint64_t>(p >> 64)) << std::hex << in[i][0] << " " << in[i][1];
  }
}

TEST(PtxInt, MultiplyForms) {
  auto in32 = inputs(32);
  check(32, "mul.lo.s32 %d, %a, %b;", in32, [](uint64_t a, uint64_t b, uint64_t) { return a * b; });
  check(32, "mul.hi.s32 %d, %a, %b;", in32, [](uint64_t a, uint64_t b, uint64_t) {
    return static_cast<uint64_t>((sx(a, 32) * sx(b, 32)) >> 32);
  });
  check(32, "mul.hi.u32 %d, %a, %b;", in32, [](uint64_t a, uint64_t b, uint64_t) { return (a * b) >> 32; });
  check(32, "mad.lo.s32 %d, %a, %b, %c;", in32, [](uint64_t a, uint64_t b, uint64_t c) { return a * b + c; });
  check(32, "mad.hi.u32 %d, %a, %b, %c;", in32,
        [](uint64_t a, uint64_t b, uint64_t c) { return ((a * b) >> 32) + c; });
  check(32, "mul24.lo.u32 %d, %a, %b;", in32, [](uint64_t a, uint64_t b, uint64_t) {
    return (a & 0xFFFFFF) * (b & 0xFFFFFF);
  });
  check(32, "mad24.lo.s32 %d, %a, %b, %c;", in32, [](uint64_t a, uint64_t b, uint64_t c) {
    return static_cast<uint64_t>(sx(a & 0xFFFFFF, 24) * sx(b & 0xFFFFFF, 24)) + c;
  });
  check(32, "sad.s32 %d, %a, %b, %c;", in32, [](uint64_t a, uint64_t b, uint64_t c) {
    int64_t x = sx(a, 32), y = sx(b, 32);
    return static_cast<uint64_t>(x > y ? x - y : y - x) + c;
  });
  // Wide: 32x32 -> 64 into a pair.
  auto in64 = inputs(64);
  auto wide = [&](const std::string& op, const std::function<uint64_t(uint64_t, uint64_t, uint64_t)>& f) {
    auto out = run_op(64, "cvt.u32.u64 %x, %a;\ncvt.u32.u64 %y, %b;\n" + op, in64);
    for (size_t i = 0; i < in64.size(); ++i)
      EXPECT_EQ(out[i][0], f(in64[i][0] & 0xFFFFFFFF, in64[i][1] & 0xFFFFFFFF, in64[i][2])) << op;
  };
  wide("mul.wide.s32 %d, %x, %y;", [](uint64_t a, uint64_t b, uint64_t) {
    return static_cast<uint64_t>(sx(a, 32) * sx(b, 32));
  });
  wide("mul.wide.u32 %d, %x, %y;", [](uint64_t a, uint64_t b, uint64_t) { return a * b; });
  wide("mad.wide.u32 %d, %x, %y, %c;", [](uint64_t a, uint64_t b, uint64_t c) { return a * b + c; });
  wide("mul.wide.s32 %d, %x, -7;", [](uint64_t a, uint64_t, uint64_t) {
    return static_cast<uint64_t>(sx(a, 32) * -7);
  });
  // 64-bit lo/hi.
  check(64, "mul.lo.s64 %d, %a, %b;", in64, [](uint64_t a, uint64_t b, uint64_t) { return a * b; });
  check(64, "mul.hi.u64 %d, %a, %b;", in64, [](uint64_t a, uint64_t b, uint64_t) {
    return static_cast<uint64_t>((static_cast<u128>(a) * b) >> 64);
  });
  check(64, "mul.hi.s64 %d, %a, %b;", in64, [](uint64_t a, uint64_t b, uint64_t) {
    return static_cast<uint64_t>((static_cast<i128>(static_cast<int64_t>(a)) * static_cast<int64_t>(b)) >> 64);
  });
  check(64, "mad.lo.u64 %d, %a, %b, %c;", in64, [](uint64_t a, uint64_t b, uint64_t c) { return a * b + c; });
  // 16-bit forms: lo keeps 16 bits, hi and wide work on the sign- or zero-extended values.
  auto in16 = inputs(16);
  check(16, "mul.lo.s16 %d, %a, %b;", in16, [](uint64_t a, uint64_t b, uint64_t) { return a * b; });
  check(16, "mul.hi.s16 %d, %a, %b;", in16, [](uint64_t a, uint64_t b, uint64_t) {
    return static_cast<uint64_t>((sx(a, 16) * sx(b, 16)) >> 16);
  });
  check(16, "mul.hi.u16 %d, %a, %b;", in16, [](uint64_t a, uint64_t b, uint64_t) { return (a * b) >> 16; });
  check(16, "mul.wide.s16 %x, %a, %b;\nshr.u32 %x, %x, 8;\ncvt.u16.u32 %d, %x;", in16,
        [](uint64_t a, uint64_t b, uint64_t) { return static_cast<uint64_t>((sx(a, 16) * sx(b, 16)) >> 8); });
  check(16, "mul.wide.u16 %x, %a, %b;\nshr.u32 %x, %x, 16;\ncvt.u16.u32 %d, %x;", in16,
        [](uint64_t a, uint64_t b, uint64_t) { return (a * b) >> 16; });
}

TEST(PtxInt, DivisionAndRemainder) {
  auto nz = [](std::vector<In> in, unsigned bits) {
    for (In& r : in)
      if ((r[1] & mask(bits)) == 0) r[1] = 3;
    return in;
  };
  for (unsigned bits : {16u, 32u, 64u}) {
    std::string s = std::to_string(bits);
    auto in = nz(inputs(bits), bits);
    check(bits, "div.u" + s + " %d, %a, %b;", in, [](uint64_t a, uint64_t b, uint64_t) { return a / b; });
    check(bits, "rem.u" + s + " %d, %a, %b;", in, [](uint64_t a, uint64_t b, uint64_t) { return a % b; });
    check(bits, "div.s" + s + " %d, %a, %b;", in, [bits](uint64_t a, uint64_t b, uint64_t) {
      int64_t x = sx(a, bits), y = sx(b, bits);
      if (y == -1) return static_cast<uint64_t>(-static_cast<uint64_t>(x));  // MIN / -1 wraps
      return static_cast<uint64_t>(x / y);
    });
    check(bits, "rem.s" + s + " %d, %a, %b;", in, [bits](uint64_t a, uint64_t b, uint64_t) {
      int64_t x = sx(a, bits), y = sx(b, bits);
      if (y == -1) return uint64_t(0);
      return static_cast<uint64_t>(x % y);
    });
  }
}

TEST(PtxInt, AbsNegMinMax) {
  for (unsigned bits : {16u, 32u, 64u}) {
    std::string s = std::to_string(bits);
    auto in = inputs(bits);
    check(bits, "abs.s" + s + " %d, %a;", in, [bits](uint64_t a, uint64_t, uint64_t) {
      int64_t x = sx(a, bits);
      return x < 0 ? static_cast<uint64_t>(0) - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
    });
    check(bits, "neg.s" + s + " %d, %a;", in, [](uint64_t a, uint64_t, uint64_t) { return 0 - a; });
    check(bits, "min.s" + s + " %d, %a, %b;", in, [bits](uint64_t a, uint64_t b, uint64_t) {
      return sx(a, bits) < sx(b, bits) ? a : b;
    });
    check(bits, "max.u" + s + " %d, %a, %b;", in, [](uint64_t a, uint64_t b, uint64_t) { return a > b ? a : b; });
    check(bits, "min.u" + s + " %d, %a, 5;", in, [](uint64_t a, uint64_t, uint64_t) { return a < 5 ? a : 5; });
  }
  check(32, "max.relu.s32 %d, %a, %b;", inputs(32), [](uint64_t a, uint64_t b, uint64_t) {
    int64_t m = std::max(sx(a, 32), sx(b, 32));
    return static_cast<uint64_t>(std::max<int64_t>(m, 0));
  });
}

TEST(PtxInt, BitCountsAndReversal) {
  // Checked through separate output words.
  for (unsigned bits : {32u, 64u}) {
    std::string s = std::to_string(bits);
    auto in = inputs(bits);
    check(bits, "popc.b" + s + " %x, %a;\ncvt.u" + s + ".u32 %d, %x;", in,
          [](uint64_t a, uint64_t, uint64_t) { return static_cast<uint64_t>(__builtin_popcountll(a)); });
    check(bits, "clz.b" + s + " %x, %a;\ncvt.u" + s + ".u32 %d, %x;", in, [bits](uint64_t a, uint64_t, uint64_t) {
      return a == 0 ? uint64_t(bits) : static_cast<uint64_t>(__builtin_clzll(a) - (64 - bits));
    });
    check(bits, "bfind.u" + s + " %x, %a;\ncvt.u" + s + ".u32 %d, %x;", in, [bits](uint64_t a, uint64_t, uint64_t) {
      return a == 0 ? uint64_t(0xFFFFFFFF) : static_cast<uint64_t>(63 - __builtin_clzll(a));
    }, 32);
    check(bits, "bfind.s" + s + " %x, %a;\ncvt.u" + s + ".u32 %d, %x;", in, [bits](uint64_t a, uint64_t, uint64_t) {
      uint64_t x = sx(a, bits) < 0 ? ~a & mask(bits) : a;
      return x == 0 ? uint64_t(0xFFFFFFFF) : static_cast<uint64_t>(63 - __builtin_clzll(x));
    }, 32);
    check(bits, "bfind.shiftamt.u" + s + " %x, %a;\ncvt.u" + s + ".u32 %d, %x;", in,
          [bits](uint64_t a, uint64_t, uint64_t) {
            return a == 0 ? uint64_t(0xFFFFFFFF) : static_cast<uint64_t>(__builtin_clzll(a) - (64 - bits));
          }, 32);
    check(bits, "brev.b" + s + " %d, %a;", in, [bits](uint64_t a, uint64_t, uint64_t) {
      uint64_t r = 0;
      for (unsigned i = 0; i < bits; ++i)
        if (a >> i & 1) r |= uint64_t(1) << (bits - 1 - i);
      return r;
    });
  }
}

TEST(PtxInt, BitFieldExtractInsertPermute) {
  auto in = inputs(32);
  for (In& r : in) {
    r[1] &= 0x3F;  // positions and lengths around the width
    r[2] &= 0x3F;
  }
  auto bfe = [](uint64_t a, unsigned bits, unsigned pos, unsigned len, bool sgn) {
    if (len == 0) return uint64_t(0);
    uint64_t r = 0;
    bool msb_bit = false;
    for (unsigned i = 0; i < len; ++i) {
      unsigned src = pos + i;
      bool bit;
      if (src < bits) bit = a >> src & 1;
      else bit = sgn ? (a >> (bits - 1) & 1) : false;
      if (i < bits && bit) r |= uint64_t(1) << i;
      msb_bit = bit;
    }
    if (sgn && msb_bit && len < bits) r |= mask(bits) & ~mask(len);
    return r & mask(bits);
  };
  std::string regs;
  for (unsigned bits : {32u, 64u}) {
    std::string s = std::to_string(bits);
    std::string get = bits == 64 ? "cvt.u32.u64 %pos, %b;\ncvt.u32.u64 %len, %c;\n" : "mov.b32 %pos, %b;\nmov.b32 %len, %c;\n";
    auto inb = in;
    for (In& r : inb) r[0] = (r[0] * 0x9E3779B97F4A7C15ull) & mask(bits);
    for (bool sgn : {false, true}) {
      auto out = run_op(bits, get + "bfe." + std::string(sgn ? "s" : "u") + s + " %d, %a, %pos, %len;", inb, regs);
      for (size_t i = 0; i < inb.size(); ++i)
        EXPECT_EQ(out[i][0], bfe(inb[i][0], bits, static_cast<unsigned>(inb[i][1]), static_cast<unsigned>(inb[i][2]), sgn))
            << "bfe." << (sgn ? "s" : "u") << bits << " a=" << std::hex << inb[i][0] << " pos=" << std::dec
            << inb[i][1] << " len=" << inb[i][2];
    }
    auto out = run_op(bits, get + "bfi.b" + s + " %d, %a, %a, %pos, %len;\nbfi.b" + s + " %d, %a, %d, 3, 5;", inb, regs);
    (void)out;
  }
  // bfi with a register base: insert the low bits of a into b.
  auto ins = [](uint64_t a, uint64_t b, unsigned bits, unsigned pos, unsigned len) {
    uint64_t r = b;
    for (unsigned i = 0; i < len && pos + i < bits; ++i) {
      uint64_t bit = uint64_t(1) << (pos + i);
      r = (a >> i & 1) ? r | bit : r & ~bit;
    }
    return r;
  };
  check(32, "bfi.b32 %d, %a, %b, 8, 12;", inputs(32), [&](uint64_t a, uint64_t b, uint64_t) { return ins(a, b, 32, 8, 12); });
  check(64, "bfi.b64 %d, %a, %b, 32, 32;", inputs(64), [&](uint64_t a, uint64_t b, uint64_t) { return ins(a, b, 64, 32, 32); });
  check(64, "bfi.b64 %d, %a, %b, 60, 10;", inputs(64), [&](uint64_t a, uint64_t b, uint64_t) { return ins(a, b, 64, 60, 10); });
  // prmt (default mode): selector nibbles pick bytes of {b, a}; bit 3 replicates the sign.
  auto prmt = [](uint64_t a, uint64_t b, uint64_t c) {
    uint64_t x = (b << 32) | a, r = 0;
    for (unsigned i = 0; i < 4; ++i) {
      unsigned sel = static_cast<unsigned>(c >> (4 * i)) & 0xF;
      uint64_t byte = x >> (8 * (sel & 7)) & 0xFF;
      if (sel & 8) byte = (byte & 0x80) ? 0xFF : 0;
      r |= byte << (8 * i);
    }
    return r;
  };
  check(32, "prmt.b32 %d, %a, %b, %c;", inputs(32), prmt);
  check(32, "prmt.b32 %d, %a, %b, 0x3210;", inputs(32), [&](uint64_t a, uint64_t b, uint64_t) { return prmt(a, b, 0x3210); });
  check(32, "prmt.b32 %d, %a, %b, 0x5410;", inputs(32), [&](uint64_t a, uint64_t b, uint64_t) { return prmt(a, b, 0x5410); });
}

TEST(PtxInt, ShiftsClampCountsAtTheWidth) {
  for (unsigned bits : {16u, 32u, 64u}) {
    std::string s = std::to_string(bits);
    auto in = inputs(bits);
    for (In& r : in) r[1] &= 0x7F;  // counts 0..127
    std::string regs;
    std::string get = bits == 64 ? "cvt.u32.u64 %n, %b;\n" : bits == 16 ? "cvt.u32.u16 %n, %b;\n" : "mov.b32 %n, %b;\n";
    auto run = [&](const std::string& op, const std::function<uint64_t(uint64_t, unsigned)>& f) {
      auto out = run_op(bits, get + op, in, regs);
      for (size_t i = 0; i < in.size(); ++i)
        EXPECT_EQ(out[i][0], f(in[i][0], static_cast<unsigned>(in[i][1])) & mask(bits))
            << op << " a=" << std::hex << in[i][0] << std::dec << " n=" << in[i][1];
    };
    run("shl.b" + s + " %d, %a, %n;", [&](uint64_t a, unsigned n) { return n >= bits ? 0 : a << n; });
    run("shr.u" + s + " %d, %a, %n;", [&](uint64_t a, unsigned n) { return n >= bits ? 0 : a >> n; });
    run("shr.s" + s + " %d, %a, %n;", [&](uint64_t a, unsigned n) {
      return static_cast<uint64_t>(sx(a, bits) >> std::min(n, bits - 1));
    });
    for (unsigned k : {0u, 1u, 15u, 31u, 32u, 33u, 63u, 64u, 200u}) {
      std::string ks = std::to_string(k);
      run("shl.b" + s + " %d, %a, " + ks + ";", [&](uint64_t a, unsigned) { return k >= bits ? 0 : a << k; });
      run("shr.s" + s + " %d, %a, " + ks + ";", [&](uint64_t a, unsigned) {
        return static_cast<uint64_t>(sx(a, bits) >> std::min(k, bits - 1));
      });
      run("shr.b" + s + " %d, %a, " + ks + ";", [&](uint64_t a, unsigned) { return k >= bits ? 0 : a >> k; });
    }
  }
  // Funnel shifts.
  auto in = inputs(32);
  for (In& r : in) r[2] &= 0x3F;
  auto shf = [](uint64_t a, uint64_t b, uint64_t c, bool left, bool wrap) {
    unsigned n = wrap ? static_cast<unsigned>(c & 31) : static_cast<unsigned>(std::min<uint64_t>(c, 32));
    uint64_t x = (b << 32) | a;
    return left ? (n == 0 ? b : static_cast<uint64_t>((x << n) >> 32)) : (x >> n);
  };
  for (bool left : {true, false})
    for (bool wrap : {true, false})
      check(32, std::string("shf.") + (left ? "l" : "r") + (wrap ? ".wrap" : ".clamp") + ".b32 %d, %a, %b, %c;",
            in, [&](uint64_t a, uint64_t b, uint64_t c) { return shf(a, b, c, left, wrap); });
  // bmsk
  check(32, "bmsk.clamp.b32 %d, %a, %b;", in, [](uint64_t a, uint64_t b, uint64_t) {
    uint64_t pos = a & 0xFFFFFFFF, len = b & 0xFFFFFFFF;
    uint64_t m = len >= 32 ? 0xFFFFFFFFull : (uint64_t(1) << len) - 1;
    return pos >= 32 ? 0 : (m << pos) & 0xFFFFFFFF;
  });
  check(32, "bmsk.wrap.b32 %d, %a, %b;", in, [](uint64_t a, uint64_t b, uint64_t) {
    uint64_t pos = a & 31, len = b & 31;
    return (((uint64_t(1) << len) - 1) << pos) & 0xFFFFFFFF;
  });
}

TEST(PtxInt, LogicAtEveryWidth) {
  for (unsigned bits : {16u, 32u, 64u}) {
    std::string s = std::to_string(bits);
    auto in = inputs(bits);
    check(bits, "and.b" + s + " %d, %a, %b;", in, [](uint64_t a, uint64_t b, uint64_t) { return a & b; });
    check(bits, "or.b" + s + " %d, %a, %b;", in, [](uint64_t a, uint64_t b, uint64_t) { return a | b; });
    check(bits, "xor.b" + s + " %d, %a, %b;", in, [](uint64_t a, uint64_t b, uint64_t) { return a ^ b; });
    check(bits, "not.b" + s + " %d, %a;", in, [](uint64_t a, uint64_t, uint64_t) { return ~a; });
    check(bits, "cnot.b" + s + " %d, %a;", in, [bits](uint64_t a, uint64_t, uint64_t) {
      return (a & mask(bits)) == 0 ? uint64_t(1) : 0;
    });
    check(bits, "and.b" + s + " %d, %a, 255;", in, [](uint64_t a, uint64_t, uint64_t) { return a & 255; });
  }
  // Predicate logic.
  check_pred(32, "setp.ne.s32 %p, %a, 0;\nsetp.ne.s32 %q, %b, 0;\nand.pred %p, %p, %q;\nnot.pred %q, %q;", inputs(32),
             [](uint64_t a, uint64_t b, uint64_t) { return uint64_t((a && b) | (!b) << 1); });
  check_pred(32, "setp.ne.s32 %p, %a, 0;\nsetp.ne.s32 %q, %b, 0;\nxor.pred %p, %p, %q;\nor.pred %q, %q, %p;", inputs(32),
             [](uint64_t a, uint64_t b, uint64_t) {
               bool p = (a != 0) != (b != 0);
               return uint64_t(p | ((b != 0) || p) << 1);
             });
  check_pred(32, "setp.ne.s32 %p, %a, 0;\nmov.pred %q, %p;\nmov.pred %p, 0;", inputs(32),
             [](uint64_t a, uint64_t, uint64_t) { return uint64_t((a != 0) << 1); });
}

TEST(PtxInt, ComparisonsAllOperatorsAndCombiners) {
  struct Cmp {
    const char* name;
    std::function<bool(int64_t, int64_t, uint64_t, uint64_t)> f;
  };
  std::vector<Cmp> cmps = {
      {"eq", [](int64_t x, int64_t y, uint64_t, uint64_t) { return x == y; }},
      {"ne", [](int64_t x, int64_t y, uint64_t, uint64_t) { return x != y; }},
      {"lt", [](int64_t x, int64_t y, uint64_t, uint64_t) { return x < y; }},
      {"le", [](int64_t x, int64_t y, uint64_t, uint64_t) { return x <= y; }},
      {"gt", [](int64_t x, int64_t y, uint64_t, uint64_t) { return x > y; }},
      {"ge", [](int64_t x, int64_t y, uint64_t, uint64_t) { return x >= y; }},
      {"lo", [](int64_t, int64_t, uint64_t a, uint64_t b) { return a < b; }},
      {"ls", [](int64_t, int64_t, uint64_t a, uint64_t b) { return a <= b; }},
      {"hi", [](int64_t, int64_t, uint64_t a, uint64_t b) { return a > b; }},
      {"hs", [](int64_t, int64_t, uint64_t a, uint64_t b) { return a >= b; }},
  };
  for (unsigned bits : {16u, 32u, 64u}) {
    auto in = inputs(bits);
    for (In& r : in)
      if (r[2] & 1) r[1] = r[0];  // equal operands too
    for (const char* ty : {"s", "u"}) {
      for (const Cmp& c : cmps) {
        std::string t = ty + std::to_string(bits);
        bool sgn = ty[0] == 's';
        // Unsigned compares of unsigned types: compare as unsigned.
        auto ref2 = [&](uint64_t a, uint64_t b) {
          std::string n = c.name;
          bool unsigned_op = n == "lo" || n == "ls" || n == "hi" || n == "hs";
          if (unsigned_op || !sgn) {
            if (n == "eq") return a == b;
            if (n == "ne") return a != b;
            if (n == "lt" || n == "lo") return a < b;
            if (n == "le" || n == "ls") return a <= b;
            if (n == "gt" || n == "hi") return a > b;
            return a >= b;
          }
          return c.f(sx(a, bits), sx(b, bits), a, b);
        };
        check_pred(bits, std::string("setp.") + c.name + "." + t + " %p|%q, %a, %b;", in,
                   [&](uint64_t a, uint64_t b, uint64_t) {
                     bool r = ref2(a, b);
                     return uint64_t(r | (!r) << 1);
                   });
      }
    }
    // Combining with a third predicate, and set.
    std::string t = "s" + std::to_string(bits);
    check_pred(bits, "setp.ne." + t + " %q, %c, 0;\nsetp.lt.and." + t + " %p, %a, %b, %q;", in,
               [bits](uint64_t a, uint64_t b, uint64_t c) {
                 bool q = c != 0;
                 return uint64_t((sx(a, bits) < sx(b, bits) && q) | q << 1);
               });
    check_pred(bits, "setp.ne." + t + " %q, %c, 0;\nsetp.gt.or." + t + " %p|%q, %a, %b, !%q;", in,
               [bits](uint64_t a, uint64_t b, uint64_t c) {
                 bool q = c != 0, r = sx(a, bits) > sx(b, bits);
                 return uint64_t((r || !q) | (!r || !q) << 1);
               });
  }
  check(32, "set.lt.u32.s32 %d, %a, %b;", inputs(32), [](uint64_t a, uint64_t b, uint64_t) {
    return sx(a, 32) < sx(b, 32) ? uint64_t(0xFFFFFFFF) : 0;
  });
  check(32, "set.ge.f32.u32 %d, %a, %b;", inputs(32), [](uint64_t a, uint64_t b, uint64_t) {
    return a >= b ? uint64_t(0x3F800000) : 0;
  });
}

TEST(PtxInt, SelectsAndMoves) {
  auto in = inputs(32);
  check(32, "setp.lt.s32 %p, %a, %b;\nselp.b32 %d, %a, %b, %p;", in,
        [](uint64_t a, uint64_t b, uint64_t) { return sx(a, 32) < sx(b, 32) ? a : b; });
  check(32, "setp.lt.s32 %p, %a, %b;\nselp.b32 %d, -1, 0, %p;", in,
        [](uint64_t a, uint64_t b, uint64_t) { return sx(a, 32) < sx(b, 32) ? uint64_t(0xFFFFFFFF) : 0; });
  check(32, "setp.lt.s32 %p, %a, %b;\nselp.b32 %d, 7, %c, %p;", in,
        [](uint64_t a, uint64_t b, uint64_t c) { return sx(a, 32) < sx(b, 32) ? 7 : c; });
  check(32, "setp.lt.s32 %p, %a, %b;\nselp.b32 %d, 5, 9, %p;", in,
        [](uint64_t a, uint64_t b, uint64_t) { return sx(a, 32) < sx(b, 32) ? 5 : 9; });
  check(32, "slct.u32.s32 %d, %a, %b, %c;", in,
        [](uint64_t a, uint64_t b, uint64_t c) { return sx(c, 32) >= 0 ? a : b; });
  auto in64 = inputs(64);
  check(64, "setp.lt.u64 %p, %a, %b;\nselp.b64 %d, %a, %b, %p;", in64,
        [](uint64_t a, uint64_t b, uint64_t) { return a < b ? a : b; });
  check(64, "setp.lt.u64 %p, %a, %b;\nselp.b64 %d, %a, 12, !%p;", in64,
        [](uint64_t a, uint64_t b, uint64_t) { return a < b ? 12 : a; });
  // Pack and unpack.
  check(64, "mov.b64 {%x, %y}, %a;\nmov.b64 %d, {%y, %x};", in64, [](uint64_t a, uint64_t, uint64_t) {
    return (a << 32) | (a >> 32);
  });
  check(32, "mov.b32 {%h, %l}, %a;\nmov.b32 %d, {%l, %h};", in, [](uint64_t a, uint64_t, uint64_t) {
    return ((a & 0xFFFF) << 16) | (a >> 16);
  });
  check(64, "mov.b64 %d, 0x123456789abcdef0;", in64, [](uint64_t, uint64_t, uint64_t) { return 0x123456789abcdef0ull; });
}

TEST(PtxInt, Lop3EveryLookupTable) {
  auto in = inputs(32, 32, 5);
  for (unsigned lut = 0; lut < 256; ++lut) {
    check(32, "lop3.b32 %d, %a, %b, %c, " + std::to_string(lut) + ";", in,
          [lut](uint64_t a, uint64_t b, uint64_t c) {
            uint64_t r = 0;
            for (unsigned i = 0; i < 32; ++i) {
              unsigned idx = static_cast<unsigned>((a >> i & 1) << 2 | (b >> i & 1) << 1 | (c >> i & 1));
              r |= static_cast<uint64_t>(lut >> idx & 1) << i;
            }
            return r;
          });
  }
}

TEST(PtxInt, DotProductsOfBytesAndHalves) {
  auto in = inputs(32);
  auto byte = [](uint64_t v, unsigned i, bool s) {
    uint64_t b = v >> (8 * i) & 0xFF;
    return s ? sx(b, 8) : static_cast<int64_t>(b);
  };
  auto half = [](uint64_t v, unsigned i, bool s) {
    uint64_t h = v >> (16 * i) & 0xFFFF;
    return s ? sx(h, 16) : static_cast<int64_t>(h);
  };
  for (bool as : {false, true})
    for (bool bs : {false, true}) {
      std::string t = std::string(as ? "s32" : "u32") + "." + (bs ? "s32" : "u32");
      check(32, "dp4a." + t + " %d, %a, %b, %c;", in, [&](uint64_t a, uint64_t b, uint64_t c) {
        int64_t s = static_cast<int64_t>(c);
        for (unsigned i = 0; i < 4; ++i) s += byte(a, i, as) * byte(b, i, bs);
        return static_cast<uint64_t>(s);
      });
      for (bool hi : {false, true})
        check(32, std::string("dp2a.") + (hi ? "hi." : "lo.") + t + " %d, %a, %b, %c;", in,
              [&](uint64_t a, uint64_t b, uint64_t c) {
                int64_t s = static_cast<int64_t>(c);
                for (unsigned i = 0; i < 2; ++i) s += half(a, i, as) * byte(b, (hi ? 2 : 0) + i, bs);
                return static_cast<uint64_t>(s);
              });
    }
}

}  // namespace
}  // namespace warpsim::isa::ptx_testing
