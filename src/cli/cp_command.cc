#include "cli/cp_command.h"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "cli/command_output.h"
#include "cli/error_report.h"
#include "cli/interrupt.h"
#include "cli/recursive_copy.h"
#include "cli/store_url.h"
#include "cli/transfer_runner.h"
#include "cli/transfer_settings.h"
#include "util/encoding.h"

namespace ossxfer::cli {
namespace {

struct CpArguments {
  std::string source;
  std::string destination;
  CpFlags flags;
};

// The last segment of a key or URL path: what a file in a directory gets
// called.
std::string BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path
                                                     : path.substr(slash + 1));
}

bool IsDirectoryTarget(const std::string& path) {
  std::error_code error;
  return path.ends_with('/') || std::filesystem::is_directory(path, error);
}

// Where a download lands: the path itself, or `name` inside it when it is
// a directory (or ends in '/', which is then created).
Result<std::filesystem::path> DownloadTarget(const std::string& path,
                                             const std::string& name) {
  if (!IsDirectoryTarget(path)) return std::filesystem::path(path);
  if (name.empty() || name == "." || name == "..") {
    return Status::InvalidArgument(fmt::format(
        "{} is a directory and the source has no file name to use inside "
        "it: give the destination file name",
        path));
  }
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return Status::IoError(
        fmt::format("cannot create directory {}: {}", path, error.message()));
  }
  return std::filesystem::path(path) / name;
}

// Flags that only mean something in one direction are refused in the
// other, so a typo'd command does not silently ignore them.
Status CheckDirection(const CpFlags& flags, bool upload) {
  auto refuse = [](std::string_view flag, std::string_view direction) {
    return Status::InvalidArgument(
        fmt::format("{} applies to {} only", flag, direction));
  };
  if (upload) {
    if (!flags.range.empty()) return refuse("--range", "downloads");
    if (!flags.version_id.empty()) return refuse("--version-id", "downloads");
    if (flags.no_direct_io) return refuse("--no-direct-io", "downloads");
    return Status::Ok();
  }
  if (!flags.content_type.empty()) return refuse("--content-type", "uploads");
  if (!flags.meta.empty()) return refuse("--meta", "uploads");
  if (!flags.acl.empty()) return refuse("--acl", "uploads");
  if (!flags.storage_class.empty()) {
    return refuse("--storage-class", "uploads");
  }
  if (!flags.callback.empty()) return refuse("--callback", "uploads");
  if (flags.forbid_overwrite) return refuse("--forbid-overwrite", "uploads");
  if (flags.discard_on_cancel) {
    return refuse("--discard-on-cancel", "uploads");
  }
  return Status::Ok();
}

// A copy stays on the server: nothing passes through this machine to
// limit, and the destination takes the source's content headers.
Status CheckCopyFlags(const CpFlags& flags) {
  auto refuse = [](std::string_view flag, std::string_view why) {
    return Status::InvalidArgument(
        fmt::format("{} does not apply to a server-side copy: {}", flag, why));
  };
  constexpr std::string_view kServerSide =
      "the bytes move inside the store, not through this machine";
  constexpr std::string_view kCopied =
      "the copy takes the source's content headers and metadata";
  if (!flags.range.empty()) return refuse("--range", "it copies whole objects");
  if (flags.no_direct_io) return refuse("--no-direct-io", kServerSide);
  if (!flags.limit_rate.empty()) return refuse("--limit-rate", kServerSide);
  if (!flags.limit_rate_per_file.empty()) {
    return refuse("--limit-rate-per-file", kServerSide);
  }
  if (!flags.traffic_limit.empty()) {
    return refuse("--traffic-limit", kServerSide);
  }
  if (!flags.content_type.empty()) return refuse("--content-type", kCopied);
  if (!flags.meta.empty()) return refuse("--meta", kCopied);
  if (!flags.cache_control.empty()) return refuse("--cache-control", kCopied);
  if (!flags.content_disposition.empty()) {
    return refuse("--content-disposition", kCopied);
  }
  if (!flags.content_encoding.empty()) {
    return refuse("--content-encoding", kCopied);
  }
  if (!flags.expires.empty()) return refuse("--expires", kCopied);
  if (!flags.callback.empty()) {
    return refuse("--callback", "OSS calls back on uploads only");
  }
  return Status::Ok();
}

class CpCommand {
 public:
  CpCommand(const GlobalFlags& global, const CpArguments& arguments)
      : global_(global), arguments_(arguments), output_(global) {}

