#!/usr/bin/env python3
"""A slow, plain PTX interpreter: runs a workload manifest whose kernel is nvcc's PTX, on the CPU.

Why: CI has no GPU and the project's PTX front-end is young. This interpreter gives a second,
independent reading of the PTX the workloads commit, so that a workload can be checked against
its CPU reference (and its expected files) without a GPU, and so that the warp-instruction
counts of a manifest can be estimated (PTX instructions, one per warp per issue, roughly what the
chip ISA will execute). It is a reference for semantics, not a timing model.

    ptx_emu.py MANIFEST [--quiet] [--dump BUF=FILE]...

prints per launch the warp and thread instruction counts, then checks `expect:` (exit 1 on a
mismatch) and prints the `report:` values. Needs PyYAML (a developer tool; the references
themselves use the standard library only).

Execution model:
- CTAs run one after another; in a CTA, each warp runs until all its live lanes wait at a
  barrier or have exited, then the next; when every warp waits, the barrier opens.
- SIMT: a warp issues the instruction at the smallest PC among its runnable lanes, for all lanes
  at that PC (min-PC reconvergence, equivalent to IPDOM for nvcc's structured code). Warp-wide
  operations (shfl.sync, vote.sync, wmma) require every live lane of their member mask to be in
  that group.
- Registers hold Python ints (bit patterns, unsigned) or floats (f32/f64 values); an instruction
  reinterprets by its type suffix, as PTX does.
- Memory: one flat global space (buffers at 256-byte aligned addresses from 0x10000000, every
  access bounds-checked), a shared space per CTA (statics, then the dynamic `extern` array),
  generic addresses for shared at SHARED_WINDOW. Atomics are sequential (one lane after another
  in lane order). `%clock64` counts issued warp instructions of the CTA (monotonic, not cycles).
- Floating point: IEEE ops round to nearest (fma exactly); directed roundings (.rm/.rp/.rz) are
  exact too; MUFU-style .approx functions return the correctly rounded value of the function.
"""

import math
import os
import re
import struct
import sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fp import bits_f32, f32, f32_bits, fma32, fma64  # noqa: E402
from reference import MT19937_64  # noqa: E402

GBASE = 0x10000000
SHARED_WINDOW = 0x7F0000000000
WARP = 32

# ---------------------------------------------------------------------------------------------
# Values and types


def _mask(w):
    return (1 << w) - 1


def f64_bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def bits_f64(b):
    return struct.unpack("<d", struct.pack("<Q", b & _mask(64)))[0]


def f16_bits(x):
    try:
        return struct.unpack("<H", struct.pack("<e", f32(x)))[0]
    except OverflowError:
        return 0xFC00 if x < 0 else 0x7C00


def bits_f16(b):
    return struct.unpack("<e", struct.pack("<H", b & 0xFFFF))[0]


def as_u(v, w):
    if isinstance(v, float):
        if w == 32:
            return f32_bits(v)
        if w == 64:
            return f64_bits(v)
        if w == 16:
            return f16_bits(v)
        raise ValueError("float read as %d bits" % w)
    return int(v) & _mask(w)


def as_s(v, w):
    u = as_u(v, w)
    return u - (1 << w) if u >> (w - 1) else u


def as_f32(v):
    return v if isinstance(v, float) else bits_f32(int(v))


def as_f64(v):
    return v if isinstance(v, float) else bits_f64(int(v))


TYPE_RE = re.compile(r"^(b|u|s|f)(8|16|32|64)$|^f16x2$|^pred$|^bf16$|^bf16x2$")


def tinfo(t):
    """(kind, width) of a PTX type name without the dot: kind in b u s f p h (f16x2)."""
    if t == "pred":
        return ("p", 1)
    if t == "f16x2":
        return ("h", 32)
    if t[0] == "i":  # manifest spelling of signed integers
        return ("s", int(t[1:]))
    return (t[0], int(t[1:]))


def flush_sub32(x):
    if x != 0.0 and abs(x) < 2.0**-126:
        return math.copysign(0.0, x)
    return x


def round_f32_mode(exact, mode):
    """Round an exact Fraction (or float) to binary32 with mode rn/rz/rm/rp."""
    if isinstance(exact, float):
        if math.isnan(exact) or math.isinf(exact):
            return exact
        exact = Fraction(exact)
    near = f32(float(exact)) if mode == "rn" else None
    if mode == "rn":
        # float(Fraction) rounds correctly to binary64; a second rounding may be wrong only at a
        # binary32 midpoint; resolve exactly.
        lo, hi = _f32_bracket(exact)
        if lo == hi:
            return lo
        dlo, dhi = exact - Fraction(lo), Fraction(hi) - exact
        if dlo < dhi:
            return lo
        if dhi < dlo:
            return hi
        return lo if f32_bits(lo) % 2 == 0 else hi
    lo, hi = _f32_bracket(exact)
    if lo == hi:
        return lo
    if mode == "rm":
        return lo
    if mode == "rp":
        return hi
    if mode == "rz":
        return lo if exact > 0 else hi
    del near
    raise ValueError(mode)


def _f32_bracket(exact):
    """The binary32 values lo <= exact <= hi adjacent to an exact Fraction."""
    d = float(exact)
    r = f32(d)
    fr = Fraction(r)
    if fr == exact:
        return r, r
    if fr < exact:
        lo = r
        hi = _next_up32(r)
    else:
        hi = r
        lo = _next_down32(r)
    # float rounding may have stepped across; walk until bracketing
    while Fraction(lo) > exact:
        hi, lo = lo, _next_down32(lo)
    while Fraction(hi) < exact:
        lo, hi = hi, _next_up32(hi)
    return lo, hi


def _next_up32(x):
    if x == 0.0:
        return bits_f32(1)
    b = f32_bits(x)
    return bits_f32(b + 1) if x > 0 else bits_f32(b - 1)


def _next_down32(x):
    return -_next_up32(-x)


# ---------------------------------------------------------------------------------------------
# Parsing

class Operand:
    __slots__ = ("kind", "name", "value", "base", "offset", "items", "pred2", "neg")

    def __init__(self, kind, **kw):
        self.kind = kind  # reg, imm, sym, mem, vec, sink, special
        self.name = kw.get("name")
        self.value = kw.get("value")
        self.base = kw.get("base")
        self.offset = kw.get("offset", 0)
        self.items = kw.get("items")
        self.pred2 = kw.get("pred2")
        self.neg = kw.get("neg", False)

    def __repr__(self):
        return "<%s %s %s>" % (self.kind, self.name, self.value)


SPECIALS = {"%tid.x", "%tid.y", "%tid.z", "%ntid.x", "%ntid.y", "%ntid.z", "%ctaid.x", "%ctaid.y",
            "%ctaid.z", "%nctaid.x", "%nctaid.y", "%nctaid.z", "%laneid", "%warpid", "%smid",
            "%nsmid", "%clock", "%clock64", "%lanemask_lt", "%lanemask_le", "%lanemask_eq",
            "%lanemask_gt", "%lanemask_ge", "%globaltimer"}


def split_top(s, sep=","):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "[{(":
            depth += 1
        elif ch in "]})":
            depth -= 1
        if ch == sep and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def parse_imm(tok):
    t = tok.strip()
    if re.match(r"^0[fF][0-9a-fA-F]{8}$", t):
        return bits_f32(int(t[2:], 16))
    if re.match(r"^0[dD][0-9a-fA-F]{16}$", t):
        return bits_f64(int(t[2:], 16))
    if re.match(r"^-?0[xX][0-9a-fA-F]+U?$", t):
        return int(t.rstrip("U"), 16)
    if re.match(r"^-?[0-9]+U?$", t):
        return int(t.rstrip("U"))
    if re.match(r"^-?[0-9]*\.[0-9]+([eE][-+]?[0-9]+)?$", t):
        return float(t)
    return None


