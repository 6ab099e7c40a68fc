// Debian's SystemC library defines main() and calls sc_main(), so every test runner defines
// sc_main instead of linking gtest_main (DESIGN.md §3).
#include <gtest/gtest.h>
#include <systemc>

int sc_main(int argc, char* argv[]) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
