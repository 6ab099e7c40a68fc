#include "isa/ptx/ir_builder.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <unordered_map>

#include "sim/error.h"

namespace warpsim::isa::ptx {

RegClass class_of(Type t) {
  if (t == Type::pred) return RegClass::pred;
  switch (type_bytes(t)) {
    case 1:
    case 2: return RegClass::r16;
    case 8: return RegClass::r64;
    case 16: return RegClass::r128;
    default: return RegClass::r32;
  }
}

namespace {

uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) / a * a; }

// Special registers PTX programs read with mov (lowering decides which the chip provides).
bool is_special_register(const std::string& n) {
  static const char* const kNames[] = {
      "%tid",          "%ntid",          "%ctaid",         "%nctaid",
      "%laneid",       "%warpid",        "%nwarpid",       "%smid",
      "%nsmid",        "%gridid",        "%clock",         "%clock64",
      "%clock_hi",     "%globaltimer",   "%globaltimer_lo", "%globaltimer_hi",
      "%lanemask_eq",  "%lanemask_le",   "%lanemask_lt",   "%lanemask_ge",
      "%lanemask_gt",  "%dynamic_smem_size", "%total_smem_size", "%aggr_smem_size",
      "%current_graph_exec", "%is_explicit_cluster", "%clusterid", "%nclusterid",
      "%cluster_ctaid", "%cluster_nctaid", "%cluster_ctarank", "%cluster_nctarank",
      "%reserved_smem_offset_begin", "%reserved_smem_offset_end", "%reserved_smem_offset_cap",
      "%reserved_smem_offset_0", "%reserved_smem_offset_1",
  };
  std::string base = n.substr(0, n.find('.'));
  for (const char* k : kNames)
    if (base == k) return true;
  auto numbered = [&](const char* prefix) {
    size_t l = std::char_traits<char>::length(prefix);
    if (base.compare(0, l, prefix) != 0 || base.size() == l) return false;
    for (size_t i = l; i < base.size(); ++i)
      if (!std::isdigit(static_cast<unsigned char>(base[i]))) return base.substr(i) == "_64";
    return true;
  };
  return numbered("%envreg") || numbered("%pm");
}

struct ParamObj {
  bool in_mem = false;
  VReg reg = kNoReg;     // register-held: a scalar .param
  uint32_t local = 0;    // memory-held: index into IrKernel::locals
  uint32_t bytes = 0;
  Type type = Type::b32;
};

struct Binding {
  enum class Kind : uint8_t { reg, obj, local, shared, kparam, proto, range };
  Kind kind = Kind::reg;
  uint32_t index = 0;  // vreg, object, local, shared, kernel param, proto
  Type type = Type::b32;
  int count = 0;  // range
};

struct Scope {
  std::unordered_map<std::string, Binding> names;
  std::map<std::string, Binding> ranges;  // `%r<N>` prefixes
};

struct LabelScope {
  int parent = -1;
  std::unordered_map<std::string, uint32_t> labels;
};

class Builder {
 public:
  Builder(const Module& m, const ModuleLayout& ml, const std::string& path)
      : m_(m), ml_(ml), path_(path) {}

  BuiltKernel run(const Function& entry) {
    out_.ir.name = entry.name;
    out_.ir.fn = &entry;
    if (!entry.has_body) error(entry.line, "kernel " + entry.name + " has no body");
    Scope top;
    uint32_t off = 0;
    for (const VarDecl& p : entry.params) {
      if (p.space != Space::param) error(p.line, "kernel parameters must be .param");
      if (p.type == Type::pred) error(p.line, "a kernel parameter cannot be .pred");
      for (int64_t d : p.dims)
        if (d < 0) error(p.line, "kernel parameter " + p.name + " needs a size");
      KernelParam kp;
      kp.name = p.name;
      kp.type = p.type;
      kp.bytes = static_cast<uint32_t>(p.bytes());
      kp.align = p.alignment();
      kp.array = !p.dims.empty();
      kp.offset = align_up(off, kp.align);
      off = kp.offset + kp.bytes;
      if (top.names.count(p.name)) error(p.line, "duplicate parameter " + p.name);
      top.names[p.name] = Binding{Binding::Kind::kparam, static_cast<uint32_t>(out_.params.size()),
                                  p.type, 0};
      out_.params.push_back(kp);
    }
    if (off > 4096) error(entry.line, "kernel " + entry.name + " has more than 4 KiB of params");
    out_.param_bytes = off;
    stack_.push_back(&entry);
    body(entry, std::move(top), nullptr);
    stack_.pop_back();
    finish_layout();
    return std::move(out_);
  }

