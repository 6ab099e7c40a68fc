#include "sim/driver/manifest.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdint>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>

#include "isa/semantics_float.h"
#include "sim/error.h"

namespace warpsim::workload {

namespace fs = std::filesystem;

namespace {

// Reads one manifest file and remembers where it is, so every error names path:line.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}
  [[noreturn]] void fail(const YAML::Node& n, const std::string& problem) const {
    throw InputError(path_, line(n), problem);
  }
  static int line(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

  void keys(const YAML::Node& map, const std::string& what, const std::set<std::string>& allowed) const {
    if (!map.IsMap()) fail(map, what + " must be a mapping");
    for (const auto& kv : map) {
      const std::string k = kv.first.as<std::string>();
      if (allowed.count(k) == 0) {
        std::string valid;
        for (const auto& a : allowed) valid += (valid.empty() ? "" : ", ") + a;
        fail(kv.first, "unknown key '" + k + "' in " + what + " (valid: " + valid + ")");
      }
    }
  }
  std::string str(const YAML::Node& n, const std::string& what) const {
    if (!n.IsScalar()) fail(n, what + " must be a scalar");
    return n.Scalar();
  }
  uint64_t uint(const YAML::Node& n, const std::string& what, uint64_t max) const {
    const std::string s = str(n, what);
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(s.c_str(), &end, 0);
    if (s.empty() || s[0] == '-' || *end != '\0' || errno != 0 || v > max) {
      fail(n, what + " must be an integer in [0, " + std::to_string(max) + "], got '" + s + "'");
    }
    return v;
  }
  double real(const YAML::Node& n, const std::string& what) const {
    const std::string s = str(n, what);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') fail(n, what + " must be a number, got '" + s + "'");
    return v;
  }
  ElemType type(const YAML::Node& n) const {
    const std::string s = str(n, "type");
    auto t = parse_elem_type(s);
    if (!t) fail(n, "unknown type '" + s + "' (valid: u8 i8 u16 i16 u32 i32 u64 i64 f16 f32 f64)");
    return *t;
  }
  std::string file(const YAML::Node& n, const std::string& dir) const {
    const fs::path p = fs::path(str(n, "file"));
    const fs::path abs = p.is_absolute() ? p : fs::path(dir) / p;
    std::error_code ec;  // a name the file system rejects (too long, ...) is not found either
    if (!fs::is_regular_file(abs, ec)) fail(n, "file not found: " + abs.string());
    return abs.string();
  }
  void dim3(const YAML::Node& n, const std::string& what, uint32_t out[3]) const {
    if (!n.IsSequence() || n.size() < 1 || n.size() > 3) fail(n, what + " must be a list of 1 to 3 integers");
    for (size_t i = 0; i < n.size(); ++i) {
      out[i] = uint32_t(uint(n[i], what, 0x7fffffff));
      if (out[i] == 0) fail(n[i], what + " dimensions must be >= 1");
    }
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

InitSpec parse_init(const Reader& r, const YAML::Node& n, ElemType type, const std::string& dir) {
  InitSpec init;
  if (n.IsScalar()) {
    if (n.Scalar() != "zero") r.fail(n, "init must be zero, {fill: v}, {iota: ...}, {random: ...} or {file: f}");
    return init;
  }
  r.keys(n, "init", {"fill", "iota", "random", "file", "zero"});
  if (n.size() != 1) r.fail(n, "init takes exactly one of fill, iota, random, file");
  const auto kv = *n.begin();
  const std::string kind = kv.first.as<std::string>();
  const YAML::Node v = kv.second;
  if (kind == "fill") {
    init.kind = InitSpec::Kind::fill;
    init.fill = r.str(v, "fill");
    parse_scalar(init.fill, type, r.path(), Reader::line(v));
  } else if (kind == "iota") {
    init.kind = InitSpec::Kind::iota;
    r.keys(v, "iota", {"start", "step"});
    if (v["start"]) init.iota_start = r.real(v["start"], "iota start");
    if (v["step"]) init.iota_step = r.real(v["step"], "iota step");
  } else if (kind == "random") {
    init.kind = InitSpec::Kind::random;
    r.keys(v, "random", {"seed", "min", "max"});
    if (v["seed"]) init.seed = r.uint(v["seed"], "random seed", std::numeric_limits<uint64_t>::max());
    if (v["min"]) init.min = r.str(v["min"], "random min");
    if (v["max"]) init.max = r.str(v["max"], "random max");
    const int line = Reader::line(v);
    if (is_float(type)) {
      const double lo = r.real(v["min"] ? v["min"] : v, "random min");
      const double hi = v["max"] ? r.real(v["max"], "random max") : 1.0;
      if (!(lo <= hi)) r.fail(v, "random min must be <= max");
    } else {
      parse_scalar(init.min, type, r.path(), line);
      parse_scalar(init.max, type, r.path(), line);
    }
  } else if (kind == "file") {
    init.kind = InitSpec::Kind::file;
    init.file = r.file(v, dir);
  }
  return init;
}

ArgSpec parse_arg(const Reader& r, const YAML::Node& n, const Manifest& m) {
  ArgSpec a;
  a.line = Reader::line(n);
  if (n.IsScalar()) {
    if (m.find_buffer(n.Scalar()) == nullptr) r.fail(n, "argument '" + n.Scalar() + "' is not a buffer");
    a.buffer = n.Scalar();
    return a;
  }
  if (!n.IsMap() || n.size() != 1)
    r.fail(n, "argument must be a buffer name, {type: value} or {struct: [fields]}");
  const auto kv = *n.begin();
  if (kv.first.IsScalar() && kv.first.Scalar() == "struct") {
    if (!kv.second.IsSequence() || kv.second.size() == 0)
      r.fail(kv.second, "struct must be a non-empty list of fields (buffer names or {type: value})");
    a.is_struct = true;
    for (const YAML::Node& f : kv.second) {
      if (f.IsMap() && f.size() == 1 && (*f.begin()).first.IsScalar() &&
          (*f.begin()).first.Scalar() == "struct")
        r.fail(f, "nested structs are not supported: list the inner struct's fields in place");
      a.fields.push_back(parse_arg(r, f, m));
    }
    return a;
  }
  const ElemType t = r.type(kv.first);
  a.scalar = parse_scalar(r.str(kv.second, "argument value"), t, r.path(), Reader::line(kv.second));
  return a;
}

}  // namespace

uint32_t elem_size(ElemType t) { return isa::scalar_type_bytes(t); }
bool is_float(ElemType t) { return t == ElemType::f16 || t == ElemType::f32 || t == ElemType::f64; }
bool is_signed(ElemType t) {
  return is_float(t) || t == ElemType::i8 || t == ElemType::i16 || t == ElemType::i32 || t == ElemType::i64;
}
const char* elem_type_name(ElemType t) { return isa::scalar_type_name(t); }

std::optional<ElemType> parse_elem_type(const std::string& s) {
  ElemType t;
  if (!isa::parse_scalar_type(s, t)) return std::nullopt;
  return t;
}

Scalar parse_scalar(const std::string& text, ElemType type, const std::string& path, int line) {
  Scalar s;
  s.type = type;
  auto bad = [&](const std::string& why) -> InputError {
    return InputError(path, line, "value '" + text + "' is not a valid " + elem_type_name(type) + ": " + why);
  };
  if (text.empty()) throw bad("empty");
  char* end = nullptr;
  errno = 0;
  if (is_float(type)) {
    const double v = std::strtod(text.c_str(), &end);
    if (*end != '\0') throw bad("not a number");
    if (type == ElemType::f64) {
      std::memcpy(&s.bits, &v, 8);
    } else if (type == ElemType::f32) {
      const float f = float(v);
      uint32_t b;
      std::memcpy(&b, &f, 4);
      s.bits = b;
    } else {
      s.bits = isa::fp::f64_to_half(float(v), isa::RndMod::rn);  // via float, as CUDA's __float2half
    }
    return s;
  }
  const unsigned bits = elem_size(type) * 8;
  if (is_signed(type)) {
    const long long v = std::strtoll(text.c_str(), &end, 0);
    if (*end != '\0' || errno != 0) throw bad("not an integer");
    const long long lo = bits == 64 ? std::numeric_limits<long long>::min() : -(1LL << (bits - 1));
    const long long hi = bits == 64 ? std::numeric_limits<long long>::max() : (1LL << (bits - 1)) - 1;
    if (v < lo || v > hi) throw bad("out of range");
    s.bits = uint64_t(v) & (bits == 64 ? ~0ULL : ((1ULL << bits) - 1));
  } else {
    if (text[0] == '-') throw bad("negative");
    const unsigned long long v = std::strtoull(text.c_str(), &end, 0);
    if (*end != '\0' || errno != 0) throw bad("not an integer");
    if (bits < 64 && v >= (1ULL << bits)) throw bad("out of range");
    s.bits = v;
  }
  return s;
}

const BufferSpec* Manifest::find_buffer(const std::string& buffer_name) const {
  for (const BufferSpec& b : buffers) {
    if (b.name == buffer_name) return &b;
  }
  return nullptr;
}

Manifest load_manifest(const std::string& path_in) {
  std::string path = path_in;
  std::error_code ec;
  if (fs::is_directory(path, ec)) path = (fs::path(path) / "manifest.yaml").string();
  if (!fs::is_regular_file(path, ec)) throw InputError(path, 0, "no such workload file");
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw InputError(path, e.mark.line >= 0 ? e.mark.line + 1 : 0, "malformed YAML: " + e.msg);
  }
  const Reader r(path);
  const std::string dir = fs::path(path).parent_path().string();
  Manifest m;
  m.path = path;
  if (!root.IsMap()) throw InputError(path, 1, "a manifest must be a mapping");
  r.keys(root, "manifest", {"name", "kernel", "buffers", "launches", "expect", "report"});
  m.name = root["name"] ? r.str(root["name"], "name") : fs::path(path).parent_path().filename().string();
  if (!root["kernel"]) throw InputError(path, 1, "missing key 'kernel'");
  m.kernel_path = r.file(root["kernel"], dir);
  m.kernel_line = Reader::line(root["kernel"]);

  if (root["buffers"] && !root["buffers"].IsMap()) r.fail(root["buffers"], "'buffers' must be a mapping");
  for (const auto& kv : root["buffers"] ? root["buffers"] : YAML::Node(YAML::NodeType::Map)) {
    BufferSpec b;
    b.name = kv.first.as<std::string>();
    b.line = Reader::line(kv.first);
    const YAML::Node spec = kv.second;
    r.keys(spec, "buffer '" + b.name + "'", {"type", "count", "init"});
    if (!spec["type"]) r.fail(spec, "buffer '" + b.name + "' needs a type");
    if (!spec["count"]) r.fail(spec, "buffer '" + b.name + "' needs a count");
    b.type = r.type(spec["type"]);
    b.count = r.uint(spec["count"], "count", uint64_t(1) << 34);
    if (b.count == 0) r.fail(spec["count"], "count must be >= 1");
    if (spec["init"]) {
      b.init = parse_init(r, spec["init"], b.type, dir);
      if (b.init.kind == InitSpec::Kind::file &&
          fs::file_size(b.init.file) != b.count * elem_size(b.type)) {
        r.fail(spec["init"], "file " + b.init.file + " has " + std::to_string(fs::file_size(b.init.file)) +
                                 " bytes; buffer '" + b.name + "' needs " +
                                 std::to_string(b.count * elem_size(b.type)));
      }
    }
    m.buffers.push_back(b);
  }

  const YAML::Node launches = root["launches"];
  if (!launches || !launches.IsSequence() || launches.size() == 0) {
    throw InputError(path, launches ? Reader::line(launches) : 1, "'launches' must be a non-empty list");
  }
  for (const YAML::Node& l : launches) {
    LaunchSpec ls;
    ls.line = Reader::line(l);
    r.keys(l, "launch", {"entry", "grid", "block", "shared_bytes", "stream", "args"});
    if (!l["entry"]) r.fail(l, "launch needs an entry");
    ls.entry = r.str(l["entry"], "entry");
    if (!l["grid"]) r.fail(l, "launch needs a grid");
    if (!l["block"]) r.fail(l, "launch needs a block");
    r.dim3(l["grid"], "grid", ls.grid);
    r.dim3(l["block"], "block", ls.block);
    if (uint64_t(ls.block[0]) * ls.block[1] * ls.block[2] > 1024) r.fail(l["block"], "a block has at most 1024 threads");
    if (l["shared_bytes"]) ls.shared_bytes = uint32_t(r.uint(l["shared_bytes"], "shared_bytes", 1 << 24));
    if (l["stream"]) ls.stream = r.uint(l["stream"], "stream", UINT64_MAX);
    if (l["args"]) {
      if (!l["args"].IsSequence()) r.fail(l["args"], "args must be a list");
      for (const YAML::Node& a : l["args"]) ls.args.push_back(parse_arg(r, a, m));
    }
    m.launches.push_back(ls);
  }

  if (root["expect"]) {
    if (!root["expect"].IsMap()) r.fail(root["expect"], "'expect' must be a mapping");
    for (const auto& kv : root["expect"]) {
      ExpectSpec e;
      e.buffer = kv.first.as<std::string>();
      e.line = Reader::line(kv.first);
      const BufferSpec* b = m.find_buffer(e.buffer);
      if (b == nullptr) r.fail(kv.first, "expect names unknown buffer '" + e.buffer + "'");
      r.keys(kv.second, "expect '" + e.buffer + "'", {"file", "fill", "tolerance"});
      if (kv.second["file"]) {
        e.from_file = true;
        e.file = r.file(kv.second["file"], dir);
        if (fs::file_size(e.file) != b->count * elem_size(b->type)) {
          r.fail(kv.second["file"], "file " + e.file + " has " + std::to_string(fs::file_size(e.file)) +
                                        " bytes; buffer '" + e.buffer + "' has " +
                                        std::to_string(b->count * elem_size(b->type)));
        }
      } else if (kv.second["fill"]) {
        e.fill = r.str(kv.second["fill"], "fill");
        parse_scalar(e.fill, b->type, path, Reader::line(kv.second["fill"]));
      } else {
        r.fail(kv.second, "expect needs file or fill");
      }
      if (kv.second["tolerance"]) {
        e.tolerance = r.real(kv.second["tolerance"], "tolerance");
        if (e.tolerance < 0) r.fail(kv.second["tolerance"], "tolerance must be >= 0");
      }
      m.expects.push_back(e);
    }
  }

  if (root["report"]) {
    if (!root["report"].IsMap()) r.fail(root["report"], "'report' must be a mapping");
    for (const auto& kv : root["report"]) {
      ReportSpec rep;
      rep.name = kv.first.as<std::string>();
      rep.line = Reader::line(kv.first);
      r.keys(kv.second, "report '" + rep.name + "'", {"buffer", "index", "reduce"});
      if (!kv.second["buffer"]) r.fail(kv.second, "report needs a buffer");
      rep.buffer = r.str(kv.second["buffer"], "buffer");
      const BufferSpec* b = m.find_buffer(rep.buffer);
      if (b == nullptr) r.fail(kv.second["buffer"], "report names unknown buffer '" + rep.buffer + "'");
      if (kv.second["index"] && kv.second["reduce"]) r.fail(kv.second, "report takes index or reduce, not both");
      if (kv.second["reduce"]) {
        const std::string red = r.str(kv.second["reduce"], "reduce");
        if (red == "sum") rep.reduce = ReportSpec::Reduce::sum;
        else if (red == "min") rep.reduce = ReportSpec::Reduce::min;
        else if (red == "max") rep.reduce = ReportSpec::Reduce::max;
        else if (red == "mean") rep.reduce = ReportSpec::Reduce::mean;
        else r.fail(kv.second["reduce"], "reduce must be sum, min, max or mean");
      } else {
        rep.index = kv.second["index"] ? r.uint(kv.second["index"], "index", b->count - 1) : 0;
      }
      m.reports.push_back(rep);
    }
  }
  return m;
}

}  // namespace warpsim::workload
