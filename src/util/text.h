// ASCII text: trimming and case folding for protocol text (header names
// and values, signed header lists, config keys). Independent of the
// locale on purpose: std::isspace and std::tolower follow the global
// locale, and are undefined for a negative char.
#ifndef OSSXFER_UTIL_TEXT_H_
#define OSSXFER_UTIL_TEXT_H_

#include <string>
#include <string_view>

namespace ossxfer::util {

// Space and horizontal tab: HTTP's optional whitespace (RFC 9110 §5.6.3),
// what the OSS and S3 signers trim from header values.
inline constexpr std::string_view kHttpWhitespace = " \t";
// What std::isspace matches in the "C" locale.
inline constexpr std::string_view kAsciiWhitespace = " \t\n\v\f\r";

// `text` without the run of characters of `set` at its start, at its end,
// or at both. The result views `text`.
std::string_view TrimLeading(std::string_view text, std::string_view set);
std::string_view TrimTrailing(std::string_view text, std::string_view set);
std::string_view Trim(std::string_view text, std::string_view set);

// A-Z become a-z; every other byte (UTF-8 sequences included) is kept.
std::string AsciiLower(std::string_view text);
// a-z become A-Z; every other byte is kept.
std::string AsciiUpper(std::string_view text);
// Whether `a` and `b` are equal once A-Z are folded to a-z (hex digests,
// ETags, header names).
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_TEXT_H_