  ExitCode Run() {
    const std::string& source = arguments_.source;
    const std::string& destination = arguments_.destination;
    const bool source_remote = IsStoreUrl(source) || IsHttpUrl(source);
    const bool destination_remote = IsStoreUrl(destination);
    if (IsHttpUrl(destination)) {
      return ReportUsageError(
          "cp: cannot upload to an http(s) URL: the destination must be "
          "oss://bucket/key, s3://bucket/key or a local path");
    }
    const bool server_side = IsStoreUrl(source) && destination_remote;
    if (IsHttpUrl(source) && destination_remote) {
      return ReportUsageError(
          "cp: an http(s) URL can only be downloaded to a local path; to put "
          "it in OSS, download it first");
    }
    if (!source_remote && !destination_remote) {
      return ReportUsageError(
          "cp: one side must be oss://bucket/key or s3://bucket/key (or an "
          "https:// URL to download); both are local paths");
    }
    // The store's dialect comes from its URL; a copy between two stores of
    // different dialects has no server that could do it.
    Result<StoreUrl> remote =
        ParseStoreUrl(destination_remote ? destination : source);
    if (server_side) {
      Result<StoreUrl> from = ParseStoreUrl(source);
      if (remote.ok() && from.ok() && from->dialect != remote->dialect) {
        return ReportUsageError(
            "cp: a copy from one kind of store to another (oss:// and s3://) "
            "is not a server-side copy; download the object, then upload it");
      }
    }
    Status direction =
        server_side ? CheckCopyFlags(arguments_.flags)
                    : CheckDirection(arguments_.flags, destination_remote);
    if (!direction.ok()) return ReportUsageError("cp: " + direction.message());
    Result<TransferSettings> settings = CheckCpFlags(arguments_.flags);
    if (!settings.ok()) {
      return ReportUsageError("cp: " + settings.status().message());
    }
    settings_ = std::move(*settings);
    context_.display = output_.display();
    context_.http_options = MakeHttpOptions(global_);
    CancelOnInterrupt(context_.cancellation);

    if (IsHttpUrl(source)) return FromUrl();
    if (!remote.ok())
      return ReportUsageError("cp: " + remote.status().message());
    Result<Client> client = MakeClient(global_, remote->dialect);
    if (!client.ok()) {
      return ReportError("cp", client.status());
    }
    client_ = std::make_unique<Client>(std::move(*client));
    context_.client = client_.get();
    if (server_side) return CopyObjects();
    return destination_remote ? Upload() : DownloadObject();
  }

 private:
  ExitCode FromUrl() {
    if (settings_.recursive) {
      return ReportUsageError("cp: -r cannot list an http(s) URL");
    }
    if (!settings_.version_id.empty()) {
      return ReportUsageError(
          "cp: --version-id needs oss://bucket/key (a URL names its version "
          "itself)");
    }
    if (settings_.traffic_limit_bits_per_second != 0) {
      return ReportUsageError(
          "cp: --traffic-limit is an OSS request header and needs "
          "oss://bucket/key; use --limit-rate for a URL");
    }
    std::string_view path = arguments_.source;
    path = path.substr(0, path.find_first_of("?#"));
    std::string name = BaseName(path);
    if (std::optional<std::string> decoded = util::UriDecode(name)) {
      name = *decoded;
    }
    if (name.find('/') != std::string::npos) name.clear();
    Result<std::filesystem::path> target =
        DownloadTarget(arguments_.destination, name);
    if (!target.ok())
      return ReportUsageError("cp: " + target.status().message());
    return Finish(RunUrlDownload(
        context_, arguments_.source,
        MakeDownloadRequest(settings_, "", "", std::move(*target))));
  }

  ExitCode DownloadObject() {
    Result<StoreUrl> url = ParseStoreUrl(arguments_.source);
    if (!url.ok()) return ReportUsageError("cp: " + url.status().message());
    if (settings_.recursive) {
      return AfterRecursive(CopyPrefixToDirectory(
          context_, settings_, *url, arguments_.destination, output_));
    }
    if (url->key.empty() || url->key.ends_with('/')) {
      return ReportUsageError(fmt::format(
          "cp: {} names a prefix, not an object: add -r to copy everything "
          "under it",
          arguments_.source));
    }
    Result<std::filesystem::path> target =
        DownloadTarget(arguments_.destination, BaseName(url->key));
    if (!target.ok())
      return ReportUsageError("cp: " + target.status().message());
    return Finish(RunDownload(context_,
                              MakeDownloadRequest(settings_, url->bucket,
                                                  url->key, std::move(*target)),
                              FormatStoreUrl(*url)));
  }

  ExitCode Upload() {
    Result<StoreUrl> url = ParseStoreUrl(arguments_.destination);
    if (!url.ok()) return ReportUsageError("cp: " + url.status().message());
    const std::filesystem::path source = arguments_.source;
    std::error_code error;
    const std::filesystem::file_status status =
        std::filesystem::status(source, error);
    if (!std::filesystem::exists(status)) {
      return ReportError(
          "cp", Status::NotFound(fmt::format("{}: no such file or directory",
                                             arguments_.source)));
    }
    if (std::filesystem::is_directory(status)) {
      if (!settings_.recursive) {
        return ReportUsageError(fmt::format(
            "cp: {} is a directory: add -r to upload everything in it",
            arguments_.source));
      }
      return AfterRecursive(
          CopyDirectoryToPrefix(context_, settings_, source, *url, output_));
    }
    if (settings_.recursive) {
      return ReportUsageError(
          fmt::format("cp: -r needs a directory to upload; {} is a file",
                      arguments_.source));
    }
    StoreUrl target = *url;
    if (target.key.empty() || target.key.ends_with('/')) {
      target.key += source.filename().string();
    }
    return Finish(RunUpload(
        context_,
        MakeUploadRequest(settings_, source, target.bucket, target.key),
        FormatStoreUrl(target)));
  }

