#include "tests/isa/lane_harness.h"

#include <cstring>

#include "isa/assembler.h"
#include "isa/semantics_float.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa::testing {

uint32_t f2u(float f) { return fp::bits_of(f); }
float u2f(uint32_t u) { return fp::as_f32(u); }
uint64_t d2u(double d) { return fp::bits_of(d); }
double u2d(uint64_t u) { return fp::as_f64(u); }

std::vector<LaneOut> run_lanes(const std::string& code, const std::vector<LaneIn>& in) {
  std::string text = R"(.kernel lanes
.param u64 in
.param u64 out
.param u32 n
  S2R R0, SR_TID.X
  S2R R1, SR_CTAID.X
  S2R R2, SR_NTID.X
  IMAD R0, R1, R2, R0
  LD.P.32 R1, [n]
  ISETP.GE.U32 P0, R0, R1
  @P0 EXIT
  LD.P.64 R2, [in]
  IMAD.WIDE.U32 R2, R0, 48, R2
  LD.G.128 R8, [R2]
  LD.G.128 R12, [R2+16]
  LD.G.32 R4, [R2+32]
  LOP_PREDS
  ISETP.NE P0, RZ, RZ
)";
  std::string preds;
  for (int p = 1; p <= 6; ++p)
    preds += "  AND R5, R4, " + std::to_string(1 << p) + "\n  ISETP.NE P" + std::to_string(p) +
             ", R5, 0\n";
  text.replace(text.find("  LOP_PREDS\n"), 12, preds);
  text += code + "\n";
  text += R"(  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 48, R2
  ST.G.128 [R2], R16
  ST.G.128 [R2+16], R20
  MOV R24, 0
)";
  for (int p = 0; p <= 6; ++p)
    text += "  @P" + std::to_string(p) + " OR R24, R24, " + std::to_string(1 << p) + "\n";
  text += "  ST.G.32 [R2+32], R24\n  EXIT\n";
  Program prog = assemble(text, "lanes.s");

  std::vector<uint32_t> words(in.size() * 12, 0);
  for (size_t i = 0; i < in.size(); ++i) {
    std::memcpy(&words[i * 12], in[i].r.data(), 32);
    words[i * 12 + 8] = in[i].preds;
  }
  DeviceMemory mem;
  uint64_t din = upload(mem, words.empty() ? std::vector<uint32_t>(12) : words);
  uint64_t dout = mem.allocate(std::max<size_t>(words.size(), 12) * 4);
  auto n = static_cast<uint32_t>(in.size());
  run_kernel(prog.kernels[0], mem, Dim3{(n + 127) / 128 + (n == 0), 1, 1}, Dim3{128, 1, 1},
             {ParamArg::of_address(din), ParamArg::of_address(dout),
              ParamArg::of_int(ScalarType::u32, n)});
  auto back = download<uint32_t>(mem, dout, words.size());
  std::vector<LaneOut> out(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    std::memcpy(out[i].r.data(), &back[i * 12], 32);
    out[i].preds = back[i * 12 + 8];
  }
  return out;
}

}  // namespace warpsim::isa::testing
