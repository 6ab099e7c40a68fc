// reduce(u32 n, u64 in, u64 out)   -- params in this order; in and out are u32 buffers
//
// Per-CTA sum with a shared-memory tree. With B = ntid.x (a power of two, at most 256; the
// manifests use 256) and c = ctaid.x:
//     out[c] = (sum over t in [0, B) of (c*B + t < n ? in[c*B + t] : 0)) mod 2^32
// u32 wraparound sums, so the result is exact. Launch grid.x = ceil(n / B); out has grid.x
// elements.
//
// Each thread stores its element to shared memory; then log2(B) levels of
// `if (tid < s) sh[tid] += sh[tid + s]` (divergent within a warp once s < 32), each followed
// by a CTA barrier; thread 0 writes the CTA's sum.
.kernel reduce
.param u32 n
.param u64 in
.param u64 out
.shared 1024
  S2R R0, SR_TID.X
  S2R R1, SR_CTAID.X
  S2R R2, SR_NTID.X
  IMAD R3, R1, R2, R0              // i
  MOV R4, 0                        // this thread's element, 0 past the end
  LD.P.32 R5, [n]
  ISETP.LT.U32 P0, R3, R5
  @!P0 BRA store
  LD.P.64 R6, [in]
  IMAD.WIDE.U32 R6, R3, 4, R6
  LD.G.32 R4, [R6]
store:
  SHL R8, R0, 2                    // &sh[tid]
  ST.S.32 [R8], R4
  BAR
  SHR.U32 R9, R2, 1                // s = B / 2
level:
  ISETP.EQ.U32 P1, R9, 0
  @P1 BRA done
  ISETP.LT.U32 P2, R0, R9
  @!P2 BRA next
  SHL R10, R9, 2
  IADD R10, R8, R10                // &sh[tid + s]
  LD.S.32 R11, [R8]
  LD.S.32 R12, [R10]
  IADD R11, R11, R12
  ST.S.32 [R8], R11
next:
  BAR
  SHR.U32 R9, R9, 1
  BRA level
done:
  ISETP.NE.U32 P3, R0, 0
  @P3 EXIT
  LD.S.32 R4, [0]
  LD.P.64 R6, [out]
  IMAD.WIDE.U32 R6, R1, 4, R6      // &out[ctaid.x]
  ST.G.32 [R6], R4
  EXIT
