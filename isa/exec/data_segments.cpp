#include "isa/exec/data_segments.h"

#include <stdexcept>

#include "isa/address_space.h"
#include "sim/error.h"

namespace warpsim::isa {

void map_data_segments(const Program& program, DeviceMemory& memory) {
  for (const DataSegment& seg : program.data) {
    uint64_t addr = seg.constant ? kConstBase + seg.address : seg.address;
    try {
      memory.map_at(addr, seg.bytes.size());
    } catch (const std::invalid_argument& e) {
      throw InputError(program.path, 0,
                       std::string(seg.constant ? "constant" : "global") + " variable " +
                           seg.name + ": " + e.what());
    }
    if (!seg.bytes.empty()) memory.write(addr, seg.bytes.data(), seg.bytes.size());
  }
}

}  // namespace warpsim::isa
