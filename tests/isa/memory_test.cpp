// Local, constant and generic memory, address-space conversions, atomics, and what the timing
// model is told about them (WarpInst space, addresses, bytes, cache operator).
#include <gtest/gtest.h>

#include <cstring>

#include "isa/address_space.h"
#include "isa/assembler.h"
#include "isa/exec/data_segments.h"
#include "sim/error.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

using testing::download;
using testing::run_kernel;
using testing::upload;

// Runs `text` (one kernel taking `u64 out`) on `threads` x `ctas` and returns `count` u32 of out.
std::vector<uint32_t> run_out(const std::string& text, unsigned threads, unsigned ctas,
                              size_t count, DeviceMemory* shared_mem = nullptr,
                              const Program* data = nullptr) {
  Program p = assemble(text, "m.s");
  DeviceMemory local_mem;
  DeviceMemory& mem = shared_mem ? *shared_mem : local_mem;
  if (data) map_data_segments(*data, mem);
  map_data_segments(p, mem);
  uint64_t out = mem.allocate(4 * count);
  run_kernel(p.kernels[0], mem, Dim3{ctas, 1, 1}, Dim3{threads, 1, 1}, {ParamArg::of_address(out)});
  return download<uint32_t>(mem, out, count);
}

const char* const kHead = R"(.kernel k
.param u64 out
  S2R R0, SR_TID.X
  S2R R1, SR_CTAID.X
  S2R R6, SR_NTID.X
  IMAD R1, R1, R6, R0           // global thread index
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R1, 4, R2   // &out[gtid]
)";

TEST(LocalMemory, IsPrivatePerThread) {
  // Every thread writes its own values to the same local offsets, then reads them back after
  // a barrier (which lets the other warps write theirs in between).
  std::string k = std::string(kHead) + R"(.local 16
  ST.L.32 [RZ], R1
  IADD R7, R1, 1000
  ST.L.32 [RZ+12], R7
  BAR.SYNC 0
  LD.L.32 R8, [RZ]
  LD.L.32 R9, [12]
  IADD R8, R8, R9
  ST.G.32 [R2], R8
  EXIT
)";
  auto out = run_out(k, 96, 2, 192);
  for (uint32_t t = 0; t < 192; ++t) EXPECT_EQ(out[t], 2 * t + 1000) << t;
}

TEST(LocalMemory, GenericLocalAddressesAndStackFrames) {
  // PTX local depots: %SPL = 0 (local), %SP = cvta.local(%SPL) (generic); the same data is
  // reached through both.
  std::string k = std::string(kHead) + R"(.local 64
  MOV.64 R10, 0                 // %SPL
  CVTA.L R12, R10               // %SP: a generic address in the local window
  IADD.U64 R14, R12, 8
  ST.E.32 [R14], R1             // generic store into the thread's local frame
  LD.L.32 R8, [R10+8]           // local load of the same bytes
  CVTA.TO.L R16, R14
  ST.G.32 [R2], R8
  EXIT
)";
  auto out = run_out(k, 64, 1, 64);
  for (uint32_t t = 0; t < 64; ++t) EXPECT_EQ(out[t], t);
}

