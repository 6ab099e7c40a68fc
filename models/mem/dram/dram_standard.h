// A DRAM standard is a table, not code (Ramulator 2's src/dram/impl/*.cpp): the organisation of
// one channel and its timing constraints in DRAM command clocks, read from
// `<presets_dir>/dram/<NAME>.yaml`. The channel model turns the table into command rules; adding
// a standard is a new YAML file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace warpsim {

struct DramStandard {
  std::string name;

  // Organisation of one channel (for HBM: one 128-bit legacy channel).
  uint32_t bank_groups = 1;
  uint32_t banks_per_group = 1;
  uint32_t rows = 1;          // per bank
  uint32_t columns = 1;       // bursts per row (row bytes = columns * burst_bytes())
  uint32_t bus_bytes = 1;     // data bus width
  uint32_t burst_length = 2;  // beats per burst
  // Data beats per command clock: 2 for HBM2 (DDR on CK); 4 where the data clock runs at twice
  // CK (GDDR6 WCK, HBM3).
  uint32_t beats_per_clock = 2;
  // The command clock the timings are given in (and the channel runs at unless clocks.dram_mhz
  // says otherwise), MHz.
  uint32_t clock_mhz = 1000;
  // HBM has separate row (ACT/PRE/REF) and column (RD/WR) command buses (JESD235), so one row and
  // one column command can issue in the same clock; GDDR has one command bus.
  bool dual_command_bus = false;

  // Timings, DRAM command clocks.
  uint32_t tRCD = 1, tRP = 1, tRAS = 1, tRC = 2, tCL = 1, tWL = 1, tWR = 1;
  uint32_t tWTR_S = 1, tWTR_L = 1, tRTP = 1, tCCD_S = 1, tCCD_L = 1, tRRD_S = 1, tRRD_L = 1;
  uint32_t tFAW = 1, tRFC = 1, tRFCpb = 1, tREFI = 1000;

  uint32_t banks() const { return bank_groups * banks_per_group; }
  uint32_t burst_bytes() const { return bus_bytes * burst_length; }
  // Clocks the data bus is busy per burst, at least 1.
  uint32_t burst_clocks() const {
    return burst_length / beats_per_clock > 0 ? burst_length / beats_per_clock : 1;
  }

  // The timing fields by name, so that loading a table and the config's `dram.timing.*`
  // overrides are one loop over data.
  struct TimingField {
    const char* name;
    uint32_t DramStandard::*field;
  };
  static const std::vector<TimingField>& timing_fields();

  // "" when the table is consistent, else the first problem and the key it concerns
  // (e.g. key "tRC", "tRC = 30 < tRAS + tRP = 40").
  struct Problem {
    std::string key;
    std::string message;
  };
  Problem check() const;

  // Reads `<presets_dir>/dram/<name>.yaml`. Throws InputError(path, line, problem) on a
  // malformed table (missing or unknown key, non-integer value, inconsistent timing).
  static DramStandard load(const std::string& name, const std::string& presets_dir);
  // Names of the tables in `<presets_dir>/dram/`, sorted.
  static std::vector<std::string> known(const std::string& presets_dir);
  static std::string path_of(const std::string& name, const std::string& presets_dir);
};

}  // namespace warpsim
