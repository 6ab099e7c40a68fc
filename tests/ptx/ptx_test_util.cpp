#include "tests/ptx/ptx_test_util.h"

#include "sim/error.h"

namespace warpsim::isa::ptx_testing {

std::string module(const std::string& body, const std::string& target) {
  return ".version 8.0\n.target " + target + "\n.address_size 64\n\n" + body;
}

std::string kernel2(const std::string& regs, const std::string& body) {
  return module(".visible .entry k(\n\t.param .u64 k_out,\n\t.param .u64 k_in\n)\n{\n" +
                std::string("\t.reg .b64 %rd_out, %rd_in;\n") + regs +
                "\tld.param.u64 %rd_out, [k_out];\n\tld.param.u64 %rd_in, [k_in];\n" + body +
                "\tret;\n}\n");
}

std::vector<uint32_t> run_words(const std::string& ptx, const std::vector<uint32_t>& in,
                                size_t out_words, unsigned threads, const std::string& name) {
  Program p = translate_ptx(ptx, "test.ptx");
  const Kernel* k = p.find(name);
  if (!k) throw std::runtime_error("no kernel " + name);
  DeviceMemory mem;
  std::vector<uint32_t> in_copy = in.empty() ? std::vector<uint32_t>{0} : in;
  uint64_t in_addr = upload(mem, in_copy);
  uint64_t out_addr = upload(mem, std::vector<uint32_t>(out_words ? out_words : 1, 0));
  isa::testing::run_kernel(*k, mem, Dim3{1, 1, 1}, Dim3{threads, 1, 1},
                           {ParamArg::of_address(out_addr), ParamArg::of_address(in_addr)});
  return download<uint32_t>(mem, out_addr, out_words);
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
