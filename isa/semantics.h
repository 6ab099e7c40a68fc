// What a semantics function sees when it executes one instruction for one warp, and the
// semantics functions the opcode table points at. A semantics function loops over the lanes
// in `mask` (already SIMT mask & guard predicate), reads operands through the context and
// writes results; the emulator does control flow (SIMT stack) from `taken` / `exited`.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

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
  // (stride 0); RZ reads a zero row and writes a discard row. Rows of other lanes may be read
  // (shuffles, tensor ops), but only executing lanes are written.
  uint32_t* row[kMaxOperands][4] = {};
  uint32_t stride[kMaxOperands] = {};
  uint32_t* preds = nullptr;  // lane masks of P0..P6 and PT (all ones; never written)
  const WarpEnv* env = nullptr;
  uint64_t cycle = 0;
  DeviceMemory* global = nullptr;  // global memory; also the constant bank at kConstBase
  uint8_t* shared = nullptr;
  uint32_t shared_bytes = 0;
  const uint8_t* param = nullptr;
  uint32_t param_bytes = 0;
  uint8_t* local = nullptr;  // lane l's local memory: local + l * local_bytes
  uint32_t local_bytes = 0;
  // Address reported to the timing model for lane 0's local byte 0: the local window base +
  // (global thread index of lane 0) * local_bytes, so threads' local data never alias.
  uint64_t local_timing_base = 0;
  WarpInst* out = nullptr;  // the instruction being issued: semantics refine space, addresses,
                            // barrier fields
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
  double d(unsigned op, unsigned lane) const {
    uint64_t b = u64(op, lane);
    double v;
    std::memcpy(&v, &b, 8);
    return v;
  }
  void set(unsigned op, unsigned lane, uint32_t v) { row[op][0][lane] = v; }
  void set64(unsigned op, unsigned lane, uint64_t v) {
    row[op][0][lane] = static_cast<uint32_t>(v);
    row[op][1][lane] = static_cast<uint32_t>(v >> 32);
  }
  void setf(unsigned op, unsigned lane, float v) { std::memcpy(&row[op][0][lane], &v, 4); }
  void setd(unsigned op, unsigned lane, double v) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    set64(op, lane, b);
  }
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
  // Value of operand `op` in the first executing lane (operands the hardware takes as uniform:
  // barrier ids and counts).
  uint32_t first_lane_value(unsigned op) const {
    return mask ? u(op, static_cast<unsigned>(__builtin_ctz(mask))) : 0;
  }
  // The emulated kernel touched memory it does not own: bad input, reported with its line.
  // `access` names it ("global load"), `why` says what is wrong with it.
  [[noreturn]] void fault(unsigned lane, const char* access, uint64_t address, unsigned bytes,
                          const char* why) const;
  // An error at this instruction: "kernel K, pc 0x..: what" at its source line.
  [[noreturn]] void error(const std::string& what) const;
};

template <class F>
inline void for_lanes(uint32_t mask, F f) {
  while (mask) {
    unsigned lane = static_cast<unsigned>(__builtin_ctz(mask));
    mask &= mask - 1;
    f(lane);
  }
}

// Which operands of a barrier instruction hold its id and thread count (-1: BAR's immediate
// id / no count, i.e. all threads) and whether the warp only arrives (BAR.ARRIVE).
struct BarrierForm {
  int id_op, count_op;
  bool arrive_only;
};
BarrierForm barrier_form(const Inst& inst);

// The predicate combination of xSETP (PTX setp.cmp.bop): `result bop Pa` per lane.
inline uint32_t combine_predicate(BoolOp op, uint32_t result, uint32_t p) {
  switch (op) {
    case BoolOp::or_: return result | p;
    case BoolOp::xor_: return result ^ p;
    default: return result & p;
  }
}

namespace sem {
// semantics_int.cpp
void iadd(ExecContext&);
void isub(ExecContext&);
void iadd_cc(ExecContext&);
void iaddx(ExecContext&);
void isub_cc(ExecContext&);
void isubx(ExecContext&);
void imul(ExecContext&);
void imad(ExecContext&);
void imin(ExecContext&);
void imax(ExecContext&);
void iabs(ExecContext&);
void ineg(ExecContext&);
void idiv(ExecContext&);
void irem(ExecContext&);
void shl(ExecContext&);
void shr(ExecContext&);
void shf_l(ExecContext&);
void shf_r(ExecContext&);
void and_(ExecContext&);
void or_(ExecContext&);
void xor_(ExecContext&);
void not_(ExecContext&);
void popc(ExecContext&);
void clz(ExecContext&);
void brev(ExecContext&);
void bfe(ExecContext&);
void bfi(ExecContext&);
void prmt(ExecContext&);
void isetp(ExecContext&);
// semantics_fp.cpp
void fadd(ExecContext&);
void fsub(ExecContext&);
void fmul(ExecContext&);
void ffma(ExecContext&);
void fmin(ExecContext&);
void fmax(ExecContext&);
void fabs_(ExecContext&);
void fneg(ExecContext&);
void fdiv(ExecContext&);
void frcp(ExecContext&);
void fsqrt(ExecContext&);
void fsetp(ExecContext&);
void frnd(ExecContext&);
void mufu(ExecContext&);
// semantics_fp64.cpp
void dadd(ExecContext&);
void dsub(ExecContext&);
void dmul(ExecContext&);
void dfma(ExecContext&);
void dmin(ExecContext&);
void dmax(ExecContext&);
void dabs(ExecContext&);
void dneg(ExecContext&);
void ddiv(ExecContext&);
void dsqrt(ExecContext&);
void drcp(ExecContext&);
void dsetp(ExecContext&);
// semantics_half.cpp
void hadd2(ExecContext&);
void hsub2(ExecContext&);
void hmul2(ExecContext&);
void hfma2(ExecContext&);
void hmin2(ExecContext&);
void hmax2(ExecContext&);
void hsetp2(ExecContext&);
void hadd(ExecContext&);
void hsub(ExecContext&);
void hmul(ExecContext&);
void hfma(ExecContext&);
void hmin(ExecContext&);
void hmax(ExecContext&);
// semantics_tensor.cpp
void hmma16816(ExecContext&);
void hmma1688(ExecContext&);
void hmma16816_f16(ExecContext&);
void hmma16816_bf16(ExecContext&);
void hmma1688_tf32(ExecContext&);
void imma16832_s8s8(ExecContext&);
void imma16832_s8u8(ExecContext&);
void imma16832_u8s8(ExecContext&);
void imma16832_u8u8(ExecContext&);
// semantics_cvt.cpp
void cvt(ExecContext&);
// semantics_move.cpp
void mov(ExecContext&);
void mov64(ExecContext&);
void s2r(ExecContext&);
void sel(ExecContext&);
void plop(ExecContext&);
void pnot(ExecContext&);
// semantics_mem.cpp
void ld(ExecContext&);
void st(ExecContext&);
void ldgsts(ExecContext&);
void atom(ExecContext&);
void red(ExecContext&);
void cvta(ExecContext&);
void cvta_to(ExecContext&);
// semantics_warp.cpp
void activemask(ExecContext&);
void vote(ExecContext&);
void vote_ballot(ExecContext&);
void match_any(ExecContext&);
void match_all(ExecContext&);
void shfl(ExecContext&);
// semantics_control.cpp
void bra(ExecContext&);
void bar(ExecContext&);
void bar_sync(ExecContext&);
void bar_arrive(ExecContext&);
void bar_red(ExecContext&);
void exit(ExecContext&);
void trap(ExecContext&);
void nop(ExecContext&);
}  // namespace sem

}  // namespace warpsim::isa