 private:
  [[noreturn]] void error(int line, const std::string& what) const {
    throw InputError(path_, line, what);
  }
  IrKernel& k() { return out_.ir; }
  void emit(IrInst in) { k().code.push_back(std::move(in)); }
  void emit_label(uint32_t l, int line) {
    IrInst in;
    in.is_label = true;
    in.label = l;
    in.line = line;
    emit(std::move(in));
  }
  void emit_bra(uint32_t l, int line, const Value& guard = {}) {
    IrInst in;
    in.op = "bra";
    in.guard = guard;
    Value t;
    t.kind = Value::Kind::label;
    t.label = l;
    in.args.push_back(t);
    in.line = line;
    emit(std::move(in));
  }
  static Value reg_value(VReg r) {
    Value v;
    v.kind = Value::Kind::reg;
    v.reg = r;
    return v;
  }
  static Value imm_value(uint64_t bits) {
    Value v;
    v.kind = Value::Kind::imm;
    v.bits = bits;
    return v;
  }
  void emit_mov(Type t, const Value& dst, const Value& src, int line) {
    IrInst in;
    in.op = "mov";
    in.mods = {t == Type::pred ? "pred" : std::string("b") + std::to_string(type_bytes(t) * 8)};
    if (type_bytes(t) == 1) in.mods = {"b16"};
    in.args = {dst, src};
    in.line = line;
    emit(std::move(in));
  }

  // ---- the current function instance (kernel body or an inlined callee)
  struct Instance {
    const Function* fn = nullptr;
    std::vector<Scope> scopes;
    std::vector<LabelScope> label_scopes;
    std::vector<int> stmt_label_scope;
    int cur_label_scope = 0;
    const uint32_t* ret_label = nullptr;  // inlined callee: `ret` jumps here
  };

  void body(const Function& f, Scope params, const uint32_t* ret_label) {
    auto inst = std::make_unique<Instance>();
    Instance& I = *inst;
    I.fn = &f;
    I.ret_label = ret_label;
    I.scopes.push_back(std::move(params));
    // Labels may be used before they appear: collect them per `{ }` scope first.
    I.label_scopes.push_back(LabelScope{});
    std::vector<int> open{0};
    I.stmt_label_scope.resize(f.body.size(), 0);
    for (size_t i = 0; i < f.body.size(); ++i) {
      const Stmt& s = f.body[i];
      if (s.kind == Stmt::Kind::open) {
        I.label_scopes.push_back(LabelScope{open.back(), {}});
        open.push_back(static_cast<int>(I.label_scopes.size() - 1));
      } else if (s.kind == Stmt::Kind::close) {
        if (open.size() == 1) error(s.line, "unbalanced '}'");
        open.pop_back();
      }
      I.stmt_label_scope[i] = open.back();
      if (s.kind == Stmt::Kind::label) {
        auto& labels = I.label_scopes[static_cast<size_t>(open.back())].labels;
        if (labels.count(s.label)) error(s.line, "duplicate label " + s.label);
        labels[s.label] = k().new_label();
      }
    }
    if (open.size() != 1) error(f.line, "unbalanced '{' in " + f.name);
    instances_.push_back(&I);
    for (size_t i = 0; i < f.body.size(); ++i) {
      const Stmt& s = f.body[i];
      I.cur_label_scope = I.stmt_label_scope[i];
      switch (s.kind) {
        case Stmt::Kind::open: I.scopes.emplace_back(); break;
        case Stmt::Kind::close: I.scopes.pop_back(); break;
        case Stmt::Kind::label:
          emit_label(I.label_scopes[static_cast<size_t>(I.cur_label_scope)].labels.at(s.label),
                     s.line);
          break;
        case Stmt::Kind::decl: declare(I, s.decl); break;
        case Stmt::Kind::proto:
          protos_.push_back(&s.proto);
          I.scopes.back().names[s.proto.name] =
              Binding{Binding::Kind::proto, static_cast<uint32_t>(protos_.size() - 1), Type::none,
                      0};
          break;
        case Stmt::Kind::branch_targets:
          error(s.line, "unsupported directive '.branchtargets'/.calltargets'");
        case Stmt::Kind::instr: instruction(I, s.instr); break;
      }
    }
    instances_.pop_back();
    bool falls_off = true;
    if (!k().code.empty()) {
      const IrInst& last = k().code.back();
      falls_off = last.is_label || last.guard.kind != Value::Kind::none ||
                  !(last.op == "ret" || last.op == "exit" || last.op == "trap" ||
                    last.op == "bra");
    }
    if (!ret_label && falls_off) {
      // A kernel that can run off its end returns: give it an explicit exit.
      IrInst r;
      r.op = "ret";
      r.line = f.body.empty() ? f.line : f.body.back().line;
      emit(std::move(r));
    }
  }

