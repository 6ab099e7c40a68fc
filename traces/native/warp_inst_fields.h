// Generic access to every data member of WarpInst, in declaration order, without naming them:
// the native trace serialises each member by its type, so a member the ISA adds (a barrier id,
// a count) is recorded and replayed without touching the trace code. The members are found with
// aggregate initialisation (how many initialisers the struct accepts) and bound with structured
// bindings. `schema()` describes the layout; a trace stores it and refuses to replay under a
// different one. tests/traces/native_fields_test.cpp pins the count and size so a change is
// noticed (and the format version and docs/traces.md are updated with it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "isa/warp_stream.h"

namespace warpsim::traces::native::fields {

namespace detail {

// Converts to any member type; only ever used in unevaluated contexts.
struct AnyMember {
  template <class T>
  operator T() const noexcept;  // NOLINT(google-explicit-constructor): the point of the type
};

template <class T, class Seq, class = void>
struct BracesOk : std::false_type {};
template <class T, size_t... I>
struct BracesOk<T, std::index_sequence<I...>,
                std::void_t<decltype(T{(void(I), AnyMember{})...})>> : std::true_type {};

template <class T, size_t N>
constexpr size_t count_from() {
  if constexpr (N > 64) {
    return N;
  } else if constexpr (BracesOk<T, std::make_index_sequence<N + 1>>::value) {
    return count_from<T, N + 1>();
  } else {
    return N;
  }
}

}  // namespace detail

template <size_t... I, class F>
[[gnu::always_inline]] inline void for_each_index(std::index_sequence<I...>, F&& f) {
  (f(std::integral_constant<size_t, I>{}), ...);
}

// Number of data members of aggregate T.
template <class T>
constexpr size_t count() {
  return detail::count_from<T, 0>();
}

// The data members of x (an aggregate of at most 20 members), as a tuple of references.
// (Always inlined, so that comparing a member's address with a named member's folds away.)
template <class T>
[[gnu::always_inline]] inline auto tie(T& x) {
  constexpr size_t n = count<std::remove_const_t<T>>();
  static_assert(n >= 1 && n <= 20, "extend fields::tie for this many members");
  // clang-format off
  if constexpr (n == 1) { auto& [a] = x; return std::tie(a); }
  else if constexpr (n == 2) { auto& [a, b] = x; return std::tie(a, b); }
  else if constexpr (n == 3) { auto& [a, b, c] = x; return std::tie(a, b, c); }
  else if constexpr (n == 4) { auto& [a, b, c, d] = x; return std::tie(a, b, c, d); }
  else if constexpr (n == 5) { auto& [a, b, c, d, e] = x; return std::tie(a, b, c, d, e); }
  else if constexpr (n == 6) { auto& [a, b, c, d, e, f] = x; return std::tie(a, b, c, d, e, f); }
  else if constexpr (n == 7) { auto& [a, b, c, d, e, f, g] = x; return std::tie(a, b, c, d, e, f, g); }
  else if constexpr (n == 8) { auto& [a, b, c, d, e, f, g, h] = x; return std::tie(a, b, c, d, e, f, g, h); }
  else if constexpr (n == 9) { auto& [a, b, c, d, e, f, g, h, i] = x; return std::tie(a, b, c, d, e, f, g, h, i); }
  else if constexpr (n == 10) { auto& [a, b, c, d, e, f, g, h, i, j] = x; return std::tie(a, b, c, d, e, f, g, h, i, j); }
  else if constexpr (n == 11) { auto& [a, b, c, d, e, f, g, h, i, j, k] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k); }
  else if constexpr (n == 12) { auto& [a, b, c, d, e, f, g, h, i, j, k, l] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k, l); }
  else if constexpr (n == 13) { auto& [a, b, c, d, e, f, g, h, i, j, k, l, m] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k, l, m); }
  else if constexpr (n == 14) { auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, o] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k, l, m, o); }
  else if constexpr (n == 15) { auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, o, p] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k, l, m, o, p); }
  else if constexpr (n == 16) { auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q); }
  else if constexpr (n == 17) { auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r); }
  else if constexpr (n == 18) { auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s); }
  else if constexpr (n == 19) { auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t); }
  else { auto& [a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t, u] = x; return std::tie(a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t, u); }
  // clang-format on
}

// Calls f(member) for every data member of x, in declaration order.
template <class T, class F>
[[gnu::always_inline]] inline void for_each(T& x, F&& f) {
  std::apply([&](auto&... m) { (f(m), ...); }, tie(x));
}

// Calls f(member of x, the same member of y) for every data member, in declaration order.
template <class T, class U, class F>
[[gnu::always_inline]] inline void for_each_pair(T& x, U& y, F&& f) {
  auto tx = tie(x);
  auto ty = tie(y);
  for_each_index(std::make_index_sequence<std::tuple_size_v<decltype(tx)>>{},
                 [&](auto i) { f(std::get<i.value>(tx), std::get<i.value>(ty)); });
}

// Whether pred(member of x, the same member of y) holds for every member (stops at the first
// that does not).
template <class T, class U, class P>
[[gnu::always_inline]] inline bool all_pairs(T& x, U& y, P&& pred) {
  auto tx = tie(x);
  auto ty = tie(y);
  return std::apply(
      [&](auto&... a) {
        return std::apply([&](auto&... b) { return (pred(a, b) && ...); }, ty);
      },
      tx);
}

// What a member's bytes mean to the serialiser.
template <class M>
struct Kind {
  static constexpr bool scalar = std::is_integral_v<M> || std::is_enum_v<M>;
  static constexpr bool array = false;
};
template <class E, size_t N>
struct Kind<std::array<E, N>> {
  static constexpr bool scalar = false;
  static constexpr bool array = std::is_integral_v<E> || std::is_enum_v<E>;
};

// Members a trace does not record: WarpInst::timing is the timing model's resolution of the
// instruction under one configuration, not a fact about the program (a replay resolves it
// again, or takes the class's timing).
inline bool transient_member(const WarpInst& inst, const void* member) { return member == &inst.timing; }

// The layout as text, one token per recorded member: `u4` (unsigned 4-byte integer or enum), `s2`
// (signed), `a2x8` (array of 8 2-byte elements). Stored in every trace.
std::string schema();

}  // namespace warpsim::traces::native::fields
