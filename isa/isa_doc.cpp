#include "isa/isa_doc.h"

#include <string>

#include "isa/instruction.h"
#include "isa/modifiers.h"
#include "isa/opcode_table.h"

namespace warpsim::isa {

namespace {

const char* const kIntro = R"(# warpsim chip ISA reference

Generated from the opcode table (`isa/opcode_table.cpp`) by `isa_reference_markdown()`
(`isa/isa_doc.cpp`); do not edit by hand. Regenerate with `scripts/gen_isa_doc.sh`
(runs the ISA doc test with `WARPSIM_UPDATE_DOCS=1`); the test fails when this file is stale.

## Assembly syntax

```
// warpsim chip assembly. Comments start with // or ; and run to the end of the line.
.data const table 0x0 4 16 0100000002000000   // module data (see below), before or between kernels
.kernel saxpy              // starts a kernel; a file may hold several
.param u32 n               // params in argument order: u8 i8 u16 i16 u32 i32 u64 i64 f16 f32 f64
.param f32 a               // each at the next offset aligned to its size (like CUDA)
.param u64 x
.param .align 8 u8 cfg[40] // a struct passed by value: u8 NAME[BYTES], optionally aligned
.shared 1024               // static shared memory bytes per CTA (default 0)
.local 64                  // local memory bytes per thread (default 0)
.regs 16                   // registers per thread (default: highest register used + 1)
  S2R R0, SR_TID.X
  LD.P.32 R1, [n]          // param loads name a param, or give its byte offset: [0x0]
  ISETP.GE.U32 P0, R0, R1
  @P0 EXIT                 // guard predicate: @P0 or @!P0 on any instruction
  BRA done
done:                      // labels: NAME: on its own line or before an instruction
  EXIT
```

- One instruction per line: `[@[!]Pn] MNEMONIC[.MOD]... operand, operand, ...`.
  Mnemonics and modifiers are case-insensitive; registers are written `R0`, `RZ`, `P0`, `PT`.
  Some mnemonics contain a dot (`IADD.CC`, `SHF.L`, `BAR.SYNC`, `HMMA.16816`): the longest
  dotted prefix that names an instruction is the mnemonic, the rest are modifiers (so the
  types in `HMMA.16816.F32.BF16` or `IMMA.16832.S32.S8.U8` are part of the mnemonic, in
  that order, while `HMMA.16816.F32.F16` is `HMMA.16816` with two modifiers).
- Modifiers may be written in any order; each belongs to one group (below). A group an
  instruction requires must be written; others take their default when absent.
- Operands: registers `R0`..`R254`, `RZ`; predicates `P0`..`P6`, `PT`, negated sources `!P1`;
  special registers `SR_...`; immediates; addresses `[R2]`, `[R2+16]`, `[R2-0x10]`, `[256]`,
  `[param]`, `[param+4]`; labels. Trailing operands marked `?` may be omitted: an immediate
  then is 0, a register RZ (reads 0), a predicate PT.
- Immediates: decimal or `0x` hex, optionally negative, 32 bits (`-2147483648`..`0xFFFFFFFF`);
  for a 64-bit operand they are sign-extended. fp32 instructions read immediates as floats
  (`2.5`, `-1e-3`, `2` = 2.0, `inf`) or as the raw bit pattern `0f40200000`; fp64 instructions
  as doubles (`0.5`, `0d3FE0000000000000`) whose low 32 bits are zero (only the high word is
  encoded, as in SASS; load other doubles with `MOV.64`). `MOV` takes integers, float
  literals (stored as their bits), `0f` patterns and labels (their pc); `MOV.64` any 64-bit
  integer, double or label.
- One immediate per instruction uses the 32-bit immediate field (an address offset, a label
  or an `imm` operand also use it); further immediates must be integers in -128..127, held in
  their operand's field (`SHFL.BFLY R1, PT, R2, 16, 31`, `ATOM.G.ADD R1, [R2+4], 1`).
- Register pairs and quads (64/128-bit values) are named by their first register, which must
  be even (pairs) or a multiple of 4 (quads); the low word is in the first register.
- Labels and param names are identifiers (`[A-Za-z_$][A-Za-z0-9_$.]*`), local to their kernel.
- A kernel must end with an unconditional `EXIT`, `RET` or `BRA`, so control never runs off
  its end. Functions called with `CALL` are part of the kernel's code (typically after it).
- `.data global|const NAME ADDRESS ALIGN SIZE [HEX]` declares a module-scope variable (PTX
  `.global` / `.const`): SIZE bytes at device address ADDRESS (global) or constant-bank offset
  ADDRESS (const), initialised from the hex bytes (the rest zero). The run maps them into
  device memory before the first launch (`isa/exec/data_segments.h`).
- Errors are reported as `path:line: problem` for the offending line.

## Registers

| Name | Meaning |
|---|---|
| `R0`..`R254` | 32-bit general registers per thread; a kernel's register count (`.regs` or highest used + 1) sets its occupancy |
| `RZ` | reads 0, writes are discarded (register id 255) |
| `P0`..`P6` | 1-bit predicate registers per thread |
| `PT` | always true, writes are discarded (predicate id 7) |

## Special registers (`S2R`)

| Name | Value |
|---|---|
)";

const char* const kSpecialDesc[] = {
    "thread index in the CTA, x",
    "thread index in the CTA, y",
    "thread index in the CTA, z",
    "CTA size (blockDim), x",
    "CTA size, y",
    "CTA size, z",
    "CTA index in the grid (blockIdx), x",
    "CTA index, y",
    "CTA index, z",
    "grid size in CTAs (gridDim), x",
    "grid size, y",
    "grid size, z",
    "lane index in the warp (0..31)",
    "warp index within the CTA",
    "index of the SM running the CTA",
    "low 32 bits of the SM's cycle counter at issue (from the timing model)",
    "high 32 bits of the cycle counter",
    "bit laneid set",
    "bits below laneid set",
    "bits up to and including laneid set",
    "bits above laneid set",
    "bits from laneid up set",
    "the 64-bit cycle counter (a register pair)",
    "a 64-bit nanosecond timer: the cycle count at a nominal 1 GHz (a register pair)",
    "low 32 bits of SR_GLOBALTIMER",
    "high 32 bits of SR_GLOBALTIMER"};
static_assert(sizeof(kSpecialDesc) / sizeof(kSpecialDesc[0]) ==
              static_cast<unsigned>(SpecialReg::count_));

const char* const kMiddle = R"(
## Memory spaces

| Modifier | Space | Addressing |
|---|---|---|
| `.G` | global: device memory, shared by the whole grid | `[Rn+imm]`: Rn is a register pair holding a 64-bit address; the offset is sign-extended |
| `.S` | shared: per CTA, `.shared` static bytes + the launch's dynamic bytes | `[Rn+imm]`: 32-bit byte offset |
| `.L` | local: per thread, `.local` bytes (PTX local depots / stack frames) | `[Rn+imm]`: 32-bit byte offset in the thread's local memory |
| `.C` | constant bank: read-only module data (PTX `.const`) | `[Rn+imm]`: 32-bit byte offset in the bank |
| `.P` | param: the kernel's argument buffer, read-only | `[imm]` or `[name]`: byte offset, the same for every lane |
| `.E` | generic: a 64-bit address resolved per lane through the windows below | `[Rn+imm]`: Rn is a register pair |

Generic addresses (PTX generic addressing; `CVTA` converts to them, `CVTA.TO` back):

| Window | Base | Resolves to |
|---|---|---|
| shared | `0x0000FE0000000000` | the CTA's shared memory at offset (address - base) |
| local | `0x0000FF0000000000` | the thread's local memory at offset (address - base) |
| constant | `0x0000FD0000000000` (`kConstBase`) | the constant bank at offset (address - base) |
| global | anything else | global memory |

Each window spans 2^40 bytes (`isa/address_space.h`). The constant bank is device memory at
`kConstBase` + offset: `LD.C [Rn+imm]` reads it, and the run maps the program's constant
variables there. Module `.global` variables live in `0x08000000`..`0x0FFFFFFF`, below the
buffers a launch allocates (from `0x10000000`).

Accesses must be naturally aligned (address a multiple of the access size) and inside the
space (global: inside an allocation; constant: inside a constant variable); otherwise the
emulator stops with
`path:line: kernel K, pc 0x.., lane L: global load of N bytes at 0x.. is outside every allocation`
(or `is misaligned`). Global memory starts at 0x10000000, so null pointers fault.

What the timing model sees (`WarpInst::space`, `WarpInst::addr` per lane): global and constant
accesses their device address; shared accesses the CTA's shared offset; local accesses
`0x0000FF0000000000 + global thread index * local bytes + offset`, so that different threads'
local data never alias. A generic access reports the space its lanes resolve to; when its
lanes resolve to different spaces it reports global with the lanes' generic addresses.

## Execution model

- Threads run in warps of 32 lanes, in x-fastest linear thread order; a partial last warp's
  missing lanes never run. Registers, predicates and local memory start at 0 (false).
- A guard predicate that is false for a lane turns the instruction into a no-op for that lane.
- `BRA` with a guard that differs between lanes diverges: the taken lanes run first, then the
  others, and they reconverge at the branch's immediate post-dominator, which the assembler
  computes from the kernel's control-flow graph (paths ending in `EXIT` or `RET` meet at a
  virtual exit node) and stores in the encoded instruction. Nested divergence, loops with
  per-lane trip counts and early `EXIT` of some lanes are handled by a per-warp reconvergence
  stack.