  ExitCode CopyObjects() {
    Result<StoreUrl> from = ParseStoreUrl(arguments_.source);
    if (!from.ok()) return ReportUsageError("cp: " + from.status().message());
    Result<StoreUrl> to = ParseStoreUrl(arguments_.destination);
    if (!to.ok()) return ReportUsageError("cp: " + to.status().message());
    if (settings_.recursive) {
      if (!settings_.version_id.empty()) {
        return ReportUsageError(
            "cp: --version-id names one object's version; leave it out with "
            "-r");
      }
      return AfterRecursive(
          CopyPrefixToPrefix(context_, settings_, *from, *to, output_));
    }
    if (from->key.empty() || from->key.ends_with('/')) {
      return ReportUsageError(fmt::format(
          "cp: {} names a prefix, not an object: add -r to copy everything "
          "under it",
          arguments_.source));
    }
    StoreUrl target = *to;
    if (target.key.empty() || target.key.ends_with('/')) {
      target.key += BaseName(from->key);
    }
    if (target.bucket == from->bucket && target.key == from->key &&
        settings_.version_id.empty()) {
      return ReportUsageError(fmt::format(
          "cp: {} is both the source and the destination; to change its "
          "metadata, use a copy to another key",
          arguments_.source));
    }
    return Finish(RunCopy(context_,
                          MakeCopyRequest(settings_, from->bucket, from->key,
                                          target.bucket, target.key),
                          FormatStoreUrl(*from), FormatStoreUrl(target)));
  }

  // Interrupted: say what was kept and the command that resumes.
  ExitCode ReportInterrupted() {
    if (settings_.checkpoint && !settings_.discard_on_cancel) {
      output_.Error(
          fmt::format("ossxfer: interrupted; {} kept. Resume with:\n  {}",
                      settings_.recursive ? "each file's checkpoint is"
                                          : "the checkpoint is",
                      ShellCommandLine(global_.argv)));
    } else {
      output_.Error(
          "ossxfer: interrupted; nothing was kept (--no-checkpoint "
          "or --discard-on-cancel)");
    }
    return kExitInterrupted;
  }

  ExitCode AfterRecursive(ExitCode code) {
    return code == kExitInterrupted ? ReportInterrupted() : code;
  }

  ExitCode Finish(const TransferOutcome& outcome) {
    output_.Report(outcome);
    if (outcome.state != TransferOutcome::State::kFailed) return kExitOk;
    if (Interrupted() || outcome.error.code() == StatusCode::kCancelled) {
      return ReportInterrupted();
    }
    output_.Error(
        "ossxfer: error: " +
        ErrorLine(fmt::format("cp {} {}", outcome.source, outcome.destination),
                  outcome.error));
    return ExitCodeFor(outcome.error);
  }

  const GlobalFlags& global_;
  const CpArguments& arguments_;
  CommandOutput output_;
  TransferSettings settings_;
  std::unique_ptr<Client> client_;
  TransferContext context_;
};

}  // namespace

void AddCpCommand(CLI::App& app, GlobalFlags& global, int* exit_code) {
  auto arguments = std::make_shared<CpArguments>();
  CLI::App* cp = app.add_subcommand(
      "cp",
      "Copy between OSS and local files (download, upload) or within OSS "
      "(server-side copy); -r for trees");
  cp->add_option("SRC", arguments->source,
                 "oss://bucket/key, an http(s) URL, or a local path")
      ->required();
  cp->add_option("DST", arguments->destination,
                 "A local path (a directory keeps the source's name) or "
                 "oss://bucket/key (ending in / keeps the file's name)")
      ->required();
  AddCpFlags(*cp, arguments->flags);
  cp->footer(
      "Examples:\n"
      "  ossxfer cp oss://bucket/big.iso ./              download (Ctrl-C, "
      "then the same command resumes)\n"
      "  ossxfer cp -j 8 --part-size 16MiB oss://bucket/big.iso big.iso\n"
      "  ossxfer cp report.pdf oss://bucket/docs/ --meta owner=alice "
      "--content-type application/pdf\n"
      "  ossxfer cp -r oss://bucket/photos/ ./photos     every object under "
      "the prefix\n"
      "  ossxfer cp -r ./photos oss://bucket/photos/ --jobs 8\n"
      "  ossxfer cp oss://bucket/big.iso oss://backup/big.iso   server-side "
      "copy (resumable; checkpoint in ~/.local/state/ossxfer/copy)\n"
      "  ossxfer cp -r oss://bucket/photos/ oss://backup/photos/\n"
      "  ossxfer cp 'https://bucket.oss-cn-hangzhou.aliyuncs.com/k?...' k    "
      "a presigned URL\n"
      "  ossxfer cp --range 0-1023 oss://bucket/log.txt head.txt");
  cp->callback([&global, arguments, exit_code] {
    *exit_code = CpCommand(global, *arguments).Run();
  });
}

}  // namespace ossxfer::cli
