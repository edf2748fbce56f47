#include "cli/byte_size.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <limits>

#include "util/text.h"

namespace ossxfer::cli {
namespace {

constexpr std::string_view kSizeForm =
    "expected a number with an optional unit B, KiB, MiB, GiB, TiB, KB, MB, "
    "GB or TB (e.g. 8MiB)";
constexpr std::string_view kDurationForm =
    "expected a whole number of seconds, or numbers with the units d, h, m, "
    "s in that order (e.g. 3600, 90s, 30m, 1h30m, 7d)";

// Enough for 10^18 * 2^40 and (2^64 - 1) * 2^40 without overflow.
// __extension__: -Wpedantic knows __int128 is not ISO C++.
__extension__ typedef unsigned __int128 Wide;
constexpr int kMaxFractionDigits = 18;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status InvalidSize(std::string_view text, std::string_view why) {
  return Status::InvalidArgument(
      fmt::format("invalid size \"{}\": {}; {}", text, why, kSizeForm));
}

Status InvalidDuration(std::string_view text, std::string_view why) {
  return Status::InvalidArgument(
      fmt::format("invalid duration \"{}\": {}; {}", text, why, kDurationForm));
}

// 0 when the unit is unknown.
uint64_t UnitMultiplier(std::string_view unit) {
  struct Unit {
    std::string_view name;
    uint64_t multiplier;
  };
  static constexpr std::array<Unit, 14> kUnits = {{
      {"", 1},
      {"b", 1},
      {"k", 1ull << 10},
      {"kib", 1ull << 10},
      {"m", 1ull << 20},
      {"mib", 1ull << 20},
      {"g", 1ull << 30},
      {"gib", 1ull << 30},
      {"t", 1ull << 40},
      {"tib", 1ull << 40},
      {"kb", 1000ull},
      {"mb", 1000ull * 1000},
      {"gb", 1000ull * 1000 * 1000},
      {"tb", 1000ull * 1000 * 1000 * 1000},
  }};
  std::string lower = util::AsciiLower(unit);
  for (const Unit& u : kUnits) {
    if (u.name == lower) return u.multiplier;
  }
  return 0;
}

// Parses leading digits into `*value`; returns how many characters were
// digits, or npos when the number does not fit in uint64.
size_t ParseDigits(std::string_view text, uint64_t* value) {
  size_t length = 0;
  while (length < text.size() && IsDigit(text[length])) ++length;
  *value = 0;
  if (length == 0) return 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + length, *value);
  if (error != std::errc() || end != text.data() + length) {
    return std::string_view::npos;
  }
  return length;
}

}  // namespace

Result<uint64_t> ParseByteSize(std::string_view text) {
  std::string_view rest = util::Trim(text, util::kAsciiWhitespace);
  if (rest.empty()) return InvalidSize(text, "it is empty");
  if (rest.front() == '-') {
    return InvalidSize(text, "a size cannot be negative");
  }
  const Status too_large = InvalidSize(
      text, "it is more than the largest size, 18446744073709551615 bytes");

  uint64_t whole = 0;
  size_t length = ParseDigits(rest, &whole);
  if (length == std::string_view::npos) return too_large;
  if (length == 0) return InvalidSize(text, "it does not start with a number");
  rest.remove_prefix(length);

  // The fraction is kept as digits/10^count so that the arithmetic is exact:
  // "0.1GB" is 100000000 bytes, not 99999999.
  uint64_t fraction = 0;
  uint64_t fraction_scale = 1;
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    size_t digits = 0;
    while (digits < rest.size() && IsDigit(rest[digits])) ++digits;
    if (digits == 0) {
      return InvalidSize(text, "a decimal point must be followed by digits");
    }
    if (digits > kMaxFractionDigits) {
      return InvalidSize(text, fmt::format("more than {} digits after the "
                                           "decimal point",
                                           kMaxFractionDigits));
    }
    ParseDigits(rest.substr(0, digits), &fraction);
    for (size_t i = 0; i < digits; ++i) fraction_scale *= 10;
    rest.remove_prefix(digits);
  }

  std::string_view unit = util::Trim(rest, util::kAsciiWhitespace);
  uint64_t multiplier = UnitMultiplier(unit);
  if (multiplier == 0) {
    return InvalidSize(text, fmt::format("unknown unit \"{}\"", unit));
  }
  Wide bytes = static_cast<Wide>(whole) * multiplier +
               static_cast<Wide>(fraction) * multiplier / fraction_scale;
  if (bytes > std::numeric_limits<uint64_t>::max()) return too_large;
  return static_cast<uint64_t>(bytes);
}

