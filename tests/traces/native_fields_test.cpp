// WarpInst's layout as the native trace sees it, and the generic encoding of its members.
#include <gtest/gtest.h>

#include <vector>

#include "tests/traces/native_test_support.h"
#include "traces/native/byte_io.h"
#include "traces/native/record_codec.h"
#include "traces/native/warp_inst_fields.h"

namespace warpsim::traces {
namespace {

namespace fields = native::fields;

// If this fails, WarpInst changed. Recording and replay keep working (every member is
// serialised by its type), but traces written before the change no longer open (the footer
// holds the schema). Then: update the values here, the "Native format" section of
// docs/traces.md (the member list), and, if the new member is an enum or a count that the
// timing model uses as an index, its range check in traces/native/record_codec.cpp (validate).
TEST(NativeFields, WarpInstLayoutIsPinned) {
  EXPECT_EQ(fields::count<WarpInst>(), 18u);  // timing is not recorded (transient_member)
  EXPECT_EQ(sizeof(WarpInst), 320u);
  EXPECT_EQ(fields::schema(), "u4,u2,u1,u4,u1,u1,a2x4,a2x12,u1,u1,u1,a8x32,u1,u2,u1,u1,u1");
}

TEST(NativeFields, VisitsMembersInDeclarationOrder) {
  WarpInst w;
  std::vector<const void*> seen;
  fields::for_each(w, [&](const auto& m) { seen.push_back(&m); });
  ASSERT_EQ(seen.size(), fields::count<WarpInst>());
  EXPECT_EQ(seen.front(), &w.pc);
  EXPECT_EQ(seen[2], &w.timing);
  EXPECT_EQ(seen[4], &w.active_mask);
  EXPECT_EQ(seen[12], &w.addr);
  EXPECT_EQ(seen.back(), &w.async_groups);
}

// Sets every member (whatever members exist) to a distinct in-range value.
WarpInst every_member_set() {
  WarpInst w;
  unsigned i = 0;
  fields::for_each(w, [&](auto& m) {
    using M = std::remove_reference_t<decltype(m)>;
    ++i;
    if constexpr (fields::Kind<M>::scalar) {
      m = static_cast<M>(i % 3 + 1);
    } else {
      for (size_t k = 0; k < m.size(); ++k)
        m[k] = static_cast<typename M::value_type>(i * 7 + k + 1);
    }
  });
  return w;
}

TEST(NativeFields, StaticPartRoundTripsEveryMember) {
  WarpInst w = every_member_set();
  std::vector<uint8_t> bytes;
  native::ByteWriter out(bytes);
  native::encode_static(w, out);
  WarpInst back;
  native::ByteReader in(bytes.data(), bytes.size());
  native::decode_static(in, back);
  EXPECT_TRUE(in.done());
  EXPECT_EQ(back.timing, kClassTiming);  // not recorded: a replay resolves it again
  back.active_mask = w.active_mask;
  back.addr = w.addr;
  back.timing = w.timing;
  EXPECT_EQ(testing::diff(w, back), "");
  EXPECT_TRUE(native::same_static(w, back));
  back.dst[3] ^= 1;
  EXPECT_FALSE(native::same_static(w, back));
}

TEST(NativeFields, RegisterListsAreTrimmedNotTruncated) {
  WarpInst w;
  w.num_src = 8;
  w.src = {1, 0, 0, 4, 0, 0, 0, 9};  // zeros in the middle are registers (R0), kept
  std::vector<uint8_t> bytes;
  native::ByteWriter out(bytes);
  native::encode_static(w, out);
  WarpInst back;
  native::ByteReader in(bytes.data(), bytes.size());
  native::decode_static(in, back);
  EXPECT_EQ(back.src, w.src);
}

TEST(NativeFields, OutOfRangeValuesAreRejected) {
  WarpInst w;
  std::vector<uint8_t> bytes;
  native::ByteWriter out(bytes);
  native::encode_static(w, out);
  // The third member is op_class: make it count_.
  std::vector<uint8_t> bad = bytes;
  bad[2] = static_cast<uint8_t>(OpClass::count_);
  WarpInst back;
  native::ByteReader in(bad.data(), bad.size());
  EXPECT_THROW(native::decode_static(in, back), native::Corrupt);
}

}  // namespace
}  // namespace warpsim::traces