def parse_operand(tok):
    t = tok.strip()
    if t == "_":
        return Operand("sink")
    if t.startswith("{"):
        return Operand("vec", items=[parse_operand(x) for x in split_top(t[1:-1])])
    if t.startswith("["):
        inner = t[1:-1].strip()
        m = re.match(r"^([%\w$.]+)\s*(?:\+\s*(-?(?:0x[0-9a-fA-F]+|[0-9]+)))?$", inner)
        if m:
            off = int(m.group(2), 0) if m.group(2) else 0
            return Operand("mem", base=parse_operand(m.group(1)), offset=off)
        v = parse_imm(inner)
        if v is not None:
            return Operand("mem", base=Operand("imm", value=v), offset=0)
        raise ValueError("address " + t)
    if "|" in t:
        a, b = t.split("|")
        op = parse_operand(a)
        op.pred2 = b.strip()
        return op
    neg = False
    if t.startswith("!"):
        neg, t = True, t[1:]
    if t in SPECIALS or re.match(r"^%(tid|ntid|ctaid|nctaid)\.[xyz]$", t):
        return Operand("special", name=t)
    if t.startswith("%"):
        return Operand("reg", name=t, neg=neg)
    v = parse_imm(t)
    if v is not None:
        return Operand("imm", value=v)
    if t.startswith("-"):
        v = parse_imm(t[1:])
        if v is not None:
            return Operand("imm", value=-v)
    return Operand("sym", name=t, neg=neg)


class Instr:
    __slots__ = ("op", "mods", "ops", "guard", "guard_neg", "text", "line", "fn")

    def __init__(self, text, line):
        self.text, self.line = text, line
        self.guard, self.guard_neg = None, False
        m = re.match(r"^@(!?)(%\w+)\s+(.*)$", text, re.S)
        if m:
            self.guard_neg, self.guard, text = m.group(1) == "!", m.group(2), m.group(3)
        parts = text.split(None, 1)
        opcode = parts[0]
        self.op, *mods = opcode.split(".")
        self.mods = mods
        self.ops = [parse_operand(x) for x in split_top(parts[1])] if len(parts) > 1 else []
        self.fn = None


class Kernel:
    def __init__(self, name):
        self.name = name
        self.params = []  # (name, type, size, align)
        self.instrs = []
        self.labels = {}
        self.shared_decls = []  # (name, align, size) declared inside
        self.local_decls = []


SHARED_DECL = re.compile(r"(\.extern\s+)?\.shared\s+(?:\.align\s+(\d+)\s+)?\.(\w+)\s+([\w$]+)(?:\[(\d*)\])?")


def decl_layout(m):
    """(name, align, bytes, extern) of a .shared declaration (arrays of any type, or a scalar)."""
    t = m.group(3)
    esize = int(t[1:]) // 8 if t[1:].isdigit() else 4
    count = 1 if m.group(5) is None else int(m.group(5) or 0)
    align = int(m.group(2)) if m.group(2) else esize
    return m.group(4), align, esize * count, bool(m.group(1))


