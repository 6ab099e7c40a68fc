// What an L2 slice asks of its DRAM channel: one burst-sized access (a 32 B sector on HBM2),
// already decoded to bank group, bank, row and column by the AddressMap.
#pragma once

#include <cstdint>

namespace warpsim {

struct DramRequest {
  bool is_write = false;
  uint8_t bank_group = 0;
  uint8_t bank = 0;          // bank within its group
  uint32_t row = 0;
  uint32_t column = 0;       // in bursts within the row
  uint16_t source = 0;       // which of the channel's clients (L2 sub-partition) sent it: the reply goes back there
  uint32_t token = 0;        // the client's tag, returned unchanged
  uint64_t addr = 0;         // line address, for the client's bookkeeping only
  uint32_t sector_mask = 0;  // ditto
};

}  // namespace warpsim
