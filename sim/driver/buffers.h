// Host side of a workload's device buffers: initial contents (DESIGN.md §6 inits, including the
// documented `random` recipe that CPU references reproduce), expected-output checks and reports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/driver/manifest.h"

namespace warpsim::workload {

// The buffer's initial bytes (little-endian elements).
std::vector<uint8_t> initial_contents(const BufferSpec& b, const std::string& manifest_path);

// Element i of a buffer as a double (for tolerance checks and reports) and as raw bits.
double element_value(const std::vector<uint8_t>& bytes, ElemType t, uint64_t i);
uint64_t element_bits(const std::vector<uint8_t>& bytes, ElemType t, uint64_t i);

// Empty when `actual` matches; otherwise "expect y: index 17: got 3.5, expected 4 (tolerance 1e-05)".
std::string check_expect(const ExpectSpec& e, const BufferSpec& b, const std::vector<uint8_t>& actual,
                         const std::string& manifest_path);

double report_value(const ReportSpec& r, const BufferSpec& b, const std::vector<uint8_t>& bytes);

}  // namespace warpsim::workload
