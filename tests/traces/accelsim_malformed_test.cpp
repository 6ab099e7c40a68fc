// Malformed input: every defect is an InputError naming the file and the line (exit code 2),
// never a crash, a hang or a silently wrong count.
#include <gtest/gtest.h>

#include "isa/sass/sass_table.h"
#include "tests/traces/accelsim_test_support.h"

namespace warpsim::traces::test {
namespace {

// A valid 2-warp kernel text; tests break one thing in it.
SynthKernel good_kernel() {
  SynthKernel k;
  k.block[0] = 64;
  SynthCta c;
  c.warps.push_back(
      SynthWarp{0,
                {"0000 ffffffff 1 R1 MOV 0 0 0", "0010 ffffffff 1 R2 LDG.E 1 R4 4 1 0x1000 4 0",
                 "0020 ffffffff 0 EXIT 0 0 0"}});
  c.warps.push_back(SynthWarp{1, {"0000 ffffffff 1 R1 MOV 0 0 0", "0010 ffffffff 0 EXIT 0 0 0"}});
  k.ctas = {c};
  return k;
}

// Line numbers in good_kernel().render(): header 13 lines, blank, format, blank, then
//   17 blank, 18 #BEGIN_TB, 19 blank, 20 thread block, 21 blank, 22 warp = 0, 23 insts = 3,
//   24..26 instructions, 27 blank, 28 warp = 1, 29 insts = 2, 30..31 instructions, 32 blank,
//   33 #END_TB.
std::string with_line(std::string text, int line, const std::string& replacement) {
  size_t pos = 0;
  for (int i = 1; i < line; ++i) pos = text.find('\n', pos) + 1;
  size_t end = text.find('\n', pos);
  return text.replace(pos, end - pos, replacement);
}

std::string cut_after_line(const std::string& text, int line) {
  size_t pos = 0;
  for (int i = 0; i < line; ++i) pos = text.find('\n', pos) + 1;
  return text.substr(0, pos);
}

// Opens and fully replays `text` as a kernel trace; returns the error.
InputError replay_error(const std::string& text, AccelSimOptions options = {}, bool xz = false) {
  ScratchDir dir;
  std::string path = dir.file(xz ? "kernel-1.traceg.xz" : "kernel-1.traceg");
  (xz ? write_xz : write_file)(path, text);
  InputError e = expect_input_error([&] {
    auto k = AccelSimKernel::open(path, options);
    replay(*k);
  });
  EXPECT_EQ(e.path(), path) << e.what();
  return e;
}

void expect_error(const InputError& e, int line, const std::string& fragment) {
  EXPECT_EQ(e.line(), line) << e.what();
  EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
}

TEST(AccelsimMalformed, GoodKernelLineNumbersAreAsDocumented) {
  std::string t = good_kernel().render();
  EXPECT_EQ(with_line(t, 23, "X"),
            t.substr(0, t.find("insts = 3")) + "X" + t.substr(t.find("insts = 3") + 9));
  ScratchDir dir;
  write_file(dir.file("k.traceg"), t);
  EXPECT_EQ(replay(*AccelSimKernel::open(dir.file("k.traceg"))).warp_insts, 5u);
}

TEST(AccelsimMalformed, TruncatedInsideAWarp) {
  for (bool xz : {false, true})
    expect_error(replay_error(cut_after_line(good_kernel().render(), 25), {}, xz), 25,
                 "truncated: warp 0 of thread block (0,0,0) has 2 of the 3 instruction lines");
}

TEST(AccelsimMalformed, TruncatedBeforeEndTb) {
  expect_error(replay_error(cut_after_line(good_kernel().render(), 31)), 31, "has no #END_TB");
}

TEST(AccelsimMalformed, TruncatedMidLine) {
  std::string t = cut_after_line(good_kernel().render(), 24) + "0010 ffff";
  expect_error(replay_error(t), 25, "truncated");
}

TEST(AccelsimMalformed, TruncatedHeader) {
  expect_error(replay_error(cut_after_line(good_kernel().render(), 6)), 0, "missing header key");
}

TEST(AccelsimMalformed, BadHex) {
  std::string t = good_kernel().render();
  expect_error(replay_error(with_line(t, 25, "0010 ffffffff 1 R2 LDG.E 1 R4 4 1 0x10g0 4 0")), 25,
               "bad base address '0x10g0'");
  expect_error(replay_error(with_line(t, 24, "00z0 ffffffff 1 R1 MOV 0 0 0")), 24, "bad PC");
  expect_error(replay_error(with_line(t, 24, "0000 fffffffff 1 R1 MOV 0 0 0")), 24,
               "bad active mask");
}

TEST(AccelsimMalformed, InstsCountMismatch) {
  std::string t = good_kernel().render();
  // Fewer lines than insts = 3: the next warp starts early.
  expect_error(replay_error(with_line(t, 23, "insts = 4")), 28,
               "warp 0 of thread block (0,0,0) has 3 instruction lines, but 'insts = 4' (line 23)");
  // More lines than insts = 2.
  expect_error(replay_error(with_line(t, 23, "insts = 2")), 26,
               "more instruction lines than 'insts = 2'");
  // At the end of the block.
  expect_error(replay_error(with_line(t, 29, "insts = 3")), 33,
               "has 2 instruction lines, but 'insts = 3'");
}

TEST(AccelsimMalformed, MissingHeaderKeys) {
  for (const char* key : {"kernel name", "grid dim", "block dim", "shmem", "nregs",
                          "binary version", "accelsim tracer version"}) {
    SynthKernel k = good_kernel();
    k.drop_header = {key};
    expect_error(replay_error(k.render()), 14, std::string("missing header key '-") + key + "'");
  }
  SynthKernel k = good_kernel();
  k.drop_header = {"kernel id", "cuda stream id", "nvbit version", "enable lineinfo"};  // optional
  ScratchDir dir;
  write_file(dir.file("k.traceg"), k.render());
  EXPECT_EQ(replay(*AccelSimKernel::open(dir.file("k.traceg"))).warp_insts, 5u);
}

TEST(AccelsimMalformed, BadHeaderValues) {
  std::string t = good_kernel().render();
  expect_error(replay_error(with_line(t, 3, "-grid dim = (1,0,1)")), 3,
               "bad value for '-grid dim'");
  expect_error(replay_error(with_line(t, 4, "-block dim = (2048,1,1)")), 4,
               "bad value for '-block dim'");
  expect_error(replay_error(with_line(t, 12, "-accelsim tracer version = 7")), 0,
               "accelsim tracer version 7 is not supported");
  expect_error(replay_error(with_line(t, 7, "-binary version = 100")), 7,
               "binary version 100 has no SASS opcode table");
  expect_error(replay_error(with_line(t, 5, "shmem = 0")), 5,
               "expected a '-key = value' header line");
}

TEST(AccelsimMalformed, UnknownOpcode) {
  std::string t = with_line(good_kernel().render(), 30, "0000 ffffffff 1 R1 FROB.X 0 0 0");
  expect_error(replay_error(t), 30, "unknown SASS opcode 'FROB' for binary version 70");

  // --unknown-opcode=alu: counted as int_alu, reported as a warning.
  ScratchDir dir;
  write_file(dir.file("k.traceg"), t);
  AccelSimOptions o;
  o.unknown_opcode = UnknownOpcode::alu;
  auto k = AccelSimKernel::open(dir.file("k.traceg"), o);
  ReplayOptions ro;
  std::string name;
  ro.visit = [&](uint64_t, unsigned w, const WarpInst& i) {
    if (w == 1 && i.pc == 0) {
      EXPECT_EQ(i.op_class, OpClass::int_alu);
      name = k->opcode_name(i.opcode);
    }
  };
  EXPECT_EQ(replay_kernel(*k, ro).warp_insts, 5u);
  EXPECT_EQ(name, "FROB");
  EXPECT_EQ(k->stats().unknown_opcode_insts, 1u);
  std::vector<std::string> w = k->diagnostics()->all();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0],
            "1 instructions with unknown SASS opcode FROB (binary version 70) counted as int_alu");

