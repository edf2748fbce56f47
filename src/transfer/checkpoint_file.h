// The envelope every checkpoint shares (download .dcp, upload .ucp): JSON
// with a format name, a version and a checksum of the content, so a file
// that was truncated, edited, or belongs to something else is recognised
// and discarded instead of trusted.
//
//   {"format": "ossxfer-download", "version": 1,
//    "checksum": "<hex SHA-256 of the body's canonical dump>",
//    "body": { ... }}
#ifndef OSSXFER_TRANSFER_CHECKPOINT_FILE_H_
#define OSSXFER_TRANSFER_CHECKPOINT_FILE_H_

#include <fmt/format.h>

#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/result.h"
#include "transfer/checkpoint_slots.h"
#include "util/file.h"

namespace ossxfer::transfer {

std::string SealCheckpoint(std::string_view format, int version,
                           const nlohmann::json& body);

// The body, or kDataCorruption with a one-line reason: "not JSON",
// "not an ossxfer-download checkpoint (format ...)", "version 2 is not
// supported (this ossxfer reads version 1)", "checksum mismatch (the file
// was changed or cut short)". Never throws.
Result<nlohmann::json> OpenCheckpoint(std::string_view text,
                                      std::string_view format, int version);

// The versions of a format this ossxfer reads: a new version is added when
// a body says something an older release would misread (so the older
// release refuses it instead), and the old ones stay readable so that a
// checkpoint written before an upgrade still resumes.
struct CheckpointVersions {
  int oldest = 1;
  int newest = 1;
};

struct OpenedCheckpoint {
  int version = 0;
  nlohmann::json body;
};

// As above, for any version in `versions`; the reason for one outside
// them names the range: "version 3 is not supported (this ossxfer reads
// versions 1 to 2)".
Result<OpenedCheckpoint> OpenCheckpoint(std::string_view text,
                                        std::string_view format,
                                        CheckpointVersions versions);

// A whole checkpoint of type T: the envelope opened, the body converted by
// `from_body` and checked by `validate`. Every JSON access in those is
// checked first; the catch is the last line of defence for untrusted input,
// so no exception ever leaves.
template <typename T>
Result<T> ParseSealedCheckpoint(std::string_view text, std::string_view format,
                                int version,
                                Result<T> (*from_body)(const nlohmann::json&),
                                Status (*validate)(const T&)) {
  try {
    Result<nlohmann::json> body = OpenCheckpoint(text, format, version);
    if (!body.ok()) return body.status();
    Result<T> checkpoint = from_body(*body);
    if (!checkpoint.ok()) return checkpoint.status();
    Status valid = validate(*checkpoint);
    if (!valid.ok()) return valid;
    return checkpoint;
  } catch (const std::exception& error) {
    return Status::DataCorruption(
        fmt::format("malformed checkpoint: {}", error.what()));
  }
}

// The same for a format with several versions: `from_body` reads the body
// of the version the file has.
template <typename T>
Result<T> ParseSealedCheckpoint(std::string_view text, std::string_view format,
                                CheckpointVersions versions,
                                Result<T> (*from_body)(const nlohmann::json&,
                                                       int version),
                                Status (*validate)(const T&)) {
  try {
    Result<OpenedCheckpoint> opened = OpenCheckpoint(text, format, versions);
    if (!opened.ok()) return opened.status();
    Result<T> checkpoint = from_body(opened->body, opened->version);
    if (!checkpoint.ok()) return checkpoint.status();
    Status valid = validate(*checkpoint);
    if (!valid.ok()) return valid;
    return checkpoint;
  } catch (const std::exception& error) {
    return Status::DataCorruption(
        fmt::format("malformed checkpoint: {}", error.what()));
  }
}

// Reads a checkpoint file, of one envelope or of slots
// (checkpoint_slots.h): nullopt when it does not exist, kIoError when it
// cannot be read (whatever the reason, a permission included), and the
// parser's error, prefixed with the path, when no envelope in it is valid.
// Of a slotted file, the newest whole slot: an older one is what a crash
// while the newer was written leaves.
template <typename T>
Result<std::optional<T>> LoadCheckpointFile(
    const std::filesystem::path& path, Result<T> (*parse)(std::string_view)) {
  Result<std::string> text = util::ReadWholeFile(path);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) {
      return std::optional<T>();
    }
    return Status::IoError(text.status().message());
  }
  const std::vector<std::string_view> envelopes = CheckpointEnvelopesIn(*text);
  Status newest_error = Status::DataCorruption(
      "no whole checkpoint in its slots (the file was changed or cut short)");
  for (size_t i = 0; i < envelopes.size(); ++i) {
    Result<T> checkpoint = parse(envelopes[i]);
    if (checkpoint.ok()) return std::optional<T>(std::move(checkpoint).value());
    if (i == 0) newest_error = checkpoint.status();
  }
  return newest_error.WithContext("checkpoint " + path.string());
}

// Removes a checkpoint that is done with, and what a run killed while
// replacing it left beside it. Nothing there is not an error.
void RemoveCheckpointFile(const std::filesystem::path& path);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CHECKPOINT_FILE_H_
