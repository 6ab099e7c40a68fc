// One Accel-Sim instruction line -> WarpInst:
//   [tb_x tb_y tb_z warp (tracer < 3)] [line_num (lineinfo)] PC mask dest_num [dests] opcode
//   src_num [srcs] mem_width [mode addresses] [imm [imm]] [Val|NoVal ... (v6)]
// Hand-written tokenizer, no allocation per line: replay speed is bounded by this function.
#include <cctype>
#include <cstddef>
#include <cstring>
#include <type_traits>

#include "traces/accelsim/kernel_state.h"

namespace warpsim::traces {

namespace {

// Generic addresses: the shared and local windows start at the header's base addresses. Their
// size is not in the trace; 16 MiB windows match every real trace we have (bases 16 MiB-aligned,
// 32 MiB apart) and hold any CTA's shared memory and any thread's local memory.
constexpr uint64_t kWindowBytes = uint64_t(16) << 20;

// Uniform registers get their own id range for the scoreboard (general registers are 0..254,
// predicates kPredBase + n).
constexpr uint16_t kUniformRegBase = 512;

struct Tokens {
  const char* p;
  const char* end;
  bool next(std::string_view& t) {
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    if (p == end) return false;
    const char* s = p;
    while (p < end && *p != ' ' && *p != '\t') ++p;
    t = std::string_view(s, static_cast<size_t>(p - s));
    return true;
  }
};

bool is_memory(OpClass c) {
  return c == OpClass::load || c == OpClass::store || c == OpClass::atomic;
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// A WarpInst's fields are its address array and the bytes before and after it (the record).
static_assert(std::is_trivially_copyable_v<WarpInst> && std::is_standard_layout_v<WarpInst>);
constexpr size_t kAddrBegin = offsetof(WarpInst, addr);
constexpr size_t kAddrEnd = kAddrBegin + sizeof(WarpInst::addr);

void save_record(const WarpInst& from, unsigned char* to) {
  std::memcpy(to, &from, kAddrBegin);
  std::memcpy(to + kAddrBegin, reinterpret_cast<const char*>(&from) + kAddrEnd,
              sizeof(WarpInst) - kAddrEnd);
}

void load_record(const unsigned char* from, WarpInst& to) {
  std::memcpy(static_cast<void*>(&to), from, kAddrBegin);
  std::memcpy(reinterpret_cast<char*>(&to) + kAddrEnd, from + kAddrBegin,
              sizeof(WarpInst) - kAddrEnd);
}

// 64-bit hash of a line, 8 bytes at a time.
uint64_t hash_line(std::string_view s) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 29;
  }
  uint64_t w = 0;
  std::memcpy(&w, s.data() + i, s.size() - i);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 32);
}

}  // namespace

InstParser::InstParser(std::string path, const KernelHeader& header, const sass::SassTable& table,
                       const AccelSimOptions& options, std::shared_ptr<TraceDiagnostics> diag)
    : path_(std::move(path)),
      header_(header),
      table_(table),
      options_(options),
      diag_(std::move(diag)),
      cache_(64),
      memo_hash_(kMemoSlots, 0),
      memo_(kMemoSlots) {
  if (auto id = table_.find("LDGSTS")) ldgsts_id_ = *id;
  windows_known_ = header.shmem_base != 0 && header.local_base != 0;
  if (windows_known_) {
    shared_lo_ = header.shmem_base;
    shared_hi_ = shared_lo_ + kWindowBytes;
    local_lo_ = header.local_base;
    local_hi_ = local_lo_ + kWindowBytes;
    // Windows closer than 16 MiB end where the other begins.
    if (shared_lo_ < local_lo_ && shared_hi_ > local_lo_) shared_hi_ = local_lo_;
    if (local_lo_ < shared_lo_ && local_hi_ > shared_lo_) local_hi_ = shared_lo_;
  }
}

void InstParser::fail(uint64_t line, const std::string& problem) const {
  throw trace_error(path_, line, problem);
}

void InstParser::set_timing(const OpTimingResolver* timing) {
  timing_ = timing;
  // Decoded opcodes and memoized lines carry the previous resolution: start both afresh.
  cache_.assign(64, Slot{});
  cache_used_ = 0;
  std::fill(memo_hash_.begin(), memo_hash_.end(), 0);
}

std::string InstParser::opcode_name(uint16_t id) const {
  if (id < table_.size()) return std::string(table_.op(id).mnemonic);
  size_t u = id - table_.size();
  if (u < unknown_names_.size()) return unknown_names_[u];
  return "?";
}

