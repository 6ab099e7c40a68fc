#include "tests/ptx/ptx_test_util.h"

#include <stdexcept>

#include "isa/exec/data_segments.h"
#include "sim/error.h"

namespace warpsim::isa::ptx_testing {

std::string module(const std::string& body, const std::string& target) {
  return ".version 8.0\n.target " + target + "\n.address_size 64\n\n" + body;
}

std::string lanes_kernel(const std::string& regs, const std::string& body,
                         const std::string& prelude) {
  return module(prelude + ".visible .entry k(\n\t.param .u64 k_out,\n\t.param .u64 k_in\n)\n{\n"
                "\t.reg .b64 %rd_out, %rd_in, %in, %outp, %t64;\n\t.reg .b32 %tid32, %ctaid32, %ntid32;\n" +
                regs +
                "\tld.param.u64 %rd_out, [k_out];\n\tld.param.u64 %rd_in, [k_in];\n"
                "\tmov.u32 %tid32, %tid.x;\n\tmov.u32 %ctaid32, %ctaid.x;\n\tmov.u32 %ntid32, %ntid.x;\n"
                "\tmad.lo.s32 %tid32, %ctaid32, %ntid32, %tid32;\n"
                "\tmul.wide.u32 %t64, %tid32, 32;\n\tadd.s64 %in, %rd_in, %t64;\n"
                "\tmul.wide.u32 %t64, %tid32, 16;\n\tadd.s64 %outp, %rd_out, %t64;\n" +
                body + "\tret;\n}\n");
}

std::vector<Out> run_lanes(const std::string& regs, const std::string& body,
                           const std::vector<In>& in, const std::string& prelude) {
  Program p = translate_ptx(lanes_kernel(regs, body, prelude), "lanes.ptx");
  const Kernel* k = p.find("k");
  DeviceMemory mem;
  map_data_segments(p, mem);
  std::vector<uint64_t> flat;
  for (const In& r : in) flat.insert(flat.end(), r.begin(), r.end());
  if (flat.empty()) flat.resize(4);
  uint64_t in_addr = upload(mem, flat);
  uint64_t out_addr = upload(mem, std::vector<uint64_t>(2 * std::max<size_t>(in.size(), 1), 0));
  unsigned n = static_cast<unsigned>(in.size());
  unsigned block = n < 256 ? n : 256;
  if (n % block) throw std::runtime_error("run_lanes: thread count not a multiple of the CTA size");
  isa::testing::run_kernel(*k, mem, Dim3{n / block, 1, 1}, Dim3{block, 1, 1},
                           {ParamArg::of_address(out_addr), ParamArg::of_address(in_addr)});
  auto o = download<uint64_t>(mem, out_addr, 2 * n);
  std::vector<Out> out(n);
  for (unsigned i = 0; i < n; ++i) out[i] = {o[2 * i], o[2 * i + 1]};
  return out;
}

std::vector<uint32_t> run_words(const std::string& ptx, const std::vector<uint32_t>& in,
                                size_t out_words, unsigned threads, const std::string& name,
                                unsigned grid, uint32_t dynamic_shared) {
  Program p = translate_ptx(ptx, "test.ptx");
  const Kernel* k = p.find(name);
  if (!k) throw std::runtime_error("no kernel " + name);
  DeviceMemory mem;
  map_data_segments(p, mem);
  std::vector<uint32_t> in_copy = in.empty() ? std::vector<uint32_t>{0} : in;
  uint64_t in_addr = upload(mem, in_copy);
  uint64_t out_addr = upload(mem, std::vector<uint32_t>(out_words ? out_words : 1, 0));
  isa::testing::run_kernel(*k, mem, Dim3{grid, 1, 1}, Dim3{threads, 1, 1},
                           {ParamArg::of_address(out_addr), ParamArg::of_address(in_addr)},
                           dynamic_shared);
  return download<uint32_t>(mem, out_addr, out_words);
}

std::vector<Out> run_op(unsigned bits, const std::string& ops, const std::vector<In>& in,
                        const std::string& extra_regs) {
  std::string b = std::to_string(bits);
  std::string regs = "\t.reg .b" + b + " %a, %b, %c, %d;\n\t.reg .pred %p, %q;\n\t.reg .b32 %pq, %qq;\n" +
                     "\t.reg .b32 %x, %y, %z, %w, %v, %n, %pos, %len;\n\t.reg .b16 %h, %l;\n" + extra_regs;
  std::string body = "\tld.global.b" + b + " %a, [%in];\n\tld.global.b" + b + " %b, [%in+8];\n" +
                     "\tld.global.b" + b + " %c, [%in+16];\n\tmov.b" + b + " %d, 0;\n" +
                     "\tsetp.ne.s32 %p, 0, 0;\n\tsetp.ne.s32 %q, 0, 0;\n" + ops + "\n" +
                     "\tst.global.b" + b + " [%outp], %d;\n" +
                     "\tselp.u32 %pq, 1, 0, %p;\n\tselp.u32 %qq, 2, 0, %q;\n\tor.b32 %pq, %pq, %qq;\n" +
                     "\tst.global.u32 [%outp+8], %pq;\n";
  return run_lanes(regs, body, in);
}

std::vector<uint64_t> results(const std::vector<Out>& out) {
  std::vector<uint64_t> r;
  for (const Out& o : out) r.push_back(o[0]);
  return r;
}

int error_line(const std::string& ptx, std::string* message) {
  try {
    translate_ptx(ptx, "bad.ptx");
  } catch (const InputError& e) {
    if (message) *message = e.what();
    return e.line() > 0 ? e.line() : -1;
  }
  return 0;
}

}  // namespace warpsim::isa::ptx_testing