  void declare(Instance& I, const VarDecl& v) {
    Scope& sc = I.scopes.back();
    if (v.vec != 1 && v.space == Space::reg)
      error(v.line, "unsupported vector register declaration '" + v.name + "'");
    switch (v.space) {
      case Space::reg: {
        if (!v.dims.empty()) error(v.line, "register arrays are not supported");
        if (v.range >= 0) {
          sc.ranges[v.name] = Binding{Binding::Kind::range, 0, v.type, v.range};
        } else {
          VReg r = k().new_vreg(class_of(v.type), v.type, v.name);
          sc.names[v.name] = Binding{Binding::Kind::reg, r, v.type, 0};
        }
        return;
      }
      case Space::local: {
        for (int64_t d : v.dims)
          if (d < 0) error(v.line, "local array " + v.name + " needs a size");
        sc.names[v.name] = Binding{Binding::Kind::local, new_local(v.name, v.bytes(), v.alignment()),
                                   v.type, 0};
        return;
      }
      case Space::shared: {
        auto key = std::make_pair(I.fn, v.name);
        auto it = fn_shared_.find(key);
        uint32_t idx;
        if (it != fn_shared_.end()) {
          idx = it->second;
        } else {
          if (v.linkage == "extern") error(v.line, "function-scope .extern .shared is not supported");
          for (int64_t d : v.dims)
            if (d < 0) error(v.line, "shared array " + v.name + " needs a size");
          idx = static_cast<uint32_t>(k().shared.size());
          SharedVar sv;
          sv.name = v.name;
          sv.bytes = static_cast<uint32_t>(v.bytes());
          sv.align = v.alignment();
          k().shared.push_back(sv);
          fn_shared_[key] = idx;
        }
        sc.names[v.name] = Binding{Binding::Kind::shared, idx, v.type, 0};
        return;
      }
      case Space::param: {
        ParamObj o;
        o.type = v.type;
        o.bytes = static_cast<uint32_t>(v.bytes());
        if (v.dims.empty() && v.vec == 1 && v.type != Type::pred && o.bytes <= 8) {
          o.reg = k().new_vreg(class_of(v.type) == RegClass::r16 ? RegClass::r32 : class_of(v.type),
                               v.type, v.name);
        } else {
          o.in_mem = true;
          o.local = new_local(v.name, v.bytes(), v.alignment());
        }
        objs_.push_back(o);
        sc.names[v.name] =
            Binding{Binding::Kind::obj, static_cast<uint32_t>(objs_.size() - 1), v.type, 0};
        return;
      }
      default:
        error(v.line, "unsupported ." + std::string(space_name(v.space)) +
                          " declaration inside a function");
    }
  }

  uint32_t new_local(const std::string& name, uint64_t bytes, uint32_t align) {
    if (bytes > (uint64_t(1) << 24)) error(0, "local variable " + name + " is too large");
    LocalVar lv;
    lv.name = name;
    lv.align = align;
    lv.bytes = static_cast<uint32_t>(bytes);
    lv.offset = align_up(k().local_bytes, align);
    k().local_bytes = lv.offset + lv.bytes;
    k().locals.push_back(lv);
    return static_cast<uint32_t>(k().locals.size() - 1);
  }