sass::SassMem InstParser::resolve_generic(uint64_t addr) const {
  // Without windows (tracers before NVBit reported them) every generic access is taken as global:
  // generic pointers in CUDA code are overwhelmingly global. (Accel-Sim takes them as shared.)
  if (!windows_known_) return sass::SassMem::global;
  if (addr >= shared_lo_ && addr < shared_hi_) return sass::SassMem::shared;
  if (addr >= local_lo_ && addr < local_hi_) return sass::SassMem::local;
  return sass::SassMem::global;
}

const DecodedOpcode& InstParser::decode(std::string_view opcode, uint64_t line) {
  uint64_t h = fnv1a(opcode);
  size_t mask = cache_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& s = cache_[i];
    if (!s.used) break;
    if (s.key == opcode) return s.value;
  }
  // A new opcode string.
  if (cache_used_ >= 65536) fail(line, "more than 65536 distinct opcode strings");
  for (char c : opcode)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_'))
      fail(line, "bad opcode " + text::quote(opcode));
  if (!std::isupper(static_cast<unsigned char>(opcode[0])))
    fail(line, "bad opcode " + text::quote(opcode) + " (a SASS mnemonic was expected)");
  std::string_view base = sass::base_mnemonic(opcode);
  DecodedOpcode d;
  if (auto id = table_.find(base)) {
    const sass::SassOp& op = table_.op(*id);
    d.id = *id;
    d.op_class = op.op_class;
    d.mem = op.mem;
    d.ldgsts = op.mem == sass::SassMem::global_to_shared;
  } else {
    if (options_.unknown_opcode != UnknownOpcode::alu)
      fail(line, "unknown SASS opcode " + text::quote(base) + " for binary version " +
                     std::to_string(header_.binary_version));
    size_t u = 0;
    while (u < unknown_names_.size() && unknown_names_[u] != base) ++u;
    if (u == unknown_names_.size()) {
      if (table_.size() + u >= 0xffff) fail(line, "too many distinct unknown opcodes");
      unknown_names_.emplace_back(base);
    }
    d.id = static_cast<uint16_t>(table_.size() + u);
    d.op_class = OpClass::int_alu;
    d.unknown = true;
    // std::map nodes do not move: the counter's address stays valid.
    d.counter = &diag_->unknown_opcodes[std::string(base) + " (binary version " +
                                        std::to_string(header_.binary_version) + ")"];
  }
  // Accel-Sim's TMA rule: these opcodes always carry an address mode (3/4: list or base+deltas).
  for (const char* tma :
       {"UTMALDG", "UTMASTG", "UTMAPF", "UTMAREDG", "UBLKCP", "UBLKPF", "UBLKRED"})
    if (opcode.find(tma) != std::string_view::npos) d.tma = true;
  if (is_memory(d.op_class)) {
    d.access_bytes = sass::access_bytes(opcode);
    d.cache_op = sass::cache_op(opcode);
  }
  if (timing_ != nullptr) d.timing = timing_->resolve(opcode, d.op_class);
  if (d.op_class == OpClass::barrier)
    d.arrive_only = opcode.find(".ARV") != std::string_view::npos ||
                    opcode.find(".ARRIVE") != std::string_view::npos;

  // Insert (grow at half full).
  if ((cache_used_ + 1) * 2 > cache_.size()) {
    std::vector<Slot> old(cache_.size() * 2);
    old.swap(cache_);
    mask = cache_.size() - 1;
    for (Slot& s : old) {
      if (!s.used) continue;
      size_t i = fnv1a(s.key) & mask;
      while (cache_[i].used) i = (i + 1) & mask;
      cache_[i] = std::move(s);
    }
  }
  size_t i = h & mask;
  while (cache_[i].used) i = (i + 1) & mask;
  cache_[i].key = std::string(opcode);
  cache_[i].value = d;
  cache_[i].used = true;
  ++cache_used_;
  return cache_[i].value;
}

void InstParser::parse(std::string_view text, uint64_t line, WarpInst& out) {
  // Traces repeat lines (every warp runs the same code); a line without addresses parses to the
  // same record every time, so the last record per hash slot is reused.
  const uint64_t h = hash_line(text);
  const size_t slot = h & (kMemoSlots - 1);
  if (memo_hash_[slot] == h) {
    const MemoEntry& e = memo_[slot];
    if (e.length == text.size() && std::memcmp(e.text, text.data(), text.size()) == 0) {
      load_record(e.record, out);
      if (e.counter != nullptr) {
        ++unknown_insts_;
        ++*e.counter;
      }
      return;
    }
  }
  parse_line(text, line, out);
  if (out.space == MemSpace::none && text.size() <= kMemoText) {
    MemoEntry& e = memo_[slot];
    memo_hash_[slot] = h;
    e.length = static_cast<uint32_t>(text.size());
    std::memcpy(e.text, text.data(), text.size());
    save_record(out, e.record);
    e.counter = last_unknown_counter_;
  }
}

