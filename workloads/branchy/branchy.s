// branchy(u32 n, u64 in, u64 out)   -- params in this order; in and out are u32 buffers
//
// Divergence stress: an early exit, a loop with a per-lane trip count, and a branch nested in
// a branch. For every thread i = ctaid.x * ntid.x + tid.x with i < n (threads with i >= n do
// nothing), in Python with u32 wraparound:
//
//     x = in[i]
//     if x == 0:
//         out[i] = 0xFFFFFFFF
//     else:
//         steps = acc = 0
//         while x > 1 and steps < 100:          # Collatz steps, capped
//             if x & 1:
//                 x = (3 * x + 1) & 0xFFFFFFFF
//                 if x & 2: acc = (acc + x) & 0xFFFFFFFF
//                 else:     acc = acc ^ x
//             else:
//                 x = x >> 1
//             steps += 1
//         out[i] = (steps << 16) | (acc & 0xFFFF)
.kernel branchy
.param u32 n
.param u64 in
.param u64 out
  S2R R0, SR_CTAID.X
  S2R R1, SR_NTID.X
  S2R R2, SR_TID.X
  IMAD R0, R0, R1, R2              // i
  LD.P.32 R1, [n]
  ISETP.GE.U32 P0, R0, R1
  @P0 EXIT
  LD.P.64 R2, [in]
  IMAD.WIDE.U32 R2, R0, 4, R2
  LD.G.32 R4, [R2]                 // x
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 4, R2      // &out[i]
  ISETP.EQ.U32 P1, R4, 0
  @P1 BRA zero                     // these lanes finish early, on their own path
  MOV R5, 0                        // steps
  MOV R6, 0                        // acc
loop:
  ISETP.LE.U32 P2, R4, 1
  @P2 BRA finish
  ISETP.GE.U32 P2, R5, 100
  @P2 BRA finish
  AND R7, R4, 1
  ISETP.EQ.U32 P3, R7, 0
  @P3 BRA even
  IMUL R4, R4, 3
  IADD R4, R4, 1
  AND R7, R4, 2
  ISETP.EQ.U32 P4, R7, 0
  @P4 BRA odd_xor
  IADD R6, R6, R4
  BRA step
odd_xor:
  XOR R6, R6, R4
  BRA step
even:
  SHR.U32 R4, R4, 1
step:
  IADD R5, R5, 1
  BRA loop
finish:
  SHL R5, R5, 16
  AND R6, R6, 0xFFFF
  OR R5, R5, R6
  ST.G.32 [R2], R5
  EXIT
zero:
  MOV R5, 0xFFFFFFFF
  ST.G.32 [R2], R5
  EXIT