- Calls: `CALL` runs the executing lanes through the function until they execute `RET`, then
  every lane of the warp continues after the call (lanes whose guard was false wait there).
  Divergence inside a function reconverges inside it, or on return. `CALL.IND Ra` calls the
  function at pc `Ra` of each lane (function addresses are byte pcs: `MOV R4, func`); lanes
  with different targets call one after the other, the target of the lowest lane first.
  Calls nest and may recurse (the reconvergence stack grows with them). `RET` outside any
  call exits the lanes, like `EXIT`.
- A warp finishes when all its lanes have executed `EXIT` (or a `RET` outside any call).
  `BAR`/`BAR.SYNC a, b` make a warp wait at barrier a (0..15) until b threads (0 or omitted:
  every non-exited thread of the CTA) have arrived; `BAR.ARRIVE` counts without waiting. The
  timing model holds the warps (`WarpInst::barrier_id`, `barrier_threads`,
  `barrier_arrive_only`); `BAR.RED` combines the predicates of all arriving threads and
  writes every waiting warp's result when the last one arrives.
- Atomics: lanes of one warp are applied one after another in lane order, so lanes that hit
  the same address see each other's updates (a warp-wide add to one counter is exact). Warps
  are atomic with respect to each other (one instruction executes at a time).
- Asynchronous copies: `LDGSTS` copies each lane's 4, 8 or 16 bytes from global memory to the
  shared address in `Ra` (`LDGSTS.ZFILL`: only the first `b` bytes, zeros after them) without
  writing a register, and the warp goes on. `LDGDEPBAR` closes the warp's open group of copies;
  `DEPBAR.LE n` holds the warp until at most `n` of its closed groups have copies in flight.
  The emulator copies at issue; the timing model tracks each copy through the memory system
  and holds the wait (`WarpInst::async`, `async_groups`). A program that reads the shared
  data before the wait that covers it races on the hardware; here it would see the data.
