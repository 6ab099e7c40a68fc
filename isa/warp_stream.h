// The one interface between instruction sources and the timing model (DESIGN.md §1).
// Execution mode (isa/exec) and trace mode (traces/) both implement it; models/ never knows which.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace warpsim {

struct Dim3 {
  uint32_t x = 1, y = 1, z = 1;
  uint64_t count() const { return uint64_t(x) * y * z; }
};

// What the timing model needs to know about an instruction's execution: which pipeline it
// occupies and how long its result takes. The preset maps each class to a latency and an
// issue interval, so the ISA table never hard-codes timing.
enum class OpClass : uint8_t {
  int_alu,   // integer add/logic/shift/compare, moves, selects
  int_mul,   // integer multiply / multiply-add
  fp32,
  fp64,
  fp16,
  sfu,       // transcendental / reciprocal (MUFU)
  tensor,
  load,
  store,
  atomic,
  branch,
  barrier,
  exit,
  misc,      // special-register reads, nops
  count_
};
const char* op_class_name(OpClass c);

enum class MemSpace : uint8_t { none, global, shared, local, constant, param };
const char* mem_space_name(MemSpace s);

// Cache-operator hints carried from PTX/SASS to the memory model (.ca .cg .cs .cv .lu .nc).
enum class CacheOp : uint8_t { def, ca, cg, cs, cv, lu, nc };

// Register ids used for dependence tracking: general registers 0..254, predicates from kPredBase.
constexpr uint16_t kPredBase = 256;
constexpr unsigned kWarpSize = 32;

// Lanes set in a mask. Written out: for the baseline x86-64 target, std::bitset::count and
// __builtin_popcount are a libgcc call, and the timing model and trace readers count the lanes of
// every instruction.
inline unsigned lane_count(uint32_t mask) {
  mask -= (mask >> 1) & 0x55555555u;
  mask = (mask & 0x33333333u) + ((mask >> 2) & 0x33333333u);
  return (((mask + (mask >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
}

// WarpInst::timing when no per-opcode timing applies: the instruction takes its class's.
inline constexpr uint16_t kClassTiming = 0xFFFF;

// The timing model's per-opcode table as a front end sees it (models/core/op_timing.h): an
// instruction's mnemonic with its modifiers, as traces and assembly spell it ("MUFU.SIN",
// "IMAD.WIDE.U32"), and its class resolve to the WarpInst::timing the core looks up at issue.
class OpTimingResolver {
 public:
  virtual ~OpTimingResolver() = default;
  virtual uint16_t resolve(std::string_view opcode_text, OpClass op_class) const = 0;
};

// Asynchronous global -> shared copies (LDGSTS, PTX cp.async): a copy, the commit that closes
// the warp's open group of copies, or a wait until few enough closed groups are in flight.
enum class AsyncOp : uint8_t { none, copy, commit, wait };

struct WarpInst {
  uint32_t pc = 0;          // byte address in the kernel's code (instructions are 16 bytes)
  uint16_t opcode = 0;      // index into the source's opcode table (for per-opcode statistics)
  uint16_t timing = kClassTiming;  // per-opcode timing (KernelSource::bind_timing), or the class's
  OpClass op_class = OpClass::misc;
  uint32_t active_mask = 0; // lanes that execute; valid after issue() (peek() gives the SIMT mask)
  uint8_t num_dst = 0, num_src = 0;
  std::array<uint16_t, 4> dst{};   // registers written (scoreboard reservations)
  std::array<uint16_t, 12> src{};  // registers read (HMMA.16816 reads 10 + a guard)
  MemSpace space = MemSpace::none; // for load/store/atomic
  CacheOp cache_op = CacheOp::def;
  uint8_t access_bytes = 0;        // bytes per lane
  std::array<uint64_t, kWarpSize> addr{};  // per-lane addresses, valid for lanes in active_mask after issue()
  // Barriers (op_class barrier): which named barrier (0..15), how many threads it waits for
  // (0: every non-exited thread of the CTA), and whether the warp only arrives (BAR.ARRIVE:
  // counts towards the barrier without waiting). Operands given as registers are known after
  // issue(); immediates already at peek().
  uint8_t barrier_id = 0;
  uint16_t barrier_threads = 0;
  bool barrier_arrive_only = false;
  AsyncOp async = AsyncOp::none;
  uint8_t async_groups = 0;  // wait: closed groups that may still be in flight
};

// One CTA's warps, opened when the CTA is dispatched to an SM.
class WarpStream {
 public:
  virtual ~WarpStream() = default;
  virtual unsigned num_warps() const = 0;
  // The next instruction of warp w without executing it (registers, class, SIMT mask).
  // nullptr once the warp has exited.
  virtual const WarpInst* peek(unsigned w) = 0;
  // Executes (or consumes) that instruction at `cycle` and returns it with the lanes that
  // executed and their addresses. Execution mode executes here (execute-at-issue), so
  // barriers, atomics and shared memory see values in timed order.
  virtual const WarpInst& issue(unsigned w, uint64_t cycle) = 0;
};

// One kernel launch: its geometry and resource needs, and its CTAs on demand.
class KernelSource {
 public:
  virtual ~KernelSource() = default;
  virtual const std::string& name() const = 0;
  virtual Dim3 grid() const = 0;
  virtual Dim3 block() const = 0;
  virtual unsigned regs_per_thread() const = 0;
  virtual unsigned shared_bytes_per_cta() const = 0;  // static + dynamic
  // CTAs are opened in dispatch order; cta is the linear CTA id (x fastest).
  virtual std::unique_ptr<WarpStream> open_cta(uint64_t cta, unsigned sm_id) = 0;
  // Called before the first open_cta: a source that knows its instructions' opcode text sets
  // WarpInst::timing through `timing`; one that does not leaves kClassTiming (class timing).
  // `timing` outlives the kernel.
  virtual void bind_timing(const OpTimingResolver& timing) { (void)timing; }
};

}  // namespace warpsim
