// Sizes and durations as people type and read them on the command line:
// "8MiB", "1.5GiB", "90s", "1h30m"; and back: "8.00 MiB", "4m05s".
#ifndef OSSXFER_CLI_BYTE_SIZE_H_
#define OSSXFER_CLI_BYTE_SIZE_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "ossxfer/result.h"

namespace ossxfer::cli {

// A number with an optional unit, optionally separated by spaces: "1048576",
// "512B", "8MiB", "8 MiB", "1.5GiB", "100KB". Units are case-insensitive:
// B; KiB, MiB, GiB, TiB (powers of 1024); KB, MB, GB, TB (powers of 1000);
// K, M, G, T as shorthands for the 1024-based units (as curl reads them).
// A fraction is allowed ("1.5GiB", at most 18 digits after the point, and
// at least one on each side of it); the result is rounded down to whole
// bytes. "0" is a valid size: the caller checks its own range. Errors
// (kInvalidArgument) name the input and the accepted form: empty,
// negative, not a number, unknown unit, or more than 2^64-1 bytes.
Result<uint64_t> ParseByteSize(std::string_view text);

// 1024-based, three significant digits, rounded down so that a transfer
// never shows its total before it is complete: "0 B", "512 B", "1.00 KiB",
// "8.00 MiB", "1.50 GiB", "12.3 MiB", "123 MiB", "1023 KiB".
std::string FormatBytes(uint64_t bytes);

// A whole number of seconds ("3600") or a sum of units in the order
// d, h, m, s, each at most once: "90s", "30m", "1h", "7d", "1h30m",
// "1d2h3m4s". Units are case-insensitive. Zero, negative, garbage, a
// number without a unit after a unit ("1h30") and overflow are
// kInvalidArgument errors that name the input and the accepted form.
Result<std::chrono::seconds> ParseDuration(std::string_view text);

// Two units at most, for ETAs: "59s", "4m05s", "1h02m", "3d04h". Negative
// durations show as "0s".
std::string FormatDuration(std::chrono::seconds duration);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_BYTE_SIZE_H_