- Warp-level instructions (`SHFL`, `VOTE`, `MATCH`, `ACTIVEMASK`) act on the executing lanes;
  the member masks of PTX's `.sync` forms are implied by them.
- Integer arithmetic wraps modulo 2^32 (2^64 for 64-bit types); `IDIV` by 0 gives all ones,
  `IREM` by 0 the dividend; shifts by the width or more give 0 (or the sign fill).

## Floating point

- fp32 and fp64 arithmetic is IEEE-754 with the rounding mode of `.RN` (default, nearest
  even), `.RZ` (toward zero), `.RM` (toward -inf) or `.RP` (toward +inf); subnormals are kept
  unless `.FTZ` flushes subnormal inputs and results to a zero of the same sign. `.SAT` clamps
  results to [0, 1] (NaN gives +0). A NaN result of arithmetic is some quiet NaN; `FMIN`/`FMAX`
  and fp16 operations produce the canonical NaN 0x7FFFFFFF / 0x7FFF.
- fp16 (`HADD2` ... `HMAX`) is IEEE binary16, round to nearest even, computed exactly and
  rounded once. Packed instructions treat a register as two halves (element 0 in bits 0-15);
  scalar ones use the low half and clear the high half of the result.
- `MUFU` approximations are computed with the host's fp32 libm (typically within 1-2 ulp,
  more accurate than the hardware's ~2^-22 relative error), so they agree with hardware to
  about 6 decimal digits; special values (0, inf, NaN, negative arguments) follow IEEE.
- Tensor-core instructions (`HMMA`, `IMMA`): see Tensor cores below.

## Tensor cores (`HMMA`, `IMMA`)

