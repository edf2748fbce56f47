// oss://bucket/key and s3://bucket/key arguments, and where a listed key
// may land on the local disk without escaping the destination directory.
#ifndef OSSXFER_CLI_STORE_URL_H_
#define OSSXFER_CLI_STORE_URL_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "ossxfer/client_options.h"
#include "ossxfer/result.h"

namespace ossxfer::cli {

struct StoreUrl {
  // oss:// or s3://: which protocol the store speaks.
  StoreDialect dialect = StoreDialect::kOss;
  std::string bucket;
  // Byte-for-byte what followed "oss://bucket/": "" for the bucket itself,
  // "prefix/" for a prefix, never normalised ("a//b" and "../x" stay).
  std::string key;
};

// "oss://bucket", "oss://bucket/", "oss://bucket/key/with/slashes",
// "oss://bucket/prefix/", and the same with "s3://". The scheme is
// case-insensitive ("OSS://" too); the bucket must follow its store's
// naming rule (3 to 63 characters of [a-z0-9-], starting and ending with a
// letter or digit; S3 also allows '.'). A missing bucket ("oss://",
// "s3:///key") or another scheme is kInvalidArgument.
Result<StoreUrl> ParseStoreUrl(std::string_view text);

// Starts with "oss://" or "s3://", scheme case-insensitive, so that
// "OSS://b/k" is never mistaken for a local path.
bool IsStoreUrl(std::string_view text);

// The scheme of a dialect's URLs: "oss", "s3".
std::string_view UrlScheme(StoreDialect dialect);

// Starts with "http://" or "https://", scheme case-insensitive.
bool IsHttpUrl(std::string_view text);

// "oss://bucket" when the key is empty, else "oss://bucket/key" (s3://
// for S3).
std::string FormatStoreUrl(const StoreUrl& url);

// The prefix a recursive command works under: "photos" means "photos/";
// "" (the whole bucket) and "photos/" stay as they are.
std::string AsDirectoryPrefix(std::string key);

// A key ending in '/' is a "directory marker" object (what consoles create
// for an empty folder); it has no file to write.
bool IsDirectoryMarker(std::string_view key);

// Where `relative_key` (a listed key with the copied prefix removed) is
// written under `dir`: dir/seg1/seg2/... The key is split on '/'; each
// segment becomes one path component, byte-for-byte ('\' is an ordinary
// character on Linux). Refused with kInvalidArgument, the message naming
// the key and the reason:
//   - an empty key, or one with a NUL byte;
//   - an absolute key ("/etc/x");
//   - a directory marker (a key ending in '/'): callers that want to skip
//     markers quietly test IsDirectoryMarker() first;
//   - any "..", "." or empty segment ("../x", "a/./b", "a//b"): "." and
//     empty segments do not escape, but they would make two different keys
//     ("a/./b", "a//b", "a/b") write the same file;
//   - anything whose lexical normal form is not strictly inside dir.
// An empty `dir` means the current directory. The check is lexical: the
// caller must still not follow symlinks planted inside dir when it writes.
Result<std::filesystem::path> SafeLocalPath(const std::filesystem::path& dir,
                                            std::string_view relative_key);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_STORE_URL_H_
