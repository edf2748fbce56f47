#include "transfer/checkpoint_file.h"

#include <fmt/format.h>

#include <exception>
#include <string>
#include <utility>

#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer::transfer {
namespace {

using nlohmann::json;

// Deeper nesting than any checkpoint has. The limit keeps a hostile file
// from exhausting the stack in the recursive dump that checks it.
constexpr int kMaxDepth = 32;

// The bytes the checksum covers. Invalid UTF-8 (a destination path is any
// bytes) is replaced rather than thrown on: the stored value then differs
// from the live one, so the checkpoint is not reused, which is safe. The
// same call on the parsed body gives the same bytes, so the seal verifies.
std::string CanonicalDump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string SealOf(std::string_view canonical_body) {
  return util::HexLower(util::Sha256(canonical_body));
}

Status Corrupt(std::string reason) {
  return Status::DataCorruption(std::move(reason));
}

// The parsed document, or the reason it is not one worth looking at.
Result<json> ParseBounded(std::string_view text) {
  bool too_deep = false;
  json::parser_callback_t limit_depth =
      [&too_deep](int depth, json::parse_event_t event, json& /*parsed*/) {
        if ((event == json::parse_event_t::object_start ||
             event == json::parse_event_t::array_start) &&
            depth >= kMaxDepth) {
          too_deep = true;
          return false;  // drop the subtree; the document is rejected below
        }
        return true;
      };
  json document = json::parse(text, limit_depth, /*allow_exceptions=*/false);
  if (document.is_discarded()) return Corrupt("not JSON");
  if (too_deep) {
    return Corrupt(fmt::format("nested more than {} levels deep", kMaxDepth));
  }
  return document;
}

std::string Readable(CheckpointVersions versions) {
  if (versions.oldest == versions.newest) {
    return fmt::format("version {}", versions.newest);
  }
  return fmt::format("versions {} to {}", versions.oldest, versions.newest);
}

Result<OpenedCheckpoint> OpenParsed(json document, std::string_view format,
                                    CheckpointVersions versions) {
  const std::string not_ours = fmt::format("not an {} checkpoint", format);
  if (!document.is_object()) {
    return Corrupt(not_ours + " (not a JSON object)");
  }
  auto found = document.find("format");
  if (found == document.end() || !found->is_string()) {
    return Corrupt(not_ours + " (no format name)");
  }
  if (found->get_ref<const std::string&>() != format) {
    return Corrupt(
        fmt::format("{} (format {})", not_ours, CanonicalDump(*found)));
  }
  found = document.find("version");
  if (found == document.end() || !found->is_number_integer()) {
    return Corrupt(not_ours + " (no version number)");
  }
  int version = 0;
  for (int known = versions.oldest; known <= versions.newest; ++known) {
    if (*found == json(known)) version = known;
  }
  if (version == 0) {
    return Corrupt(
        fmt::format("version {} is not supported (this ossxfer reads {})",
                    CanonicalDump(*found), Readable(versions)));
  }
  found = document.find("checksum");
  if (found == document.end() || !found->is_string()) {
    return Corrupt("no checksum");
  }
  const std::string expected = found->get<std::string>();
  found = document.find("body");
  if (found == document.end() || !found->is_object()) {
    return Corrupt("no body");
  }
  if (SealOf(CanonicalDump(*found)) != expected) {
    return Corrupt("checksum mismatch (the file was changed or cut short)");
  }
  return OpenedCheckpoint{version, std::move(*found)};
}

}  // namespace

std::string SealCheckpoint(std::string_view format, int version,
                           const json& body) {
  // Written by hand so the format name comes first, where `head` shows it;
  // the body is embedded as exactly the bytes its checksum covers.
  const std::string canonical = CanonicalDump(body);
  return fmt::format(
      R"({{"format":{},"version":{},"checksum":"{}","body":{}}})",
      CanonicalDump(json(std::string(format))), version, SealOf(canonical),
      canonical);
}

Result<json> OpenCheckpoint(std::string_view text, std::string_view format,
                            int version) {
  Result<OpenedCheckpoint> opened =
      OpenCheckpoint(text, format, CheckpointVersions{version, version});
  if (!opened.ok()) return opened.status();
  return std::move(opened->body);
}

Result<OpenedCheckpoint> OpenCheckpoint(std::string_view text,
                                        std::string_view format,
                                        CheckpointVersions versions) {
  try {
    Result<json> document = ParseBounded(text);
    if (!document.ok()) return document.status();
    return OpenParsed(std::move(document).value(), format, versions);
  } catch (const json::exception& error) {
    // Not expected (parsing does not throw here and every access is
    // checked first), but a checkpoint is untrusted input: never crash.
    return Corrupt(fmt::format("malformed checkpoint: {}", error.what()));
  } catch (const std::exception& error) {
    return Corrupt(fmt::format("unreadable checkpoint: {}", error.what()));
  }
}

void RemoveCheckpointFile(const std::filesystem::path& path) {
  if (path.empty()) return;
  util::RemoveIfPresent(path);
  util::RemoveAtomicWriteLeftover(path);
}

}  // namespace ossxfer::transfer