Each computes, for the whole warp, D(16x8) = A(16xK) * B(Kx8) + C on register fragments that
are exactly PTX's `mma.sync.aligned.m16n8kK.row.col` fragments (the translation passes them
through). The warp's lanes must all execute it (a PTX `.aligned` requirement); fragments of
lanes that do not are still read, and only executing lanes write D. With groupID g = lane / 4,
t = lane % 4 and E = 32 / (element bits) elements per A/B register, element e of a register in
bits [e * bits, (e + 1) * bits):

| Operand | Register r / element i holds |
|---|---|
| A, register r | row g + 8 * (r % 2), columns E * t + (K / 2) * (r / 2) + e |
| B, register r | rows E * t + (K / 2) * r + e, column g |
| C, D element i (0..3) | row g + 8 * (i / 2), column 2t + (i % 2); f32/s32: register i; f16: register i / 2, bits 16 * (i % 2) |

| Instruction | K | A, B elements | A, B registers | C, D |
|---|---|---|---|---|
| `HMMA.16816` (`.F32.F16`) | 16 | f16, 2 per register | 4, 2 | 4 f32 |
| `HMMA.1688` (`.F32.F16`) | 8 | f16, 2 per register | 2, 1 | 4 f32 |
| `HMMA.16816.F16.F16` | 16 | f16, 2 per register | 4, 2 | 2 half2 (4 f16) |
| `HMMA.16816.F32.BF16` | 16 | bf16, 2 per register | 4, 2 | 4 f32 |
| `HMMA.1688.F32.TF32` | 8 | tf32, 1 per register | 4, 2 | 4 f32 |
| `IMMA.16832.S32.{S8,U8}.{S8,U8}` | 32 | s8 / u8 (A type, then B), 4 per register | 4, 2 | 4 s32 |

Arithmetic, the same on every host, bit for bit:
- Floating point. Each element converts exactly to fp64: f16 as IEEE binary16, bf16 as the
  high 16 bits of an fp32, tf32 as the register's fp32 bits with the low 13 bits taken as 0
  (ignored); subnormal inputs are kept (no flush). The products are therefore exact. Each D
  element is acc = C; acc = acc + a_k * b_k for k = 0 .. K-1 in IEEE fp64 arithmetic, round to
  nearest even; then acc rounded once to the accumulator type, nearest even (fp32, or binary16
  for `.F16.F16`, where values beyond the f16 range become inf). Infinities and NaNs follow
  IEEE (inf * 0 and inf - inf give NaN); a NaN result is the canonical NaN 0x7FFFFFFF (f32) or
  0x7FFF (f16). The hardware adds with truncated partial sums, so its last bits may differ.
- Integer (`IMMA`). s8 elements are signed, u8 unsigned; D = C + sum a_k * b_k computed
  exactly, then wrapped to 32 bits, or with `.SAT` (PTX `.satfinite`) clamped to
  [-2^31, 2^31 - 1].

## Conversions (`CVT.type.stype`)

| From -> to | Rounding | Result |
|---|---|---|
| integer -> integer | none | truncated or sign/zero-extended; `.SAT` clamps to the destination range |
| integer -> float | `.RN` (default) `.RZ` `.RM` `.RP` | correctly rounded |
| float -> float | `.RN` (default) `.RZ` `.RM` `.RP` when narrowing; `.RNI` `.RZI` `.RMI` `.RPI` first round to an integral value | widening is exact |
| float -> integer | `.RNI` `.RZI` (default) `.RMI` `.RPI` | rounded to integral, then clamped to the destination range; NaN gives 0 |

8- and 16-bit results are sign- or zero-extended to 32 bits; f16 values live in the low 16 bits
of a register (an f16 result clears the high 16); 64-bit types use register pairs. `.FTZ`
applies to f32 sources and results; `.SAT` on a float result clamps it to [0, 1].

## Encoding