TEST(LocalMemory, OutOfBoundsIsAnError) {
  std::string k = std::string(kHead) + ".local 8\n  LD.L.32 R8, [RZ+8]\n  EXIT\n";
  try {
    run_out(k, 32, 1, 32);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("local load of 4 bytes at 0x8 is outside the space's "
                                         "bounds"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(e.line(), 10);
  }
}

TEST(ConstantMemory, LoadsFromMappedSegments) {
  std::string k = std::string(R"(.data const table 0x10 4 16 01000000020000000300000004000000
.data const big 0x40 8 8 efcdab8967452301
.data global counter 0x8000000 4 4 07000000
)") + kHead + R"(
  AND R7, R0, 3
  SHL R7, R7, 2
  LD.C.32 R8, [R7+0x10]         // table[tid % 4]
  LD.C.64 R10, [0x40]
  MOV.64 R12, 0x8000000
  LD.G.32 R9, [R12]             // a module global at its fixed address
  IADD R8, R8, R9
  MOV.64 R14, 0x10
  CVTA.C R14, R14               // the generic address of table
  LD.E.32 R9, [R14+4]           // table[1] through a generic load
  IADD R8, R8, R9
  XOR R8, R8, R10
  ST.G.32 [R2], R8
  EXIT
)";
  auto out = run_out(k, 8, 1, 8);
  for (uint32_t t = 0; t < 8; ++t) EXPECT_EQ(out[t], ((t % 4 + 1) + 7 + 2) ^ 0x89ABCDEFu) << t;
}

TEST(ConstantMemory, ReadsOutsideVariablesAndWritesAreErrors) {
  auto message = [](const std::string& body) {
    try {
      run_out(std::string(".data const c 0 4 4\n") + kHead + body + "\n  EXIT\n", 32, 1, 32);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("  LD.C.32 R8, [4]").find("constant load of 4 bytes at 0xfd0000000004 is "
                                               "outside every constant-bank variable"),
            std::string::npos);
  EXPECT_NE(message("  MOV.64 R8, 0xFD0000000000\n  ST.E.32 [R8], R1").find("is read-only"),
            std::string::npos);
}

TEST(DataSegments, MapAtPlacesBytesAndRejectsOverlaps) {
  DeviceMemory mem;
  mem.map_at(0x8000000, 16);
  mem.map_at(0x8000010, 16);  // adjacent is fine
  EXPECT_THROW(mem.map_at(0x8000008, 4), std::invalid_argument);
  uint64_t a = mem.allocate(100);
  EXPECT_EQ(a, DeviceMemory::kBase);
  mem.map_at(0x10001000, 64);  // a mapped region above the allocation pointer...
  uint64_t b = mem.allocate(0x2000);
  EXPECT_GE(b, 0x10001000u + 64);  // ...is skipped by later allocations
  Program p;
  p.path = "x.ptx";
  p.data.push_back({"a", false, 0x9000000, 4, {1, 2, 3, 4}});
  p.data.push_back({"b", true, 0x0, 4, {5, 6, 7, 8}});
  p.data.push_back({"c", true, 0x2, 4, {9}});
  try {
    map_data_segments(p, mem);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("constant variable c"), std::string::npos) << e.what();
  }
  uint32_t v = 0;
  mem.read(0x9000000, &v, 4);
  EXPECT_EQ(v, 0x04030201u);
  mem.read(kConstBase, &v, 4);
  EXPECT_EQ(v, 0x08070605u);
}

TEST(GenericAddressing, SharedWindowAndConversions) {
  std::string k = std::string(kHead) + R"(.shared 256
  SHL R7, R0, 2
  MOV R8, 0
  CVTA.S.U32 R9, R7               // 32-bit conversion keeps the low word
  MOV.64 R10, 0
  MOV R10, R7
  CVTA.S R12, R10                 // generic address of shared[tid]
  IADD R14, R0, 500
  ST.E.32 [R12], R14              // generic store lands in shared memory
  BAR.SYNC 0
  IADD R15, R0, 1
  AND R15, R15, 63
  SHL R15, R15, 2
  LD.S.32 R16, [R15]              // the neighbour's value, through the shared space
  CVTA.TO.S R18, R12
  ISETP.EQ.U64 P1, R18, R10        // cvta.to.shared inverts cvta.shared
  @!P1 MOV R16, 0
  CVTA.G R20, R2
  CVTA.TO.G R22, R20
  ISETP.EQ.U64 P2, R22, R2         // global conversions are the identity
  @!P2 MOV R16, 1
  ST.G.32 [R2], R16
  EXIT
)";
  auto out = run_out(k, 64, 1, 64);
  for (uint32_t t = 0; t < 64; ++t) EXPECT_EQ(out[t], (t + 1) % 64 + 500) << t;
}

// One warp-instruction view of a kernel: issues warp 0 instruction by instruction.
struct Stepper {
  Program prog;
  DeviceMemory mem;
  std::unique_ptr<ExecKernelSource> src;
  std::unique_ptr<WarpStream> cta;
  Stepper(const std::string& text, uint64_t cta_id = 0, Dim3 grid = {1, 1, 1},
          Dim3 block = {32, 1, 1}, uint32_t dyn_shared = 0)
      : prog(assemble(text, "s.s")) {
    map_data_segments(prog, mem);
    uint64_t buf = mem.allocate(4096);
    src = std::make_unique<ExecKernelSource>(
        prog.kernels[0], mem, grid, block, dyn_shared,
        build_param_buffer(prog.kernels[0], {ParamArg::of_address(buf)}));
    cta = src->open_cta(cta_id, 0);
  }
  const WarpInst& next() { return cta->issue(0, 0); }
};

