// The time formats of the OSS protocol.
#ifndef OSSXFER_UTIL_TIME_FORMAT_H_
#define OSSXFER_UTIL_TIME_FORMAT_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ossxfer::util {

using SystemTime = std::chrono::system_clock::time_point;

// "Wed, 28 Dec 2022 10:27:41 GMT" (RFC 1123; HTTP Date, Last-Modified).
std::string FormatHttpDate(SystemTime time);
std::optional<SystemTime> ParseHttpDate(std::string_view text);

// "20231216T162057Z" (ISO 8601 basic; V4 x-oss-date).
std::string FormatIso8601Basic(SystemTime time);
std::optional<SystemTime> ParseIso8601Basic(std::string_view text);

// "2012-02-23T04:18:23.000Z" (XML timestamps).
std::string FormatIso8601Extended(SystemTime time);
std::optional<SystemTime> ParseIso8601Extended(std::string_view text);

// Whole seconds since the Unix epoch.
int64_t ToUnixSeconds(SystemTime time);
SystemTime FromUnixSeconds(int64_t seconds);

// Milliseconds since the Unix epoch, now (the store's timestamps).
int64_t NowUnixMillis();

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_TIME_FORMAT_H_
