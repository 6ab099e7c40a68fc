// A kernel trace's header, and the one sequential pass over its body that indexes the thread
// blocks and checks the structure (#BEGIN_TB / thread block / warp / insts = N / #END_TB), so that
// a malformed trace fails before anything is simulated. Instruction lines are only counted here;
// they are parsed when a warp reaches them.
#include <algorithm>
#include <climits>

#include "traces/accelsim/kernel_state.h"

namespace warpsim::traces {

namespace {

constexpr size_t kScanBuffer = size_t(1) << 20;

const char kRawTraceHelp[] =
    "raw NVBit traces must be post-processed first: run Accel-Sim's post-traces-processing "
    "(util/tracer_nvbit/tracer_tool/traces-processing/post-traces-processing) on the "
    "kernelslist; it writes kernelslist.g and kernel-*.traceg[.xz], which warpsim reads";

// --- header ------------------------------------------------------------------------------------

bool parse_dim3(std::string_view v, Dim3& d) {
  v = text::trim(v);
  if (v.size() < 2 || v.front() != '(' || v.back() != ')') return false;
  v = v.substr(1, v.size() - 2);
  uint64_t n[3];
  for (int i = 0; i < 3; ++i) {
    size_t comma = v.find(',');
    if ((i < 2) != (comma != std::string_view::npos)) return false;
    if (!text::parse_u64(text::trim(v.substr(0, comma)), n[i]) || n[i] == 0 || n[i] > UINT32_MAX)
      return false;
    v = i < 2 ? v.substr(comma + 1) : std::string_view();
  }
  d = Dim3{static_cast<uint32_t>(n[0]), static_cast<uint32_t>(n[1]), static_cast<uint32_t>(n[2])};
  return true;
}

bool parse_u32(std::string_view v, uint32_t& out) {
  uint64_t n;
  if (!text::parse_u64(v, n) || n > UINT32_MAX) return false;
  out = static_cast<uint32_t>(n);
  return true;
}

// One row per header key: how to read its value (false: malformed). Data, not an if-chain.
struct HeaderKey {
  const char* key;
  bool required;
  bool (*read)(std::string_view value, KernelHeader& h);
};

const HeaderKey kHeaderKeys[] = {
    {"kernel name", true,
     [](std::string_view v, KernelHeader& h) {
       h.kernel_name = std::string(v);
       return !v.empty();
     }},
    {"kernel id", false,
     [](std::string_view v, KernelHeader& h) { return text::parse_i64(v, h.kernel_id); }},
    {"grid dim", true, [](std::string_view v, KernelHeader& h) { return parse_dim3(v, h.grid); }},
    {"block dim", true,
     [](std::string_view v, KernelHeader& h) {
       return parse_dim3(v, h.block) && h.block.count() <= 1024;
     }},
    {"shmem", true, [](std::string_view v, KernelHeader& h) { return parse_u32(v, h.shmem); }},
    {"nregs", true,
     [](std::string_view v, KernelHeader& h) { return parse_u32(v, h.nregs) && h.nregs <= 65535; }},
    {"binary version", true,
     [](std::string_view v, KernelHeader& h) {
       uint32_t n;
       if (!parse_u32(v, n) || n == 0 || n > 10000) return false;
       h.binary_version = static_cast<int>(n);
       return true;
     }},
    {"cuda stream id", false,
     [](std::string_view v, KernelHeader& h) { return text::parse_u64(v, h.cuda_stream_id); }},
    {"shmem base_addr", false,
     [](std::string_view v, KernelHeader& h) { return text::parse_hex_u64(v, h.shmem_base); }},
    {"local mem base_addr", false,
     [](std::string_view v, KernelHeader& h) { return text::parse_hex_u64(v, h.local_base); }},
    {"nvbit version", false,
     [](std::string_view v, KernelHeader& h) {
       h.nvbit_version = std::string(v);
       return true;
     }},
    {"accelsim tracer version", true,
     [](std::string_view v, KernelHeader& h) {
       // "1.2" is version 1 for the line grammar (Accel-Sim reads it with %d).
       uint64_t major;
       size_t dot = v.find('.');
       if (!text::parse_u64(v.substr(0, dot), major) || major > 1000) return false;
       if (dot != std::string_view::npos) {
         uint64_t minor;
         if (!text::parse_u64(v.substr(dot + 1), minor)) return false;
       }
       h.tracer_version = std::string(v);
       h.tracer_major = static_cast<int>(major);
       return true;
     }},
    {"enable lineinfo", false,
     [](std::string_view v, KernelHeader& h) {
       if (v != "0" && v != "1") return false;
       h.lineinfo = v == "1";
       return true;
     }},
};

// "grid  dim" -> "grid dim"
std::string normalize_key(std::string_view k) {
  std::string out;
  for (char c : text::trim(k)) {
    if (text::is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// Reads header lines up to the first line starting with '#', which is left in `line`.
// Returns false if the file ends first.
bool parse_header(LineReader& r, KernelState& k, std::string_view& line) {
  KernelHeader& h = k.header;
  std::vector<bool> seen(std::size(kHeaderKeys), false);
  uint64_t binary_line = 0;
  bool found_body = false;
  while (r.next(line)) {
    std::string_view t = text::trim(line);
    if (t.empty()) continue;
    if (t[0] == '#') {
      found_body = true;
      break;
    }
    if (t[0] != '-')
      throw trace_error(k.path, r.line(),
                        "expected a '-key = value' header line, got " + text::quote(t) +
                            (std::isdigit(static_cast<unsigned char>(t[0]))
                                 ? " (the header must be followed by '#traces format' or #BEGIN_TB)"
                                 : ""));
    size_t eq = t.find('=');
    if (eq == std::string_view::npos)
      throw trace_error(k.path, r.line(), "header line without '=': " + text::quote(t));
    std::string key = normalize_key(t.substr(1, eq - 1));
    std::string_view value = text::trim(t.substr(eq + 1));
    size_t i = 0;
    while (i < std::size(kHeaderKeys) && key != kHeaderKeys[i].key) ++i;
    if (i == std::size(kHeaderKeys)) {
      k.diag->warnings.push_back(k.path + ":" + std::to_string(r.line()) +
                                 ": unknown header key '-" + key + "' ignored");
      continue;
    }
    if (!kHeaderKeys[i].read(value, h))
      throw trace_error(k.path, r.line(), "bad value for '-" + key + "': " + text::quote(value));
    seen[i] = true;
    if (key == "binary version") binary_line = r.line();
  }
  h.header_lines = static_cast<int>(std::min<uint64_t>(r.line(), INT_MAX));
  for (size_t i = 0; i < std::size(kHeaderKeys); ++i)
    if (kHeaderKeys[i].required && !seen[i])
      throw trace_error(k.path, found_body ? r.line() : 0,
                        std::string("missing header key '-") + kHeaderKeys[i].key + "'");
  if (!found_body)
    throw trace_error(k.path, r.line(),
                      "truncated: the header is not followed by '#traces format' or #BEGIN_TB");
  if (h.tracer_major >= 7)
    throw trace_error(k.path, 0,
                      "accelsim tracer version " + h.tracer_version +
                          " is not supported (this reader knows 1.2 and 3 to 6)");
  if (h.tracer_major >= 6) h.values = true;

  k.table = sass::table_for_binary_version(h.binary_version);
  if (k.table == nullptr) {
    std::string problem =
        "binary version " + std::to_string(h.binary_version) +
        " has no SASS opcode table (supported: " + sass::supported_binary_versions() + ")";
    const sass::SassTable* nearest = sass::nearest_table_at_or_below(h.binary_version);
    if (k.options.unknown_opcode != UnknownOpcode::alu || nearest == nullptr)
      throw trace_error(k.path, binary_line, problem);
    k.table = nearest;
    k.diag->warnings.push_back(k.path + ":" + std::to_string(binary_line) + ": " + problem +
                               "; using the " + nearest->name() + " table");
  }
  return true;
}

// --- body --------------------------------------------------------------------------------------

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The first byte of a line that is surely an instruction line ('c' may start "cluster").
bool starts_instruction(char c) { return is_hex_digit(c) && c != 'c'; }

std::string tb_name(const uint64_t* xyz) {
  return "thread block (" + std::to_string(xyz[0]) + "," + std::to_string(xyz[1]) + "," +
         std::to_string(xyz[2]) + ")";
}

void prescan(LineReader& r, KernelState& k, std::string_view line) {
  const KernelHeader& h = k.header;
  enum class St { outside, after_begin, in_tb, in_insts } st = St::outside;
  const std::string& path = k.path;
  auto fail = [&](uint64_t at, const std::string& problem) {
    throw trace_error(path, at, problem);
  };

  CtaEntry cur{};
  uint64_t xyz[3] = {0, 0, 0};
  std::vector<bool> warp_seen(k.warps_per_cta, false);
  bool expect_insts = false;
  uint64_t warp = 0, insts = 0, insts_left = 0, insts_line = 0;
  bool ordered = true;
  bool pending = true;  // `line` (the '#' line that ended the header) is not processed yet

  for (;;) {
    if (st == St::in_insts) {
      // The bulk of the file: instruction lines are only counted (the lines skip() declines take
      // the checks below).
      insts_left -= r.skip(insts_left, starts_instruction);
      if (insts_left == 0) {
        st = St::in_tb;
        continue;
      }
    }
    if (!pending && !r.next(line)) break;
    pending = false;
    if (st == St::in_insts) {
      size_t i = 0;
      while (i < line.size() && text::is_space(line[i])) ++i;
      if (i == line.size()) continue;
      if (is_hex_digit(line[i]) &&
          !(line[i] == 'c' && text::starts_with(line.substr(i), "cluster"))) {
        if (--insts_left == 0) st = St::in_tb;
        continue;
      }
      LineKind kind = classify(line);
      if (kind == LineKind::other)
        fail(r.line(), "not an instruction line: " + text::quote(text::trim(line)));
      fail(r.line(), "warp " + std::to_string(warp) + " of " + tb_name(xyz) + " has " +
                         std::to_string(insts - insts_left) + " instruction lines, but 'insts = " +
                         std::to_string(insts) + "' (line " + std::to_string(insts_line) + ")");
    }
    LineKind kind = classify(line);
    if (kind == LineKind::blank) continue;
    switch (st) {
      case St::outside:
        if (kind == LineKind::begin_tb) {
          cur = CtaEntry{0, r.line_start(), 0, r.line()};
          st = St::after_begin;
        } else if (kind == LineKind::comment) {
          std::string_view t = text::trim(line);
          if (text::starts_with(t, "#traces format")) {
            k.header.format_line = std::string(t);
            if (t.find("Val|NoVal") != std::string_view::npos) k.header.values = true;
          }
        } else if (kind == LineKind::end_tb) {
          fail(r.line(), "#END_TB without #BEGIN_TB");
        } else {
          std::string_view t = text::trim(line);
          if (!t.empty() && std::isdigit(static_cast<unsigned char>(t[0])))
            fail(r.line(), "instruction line outside a thread block; a raw NVBit .trace? " +
                               std::string(kRawTraceHelp));
          fail(r.line(), "unexpected line outside a thread block: " + text::quote(t));
        }
        break;
      case St::after_begin: {
        if (kind != LineKind::thread_block || !parse_numbers_after_eq(line, xyz, 3))
          fail(r.line(), "expected 'thread block = x,y,z' after #BEGIN_TB (line " +
                             std::to_string(cur.line) + "), got " + text::quote(text::trim(line)));
        if (xyz[0] >= h.grid.x || xyz[1] >= h.grid.y || xyz[2] >= h.grid.z)
          fail(r.line(), tb_name(xyz) + " is outside the grid (" + std::to_string(h.grid.x) + "," +
                             std::to_string(h.grid.y) + "," + std::to_string(h.grid.z) + ")");
        cur.linear_id = xyz[0] + uint64_t(h.grid.x) * (xyz[1] + uint64_t(h.grid.y) * xyz[2]);
        std::fill(warp_seen.begin(), warp_seen.end(), false);
        expect_insts = false;
        st = St::in_tb;
        break;
      }
      case St::in_tb:
        switch (kind) {
          case LineKind::cluster: {
            // Hopper thread-block clusters: cluster id / cluster cta = x,y,z, cluster rank = n.
            // Clusters are not modelled; the lines are checked and skipped.
            uint64_t v[3];
            std::string_view t = text::trim(line);
            bool ok = text::starts_with(t, "cluster rank") ? parse_numbers_after_eq(line, v, 1)
                                                           : parse_numbers_after_eq(line, v, 3);
            if (!ok) fail(r.line(), "malformed cluster line: " + text::quote(t));
            break;
          }
          case LineKind::warp:
            if (expect_insts)
              fail(r.line(), "warp " + std::to_string(warp) + " has no 'insts = N' line");
            if (!parse_numbers_after_eq(line, &warp, 1))
              fail(r.line(), "malformed warp line: " + text::quote(text::trim(line)));
            if (warp >= k.warps_per_cta)
              fail(r.line(), "warp " + std::to_string(warp) + " of " + tb_name(xyz) +
                                 ": the block has " + std::to_string(k.warps_per_cta) + " warps");
            if (warp_seen[warp])
              fail(r.line(),
                   "warp " + std::to_string(warp) + " of " + tb_name(xyz) + " listed twice");
            warp_seen[warp] = true;
            expect_insts = true;
            break;
          case LineKind::insts:
            if (!expect_insts) fail(r.line(), "'insts = N' without a 'warp = n' line before it");
            if (!parse_numbers_after_eq(line, &insts, 1))
              fail(r.line(), "malformed insts line: " + text::quote(text::trim(line)));
            expect_insts = false;
            k.listed_warp_insts += insts;
            if (insts > 0) {
              insts_left = insts;
              insts_line = r.line();
              st = St::in_insts;
            }
            break;
          case LineKind::end_tb:
            if (expect_insts)
              fail(r.line(), "warp " + std::to_string(warp) + " has no 'insts = N' line");
            cur.end = r.position();
            if (!k.ctas.empty() && cur.linear_id <= k.ctas.back().linear_id) ordered = false;
            k.ctas.push_back(cur);
            st = St::outside;
            break;
          case LineKind::begin_tb:
            fail(r.line(), "#BEGIN_TB before the #END_TB of " + tb_name(xyz) + " (line " +
                               std::to_string(cur.line) + ")");
            break;
          case LineKind::thread_block:
            fail(r.line(),
                 "second 'thread block' line in the block of line " + std::to_string(cur.line));
            break;
          default:
            if (expect_insts)
              fail(r.line(), "instruction line before 'insts = N' of warp " + std::to_string(warp));
            fail(r.line(), warp_seen.empty() || std::none_of(warp_seen.begin(), warp_seen.end(),
                                                             [](bool b) { return b; })
                               ? "unexpected line before any 'warp = n' of " + tb_name(xyz) + ": " +
                                     text::quote(text::trim(line))
                               : "more instruction lines than 'insts = " + std::to_string(insts) +
                                     "' of warp " + std::to_string(warp) + " of " + tb_name(xyz));
        }
        break;
      case St::in_insts: break;  // handled above
    }
  }
  if (st == St::in_insts)
    fail(r.line(), "truncated: warp " + std::to_string(warp) + " of " + tb_name(xyz) + " has " +
                       std::to_string(insts - insts_left) + " of the " + std::to_string(insts) +
                       " instruction lines of 'insts = " + std::to_string(insts) + "' (line " +
                       std::to_string(insts_line) + ")");
  if (st != St::outside)
    fail(r.line(),
         "truncated: the thread block of line " + std::to_string(cur.line) + " has no #END_TB");
  if (!ordered) {
    std::stable_sort(k.ctas.begin(), k.ctas.end(), [](const CtaEntry& a, const CtaEntry& b) {
      return a.linear_id < b.linear_id;
    });
    for (size_t i = 1; i < k.ctas.size(); ++i)
      if (k.ctas[i].linear_id == k.ctas[i - 1].linear_id)
        fail(std::max(k.ctas[i].line, k.ctas[i - 1].line),
             "thread block with linear id " + std::to_string(k.ctas[i].linear_id) +
                 " listed twice (also at line " +
                 std::to_string(std::min(k.ctas[i].line, k.ctas[i - 1].line)) + ")");
  }
}

}  // namespace

LineKind classify(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && text::is_space(line[i])) ++i;
  if (i == line.size()) return LineKind::blank;
  std::string_view t = line.substr(i);
  switch (t[0]) {
    case '#':
      if (text::starts_with(t, "#BEGIN_TB")) return LineKind::begin_tb;
      if (text::starts_with(t, "#END_TB")) return LineKind::end_tb;
      return LineKind::comment;
    case 't':
      return text::starts_with(t, "thread block") ? LineKind::thread_block : LineKind::other;
    case 'c': return text::starts_with(t, "cluster") ? LineKind::cluster : LineKind::other;
    case 'w': return text::starts_with(t, "warp") ? LineKind::warp : LineKind::other;
    case 'i': return text::starts_with(t, "insts") ? LineKind::insts : LineKind::other;
    default: return LineKind::other;
  }
}

bool parse_numbers_after_eq(std::string_view line, uint64_t* values, size_t count) {
  size_t eq = line.find('=');
  if (eq == std::string_view::npos) return false;
  std::string_view v = line.substr(eq + 1);
  for (size_t i = 0; i < count; ++i) {
    size_t comma = v.find(',');
    if ((i + 1 < count) != (comma != std::string_view::npos)) return false;
    if (!text::parse_u64(text::trim(v.substr(0, comma)), values[i])) return false;
    v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
  }
  return true;
}

std::unique_ptr<LineReader> open_lines(const KernelState& k, size_t buffer_bytes) {
  if (k.xz) return std::make_unique<LineReader>(k.path, xz_bytes(k.path), buffer_bytes);
  return std::make_unique<LineReader>(k.path, file_bytes(k.file, 0), buffer_bytes);
}

KernelHeader read_kernel_header(const std::string& path, const AccelSimOptions& options) {
  // Its own diagnostics: the kernel's full open reports the header's warnings once.
  KernelState k;
  k.path = path;
  k.options = options;
  k.diag = std::make_shared<TraceDiagnostics>();
  if (text::ends_with(path, ".trace") || text::ends_with(path, ".trace.xz"))
    throw InputError(path, 0, std::string("not post-processed: ") + kRawTraceHelp);
  k.file = File::open(path);
  k.xz = k.file->has_xz_magic();
  std::unique_ptr<LineReader> r = open_lines(k, size_t(1) << 16);
  std::string_view line;
  parse_header(*r, k, line);
  return k.header;
}

std::shared_ptr<KernelState> scan_kernel(const std::string& path, const AccelSimOptions& options,
                                         std::shared_ptr<TraceDiagnostics> diag) {
  auto k = std::make_shared<KernelState>();
  k->path = path;
  k->options = options;
  k->diag = diag ? std::move(diag) : std::make_shared<TraceDiagnostics>();
  if (text::ends_with(path, ".trace") || text::ends_with(path, ".trace.xz"))
    throw InputError(path, 0, std::string("not post-processed: ") + kRawTraceHelp);
  k->file = File::open(path);
  k->xz = k->file->has_xz_magic();
  if (text::ends_with(path, ".xz") && !k->xz)
    throw InputError(path, 0, "named .xz but is not an xz file (no xz magic bytes)");

  std::unique_ptr<LineReader> r = open_lines(*k, kScanBuffer);
  std::string_view line;
  parse_header(*r, *k, line);
  k->warps_per_cta = static_cast<unsigned>((k->header.block.count() + kWarpSize - 1) / kWarpSize);
  prescan(*r, *k, line);
  k->parser = std::make_unique<InstParser>(k->path, k->header, *k->table, k->options, k->diag);
  return k;
}

// --- KernelState -------------------------------------------------------------------------------

const CtaEntry* KernelState::find_cta(uint64_t linear_id) {
  size_t i = next_cta_hint;
  if (i >= ctas.size() || ctas[i].linear_id != linear_id) {
    auto it = std::lower_bound(ctas.begin(), ctas.end(), linear_id,
                               [](const CtaEntry& e, uint64_t id) { return e.linear_id < id; });
    i = static_cast<size_t>(it - ctas.begin());
    if (i == ctas.size() || ctas[i].linear_id != linear_id) {
      next_cta_hint = i;
      return nullptr;
    }
  }
  next_cta_hint = i + 1;
  return &ctas[i];
}

std::shared_ptr<std::string> KernelState::read_block(const CtaEntry& e) {
  auto block = std::make_shared<std::string>();
  auto changed = [&]() {
    return trace_error(path, e.line, "the trace changed since it was indexed");
  };
  if (!xz) {
    block->resize(e.end - e.offset);
    size_t got;
    try {
      got = file->pread(block->data(), block->size(), e.offset);
    } catch (const SourceError& err) {
      throw trace_error(path, e.line, err.what());
    }
    if (got != block->size()) throw changed();
    return block;
  }
  // .xz cannot seek: one decompressing cursor moves forward through the file as CTAs are opened
  // (the dispatcher opens them in increasing linear id, which is file order); a CTA behind the
  // cursor costs a re-decompression from the start.
  if (xz_cursor && xz_cursor->position() > e.offset) {
    xz_cursor.reset();
    ++xz_rewinds;
  }
  if (!xz_cursor) xz_cursor = open_lines(*this, kScanBuffer);
  std::string_view line;
  while (xz_cursor->position() < e.offset)
    if (!xz_cursor->next(line)) throw changed();
  if (xz_cursor->position() != e.offset) throw changed();
  while (xz_cursor->position() < e.end) {
    if (!xz_cursor->next(line)) throw changed();
    block->append(line.data(), line.size());
    block->push_back('\n');
  }
  return block;
}

}  // namespace warpsim::traces