TEST(WarpInstReport, SpacesAddressesAndCacheOps) {
  Stepper s(R"(.data const c 0x100 4 256
.kernel k
.param u64 out
.local 160
.shared 512
  S2R R0, SR_LANEID
  LD.P.64 R2, [out]
  SHL R4, R0, 2
  LD.L.32 R5, [R4+4]
  SHL R11, R0, 3
  ST.S.VOLATILE.64 [R11+8], R6
  LD.C.32 R5, [R4+0x100]
  MOV.64 R8, 0xFE0000000000
  IADD.U64 R8, R8, R4
  LD.E.32 R5, [R8]
  AND R10, R0, 1
  ISETP.EQ P0, R10, 0
  SEL.B64 R12, R8, R2, P0
  LD.E.NC.32 R5, [R12]
  EXIT
)",
            /*cta_id=*/3, Dim3{4, 1, 1}, Dim3{64, 1, 1});
  for (int i = 0; i < 3; ++i) s.next();
  const WarpInst l = s.next();
  s.next();  // SHL
  EXPECT_EQ(l.space, MemSpace::local);
  EXPECT_EQ(l.access_bytes, 4u);
  // Thread (cta 3, tid l): global index 192 + l, 160 local bytes each.
  for (unsigned lane = 0; lane < 32; ++lane)
    EXPECT_EQ(l.addr[lane], kLocalWindow + (192 + lane) * 160 + 4 * lane + 4) << lane;
  const WarpInst st = s.next();
  EXPECT_EQ(st.space, MemSpace::shared);
  EXPECT_EQ(st.cache_op, CacheOp::cv);  // VOLATILE bypasses the caches like .CV
  EXPECT_EQ(st.access_bytes, 8u);
  EXPECT_EQ(st.addr[5], 5u * 8 + 8);
  const WarpInst c = s.next();
  EXPECT_EQ(c.space, MemSpace::constant);
  EXPECT_EQ(c.addr[2], kConstBase + 0x108);
  s.next();
  s.next();
  const WarpInst g = s.next();
  EXPECT_EQ(g.space, MemSpace::shared);  // generic, every lane in the shared window
  EXPECT_EQ(g.addr[7], 28u);
  for (int i = 0; i < 3; ++i) s.next();
  const WarpInst mixed = s.next();
  EXPECT_EQ(mixed.space, MemSpace::global);  // lanes resolve to shared and global
  EXPECT_EQ(mixed.cache_op, CacheOp::nc);
  EXPECT_EQ(mixed.addr[0], kSharedWindow);        // even lanes: their generic address
  EXPECT_EQ(mixed.addr[1], DeviceMemory::kBase);  // odd lanes: the buffer
}

TEST(Atomics, WholeWarpToOneCounterIsExact) {
  // Every thread of 4 CTAs adds its index to one counter and increments another; each gets a
  // distinct old value of the increment counter.
  std::string k = std::string(kHead) + R"(
  LD.P.64 R4, [out]
  ATOM.G.ADD R8, [R4+0x1000], R1
  ATOM.G.ADD R9, [R4+0x1004], 1
  MOV R12, R1
  MOV R13, 0
  RED.G.ADD.U64 [R4+0x1008], R12
  ATOM.G.MAX.S32 R10, [R4+0x1010], R1
  ATOM.G.MIN.U32 R10, [R4+0x1014], R1
  ST.G.32 [R2], R9
  EXIT
)";
  Program p = assemble(k, "a.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(0x2000);
  uint32_t init_min = 0xFFFFFFFFu;
  mem.write(out + 0x1014, &init_min, 4);
  run_kernel(p.kernels[0], mem, Dim3{4, 1, 1}, Dim3{96, 1, 1}, {ParamArg::of_address(out)});
  auto v = download<uint32_t>(mem, out, 0x1018 / 4);
  const uint32_t n = 384;
  EXPECT_EQ(v[0x1000 / 4], n * (n - 1) / 2);
  EXPECT_EQ(v[0x1004 / 4], n);
  EXPECT_EQ(v[0x1008 / 4] | uint64_t(v[0x100C / 4]) << 32, uint64_t(n) * (n - 1) / 2);
  EXPECT_EQ(v[0x1010 / 4], n - 1);
  EXPECT_EQ(v[0x1014 / 4], 0u);
  std::vector<char> seen(n, 0);
  for (uint32_t t = 0; t < n; ++t) {
    ASSERT_LT(v[t], n);
    EXPECT_FALSE(seen[v[t]]) << "old value " << v[t] << " seen twice";
    seen[v[t]] = 1;
  }
  // Lanes are applied in lane order: lane l of warp 0 of CTA 0 sees l before its own add.
  for (uint32_t l = 0; l < 32; ++l) EXPECT_EQ(v[l], l);
}