  // An unknown binary version falls back to the newest older table, with a warning.
  std::string v100 = with_line(good_kernel().render(), 7, "-binary version = 100");
  write_file(dir.file("k100.traceg"), v100);
  auto k100 = AccelSimKernel::open(dir.file("k100.traceg"), o);
  EXPECT_EQ(k100->sass_table().name(), "Hopper (sm_90)");
  EXPECT_EQ(k100->diagnostics()->all().size(), 1u);
}

TEST(AccelsimMalformed, BadInstructionFields) {
  std::string t = good_kernel().render();
  expect_error(replay_error(with_line(t, 24, "0000 ffffffff 1 P0 MOV 0 0 0")), 24,
               "bad register 'P0'");
  expect_error(replay_error(with_line(t, 24, "0000 ffffffff 1 R256 MOV 0 0 0")), 24,
               "bad register 'R256'");
  expect_error(replay_error(with_line(t, 25, "0010 ffffffff 1 R2 LDG.E 1 R4 4 7 0x1000 4 0")), 25,
               "unknown address mode 7");
  expect_error(replay_error(with_line(t, 24, "0000 ffffffff 1 R1 MOV 0 0 0 0 0")), 24,
               "unexpected '0'");
  expect_error(replay_error(with_line(t, 24, "0000 ffffffff 1 R1 MOV 2 R1")), 24,
               "truncated instruction line: missing source register");
  expect_error(replay_error(with_line(t, 25, "0010 ffffffff 1 R2 LDG.E 1 R4 4 0 0x1000")), 25,
               "truncated instruction line: missing address");
  expect_error(replay_error(with_line(t, 24, "0000 ffffffff 1 R1 mov 0 0 0")), 24,
               "bad opcode 'mov'");
}