Every instruction is 16 bytes; the pc is the byte offset in the kernel (instruction i at 16*i).
Word 0 (little-endian u64): bits 0-9 opcode (row index in the table below), 10-12 guard
predicate, 13 guard negated, 14-53 five 8-bit operand fields (register / predicate / special
register / address base / short immediate, RZ when unused), 54-58 one flag per operand
(negation of a predicate source; a short immediate in an `Rx|imm` operand's field), 59-61 one
plus the index of the operand that uses the 32-bit immediate (0: none). Word 1: bits 0-31 the
immediate, address offset or branch/call target pc; bits 32-63 the modifier fields (below;
for `MOV.64` the immediate's high 32 bits). Branches and calls keep their reconvergence pc in
bits 14-45 of word 0 (0xFFFFFFFF: the virtual exit).

Binary program files (`warpsim asm FILE.s -o FILE.bin`): magic `WSIMBIN\0`, u32 version (3),
u32 kernel count, then per kernel: name, u32 registers, u32 static shared bytes, u32 local
bytes per thread, params (u8 type, name, u32 array bytes (0: a scalar) and u32 alignment
each; version 2 files, still read, have no sizes), u32 instruction count and the 16-byte
instructions; then u32 data segment count and per segment: name, u8 constant, u64 address,
u32 alignment, u32 size and the bytes (strings are a u32 length + bytes). `warpsim disasm`
prints text that assembles to the identical file.

## Modifier groups

Groups whose fields overlap never occur on the same instruction.

| Group | Values | Field (bits of word 1) |
|---|---|---|
)";

const char* const kOpcodesHead = R"(
## Instructions

Operand notation: `Rd` destination register, `Ra` `Rb` `Rc` `Re` source registers, `|imm` may
be an immediate instead, `:2` a register pair, `:4` a quad, `:w` as many registers as the
access width (1, 2 for `.64`, 4 for `.128`; atomics: the type), `:t` a pair for a 64-bit
`.type`, `:m` a pair with `.WIDE` or a 64-bit type, `:u` a pair for a 64-bit source type, `:s` a
pair for a 64-bit special register; `Pd` `Pd2` destination predicates, `Pa` `Pb` source
predicates (may be negated); `SR` a special register; `[addr]` an address; `label` a branch or
call target; `imm` an immediate; a trailing `?` marks an operand that may be omitted.
Modifiers: *required* groups must be written; **bold** values are the default.
Units are the execution-unit classes the timing model maps to latencies and issue rates
(`CVT` and `FRND` with an f64 type run on the fp64 unit).

| Opcode | Operands | Modifiers | Unit | Semantics |
|---|---|---|---|---|
)";

std::string escape_pipes(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

std::string modifier_cell(const OpcodeInfo& info) {
  std::string cell;
  for (unsigned g = 0; g < kNumModGroups; ++g) {
    const ModRule& rule = info.mods[g];
    if (!rule.allowed) continue;
    auto group = static_cast<ModGroup>(g);
    std::string vals;
    for (uint8_t v = 1; v < 32; ++v) {
      if (!(rule.allowed >> v & 1u)) continue;
      std::string name = std::string(".") + mod_value_name(group, v);
      vals += (vals.empty() ? "" : " ") + (v == rule.dflt ? "**" + name + "**" : name);
    }
    cell += (cell.empty() ? "" : "; ") + std::string(mod_group_info(group).name) + ": " + vals;
    if (rule.required) cell += " *required*";
  }
  return cell.empty() ? "-" : cell;
}

}  // namespace

std::string isa_reference_markdown() {
  std::string s = kIntro;
  for (unsigned i = 0; i < static_cast<unsigned>(SpecialReg::count_); ++i)
    s += std::string("| `") + special_reg_name(static_cast<SpecialReg>(i)) + "` | " +
         kSpecialDesc[i] + " |\n";
  s += kMiddle;
  for (unsigned g = 0; g < kNumModGroups; ++g) {
    const ModGroupInfo& info = mod_group_info(static_cast<ModGroup>(g));
    std::string vals;
    for (uint8_t v = 0; v < info.num_values; ++v)
      vals += (vals.empty() ? "" : " ") + std::string("`.") + info.values[v] + "`";
    s += std::string("| ") + info.name + " | " + vals + " | " + std::to_string(32 + info.shift) +
         "-" + std::to_string(32 + info.shift + info.bits - 1) + " |\n";
  }
  s += kOpcodesHead;
  for (const OpcodeInfo& op : opcode_table()) {
    std::string sig = op.signature[0] ? std::string("`") + op.signature + "`" : "-";
    s += std::string("| `") + op.mnemonic + "` | " + escape_pipes(sig) + " | " +
         escape_pipes(modifier_cell(op)) + " | " + op_class_name(op.op_class) + " | " +
         escape_pipes(op.summary) + " |\n";
  }
  return s;
}

}  // namespace warpsim::isa