TEST(Atomics, EveryOperationAndTypeOnSharedAndGlobal) {
  std::string k = R"(.kernel k
.param u64 out
.shared 64
  S2R R0, SR_LANEID
  LD.P.64 R2, [out]
  MOV R4, 100
  @P6 BRA skip                  // never: P6 is false
  ATOM.S.EXCH R5, [RZ], R4      // lane order: every lane but lane 0 sees 100
  ATOM.S.CAS R6, [RZ], R4, R0   // only the first lane (lane 0) matches 100: stores 0
  ATOM.S.INC R7, [RZ+4], 9      // wraps to 0 after 9
  ATOM.S.DEC R8, [RZ+8], 5      // 0 -> 5, then counts down
  ATOM.S.AND R9, [RZ+12], -1
  ATOM.S.OR.B32 R9, [RZ+12], R0
  ATOM.S.XOR.B32 R10, [RZ+16], R0
  MOV.64 R12, 1.5
  ATOM.G.ADD.F64 R14, [R2+64], R12
  MOV R16, 0.25
  ATOM.G.ADD.F32 R17, [R2+72], R16
  MOV.64 R18, -5
  ATOM.G.MIN.S64 R20, [R2+80], R18
  ATOM.G.MAX.U64 R20, [R2+88], R18
  ATOM.G.CAS.B64 R22, [R2+96], RZ, R18   // 0 == 0: stores -5 (lane 0), later lanes fail
skip:
  ST.G.32 [R2], R7
  SHL R24, R0, 2
  IADD.U64 R26, R2, R24
  ST.G.32 [R26+128], R6
  ST.G.32 [R26+256], R8
  LD.S.32 R25, [RZ+12]
  ST.G.32 [R2+4], R25
  LD.S.32 R25, [RZ+16]
  ST.G.32 [R2+8], R25
  LD.S.32 R25, [RZ]
  ST.G.32 [R2+12], R25
  EXIT
)";
  Program p = assemble(k, "a.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(512);
  run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1}, {ParamArg::of_address(out)});
  auto v = download<uint32_t>(mem, out, 128);
  EXPECT_EQ(v[0], 31u % 10);  // lane 31's INC saw (31 increments of 0..9 wrapping) = 1
  EXPECT_EQ(v[1], 31u);       // OR of all lane ids
  EXPECT_EQ(v[2], 0u);        // XOR of 0..31
  EXPECT_EQ(v[3], 0u);        // CAS stored lane 0's id
  for (uint32_t l = 0; l < 32; ++l) {
    EXPECT_EQ(v[32 + l], l == 0 ? 100u : 0u) << l;  // CAS old values
    uint32_t dec = 0;  // simulate DEC with bound 5 from 0
    for (uint32_t k2 = 0; k2 < l; ++k2) dec = (dec == 0 || dec > 5) ? 5 : dec - 1;
    EXPECT_EQ(v[64 + l], dec) << l;
  }
  double f64;
  std::memcpy(&f64, &v[16], 8);
  EXPECT_EQ(f64, 48.0);
  float f32;
  std::memcpy(&f32, &v[18], 4);
  EXPECT_EQ(f32, 8.0f);
  EXPECT_EQ(v[20] | uint64_t(v[21]) << 32, uint64_t(-5));
  EXPECT_EQ(v[22] | uint64_t(v[23]) << 32, uint64_t(-5));
  EXPECT_EQ(v[24] | uint64_t(v[25]) << 32, uint64_t(-5));
}