  // ---- name resolution
  const Binding* find_binding(Instance& I, const std::string& name) {
    for (size_t i = I.scopes.size(); i-- > 0;) {
      Scope& sc = I.scopes[i];
      auto it = sc.names.find(name);
      if (it != sc.names.end()) return &it->second;
      if (!sc.ranges.empty()) {
        size_t d = name.size();
        while (d > 0 && std::isdigit(static_cast<unsigned char>(name[d - 1]))) --d;
        if (d < name.size() && d > 0) {
          auto r = sc.ranges.find(name.substr(0, d));
          if (r != sc.ranges.end()) {
            std::string digits = name.substr(d);
            if (digits.size() > 1 && digits[0] == '0') continue;  // %r01 is not %r1
            long idx = digits.size() > 9 ? -1 : std::stol(digits);
            if (idx >= 0 && idx < r->second.count) {
              VReg v = k().new_vreg(class_of(r->second.type), r->second.type, name);
              auto ins = sc.names.emplace(name, Binding{Binding::Kind::reg, v, r->second.type, 0});
              return &ins.first->second;
            }
          }
        }
      }
    }
    return nullptr;
  }

  bool find_label(Instance& I, const std::string& name, uint32_t& id) {
    for (int s = I.cur_label_scope; s >= 0; s = I.label_scopes[static_cast<size_t>(s)].parent) {
      auto& m = I.label_scopes[static_cast<size_t>(s)].labels;
      auto it = m.find(name);
      if (it != m.end()) {
        id = it->second;
        return true;
      }
    }
    return false;
  }

  // A module-scope variable (or function) used by this kernel.
  bool module_symbol(const std::string& name, int line, Symbol& sym) {
    auto g = ml_.global_index.find(name);
    if (g != ml_.global_index.end()) {
      const VarDecl& v = m_.globals[static_cast<size_t>(g->second)];
      sym.name = name;
      switch (v.space) {
        case Space::global:
        case Space::const_:
          if (v.linkage == "extern")
            error(line, "extern variable '" + name + "' has no definition in this module");
          sym.kind = v.space == Space::global ? SymKind::global_var : SymKind::const_var;
          sym.index = static_cast<uint32_t>(g->second);
          return true;
        case Space::shared:
          if (v.linkage == "extern" && !v.dims.empty() && v.dims.back() < 0) {
            sym.kind = SymKind::extern_shared;
            k().uses_dynamic_shared = true;
            dyn_align_ = std::max(dyn_align_, v.alignment());
            return true;
          }
          if (v.linkage == "extern")
            error(line, "extern shared variable '" + name + "' must be an unsized array");
          {
            auto it = module_shared_.find(g->second);
            if (it == module_shared_.end()) {
              SharedVar sv;
              sv.name = name;
              sv.bytes = static_cast<uint32_t>(v.bytes());
              sv.align = v.alignment();
              sv.module_index = g->second;
              k().shared.push_back(sv);
              it = module_shared_.emplace(g->second, static_cast<uint32_t>(k().shared.size() - 1))
                       .first;
            }
            sym.kind = SymKind::shared_var;
            sym.index = it->second;
          }
          return true;
        case Space::local: {
          auto it = module_local_.find(g->second);
          if (it == module_local_.end())
            it = module_local_.emplace(g->second, new_local(name, v.bytes(), v.alignment())).first;
          sym.kind = SymKind::local_var;
          sym.index = it->second;
          return true;
        }
        default: error(line, "unsupported variable '" + name + "'");
      }
    }
    auto f = ml_.function_index.find(name);
    if (f != ml_.function_index.end()) {
      sym.kind = SymKind::func_addr;
      sym.index = static_cast<uint32_t>(f->second);
      sym.name = name;
      return true;
    }
    return false;
  }

