// The workload manifest of execution mode (DESIGN.md §6): buffers with their initial contents,
// kernel launches with their arguments, expected outputs and reported values. Loading validates
// everything up front, so a bad manifest fails before any simulation with `path:line: problem`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "isa/modifiers.h"

namespace warpsim::workload {

// Buffer element and argument types are the ISA's scalar types (same names as `.param`).
using ElemType = isa::ScalarType;

uint32_t elem_size(ElemType t);
bool is_float(ElemType t);
bool is_signed(ElemType t);
const char* elem_type_name(ElemType t);
std::optional<ElemType> parse_elem_type(const std::string& s);

// A scalar as written in the manifest, converted to one element type.
struct Scalar {
  ElemType type = ElemType::u32;
  uint64_t bits = 0;  // little-endian element bits (f16/f32/f64 as IEEE bits, integers truncated)
};

struct InitSpec {
  enum class Kind { zero, fill, iota, random, file };
  Kind kind = Kind::zero;
  std::string fill;          // scalar text, converted per element type
  double iota_start = 0, iota_step = 1;
  uint64_t seed = 0;
  std::string min = "0", max = "1";
  std::string file;          // absolute path
};

struct BufferSpec {
  std::string name;
  ElemType type = ElemType::u32;
  uint64_t count = 0;
  InitSpec init;
  int line = 0;
};

struct ArgSpec {
  std::string buffer;  // non-empty: the buffer's device address (u64)
  Scalar scalar;       // otherwise
  // {struct: [field, ...]}: a struct passed by value; fields (scalars or buffer addresses) are laid
  // out in order, each at its natural alignment, as a C compiler lays out a struct.
  bool is_struct = false;
  std::vector<ArgSpec> fields;
  int line = 0;
};

struct LaunchSpec {
  std::string entry;
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {1, 1, 1};
  uint32_t shared_bytes = 0;
  uint64_t stream = 0;  // CUDA stream (0: the default stream)
  std::vector<ArgSpec> args;
  int line = 0;
};

struct ExpectSpec {
  std::string buffer;
  bool from_file = false;
  std::string file;   // absolute path
  std::string fill;   // scalar text
  double tolerance = 0;
  int line = 0;
};

struct ReportSpec {
  enum class Reduce { none, sum, min, max, mean };
  std::string name;
  std::string buffer;
  uint64_t index = 0;
  Reduce reduce = Reduce::none;
  int line = 0;
};

struct Manifest {
  std::string path;   // the manifest file
  std::string name;
  std::string kernel_path;  // absolute
  int kernel_line = 0;
  std::vector<BufferSpec> buffers;
  std::vector<LaunchSpec> launches;
  std::vector<ExpectSpec> expects;
  std::vector<ReportSpec> reports;
  const BufferSpec* find_buffer(const std::string& name) const;
};

// Loads a manifest file, or FOLDER/manifest.yaml when `path` is a folder.
Manifest load_manifest(const std::string& path);

// Converts manifest scalar text to an element (InputError at path:line when it does not parse
// or does not fit the type).
Scalar parse_scalar(const std::string& text, ElemType type, const std::string& path, int line);

}  // namespace warpsim::workload
