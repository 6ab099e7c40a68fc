// Per-opcode timing and execution pipes (models/core/op_timing.h): rule resolution on its own,
// and what the core does with it on assembled chip code: a per-opcode latency sets a dependent
// chain's pace, and classes that share a pipe share its throughput.
#include "models/core/op_timing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "isa/assembler.h"
#include "isa/exec/device_memory.h"
#include "isa/exec/exec_kernel_source.h"
#include "isa/exec/param_buffer.h"
#include "models/gpu.h"
#include "sim/config/config.h"
#include "sim/engine/engine.h"
#include "sim/error.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {
namespace {

TEST(OpTiming, TheMostSpecificMatchingRuleWins) {
  OpTiming t;
  t.set_class(OpClass::sfu, {18, 8, uint8_t(OpClass::sfu)});
  t.add_rule("MUFU", 20, 0);
  t.add_rule("MUFU.SIN", 8, 0);
  t.add_rule("MUFU.SIN.FTZ", 9, 0);
  auto latency = [&](const std::string& text) {
    WarpInst i;
    i.op_class = OpClass::sfu;
    i.timing = t.resolve(text, OpClass::sfu);
    return t.of(i).latency;
  };
  EXPECT_EQ(latency("MUFU.SIN"), 8u);
  EXPECT_EQ(latency("MUFU.FTZ.SIN"), 9u);  // modifiers in any order
  EXPECT_EQ(latency("MUFU.EX2"), 20u);     // only the bare mnemonic matches
  EXPECT_EQ(latency("FSIN"), 18u);         // no rule: the class's
  EXPECT_EQ(t.resolve("FADD", OpClass::fp32), kClassTiming);
}

TEST(OpTiming, ARuleKeepsWhatItDoesNotSetFromTheClass) {
  OpTiming t;
  t.set_class(OpClass::int_mul, {4, 2, uint8_t(OpClass::fp32)});
  t.add_rule("IMAD.WIDE", 0, 4);  // interval only
  WarpInst i;
  i.op_class = OpClass::int_mul;
  i.timing = t.resolve("IMAD.WIDE.U32", OpClass::int_mul);
  EXPECT_EQ(t.of(i).latency, 4u);
  EXPECT_EQ(t.of(i).interval, 4u);
  EXPECT_EQ(t.of(i).pipe, uint8_t(OpClass::fp32));
  i.timing = kClassTiming;
  EXPECT_EQ(t.of(i).interval, 2u);
}

TEST(OpTiming, ReadsClassesPipesAndRulesFromTheConfig) {
  const Config cfg = Config::load({"v100"}, {"core.op_latency.MUFU.LG2=17", "core.op_interval.HMMA.884=9"},
                                  default_presets_dir());
  const OpTiming t = OpTiming::from_config(cfg);
  EXPECT_EQ(t.of_class(OpClass::int_mul).pipe, uint8_t(OpClass::fp32));  // Volta: IMAD on the FMA pipe
  EXPECT_EQ(t.of_class(OpClass::int_alu).pipe, uint8_t(OpClass::int_alu));
  WarpInst i;
  i.op_class = OpClass::sfu;
  i.timing = t.resolve("MUFU.RCP", OpClass::sfu);
  EXPECT_EQ(t.of(i).latency, 23u);  // v100.yaml
  i.timing = t.resolve("MUFU.LG2", OpClass::sfu);
  EXPECT_EQ(t.of(i).latency, 17u);  // --set
  i.op_class = OpClass::tensor;
  i.timing = t.resolve("HMMA.884.F32.F32", OpClass::tensor);
  EXPECT_EQ(t.of(i).interval, 9u);
}

TEST(OpTiming, BadRulesAndPipesAreBadInput) {
  EXPECT_THROW(Config::load({"v100"}, {"core.op_latency.MUFU.SIN=0"}, default_presets_dir())
                   .get_int_table("core.op_latency", 1, 100),
               InputError);
  const Config empty_part =
      Config::load({"v100"}, {"core.op_latency.MUFU..SIN=5"}, default_presets_dir());
  EXPECT_THROW(OpTiming::from_config(empty_part), InputError);
  const Config bad_pipe = Config::load({"v100"}, {"core.pipe.fp16=fpu"}, default_presets_dir());
  EXPECT_THROW(OpTiming::from_config(bad_pipe), InputError);
}

// A GPU under one config (SystemC allows one simulation per process: one Chip per test) that
// runs chip-assembly kernels of one warp.
struct Chip {
  explicit Chip(const std::vector<std::string>& sets)
      : cfg(Config::load({"tiny"}, sets, default_presets_dir())), gpu(cfg, engine, counters) {}
  uint64_t run(const std::string& text) {
    const isa::Program program = isa::assemble(text, "test.s");
    isa::ExecKernelSource src(program.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0, {});
    const Gpu::KernelResult r = gpu.run_kernel(src, ~uint64_t(0) - 1);
    return r.end_cycle - r.start_cycle;
  }
  // `body` run `reps` times in a loop (R0 counts down; R1, R2 hold 1.0f).
  uint64_t loop(const std::string& body, int reps) {
    return run(".kernel k\n  MOV R0, " + std::to_string(reps) +
               "\n  MOV R1, 1065353216\n  MOV R2, 1065353216\nloop:\n" + body +
               "  IADD R0, R0, -1\n  ISETP.NE.U32 P0, R0, RZ\n  @P0 BRA loop\n  EXIT\n");
  }
  Config cfg;
  Engine engine;
  stats::CounterRegistry counters;
  Gpu gpu;
  isa::DeviceMemory mem;
};

std::string repeat(const std::string& line, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += line;
  return s;
}

// Cycles per instruction of a dependent chain of `op`: the difference between 32 and 16 links
// per iteration cancels the loop's own cycles.
double chain_latency(Chip& chip, const std::string& op) {
  const uint64_t c16 = chip.loop(repeat("  " + op + " R1, R1\n", 16), 20);
  const uint64_t c32 = chip.loop(repeat("  " + op + " R1, R1\n", 32), 20);
  return double(c32 - c16) / (16.0 * 20);
}

TEST(OpTimingInCore, PerOpcodeLatenciesPaceDependentChains) {
  Chip chip({});  // tiny inherits v100's MUFU table
  EXPECT_NEAR(chain_latency(chip, "MUFU.SIN"), 8.0, 0.1);
  EXPECT_NEAR(chain_latency(chip, "MUFU.EX2"), 16.0, 0.1);
  EXPECT_NEAR(chain_latency(chip, "MUFU.RCP"), 23.0, 0.1);
  EXPECT_NEAR(chain_latency(chip, "MUFU.LG2"), 18.0, 0.1);  // no rule: the sfu class's
}

TEST(OpTimingInCore, AnOverrideChangesOnlyItsOpcode) {
  Chip chip({"core.op_latency.MUFU.SIN=30"});
  EXPECT_NEAR(chain_latency(chip, "MUFU.SIN"), 30.0, 0.1);
  EXPECT_NEAR(chain_latency(chip, "MUFU.EX2"), 16.0, 0.1);
}

// Independent FFMAs interleaved with IMADs (or IADDs): 16 instructions per iteration.
std::string mix(const std::string& second) {
  std::string s;
  for (int i = 0; i < 8; ++i) {
    s += "  FFMA R" + std::to_string(4 + i) + ", R1, R2, R1\n";
    s += "  " + second + " R" + std::to_string(20 + i) + ", R0, R0" + (second == "IMAD" ? ", R0\n" : "\n");
  }
  return s;
}

// Cycles one mix() takes in a loop: two mixes per iteration minus one, the loop's own cycles
// cancelled.
double cycles_per_mix(Chip& chip, const std::string& second) {
  return double(chip.loop(mix(second) + mix(second), 50) - chip.loop(mix(second), 50)) / 50;
}

TEST(OpTimingInCore, ClassesSharingAPipeShareItsThroughput) {
  // On Volta IMAD holds the FMA pipe (16 lanes: 2 cycles per warp instruction) like FFMA, so an
  // FFMA + IMAD mix issues at half the rate of an FFMA + IADD mix (IADD on the ALU pipe).
  Chip chip({});
  EXPECT_NEAR(cycles_per_mix(chip, "IMAD"), 32.0, 1.0);
  EXPECT_NEAR(cycles_per_mix(chip, "IADD"), 16.0, 1.0);
}

TEST(OpTimingInCore, APipeOfItsOwnRemovesTheContention) {
  Chip chip({"core.pipe.int_mul=int_mul"});
  EXPECT_NEAR(cycles_per_mix(chip, "IMAD"), 16.0, 1.0);
}

TEST(OpTimingInCore, PipeBusyCyclesAreCounted) {
  Chip chip({});
  chip.run(".kernel k\n" + repeat("  FFMA R4, R1, R2, R3\n", 10) + repeat("  IMAD R5, R1, R2, R3\n", 5) +
           "  EXIT\n");
  const stats::CounterRegistry& counters = chip.counters;
  // 15 instructions on the FMA pipe, 2 cycles each; nothing on the ALU pipe but the exit's branch.
  EXPECT_EQ(counters.value("sm[0].sched[0]", "busy_fp32").value_or(0), 30u);
  EXPECT_EQ(counters.value("sm[0].sched[0]", "busy_int_alu").value_or(0), 0u);
  EXPECT_FALSE(counters.find("sm[0].sched[0]", "busy_int_mul"));  // no class issues to it on Volta
}

}  // namespace
}  // namespace warpsim