  Value resolve_name(Instance& I, const Operand& o) {
    Value v;
    if (const Binding* b = find_binding(I, o.name)) {
      switch (b->kind) {
        case Binding::Kind::reg:
          v.kind = Value::Kind::reg;
          v.reg = b->index;
          v.neg = o.neg;
          return v;
        case Binding::Kind::local:
          v.kind = Value::Kind::sym;
          v.has_sym = true;
          v.sym = Symbol{SymKind::local_var, b->index, o.name};
          v.offset = o.offset;
          return v;
        case Binding::Kind::shared:
          v.kind = Value::Kind::sym;
          v.has_sym = true;
          v.sym = Symbol{SymKind::shared_var, b->index, o.name};
          v.offset = o.offset;
          return v;
        case Binding::Kind::obj: {
          const ParamObj& ob = objs_[b->index];
          if (!ob.in_mem)
            error(o.line, "taking the address of .param '" + o.name + "' is not supported");
          v.kind = Value::Kind::sym;
          v.has_sym = true;
          v.sym = Symbol{SymKind::local_var, ob.local, o.name};
          v.offset = o.offset;
          return v;
        }
        case Binding::Kind::kparam:
          error(o.line, "taking the address of kernel parameter '" + o.name +
                            "' is not supported (use ld.param [" + o.name + "+offset])");
        case Binding::Kind::proto:
          error(o.line, "prototype '" + o.name + "' used as a value");
        case Binding::Kind::range: break;
      }
    }
    if (o.neg) error(o.line, "'!' applies to predicate registers only, not '" + o.name + "'");
    uint32_t label;
    if (find_label(I, o.name, label)) {
      v.kind = Value::Kind::label;
      v.label = label;
      return v;
    }
    Symbol sym;
    if (module_symbol(o.name, o.line, sym)) {
      v.kind = Value::Kind::sym;
      v.has_sym = true;
      v.sym = sym;
      v.offset = o.offset;
      return v;
    }
    if (o.name == "WARP_SZ") {  // PTX's predefined warp-size constant
      v.kind = Value::Kind::imm;
      v.bits = 32;
      return v;
    }
    if (!o.name.empty() && o.name[0] == '%' && is_special_register(o.name)) {
      v.kind = Value::Kind::sreg;
      v.sreg = o.name;
      return v;
    }
    error(o.line, "unknown name '" + o.name + "'");
  }

  Value resolve(Instance& I, const Operand& o) {
    Value v;
    switch (o.kind) {
      case Operand::Kind::name: {
        v = resolve_name(I, o);
        if (!o.pair.empty()) {
          Operand second;
          second.kind = Operand::Kind::name;
          second.name = o.pair;
          second.line = o.line;
          Value pv;
          pv.kind = Value::Kind::vec;
          pv.elems = {v, resolve_name(I, second)};
          pv.offset = 1;  // marks `a|b` (not a `{a, b}` vector)
          return pv;
        }
        return v;
      }
      case Operand::Kind::integer:
      case Operand::Kind::f32:
      case Operand::Kind::f64:
        v.kind = Value::Kind::imm;
        v.bits = o.value;
        v.lit = o.kind;
        return v;
      case Operand::Kind::sink: v.kind = Value::Kind::sink; return v;
      case Operand::Kind::vector:
        v.kind = Value::Kind::vec;
        for (const Operand& e : o.elems) v.elems.push_back(resolve(I, e));
        return v;
      case Operand::Kind::address: {
        v.kind = Value::Kind::addr;
        v.offset = o.offset;
        if (o.name.empty()) return v;
        Operand base;
        base.kind = Operand::Kind::name;
        base.name = o.name;
        base.line = o.line;
        const Binding* b = find_binding(I, o.name);
        if (b && b->kind == Binding::Kind::kparam) {
          v.has_sym = true;
          v.sym = Symbol{SymKind::kernel_param, b->index, o.name};
          return v;
        }
        Value bv = resolve_name(I, base);
        if (bv.kind == Value::Kind::reg) {
          if (k().vregs[bv.reg].cls == RegClass::pred || k().vregs[bv.reg].cls == RegClass::r16)
            error(o.line, "address register '" + o.name + "' must be 32 or 64 bits");
          v.elems.push_back(bv);
        } else if (bv.kind == Value::Kind::sym) {
          v.has_sym = true;
          v.sym = bv.sym;
          v.offset += bv.offset;
        } else {
          error(o.line, "bad address base '" + o.name + "'");
        }
        return v;
      }
      case Operand::Kind::list: error(o.line, "unexpected argument list");
    }
    return v;
  }

