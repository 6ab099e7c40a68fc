#include "isa/ptx/module_layout.h"

#include <cstring>

#include "sim/error.h"

namespace warpsim::isa::ptx {

namespace {

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

class Layout {
 public:
  Layout(const Module& m, const std::string& path) : m_(m), path_(path) {}

  ModuleLayout run() {
    index_names();
    find_address_taken();
    place_variables();
    return std::move(out_);
  }

 private:
  [[noreturn]] void error(int line, const std::string& what) const {
    throw InputError(path_, line, what);
  }

  void index_names() {
    for (size_t i = 0; i < m_.functions.size(); ++i) {
      const Function& f = m_.functions[i];
      auto it = out_.function_index.find(f.name);
      if (it == out_.function_index.end()) {
        out_.function_index.emplace(f.name, static_cast<int>(i));
        continue;
      }
      const Function& prev = m_.functions[static_cast<size_t>(it->second)];
      if (prev.has_body && f.has_body) error(f.line, "duplicate definition of function " + f.name);
      if (f.has_body) it->second = static_cast<int>(i);
    }
    for (size_t i = 0; i < m_.globals.size(); ++i) {
      const VarDecl& v = m_.globals[i];
      if (out_.function_index.count(v.name))
        error(v.line, "'" + v.name + "' is declared both as a function and a variable");
      auto it = out_.global_index.find(v.name);
      if (it != out_.global_index.end()) {
        const VarDecl& prev = m_.globals[static_cast<size_t>(it->second)];
        if (prev.linkage != "extern" && v.linkage != "extern")
          error(v.line, "duplicate definition of variable " + v.name);
        if (v.linkage != "extern") it->second = static_cast<int>(i);
        continue;
      }
      out_.global_index.emplace(v.name, static_cast<int>(i));
    }
  }

  void mark_taken(const std::string& name) {
    auto it = out_.function_index.find(name);
    if (it == out_.function_index.end()) return;
    taken_.resize(m_.functions.size(), 0);
    taken_[static_cast<size_t>(it->second)] = 1;
  }

  void scan_init(const Operand& o) {
    if (o.kind == Operand::Kind::name) mark_taken(o.name);
    for (const Operand& e : o.elems) scan_init(e);
  }

  // A function is a value when an initializer or a non-call instruction names it.
  void find_address_taken() {
    taken_.assign(m_.functions.size(), 0);
    for (const VarDecl& v : m_.globals)
      if (v.has_init) scan_init(v.init);
    for (const Function& f : m_.functions) {
      for (const Stmt& s : f.body) {
        if (s.kind != Stmt::Kind::instr || s.instr.op == "call") continue;
        for (const Operand& o : s.instr.args) scan_init(o);
      }
    }
    out_.function_address.assign(m_.functions.size(), 0);
    uint64_t n = 0;
    for (size_t i = 0; i < m_.functions.size(); ++i) {
      if (!taken_[i]) continue;
      out_.address_taken.push_back(static_cast<int>(i));
      out_.function_address[i] = kFunctionAddressBase + 16 * n++;
    }
  }

  void place_variables() {
    out_.global_address.assign(m_.globals.size(), 0);
    uint64_t next_global = kGlobalDataBase;
    uint64_t next_const = 0;
    for (size_t i = 0; i < m_.globals.size(); ++i) {
      const VarDecl& v = m_.globals[i];
      if (v.space != Space::global && v.space != Space::const_) continue;
      if (v.linkage == "extern") continue;  // resolved to its definition, if any
      if (v.type == Type::pred) error(v.line, "a .pred variable cannot live in memory");
      for (int64_t d : v.dims)
        if (d < 0) error(v.line, "array " + v.name + " needs a size (only .extern .shared may omit it)");
      uint64_t bytes = v.bytes();
      if (bytes > (uint64_t(1) << 31)) error(v.line, "variable " + v.name + " is too large");
      DataSegment seg;
      seg.name = v.name;
      seg.constant = v.space == Space::const_;
      seg.align = v.alignment();
      if (seg.constant) {
        next_const = align_up(next_const, seg.align);
        seg.address = next_const;
        next_const += bytes;
        if (next_const > kConstBankBytes)
          error(v.line, ".const data exceeds the 64 KiB constant bank at " + v.name);
      } else {
        next_global = align_up(next_global, std::max<uint64_t>(256, seg.align));
        seg.address = next_global;
        next_global += std::max<uint64_t>(bytes, 1);
        if (next_global > kGlobalDataLimit)
          error(v.line, ".global data exceeds its window (" + std::to_string(kGlobalDataLimit -
                                                                               kGlobalDataBase) +
                            " bytes) at " + v.name);
      }
      seg.bytes.assign(bytes, 0);
      out_.global_address[i] = seg.address;
      pending_.push_back({i, out_.data.size()});
      out_.data.push_back(std::move(seg));
    }
    // Initializers may name variables declared later: fill them once every address is known.
    for (const auto& p : pending_) {
      const VarDecl& v = m_.globals[p.first];
      if (!v.has_init) continue;
      DataSegment& seg = out_.data[p.second];
      size_t pos = 0;
      fill(v, v.init, seg.bytes, pos, 0);
    }
  }

