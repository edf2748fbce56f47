// Byte encodings used on the wire: hex, base64, percent-encoding.
#ifndef OSSXFER_UTIL_ENCODING_H_
#define OSSXFER_UTIL_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ossxfer::util {

std::string HexLower(std::string_view bytes);
std::string HexUpper(std::string_view bytes);
// Either case; nullopt on an odd length or a non-hex character.
std::optional<std::string> HexDecode(std::string_view hex);

// The low `width` bytes of `value`, most significant first (how S3 writes
// a CRC in x-amz-checksum-*), and back (at most 8 bytes are read).
std::string BigEndianBytes(uint64_t value, size_t width);
uint64_t FromBigEndianBytes(std::string_view bytes);

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not valid base64 (padding required).
std::optional<std::string> Base64Decode(std::string_view text);

// RFC 3986 percent-encoding: keeps A-Z a-z 0-9 - . _ ~ and encodes every
// other byte as %XX with uppercase hex (a space is %20, never +).
// With keep_slash, '/' is kept too: that is the form for object keys in a
// URL path and in the V4 canonical URI.
std::string UriEncode(std::string_view bytes, bool keep_slash = false);

// Decodes %XX sequences. With plus_as_space, '+' decodes to ' ' (the form
// of application/x-www-form-urlencoded query strings). nullopt on a
// malformed escape such as "%G1" or a trailing "%".
std::optional<std::string> UriDecode(std::string_view text,
                                     bool plus_as_space = false);

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_ENCODING_H_
