// SASS (NVIDIA machine code) opcode maps for foreign traces (Accel-Sim / NVBit): per
// architecture, the base mnemonic (the opcode before its first '.') -> the op class the timing
// model schedules it as, and the memory space it addresses. One table per file
// (isa/sass/<arch>.cpp), registered by CUDA binary version in isa/sass/registry.cpp.
//
// Classes follow the unit that executes the instruction and its throughput in the CUDA C
// Programming Guide's arithmetic-instruction table (e.g. POPC/FLO/BREV and F2I/I2F/F2F/FRND issue
// at MUFU's 16/clk/SM on sm_70, so they are `sfu`), not Accel-Sim's GPGPU-Sim categories.
// Texture, surface and TMA instructions carry no per-lane addresses in NVBit traces, so they are
// `misc` (fixed latency) rather than memory operations without addresses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "isa/warp_stream.h"

namespace warpsim::sass {

// The memory an instruction addresses, as far as the opcode says.
enum class SassMem : uint8_t {
  none,
  global,
  shared,
  local,
  constant,
  generic,           // LD/ST/ATOM/RED: resolved per access from the kernel's shared/local windows
  global_to_shared,  // LDGSTS (cp.async): a global load whose data lands in shared memory
};

struct SassOp {
  std::string_view mnemonic;  // base opcode: "LDG" for LDG.E.64.SYS
  OpClass op_class = OpClass::misc;
  SassMem mem = SassMem::none;
};

// A contiguous list of SassOp rows (an architecture's own rows, or rows it inherits).
struct SassOpList {
  const SassOp* data;
  size_t size;
  template <size_t N>
  constexpr SassOpList(const SassOp (&rows)[N]) : data(rows), size(N) {}  // NOLINT: implicit
};

// One architecture's table. Parts are applied in order; a later part's row for a mnemonic
// replaces an earlier one in place (so ids stay those of the first appearance).
class SassTable {
 public:
  SassTable(std::string name, std::initializer_list<SassOpList> parts);
  const std::string& name() const { return name_; }
  size_t size() const { return ops_.size(); }
  // Opcode id (index into the table) of a base mnemonic, if the architecture has it.
  std::optional<uint16_t> find(std::string_view mnemonic) const;
  const SassOp& op(uint16_t id) const { return ops_.at(id); }

 private:
  std::string name_;
  std::vector<SassOp> ops_;
  std::unordered_map<std::string_view, uint16_t> index_;
};

// The table for a CUDA binary version (CU_FUNC_ATTRIBUTE_BINARY_VERSION: 61, 70, 75, 80, 86, ...),
// nullptr if none is registered.
const SassTable* table_for_binary_version(int version);
// The registered table of the newest binary version <= version (nullptr if none).
const SassTable* nearest_table_at_or_below(int version);
// "30, 32, 35, ..." for error messages.
std::string supported_binary_versions();
// Every registered (binary version, table) pair, ascending by version.
std::vector<std::pair<int, const SassTable*>> registered_tables();

// Bytes per lane accessed by a memory instruction, from its full opcode (Accel-Sim's rule, since
// the tracer's mem_width field is not trusted): the first modifier that is a bit count (".64" ->
// 8, ".128" -> 16) or an integer type (".U8" -> 1, ".S16" -> 2); otherwise 4.
uint8_t access_bytes(std::string_view opcode);
// Cache operator from SASS modifiers: .STRONG.GPU / .BYPASS -> cg (bypass L1), .STRONG.SYS -> cv,
// .CONSTANT -> nc, .EF -> cs, .LU -> lu; otherwise def.
CacheOp cache_op(std::string_view opcode);
// The base mnemonic of a full opcode: "LDG" for "LDG.E.64.SYS".
inline std::string_view base_mnemonic(std::string_view opcode) {
  return opcode.substr(0, opcode.find('.'));
}

}  // namespace warpsim::sass
