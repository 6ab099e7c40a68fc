#include "tests/traces/accelsim_test_support.h"

#include <unistd.h>

#include <boost/iostreams/device/file.hpp>
#include <boost/iostreams/filter/lzma.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace warpsim::traces::test {

namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
  std::string tmpl = (fs::current_path() / "accelsim-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

void write_xz(const std::string& path, const std::string& content) {
  boost::iostreams::filtering_ostream out;
  out.push(boost::iostreams::lzma_compressor());
  out.push(boost::iostreams::file_sink(path, std::ios::out | std::ios::binary));
  out << content;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string SynthKernel::header() const {
  std::vector<std::pair<std::string, std::string>> keys = {
      {"kernel name", name},
      {"kernel id", "1"},
      {"grid dim", "(" + std::to_string(grid[0]) + "," + std::to_string(grid[1]) + "," +
                       std::to_string(grid[2]) + ")"},
      {"block dim", "(" + std::to_string(block[0]) + "," + std::to_string(block[1]) + "," +
                        std::to_string(block[2]) + ")"},
      {"shmem", "0"},
      {"nregs", "16"},
      {"binary version", std::to_string(binary_version)},
      {"cuda stream id", "0"},
  };
  char buf[64];
  std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(shmem_base));
  keys.emplace_back("shmem base_addr", buf);
  std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(local_base));
  keys.emplace_back("local mem base_addr", buf);
  keys.emplace_back("nvbit version", "1.7");
  keys.emplace_back("accelsim tracer version", tracer_version);
  if (tracer_version != "3" && tracer_version.find('.') == std::string::npos)
    keys.emplace_back("enable lineinfo", lineinfo ? "1" : "0");
  for (const auto& kv : extra_header) keys.push_back(kv);
  std::string out;
  for (const auto& [k, v] : keys) {
    bool dropped = false;
    for (const std::string& d : drop_header) dropped |= d == k;
    if (!dropped) out += "-" + k + " = " + v + "\n";
  }
  out += "\n" + format + "\n\n";
  return out;
}

std::string SynthKernel::render() const {
  std::string out = header();
  for (const SynthCta& c : ctas) {
    out += "\n#BEGIN_TB\n\nthread block = " + std::to_string(c.x) + "," + std::to_string(c.y) +
           "," + std::to_string(c.z) + "\n";
    for (const std::string& e : c.extra) out += e + "\n";
    for (const SynthWarp& w : c.warps) {
      out +=
          "\nwarp = " + std::to_string(w.id) + "\ninsts = " + std::to_string(w.lines.size()) + "\n";
      for (const std::string& l : w.lines) out += l + " \n";  // the tracer's trailing space
    }
    out += "\n#END_TB\n";
  }
  return out;
}

void write_list(const std::string& dir, const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += l + "\n";
  write_file(dir + "/kernelslist.g", s);
}

ReplayStats replay(AccelSimKernel& k, unsigned resident_ctas) {
  ReplayOptions o;
  o.resident_ctas = resident_ctas;
  return replay_kernel(k, o);
}

std::string shared_traces_dir() {
  if (const char* env = std::getenv("WARPSIM_SHARED_TRACES")) return env;
  return (fs::path(WARPSIM_SOURCE_DIR).parent_path() / "shared" / "traces").string();
}

std::vector<std::string> repeat(const std::string& line, size_t n) {
  return std::vector<std::string>(n, line);
}

}  // namespace warpsim::traces::test
