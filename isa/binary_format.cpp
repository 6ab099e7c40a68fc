#include "isa/binary_format.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

#include "isa/assembler.h"
#include "isa/encoding.h"
#include "isa/opcode_table.h"
#include "sim/error.h"

namespace warpsim::isa {

namespace {

constexpr char kMagic[8] = {'W', 'S', 'I', 'M', 'B', 'I', 'N', '\0'};

void put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_str(std::vector<uint8_t>& out, const std::string& s) {
  put32(out, static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

class Reader {
 public:
  Reader(const std::vector<uint8_t>& b, const std::string& path) : b_(b), path_(path) {}
  [[noreturn]] void fail(const std::string& what) const { throw InputError(path_, 0, what); }
  const uint8_t* take(size_t n) {
    if (b_.size() - pos_ < n) fail("truncated binary program");
    const uint8_t* p = b_.data() + pos_;
    pos_ += n;
    return p;
  }
  uint8_t u8() { return *take(1); }
  uint32_t u32() {
    const uint8_t* p = take(4);
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
  }
  uint64_t u64() {
    uint64_t lo = u32();
    return lo | uint64_t(u32()) << 32;
  }
  std::string str() {
    uint32_t n = u32();
    if (n > 4096) fail("name too long in binary program");
    const uint8_t* p = take(n);
    return std::string(reinterpret_cast<const char*>(p), n);
  }
  bool done() const { return pos_ == b_.size(); }

 private:
  const std::vector<uint8_t>& b_;
  const std::string& path_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<uint8_t> write_binary(const Program& program) {
  std::vector<uint8_t> out(kMagic, kMagic + sizeof kMagic);
  put32(out, kBinaryVersion);
  put32(out, static_cast<uint32_t>(program.kernels.size()));
  for (const Kernel& k : program.kernels) {
    put_str(out, k.name);
    put32(out, k.regs);
    put32(out, k.shared_bytes);
    put32(out, k.local_bytes);
    put32(out, static_cast<uint32_t>(k.params.size()));
    for (const ParamDecl& p : k.params) {
      out.push_back(static_cast<uint8_t>(p.type));
      put_str(out, p.name);
      put32(out, p.array_bytes);
      put32(out, p.align);
    }
    put32(out, static_cast<uint32_t>(k.code.size()));
    for (const Inst& inst : k.code) {
      EncodedInst e = encode(inst);
      put64(out, e[0]);
      put64(out, e[1]);
    }
  }
  put32(out, static_cast<uint32_t>(program.data.size()));
  for (const DataSegment& d : program.data) {
    put_str(out, d.name);
    out.push_back(d.constant ? 1 : 0);
    put64(out, d.address);
    put32(out, d.align);
    put32(out, static_cast<uint32_t>(d.bytes.size()));
    out.insert(out.end(), d.bytes.begin(), d.bytes.end());
  }
  return out;
}

bool is_binary_program(const std::vector<uint8_t>& bytes) {
  return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

Program read_binary(const std::vector<uint8_t>& bytes, const std::string& path) {
  Reader r(bytes, path);
  if (!is_binary_program(bytes)) r.fail("not a warpsim binary program (bad magic)");
  r.take(sizeof kMagic);
  uint32_t version = r.u32();
  if (version != kBinaryVersion && version != 2)
    r.fail("binary program version " + std::to_string(version) + " is not supported (expected " +
           std::to_string(kBinaryVersion) + ")");
  Program prog;
  prog.path = path;
  uint32_t nk = r.u32();
  for (uint32_t ki = 0; ki < nk; ++ki) {
    Kernel k;
    k.name = r.str();
    k.source_path = path;
    k.regs = r.u32();
    k.shared_bytes = r.u32();
    k.local_bytes = r.u32();
    if (k.regs < 1 || k.regs > kNumGeneralRegs) r.fail("kernel " + k.name + ": bad register count");
    uint32_t np = r.u32();
    if (np > 4096) r.fail("kernel " + k.name + ": too many params");
    for (uint32_t i = 0; i < np; ++i) {
      uint8_t t = r.u8();
      if (t >= static_cast<uint8_t>(ScalarType::count_))
        r.fail("kernel " + k.name + ": bad param type");
      std::string name = r.str();
      const uint32_t array_bytes = version >= 3 ? r.u32() : 0;
      const uint32_t align = version >= 3 ? r.u32() : 1;
      if (array_bytes == 0) {
        add_param(k, name, static_cast<ScalarType>(t));
      } else {
        if (t != static_cast<uint8_t>(ScalarType::u8) || array_bytes > 4096 || align == 0 ||
            align > 256 || (align & (align - 1)) != 0)
          r.fail("kernel " + k.name + ": bad array param " + name);
        add_array_param(k, name, array_bytes, align);
      }
    }
    uint32_t n = r.u32();
    if (n == 0 || uint64_t(n) * kInstBytes > bytes.size())
      r.fail("kernel " + k.name + ": bad instruction count");
    k.code.resize(n);
    for (uint32_t i = 0; i < n; ++i) {
      EncodedInst e;
      e[0] = r.u64();
      e[1] = r.u64();
      std::string why;
      std::string where = "kernel " + k.name + " instruction " + std::to_string(i) + ": ";
      if (!decode(e, k.code[i], why)) r.fail(where + why);
      const Inst& inst = k.code[i];
      if (opcode_info(inst.opcode).has_label()) {  // branch and call targets
        if (inst.imm % kInstBytes || inst.imm / kInstBytes >= n)
          r.fail(where + "branch target out of range");
        if (inst.reconv != kReconvAtExit &&
            (inst.reconv % kInstBytes || inst.reconv / kInstBytes >= n))
          r.fail(where + "reconvergence point out of range");
      }
      if (registers_needed(inst) > k.regs)
        r.fail(where + "uses a register beyond the kernel's count");
    }
    prog.kernels.push_back(std::move(k));
  }
  uint32_t nd = r.u32();
  for (uint32_t i = 0; i < nd; ++i) {
    DataSegment d;
    d.name = r.str();
    uint8_t c = r.u8();
    if (c > 1) r.fail("data segment " + d.name + ": bad space");
    d.constant = c == 1;
    d.address = r.u64();
    d.align = r.u32();
    uint32_t n = r.u32();
    const uint8_t* p = r.take(n);
    d.bytes.assign(p, p + n);
    prog.data.push_back(std::move(d));
  }
  if (!r.done()) r.fail("trailing bytes after the last data segment");
  return prog;
}

void save_binary(const Program& program, const std::string& path) {
  std::vector<uint8_t> bytes = write_binary(program);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) throw InputError(path, 0, "cannot write file");
}

Program load_program(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot read file");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (is_binary_program(bytes)) return read_binary(bytes, path);
  return assemble(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                  path);
}

}  // namespace warpsim::isa
