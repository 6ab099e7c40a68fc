// Implementations registered by name and chosen from the config (Ramulator 2's factory):
// adding a warp scheduler is a new file with one WARPSIM_REGISTER line, never an if-chain.
// The table is filled during static initialisation and only read afterwards.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace warpsim {

template <typename Interface, typename... Args>
class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Interface>(Args...)>;

  static Registry& instance() {
    static Registry registry;
    return registry;
  }
  bool add(const std::string& name, Factory f) {
    factories_[name] = std::move(f);
    return true;
  }
  bool has(const std::string& name) const { return factories_.count(name) != 0; }
  std::unique_ptr<Interface> create(const std::string& name, Args... args) const {
    return factories_.at(name)(std::forward<Args>(args)...);
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& kv : factories_) out.push_back(kv.first);
    return out;
  }

 private:
  std::map<std::string, Factory> factories_;
};

}  // namespace warpsim

#define WARPSIM_CONCAT_INNER(a, b) a##b
#define WARPSIM_CONCAT(a, b) WARPSIM_CONCAT_INNER(a, b)
// WARPSIM_REGISTER(RegistryType, "name", factory-lambda)
#define WARPSIM_REGISTER(RegistryType, name, ...)                               \
  static const bool WARPSIM_CONCAT(warpsim_registered_, __LINE__) [[maybe_unused]] = \
      RegistryType::instance().add(name, __VA_ARGS__)
