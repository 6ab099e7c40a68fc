#include "isa/ptx/ptx_frontend.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "isa/assembler.h"
#include "isa/ptx/emit.h"
#include "isa/ptx/ir_builder.h"
#include "isa/ptx/list_scheduler.h"
#include "isa/ptx/lower.h"
#include "isa/ptx/mir_cleanup.h"
#include "isa/ptx/module_layout.h"
#include "isa/ptx/parser.h"
#include "isa/ptx/regalloc.h"
#include "sim/error.h"

namespace warpsim::isa {

namespace {

using namespace ptx;

// The manifest/param-buffer type of a PTX kernel parameter. Struct parameters (`.b8 x[N]`)
// have no scalar type: they are described as u8 with their PTX size kept in param_bytes.
ScalarType scalar_of(const KernelParam& p) {
  if (p.array) return ScalarType::u8;
  switch (p.type) {
    case Type::u8:
    case Type::b8: return ScalarType::u8;
    case Type::s8: return ScalarType::i8;
    case Type::u16:
    case Type::b16: return ScalarType::u16;
    case Type::s16: return ScalarType::i16;
    case Type::s32: return ScalarType::i32;
    case Type::u64:
    case Type::b64: return ScalarType::u64;
    case Type::s64: return ScalarType::i64;
    case Type::f16: return ScalarType::f16;
    case Type::f32: return ScalarType::f32;
    case Type::f64: return ScalarType::f64;
    default: return ScalarType::u32;
  }
}

// "add.s32" from a PTX source line (for errors the chip assembler reports).
std::string ptx_opcode_at(std::string_view text, int line) {
  int cur = 1;
  size_t pos = 0;
  while (cur < line && pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return {};
    pos = nl + 1;
    ++cur;
  }
  size_t end = text.find('\n', pos);
  std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < l.size() && std::isspace(static_cast<unsigned char>(l[i]))) ++i;
  };
  skip_ws();
  if (i < l.size() && l[i] == '{') {
    ++i;
    skip_ws();
  }
  if (i < l.size() && l[i] == '@') {
    while (i < l.size() && !std::isspace(static_cast<unsigned char>(l[i]))) ++i;
    skip_ws();
  }
  size_t b = i;
  while (i < l.size() && !std::isspace(static_cast<unsigned char>(l[i])) && l[i] != ';') ++i;
  return std::string(l.substr(b, i - b));
}

struct Translation {
  Program program;
  std::string assembly;
};

Translation translate(std::string_view text, const std::string& path, const PtxOptions& options) {
  Module m = parse(text, path);
  ModuleLayout layout = layout_module(m, path);
  KernelText kt;
  std::vector<BuiltKernel> built;
  std::vector<Allocation> allocs;
  for (const Function& f : m.functions) {
    if (!f.entry) continue;
    if (!f.has_body) continue;  // a prototype of a kernel defined elsewhere
    BuiltKernel bk = build_kernel(m, layout, f, path);
    MFunction mf = lower_kernel(bk, layout, path);
    cleanup_control_flow(mf);
    fold_constants(mf);
    Allocation a = allocate_registers(mf, path);
    if (options.schedule) schedule_kernel(mf, a);
    emit_kernel(mf, a, bk.ir.shared_bytes, kt);
    allocs.push_back(a);
    built.push_back(std::move(bk));
  }
  if (built.empty()) throw InputError(path, 0, "no kernel (.entry) in this module");
  Translation t;
  try {
    t.program = assemble(kt.text, path + " (translated)");
  } catch (const InputError& e) {
    int line = e.line() > 0 && static_cast<size_t>(e.line()) <= kt.ptx_lines.size()
                   ? kt.ptx_lines[static_cast<size_t>(e.line() - 1)]
                   : 0;
    std::string op = line > 0 ? ptx_opcode_at(text, line) : std::string();
    throw InputError(path, line,
                     "unsupported instruction '" + op + "' (the chip ISA rejects its translation: " +
                         e.problem() + ")");
  }
  t.program.path = path;
  t.program.data = layout.data;
  for (size_t i = 0; i < t.program.kernels.size(); ++i) {
    Kernel& k = t.program.kernels[i];
    const BuiltKernel& bk = built[i];
    k.source_path = path;
    for (int& l : k.lines)
      l = l > 0 && static_cast<size_t>(l) <= kt.ptx_lines.size() ? kt.ptx_lines[static_cast<size_t>(l - 1)]
                                                                  : 0;
    k.params.clear();
    for (const KernelParam& p : bk.params)
      k.params.push_back(ParamDecl{p.name, scalar_of(p), p.offset, p.array ? p.bytes : 0, std::max(p.align, 1u)});
    k.param_bytes = bk.param_bytes;
    k.shared_bytes = bk.ir.shared_bytes;
    k.regs = allocs[i].regs;
  }
  t.assembly = std::move(kt.text);
  return t;
}

}  // namespace

Program translate_ptx(std::string_view text, const std::string& path, const PtxOptions& options) {
  return translate(text, path, options).program;
}

std::string translate_ptx_to_assembly(std::string_view text, const std::string& path,
                                      const PtxOptions& options) {
  return translate(text, path, options).assembly;
}

Program translate_ptx_file(const std::string& path, const PtxOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot read file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return translate_ptx(ss.str(), path, options);
}

}  // namespace warpsim::isa
