#include "isa/ptx/parser.h"

#include <cstring>

#include "isa/ptx/lexer.h"
#include "sim/error.h"

namespace warpsim::isa::ptx {

namespace {

// Directives that tune performance or describe the target and change no semantics.
const char* const kIgnoredFunctionDirectives[] = {
    ".maxntid",       ".reqntid",           ".minnctapersm",    ".maxnctapersm", ".maxnreg",
    ".noreturn",      ".explicitcluster",   ".reqnctapercluster", ".maxclusterrank",
    ".blocksareclusters", ".abi_preserve",  ".abi_preserve_control",
};

bool is_ignored_function_directive(const std::string& d) {
  for (const char* x : kIgnoredFunctionDirectives)
    if (d == x) return true;
  return false;
}

Space space_of(const std::string& d) {
  if (d == ".reg") return Space::reg;
  if (d == ".sreg") return Space::sreg;
  if (d == ".const") return Space::const_;
  if (d == ".global") return Space::global;
  if (d == ".local") return Space::local;
  if (d == ".param") return Space::param;
  if (d == ".shared") return Space::shared;
  return Space::none;
}

class Parser {
 public:
  Parser(std::vector<Token> toks, const std::string& path) : t_(std::move(toks)), path_(path) {}

  Module run() {
    while (!at_end()) top_level();
    return std::move(m_);
  }

 private:
  // ---- token helpers
  const Token& cur() const { return t_[p_]; }
  const Token& ahead(size_t k) const { return t_[std::min(p_ + k, t_.size() - 1)]; }
  bool at_end() const { return cur().kind == Tok::end; }
  const Token& next() {
    const Token& t = t_[p_];
    if (t.kind != Tok::end) ++p_;
    return t;
  }
  bool is(Tok k, const char* text = nullptr) const {
    return cur().kind == k && (!text || cur().text == text);
  }
  bool is_punct(char c) const {
    return cur().kind == Tok::punct && cur().text.size() == 1 && cur().text[0] == c;
  }
  bool accept_punct(char c) {
    if (!is_punct(c)) return false;
    ++p_;
    return true;
  }
  [[noreturn]] void error(const std::string& what) const {
    throw InputError(path_, cur().line, what);
  }
  [[noreturn]] void error_at(int line, const std::string& what) const {
    throw InputError(path_, line, what);
  }
  std::string describe(const Token& t) const {
    switch (t.kind) {
      case Tok::end: return "end of file";
      case Tok::string: return "\"" + t.text + "\"";
      default: return "'" + t.text + "'";
    }
  }
  void expect_punct(char c, const char* context) {
    if (!accept_punct(c))
      error(std::string("expected '") + c + "' " + context + ", got " + describe(cur()));
  }
  std::string expect_ident(const char* what) {
    if (!is(Tok::ident)) error(std::string("expected ") + what + ", got " + describe(cur()));
    return next().text;
  }
  int64_t expect_int(const char* what) {
    bool neg = accept_punct('-');
    if (!is(Tok::integer)) error(std::string("expected ") + what + ", got " + describe(cur()));
    int64_t v = static_cast<int64_t>(next().value);
    return neg ? -v : v;
  }
  // Skips the rest of the current source line (debug directives have no terminator).
  void skip_line(int line) {
    while (!at_end() && cur().line == line) next();
  }
  // Skips a balanced { ... } group starting at the current '{'.
  void skip_braces() {
    int depth = 0;
    do {
      if (at_end()) error("unterminated { ... } block");
      if (is_punct('{')) ++depth;
      if (is_punct('}')) --depth;
      next();
    } while (depth > 0);
  }

  // ---- module level
  void top_level() {
    const Token& t = cur();
    if (t.kind != Tok::directive) error("expected a directive at module scope, got " + describe(t));
    const std::string d = t.text;
    int line = t.line;
    if (d == ".version") {
      next();
      if (!is(Tok::f64) && !is(Tok::integer)) error("expected a version number after .version");
      m_.version = next().text;
      int major = std::atoi(m_.version.c_str());
      if (major < 6 || major > 9)
        error_at(line, "unsupported PTX version " + m_.version + " (6.x .. 9.x)");
      return;
    }
    if (d == ".target") {
      next();
      m_.target = expect_ident("a target (sm_XX)");
      while (accept_punct(',')) expect_ident("a target option");
      return;
    }
    if (d == ".address_size") {
      next();
      int64_t v = expect_int("an address size");
      if (v != 64) error_at(line, "unsupported .address_size " + std::to_string(v) + " (only 64)");
      m_.address_size = 64;
      return;
    }
    if (d == ".file" || d == ".loc") {
      next();
      skip_line(line);
      return;
    }
    if (d == ".section") {
      next();
      while (!at_end() && !is_punct('{')) next();
      skip_braces();
      return;
    }
    if (d == ".pragma") {
      next();
      while (is(Tok::string)) {
        next();
        accept_punct(',');
      }
      expect_punct(';', "after .pragma");
      return;
    }
    std::string linkage;
    while (is(Tok::directive) && (cur().text == ".visible" || cur().text == ".extern" ||
                                  cur().text == ".weak" || cur().text == ".common")) {
      linkage = next().text.substr(1);
    }
    if (is(Tok::directive, ".entry") || is(Tok::directive, ".func")) {
      function(linkage);
      return;
    }
    if (is(Tok::directive) && (cur().text == ".global" || cur().text == ".const" ||
                               cur().text == ".shared" || cur().text == ".local")) {
      std::vector<VarDecl> decls = var_decls(linkage);
      for (VarDecl& v : decls) m_.globals.push_back(std::move(v));
      return;
    }
    if (is(Tok::directive, ".alias"))
      error("unsupported directive '.alias'");
    error("unexpected " + describe(cur()) + " at module scope");
  }