class Module:
    def __init__(self, path):
        self.path = path
        self.kernels = {}
        self.shared = []  # module-level (name, align, size, extern)
        text = open(path).read()
        text = re.sub(r"//[^\n]*", "", text)
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        pos = 0
        # module-level declarations: everything outside entry bodies
        entry_re = re.compile(r"\.(?:visible\s+|weak\s+)?\.?entry\s+([\w$]+)\s*\((.*?)\)\s*(?:\.[\w]+\s+[\d, ]+\s*)*\{",
                              re.S)
        while True:
            m = entry_re.search(text, pos)
            head = text[pos:m.start()] if m else text[pos:]
            self._module_decls(head)
            if not m:
                break
            k = Kernel(m.group(1))
            self._params(k, m.group(2))
            # find matching brace
            depth, i = 1, m.end()
            while depth:
                c = text[i]
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                i += 1
            self._body(k, text[m.end():i - 1])
            self.kernels[k.name] = k
            pos = i
        if ".func" in text:
            raise NotImplementedError("PTX .func calls are not supported by this interpreter")

    def _module_decls(self, head):
        for m in SHARED_DECL.finditer(head):
            name, align, size, ext = decl_layout(m)
            self.shared.append((name, align, size, ext))

    def _params(self, k, text):
        off = 0
        for p in split_top(text):
            m = re.match(r"\.param\s+(?:\.align\s+(\d+)\s+)?\.(\w+)\s+([\w$]+)(?:\[(\d+)\])?", p.strip())
            if not m:
                raise ValueError("param " + p)
            t = m.group(2)
            size = (int(t[1:]) // 8 if t[1:].isdigit() else 4) * (int(m.group(4)) if m.group(4) else 1)
            align = int(m.group(1)) if m.group(1) else size
            off = (off + align - 1) // align * align
            k.params.append((m.group(3), t, size, off))
            off += size

    def _body(self, k, body):
        for chunk in body.split(";"):
            c = chunk.strip()
            while True:
                c = c.strip()
                if c.startswith("{") and not c.startswith("{%") and not re.match(r"^\{\s*%", c):
                    c = c[1:]
                    continue
                if c.startswith("}"):
                    c = c[1:]
                    continue
                m = re.match(r"^([\w$]+):", c)
                if m:
                    k.labels[m.group(1)] = len(k.instrs)
                    c = c[m.end():]
                    continue
                break
            if not c:
                continue
            if c.startswith("."):
                m = SHARED_DECL.match(c)
                if m:
                    name, align, size, _ = decl_layout(m)
                    k.shared_decls.append((name, align, size))
                m = re.match(r"^\.local\s+\.align\s+(\d+)\s+\.b8\s+([\w$]+)\[(\d+)\]", c)
                if m:
                    k.local_decls.append((m.group(2), int(m.group(1)), int(m.group(3))))
                continue
            k.instrs.append(Instr(" ".join(c.split()), 0))


# ---------------------------------------------------------------------------------------------
# Memory

class Memory:
    def __init__(self):
        self.data = bytearray()
        self.buffers = {}

    def alloc(self, name, nbytes):
        off = (len(self.data) + 255) // 256 * 256
        self.data.extend(b"\0" * (off - len(self.data) + max(nbytes, 1)))
        self.buffers[name] = (GBASE + off, nbytes)
        return GBASE + off

    def check(self, addr, size):
        off = addr - GBASE
        if off < 0 or off + size > len(self.data):
            raise MemoryError("global access out of bounds: 0x%x (+%d)" % (addr, size))
        return off


FMT = {("u", 8): "<B", ("s", 8): "<b", ("b", 8): "<B", ("u", 16): "<H", ("s", 16): "<h", ("b", 16): "<H",
       ("f", 16): "<H", ("u", 32): "<I", ("s", 32): "<i", ("b", 32): "<I", ("f", 32): "<f", ("u", 64): "<Q",
       ("s", 64): "<q", ("b", 64): "<Q", ("f", 64): "<d", ("h", 32): "<I"}


class EmuError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Execution

class Cta:
    def __init__(self, run, kernel, ctaid, layout, shared_bytes):
        self.run = run
        self.kernel = kernel
        self.ctaid = ctaid
        self.layout = layout
        self.shared = bytearray(shared_bytes)
        self.clock = 0


class Warp:
    def __init__(self, cta, wid, nthreads_total, block):
        self.cta = cta
        self.wid = wid
        self.regs = {}
        bx, by, bz = block
        self.tid = []
        self.live = []
        for lane in range(WARP):
            t = wid * WARP + lane
            if t < nthreads_total:
                self.tid.append((t % bx, (t // bx) % by, t // (bx * by)))
                self.live.append(True)
            else:
                self.tid.append((0, 0, 0))
                self.live.append(False)
        self.pc = [0] * WARP
        self.state = ["run" if l else "exit" for l in self.live]  # run | bar | exit
        self.local = [bytearray() for _ in range(WARP)]

    def reg(self, name):
        r = self.regs.get(name)
        if r is None:
            r = self.regs[name] = [0] * WARP
        return r


class Run:
    def __init__(self, module, mem, quiet=False):
        self.module = module
        self.mem = mem
        self.quiet = quiet
        self.compiled = {}

    # -- operand access ------------------------------------------------------------------------
    def special(self, w, name, lane):
        cta = w.cta
        if name.startswith("%tid."):
            return w.tid[lane]["xyz".index(name[-1])]
        if name.startswith("%ntid."):
            return self.block[("xyz").index(name[-1])]
        if name.startswith("%ctaid."):
            return cta.ctaid[("xyz").index(name[-1])]
        if name.startswith("%nctaid."):
            return self.grid[("xyz").index(name[-1])]
        if name == "%laneid":
            return lane
        if name == "%warpid":
            return w.wid
        if name in ("%smid",):
            return 0
        if name == "%nsmid":
            return 1
        if name in ("%clock", "%clock64", "%globaltimer"):
            return cta.clock
        if name.startswith("%lanemask_"):
            kind = name[10:]
            return {"lt": (1 << lane) - 1, "le": (2 << lane) - 1, "eq": 1 << lane,
                    "gt": 0xFFFFFFFF ^ ((2 << lane) - 1), "ge": 0xFFFFFFFF ^ ((1 << lane) - 1)}[kind]
        raise EmuError("special register " + name)

    def getter(self, op):
        """A function (warp, lane) -> raw value for a source operand."""
        if op.kind == "reg":
            name, neg = op.name, op.neg
            if neg:
                return lambda w, l: not w.reg(name)[l]
            return lambda w, l: w.reg(name)[l]
        if op.kind == "imm":
            v = op.value
            return lambda w, l: v
        if op.kind == "special":
            name = op.name
            return lambda w, l: self.special(w, name, l)
        if op.kind == "sym":
            name = op.name
            if name == "WARP_SZ":
                return lambda w, l: 32
            return lambda w, l: self.symbol(w, name)
        raise EmuError("operand kind %s" % op.kind)

    def symbol(self, w, name):
        lay = w.cta.layout
        if name in lay:
            return lay[name]
        raise EmuError("unknown symbol " + name)

    def setter(self, op):
        if op.kind == "sink":
            return lambda w, l, v: None
        if op.kind != "reg":
            raise EmuError("destination must be a register: %r" % op)
        name = op.name
        return lambda w, l, v: w.reg(name).__setitem__(l, v)

    # -- memory -----------------------------------------------------------------------------
    def addr_fn(self, op):
        """A function (warp, lane) -> address: an int, or ("param", byte offset) for .param."""
        base = op.base
        off = op.offset
        if base.kind == "sym":
            name = base.name
            return lambda w, l: self.sym_addr(w, name, off)
        g = self.getter(base)
        return lambda w, l: as_u(g(w, l), 64) + off

    def sym_addr(self, w, name, off):
        if name in self.params:
            return ("param", self.params[name] + off)
        return w.cta.layout[name] + off

    def load(self, w, lane, space, addr, kind, width):
        size = max(width // 8, 1)
        fmt = FMT.get((kind, width)) or FMT[("b", width)]
        if isinstance(addr, tuple):  # .param
            off = addr[1]
            return self.decode(self.param_bytes[off:off + size], fmt, kind, width)
        if space == "generic":
            if SHARED_WINDOW <= addr < SHARED_WINDOW + (1 << 32):
                space, addr = "shared", addr - SHARED_WINDOW
            else:
                space = "global"
        if space == "global" or space == "const":
            off = self.mem.check(addr, size)
            raw = self.mem.data[off:off + size]
        elif space == "shared":
            sh = w.cta.shared
            if addr < 0 or addr + size > len(sh):
                raise EmuError("shared access out of bounds: 0x%x" % addr)
            raw = sh[addr:addr + size]
        elif space == "local":
            loc = w.local[lane]
            if addr + size > len(loc):
                loc.extend(b"\0" * (addr + size - len(loc)))
            raw = loc[addr:addr + size]
        else:
            raise EmuError("space " + space)
        return self.decode(bytes(raw), fmt, kind, width)

    @staticmethod
    def decode(raw, fmt, kind, width):
        # f16 stays as bits; signed integers stay negative, so that a narrow signed load
        # sign-extends when a wider instruction reads the register.
        return struct.unpack(fmt, raw)[0]

    def store(self, w, lane, space, addr, kind, width, value):
        size = max(width // 8, 1)
        if kind == "f" and width in (32, 64):
            raw = struct.pack(FMT[("f", width)], as_f32(value) if width == 32 else as_f64(value))
        else:
            raw = struct.pack(FMT[("b", width)], as_u(value, width))
        if space == "generic":
            if SHARED_WINDOW <= addr < SHARED_WINDOW + (1 << 32):
                space, addr = "shared", addr - SHARED_WINDOW
            else:
                space = "global"
        if space == "global":
            off = self.mem.check(addr, size)
            self.mem.data[off:off + size] = raw
        elif space == "shared":
            sh = w.cta.shared
            if addr < 0 or addr + size > len(sh):
                raise EmuError("shared access out of bounds: 0x%x" % addr)
            sh[addr:addr + size] = raw
        elif space == "local":
            loc = w.local[lane]
            if addr + size > len(loc):
                loc.extend(b"\0" * (addr + size - len(loc)))
            loc[addr:addr + size] = raw
        else:
            raise EmuError("store to " + space)

    # -- launch ------------------------------------------------------------------------------
    def launch(self, kname, grid, block, shared_dyn, args):
        k = self.module.kernels.get(kname)
        if k is None:
            raise EmuError("no kernel " + kname)
        if len(args) != len(k.params):
            raise EmuError("%s takes %d params, got %d" % (kname, len(k.params), len(args)))
        self.params = {}
        size = 0
        for (name, t, sz, off) in k.params:
            self.params[name] = off
            size = max(size, off + sz)
        pb = bytearray(size)
        for (name, t, sz, off), (atype, bits) in zip(k.params, args):
            if atype.replace("i", "s") != t and not (atype == "addr" and t in ("u64", "s64", "b64")):
                raise EmuError("%s param %s is .%s, manifest gives %s" % (kname, name, t, atype))
            pb[off:off + sz] = (bits & _mask(8 * sz)).to_bytes(sz, "little")
        self.param_bytes = bytes(pb)
        # shared layout: the kernel's own statics, module statics it references, then extern
        referenced = set()
        for ins in k.instrs:
            for o in ins.ops:
                for x in ([o] + (o.items or []) + ([o.base] if o.base else [])):
                    if x is not None and x.kind == "sym":
                        referenced.add(x.name)
        layout, off = {}, 0
        statics = list(k.shared_decls) + [(n, a, s) for (n, a, s, ext) in self.module.shared
                                            if not ext and n in referenced]
        for (n, a, s) in statics:
            off = (off + a - 1) // a * a
            layout[n] = off
            off += s
        off = (off + 15) // 16 * 16
        for (n, a, s, ext) in self.module.shared:
            if ext:
                layout[n] = off
        loff = 0
        for (n, a, s) in k.local_decls:
            loff = (loff + a - 1) // a * a
            layout[n] = loff
            loff += s
        static_bytes = off
        total_shared = static_bytes + shared_dyn
        self.grid, self.block = grid, block
        fns = self.compiled.get(kname)
        if fns is None:
            fns = self.compiled[kname] = [self.compile(k, ins) for ins in k.instrs]
        nthreads = block[0] * block[1] * block[2]
        nwarps = (nthreads + WARP - 1) // WARP
        stats = [0, 0]
        for cz in range(grid[2]):
            for cy in range(grid[1]):
                for cx in range(grid[0]):
                    cta = Cta(self, k, (cx, cy, cz), layout, total_shared)
                    warps = [Warp(cta, i, nthreads, block) for i in range(nwarps)]
                    self.run_cta(k, fns, cta, warps, stats)
        return stats, static_bytes

    def run_cta(self, k, fns, cta, warps, stats):
        n = len(fns)
        while True:
            for w in warps:
                pcs, st = w.pc, w.state
                while True:
                    best = n + 1
                    for l in range(WARP):
                        if st[l] == "run" and pcs[l] < best:
                            best = pcs[l]
                    if best == n + 1:
                        break
                    if best >= n:
                        raise EmuError("%s: fell off the end" % k.name)
                    group = [l for l in range(WARP) if st[l] == "run" and pcs[l] == best]
                    stats[0] += 1
                    stats[1] += len(group)
                    cta.clock += 1
                    ins = k.instrs[best]
                    if ins.guard is not None:
                        pr = w.reg(ins.guard)
                        if ins.guard_neg:
                            act = [l for l in group if not pr[l]]
                        else:
                            act = [l for l in group if pr[l]]
                    else:
                        act = group
                    try:
                        fns[best](w, group, act, best)
                    except EmuError as e:
                        raise EmuError("%s: `%s`: %s" % (k.name, ins.text, e))
                    except (MemoryError, struct.error, KeyError, ValueError, ZeroDivisionError) as e:
                        raise EmuError("%s: `%s`: %s: %s" % (k.name, ins.text, type(e).__name__, e))
            waiting = any(s == "bar" for w in warps for s in w.state)
            if not waiting:
                return
            for w in warps:
                for l in range(WARP):
                    if w.state[l] == "bar":
                        w.state[l] = "run"
                        w.pc[l] += 1

    # -- instruction compiler ----------------------------------------------------------------
    def compile(self, k, ins):
        op, mods = ins.op, ins.mods
        fn = getattr(self, "c_" + op, None)
        if fn is None:
            raise EmuError("%s: unsupported instruction `%s`" % (k.name, ins.text))
        body = fn(k, ins, op, mods)
        if op in ("bra", "ret", "exit", "bar", "barrier"):
            return body

        def run(w, group, act, pc):
            if act:
                body(w, act)
            for l in group:
                w.pc[l] = pc + 1
        return run

    @staticmethod
    def types_of(mods):
        return [m for m in mods if TYPE_RE.match(m)]

    # control flow
    def c_bra(self, k, ins, op, mods):
        target = k.labels[ins.ops[0].name]

        def run(w, group, act, pc):
            s = set(act)
            for l in group:
                w.pc[l] = target if l in s else pc + 1
        return run

    def c_ret(self, k, ins, op, mods):
        def run(w, group, act, pc):
            s = set(act)
            for l in group:
                if l in s:
                    w.state[l] = "exit"
                else:
                    w.pc[l] = pc + 1
        return run

    c_exit = c_ret

    def c_bar(self, k, ins, op, mods):
        if mods and mods[0] not in ("sync",) and not (mods[0] == "warp"):
            raise EmuError("bar." + ".".join(mods))
        if mods and mods[0] == "warp":
            def run(w, group, act, pc):
                for l in group:
                    w.pc[l] = pc + 1
            return run

        def run(w, group, act, pc):
            if len(act) != len(group):
                raise EmuError("predicated barrier")
            for l in group:
                w.state[l] = "bar"
        return run

    def c_barrier(self, k, ins, op, mods):
        return self.c_bar(k, ins, "bar", ["sync"])

    def c_membar(self, k, ins, op, mods):
        return lambda w, act: None

    c_fence = c_membar

    def c_activemask(self, k, ins, op, mods):
        d = self.setter(ins.ops[0])

        def body(w, act):
            m = sum(1 << l for l in act)
            for l in act:
                d(w, l, m)
        return body

    # moves and conversions
    def c_mov(self, k, ins, op, mods):
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        dst, src = ins.ops
        if dst.kind == "vec":  # unpack
            parts = [self.setter(x) for x in dst.items]
            g = self.getter(src)
            pw = width // len(parts)

            def body(w, act):
                for l in act:
                    v = as_u(g(w, l), width)
                    for i, s in enumerate(parts):
                        s(w, l, (v >> (pw * i)) & _mask(pw))
            return body
        if src.kind == "vec":  # pack
            gets = [self.getter(x) for x in src.items]
            pw = width // len(gets)
            d = self.setter(dst)

            def body(w, act):
                for l in act:
                    v = 0
                    for i, g in enumerate(gets):
                        v |= as_u(g(w, l), pw) << (pw * i)
                    d(w, l, v)
            return body
        d = self.setter(dst)
        if src.kind == "sym" and src.name != "WARP_SZ":
            name = src.name

            def body(w, act):
                v = w.cta.layout[name]
                for l in act:
                    d(w, l, v)
            return body
        g = self.getter(src)
        if kind == "p":
            return lambda w, act: [d(w, l, bool(g(w, l))) for l in act] and None
        if kind == "f":
            conv = as_f32 if width == 32 else as_f64 if width == 64 else (lambda v: as_u(v, 16))
            return lambda w, act: [d(w, l, conv(g(w, l))) for l in act] and None
        return lambda w, act: [d(w, l, as_u(g(w, l), width)) for l in act] and None

    def c_cvta(self, k, ins, op, mods):
        to = "to" in mods
        space = [m for m in mods if m in ("global", "shared", "local", "const", "param")][0]
        d, g = self.setter(ins.ops[0]), self.getter(ins.ops[1])
        if space == "shared":
            delta = -SHARED_WINDOW if to else SHARED_WINDOW
        else:
            delta = 0
        w64 = 64 if "u64" in mods else 32

        def body(w, act):
            for l in act:
                v = g(w, l)
                if isinstance(v, tuple):
                    raise EmuError("cvta of a param address")
                d(w, l, (as_u(v, 64) + delta) & _mask(w64 if to and space == "shared" else 64))
        return body

    def c_cvt(self, k, ins, op, mods):
        ts = self.types_of(mods)
        dt, st = ts[0], ts[1]
        dk, dw = tinfo(dt)
        sk, sw = tinfo(st)
        rnd = next((m for m in mods if m in ("rn", "rz", "rm", "rp", "rni", "rzi", "rmi", "rpi")), None)
        sat = "sat" in mods
        ftz = "ftz" in mods
        d, g = self.setter(ins.ops[0]), self.getter(ins.ops[1])

        def src_val(v):
            if sk == "f":
                if sw == 16:
                    return bits_f16(as_u(v, 16))
                return as_f32(v) if sw == 32 else as_f64(v)
            if sk == "s":
                return as_s(v, sw)
            return as_u(v, sw)

        def conv(v):
            x = src_val(v)
            if dk in ("u", "s", "b"):
                if sk == "f":
                    if math.isnan(x):
                        return 0
                    if math.isinf(x):
                        r = x
                    else:
                        m = rnd or "rzi"
                        if m == "rzi":
                            r = math.trunc(x)
                        elif m == "rni":
                            r = round(x)  # Python rounds half to even
                        elif m == "rmi":
                            r = math.floor(x)
                        else:
                            r = math.ceil(x)
                    lo, hi = (-(1 << (dw - 1)), (1 << (dw - 1)) - 1) if dk == "s" else (0, _mask(dw))
                    r = lo if r < lo else hi if r > hi else int(r)
                    return r & _mask(dw)
                # int -> int
                if sat:
                    lo, hi = (-(1 << (dw - 1)), (1 << (dw - 1)) - 1) if dk == "s" else (0, _mask(dw))
                    x = min(max(x, lo), hi)
                return x & _mask(dw)
            # to float
            if sk in ("u", "s", "b"):
                if dw == 32:
                    r = round_f32_mode(Fraction(x), rnd or "rn") if abs(x) >= (1 << 24) else float(x)
                elif dw == 64:
                    r = float(x)
                else:
                    return f16_bits(float(x))
            else:
                if dw == 16:
                    return f16_bits(x)
                if rnd in ("rni", "rzi", "rmi", "rpi"):
                    if math.isnan(x) or math.isinf(x):
                        r = x
                    else:
                        r = {"rni": lambda y: float(round(y)), "rzi": lambda y: float(math.trunc(y)),
                             "rmi": lambda y: float(math.floor(y)), "rpi": lambda y: float(math.ceil(y))}[rnd](x)
                        r = math.copysign(r, x) if r == 0 else r
                elif dw == 32:
                    r = f32(x) if (rnd in (None, "rn") or sw == 32) else round_f32_mode(x, rnd)
                else:
                    r = x
            if dw == 32:
                r = f32(r)
                if ftz:
                    r = flush_sub32(r)
            if sat:
                r = 0.0 if math.isnan(r) else min(max(r, 0.0), 1.0)
            return r

        return lambda w, act: [d(w, l, conv(g(w, l))) for l in act] and None

    # loads, stores, atomics
    def space_of(self, mods):
        for s in ("global", "shared", "local", "param", "const"):
            if s in mods:
                return s
        return "generic"

    def c_ld(self, k, ins, op, mods):
        space = self.space_of(mods)
        vec = next((int(m[1:]) for m in mods if m in ("v2", "v4")), 1)
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        dst, src = ins.ops
        outs = [self.setter(x) for x in (dst.items if dst.kind == "vec" else [dst])]
        af = self.addr_fn(src)
        step = width // 8

        def body(w, act):
            for l in act:
                a = af(w, l)
                for i, s in enumerate(outs):
                    ai = ("param", a[1] + i * step) if isinstance(a, tuple) else a + i * step
                    v = self.load(w, l, space, ai, kind, width)
                    if kind == "f" and width == 32:
                        v = float(v)
                    s(w, l, v)
        del vec
        return body

    c_ldu = c_ld

    def c_st(self, k, ins, op, mods):
        space = self.space_of(mods)
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        dst, src = ins.ops
        gets = [self.getter(x) for x in (src.items if src.kind == "vec" else [src])]
        af = self.addr_fn(dst)
        step = width // 8

        def body(w, act):
            for l in act:
                a = af(w, l)
                for i, g in enumerate(gets):
                    self.store(w, l, space, a + i * step, kind, width, g(w, l))
        return body

    def c_atom(self, k, ins, op, mods):
        space = self.space_of(mods)
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        aop = next(m for m in mods if m in ("add", "min", "max", "inc", "dec", "cas", "exch", "and", "or", "xor"))
        if op == "red":
            d, rest = None, ins.ops
        else:
            d, rest = self.setter(ins.ops[0]), ins.ops[1:]
        af = self.addr_fn(rest[0])
        b = self.getter(rest[1])
        c = self.getter(rest[2]) if len(rest) > 2 else None

        def body(w, act):
            for l in act:
                a = af(w, l)
                old = self.load(w, l, space, a, "b" if kind != "f" else "f", width)
                bv = b(w, l)
                if kind == "f":
                    oldf, bf = (as_f32(old), as_f32(bv)) if width == 32 else (as_f64(old), as_f64(bv))
                    if aop == "add":
                        new = f32(oldf + bf) if width == 32 else oldf + bf
                    elif aop == "min":
                        new = min(oldf, bf)
                    elif aop == "max":
                        new = max(oldf, bf)
                    elif aop == "exch":
                        new = bf
                    else:
                        raise EmuError("atom f " + aop)
                    self.store(w, l, space, a, "f", width, new)
                    if d:
                        d(w, l, oldf)
                    continue
                ou = as_u(old, width)
                bu = as_u(bv, width)
                if aop == "add":
                    new = ou + bu
                elif aop in ("min", "max"):
                    if kind == "s":
                        x, y = as_s(ou, width), as_s(bu, width)
                    else:
                        x, y = ou, bu
                    new = min(x, y) if aop == "min" else max(x, y)
                elif aop == "inc":
                    new = 0 if ou >= bu else ou + 1
                elif aop == "dec":
                    new = bu if (ou == 0 or ou > bu) else ou - 1
                elif aop == "cas":
                    new = as_u(c(w, l), width) if ou == bu else ou
                elif aop == "exch":
                    new = bu
                elif aop == "and":
                    new = ou & bu
                elif aop == "or":
                    new = ou | bu
                else:
                    new = ou ^ bu
                self.store(w, l, space, a, "b", width, new & _mask(width))
                if d:
                    d(w, l, ou)
        return body

    c_red = c_atom

    # integer and bit arithmetic
    def _binop(self, ins, mods, fint, ffloat=None, f64=None, nsrc=2):
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        d = self.setter(ins.ops[0])
        gs = [self.getter(x) for x in ins.ops[1:1 + nsrc]]
        if kind == "f":
            if width == 16:
                return self._f16op(ins, mods, ffloat, d, gs, False)
            conv = as_f32 if width == 32 else as_f64
            rnd32 = width == 32
            ftz = "ftz" in mods and width == 32
            sat = "sat" in mods
            f = ffloat if width == 32 else (f64 or ffloat)

            def body(w, act):
                for l in act:
                    args = [conv(g(w, l)) for g in gs]
                    if ftz:
                        args = [flush_sub32(a) for a in args]
                    r = f(*args)
                    if rnd32:
                        r = f32(r)
                        if ftz:
                            r = flush_sub32(r)
                    if sat:
                        r = 0.0 if math.isnan(r) else min(max(r, 0.0), 1.0)
                    d(w, l, r)
            return body
        if kind == "h":
            return self._f16op(ins, mods, ffloat, d, gs, True)
        signed = kind == "s"
        m = _mask(width)
        if signed:
            return lambda w, act: [d(w, l, fint(*[as_s(g(w, l), width) for g in gs]) & m) for l in act] and None
        return lambda w, act: [d(w, l, fint(*[as_u(g(w, l), width) for g in gs]) & m) for l in act] and None

    def _f16op(self, ins, mods, ffloat, d, gs, x2):
        def one(args):
            r = ffloat(*[bits_f16(a) for a in args])
            # operands are exact f16; the binary64 result rounds to f16 correctly for + - * and
            # for fma (products of f16 are exact in binary64, the sum needs <= 64 bits: exact
            # enough that rounding once is right)
            return f16_bits(r) if not (isinstance(r, float) and math.isnan(r)) else 0x7E00

        def body(w, act):
            for l in act:
                vals = [as_u(g(w, l), 32 if x2 else 16) for g in gs]
                if x2:
                    lo = one([v & 0xFFFF for v in vals])
                    hi = one([v >> 16 for v in vals])
                    d(w, l, lo | (hi << 16))
                else:
                    d(w, l, one(vals))
        return body

    def c_add(self, k, ins, op, mods):
        return self._binop(ins, mods, lambda a, b: a + b, lambda a, b: a + b)

    def c_sub(self, k, ins, op, mods):
        return self._binop(ins, mods, lambda a, b: a - b, lambda a, b: a - b)

    def c_mul(self, k, ins, op, mods):
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        if kind in ("u", "s") and ("wide" in mods or "hi" in mods):
            d = self.setter(ins.ops[0])
            ga, gb = self.getter(ins.ops[1]), self.getter(ins.ops[2])
            cv = (lambda v: as_s(v, width)) if kind == "s" else (lambda v: as_u(v, width))
            if "wide" in mods:
                m2 = _mask(2 * width)
                return lambda w, act: [d(w, l, (cv(ga(w, l)) * cv(gb(w, l))) & m2) for l in act] and None
            m1 = _mask(width)
            return lambda w, act: [d(w, l, ((cv(ga(w, l)) * cv(gb(w, l))) >> width) & m1) for l in act] and None
        return self._binop(ins, mods, lambda a, b: a * b, lambda a, b: a * b)

    def c_mad(self, k, ins, op, mods):
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        if kind == "f":
            return self.c_fma(k, ins, op, mods)
        d = self.setter(ins.ops[0])
        ga, gb, gc = (self.getter(x) for x in ins.ops[1:4])
        cv = (lambda v: as_s(v, width)) if kind == "s" else (lambda v: as_u(v, width))
        if "wide" in mods:
            m2 = _mask(2 * width)
            return lambda w, act: [d(w, l, (cv(ga(w, l)) * cv(gb(w, l)) + as_u(gc(w, l), 2 * width)) & m2)
                                   for l in act] and None
        if "hi" in mods:
            m1 = _mask(width)
            return lambda w, act: [d(w, l, (((cv(ga(w, l)) * cv(gb(w, l))) >> width) + cv(gc(w, l))) & m1)
                                   for l in act] and None
        m1 = _mask(width)
        return lambda w, act: [d(w, l, (cv(ga(w, l)) * cv(gb(w, l)) + cv(gc(w, l))) & m1) for l in act] and None

    def c_fma(self, k, ins, op, mods):
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        rnd = next((m for m in mods if m in ("rn", "rz", "rm", "rp")), "rn")
        if width == 32 and kind == "f":
            d = self.setter(ins.ops[0])
            ga, gb, gc = (self.getter(x) for x in ins.ops[1:4])
            ftz = "ftz" in mods
            sat = "sat" in mods

            def f(a, b, c):
                if ftz:
                    a, b, c = flush_sub32(a), flush_sub32(b), flush_sub32(c)
                if rnd == "rn":
                    r = fma32(a, b, c)
                else:
                    if any(math.isnan(x) or math.isinf(x) for x in (a, b, c)):
                        r = f32(a * b + c)
                    else:
                        r = round_f32_mode(Fraction(a) * Fraction(b) + Fraction(c), rnd)
                if ftz:
                    r = flush_sub32(r)
                if sat:
                    r = 0.0 if math.isnan(r) else min(max(r, 0.0), 1.0)
                return r
            return lambda w, act: [d(w, l, f(as_f32(ga(w, l)), as_f32(gb(w, l)), as_f32(gc(w, l)))) for l in act] and None
        if kind == "f" and width == 64:
            d = self.setter(ins.ops[0])
            ga, gb, gc = (self.getter(x) for x in ins.ops[1:4])

            return lambda w, act: [d(w, l, fma64(as_f64(ga(w, l)), as_f64(gb(w, l)), as_f64(gc(w, l)))) for l in act] and None
        return self._binop(ins, mods, None, lambda a, b, c: a * b + c, nsrc=3)

    def c_div(self, k, ins, op, mods):
        t = self.types_of(mods)[0]
        kind, _ = tinfo(t)
        if kind == "f":
            def fdiv(a, b):
                if b == 0.0:
                    if a == 0.0 or math.isnan(a):
                        return math.nan
                    return math.copysign(math.inf, a) * math.copysign(1.0, b)
                return a / b
            return self._binop(ins, mods, None, fdiv)

        def idiv(a, b):
            if b == 0:
                return -1
            q = abs(a) // abs(b)
            return q if (a >= 0) == (b >= 0) else -q
        return self._binop(ins, mods, idiv)

    def c_rem(self, k, ins, op, mods):
        def irem(a, b):
            if b == 0:
                return a
            r = abs(a) % abs(b)
            return r if a >= 0 else -r
        return self._binop(ins, mods, irem)

    def c_min(self, k, ins, op, mods):
        def fmin(a, b):
            if math.isnan(a):
                return b
            if math.isnan(b):
                return a
            return min(a, b)
        return self._binop(ins, mods, min, fmin)

    def c_max(self, k, ins, op, mods):
        def fmax(a, b):
            if math.isnan(a):
                return b
            if math.isnan(b):
                return a
            return max(a, b)
        return self._binop(ins, mods, max, fmax)

    def c_abs(self, k, ins, op, mods):
        return self._binop(ins, mods, abs, abs, nsrc=1)

    def c_neg(self, k, ins, op, mods):
        return self._binop(ins, mods, lambda a: -a, lambda a: -a, nsrc=1)

    def c_and(self, k, ins, op, mods):
        return self._logic(ins, mods, lambda a, b: a & b)

    def c_or(self, k, ins, op, mods):
        return self._logic(ins, mods, lambda a, b: a | b)

    def c_xor(self, k, ins, op, mods):
        return self._logic(ins, mods, lambda a, b: a ^ b)

    def c_not(self, k, ins, op, mods):
        t = self.types_of(mods)[0]
        d, g = self.setter(ins.ops[0]), self.getter(ins.ops[1])
        if t == "pred":
            return lambda w, act: [d(w, l, not g(w, l)) for l in act] and None
        width = tinfo(t)[1]
        m = _mask(width)
        return lambda w, act: [d(w, l, (~as_u(g(w, l), width)) & m) for l in act] and None

    def _logic(self, ins, mods, f):
        t = self.types_of(mods)[0]
        d = self.setter(ins.ops[0])
        ga, gb = self.getter(ins.ops[1]), self.getter(ins.ops[2])
        if t == "pred":
            return lambda w, act: [d(w, l, bool(f(bool(ga(w, l)), bool(gb(w, l))))) for l in act] and None
        width = tinfo(t)[1]
        return lambda w, act: [d(w, l, f(as_u(ga(w, l), width), as_u(gb(w, l), width))) for l in act] and None

    def c_shl(self, k, ins, op, mods):
        width = tinfo(self.types_of(mods)[0])[1]
        d, ga, gb = self.setter(ins.ops[0]), self.getter(ins.ops[1]), self.getter(ins.ops[2])
        m = _mask(width)

        def f(a, b):
            b = as_u(b, 32)
            return 0 if b >= width else (as_u(a, width) << b) & m
        return lambda w, act: [d(w, l, f(ga(w, l), gb(w, l))) for l in act] and None

    def c_shr(self, k, ins, op, mods):
        kind, width = tinfo(self.types_of(mods)[0])
        d, ga, gb = self.setter(ins.ops[0]), self.getter(ins.ops[1]), self.getter(ins.ops[2])
        m = _mask(width)

        def f(a, b):
            b = min(as_u(b, 32), width)
            if kind == "s":
                return (as_s(a, width) >> b) & m
            return (as_u(a, width) >> b) & m
        return lambda w, act: [d(w, l, f(ga(w, l), gb(w, l))) for l in act] and None

    def c_popc(self, k, ins, op, mods):
        width = tinfo(self.types_of(mods)[0])[1]
        d, g = self.setter(ins.ops[0]), self.getter(ins.ops[1])
        return lambda w, act: [d(w, l, bin(as_u(g(w, l), width)).count("1")) for l in act] and None

    def c_clz(self, k, ins, op, mods):
        width = tinfo(self.types_of(mods)[0])[1]
        d, g = self.setter(ins.ops[0]), self.getter(ins.ops[1])
        return lambda w, act: [d(w, l, width - as_u(g(w, l), width).bit_length()) for l in act] and None

    def c_brev(self, k, ins, op, mods):
        width = tinfo(self.types_of(mods)[0])[1]
        d, g = self.setter(ins.ops[0]), self.getter(ins.ops[1])
        return lambda w, act: [d(w, l, int(format(as_u(g(w, l), width), "0%db" % width)[::-1], 2)) for l in act] and None

    def c_bfi(self, k, ins, op, mods):
        width = tinfo(self.types_of(mods)[0])[1]
        d = self.setter(ins.ops[0])
        ga, gb, gc, gd = (self.getter(x) for x in ins.ops[1:5])

        def f(a, b, pos, ln):
            pos, ln = as_u(pos, 32) & 0xFF, as_u(ln, 32) & 0xFF
            a, b = as_u(a, width), as_u(b, width)
            mask = (((1 << ln) - 1) << pos) & _mask(width)
            return (b & ~mask & _mask(width)) | ((a << pos) & mask)
        return lambda w, act: [d(w, l, f(ga(w, l), gb(w, l), gc(w, l), gd(w, l))) for l in act] and None

    def c_bfe(self, k, ins, op, mods):
        kind, width = tinfo(self.types_of(mods)[0])
        d = self.setter(ins.ops[0])
        ga, gb, gc = (self.getter(x) for x in ins.ops[1:4])

        def f(a, pos, ln):
            pos, ln = as_u(pos, 32) & 0xFF, as_u(ln, 32) & 0xFF
            a = as_u(a, width)
            if ln == 0:
                return 0
            v = (a >> min(pos, width)) & ((1 << ln) - 1)
            if kind == "s":
                top = min(pos + ln - 1, width - 1)
                if (a >> top) & 1:
                    v |= _mask(width) & ~((1 << ln) - 1)
            return v & _mask(width)
        return lambda w, act: [d(w, l, f(ga(w, l), gb(w, l), gc(w, l))) for l in act] and None

    def c_selp(self, k, ins, op, mods):
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        d = self.setter(ins.ops[0])
        ga, gb, gp = (self.getter(x) for x in ins.ops[1:4])
        conv = (as_f32 if width == 32 else as_f64) if kind == "f" else (lambda v: as_u(v, width))
        return lambda w, act: [d(w, l, conv(ga(w, l)) if gp(w, l) else conv(gb(w, l))) for l in act] and None

    def c_setp(self, k, ins, op, mods):
        cmp = mods[0]
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        comb = next((m for m in mods[1:] if m in ("and", "or", "xor")), None)
        dst = ins.ops[0]
        d = self.setter(dst)
        d2 = self.setter(Operand("reg", name=dst.pred2)) if dst.pred2 else None
        ga, gb = self.getter(ins.ops[1]), self.getter(ins.ops[2])
        gc = self.getter(ins.ops[3]) if comb else None
        if kind == "f":
            conv = as_f32 if width == 32 else as_f64 if width == 64 else (lambda v: bits_f16(as_u(v, 16)))
        elif kind == "s":
            conv = lambda v: as_s(v, width)  # noqa: E731
        else:
            conv = lambda v: as_u(v, width)  # noqa: E731
        base = cmp.rstrip("u") if cmp not in ("lo", "ls", "hi", "hs", "nan", "num") else cmp
        unordered = kind == "f" and cmp.endswith("u") and cmp not in ("nan", "num")
        rel = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
               "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
               "lo": lambda a, b: a < b, "ls": lambda a, b: a <= b, "hi": lambda a, b: a > b,
               "hs": lambda a, b: a >= b}

        def f(a, b):
            if kind == "f":
                nan = math.isnan(a) or math.isnan(b)
                if cmp == "nan":
                    return nan
                if cmp == "num":
                    return not nan
                if nan:
                    return unordered
            return rel[base](a, b)

        def body(w, act):
            for l in act:
                r = f(conv(ga(w, l)), conv(gb(w, l)))
                if comb:
                    c = bool(gc(w, l))
                    r2 = (not r)
                    r = (r and c) if comb == "and" else (r or c) if comb == "or" else (r != c)
                    r2 = (r2 and c) if comb == "and" else (r2 or c) if comb == "or" else (r2 != c)
                else:
                    r2 = not r
                d(w, l, r)
                if d2:
                    d2(w, l, r2)
        return body

    # special functions
    def _unary_f(self, ins, mods, f):
        t = self.types_of(mods)[0]
        kind, width = tinfo(t)
        d, g = self.setter(ins.ops[0]), self.getter(ins.ops[1])
        ftz = "ftz" in mods
        conv = as_f32 if width == 32 else as_f64

        def one(x):
            if ftz:
                x = flush_sub32(x)
            try:
                r = f(x)
            except (ValueError, ZeroDivisionError):
                r = math.nan
            except OverflowError:
                r = math.inf
            if width == 32:
                r = f32(r)
                if ftz:
                    r = flush_sub32(r)
            return r
        return lambda w, act: [d(w, l, one(conv(g(w, l)))) for l in act] and None

    def c_sqrt(self, k, ins, op, mods):
        return self._unary_f(ins, mods, lambda x: math.nan if x < 0 else math.inf if x == math.inf else math.sqrt(x))

    def c_rsqrt(self, k, ins, op, mods):
        def f(x):
            if x < 0 or math.isnan(x):
                return math.nan
            if x == 0:
                return math.copysign(math.inf, x)
            if math.isinf(x):
                return 0.0
            return 1.0 / math.sqrt(x)
        return self._unary_f(ins, mods, f)

    def c_rcp(self, k, ins, op, mods):
        def f(x):
            if x == 0:
                return math.copysign(math.inf, x)
            if math.isinf(x):
                return math.copysign(0.0, x)
            return 1.0 / x
        return self._unary_f(ins, mods, f)

    def c_ex2(self, k, ins, op, mods):
        def f(x):
            if math.isnan(x):
                return x
            if x > 200:
                return math.inf
            if x < -200:
                return 0.0
            return 2.0 ** x
        return self._unary_f(ins, mods, f)

    def c_lg2(self, k, ins, op, mods):
        def f(x):
            if x < 0 or math.isnan(x):
                return math.nan
            if x == 0:
                return -math.inf
            if math.isinf(x):
                return x
            return math.log2(x)
        return self._unary_f(ins, mods, f)

    def c_sin(self, k, ins, op, mods):
        return self._unary_f(ins, mods, lambda x: math.nan if math.isinf(x) else math.sin(x))

    def c_cos(self, k, ins, op, mods):
        return self._unary_f(ins, mods, lambda x: math.nan if math.isinf(x) else math.cos(x))

    def c_tanh(self, k, ins, op, mods):
        return self._unary_f(ins, mods, math.tanh)

    def c_copysign(self, k, ins, op, mods):
        return self._binop(ins, mods, None, lambda a, b: math.copysign(b, a))

    def c_testp(self, k, ins, op, mods):
        what = mods[0]
        d, g = self.setter(ins.ops[0]), self.getter(ins.ops[1])
        t = self.types_of(mods)[0]
        conv = as_f32 if t == "f32" else as_f64
        tests = {"finite": lambda x: math.isfinite(x), "infinite": math.isinf, "number": lambda x: not math.isnan(x),
                 "notanumber": math.isnan, "normal": lambda x: math.isfinite(x) and abs(x) >= 2.0**-126,
                 "subnormal": lambda x: x != 0 and abs(x) < 2.0**-126}
        return lambda w, act: [d(w, l, tests[what](conv(g(w, l)))) for l in act] and None

    # warp-wide
    def _require_converged(self, w, group, membermask):
        for l in range(WARP):
            if membermask >> l & 1 and w.state[l] != "exit" and l not in group:
                raise EmuError("warp-synchronous op with lane %d of its mask elsewhere" % l)

    def c_shfl(self, k, ins, op, mods):
        mode = next(m for m in mods if m in ("up", "down", "bfly", "idx"))
        dst = ins.ops[0]
        d = self.setter(dst)
        dp = self.setter(Operand("reg", name=dst.pred2)) if dst.pred2 else None
        ga, gb, gc = (self.getter(x) for x in ins.ops[1:4])
        gm = self.getter(ins.ops[4]) if len(ins.ops) > 4 else (lambda w, l: 0xFFFFFFFF)

        def body(w, act):
            if not act:
                return
            mask = as_u(gm(w, act[0]), 32)
            self._require_converged(w, act, mask)
            vals = {l: as_u(ga(w, l), 32) for l in act}
            res = {}
            for l in act:
                b = as_u(gb(w, l), 32) & 31
                c = as_u(gc(w, l), 32)
                maxl = c & 31
                segmask = (c >> 8) & 31
                minl = l & segmask
                maxl = minl | (maxl & ~segmask)
                if mode == "up":
                    j = l - b
                    ok = j >= maxl
                elif mode == "down":
                    j = l + b
                    ok = j <= maxl
                elif mode == "bfly":
                    j = l ^ b
                    ok = j <= maxl
                else:
                    j = minl | (b & ~segmask)
                    ok = j <= maxl
                if not ok:
                    j = l
                if j not in vals:
                    raise EmuError("shfl from inactive lane %d" % j)
                res[l] = (vals[j], ok)
            for l in act:
                d(w, l, res[l][0])
                if dp:
                    dp(w, l, res[l][1])
        return body

    def c_vote(self, k, ins, op, mods):
        mode = next(m for m in mods if m in ("all", "any", "uni", "ballot"))
        d = self.setter(ins.ops[0])
        gp = self.getter(ins.ops[1])

        def body(w, act):
            vals = [bool(gp(w, l)) for l in act]
            if mode == "ballot":
                r = sum(1 << l for l, v in zip(act, vals) if v)
            elif mode == "all":
                r = all(vals)
            elif mode == "any":
                r = any(vals)
            else:
                r = all(vals) or not any(vals)
            for l in act:
                d(w, l, r)
        return body

    # wmma: the interpreter's own fragment layout (any layout is right as long as load, mma and
    # store agree; programs only touch fragments through them and element-wise fills).
    def c_wmma(self, k, ins, op, mods):
        kind = mods[0]
        if kind == "load":
            frag = mods[1]
            layout = next(m for m in mods if m in ("row", "col"))
            shape = next(m for m in mods if re.match(r"^m\d+n\d+k\d+$", m))
            if shape != "m16n16k16":
                raise EmuError("wmma shape " + shape)
            space = self.space_of(mods)
            et = mods[-1]
            regs = [self.setter(x) for x in ins.ops[0].items]
            af = self.addr_fn(ins.ops[1])
            gs = self.getter(ins.ops[2]) if len(ins.ops) > 2 else (lambda w, l: 16)
            esize = 2 if et == "f16" else 4

            def body(w, act):
                self._require_converged(w, act, 0xFFFFFFFF)
                base = af(w, act[0])
                stride = as_u(gs(w, act[0]), 32)
                elems = []
                for r in range(16):
                    for c in range(16):
                        off = (r * stride + c) if layout == "row" else (c * stride + r)
                        elems.append(self.load(w, act[0], space, base + off * esize,
                                               "b" if esize == 2 else "f", 16 if esize == 2 else 32))
                # 256 elements, row-major (r, c) of the logical matrix. Halves (a, b) stay in a
                # per-warp side table, the registers name it; f32 elements (c) go to registers,
                # element e in lane e // 8, slot e % 8.
                if esize == 2:
                    w.__dict__.setdefault("frags", {})
                    self.frag_id = getattr(self, "frag_id", 0) + 1
                    w.frags[self.frag_id] = elems
                    for l in act:
                        for i, s in enumerate(regs):
                            s(w, l, ("frag", self.frag_id, i))
                else:
                    for l in act:
                        for i, s in enumerate(regs):
                            s(w, l, float(elems[l * 8 + i]))
            return body
        if kind == "mma":
            shape = next(m for m in mods if re.match(r"^m\d+n\d+k\d+$", m))
            if shape != "m16n16k16":
                raise EmuError("wmma shape " + shape)
            d_regs = [self.setter(x) for x in ins.ops[0].items]
            a_items, b_items, c_items = ins.ops[1].items, ins.ops[2].items, ins.ops[3].items
            ga = self.getter(a_items[0])
            gb = self.getter(b_items[0])
            gcs = [self.getter(x) for x in c_items]

            def body(w, act):
                self._require_converged(w, act, 0xFFFFFFFF)
                fa, fb = ga(w, act[0]), gb(w, act[0])
                if not (isinstance(fa, tuple) and isinstance(fb, tuple)):
                    raise EmuError("wmma.mma operands not produced by wmma.load")
                A = [bits_f16(x) for x in w.frags[fa[1]]]
                B = [bits_f16(x) for x in w.frags[fb[1]]]
                C = [as_f32(gcs[e % 8](w, e // 8)) for e in range(256)]
                D = []
                for r in range(16):
                    for c in range(16):
                        acc = C[r * 16 + c]
                        # the products of halves are exact in binary32; sum in k order
                        for kk in range(16):
                            acc = fma32(A[r * 16 + kk], B[kk * 16 + c], acc)
                        D.append(acc)
                for l in act:
                    for i, s in enumerate(d_regs):
                        s(w, l, D[l * 8 + i])
            return body
        if kind == "store":
            layout = next(m for m in mods if m in ("row", "col"))
            space = self.space_of(mods)
            af = self.addr_fn(ins.ops[0])
            gets = [self.getter(x) for x in ins.ops[1].items]
            gs = self.getter(ins.ops[2]) if len(ins.ops) > 2 else (lambda w, l: 16)

            def body(w, act):
                self._require_converged(w, act, 0xFFFFFFFF)
                base = af(w, act[0])
                stride = as_u(gs(w, act[0]), 32)
                for e in range(256):
                    r, c = divmod(e, 16)
                    off = (r * stride + c) if layout == "row" else (c * stride + r)
                    self.store(w, act[0], space, base + off * 4, "f", 32, as_f32(gets[e % 8](w, e // 8)))
            return body
        raise EmuError("wmma." + kind)


# ---------------------------------------------------------------------------------------------
# Manifests

def init_buffer(spec, manifest_dir):
    t = spec["type"]
    count = int(spec["count"])
    kind, width = tinfo(t)
    size = width // 8
    init = spec.get("init", "zero")
    fmt = FMT[(kind, width)] if kind != "f" or width != 16 else "<H"
    if init == "zero" or init is None:
        return bytes(count * size)
    (ik, iv), = init.items()
    if ik == "fill":
        v = parse_scalar(iv, t)
        return struct.pack("<%d%s" % (count, fmt[1]), *([v] * count))
    if ik == "iota":
        start, step = float(iv.get("start", 0)), float(iv.get("step", 1))
        vals = [start + step * i for i in range(count)]
        if kind == "f":
            vals = [f16_bits(v) for v in vals] if width == 16 else vals
        else:
            vals = [int(v) & _mask(width) for v in vals]
            fmt = FMT[("b", width)]
        return struct.pack("<%d%s" % (count, fmt[1]), *vals)
    if ik == "random":
        rng = MT19937_64(int(iv.get("seed", 0)))
        if kind == "f":
            lo, hi = float(iv.get("min", 0)), float(iv.get("max", 1))
            vals = [lo + (hi - lo) * (rng() >> 11) * 2.0**-53 for _ in range(count)]
            if width == 16:
                vals = [f16_bits(v) for v in vals]
            return struct.pack("<%d%s" % (count, fmt[1]), *vals)
        lo, hi = int(iv.get("min", 0)), int(iv.get("max", 1))
        span = (hi - lo + 1) & _mask(64)
        vals = [(lo + (rng() % span if span else rng())) & _mask(width) for _ in range(count)]
        return struct.pack("<%d%s" % (count, FMT[("b", width)][1]), *vals)
    if ik == "file":
        data = open(os.path.join(manifest_dir, iv), "rb").read()
        if len(data) != count * size:
            raise EmuError("file %s has %d bytes, buffer needs %d" % (iv, len(data), count * size))
        return data
    raise EmuError("init " + ik)


def parse_scalar(v, t):
    kind, width = tinfo(t)
    if kind == "f":
        x = float(v)
        return f16_bits(x) if width == 16 else x
    x = int(str(v), 0)
    return x & _mask(width)


def scalar_bits(t, v):
    kind, width = tinfo(t)
    if kind == "f":
        x = float(v)
        return f32_bits(x) if width == 32 else f64_bits(x) if width == 64 else f16_bits(x)
    return int(str(v), 0) & _mask(width)


def element_values(data, t):
    kind, width = tinfo(t)
    if kind == "f" and width == 16:
        return [bits_f16(x) for x in struct.unpack("<%dH" % (len(data) // 2), data)]
    fmt = FMT[(kind, width)]
    return list(struct.unpack("<%d%s" % (len(data) // (width // 8), fmt[1]), data))


def main(argv):
    import yaml  # a developer tool: PyYAML

    args = [a for a in argv if not a.startswith("--")]
    quiet = "--quiet" in argv
    dumps = {}
    for a in argv:
        if a.startswith("--dump="):
            b, f = a[7:].split("=", 1)
            dumps[b] = f
    path = args[0]
    if os.path.isdir(path):
        path = os.path.join(path, "manifest.yaml")
    mdir = os.path.dirname(os.path.abspath(path))
    m = yaml.safe_load(open(path))
    module = Module(os.path.join(mdir, m["kernel"]))
    mem = Memory()
    specs = m.get("buffers", {}) or {}
    for name, spec in specs.items():
        data = init_buffer(spec, mdir)
        addr = mem.alloc(name, len(data))
        off = addr - GBASE
        mem.data[off:off + len(data)] = data
    run = Run(module, mem, quiet)
    total = [0, 0]
    for i, l in enumerate(m["launches"]):
        grid = list(l["grid"]) + [1] * (3 - len(l["grid"]))
        block = list(l["block"]) + [1] * (3 - len(l["block"]))
        argv2 = []
        for a in l.get("args", []):
            if isinstance(a, str):
                argv2.append(("addr", mem.buffers[a][0]))
            else:
                (t, v), = a.items()
                argv2.append((t, scalar_bits(t, v)))
        stats, static = run.launch(l["entry"], grid, block, int(l.get("shared_bytes", 0)), argv2)
        total[0] += stats[0]
        total[1] += stats[1]
        if not quiet:
            print("launch %d %-24s grid %-16s block %-12s warp_insts %10d thread_insts %11d static_shared %d"
                  % (i + 1, l["entry"], grid, block, stats[0], stats[1], static))
    print("total warp_insts %d thread_insts %d" % tuple(total))

    def contents(name):
        a, n = mem.buffers[name]
        return bytes(mem.data[a - GBASE:a - GBASE + n])

    for b, f in dumps.items():
        open(f, "wb").write(contents(b))
    ok = True
    for name, e in (m.get("expect") or {}).items():
        t = specs[name]["type"]
        got = element_values(contents(name), t)
        if "file" in e:
            exp = element_values(open(os.path.join(mdir, e["file"]), "rb").read(), t)
        else:
            v = parse_scalar(e["fill"], t)
            exp = element_values(struct.pack("<" + FMT[tinfo(t)][1], v), t) * len(got)
        tol = float(e.get("tolerance", 0))
        bad = None
        maxdiff = 0.0
        for i, (g, x) in enumerate(zip(got, exp)):
            if g == x or (isinstance(g, float) and math.isnan(g) and math.isnan(x)):
                continue
            diff = abs(g - x)
            maxdiff = max(maxdiff, diff)
            if diff > tol and bad is None:
                bad = (i, g, x)
        if bad:
            ok = False
            print("expect %s: FAILED at index %d: got %r, expected %r (tolerance %g)" % (name, bad[0], bad[1], bad[2], tol))
        else:
            print("expect %s: ok (max |diff| %g, tolerance %g)" % (name, maxdiff, tol))
    for name, r in (m.get("report") or {}).items():
        t = specs[r["buffer"]]["type"]
        vals = element_values(contents(r["buffer"]), t)
        if "reduce" in r:
            red = r["reduce"]
            if red == "sum" or red == "mean":
                acc = 0.0
                for v in vals:
                    acc += float(v)
                val = acc / len(vals) if red == "mean" else acc
            else:
                val = float(min(vals) if red == "min" else max(vals))
        else:
            val = float(vals[int(r.get("index", 0))])
        print("report %s = %r" % (name, val))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
