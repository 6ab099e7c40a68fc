#include "models/mem/dram/dram_standard.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "sim/config/yaml_file.h"
#include "sim/error.h"

namespace warpsim {

const std::vector<DramStandard::TimingField>& DramStandard::timing_fields() {
  static const std::vector<TimingField> fields = {
      {"tRCD", &DramStandard::tRCD},     {"tRP", &DramStandard::tRP},
      {"tRAS", &DramStandard::tRAS},     {"tRC", &DramStandard::tRC},
      {"tCL", &DramStandard::tCL},       {"tWL", &DramStandard::tWL},
      {"tWR", &DramStandard::tWR},       {"tWTR_S", &DramStandard::tWTR_S},
      {"tWTR_L", &DramStandard::tWTR_L}, {"tRTP", &DramStandard::tRTP},
      {"tCCD_S", &DramStandard::tCCD_S}, {"tCCD_L", &DramStandard::tCCD_L},
      {"tRRD_S", &DramStandard::tRRD_S}, {"tRRD_L", &DramStandard::tRRD_L},
      {"tFAW", &DramStandard::tFAW},     {"tRFC", &DramStandard::tRFC},
      {"tRFCpb", &DramStandard::tRFCpb}, {"tREFI", &DramStandard::tREFI},
  };
  return fields;
}

namespace {

bool power_of_two(uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }

using OrgField = uint32_t DramStandard::*;
const std::vector<std::pair<const char*, OrgField>>& org_fields() {
  static const std::vector<std::pair<const char*, OrgField>> fields = {
      {"bank_groups", &DramStandard::bank_groups}, {"banks_per_group", &DramStandard::banks_per_group},
      {"rows", &DramStandard::rows},               {"columns", &DramStandard::columns},
      {"bus_bytes", &DramStandard::bus_bytes},     {"burst_length", &DramStandard::burst_length},
      {"beats_per_clock", &DramStandard::beats_per_clock},
  };
  return fields;
}

}  // namespace

DramStandard::Problem DramStandard::check() const {
  auto s = [](uint32_t v) { return std::to_string(v); };
  for (const auto& [key, field] : org_fields()) {
    if (!power_of_two(this->*field)) return {key, std::string(key) + " = " + s(this->*field) + " must be a power of two"};
  }
  if (banks() > 64) return {"banks_per_group", "at most 64 banks per channel are modelled"};
  for (const auto& f : timing_fields()) {
    if (this->*f.field == 0) return {f.name, std::string(f.name) + " must be >= 1"};
  }
  if (tRC < tRAS + tRP) return {"tRC", "tRC = " + s(tRC) + " < tRAS + tRP = " + s(tRAS + tRP)};
  if (tCCD_L < tCCD_S) return {"tCCD_L", "tCCD_L = " + s(tCCD_L) + " < tCCD_S = " + s(tCCD_S)};
  if (tRRD_L < tRRD_S) return {"tRRD_L", "tRRD_L = " + s(tRRD_L) + " < tRRD_S = " + s(tRRD_S)};
  if (tWTR_L < tWTR_S) return {"tWTR_L", "tWTR_L = " + s(tWTR_L) + " < tWTR_S = " + s(tWTR_S)};
  if (tRFC < tRFCpb) return {"tRFC", "tRFC = " + s(tRFC) + " < tRFCpb = " + s(tRFCpb)};
  // A refresh must fit in its interval, or the bank never serves anything.
  if (tREFI <= tRFC) return {"tREFI", "tREFI = " + s(tREFI) + " must exceed tRFC = " + s(tRFC)};
  if (tREFI / banks() == 0) return {"tREFI", "tREFI = " + s(tREFI) + " is shorter than one clock per bank"};
  return {};
}

std::string DramStandard::path_of(const std::string& name, const std::string& presets_dir) {
  return presets_dir + "/dram/" + name + ".yaml";
}

std::vector<std::string> DramStandard::known(const std::string& presets_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(presets_dir + "/dram", ec)) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

DramStandard DramStandard::load(const std::string& name, const std::string& presets_dir) {
  const std::string path = path_of(name, presets_dir);
  const YAML::Node root = config::parse_yaml_file(path);
  if (!root.IsMap()) throw InputError(path, config::line_of(root), "a DRAM standard must be a mapping");

  DramStandard d;
  d.name = name;
  std::map<std::string, uint32_t DramStandard::*> fields;
  for (const auto& [key, field] : org_fields()) fields[key] = field;
  for (const auto& f : timing_fields()) fields[f.name] = f.field;
  fields["clock_mhz"] = &DramStandard::clock_mhz;
  std::map<std::string, int> seen;  // key -> line, for consistency errors
  bool seen_dual = false;

  for (const config::Entry& e : config::map_entries(root, path)) {
    if (e.key == "description") continue;
    if (e.key == "dual_command_bus") {
      if (!e.value.IsScalar()) throw InputError(path, e.line, "dual_command_bus must be true or false");
      try {
        d.dual_command_bus = e.value.as<bool>();
      } catch (const YAML::Exception&) {
        throw InputError(path, e.line, "dual_command_bus must be true or false");
      }
      seen_dual = true;
      continue;
    }
    auto it = fields.find(e.key);
    if (it == fields.end()) throw InputError(path, e.line, "unknown DRAM standard key '" + e.key + "'");
    int64_t v = -1;
    try {
      v = e.value.IsScalar() ? e.value.as<int64_t>() : -1;
    } catch (const YAML::Exception&) {
      v = -1;
    }
    if (v < 1 || v > 100'000'000) {
      throw InputError(path, e.line, e.key + " must be an integer in [1, 100000000]");
    }
    d.*(it->second) = static_cast<uint32_t>(v);
    seen[e.key] = e.line;
  }
  for (const auto& [key, field] : fields) {
    if (seen.count(key) == 0) throw InputError(path, 0, "missing key '" + key + "'");
  }
  if (!seen_dual) throw InputError(path, 0, "missing key 'dual_command_bus'");
  const Problem p = d.check();
  if (!p.key.empty()) throw InputError(path, seen.count(p.key) ? seen[p.key] : 0, p.message);
  return d;
}

}  // namespace warpsim