std::string FormatBytes(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  static constexpr std::array<std::string_view, 6> kUnits = {
      "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  // kUnits[unit] is 1024^(unit + 1); pick the largest not above `bytes`.
  size_t unit = 0;
  while (unit + 1 < kUnits.size() && bytes >= (1ull << (10 * (unit + 2)))) {
    ++unit;
  }
  const int shift = static_cast<int>(10 * (unit + 1));
  const uint64_t whole = bytes >> shift;
  // Rounded down, so the value cannot carry into a fourth digit or the next
  // unit ("1023 KiB", never "1024 KiB").
  if (whole >= 100) return fmt::format("{} {}", whole, kUnits[unit]);
  if (whole >= 10) {
    uint64_t tenths =
        static_cast<uint64_t>((static_cast<Wide>(bytes) * 10) >> shift);
    return fmt::format("{}.{} {}", tenths / 10, tenths % 10, kUnits[unit]);
  }
  uint64_t hundredths =
      static_cast<uint64_t>((static_cast<Wide>(bytes) * 100) >> shift);
  return fmt::format("{}.{:02} {}", hundredths / 100, hundredths % 100,
                     kUnits[unit]);
}

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  std::string_view rest = util::Trim(text, util::kAsciiWhitespace);
  if (rest.empty()) return InvalidDuration(text, "it is empty");
  if (rest.front() == '-') {
    return InvalidDuration(text, "a duration cannot be negative");
  }
  const Status too_long = InvalidDuration(text, "it is too long");
  constexpr uint64_t kMaxSeconds =
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

  struct Unit {
    char name;
    uint64_t seconds;
  };
  static constexpr std::array<Unit, 4> kUnits = {
      {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

  uint64_t total = 0;
  size_t next_unit = 0;  // units must come in kUnits order, each once
  bool first = true;
  while (!rest.empty()) {
    uint64_t number = 0;
    size_t length = ParseDigits(rest, &number);
    if (length == std::string_view::npos) return too_long;
    if (length == 0) {
      return InvalidDuration(text,
                             fmt::format("expected a number at \"{}\"", rest));
    }
    rest.remove_prefix(length);
    uint64_t unit_seconds = 0;
    if (rest.empty()) {
      // A bare number is seconds only when it is the whole input: "1h30" is
      // more likely a typo for 1h30m than 1h30s.
      if (!first) {
        return InvalidDuration(
            text, fmt::format("the number {} has no unit", number));
      }
      unit_seconds = 1;
    } else {
      char unit = static_cast<char>(std::tolower(rest.front()));
      if (unit == '.') {
        return InvalidDuration(
            text, "fractions are not supported (write 1h30m, not 1.5h)");
      }
      size_t index = 0;
      while (index < kUnits.size() && kUnits[index].name != unit) ++index;
      if (index == kUnits.size()) {
        return InvalidDuration(
            text, fmt::format("unknown unit \"{}\"", rest.substr(0, 1)));
      }
      if (index < next_unit) {
        return InvalidDuration(
            text, "units must come in the order d, h, m, s, each at most once");
      }
      next_unit = index + 1;
      unit_seconds = kUnits[index].seconds;
      rest.remove_prefix(1);
    }
    uint64_t part = 0;
    if (__builtin_mul_overflow(number, unit_seconds, &part) ||
        __builtin_add_overflow(total, part, &total) || total > kMaxSeconds) {
      return too_long;
    }
    first = false;
  }
  if (total == 0) return InvalidDuration(text, "it must be more than zero");
  return std::chrono::seconds(static_cast<int64_t>(total));
}

std::string FormatDuration(std::chrono::seconds duration) {
  int64_t seconds = duration.count();
  if (seconds < 0) seconds = 0;
  if (seconds < 60) return fmt::format("{}s", seconds);
  if (seconds < 3600) {
    return fmt::format("{}m{:02}s", seconds / 60, seconds % 60);
  }
  if (seconds < 86400) {
    return fmt::format("{}h{:02}m", seconds / 3600, seconds % 3600 / 60);
  }
  return fmt::format("{}d{:02}h", seconds / 86400, seconds % 86400 / 3600);
}

}  // namespace ossxfer::cli