void InstParser::parse_line(std::string_view text, uint64_t line, WarpInst& out) {
  // Every field but the addresses is reset from a blank record, so that fields this reader does
  // not set (and fields added to WarpInst later) never carry a previous instruction's values;
  // the 256 bytes of addresses are written only for memory instructions.
  static const WarpInst kBlank{};
  std::memcpy(static_cast<void*>(&out), &kBlank, kAddrBegin);
  std::memcpy(reinterpret_cast<char*>(&out) + kAddrEnd,
              reinterpret_cast<const char*>(&kBlank) + kAddrEnd, sizeof(WarpInst) - kAddrEnd);

  Tokens tk{text.data(), text.data() + text.size()};
  std::string_view t;
  auto need = [&](const char* what) {
    if (!tk.next(t)) fail(line, std::string("truncated instruction line: missing ") + what);
  };
  auto bad = [&](const char* what) {
    fail(line, std::string("bad ") + what + " " + text::quote(t));
  };
  auto dec = [&](const char* what, uint64_t max) {
    need(what);
    uint64_t v;
    if (!text::parse_u64(t, v) || v > max) bad(what);
    return v;
  };
  auto hex = [&](const char* what, uint64_t max) {
    need(what);
    uint64_t v;
    if (!text::parse_hex_u64(t, v) || v > max) bad(what);
    return v;
  };
  auto sdec = [&](const char* what) {
    need(what);
    int64_t v;
    if (!text::parse_i64(t, v)) bad(what);
    return v;
  };

  if (header_.tracer_major < 3) {
    // Tracer 1.2 kept the raw `tb_x tb_y tb_z warp` prefix in .traceg lines; Accel-Sim skips it.
    for (const char* what : {"thread block x", "thread block y", "thread block z", "warp id"})
      dec(what, UINT32_MAX);
  }
  if (header_.lineinfo) dec("source line number", UINT64_MAX);
  out.pc = static_cast<uint32_t>(hex("PC", UINT32_MAX));
  out.active_mask = static_cast<uint32_t>(hex("active mask", UINT32_MAX));

  // Destinations are decoded once the opcode is known (load destinations widen): skip them now.
  const uint64_t ndst = dec("destination count", 32);
  Tokens dst_tokens = tk;
  for (uint64_t i = 0; i < ndst; ++i) need("destination register");
  need("opcode");
  const std::string_view opcode = t;
  const DecodedOpcode& d = decode(opcode, line);
  last_unknown_counter_ = d.counter;
  if (d.unknown) {
    ++unknown_insts_;
    ++*d.counter;
  }
  out.opcode = d.id;
  out.op_class = d.op_class;
  out.timing = d.timing;
  out.cache_op = d.cache_op;
  // The trace has no barrier operands (at most the last immediate): every BAR is barrier 0 for
  // all of the CTA's threads; BAR.ARV only arrives.
  out.barrier_arrive_only = d.arrive_only;

  // R0..R254 -> 0..254, URn -> 512 + n; RZ (R255) and URZ (UR63) carry no dependence.
  auto reg = [&](std::string_view r, uint16_t& id) -> bool {
    uint64_t n;
    if (r.size() >= 2 && r[0] == 'R') {
      if (r == "RZ") return false;
      if (!text::parse_u64(r.substr(1), n) || n > 255) fail(line, "bad register " + text::quote(r));
      if (n == 255) return false;
      id = static_cast<uint16_t>(n);
      return true;
    }
    if (r.size() >= 3 && r[0] == 'U' && r[1] == 'R') {
      if (r == "URZ") return false;
      if (!text::parse_u64(r.substr(2), n) || n > 63) fail(line, "bad register " + text::quote(r));
      if (n == 63) return false;
      id = static_cast<uint16_t>(kUniformRegBase + n);
      return true;
    }
    fail(line, "bad register " + text::quote(r));
  };

  const uint64_t nsrc = dec("source count", 32);
  for (uint64_t i = 0; i < nsrc; ++i) {
    need("source register");
    uint16_t id;
    if (reg(t, id) && out.num_src < out.src.size()) out.src[out.num_src++] = id;
  }

  // Memory operand. mem_width itself is not trusted (Accel-Sim re-derives the width from the
  // opcode too); it only says whether addresses follow.
  const uint64_t mem_width = dec("mem_width", UINT64_MAX);
  bool has_addrs = false;
  if (mem_width > 0 || d.tma) {
    const uint64_t mode = dec("address mode", UINT64_MAX);
    const bool per_lane = mode <= 2;
    if (per_lane) out.addr.fill(0);
    uint64_t* a = out.addr.data();
    const uint32_t m = out.active_mask;
    switch (mode) {
      case 0:  // list_all: one address per active lane
        for (unsigned lane = 0; lane < kWarpSize; ++lane)
          if (m >> lane & 1) a[lane] = hex("address", UINT64_MAX);
        break;
      case 1: {  // base_stride: the k-th active lane has base + k * stride
        uint64_t addr = hex("base address", UINT64_MAX);
        const uint64_t stride = static_cast<uint64_t>(sdec("stride"));
        for (unsigned lane = 0; lane < kWarpSize; ++lane)
          if (m >> lane & 1) {
            a[lane] = addr;
            addr += stride;
          }
        break;
      }
      case 2: {  // base_delta: base, then the difference to the previous active lane's address
        uint64_t addr = hex("base address", UINT64_MAX);
        bool first = true;
        for (unsigned lane = 0; lane < kWarpSize; ++lane)
          if (m >> lane & 1) {
            if (!first) addr += static_cast<uint64_t>(sdec("address delta"));
            a[lane] = addr;
            first = false;
          }
        break;
      }
      case 3: {  // TMA list: count, then that many addresses (not per lane; not modelled)
        uint64_t n = dec("TMA transfer count", 1u << 20);
        for (uint64_t i = 0; i < n; ++i) hex("TMA address", UINT64_MAX);
        break;
      }
      case 4: {  // TMA base + count + (count - 1) deltas
        hex("TMA base address", UINT64_MAX);
        uint64_t n = dec("TMA transfer count", 1u << 20);
        for (uint64_t i = 1; i < n; ++i) sdec("TMA address delta");
        break;
      }
      default:
        fail(line, "unknown address mode " + std::to_string(mode) + " (0, 1, 2; 3, 4 for TMA)");
    }
    has_addrs = per_lane;
  }

  if (is_memory(d.op_class)) {
    out.access_bytes = d.access_bytes;
    switch (d.mem) {
      case sass::SassMem::constant:
        // LDC's constant-bank operand is not a memory reference to NVBit: no addresses. Lanes
        // read address 0 (one broadcast access), as in Accel-Sim.
        if (!has_addrs) out.addr.fill(0);
        out.space = MemSpace::constant;
        break;
      case sass::SassMem::global:
      case sass::SassMem::global_to_shared: out.space = MemSpace::global; break;
      case sass::SassMem::shared: out.space = MemSpace::shared; break;
      case sass::SassMem::local: out.space = MemSpace::local; break;
      case sass::SassMem::generic: {
        // By the first active lane's address (Accel-Sim's rule).
        sass::SassMem s = sass::SassMem::global;
        if (has_addrs && out.active_mask != 0)
          s = resolve_generic(out.addr[static_cast<unsigned>(__builtin_ctz(out.active_mask))]);
        out.space = s == sass::SassMem::shared  ? MemSpace::shared
                    : s == sass::SassMem::local ? MemSpace::local
                                                : MemSpace::global;
        break;
      }
      case sass::SassMem::none: out.space = MemSpace::global; break;
    }
    if (!has_addrs && d.mem != sass::SassMem::constant) {
      // A memory opcode without traced addresses: nothing for the memory system to do.
      out.op_class = OpClass::misc;
      out.timing = kClassTiming;
      out.space = MemSpace::none;
      out.access_bytes = 0;
    }
  }

  // Destinations. A load's destination spans access_bytes / 4 registers (LDG.E.128 R4 writes
  // R4..R7): later readers of R5 must wait too.
  const bool widen =
      (out.op_class == OpClass::load || out.op_class == OpClass::atomic) && out.access_bytes > 4;
  for (uint64_t i = 0; i < ndst; ++i) {
    std::string_view r;
    dst_tokens.next(r);
    uint16_t id;
    if (!reg(r, id)) continue;
    unsigned span = widen && id < 255 ? out.access_bytes / 4u : 1u;
    for (unsigned j = 0; j < span && out.num_dst < out.dst.size(); ++j) {
      if (j > 0 && id + j >= 255) break;
      out.dst[out.num_dst++] = static_cast<uint16_t>(id + j);
    }
  }

  // Immediates (none, one or two, by tracer vintage), then v6's Val|NoVal.
  int imms = 0;
  while (tk.next(t)) {
    int64_t v;
    if (imms < 2 && text::parse_i64(t, v)) {
      ++imms;
      continue;
    }
    if (header_.values) {
      if (t == "Val") return;  // register values follow; not used
      if (t == "NoVal") {
        if (tk.next(t)) fail(line, "unexpected " + text::quote(t) + " after NoVal");
        return;
      }
    }
    fail(line, "unexpected " + text::quote(t) + " at the end of the instruction line");
  }
  if (header_.values) fail(line, "truncated instruction line: missing Val or NoVal");
}

}  // namespace warpsim::traces
