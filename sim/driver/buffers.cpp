#include "sim/driver/buffers.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <sstream>

#include "isa/semantics_float.h"
#include "sim/error.h"

namespace warpsim::workload {

namespace {

void put(std::vector<uint8_t>& out, uint64_t i, uint32_t size, uint64_t bits) {
  std::memcpy(out.data() + i * size, &bits, size);  // little-endian host
}

uint64_t float_bits(ElemType t, double v) {
  if (t == ElemType::f64) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    return b;
  }
  if (t == ElemType::f32) {
    const float f = float(v);
    uint32_t b;
    std::memcpy(&b, &f, 4);
    return b;
  }
  return isa::fp::f64_to_half(float(v), isa::RndMod::rn);  // via float, as CUDA's __float2half
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot read file");
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string format_value(ElemType t, double v, uint64_t bits) {
  std::ostringstream os;
  if (is_float(t)) {
    os.precision(9);
    os << v;
  } else if (is_signed(t)) {
    os << int64_t(v);
  } else {
    os << bits;
  }
  return os.str();
}

}  // namespace

std::vector<uint8_t> initial_contents(const BufferSpec& b, const std::string& manifest_path) {
  const uint32_t size = elem_size(b.type);
  std::vector<uint8_t> out(b.count * size, 0);
  const InitSpec& init = b.init;
  switch (init.kind) {
    case InitSpec::Kind::zero:
      break;
    case InitSpec::Kind::fill: {
      const Scalar s = parse_scalar(init.fill, b.type, manifest_path, b.line);
      for (uint64_t i = 0; i < b.count; ++i) put(out, i, size, s.bits);
      break;
    }
    case InitSpec::Kind::iota:
      for (uint64_t i = 0; i < b.count; ++i) {
        const double v = init.iota_start + init.iota_step * double(i);
        put(out, i, size, is_float(b.type) ? float_bits(b.type, v) : uint64_t(int64_t(v)));
      }
      break;
    case InitSpec::Kind::random: {
      // DESIGN.md §6: std::mt19937_64 seeded with `seed`, one draw u per element;
      // floats = min + (max-min) * (u >> 11) * 2^-53; integers = min + u % (max-min+1).
      std::mt19937_64 rng(init.seed);
      if (is_float(b.type)) {
        const double lo = std::strtod(init.min.c_str(), nullptr);
        const double hi = std::strtod(init.max.c_str(), nullptr);
        for (uint64_t i = 0; i < b.count; ++i) {
          const uint64_t u = rng();
          const double v = lo + (hi - lo) * double(u >> 11) * 0x1.0p-53;
          put(out, i, size, float_bits(b.type, v));
        }
      } else {
        const Scalar lo = parse_scalar(init.min, b.type, manifest_path, b.line);
        const Scalar hi = parse_scalar(init.max, b.type, manifest_path, b.line);
        // Work in 64-bit two's complement: sign-extend signed bounds.
        auto widen = [&](uint64_t bits) -> uint64_t {
          const unsigned w = size * 8;
          if (!is_signed(b.type) || w == 64) return bits;
          const uint64_t sign = uint64_t(1) << (w - 1);
          return (bits ^ sign) - sign;
        };
        const uint64_t min = widen(lo.bits), max = widen(hi.bits);
        const uint64_t span = max - min + 1;  // 0 means the full 64-bit range
        for (uint64_t i = 0; i < b.count; ++i) {
          const uint64_t u = rng();
          put(out, i, size, min + (span == 0 ? u : u % span));
        }
      }
      break;
    }
    case InitSpec::Kind::file: {
      std::vector<uint8_t> data = read_file(init.file);
      if (data.size() != out.size()) throw InputError(init.file, 0, "file size does not match the buffer");
      out = std::move(data);
      break;
    }
  }
  return out;
}

uint64_t element_bits(const std::vector<uint8_t>& bytes, ElemType t, uint64_t i) {
  uint64_t bits = 0;
  std::memcpy(&bits, bytes.data() + i * elem_size(t), elem_size(t));
  return bits;
}

double element_value(const std::vector<uint8_t>& bytes, ElemType t, uint64_t i) {
  const uint64_t bits = element_bits(bytes, t, i);
  switch (t) {
    case ElemType::u8:
    case ElemType::u16:
    case ElemType::u32:
    case ElemType::u64:
      return double(bits);
    case ElemType::i8:
      return double(int8_t(bits));
    case ElemType::i16:
      return double(int16_t(bits));
    case ElemType::i32:
      return double(int32_t(bits));
    case ElemType::i64:
      return double(int64_t(bits));
    case ElemType::f16:
      return double(isa::fp::half_to_f32(uint16_t(bits)));
    case ElemType::f32: {
      float f;
      const uint32_t b = uint32_t(bits);
      std::memcpy(&f, &b, 4);
      return double(f);
    }
    case ElemType::f64: {
      double d;
      std::memcpy(&d, &bits, 8);
      return d;
    }
    case ElemType::count_:
      break;
  }
  return 0;
}

std::string check_expect(const ExpectSpec& e, const BufferSpec& b, const std::vector<uint8_t>& actual,
                         const std::string& manifest_path) {
  std::vector<uint8_t> expected;
  if (e.from_file) {
    expected = read_file(e.file);
  } else {
    const Scalar s = parse_scalar(e.fill, b.type, manifest_path, e.line);
    expected.assign(actual.size(), 0);
    for (uint64_t i = 0; i < b.count; ++i) put(expected, i, elem_size(b.type), s.bits);
  }
  for (uint64_t i = 0; i < b.count; ++i) {
    const uint64_t abits = element_bits(actual, b.type, i), ebits = element_bits(expected, b.type, i);
    if (abits == ebits) continue;
    const double a = element_value(actual, b.type, i), x = element_value(expected, b.type, i);
    bool ok = false;
    if (is_float(b.type)) {
      ok = (std::isnan(a) && std::isnan(x)) || std::fabs(a - x) <= e.tolerance;
    } else {
      ok = e.tolerance > 0 && std::fabs(a - x) <= e.tolerance;
    }
    if (ok) continue;
    std::ostringstream os;
    os << "expect " << e.buffer << ": index " << i << ": got " << format_value(b.type, a, abits)
       << ", expected " << format_value(b.type, x, ebits);
    if (e.tolerance > 0) os << " (tolerance " << e.tolerance << ")";
    return os.str();
  }
  return "";
}

double report_value(const ReportSpec& r, const BufferSpec& b, const std::vector<uint8_t>& bytes) {
  if (r.reduce == ReportSpec::Reduce::none) return element_value(bytes, b.type, r.index);
  double acc = r.reduce == ReportSpec::Reduce::min   ? std::numeric_limits<double>::infinity()
               : r.reduce == ReportSpec::Reduce::max ? -std::numeric_limits<double>::infinity()
                                                     : 0.0;
  for (uint64_t i = 0; i < b.count; ++i) {
    const double v = element_value(bytes, b.type, i);
    switch (r.reduce) {
      case ReportSpec::Reduce::min:
        acc = std::min(acc, v);
        break;
      case ReportSpec::Reduce::max:
        acc = std::max(acc, v);
        break;
      default:
        acc += v;
        break;
    }
  }
  if (r.reduce == ReportSpec::Reduce::mean) acc /= double(b.count);
  return acc;
}

}  // namespace warpsim::workload
