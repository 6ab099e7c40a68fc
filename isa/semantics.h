// What a semantics function sees when it executes one instruction for one warp, and the
// semantics functions the opcode table points at. A semantics function loops over the lanes
// in `mask` (already SIMT mask & guard predicate), reads operands through the context and
// writes results; the emulator does control flow (SIMT stack) from `taken` / `exited`.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include "isa/exec/device_memory.h"
#include "isa/instruction.h"
#include "isa/warp_stream.h"

namespace warpsim::isa {

struct Kernel;

// Per-warp values that special registers read.
struct WarpEnv {
  std::array<uint32_t, kWarpSize> tid_x{}, tid_y{}, tid_z{};
  uint32_t ntid[3] = {1, 1, 1}, ctaid[3] = {0, 0, 0}, nctaid[3] = {1, 1, 1};
  uint32_t warpid = 0, smid = 0;
};

struct ExecContext {
  const Inst* inst = nullptr;
  uint32_t pc = 0;
  uint32_t mask = 0;  // lanes that execute
  // Operand i, register j of it (pairs/quads): a row of 32 lanes. Immediates are broadcast
  // (stride 0); RZ reads a zero row and writes a discard row.
  uint32_t* row[kMaxOperands][4] = {};
  uint32_t stride[kMaxOperands] = {};
  uint32_t* preds = nullptr;  // lane masks of P0..P6 and PT (all ones; never written)
  const WarpEnv* env = nullptr;
  uint64_t cycle = 0;
  DeviceMemory* global = nullptr;
  uint8_t* shared = nullptr;
  uint32_t shared_bytes = 0;
  const uint8_t* param = nullptr;
  uint32_t param_bytes = 0;
  uint64_t* addr = nullptr;  // per-lane addresses for the timing model
  const Kernel* kernel = nullptr;
  uint32_t taken = 0;   // branch: lanes that jump to the target
  uint32_t exited = 0;  // exit: lanes that finish

  uint32_t u(unsigned op, unsigned lane) const { return row[op][0][lane * stride[op]]; }
  int32_t s(unsigned op, unsigned lane) const { return static_cast<int32_t>(u(op, lane)); }
  uint64_t u64(unsigned op, unsigned lane) const {
    return row[op][0][lane * stride[op]] | (uint64_t(row[op][1][lane * stride[op]]) << 32);
  }
  float f(unsigned op, unsigned lane) const {
    float v;
    std::memcpy(&v, &row[op][0][lane * stride[op]], 4);
    return v;
  }
  void set(unsigned op, unsigned lane, uint32_t v) { row[op][0][lane] = v; }
  void set64(unsigned op, unsigned lane, uint64_t v) {
    row[op][0][lane] = static_cast<uint32_t>(v);
    row[op][1][lane] = static_cast<uint32_t>(v >> 32);
  }
  void setf(unsigned op, unsigned lane, float v) { std::memcpy(&row[op][0][lane], &v, 4); }
  // Lane mask of predicate operand `op`, negation applied.
  uint32_t pred_mask(unsigned op) const {
    uint32_t m = preds[inst->ops[op].id];
    return inst->ops[op].neg ? ~m : m;
  }
  // Writes predicate operand `op` for the executing lanes from a lane mask of results.
  void write_pred(unsigned op, uint32_t value) {
    uint8_t p = inst->ops[op].id;
    if (p != kPT) preds[p] = (preds[p] & ~mask) | (value & mask);
  }
  // The emulated kernel touched memory it does not own: bad input, reported with its line.
  // `access` names it ("global load"), `why` says what is wrong with it.
  [[noreturn]] void fault(unsigned lane, const char* access, uint64_t address, unsigned bytes,
                          const char* why) const;
};

template <class F>
inline void for_lanes(uint32_t mask, F f) {
  while (mask) {
    unsigned lane = static_cast<unsigned>(__builtin_ctz(mask));
    mask &= mask - 1;
    f(lane);
  }
}

namespace sem {
// semantics_int.cpp
void iadd(ExecContext&);
void isub(ExecContext&);
void imul(ExecContext&);
void imad(ExecContext&);
void imin(ExecContext&);
void imax(ExecContext&);
void shl(ExecContext&);
void shr(ExecContext&);
void and_(ExecContext&);
void or_(ExecContext&);
void xor_(ExecContext&);
void not_(ExecContext&);
void isetp(ExecContext&);
// semantics_fp.cpp
void fadd(ExecContext&);
void fsub(ExecContext&);
void fmul(ExecContext&);
void ffma(ExecContext&);
void fmin(ExecContext&);
void fmax(ExecContext&);
void fsetp(ExecContext&);
void i2f(ExecContext&);
void f2i(ExecContext&);
// semantics_move.cpp
void mov(ExecContext&);
void s2r(ExecContext&);
void sel(ExecContext&);
void plop(ExecContext&);
void pnot(ExecContext&);
// semantics_mem.cpp
void ld(ExecContext&);
void st(ExecContext&);
// semantics_control.cpp
void bra(ExecContext&);
void bar(ExecContext&);
void exit(ExecContext&);
void nop(ExecContext&);
}  // namespace sem

}  // namespace warpsim::isa
