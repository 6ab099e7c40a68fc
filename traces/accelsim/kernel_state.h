// Internals of the Accel-Sim reader shared by its source files: the parsed header, the thread-block
// index built by the pre-scan, the instruction-line parser, and the kernel's open file or .xz
// cursor. One KernelState per kernel, shared (shared_ptr) by its AccelSimKernel and the warp
// streams of its resident CTAs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "isa/sass/sass_table.h"
#include "traces/accelsim/accelsim_trace.h"
#include "traces/common/line_reader.h"

namespace warpsim::traces {

// Where one thread block's text is: [offset, end) of the (decompressed) file, starting with its
// #BEGIN_TB line, which is line `line`.
struct CtaEntry {
  uint64_t linear_id;
  uint64_t offset;
  uint64_t end;
  uint64_t line;
};

// --- instruction lines -------------------------------------------------------------------------

// What an opcode string decodes to (cached per distinct string: a kernel has a few hundred).
struct DecodedOpcode {
  uint16_t id = 0;
  uint16_t timing = kClassTiming;  // WarpInst::timing
  OpClass op_class = OpClass::misc;
  sass::SassMem mem = sass::SassMem::none;
  CacheOp cache_op = CacheOp::def;
  uint8_t access_bytes = 0;
  bool ldgsts = false;
  bool arrive_only = false;     // BAR.ARV: counts towards the barrier without waiting
  bool tma = false;             // Hopper TMA/bulk copies: address modes 3/4 (not per lane)
  bool unknown = false;         // counted as int_alu under UnknownOpcode::alu
  uint64_t* counter = nullptr;  // unknown: its count in TraceDiagnostics::unknown_opcodes
};

class InstParser {
 public:
  InstParser(std::string path, const KernelHeader& header, const sass::SassTable& table,
             const AccelSimOptions& options, std::shared_ptr<TraceDiagnostics> diag);

  // Parses one instruction line into `out` (every field set). InputError(path, line, ...) if it
  // does not follow the grammar.
  void parse(std::string_view text, uint64_t line, WarpInst& out);
  bool is_ldgsts(const WarpInst& inst) const { return inst.opcode == ldgsts_id_; }
  // Opcodes decoded from now on take their per-opcode timing from `timing` (and the ones already
  // decoded are decoded again).
  void set_timing(const OpTimingResolver* timing);
  std::string opcode_name(uint16_t id) const;
  uint64_t unknown_insts() const { return unknown_insts_; }

 private:
  void parse_line(std::string_view text, uint64_t line, WarpInst& out);
  const DecodedOpcode& decode(std::string_view opcode, uint64_t line);
  [[noreturn]] void fail(uint64_t line, const std::string& problem) const;
  sass::SassMem resolve_generic(uint64_t addr) const;

  std::string path_;
  const KernelHeader& header_;
  const sass::SassTable& table_;
  AccelSimOptions options_;
  std::shared_ptr<TraceDiagnostics> diag_;
  const OpTimingResolver* timing_ = nullptr;
  uint16_t ldgsts_id_ = 0xffff;
  // Shared and local windows of the generic address space (see resolve_generic).
  uint64_t shared_lo_ = 0, shared_hi_ = 0, local_lo_ = 0, local_hi_ = 0;
  bool windows_known_ = false;

  // Open-addressing cache: full opcode string -> decoded.
  struct Slot {
    std::string key;
    DecodedOpcode value;
    bool used = false;
  };
  std::vector<Slot> cache_;
  size_t cache_used_ = 0;
  std::vector<std::string> unknown_names_;  // ids table.size() + i
  uint64_t unknown_insts_ = 0;
  uint64_t* last_unknown_counter_ = nullptr;  // of the opcode parse_line() decoded last

  // Parsed lines without addresses, by hash: direct-mapped, kMemoSlots slots. The hashes are a
  // dense array so that a miss touches 8 bytes; an entry holds the line (lines up to
  // kMemoText bytes are memoized) and the record without its addresses.
  static constexpr size_t kMemoSlots = 2048;
  static constexpr size_t kMemoText = 64;
  static constexpr size_t kRecordBytes = sizeof(WarpInst) - sizeof(WarpInst::addr);
  struct MemoEntry {
    uint64_t* counter = nullptr;  // unknown opcode's count
    uint32_t length = 0;
    char text[kMemoText];
    alignas(8) unsigned char record[kRecordBytes];
  };
  std::vector<uint64_t> memo_hash_;
  std::vector<MemoEntry> memo_;
};

// --- the kernel --------------------------------------------------------------------------------

struct KernelState {
  std::string path;
  AccelSimOptions options;
  std::shared_ptr<TraceDiagnostics> diag;
  KernelHeader header;
  const sass::SassTable* table = nullptr;
  std::unique_ptr<InstParser> parser;

  std::vector<CtaEntry> ctas;  // ascending linear_id
  uint64_t listed_warp_insts = 0;
  unsigned warps_per_cta = 0;
  size_t next_cta_hint = 0;  // where the last lookup ended (CTAs are opened in increasing order)

  bool xz = false;
  std::shared_ptr<File> file;             // plain text
  std::unique_ptr<LineReader> xz_cursor;  // .xz: decompresses forward as CTAs are opened

  uint64_t ldgsts_merged = 0;
  uint64_t xz_rewinds = 0;

  const CtaEntry* find_cta(uint64_t linear_id);
  // The text [e.offset, e.end) in memory (plain: one pread; .xz: the cursor moves there).
  std::shared_ptr<std::string> read_block(const CtaEntry& e);
};

// Parses the header and pre-scans the body (kernel_scan.cpp).
std::shared_ptr<KernelState> scan_kernel(const std::string& path, const AccelSimOptions& options,
                                         std::shared_ptr<TraceDiagnostics> diag);
// A reader over the whole (decompressed) file from its start.
std::unique_ptr<LineReader> open_lines(const KernelState& k, size_t buffer_bytes);

// Structural lines of the body.
enum class LineKind : uint8_t {
  blank,
  begin_tb,
  end_tb,
  thread_block,
  cluster,
  warp,
  insts,
  comment,
  other
};
LineKind classify(std::string_view line);
// "key = a,b,c" / "key = n" -> the numbers (false if malformed).
bool parse_numbers_after_eq(std::string_view line, uint64_t* values, size_t count);

}  // namespace warpsim::traces