  // ---- instructions
  void instruction(Instance& I, const Instr& s) {
    if (s.op == "call") {
      call(I, s);
      return;
    }
    IrInst in;
    in.op = s.op;
    in.mods = s.mods;
    in.line = s.line;
    if (!s.guard.empty()) {
      Operand g;
      g.kind = Operand::Kind::name;
      g.name = s.guard;
      g.line = s.line;
      in.guard = resolve_name(I, g);
      if (in.guard.kind != Value::Kind::reg || k().vregs[in.guard.reg].cls != RegClass::pred)
        error(s.line, "guard '" + s.guard + "' is not a predicate register");
      in.guard.neg = s.guard_neg;
    }
    if (s.op == "ret" && I.ret_label) {
      emit_bra(*I.ret_label, s.line, in.guard);
      return;
    }
    if ((s.op == "ld" || s.op == "st") && s.has("param") && param_object_access(I, s, in)) return;
    for (const Operand& o : s.args)
      if (o.kind == Operand::Kind::list) {
        std::string name = s.op;
        for (const std::string& m : s.mods) name += "." + m;
        error(s.line, "unsupported instruction '" + name + "'");
      }
    for (const Operand& o : s.args) in.args.push_back(resolve(I, o));
    emit(std::move(in));
  }

  // ld.param / st.param on a call-site .param object (or an inlined callee's parameter).
  bool param_object_access(Instance& I, const Instr& s, IrInst& in) {
    bool load = s.op == "ld";
    size_t ai = load ? 1 : 0;
    if (s.args.size() != 2 || s.args[ai].kind != Operand::Kind::address) return false;
    const Binding* b = find_binding(I, s.args[ai].name);
    if (!b || b->kind != Binding::Kind::obj) return false;
    const ParamObj& ob = objs_[b->index];
    Value data = resolve(I, s.args[1 - ai]);
    if (ob.in_mem) {
      // Rewrite as a local-memory access to the object's slot.
      Value a;
      a.kind = Value::Kind::addr;
      a.has_sym = true;
      a.sym = Symbol{SymKind::local_var, ob.local, s.args[ai].name};
      a.offset = s.args[ai].offset;
      for (std::string& m : in.mods)
        if (m == "param") m = "local";
      in.args = load ? std::vector<Value>{data, a} : std::vector<Value>{a, data};
      emit(std::move(in));
      return true;
    }
    in.op = load ? "%ldobj" : "%stobj";
    Value obj = reg_value(ob.reg);
    obj.offset = s.args[ai].offset;
    in.args = {data, obj};
    emit(std::move(in));
    return true;
  }

  // call[.uni] [(rets),] target[, (args)][, proto];
  void call(Instance& I, const Instr& s) {
    const std::vector<Operand>& a = s.args;
    size_t i = 0;
    std::vector<Operand> rets, params;
    if (a.size() >= 2 && a[0].kind == Operand::Kind::list) rets = a[i++].elems;
    if (i >= a.size() || a[i].kind != Operand::Kind::name)
      error(s.line, "call needs a target function");
    const Operand& target = a[i++];
    if (i < a.size() && a[i].kind == Operand::Kind::list) params = a[i++].elems;
    const CallProto* proto = nullptr;
    if (i < a.size()) {
      if (a[i].kind != Operand::Kind::name) error(s.line, "bad call operand");
      const Binding* b = find_binding(I, a[i].name);
      if (b && b->kind == Binding::Kind::proto) proto = protos_[b->index];
      else error(s.line, "unsupported call target list '" + a[i].name + "'");
      ++i;
    }
    if (i != a.size()) error(s.line, "too many call operands");

    uint32_t skip = 0;
    bool guarded = !s.guard.empty();
    if (guarded) {
      Operand g;
      g.kind = Operand::Kind::name;
      g.name = s.guard;
      g.line = s.line;
      Value gv = resolve_name(I, g);
      gv.neg = !s.guard_neg;
      skip = k().new_label();
      emit_bra(skip, s.line, gv);
    }

    const Binding* tb = find_binding(I, target.name);
    if (tb && tb->kind == Binding::Kind::reg) {
      indirect_call(I, s, reg_value(tb->index), rets, params, proto);
    } else {
      auto f = ml_.function_index.find(target.name);
      if (f == ml_.function_index.end()) error(s.line, "call to unknown function " + target.name);
      const Function& fn = m_.functions[static_cast<size_t>(f->second)];
      if (!fn.has_body) {
        external_call(I, s, fn, rets);
      } else {
        inline_call(I, s, fn, rets, params);
      }
    }
    if (guarded) emit_label(skip, s.line);
  }

