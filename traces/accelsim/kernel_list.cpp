// The command list (kernelslist.g): MemcpyHtoD lines and kernel trace files, in launch order.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "traces/accelsim/kernel_state.h"

namespace warpsim::traces {

namespace fs = std::filesystem;

namespace {

const char kConvertHelp[] =
    "raw NVBit output must be post-processed first: run Accel-Sim's post-traces-processing "
    "(util/tracer_nvbit/tracer_tool/traces-processing/post-traces-processing) on this "
    "kernelslist; it writes kernelslist.g and kernel-*.traceg[.xz], which warpsim reads";

bool is_raw_trace_name(std::string_view name) {
  return text::ends_with(name, ".trace") || text::ends_with(name, ".trace.xz");
}
bool is_traceg_name(std::string_view name) {
  return text::ends_with(name, ".traceg") || text::ends_with(name, ".traceg.xz");
}
// The tracer's own (raw) command lists: kernelslist, kernelslist_ctx_0x...
bool is_raw_list_name(std::string_view name) {
  return text::starts_with(name, "kernelslist") && !text::ends_with(name, ".g");
}

// A folder -> its command list.
std::string find_list(const std::string& dir) {
  fs::path d(dir);
  std::error_code ec;
  if (fs::is_regular_file(d / "kernelslist.g", ec)) return (d / "kernelslist.g").string();
  std::vector<std::string> lists, raw;
  for (const auto& entry : fs::directory_iterator(d, ec)) {
    std::string name = entry.path().filename().string();
    if (!text::starts_with(name, "kernelslist")) continue;
    (text::ends_with(name, ".g") ? lists : raw).push_back(entry.path().string());
  }
  std::sort(lists.begin(), lists.end());
  if (lists.size() == 1) return lists[0];
  if (lists.size() > 1) {
    std::string all;
    for (const std::string& l : lists) all += " " + fs::path(l).filename().string();
    throw InputError(dir, 0, "several command lists (" + all.substr(1) + "): name one of them");
  }
  if (!raw.empty()) throw InputError(dir, 0, std::string("no kernelslist.g; ") + kConvertHelp);
  throw InputError(dir, 0, "no kernelslist.g in this folder (not an Accel-Sim trace folder?)");
}

}  // namespace

AccelSimTrace AccelSimTrace::open(const std::string& path, const AccelSimOptions& options) {
  AccelSimTrace t;
  t.options_ = options;
  t.diag_ = std::make_shared<TraceDiagnostics>();
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw InputError(path, 0, "no such file or folder");
  std::string name = fs::path(path).filename().string();

  if (fs::is_directory(st)) {
    t.list_path_ = find_list(path);
  } else if (is_traceg_name(name)) {
    // One kernel trace on its own.
    t.list_path_ = path;
    TraceCommand c;
    c.kind = TraceCommand::Kind::kernel;
    c.path = path;
    t.kernel_commands_.push_back(0);
    t.commands_.push_back(std::move(c));
    return t;
  } else if (is_raw_trace_name(name) || is_raw_list_name(name)) {
    throw InputError(path, 0, std::string("not post-processed; ") + kConvertHelp);
  } else {
    t.list_path_ = path;
  }

  std::ifstream in(t.list_path_, std::ios::binary);
  if (!in) throw InputError(t.list_path_, 0, "cannot open");
  const fs::path dir = fs::path(t.list_path_).parent_path();
  std::string raw_line;
  int line_no = 0;
  while (std::getline(in, raw_line)) {
    ++line_no;
    std::string_view line = text::trim(raw_line);
    if (line.empty()) continue;
    TraceCommand c;
    c.line = line_no;
    if (text::starts_with(line, "MemcpyHtoD")) {
      // MemcpyHtoD,0x<device address>,<bytes>
      std::string_view rest = line.substr(10);
      size_t comma = rest.find(',', 1);
      if (rest.empty() || rest[0] != ',' || comma == std::string_view::npos ||
          !text::parse_hex_u64(text::trim(rest.substr(1, comma - 1)), c.address) ||
          !text::parse_u64(text::trim(rest.substr(comma + 1)), c.bytes))
        throw InputError(t.list_path_, line_no,
                         "expected 'MemcpyHtoD,0x<address>,<bytes>', got " + text::quote(line));
      c.kind = TraceCommand::Kind::memcpy_htod;
    } else if (text::starts_with(line, "kernel")) {
      if (is_raw_trace_name(line))
        throw InputError(t.list_path_, line_no,
                         std::string(line) + " is a raw NVBit trace; " + kConvertHelp);
      c.kind = TraceCommand::Kind::kernel;
      c.path = (dir / std::string(line)).string();
      // A name the file system rejects (too long, ...) is not found either.
      if (!fs::is_regular_file(c.path, ec))
        throw InputError(t.list_path_, line_no, "kernel trace " + text::quote(line) + " not found");
      c.kernel_index = t.kernel_commands_.size();
      t.kernel_commands_.push_back(t.commands_.size());
    } else {
      // Accel-Sim ignores other lines (e.g. device-to-host copies some tools add).
      t.diag_->warnings.push_back(t.list_path_ + ":" + std::to_string(line_no) + ": ignored line " +
                                  text::quote(line));
      continue;
    }
    t.commands_.push_back(std::move(c));
  }
  return t;
}

std::unique_ptr<AccelSimKernel> AccelSimTrace::kernel(size_t i) const {
  return AccelSimKernel::open(kernel_command(i).path, options_, diag_);
}

uint64_t AccelSimTrace::stream(size_t i) const {
  auto it = streams_.find(i);
  if (it == streams_.end()) {
    it = streams_.emplace(i, read_kernel_header(kernel_command(i).path, options_).cuda_stream_id).first;
  }
  return it->second;
}

bool looks_like_accelsim(const std::string& path) {
  std::error_code ec;
  fs::path p(path);
  if (fs::is_directory(p, ec)) {
    for (const auto& entry : fs::directory_iterator(p, ec))
      if (text::starts_with(entry.path().filename().string(), "kernelslist")) return true;
    return false;
  }
  std::string name = p.filename().string();
  return text::starts_with(name, "kernelslist") || is_traceg_name(name) || is_raw_trace_name(name);
}

}  // namespace warpsim::traces
