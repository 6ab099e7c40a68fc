// Instruction records: how one warp's issued instructions are encoded inside a chunk, and the
// per-kernel table of distinct static instructions the records refer to.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "isa/warp_stream.h"
#include "traces/native/byte_io.h"

namespace warpsim::traces::native {

// The static part of an instruction: every WarpInst member except active_mask and addr,
// including members this code does not know by name (see warp_inst_fields.h).
void encode_static(const WarpInst& inst, ByteWriter& out);
// Decodes into inst (active_mask and addr are left alone); Corrupt on out-of-range values.
void decode_static(ByteReader& in, WarpInst& inst);
bool same_static(const WarpInst& a, const WarpInst& b);
// Copies the static part (leaves active_mask and addr alone).
void copy_static(WarpInst& to, const WarpInst& from);

// Whether a record carries per-lane addresses: a memory instruction with active lanes.
bool has_addresses(const WarpInst& issued);

// Writer side: the kernel's distinct static instructions, in first-seen order.
class InstTableBuilder {
 public:
  // Index of the entry equal to inst's static part, added if new. `hint` (the warp's previous
  // entry) makes straight-line code cost one comparison.
  uint32_t intern(const WarpInst& inst, int64_t hint);
  const std::vector<WarpInst>& entries() const { return entries_; }

 private:
  std::vector<WarpInst> entries_;  // active_mask 0, addr zero
  std::vector<uint32_t> next_same_pc_;
  std::unordered_map<uint32_t, uint32_t> first_by_pc_;
};

// One warp's chunk being filled.
class ChunkEncoder {
 public:
  // `peek_entry` >= 0: peek() showed that entry's static part rather than `entry`'s.
  void append(uint32_t entry, const WarpInst& issued, uint32_t peek_mask,
              int64_t peek_entry = -1);
  // The pending record (kTagPending): must be the warp's last.
  void append_pending(uint32_t entry, uint32_t peek_mask);
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  uint64_t records() const { return records_; }
  void reset();

 private:
  std::vector<uint8_t> bytes_;
  uint64_t records_ = 0;
  int64_t prev_entry_ = -1;
  uint32_t prev_mask_ = 0xFFFFFFFFu;
  std::array<uint64_t, 8> prev_addr_{};  // by memory space
};

// Reads the records of one decompressed chunk into the instruction it keeps. A record writes
// only the static part and its lanes' addresses, and zeroes the lanes the record before left
// non-zero, rather than copying a whole table entry: the 256-byte address array made that copy
// most of the reader's cost.
class ChunkDecoder {
 public:
  // Starts a chunk; inst() keeps its value until the chunk's first record.
  void reset(const uint8_t* p, size_t n);
  bool done() const { return in_.done(); }
  struct Next {
    uint32_t issue_mask = 0;  // the mask issue() reports
    bool pending = false;     // a pending record: never issued
    int64_t peek_entry = -1;  // >= 0: peek() showed this entry's static part
  };
  // Decodes the next record into inst() (active_mask = the mask peek() showed; inactive lanes'
  // addresses 0). Corrupt on a malformed record.
  Next next(const std::vector<WarpInst>& table);
  // The last record decoded. The caller may change active_mask (issue() reports the issued
  // mask), nothing else.
  WarpInst& inst() { return inst_; }
  const WarpInst& inst() const { return inst_; }

 private:
  ByteReader in_{nullptr, 0};
  int64_t prev_entry_ = -1;
  uint32_t prev_mask_ = 0xFFFFFFFFu;
  std::array<uint64_t, 8> prev_addr_{};
  WarpInst inst_;
  uint32_t addr_lanes_ = 0;  // lanes of inst_.addr that may be non-zero
};

}  // namespace warpsim::traces::native
