#include "traces/native/warp_inst_fields.h"

namespace warpsim::traces::native::fields {

namespace {

template <class M>
std::string token() {
  if constexpr (Kind<M>::scalar) {
    bool is_signed = false;
    if constexpr (std::is_enum_v<M>)
      is_signed = std::is_signed_v<std::underlying_type_t<M>>;
    else
      is_signed = std::is_signed_v<M>;
    return std::string(is_signed ? "s" : "u") + std::to_string(sizeof(M));
  } else {
    static_assert(Kind<M>::array, "the native trace serialises integers, enums and arrays of them");
    using E = typename M::value_type;
    return "a" + std::to_string(sizeof(E)) + "x" + std::to_string(std::tuple_size_v<M>);
  }
}

}  // namespace

std::string schema() {
  WarpInst inst;
  std::string s;
  for_each(inst, [&](auto& m) {
    if (transient_member(inst, &m)) return;
    if (!s.empty()) s += ',';
    s += token<std::remove_reference_t<decltype(m)>>();
  });
  return s;
}

}  // namespace warpsim::traces::native::fields
