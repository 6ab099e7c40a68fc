// saxpy(u32 n, f32 a, u64 x, u64 y)   -- params in this order; x and y are f32 buffers
//
// For every thread i = ctaid.x * ntid.x + tid.x (u32) with i < n:
//     y[i] = fma(a, x[i], y[i])
// fp32, fused multiply-add (one rounding, as C's fmaf / numpy float32 with math.fma);
// threads with i >= n do nothing. Launch with a 1-D grid covering n: grid.x = ceil(n / block.x).
.kernel saxpy
.param u32 n
.param f32 a
.param u64 x
.param u64 y
  S2R R0, SR_CTAID.X
  S2R R1, SR_NTID.X
  S2R R2, SR_TID.X
  IMAD R0, R0, R1, R2              // i
  LD.P.32 R1, [n]
  ISETP.GE.U32 P0, R0, R1
  @P0 EXIT                         // the tail of the last CTA
  LD.P.64 R2, [x]
  LD.P.64 R4, [y]
  IMAD.WIDE.U32 R2, R0, 4, R2      // &x[i]
  IMAD.WIDE.U32 R4, R0, 4, R4      // &y[i]
  LD.G.32 R6, [R2]
  LD.G.32 R7, [R4]
  LD.P.32 R8, [a]
  FFMA R7, R8, R6, R7
  ST.G.32 [R4], R7
  EXIT