  // Functions without a body: the CUDA runtime's device-side helpers.
  void external_call(Instance& I, const Instr& s, const Function& fn,
                     const std::vector<Operand>& rets) {
    if (fn.name == "vprintf") {
      // printf output is not modelled: the call does nothing and returns 0 (its documented
      // "number of arguments" result is not used by nvcc's code).
      for (const Operand& r : rets) {
        const Binding* b = find_binding(I, r.name);
        if (b && b->kind == Binding::Kind::obj && !objs_[b->index].in_mem) {
          const ParamObj& ob = objs_[b->index];
          emit_mov(ob.type, reg_value(ob.reg), imm_value(0), s.line);
        }
      }
      return;
    }
    if (fn.name == "__assertfail" || fn.name == "__assert_fail") {
      IrInst t;
      t.op = "trap";
      t.line = s.line;
      emit(std::move(t));
      return;
    }
    error(s.line, "unsupported call to external function " + fn.name +
                      " (declared without a body in this module)");
  }

  void inline_call(Instance& I, const Instr& s, const Function& fn,
                   const std::vector<Operand>& rets, const std::vector<Operand>& params) {
    if (std::find(stack_.begin(), stack_.end(), &fn) != stack_.end())
      error(s.line, "unsupported recursive call to " + fn.name +
                        " (calls are inlined; the chip has no PTX call stack)");
    if (stack_.size() > 64) error(s.line, "calls nested too deeply");
    if (params.size() != fn.params.size())
      error(s.line, "call to " + fn.name + " passes " + std::to_string(params.size()) +
                        " arguments, it takes " + std::to_string(fn.params.size()));
    if (rets.size() != fn.rets.size())
      error(s.line, "call to " + fn.name + " expects " + std::to_string(rets.size()) +
                        " results, it returns " + std::to_string(fn.rets.size()));
    Scope callee;
    for (size_t j = 0; j < params.size(); ++j) bind_param(I, s, fn.params[j], params[j], callee, true);
    std::vector<std::pair<Value, Value>> copy_out;
    for (size_t j = 0; j < rets.size(); ++j) {
      Value tmp = bind_param(I, s, fn.rets[j], rets[j], callee, false);
      if (tmp.kind != Value::Kind::none) {
        Operand r = rets[j];
        copy_out.push_back({resolve(I, r), tmp});
      }
    }
    uint32_t ret = k().new_label();
    stack_.push_back(&fn);
    body(fn, std::move(callee), &ret);
    stack_.pop_back();
    emit_label(ret, s.line);
    for (size_t j = 0; j < copy_out.size(); ++j)
      emit_mov(fn.rets[j].type, copy_out[j].first, copy_out[j].second, s.line);
  }

  // Binds callee parameter `p` to call operand `arg`. A caller .param object is shared with
  // the callee; a register or immediate argument is copied into a fresh register. For a
  // result bound to a caller register, returns the callee-side value to copy out afterwards.
  Value bind_param(Instance& I, const Instr& s, const VarDecl& p, const Operand& arg,
                   Scope& callee, bool is_arg) {
    if (arg.kind == Operand::Kind::name) {
      const Binding* b = find_binding(I, arg.name);
      if (b && b->kind == Binding::Kind::obj) {
        if (p.space != Space::param)
          error(s.line, "argument " + arg.name + " is a .param but " + p.name + " is a .reg");
        if (objs_[b->index].bytes < p.bytes())
          error(s.line, "argument " + arg.name + " is smaller than parameter " + p.name);
        callee.names[p.name] = *b;
        return {};
      }
    }
    if (p.type == Type::pred || (p.space == Space::param && !p.dims.empty()))
      error(s.line, "unsupported argument for parameter " + p.name);
    VReg r = k().new_vreg(class_of(p.type), p.type, p.name);
    if (p.space == Space::reg) {
      callee.names[p.name] = Binding{Binding::Kind::reg, r, p.type, 0};
    } else {
      ParamObj o;
      o.type = p.type;
      o.bytes = static_cast<uint32_t>(p.bytes());
      o.reg = r;
      objs_.push_back(o);
      callee.names[p.name] = Binding{Binding::Kind::obj, static_cast<uint32_t>(objs_.size() - 1),
                                     p.type, 0};
    }
    if (is_arg) {
      emit_mov(p.type, reg_value(r), resolve(I, arg), s.line);
      return {};
    }
    return reg_value(r);
  }

