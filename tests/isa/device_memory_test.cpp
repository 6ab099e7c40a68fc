#include "isa/exec/device_memory.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace warpsim::isa {
namespace {

TEST(DeviceMemory, AllocationsAreAlignedZeroedAndSeparated) {
  DeviceMemory m;
  uint64_t a = m.allocate(100);
  uint64_t b = m.allocate(10, 4096);
  EXPECT_EQ(a, DeviceMemory::kBase);
  EXPECT_EQ(b % 4096, 0u);
  EXPECT_GE(b, a + 100 + DeviceMemory::kGap);
  uint32_t v = 1;
  m.read(a + 96, &v, 4);
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(m.bytes_allocated(), 110u);
}

TEST(DeviceMemory, ReadWriteInsideOneAllocationOnly) {
  DeviceMemory m;
  uint64_t a = m.allocate(16);
  uint64_t b = m.allocate(16);
  uint32_t x = 0xABCD;
  m.write(a + 12, &x, 4);
  uint32_t y = 0;
  m.read(a + 12, &y, 4);
  EXPECT_EQ(y, 0xABCDu);
  EXPECT_THROW(m.write(a + 13, &x, 4), std::out_of_range);  // straddles the end
  EXPECT_THROW(m.read(0, &y, 4), std::out_of_range);        // null
  EXPECT_THROW(m.read(a + 16, &y, 4), std::out_of_range);   // the gap
  EXPECT_EQ(m.translate(b, 16), m.translate(b, 1));
  EXPECT_EQ(m.translate(b + 16, 1), nullptr);
  EXPECT_NE(m.translate(b + 16, 0), nullptr);  // an empty access at the end is inside
  EXPECT_EQ(m.translate(b - 1, 1), nullptr);
  const DeviceMemory& c = m;
  EXPECT_EQ(c.translate(a + 4, 4), m.translate(a + 4, 4));
}

TEST(DeviceMemory, RejectsBadAlignment) {
  DeviceMemory m;
  EXPECT_THROW(m.allocate(8, 3), std::invalid_argument);
}

}  // namespace
}  // namespace warpsim::isa
