// The flags of `ossxfer cp`, as typed and as checked: sizes, rates and
// ranges parsed, metadata split, so that one bad value fails the command
// before anything is transferred.
#ifndef OSSXFER_CLI_TRANSFER_SETTINGS_H_
#define OSSXFER_CLI_TRANSFER_SETTINGS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/filter_flags.h"
#include "cli/sync_rules.h"
#include "ossxfer/copy.h"
#include "ossxfer/download.h"
#include "ossxfer/result.h"
#include "ossxfer/shared_rate_limit.h"
#include "ossxfer/upload.h"

namespace ossxfer::cli {

// As typed on the command line.
struct CpFlags {
  bool recursive = false;
  int jobs = 4;
  std::string part_size;
  int parallel = 0;
  std::string checkpoint_dir;
  bool no_checkpoint = false;
  bool no_verify = false;
  bool no_direct_io = false;
  std::string range;
  std::string version_id;
  std::string limit_rate;
  std::string limit_rate_per_file;
  std::string traffic_limit;
  std::string content_type;
  std::vector<std::string> meta;
  std::string acl;
  std::string storage_class;
  std::string cache_control;
  std::string content_disposition;
  std::string content_encoding;
  std::string expires;
  std::string callback;
  std::string callback_var;
  bool forbid_overwrite = false;
  bool skip_existing = false;
  bool discard_on_cancel = false;
  FilterFlags filter;
};

void AddCpFlags(CLI::App& command, CpFlags& flags);

// Checked values, shared by every file of a command.
struct TransferSettings {
  bool recursive = false;
  int jobs = 4;
  uint64_t part_size = 0;
  int parallel = 0;
  bool checkpoint = true;
  std::filesystem::path checkpoint_dir;
  bool verify_crc64 = true;
  bool direct_io = true;
  std::optional<ByteRange> range;
  std::string version_id;
  // --limit-rate: one budget for the whole command, every file and part.
  std::shared_ptr<SharedRateLimit> command_rate_limit;
  // --limit-rate-per-file: each file's transfer on its own.
  uint64_t rate_limit_bytes_per_second = 0;
  uint64_t traffic_limit_bits_per_second = 0;
  // `ossxfer sync`: what counts as the same, --delete, --dry-run; null for
  // cp -r.
  std::shared_ptr<const SyncRules> sync;
  ObjectAttributes attributes;
  std::string callback;      // base64, as OSS wants it
  std::string callback_var;  // base64
  bool skip_existing = false;
  bool discard_on_cancel = false;
  // Which entries of the tree -r takes; null: all of them.
  std::shared_ptr<const PathFilter> filter;
};

// kInvalidArgument naming the flag, the value and the accepted form.
Result<TransferSettings> CheckCpFlags(const CpFlags& flags);

// "0-1023" (both ends included) or "1024-" (to the end).
Result<ByteRange> ParseByteRange(std::string_view text);

// The request for one file; progress and cancellation are the caller's.
DownloadRequest MakeDownloadRequest(const TransferSettings& settings,
                                    std::string bucket, std::string key,
                                    std::filesystem::path destination);
UploadRequest MakeUploadRequest(const TransferSettings& settings,
                                std::filesystem::path source,
                                std::string bucket, std::string key);
// The source's version is settings.version_id.
CopyRequest MakeCopyRequest(const TransferSettings& settings,
                            std::string source_bucket, std::string source_key,
                            std::string bucket, std::string key);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_TRANSFER_SETTINGS_H_
