#include "util/time_format.h"

#include <cstdio>
#include <ctime>

namespace ossxfer::util {
namespace {

std::string Format(SystemTime time, const char* pattern) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[64];
  size_t length = std::strftime(buffer, sizeof(buffer), pattern, &parts);
  return std::string(buffer, length);
}

// strptime must consume the whole text: "20231216T162057Zjunk" is not a time.
std::optional<SystemTime> Parse(std::string_view text, const char* pattern) {
  std::string copy(text);
  std::tm parts{};
  const char* end = strptime(copy.c_str(), pattern, &parts);
  if (end == nullptr || *end != '\0') return std::nullopt;
  // system_clock counts nanoseconds in 64 bits: years outside 1678-2261
  // would overflow it. No OSS timestamp is out there.
  if (parts.tm_year < 1678 - 1900 || parts.tm_year > 2261 - 1900) {
    return std::nullopt;
  }
  return std::chrono::system_clock::from_time_t(timegm(&parts));
}

}  // namespace

// Day and month names are written and read by hand: strftime's %a and %b
// follow the process locale, and a localized Date header breaks signatures.
constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                 "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string FormatHttpDate(SystemTime time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kDays[parts.tm_wday], parts.tm_mday, kMonths[parts.tm_mon],
                parts.tm_year + 1900, parts.tm_hour, parts.tm_min,
                parts.tm_sec);
  return buffer;
}

std::optional<SystemTime> ParseHttpDate(std::string_view text) {
  // "Wed, 28 Dec 2022 10:27:41 GMT": the month is matched by name here, the
  // numbers by strptime (whose %d/%Y/%H are locale-independent).
  if (text.size() != 29 || text.substr(3, 2) != ", " ||
      !text.ends_with(" GMT")) {
    return std::nullopt;
  }
  std::string_view month = text.substr(8, 3);
  int month_index = -1;
  for (int i = 0; i < 12; ++i) {
    if (month == kMonths[i]) month_index = i;
  }
  if (month_index < 0) return std::nullopt;
  std::string numeric = std::string(text.substr(5, 3)) +
                        std::to_string(month_index + 1) +
                        std::string(text.substr(11, 18));
  return Parse(numeric, "%d %m %Y %H:%M:%S GMT");
}

std::string FormatIso8601Basic(SystemTime time) {
  return Format(time, "%Y%m%dT%H%M%SZ");
}

std::optional<SystemTime> ParseIso8601Basic(std::string_view text) {
  return Parse(text, "%Y%m%dT%H%M%SZ");
}

std::string FormatIso8601Extended(SystemTime time) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                    time.time_since_epoch()) %
                1000;
  char fraction[8];
  std::snprintf(fraction, sizeof(fraction), ".%03dZ",
                static_cast<int>(millis.count()));
  return Format(time, "%Y-%m-%dT%H:%M:%S") + fraction;
}

std::optional<SystemTime> ParseIso8601Extended(std::string_view text) {
  // The fraction is optional and only milliseconds are kept.
  std::chrono::milliseconds millis{0};
  if (text.size() > 20 && text.back() == 'Z') {
    size_t dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    std::string_view digits = text.substr(dot + 1, text.size() - dot - 2);
    if (digits.empty() || digits.size() > 9) return std::nullopt;
    int value = 0;
    for (size_t i = 0; i < 3; ++i) {
      char c = i < digits.size() ? digits[i] : '0';
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    millis = std::chrono::milliseconds(value);
    auto whole =
        Parse(std::string(text.substr(0, dot)) + "Z", "%Y-%m-%dT%H:%M:%SZ");
    if (!whole) return std::nullopt;
    return *whole + millis;
  }
  return Parse(text, "%Y-%m-%dT%H:%M:%SZ");
}

int64_t ToUnixSeconds(SystemTime time) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             time.time_since_epoch())
      .count();
}

SystemTime FromUnixSeconds(int64_t seconds) {
  return SystemTime(std::chrono::seconds(seconds));
}

int64_t NowUnixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace ossxfer::util