  // `.global .align 4 .b8 x[12] = {...};` and `.reg .b32 %r<5>, %s;` (several names).
  std::vector<VarDecl> var_decls(const std::string& linkage) {
    VarDecl base;
    base.linkage = linkage;
    base.line = cur().line;
    decl_attributes(base);
    std::vector<VarDecl> out;
    for (;;) {
      VarDecl v = base;
      v.line = cur().line;
      decl_name(v, true);
      out.push_back(std::move(v));
      if (accept_punct(',')) continue;
      expect_punct(';', "after a declaration");
      return out;
    }
  }

  // State space, alignment, vector and type directives before a declared name (any order).
  void decl_attributes(VarDecl& v) {
    while (is(Tok::directive)) {
      const std::string d = cur().text;
      Space s = space_of(d);
      if (s != Space::none) {
        next();
        if (v.space == Space::none)
          v.space = s;
        else if (v.ptr)
          v.ptr_space = s;
        else
          error("two state spaces in one declaration");
        continue;
      }
      if (d == ".align") {
        next();
        int64_t a = expect_int("an alignment");
        if (a <= 0 || (a & (a - 1)) || a > 4096) error("bad alignment " + std::to_string(a));
        v.align = static_cast<uint32_t>(a);
        continue;
      }
      if (d == ".ptr") {
        next();
        v.ptr = true;
        continue;
      }
      if (d == ".v2" || d == ".v4" || d == ".v8") {
        next();
        v.vec = static_cast<unsigned>(d[2] - '0');
        continue;
      }
      if (d == ".attribute") {  // .attribute(.managed) / (.unified(...))
        next();
        expect_punct('(', "after .attribute");
        int depth = 1;
        while (depth > 0 && !at_end()) {
          if (is_punct('(')) ++depth;
          if (is_punct(')')) --depth;
          next();
        }
        continue;
      }
      Type t = parse_type(d.substr(1));
      if (t != Type::none) {
        if (v.type != Type::none) error("two types in one declaration");
        v.type = t;
        next();
        continue;
      }
      if (d == ".texref" || d == ".samplerref" || d == ".surfref")
        error("unsupported declaration '" + d + "' (textures and surfaces)");
      break;
    }
    if (v.type == Type::none) error("expected a type in a declaration, got " + describe(cur()));
  }

  // name, `%r<N>`, `name[N][M]`, `name[]`, optional `= initializer`.
  void decl_name(VarDecl& v, bool allow_init) {
    v.name = expect_ident("a declared name");
    if (accept_punct('<')) {
      int64_t n = expect_int("a register count");
      if (n < 0 || n > (1 << 24)) error("bad register range count");
      v.range = static_cast<int>(n);
      expect_punct('>', "after a register range");
    }
    while (accept_punct('[')) {
      if (accept_punct(']')) {
        v.dims.push_back(-1);
        continue;
      }
      int64_t n = expect_int("an array size");
      if (n < 0) error("negative array size");
      v.dims.push_back(n);
      expect_punct(']', "after an array size");
    }
    if (allow_init && accept_punct('=')) {
      v.has_init = true;
      v.init = initializer();
    }
  }

  Operand initializer() {
    Operand o;
    o.line = cur().line;
    if (accept_punct('{')) {
      o.kind = Operand::Kind::list;
      if (!is_punct('}')) {
        do {
          o.elems.push_back(initializer());
        } while (accept_punct(','));
      }
      expect_punct('}', "closing an initializer list");
      return o;
    }
    if (is(Tok::ident) && cur().text == "generic" && ahead(1).kind == Tok::punct &&
        ahead(1).text == "(") {
      next();
      next();
      o.kind = Operand::Kind::name;
      o.generic = true;
      o.name = expect_ident("a variable name in generic()");
      expect_punct(')', "after generic(name");
      name_offset(o);
      return o;
    }
    if (is(Tok::ident)) {
      o.kind = Operand::Kind::name;
      o.name = next().text;
      name_offset(o);
      return o;
    }
    return number_operand();
  }