TEST(Atomics, HalfPrecisionAdds) {
  std::string k = R"(.kernel k
.param u64 out
  S2R R0, SR_LANEID
  LD.P.64 R2, [out]
  MOV R4, 0x3800                 // 0.5
  ATOM.G.ADD.F16 R5, [R2+2], R4  // the high half of word 0
  MOV R6, 0x3C003400             // (0.25, 1.0)
  RED.G.ADD.F16X2 [R2+4], R6
  IADD.U64 R8, R2, 8
  IMAD.WIDE.U32 R8, R0, 4, R8
  ST.G.32 [R8], R5
  EXIT
)";
  Program p = assemble(k, "h.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(8 + 4 * 32);
  run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1}, {ParamArg::of_address(out)});
  auto v = download<uint32_t>(mem, out, 2 + 32);
  EXPECT_EQ(v[0], 0x4C000000u);  // 32 * 0.5 = 16 in the high half; the low half untouched
  EXPECT_EQ(v[1], 0x50004800u);  // (32 * 0.25, 32 * 1.0) = (8, 32)
  EXPECT_EQ(v[2], 0u);           // lane 0 saw 0
  EXPECT_EQ(v[2 + 31], 0x4BC0u);  // lane 31 saw 15.5
}

TEST(Atomics, CasLoopImplementsAFloatMax) {
  // The classic atomicMax for floats: read, compute, CAS until no other thread interfered.
  std::string k = std::string(kHead) + R"(
  LD.P.64 R4, [out]
  I2F.U32 R8, R1
  FMUL R8, R8, 0.5              // the value to fold in: gtid / 2
  LD.G.32 R9, [R4+0x1000]        // assumed old value
retry:
  FMAX R10, R9, R8
  ATOM.G.CAS R11, [R4+0x1000], R9, R10
  ISETP.NE P0, R11, R9
  MOV R9, R11
  @P0 BRA retry
  EXIT
)";
  Program p = assemble(k, "a.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(0x1004);
  run_kernel(p.kernels[0], mem, Dim3{3, 1, 1}, Dim3{128, 1, 1}, {ParamArg::of_address(out)});
  float m;
  mem.read(out + 0x1000, &m, 4);
  EXPECT_EQ(m, 383 * 0.5f);
}

TEST(Atomics, ReportedToTheTimingModel) {
  Stepper s(R"(.kernel k
.param u64 out
.shared 256
  S2R R0, SR_LANEID
  LD.P.64 R2, [out]
  SHL R4, R0, 3
  ATOM.S.ADD.U64 R6, [R4], R4
  MOV.64 R8, 0xFE0000000000
  RED.E.ADD [R8+4], 1
  EXIT
)");
  for (int i = 0; i < 3; ++i) s.next();
  const WarpInst a = s.next();
  EXPECT_EQ(a.op_class, OpClass::atomic);
  EXPECT_EQ(a.space, MemSpace::shared);
  EXPECT_EQ(a.access_bytes, 8u);
  EXPECT_EQ(a.addr[3], 24u);
  s.next();
  const WarpInst r = s.next();
  EXPECT_EQ(r.space, MemSpace::shared);
  EXPECT_EQ(r.access_bytes, 4u);
  EXPECT_EQ(r.addr[9], 4u);
}

}  // namespace
}  // namespace warpsim::isa

namespace warpsim::isa {
namespace {

// Kernel arguments: laid out at the params' offsets; integers of the same size are
// interchangeable (nvcc declares a C `int` parameter `.u32`), anything else must match.
TEST(ParamBuffer, LayoutAndSameSizeIntegerArguments) {
  const Program p = assemble(".kernel k\n.param u32 n\n.param u64 ptr\n.param f32 a\n  EXIT\n", "p.s");
  const std::vector<uint8_t> buf = build_param_buffer(
      p.kernels[0], {ParamArg::of_int(ScalarType::i32, -1), ParamArg::of_address(0x10000100), ParamArg::of_f32(2.5f)});
  ASSERT_EQ(buf.size(), 20u);
  EXPECT_EQ(buf[0], 0xFF);
  EXPECT_EQ(buf[3], 0xFF);
  EXPECT_EQ(buf[8], 0x00);
  EXPECT_EQ(buf[9], 0x01);
  EXPECT_EQ(buf[11], 0x10);
  EXPECT_EQ(buf[19], 0x40);  // 2.5f = 0x40200000
  EXPECT_THROW(build_param_buffer(p.kernels[0], {ParamArg::of_int(ScalarType::i16, 1), ParamArg::of_address(0),
                                                 ParamArg::of_f32(1.0f)}),
               InputError);
  EXPECT_THROW(build_param_buffer(p.kernels[0], {ParamArg::of_f32(1.0f), ParamArg::of_address(0), ParamArg::of_f32(1.0f)}),
               InputError);
  EXPECT_THROW(build_param_buffer(p.kernels[0], {ParamArg::of_int(ScalarType::u32, 1)}), InputError);
}

}  // namespace
}  // namespace warpsim::isa
