// Which set a line maps to. Registered by name (`l1d.set_index`, `l2.set_index`): `linear`
// (the bits above the line offset) and `xor` (those bits XOR-folded with higher address bits,
// as GPUs do to spread power-of-two strides over the sets).
#pragma once

#include <cstdint>
#include <memory>

#include "sim/engine/registry.h"

namespace warpsim {

class SetIndexHash {
 public:
  virtual ~SetIndexHash() = default;
  // The set of a line, given its line number (address >> log2(line bytes)); result < sets.
  virtual uint32_t set_of(uint64_t line_number) const = 0;
};

// Factories take (sets) — a power of two.
using SetIndexHashRegistry = Registry<SetIndexHash, uint32_t>;

}  // namespace warpsim
