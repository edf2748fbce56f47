#include "cli/transfer_settings.h"

#include <fmt/format.h>

#include "cli/byte_size.h"
#include "ossxfer/access_control.h"
#include "util/encoding.h"
#include "util/numbers.h"

namespace ossxfer::cli {
namespace {

// OSS accepts x-oss-traffic-limit from 100 KB/s to 100 MB/s (in bit/s).
constexpr uint64_t kMinTrafficLimitBits = 819200;
constexpr uint64_t kMaxTrafficLimitBits = 838860800;

// A rate is a size per second: "50MiB" or "50MiB/s".
Result<uint64_t> ParseRate(std::string_view flag, std::string_view text) {
  std::string_view size = text;
  if (size.ends_with("/s")) size.remove_suffix(2);
  Result<uint64_t> bytes = ParseByteSize(size);
  if (!bytes.ok()) {
    return Status::InvalidArgument(
        fmt::format("{}: {}", flag, bytes.status().message()));
  }
  if (*bytes == 0) {
    return Status::InvalidArgument(fmt::format(
        "{} {}: a rate must be above 0 (leave the flag out for no limit)", flag,
        text));
  }
  return *bytes;
}

// --callback takes the JSON itself or its base64 form (what OSS sends).
std::string CallbackHeaderValue(const std::string& text) {
  if (text.empty()) return text;
  if (text.front() == '{') return util::Base64Encode(text);
  return text;
}

}  // namespace

void AddCpFlags(CLI::App& command, CpFlags& flags) {
  command.add_flag("-r,--recursive", flags.recursive,
                   "Copy every object under a prefix, or every file under a "
                   "directory");
  command
      .add_option("--jobs", flags.jobs,
                  "Files in flight at once with -r (default 4)")
      ->check(CLI::Range(1, 64));
  command.add_option("--part-size", flags.part_size,
                     "Bytes per part, e.g. 8MiB (100KB to 5GiB; grown so "
                     "that no object needs more than 10,000 parts)");
  command
      .add_option("-j,--parallel", flags.parallel,
                  "Parts in flight per file (default 4 down, 8 up and copy)")
      ->check(CLI::Range(1, 256));
  command.add_option("--checkpoint-dir", flags.checkpoint_dir,
                     "Directory for checkpoints (default: beside the file: "
                     "<file>.dcp / <file>.ucp; a server-side copy's .ccp in "
                     "$XDG_STATE_HOME or ~/.local/state/ossxfer/copy)");
  command.add_flag("--no-checkpoint", flags.no_checkpoint,
                   "Do not keep a checkpoint: an interrupted transfer starts "
                   "over (and an upload is aborted)");
  command.add_flag("--no-verify", flags.no_verify,
                   "Compute no CRC64 and skip the comparison with the "
                   "server's (a resume trusts its checkpoint)");
  command.add_flag("--no-direct-io", flags.no_direct_io,
                   "Write downloads through the page cache instead of "
                   "O_DIRECT (see README: Downloads and the disk)");
  command.add_option("--range", flags.range,
                     "Download only bytes FIRST-LAST (e.g. 0-1023, or 1024- "
                     "to the end)");
  command.add_option("--version-id", flags.version_id,
                     "Download this version of the object");
  command.add_option("--limit-rate", flags.limit_rate,
                     "Bandwidth limit of the whole command (every file and "
                     "part together), e.g. 50MiB (per second)");
  command.add_option("--limit-rate-per-file", flags.limit_rate_per_file,
                     "Bandwidth limit of each file's transfer (all its "
                     "parts together), e.g. 10MiB (per second)");
  command.add_option("--traffic-limit", flags.traffic_limit,
                     "Server-side limit per request (x-oss-traffic-limit), "
                     "100KB to 100MB per second, e.g. 10MiB");
  command.add_option("--content-type", flags.content_type,
                     "Content-Type of uploads (default: guessed from the "
                     "extension)");
  command.add_option("--meta", flags.meta,
                     "User metadata KEY=VALUE (x-oss-meta-KEY); repeatable");
  command
      .add_option("--acl", flags.acl,
                  "private, public-read, public-read-write or default")
      ->check(CLI::IsMember(
          {std::string(kAclPrivate), std::string(kAclPublicRead),
           std::string(kAclPublicReadWrite), std::string(kAclDefault)}));
  command
      .add_option("--storage-class", flags.storage_class,
                  "Standard, IA, Archive, ColdArchive or DeepColdArchive")
      ->check(CLI::IsMember(
          {"Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"}));
  command.add_option("--cache-control", flags.cache_control,
                     "Cache-Control of uploads");
  command.add_option("--content-disposition", flags.content_disposition,
                     "Content-Disposition of uploads");
  command.add_option("--content-encoding", flags.content_encoding,
                     "Content-Encoding of uploads");
  command.add_option("--expires", flags.expires, "Expires of uploads");
  command.add_option("--callback", flags.callback,
                     "Upload callback: the JSON ({\"callbackUrl\":...}) or "
                     "its base64; the callback server's answer is printed");
  command.add_option("--callback-var", flags.callback_var,
                     "Callback variables: the JSON or its base64");
  command.add_flag("--forbid-overwrite", flags.forbid_overwrite,
                   "Fail instead of replacing an existing object");
  command.add_flag("--skip-existing", flags.skip_existing,
                   "With -r: skip files whose destination already exists "
                   "with the same size");
  AddFilterFlags(command, flags.filter);
  command.add_flag("--discard-on-cancel", flags.discard_on_cancel,
                   "On Ctrl-C, abort the upload and delete the checkpoint "
                   "instead of keeping them");
}

Result<ByteRange> ParseByteRange(std::string_view text) {
  auto invalid = [&] {
    return Status::InvalidArgument(fmt::format(
        "--range {}: expected FIRST-LAST byte offsets (both included), e.g. "
        "0-1023, or FIRST- for the rest of the object",
        text));
  };
  size_t dash = text.find('-');
  if (dash == std::string_view::npos || dash == 0) return invalid();
  std::optional<uint64_t> first = util::ParseUint64(text.substr(0, dash));
  if (!first) return invalid();
  ByteRange range;
  range.first = *first;
  std::string_view rest = text.substr(dash + 1);
  if (rest.empty()) return range;
  std::optional<uint64_t> last = util::ParseUint64(rest);
  if (!last) return invalid();
  if (*last < *first) {
    return Status::InvalidArgument(
        fmt::format("--range {}: the last byte comes before the first", text));
  }
  range.last = *last;
  return range;
}

Result<TransferSettings> CheckCpFlags(const CpFlags& flags) {
  TransferSettings settings;
  settings.recursive = flags.recursive;
  settings.jobs = flags.jobs;
  settings.parallel = flags.parallel;
  settings.checkpoint = !flags.no_checkpoint;
  settings.verify_crc64 = !flags.no_verify;
  settings.direct_io = !flags.no_direct_io;
  settings.version_id = flags.version_id;
  settings.skip_existing = flags.skip_existing;
  settings.discard_on_cancel = flags.discard_on_cancel;
  if (flags.filter.given() && !flags.recursive) {
    return Status::InvalidArgument(
        "--include, --exclude, --files-from and the size and age limits "
        "choose files of a tree: use them with -r");
  }
  Result<std::shared_ptr<const PathFilter>> filter =
      CheckFilterFlags(flags.filter, std::chrono::system_clock::now());
  if (!filter.ok()) return filter.status();
  settings.filter = std::move(*filter);
  if (!flags.checkpoint_dir.empty()) {
    if (flags.no_checkpoint) {
      return Status::InvalidArgument(
          "--checkpoint-dir and --no-checkpoint contradict each other: "
          "choose one");
    }
    // A trailing '/' tells the library this is a directory to create.
    settings.checkpoint_dir = flags.checkpoint_dir;
    if (!flags.checkpoint_dir.ends_with('/')) settings.checkpoint_dir += "/";
  }
  if (!flags.part_size.empty()) {
    Result<uint64_t> size = ParseByteSize(flags.part_size);
    if (!size.ok()) {
      return Status::InvalidArgument("--part-size: " + size.status().message());
    }
    settings.part_size = *size;
  }
  if (!flags.range.empty()) {
    Result<ByteRange> range = ParseByteRange(flags.range);
    if (!range.ok()) return range.status();
    settings.range = *range;
  }
  if (!flags.limit_rate.empty()) {
    Result<uint64_t> rate = ParseRate("--limit-rate", flags.limit_rate);
    if (!rate.ok()) return rate.status();
    settings.command_rate_limit = std::make_shared<SharedRateLimit>(*rate);
  }
  if (!flags.limit_rate_per_file.empty()) {
    Result<uint64_t> rate =
        ParseRate("--limit-rate-per-file", flags.limit_rate_per_file);
    if (!rate.ok()) return rate.status();
    settings.rate_limit_bytes_per_second = *rate;
  }
  if (!flags.traffic_limit.empty()) {
    Result<uint64_t> rate = ParseRate("--traffic-limit", flags.traffic_limit);
    if (!rate.ok()) return rate.status();
    const uint64_t bits = *rate > UINT64_MAX / 8 ? UINT64_MAX : *rate * 8;
    if (bits < kMinTrafficLimitBits || bits > kMaxTrafficLimitBits) {
      return Status::InvalidArgument(fmt::format(
          "--traffic-limit {}: OSS accepts 100KB to 100MB per second "
          "(819200 to 838860800 bit/s)",
          flags.traffic_limit));
    }
    settings.traffic_limit_bits_per_second = bits;
  }
  ObjectAttributes& attributes = settings.attributes;
  attributes.content_type = flags.content_type;
  attributes.acl = flags.acl;
  attributes.storage_class = flags.storage_class;
  attributes.cache_control = flags.cache_control;
  attributes.content_disposition = flags.content_disposition;
  attributes.content_encoding = flags.content_encoding;
  attributes.expires = flags.expires;
  attributes.forbid_overwrite = flags.forbid_overwrite;
  for (const std::string& entry : flags.meta) {
    size_t equals = entry.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Status::InvalidArgument(fmt::format(
          "--meta {}: expected KEY=VALUE, e.g. --meta owner=alice", entry));
    }
    std::string name = entry.substr(0, equals);
    for (char& c : name) {
      const bool allowed =
          std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      if (!allowed) {
        return Status::InvalidArgument(fmt::format(
            "--meta {}: a metadata name may hold letters, digits, '-' and "
            "'_' only",
            entry));
      }
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    attributes.user_metadata[name] = entry.substr(equals + 1);
  }
  settings.callback = CallbackHeaderValue(flags.callback);
  settings.callback_var = CallbackHeaderValue(flags.callback_var);
  return settings;
}

DownloadRequest MakeDownloadRequest(const TransferSettings& settings,
                                    std::string bucket, std::string key,
                                    std::filesystem::path destination) {
  DownloadRequest request;
  request.bucket = std::move(bucket);
  request.key = std::move(key);
  request.version_id = settings.version_id;
  request.destination = std::move(destination);
  request.part_size = settings.part_size;
  request.parallel = settings.parallel;
  request.checkpoint = settings.checkpoint;
  request.checkpoint_path = settings.checkpoint_dir;
  request.verify_crc64 = settings.verify_crc64;
  request.direct_io = settings.direct_io;
  request.range = settings.range;
  request.traffic_limit_bits_per_second =
      settings.traffic_limit_bits_per_second;
  request.rate_limit_bytes_per_second = settings.rate_limit_bytes_per_second;
  request.shared_rate_limit = settings.command_rate_limit;
  return request;
}

UploadRequest MakeUploadRequest(const TransferSettings& settings,
                                std::filesystem::path source,
                                std::string bucket, std::string key) {
  UploadRequest request;
  request.source = std::move(source);
  request.bucket = std::move(bucket);
  request.key = std::move(key);
  request.part_size = settings.part_size;
  request.parallel = settings.parallel;
  request.checkpoint = settings.checkpoint;
  request.checkpoint_path = settings.checkpoint_dir;
  request.verify_crc64 = settings.verify_crc64;
  request.attributes = settings.attributes;
  request.callback = settings.callback;
  request.callback_var = settings.callback_var;
  request.traffic_limit_bits_per_second =
      settings.traffic_limit_bits_per_second;
  request.rate_limit_bytes_per_second = settings.rate_limit_bytes_per_second;
  request.shared_rate_limit = settings.command_rate_limit;
  request.discard_on_cancel = settings.discard_on_cancel;
  return request;
}

CopyRequest MakeCopyRequest(const TransferSettings& settings,
                            std::string source_bucket, std::string source_key,
                            std::string bucket, std::string key) {
  CopyRequest request;
  request.source_bucket = std::move(source_bucket);
  request.source_key = std::move(source_key);
  request.source_version_id = settings.version_id;
  request.bucket = std::move(bucket);
  request.key = std::move(key);
  request.part_size = settings.part_size;
  request.parallel = settings.parallel;
  request.checkpoint = settings.checkpoint;
  request.checkpoint_path = settings.checkpoint_dir;
  request.verify_crc64 = settings.verify_crc64;
  request.acl = settings.attributes.acl;
  request.storage_class = settings.attributes.storage_class;
  request.forbid_overwrite = settings.attributes.forbid_overwrite;
  request.discard_on_cancel = settings.discard_on_cancel;
  return request;
}

}  // namespace ossxfer::cli