  // `sym+8` / `sym-8` after a name in an initializer or an instruction operand.
  void name_offset(Operand& o) {
    if ((is_punct('+') || is_punct('-')) && ahead(1).kind == Tok::integer) {
      bool neg = next().text == "-";
      int64_t v = static_cast<int64_t>(next().value);
      o.offset = neg ? -v : v;
    }
  }

  Operand number_operand() {
    Operand o;
    o.line = cur().line;
    bool neg = accept_punct('-');
    if (!neg) accept_punct('+');
    if (is(Tok::integer)) {
      o.kind = Operand::Kind::integer;
      o.value = next().value;
      if (neg) o.value = ~o.value + 1;
      return o;
    }
    if (is(Tok::f32)) {
      o.kind = Operand::Kind::f32;
      o.value = next().value;
      if (neg) o.value ^= 0x80000000u;
      return o;
    }
    if (is(Tok::f64)) {
      o.kind = Operand::Kind::f64;
      o.value = next().value;
      if (neg) o.value ^= uint64_t(1) << 63;
      return o;
    }
    error("expected an operand, got " + describe(cur()));
  }

  // `.param .u64 name` / `.param .align 8 .b8 name[16]` / `.reg .b32 name` (func params).
  std::vector<VarDecl> param_list() {
    std::vector<VarDecl> out;
    expect_punct('(', "before a parameter list");
    if (accept_punct(')')) return out;
    do {
      VarDecl v;
      v.line = cur().line;
      decl_attributes(v);
      if (v.space != Space::param && v.space != Space::reg)
        error("a parameter must be declared .param or .reg");
      decl_name(v, false);
      if (v.range >= 0) error("a parameter cannot be a register range");
      out.push_back(std::move(v));
    } while (accept_punct(','));
    expect_punct(')', "after a parameter list");
    return out;
  }

  void function(const std::string& linkage) {
    Function f;
    f.line = cur().line;
    f.entry = next().text == ".entry";
    f.linkage = linkage;
    if (!f.entry && is_punct('(')) f.rets = param_list();
    f.name = expect_ident("a function name");
    if (is_punct('(')) f.params = param_list();
    // Performance directives between the header and the body.
    for (;;) {
      if (is(Tok::directive) && is_ignored_function_directive(cur().text)) {
        int line = cur().line;
        next();
        while (!at_end() && cur().line == line && (is(Tok::integer) || is_punct(','))) next();
        continue;
      }
      if (is(Tok::directive, ".pragma")) {
        next();
        while (is(Tok::string) || is_punct(',')) next();
        expect_punct(';', "after .pragma");
        continue;
      }
      break;
    }
    if (accept_punct(';')) {
      m_.functions.push_back(std::move(f));
      return;
    }
    if (!is_punct('{')) error("expected '{' or ';' after the header of " + f.name);
    f.has_body = true;
    body(f);
    m_.functions.push_back(std::move(f));
  }

  void body(Function& f) {
    int depth = 0;
    for (;;) {
      if (at_end()) error_at(f.line, "function " + f.name + " has no closing '}'");
      Stmt s;
      s.line = cur().line;
      if (accept_punct('{')) {
        ++depth;
        s.kind = Stmt::Kind::open;
        if (depth > 1) f.body.push_back(s);
        continue;
      }
      if (accept_punct('}')) {
        --depth;
        if (depth == 0) return;
        s.kind = Stmt::Kind::close;
        f.body.push_back(s);
        continue;
      }
      if (depth == 0) error("expected '{' to open the body of " + f.name);
      if (is(Tok::directive)) {
        body_directive(f);
        continue;
      }
      if (is(Tok::ident) && ahead(1).kind == Tok::punct && ahead(1).text == ":") {
        std::string name = next().text;
        next();
        if (is(Tok::directive, ".callprototype")) {
          next();
          s.kind = Stmt::Kind::proto;
          s.proto.name = name;
          callprototype(s.proto);
        } else if (is(Tok::directive, ".branchtargets") || is(Tok::directive, ".calltargets")) {
          next();
          s.kind = Stmt::Kind::branch_targets;
          s.label = name;
          do {
            s.targets.push_back(expect_ident("a target label"));
          } while (accept_punct(','));
          expect_punct(';', "after a target list");
        } else {
          s.kind = Stmt::Kind::label;
          s.label = name;
        }
        f.body.push_back(std::move(s));
        continue;
      }
      s.kind = Stmt::Kind::instr;
      s.instr = instruction();
      f.body.push_back(std::move(s));
    }
  }