  uint64_t symbol_value(const Operand& o) {
    auto g = out_.global_index.find(o.name);
    if (g != out_.global_index.end()) {
      const VarDecl& target = m_.globals[static_cast<size_t>(g->second)];
      if (target.space != Space::global && target.space != Space::const_)
        error(o.line, "initializer names " + std::string(space_name(target.space)) +
                          " variable '" + o.name + "' (only .global/.const addresses are known)");
      if (target.linkage == "extern")
        error(o.line, "initializer names extern variable '" + o.name + "' with no definition");
      if (target.space == Space::const_ && o.generic)
        error(o.line, "generic() of a .const variable is not supported");
      return out_.global_address[static_cast<size_t>(g->second)] +
             static_cast<uint64_t>(o.offset);
    }
    auto f = out_.function_index.find(o.name);
    if (f != out_.function_index.end())
      return out_.function_address[static_cast<size_t>(f->second)] +
             static_cast<uint64_t>(o.offset);
    error(o.line, "unknown name '" + o.name + "' in an initializer");
  }

  // Writes `init` (a scalar or a nested list) at element position `pos` of the variable.
  void fill(const VarDecl& v, const Operand& init, std::vector<uint8_t>& bytes, size_t& pos,
            int depth) {
    if (init.kind == Operand::Kind::list) {
      if (depth > 8) error(init.line, "initializer nested too deeply");
      for (const Operand& e : init.elems) fill(v, e, bytes, pos, depth + 1);
      return;
    }
    uint64_t eb = type_bytes(v.type);
    if ((pos + 1) * eb > bytes.size())
      error(init.line, "too many initializer values for " + v.name);
    uint64_t bits = 0;
    switch (init.kind) {
      case Operand::Kind::integer:
        bits = init.value;
        if (v.type == Type::f32) {
          float f = static_cast<float>(static_cast<int64_t>(init.value));
          uint32_t b;
          std::memcpy(&b, &f, 4);
          bits = b;
        } else if (v.type == Type::f64) {
          double d = static_cast<double>(static_cast<int64_t>(init.value));
          std::memcpy(&bits, &d, 8);
        }
        break;
      case Operand::Kind::f32:
      case Operand::Kind::f64: {
        double d;
        if (init.kind == Operand::Kind::f32) {
          float f;
          uint32_t b = static_cast<uint32_t>(init.value);
          std::memcpy(&f, &b, 4);
          d = f;
        } else {
          std::memcpy(&d, &init.value, 8);
        }
        if (v.type == Type::f32) {
          float f = static_cast<float>(d);
          uint32_t b;
          std::memcpy(&b, &f, 4);
          bits = b;
        } else if (v.type == Type::f64) {
          std::memcpy(&bits, &d, 8);
        } else if (init.kind == Operand::Kind::f32 && eb == 4) {
          bits = init.value;  // a 0f pattern in a .b32/.u32 variable: its bits
        } else if (init.kind == Operand::Kind::f64 && eb == 8) {
          bits = init.value;
        } else {
          error(init.line, "floating-point initializer for ." + std::string(type_name(v.type)) +
                               " variable " + v.name);
        }
        break;
      }
      case Operand::Kind::name:
        if (eb < 8 && !(eb == 4 && v.space == Space::const_))
          error(init.line, "address of '" + init.name + "' does not fit a ." +
                               type_name(v.type) + " element");
        bits = symbol_value(init);
        break;
      default: error(init.line, "bad initializer");
    }
    for (uint64_t b = 0; b < eb; ++b) bytes[pos * eb + b] = static_cast<uint8_t>(bits >> (8 * b));
    ++pos;
  }

  const Module& m_;
  const std::string& path_;
  ModuleLayout out_;
  std::vector<char> taken_;
  std::vector<std::pair<size_t, size_t>> pending_;
};

}  // namespace

ModuleLayout layout_module(const Module& m, const std::string& path) {
  return Layout(m, path).run();
}

}  // namespace warpsim::isa::ptx