TEST(AccelsimMalformed, BadStructure) {
  std::string t = good_kernel().render();
  expect_error(replay_error(with_line(t, 20, "thread block = 1,0,0")), 20, "outside the grid");
  expect_error(replay_error(with_line(t, 28, "warp = 2")), 28, "the block has 2 warps");
  expect_error(replay_error(with_line(t, 28, "warp = 0")), 28, "listed twice");
  expect_error(replay_error(with_line(t, 20, "warp = 0")), 20, "expected 'thread block = x,y,z'");
  expect_error(replay_error(with_line(t, 33, "#BEGIN_TB")), 33, "#BEGIN_TB before the #END_TB");
  expect_error(replay_error(with_line(t, 17, "0000 ffffffff 1 R1 MOV 0 0 0")), 17,
               "instruction line outside a thread block");
  // The same thread block twice.
  std::string twice = t + t.substr(t.find("#BEGIN_TB"));
  expect_error(replay_error(twice), 34, "listed twice (also at line 18)");
}

TEST(AccelsimMalformed, BadXz) {
  ScratchDir dir;
  std::string text = good_kernel().render();
  write_xz(dir.file("good.traceg.xz"), text);
  std::string xz = read_file(dir.file("good.traceg.xz"));
  // Flip bytes in the compressed payload (the integrity check catches it).
  std::string corrupt = xz;
  for (size_t i = xz.size() / 2; i < xz.size() / 2 + 8; ++i)
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  write_file(dir.file("corrupt.traceg.xz"), corrupt);
  InputError e1 =
      expect_input_error([&] { replay(*AccelSimKernel::open(dir.file("corrupt.traceg.xz"))); });
  EXPECT_EQ(e1.path(), dir.file("corrupt.traceg.xz"));
  EXPECT_GT(e1.line(), 0) << e1.what();  // the line being decompressed
  EXPECT_NE(std::string(e1.what()).find(".xz"), std::string::npos) << e1.what();
  // Truncated stream.
  write_file(dir.file("short.traceg.xz"), xz.substr(0, xz.size() - 20));
  InputError e2 =
      expect_input_error([&] { replay(*AccelSimKernel::open(dir.file("short.traceg.xz"))); });
  EXPECT_EQ(e2.path(), dir.file("short.traceg.xz"));
  EXPECT_GT(e2.line(), 0) << e2.what();
  // Named .xz, but plain text.
  write_file(dir.file("plain.traceg.xz"), text);
  expect_error(expect_input_error([&] { AccelSimKernel::open(dir.file("plain.traceg.xz")); }), 0,
               "not an xz file");
  // xz data without the .xz name is still read as xz.
  write_file(dir.file("renamed.traceg"), xz);
  EXPECT_EQ(replay(*AccelSimKernel::open(dir.file("renamed.traceg"))).warp_insts, 5u);
}

TEST(AccelsimMalformed, RawTracesAreRefusedWithHowToConvert) {
  std::string raw = std::string(WARPSIM_SOURCE_DIR) +
                    "/tests/traces/fixtures/accelsim/nvbit-rs-vecadd-pascal-raw-head";
  for (const std::string& p : {raw, raw + "/kernelslist", raw + "/kernel-1.trace"}) {
    InputError e = expect_input_error([&] { AccelSimTrace::open(p); });
    EXPECT_NE(std::string(e.what()).find("post-traces-processing"), std::string::npos) << e.what();
  }
  // A .g list naming raw traces.
  ScratchDir dir;
  write_list(dir.path(), {"MemcpyHtoD,0x0000000000001000,4", "kernel-1.trace"});
  expect_error(expect_input_error([&] { AccelSimTrace::open(dir.path()); }), 2,
               "post-traces-processing");
  // A raw body in a .traceg file.
  std::string body = read_file(raw + "/kernel-1.trace");
  write_file(dir.file("kernel-1.traceg"), body);
  InputError e = expect_input_error([&] { AccelSimKernel::open(dir.file("kernel-1.traceg")); });
  EXPECT_EQ(e.line(), 16);
  EXPECT_NE(std::string(e.what()).find("raw NVBit .trace?"), std::string::npos) << e.what();
}

TEST(AccelsimMalformed, BadCommandLists) {
  ScratchDir dir;
  write_list(dir.path(), {"MemcpyHtoD,0x1000,4", "kernel-9.traceg"});
  expect_error(expect_input_error([&] { AccelSimTrace::open(dir.path()); }), 2,
               "'kernel-9.traceg' not found");
  write_list(dir.path(), {"MemcpyHtoD,0x1000"});
  expect_error(expect_input_error([&] { AccelSimTrace::open(dir.path()); }), 1,
               "expected 'MemcpyHtoD,0x<address>,<bytes>'");
  expect_error(expect_input_error([&] { AccelSimTrace::open(dir.file("nothing-here")); }), 0,
               "no such file or folder");
  ScratchDir empty;
  expect_error(expect_input_error([&] { AccelSimTrace::open(empty.path()); }), 0,
               "no kernelslist.g");
}

}  // namespace
}  // namespace warpsim::traces::test
