#include "traces/native/record_codec.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include "traces/native/format.h"
#include "traces/native/warp_inst_fields.h"

namespace warpsim::traces::native {

namespace {

// Members carried by every record rather than by the static table, and members not recorded
// at all (fields::transient_member).
template <class M>
bool dynamic_member(const WarpInst& inst, const M& m) {
  const void* p = &m;
  return p == &inst.active_mask || p == &inst.addr || fields::transient_member(inst, p);
}

template <class S>
void put_scalar(ByteWriter& out, S v) {
  if constexpr (std::is_enum_v<S>) {
    put_scalar(out, static_cast<std::underlying_type_t<S>>(v));
  } else if constexpr (std::is_signed_v<S>) {
    out.svarint(v);
  } else {
    out.varint(v);
  }
}

template <class S>
S get_scalar(ByteReader& in) {
  if constexpr (std::is_enum_v<S>) {
    return static_cast<S>(get_scalar<std::underlying_type_t<S>>(in));
  } else if constexpr (std::is_same_v<S, bool>) {
    const uint64_t v = in.varint();
    if (v > 1) throw Corrupt("bool field holds " + std::to_string(v));
    return v != 0;
  } else if constexpr (std::is_signed_v<S>) {
    const int64_t v = in.svarint();
    if (v < std::numeric_limits<S>::min() || v > std::numeric_limits<S>::max())
      throw Corrupt("field value " + std::to_string(v) + " out of range");
    return static_cast<S>(v);
  } else {
    const uint64_t v = in.varint();
    if (v > std::numeric_limits<S>::max())
      throw Corrupt("field value " + std::to_string(v) + " out of range");
    return static_cast<S>(v);
  }
}

template <class M>
void put_member(ByteWriter& out, const M& m) {
  if constexpr (fields::Kind<M>::scalar) {
    put_scalar(out, m);
  } else {
    // Arrays (register lists) are written up to their last non-zero element.
    size_t n = m.size();
    while (n > 0 && m[n - 1] == typename M::value_type{}) --n;
    out.varint(n);
    for (size_t i = 0; i < n; ++i) put_scalar(out, m[i]);
  }
}

template <class M>
void get_member(ByteReader& in, M& m) {
  if constexpr (fields::Kind<M>::scalar) {
    m = get_scalar<M>(in);
  } else {
    const size_t n = in.varint_max(m.size(), "array length");
    for (size_t i = 0; i < n; ++i) m[i] = get_scalar<typename M::value_type>(in);
    for (size_t i = n; i < m.size(); ++i) m[i] = typename M::value_type{};
  }
}

// The timing model indexes tables with these members: a trace must not take them out of range.
void validate(const WarpInst& w) {
  if (w.op_class >= OpClass::count_)
    throw Corrupt("op class " + std::to_string(int(w.op_class)) + " out of range");
  if (w.space > MemSpace::param)
    throw Corrupt("memory space " + std::to_string(int(w.space)) + " out of range");
  if (w.cache_op > CacheOp::nc)
    throw Corrupt("cache operator " + std::to_string(int(w.cache_op)) + " out of range");
  if (w.num_dst > w.dst.size() || w.num_src > w.src.size())
    throw Corrupt("register count out of range");
  if (w.barrier_id > 15) throw Corrupt("barrier id " + std::to_string(w.barrier_id) + " out of range");
}

}  // namespace

void encode_static(const WarpInst& inst, ByteWriter& out) {
  fields::for_each(inst, [&](const auto& m) {
    if (!dynamic_member(inst, m)) put_member(out, m);
  });
}

void decode_static(ByteReader& in, WarpInst& inst) {
  fields::for_each(inst, [&](auto& m) {
    if (!dynamic_member(inst, m)) get_member(in, m);
  });
  inst.timing = kClassTiming;
  validate(inst);
}

bool same_static(const WarpInst& a, const WarpInst& b) {
  return fields::all_pairs(a, b, [&](const auto& x, const auto& y) {
    return dynamic_member(a, x) || x == y;
  });
}

namespace {

// Always inlined: ChunkDecoder::next runs it for every record.
[[gnu::always_inline]] inline void copy_static_members(WarpInst& to, const WarpInst& from) {
  fields::for_each_pair(to, from, [&](auto& x, const auto& y) {
    if (!dynamic_member(to, x)) x = y;
  });
}

}  // namespace

void copy_static(WarpInst& to, const WarpInst& from) { copy_static_members(to, from); }

bool has_addresses(const WarpInst& w) {
  return w.active_mask != 0 &&
         (w.space != MemSpace::none || w.op_class == OpClass::load ||
          w.op_class == OpClass::store || w.op_class == OpClass::atomic);
}

uint32_t InstTableBuilder::intern(const WarpInst& inst, int64_t hint) {
  const auto n = static_cast<int64_t>(entries_.size());
  if (hint + 1 >= 0 && hint + 1 < n && same_static(entries_[size_t(hint + 1)], inst))
    return static_cast<uint32_t>(hint + 1);
  auto it = first_by_pc_.find(inst.pc);
  if (it != first_by_pc_.end()) {
    uint32_t last = it->second;
    for (uint32_t i = it->second; i != UINT32_MAX; i = next_same_pc_[i]) {
      if (same_static(entries_[i], inst)) return i;
      last = i;
    }
    next_same_pc_[last] = static_cast<uint32_t>(n);
  } else {
    first_by_pc_.emplace(inst.pc, static_cast<uint32_t>(n));
  }
  try {
    validate(inst);
  } catch (const Corrupt& e) {
    throw std::invalid_argument("instruction at pc " + std::to_string(inst.pc) +
                                " cannot be written: " + e.what());
  }
  WarpInst e = inst;
  e.active_mask = 0;
  e.addr.fill(0);
  entries_.push_back(e);
  next_same_pc_.push_back(UINT32_MAX);
  return static_cast<uint32_t>(n);
}

void ChunkEncoder::reset() {
  bytes_.clear();
  records_ = 0;
  prev_entry_ = -1;
  prev_mask_ = 0xFFFFFFFFu;
  prev_addr_.fill(0);
}

namespace {

uint8_t mask_code(ByteWriter& out, uint32_t mask, uint32_t prev) {
  if (mask == prev) return kMaskPrevious;
  if (mask == 0xFFFFFFFFu) return kMaskAll;
  if (mask == 0) return kMaskNone;
  out.u32(mask);
  return kMaskExplicit;
}

uint8_t peek_code(ByteWriter& out, uint32_t peek, uint32_t issued, uint32_t prev) {
  if (peek == issued) return kPeekIssued;
  if (peek == prev) return kPeekPrevious;
  if (peek == 0xFFFFFFFFu) return kPeekAll;
  out.u32(peek);
  return kPeekExplicit;
}

}  // namespace

void ChunkEncoder::append(uint32_t entry, const WarpInst& issued, uint32_t peek_mask,
                          int64_t peek_entry) {
  ByteWriter out(bytes_);
  const size_t tag_at = bytes_.size();
  out.u8(0);
  uint8_t tag = 0;
  if (peek_entry >= 0) {
    tag |= kTagExt;
    out.u8(kExtPeekEntry);
  }
  if (int64_t(entry) == prev_entry_ + 1)
    tag |= kTagNext;
  else
    out.varint(entry);
  const uint32_t mask = issued.active_mask;
  tag |= mask_code(out, mask, prev_mask_) << kTagMaskShift;
  tag |= peek_code(out, peek_mask, mask, prev_mask_) << kTagPeekShift;
  if (peek_entry >= 0) out.varint(static_cast<uint64_t>(peek_entry));
  if (has_addresses(issued)) {
    tag |= kTagAddr;
    unsigned lanes[kWarpSize];
    unsigned n = 0;
    for (unsigned l = 0; l < kWarpSize; ++l)
      if ((mask >> l) & 1u) lanes[n++] = l;
    // The first lane relative to the previous access to the same space; the others relative
    // to the lane before (a common stride is stored once).
    const uint64_t first = issued.addr[lanes[0]];
    uint64_t& prev = prev_addr_[static_cast<size_t>(issued.space)];
    out.svarint(static_cast<int64_t>(first - prev));
    prev = first;
    if (n >= 2) {
      const uint64_t stride = issued.addr[lanes[1]] - first;
      bool uniform = true;
      for (unsigned i = 2; i < n && uniform; ++i)
        uniform = issued.addr[lanes[i]] - issued.addr[lanes[i - 1]] == stride;
      if (uniform) {
        tag |= kTagStride;
        out.svarint(static_cast<int64_t>(stride));
      } else {
        for (unsigned i = 1; i < n; ++i)
          out.svarint(static_cast<int64_t>(issued.addr[lanes[i]] - issued.addr[lanes[i - 1]]));
      }
    }
  }
  bytes_[tag_at] = tag;
  prev_entry_ = entry;
  prev_mask_ = mask;
  ++records_;
}

void ChunkEncoder::append_pending(uint32_t entry, uint32_t peek_mask) {
  ByteWriter out(bytes_);
  const size_t tag_at = bytes_.size();
  out.u8(0);
  out.u8(kExtPending);
  uint8_t tag = kTagExt;
  if (int64_t(entry) == prev_entry_ + 1)
    tag |= kTagNext;
  else
    out.varint(entry);
  tag |= mask_code(out, peek_mask, prev_mask_) << kTagMaskShift;
  bytes_[tag_at] = tag;
  prev_entry_ = entry;
  prev_mask_ = peek_mask;
  ++records_;
}

void ChunkDecoder::reset(const uint8_t* p, size_t n) {
  in_ = ByteReader(p, n);
  prev_entry_ = -1;
  prev_mask_ = 0xFFFFFFFFu;
  prev_addr_.fill(0);
}

ChunkDecoder::Next ChunkDecoder::next(const std::vector<WarpInst>& table) {
  const uint8_t tag = in_.u8();
  const uint8_t ext = (tag & kTagExt) ? in_.u8() : 0;
  if (ext & ~kExtKnown) throw Corrupt("record has unknown extension bits");
  const bool pending = ext & kExtPending;
  const unsigned peek = (tag >> kTagPeekShift) & 3u;
  if (pending && (peek != kPeekIssued || (ext & kExtPeekEntry) || (tag & (kTagAddr | kTagStride))))
    throw Corrupt("pending record with issue-time fields");
  const uint64_t entry = (tag & kTagNext) ? uint64_t(prev_entry_ + 1) : in_.varint();
  if (entry >= table.size())
    throw Corrupt("record refers to instruction " + std::to_string(entry) + " of " +
                  std::to_string(table.size()));
  uint32_t mask = 0;
  switch ((tag >> kTagMaskShift) & 3u) {
    case kMaskPrevious: mask = prev_mask_; break;
    case kMaskAll: mask = 0xFFFFFFFFu; break;
    case kMaskNone: mask = 0; break;
    default: mask = in_.u32(); break;
  }
  uint32_t peek_mask = 0;
  switch (peek) {
    case kPeekIssued: peek_mask = mask; break;
    case kPeekPrevious: peek_mask = prev_mask_; break;
    case kPeekAll: peek_mask = 0xFFFFFFFFu; break;
    default: peek_mask = in_.u32(); break;
  }
  int64_t peek_entry = -1;
  if (ext & kExtPeekEntry) {
    const uint64_t e = in_.varint();
    if (e >= table.size()) throw Corrupt("record refers to instruction " + std::to_string(e) + " of " + std::to_string(table.size()));
    peek_entry = static_cast<int64_t>(e);
  }
  copy_static_members(inst_, table[entry]);
  const bool has_addr = tag & kTagAddr;
  if (has_addr && mask == 0) throw Corrupt("record has addresses but no active lane");
  if (!has_addr && (tag & kTagStride)) throw Corrupt("record has a stride but no addresses");
  const uint32_t lanes = has_addr ? mask : 0;
  // Lanes an earlier record left non-zero and this one does not write must read 0. One fill
  // over their span beats a loop over the lanes; the lanes in between are 0 or written below.
  if (const uint32_t stale = addr_lanes_ & ~lanes)
    std::fill(inst_.addr.begin() + __builtin_ctz(stale),
              inst_.addr.begin() + (kWarpSize - unsigned(__builtin_clz(stale))), 0);
  addr_lanes_ = lanes;
  if (has_addr) {
    uint32_t m = mask;
    unsigned lane = static_cast<unsigned>(__builtin_ctz(m));
    m &= m - 1;
    uint64_t& prev = prev_addr_[static_cast<size_t>(inst_.space)];
    uint64_t a = prev + static_cast<uint64_t>(in_.svarint());
    prev = a;
    inst_.addr[lane] = a;
    if (tag & kTagStride) {
      if (!m) throw Corrupt("record has a stride but one active lane");
      const auto stride = static_cast<uint64_t>(in_.svarint());
      for (; m; m &= m - 1) inst_.addr[unsigned(__builtin_ctz(m))] = a += stride;
    } else {
      for (; m; m &= m - 1)
        inst_.addr[unsigned(__builtin_ctz(m))] = a += static_cast<uint64_t>(in_.svarint());
    }
  }
  inst_.active_mask = peek_mask;
  prev_entry_ = static_cast<int64_t>(entry);
  prev_mask_ = mask;
  if (pending && !in_.done()) throw Corrupt("pending record is not the last");
  return Next{mask, pending, peek_entry};
}

}  // namespace warpsim::traces::native