  bool same_signature(const Function& f, const CallProto& p) const {
    auto same = [](const std::vector<VarDecl>& a, const std::vector<VarDecl>& b) {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (a[i].bytes() != b[i].bytes() || a[i].space != b[i].space) return false;
      return true;
    };
    return same(f.params, p.params) && same(f.rets, p.rets);
  }

  // An indirect call: compare the pointer with each address-taken function of a matching
  // signature and run that function inlined; an unknown pointer traps.
  void indirect_call(Instance& I, const Instr& s, const Value& target,
                     const std::vector<Operand>& rets, const std::vector<Operand>& params,
                     const CallProto* proto) {
    if (k().vregs[target.reg].cls != RegClass::r64)
      error(s.line, "indirect call target must be a 64-bit register");
    std::vector<const Function*> cands;
    for (int fi : ml_.address_taken) {
      const Function& f = m_.functions[static_cast<size_t>(fi)];
      if (!f.has_body) continue;
      if (proto ? !same_signature(f, *proto)
                : (f.params.size() != params.size() || f.rets.size() != rets.size()))
        continue;
      cands.push_back(&f);
    }
    // Compare with every candidate first and trap (guarded) when none matches; then branch to
    // the candidates, the last one falling through. Every path then meets after the call, so
    // a warp whose lanes call different functions reconverges there (an unguarded TRAP on
    // one path would make the kernel exit the branches' post-dominator instead).
    if (cands.empty()) {
      IrInst trap;
      trap.op = "trap";
      trap.line = s.line;
      emit(std::move(trap));
      return;
    }
    std::vector<VReg> hit;
    for (const Function* f : cands) {
      VReg p = k().new_vreg(RegClass::pred, Type::pred);
      IrInst cmp;
      cmp.op = "setp";
      cmp.mods = {"eq", "u64"};
      cmp.args = {reg_value(p), target,
                  imm_value(ml_.function_address[static_cast<size_t>(ml_.function_index.at(f->name))])};
      cmp.line = s.line;
      emit(std::move(cmp));
      hit.push_back(p);
    }
    VReg any = hit[0];
    for (size_t c = 1; c < hit.size(); ++c) {
      VReg q = k().new_vreg(RegClass::pred, Type::pred);
      IrInst orp;
      orp.op = "or";
      orp.mods = {"pred"};
      orp.args = {reg_value(q), reg_value(any), reg_value(hit[c])};
      orp.line = s.line;
      emit(std::move(orp));
      any = q;
    }
    IrInst trap;
    trap.op = "trap";
    trap.line = s.line;
    trap.guard = reg_value(any);
    trap.guard.neg = true;
    emit(std::move(trap));
    std::vector<uint32_t> labels;
    for (size_t c = 0; c + 1 < cands.size(); ++c) {
      labels.push_back(k().new_label());
      emit_bra(labels.back(), s.line, reg_value(hit[c]));
    }
    uint32_t done = k().new_label();
    inline_call(I, s, *cands.back(), rets, params);
    emit_bra(done, s.line);
    for (size_t c = 0; c + 1 < cands.size(); ++c) {
      emit_label(labels[c], s.line);
      inline_call(I, s, *cands[c], rets, params);
      emit_bra(done, s.line);
    }
    emit_label(done, s.line);
  }

  void finish_layout() {
    uint32_t off = 0;
    for (SharedVar& sv : k().shared) {
      sv.offset = align_up(off, sv.align);
      off = sv.offset + sv.bytes;
    }
    if (k().uses_dynamic_shared) off = align_up(off, std::max<uint32_t>(dyn_align_, 16));
    k().shared_bytes = off;
  }

  const Module& m_;
  const ModuleLayout& ml_;
  const std::string& path_;
  BuiltKernel out_;
  std::vector<const Function*> stack_;
  std::vector<Instance*> instances_;
  std::vector<ParamObj> objs_;
  std::vector<const CallProto*> protos_;
  std::map<std::pair<const Function*, std::string>, uint32_t> fn_shared_;
  std::map<int, uint32_t> module_shared_;
  std::map<int, uint32_t> module_local_;
  uint32_t dyn_align_ = 1;
};

}  // namespace

BuiltKernel build_kernel(const Module& m, const ModuleLayout& layout, const Function& entry,
                         const std::string& path) {
  return Builder(m, layout, path).run(entry);
}

}  // namespace warpsim::isa::ptx
