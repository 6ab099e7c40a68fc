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
.kernel saxpy              // starts a kernel; a file may hold several
.param u32 n               // params in argument order: u8 i8 u16 i16 u32 i32 u64 i64 f16 f32 f64
.param f32 a               // each at the next offset aligned to its size (like CUDA)
.param u64 x
.shared 1024               // static shared memory bytes per CTA (default 0)
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
- Modifiers may be written in any order; each belongs to one group (below). A group an
  instruction requires must be written; others take their default when absent.
- Operands: registers `R0`..`R254`, `RZ`; predicates `P0`..`P6`, `PT`, negated sources `!P1`;
  special registers `SR_...`; immediates; addresses `[R2]`, `[R2+16]`, `[R2-0x10]`, `[256]`,
  `[param]`, `[param+4]`; labels.
- Immediates: decimal or `0x` hex, optionally negative, 32 bits (`-2147483648`..`0xFFFFFFFF`).
  fp32 instructions read immediates as floats (`2.5`, `-1e-3`, `2` = 2.0, `inf`) or as the raw
  bit pattern `0f40200000`. `MOV` takes integers, float literals (stored as their bits) and
  `0f` patterns. An instruction has at most one immediate (an address offset counts).
- Register pairs and quads (64/128-bit values) are named by their first register, which must
  be even (pairs) or a multiple of 4 (quads); the low word is in the first register.
- Labels and param names are identifiers (`[A-Za-z_$][A-Za-z0-9_$.]*`), local to their kernel.
- A kernel must end with an unconditional `EXIT` or `BRA`, so control never runs off its end.
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
    "high 32 bits of the cycle counter"};
static_assert(sizeof(kSpecialDesc) / sizeof(kSpecialDesc[0]) ==
              static_cast<unsigned>(SpecialReg::count_));

const char* const kMiddle = R"(
## Memory spaces

| Modifier | Space | Addressing |
|---|---|---|
| `.G` | global: device memory, shared by the whole grid | `[Rn+imm]`: Rn is a register pair holding a 64-bit address; the offset is sign-extended |
| `.S` | shared: per CTA, `.shared` static bytes + the launch's dynamic bytes | `[Rn+imm]`: 32-bit byte offset |
| `.P` | param: the kernel's argument buffer, read-only | `[imm]` or `[name]`: byte offset, the same for every lane |
| `.L` | local: per thread (reserved, not accepted yet) | |
| `.C` | constant banks (reserved, not accepted yet) | |

Accesses must be naturally aligned (address a multiple of the access size) and inside the
space (global: inside an allocation); otherwise the emulator stops with
`path:line: kernel K, pc 0x.., lane L: global load of N bytes at 0x.. is outside every allocation`
(or `is misaligned`). Global memory starts at 0x10000000, so null pointers fault.

## Execution model

- Threads run in warps of 32 lanes, in x-fastest linear thread order; a partial last warp's
  missing lanes never run. Registers and predicates start at 0 (false).
- A guard predicate that is false for a lane turns the instruction into a no-op for that lane.
- `BRA` with a guard that differs between lanes diverges: the taken lanes run first, then the
  others, and they reconverge at the branch's immediate post-dominator, which the assembler
  computes from the kernel's control-flow graph (paths ending in `EXIT` meet at a virtual exit
  node) and stores in the encoded instruction. Nested divergence, loops with per-lane trip
  counts and early `EXIT` of some lanes are handled by a per-warp reconvergence stack.
- A warp finishes when all its lanes have executed `EXIT`. `BAR` makes a warp wait until
  every non-exited warp of its CTA reaches a barrier (the timing model holds it there).
- Integer arithmetic wraps modulo 2^32 (2^64 for `.S64`/`.U64`). fp32 arithmetic is IEEE-754
  binary32, round to nearest even, denormals kept.

## Encoding

Every instruction is 16 bytes; the pc is the byte offset in the kernel (instruction i at 16*i).
Word 0 (little-endian u64): bits 0-9 opcode (row index in the table below), 10-12 guard
predicate, 13 guard negated, 14-53 five 8-bit operand fields (register / predicate / special
register / address base, RZ when unused), 54-58 per-operand negation, 59-61 one plus the index
of the immediate operand (0: none). Word 1: bits 0-31 the immediate, address offset or branch
target pc; bits 32-63 the modifier fields (below). Branches keep their reconvergence pc in
bits 14-45 of word 0 (0xFFFFFFFF: the virtual exit).

Binary program files (`warpsim asm FILE.s -o FILE.bin`): magic `WSIMBIN\0`, u32 version (1),
u32 kernel count, then per kernel: name, u32 registers, u32 static shared bytes, params
(u8 type + name each), u32 instruction count and the 16-byte instructions (strings are a u32
length + bytes). `warpsim disasm` prints text that assembles to the identical file.

## Modifier groups

| Group | Values | Field (bits of word 1) |
|---|---|---|
)";

const char* const kOpcodesHead = R"(
## Instructions

Operand notation: `Rd` destination register, `Ra` `Rb` `Rc` source registers, `|imm` may be
an immediate instead, `:2` a register pair, `:4` a quad, `:w` as many registers as the access
width (1, 2 for `.64`, 4 for `.128`), `:W` a pair with `.WIDE`, `:t` a pair for a 64-bit
`.type`; `Pd` destination predicate, `Pa` `Pb` source predicates (may be negated); `SR` a
special register; `[addr]` an address; `label` a branch target; `imm?` an optional immediate
(0 when omitted). Modifiers: *required* groups must be written; **bold** values are the default.
Units are the execution-unit classes the timing model maps to latencies and issue rates.

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
