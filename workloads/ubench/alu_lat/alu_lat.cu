// Dependent-chain latency of single instructions (v100.md §2): each kernel times `reps` blocks of
// 128 back-to-back instructions that each read the previous one's result, written as inline PTX
// so that nvcc can neither fold nor reorder them (ptxas would; our front-end takes the PTX).
// One thread; per kernel:
//   out[2 slot] = cycles, out[2 slot + 1] = instructions (128 reps); sink[slot] = final value
// (alu_ffma_rolled: blocks of 8 in a rolled loop, see the end of the file)
// cycles per instruction = out[2 slot] / out[2 slot + 1]. The loop's own add/compare/branch
// (every 128 instructions) issue in the shadow of the chain and cost < 0.1 cycle per instruction.
//
// Operands keep values finite and, for the exact types, reproducible (reference.py checks the
// integer and IEEE chains; the MUFU ones write to sink_approx, which is not checked).
#include "../common/ubench.cuh"

#define R2(s) s s
#define R4(s) R2(s) R2(s)
#define R8(s) R4(s) R4(s)
#define R16(s) R8(s) R8(s)
#define R32(s) R16(s) R16(s)
#define R64(s) R32(s) R32(s)
#define R128(s) R64(s) R64(s)

template <typename T>
__device__ __forceinline__ unsigned long long bits(T x);
template <>
__device__ __forceinline__ unsigned long long bits<float>(float x) { return __float_as_uint(x); }
template <>
__device__ __forceinline__ unsigned long long bits<double>(double x) { return __double_as_longlong(x); }
template <>
__device__ __forceinline__ unsigned long long bits<unsigned>(unsigned x) { return x; }

// NAME(reps, out, sink): x = INIT; then reps times a block of N instructions `x = OP(x, k, c)`
// (BODY: the block as inline PTX); out[2 SLOT], out[2 SLOT + 1] = cycles, instructions;
// sink[SINK] = final value.
#define ALU_LOOP(NAME, SLOT, SINK, T, CON, INIT, K, C, N, BODY)                                    \
  extern "C" __global__ void NAME(unsigned reps, unsigned long long* out, unsigned long long* sink) { \
    T x = INIT;                                                                                    \
    const T k = K, c = C;                                                                          \
    const unsigned long long t0 = ubench_clock();                                                  \
    _Pragma("unroll 1") for (unsigned r = 0; r < reps; ++r)                                       \
        asm volatile(BODY : "+" CON(x) : CON(k), CON(c));                                           \
    sink[SINK] = bits<T>(x);                                                                       \
    const unsigned long long t1 = ubench_clock();                                                  \
    out[2 * SLOT] = t1 - t0;                                                                       \
    out[2 * SLOT + 1] = reps * (unsigned long long)(N);                                            \
  }
#define ALU_CHAIN(NAME, SLOT, T, CON, INIT, K, C, OP) \
  ALU_LOOP(NAME, SLOT, SLOT, T, CON, INIT, K, C, 128, R128(OP "\n\t"))

// fp32 (FFMA / FADD / FMUL: 4 cycles on V100)
ALU_CHAIN(alu_ffma, 0, float, "f", 1.0f, 0.999f, 0.001f, "fma.rn.f32 %0, %0, %1, %2;")
ALU_CHAIN(alu_fadd, 1, float, "f", 0.0f, 1.0f, 0.0f, "add.f32 %0, %0, %1;")
ALU_CHAIN(alu_fmul, 2, float, "f", 1.0f, 1.0001f, 0.0f, "mul.f32 %0, %0, %1;")
// int32 (IADD / IMAD / LOP: 4 cycles)
ALU_CHAIN(alu_iadd, 3, unsigned, "r", 0u, 3u, 0u, "add.u32 %0, %0, %1;")
ALU_CHAIN(alu_imad, 4, unsigned, "r", 1u, 3u, 1u, "mad.lo.u32 %0, %0, %1, %2;")
ALU_CHAIN(alu_lop, 5, unsigned, "r", 0u, 0x9e3779b9u, 0u, "xor.b32 %0, %0, %1;")
// fp16x2 in 32-bit registers (HADD2 / HFMA2: 6 cycles); 0x3c00 = 1.0, 0x3800 = 0.5 per half
ALU_CHAIN(alu_hadd2, 6, unsigned, "r", 0u, 0x3c003c00u, 0u, "add.rn.f16x2 %0, %0, %1;")
ALU_CHAIN(alu_hfma2, 7, unsigned, "r", 0u, 0x38003800u, 0x3c003c00u, "fma.rn.f16x2 %0, %0, %1, %2;")
// fp64 (DADD / DMUL / DFMA: 8 cycles)
ALU_CHAIN(alu_dadd, 8, double, "d", 0.0, 1.0, 0.0, "add.rn.f64 %0, %0, %1;")
ALU_CHAIN(alu_dmul, 9, double, "d", 1.0, 1.0001, 0.0, "mul.rn.f64 %0, %0, %1;")
ALU_CHAIN(alu_dfma, 10, double, "d", 1.0, 0.999, 0.001, "fma.rn.f64 %0, %0, %1, %2;")
// MUFU (sin 8, ex2 16, rsqrt 18, sqrt 18, rcp 23 cycles on V100); approximate: sink_approx
ALU_CHAIN(alu_sin, 11, float, "f", 1.0f, 0.0f, 0.0f, "sin.approx.ftz.f32 %0, %0;")
ALU_CHAIN(alu_ex2, 12, float, "f", -1.0f, 0.0f, 0.0f, "ex2.approx.ftz.f32 %0, %0;")
ALU_CHAIN(alu_rsqrt, 13, float, "f", 2.0f, 0.0f, 0.0f, "rsqrt.approx.ftz.f32 %0, %0;")
ALU_CHAIN(alu_sqrt, 14, float, "f", 2.0f, 0.0f, 0.0f, "sqrt.approx.ftz.f32 %0, %0;")
ALU_CHAIN(alu_rcp, 15, float, "f", 2.0f, 0.0f, 0.0f, "rcp.approx.ftz.f32 %0, %0;")
// The FFMA chain in a rolled loop of 8 per iteration: the loop counter's add, compare and branch
// come after the chain in the PTX, and only scheduling (as ptxas does; our front-end's list
// scheduler) moves them into the chain's latency shadow. On V100 it runs at the unrolled chain's
// 4 cycles per FFMA. Slot 16 of out, slot 11 of sink (the same chain as slot 0 when reps x 8 =
// 8 x 128).
ALU_LOOP(alu_ffma_rolled, 16, 11, float, "f", 1.0f, 0.999f, 0.001f, 8, R8("fma.rn.f32 %0, %0, %1, %2;\n\t"))