  // `.callprototype (.param .b32 _) _ (.param .b32 _, ...);` (the returns are optional).
  void callprototype(CallProto& p) {
    if (is_punct('(')) {
      p.rets = param_list();
    }
    if (!(is(Tok::ident) && cur().text == "_")) error("expected '_' in a .callprototype");
    next();
    if (is_punct('(')) p.params = param_list();
    while (is(Tok::directive, ".noreturn")) next();
    expect_punct(';', "after a .callprototype");
  }

  void body_directive(Function& f) {
    const std::string d = cur().text;
    int line = cur().line;
    if (d == ".loc" || d == ".file") {
      next();
      skip_line(line);
      return;
    }
    if (d == ".pragma") {
      next();
      while (is(Tok::string) || is_punct(',')) next();
      expect_punct(';', "after .pragma");
      return;
    }
    if (d == ".reg" || d == ".local" || d == ".shared" || d == ".param" || d == ".const" ||
        d == ".global") {
      for (VarDecl& v : var_decls("")) {
        Stmt s;
        s.kind = Stmt::Kind::decl;
        s.line = v.line;
        s.decl = std::move(v);
        f.body.push_back(std::move(s));
      }
      return;
    }
    if (is_ignored_function_directive(d)) {
      next();
      while (!at_end() && cur().line == line && (is(Tok::integer) || is_punct(','))) next();
      accept_punct(';');
      return;
    }
    error("unsupported directive '" + d + "' in a function body");
  }

  Instr instruction() {
    Instr in;
    in.line = cur().line;
    if (accept_punct('@')) {
      in.guard_neg = accept_punct('!');
      in.guard = expect_ident("a guard predicate");
    }
    if (!is(Tok::ident)) error("expected an instruction, got " + describe(cur()));
    in.op = next().text;
    while (is(Tok::directive) && !cur().space_before) in.mods.push_back(next().text.substr(1));
    if (accept_punct(';')) return in;
    do {
      in.args.push_back(operand());
    } while (accept_punct(','));
    if (!is_punct(';'))
      error_at(t_[p_ - 1].line,
               "expected ';' or ',' after an operand of '" + in.op + "', got " + describe(cur()));
    next();
    return in;
  }

  Operand operand() {
    Operand o;
    o.line = cur().line;
    if (accept_punct('[')) {
      o.kind = Operand::Kind::address;
      if (is(Tok::ident) && ahead(1).kind == Tok::punct && ahead(1).text == ",") {
        // [texref, {coordinates}] of texture and surface instructions: kept as a list.
        o.kind = Operand::Kind::list;
        do {
          o.elems.push_back(operand());
        } while (accept_punct(','));
        expect_punct(']', "closing a bracketed operand list");
        return o;
      }
      if (is(Tok::ident)) {
        o.name = next().text;
        while (is(Tok::directive) && !cur().space_before) o.name += next().text;
        if (is_punct('+') || is_punct('-')) {
          bool neg = next().text == "-";
          if (accept_punct('-')) neg = !neg;
          if (!is(Tok::integer))
            error("expected an integer offset in an address, got " + describe(cur()));
          int64_t v = static_cast<int64_t>(next().value);
          o.offset = neg ? -v : v;
        }
      } else {
        o.offset = expect_int("an address");
      }
      expect_punct(']', "closing an address");
      return o;
    }
    if (accept_punct('{')) {
      o.kind = Operand::Kind::vector;
      do {
        o.elems.push_back(operand());
      } while (accept_punct(','));
      expect_punct('}', "closing a vector operand");
      return o;
    }
    if (accept_punct('(')) {
      o.kind = Operand::Kind::list;
      if (accept_punct(')')) return o;
      do {
        o.elems.push_back(operand());
      } while (accept_punct(','));
      expect_punct(')', "closing an argument list");
      return o;
    }
    if (accept_punct('!')) {
      o.neg = true;
      if (!is(Tok::ident)) error("expected a predicate after '!'");
    }
    if (is(Tok::ident)) {
      o.name = next().text;
      if (o.name == "_" && !o.neg) {
        o.kind = Operand::Kind::sink;
        return o;
      }
      o.kind = Operand::Kind::name;
      // %tid.x, %ctaid.y, %v.x: component suffixes written without spaces.
      while (is(Tok::directive) && !cur().space_before) o.name += next().text;
      if (accept_punct('|')) o.pair = expect_ident("a second destination after '|'");
      name_offset(o);
      return o;
    }
    return number_operand();
  }

  std::vector<Token> t_;
  size_t p_ = 0;
  const std::string& path_;
  Module m_;
};

}  // namespace

Module parse(std::string_view text, const std::string& path) {
  return Parser(lex(text, path), path).run();
}

}  // namespace warpsim::isa::ptx
