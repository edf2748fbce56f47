#include "cli/object_commands.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/byte_size.h"
#include "cli/error_report.h"
#include "cli/filter_flags.h"
#include "cli/object_report.h"
#include "cli/remote_command.h"
#include "cli/remove_prefix.h"
#include "cli/terminal_text.h"

namespace ossxfer::cli {
namespace {

Status RequireKey(const StoreUrl& url, std::string_view what) {
  if (!url.key.empty()) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("{} needs {}://bucket/key; {} names a bucket", what,
                  UrlScheme(url.dialect), FormatStoreUrl(url)));
}

Status RequireBucketOnly(const StoreUrl& url, std::string_view what) {
  if (url.key.empty()) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("{} takes a bucket ({}), not a key", what,
                  FormatStoreUrl({url.dialect, url.bucket, ""})));
}

struct UrlArgument {
  std::string url;
};

struct PresignArguments {
  std::string url;
  std::string expires = "1h";
  std::string method = "GET";
  std::string content_type;
  std::string version_id;
};

CLI::App* AddUrlCommand(CLI::App& app, const char* name,
                        const char* description, UrlArgument& argument,
                        const char* url_help) {
  CLI::App* command = app.add_subcommand(name, description);
  command->add_option("URL", argument.url, url_help)->required();
  return command;
}

// mb and rb: a bucket URL in, one Client call, "<done> bucket oss://b" out.
void AddBucketCommand(CLI::App& app, const GlobalFlags& global, int* exit_code,
                      const char* name, const char* description,
                      const char* footer, const char* done,
                      Status (Client::*action)(const std::string&) const) {
  auto argument = std::make_shared<UrlArgument>();
  CLI::App* command =
      AddUrlCommand(app, name, description, *argument, "oss://bucket");
  command->footer(footer);
  command->callback([&global, argument, exit_code, name, done, action] {
    *exit_code = RunRemoteCommand(
        global, name, argument->url,
        [&](const Client& client, const StoreUrl& url) -> Status {
          Status bucket_only = RequireBucketOnly(url, name);
          if (!bucket_only.ok()) return bucket_only;
          Status status = (client.*action)(url.bucket);
          if (status.ok() && !global.quiet) {
            fmt::print("{} bucket {}\n", done, FormatStoreUrl(url));
          }
          return status;
        });
  });
}

}  // namespace

void AddObjectCommands(CLI::App& app, GlobalFlags& global, int* exit_code) {
  auto stat_url = std::make_shared<UrlArgument>();
  CLI::App* stat = AddUrlCommand(app, "stat",
                                 "Show an object's size, ETag, CRC64, "
                                 "metadata, ACL and tags",
                                 *stat_url, "oss://bucket/key");
  stat->footer(
      "Examples:\n"
      "  ossxfer stat oss://bucket/big.iso\n"
      "  ossxfer stat --json oss://bucket/big.iso | jq .crc64\n"
      "  ossxfer stat --json oss://bucket/big.iso | jq .tags\n"
      "ACL and tags show \"unknown\" (null in --json) where the server "
      "does not implement them.");
  stat->callback([&global, stat_url, exit_code] {
    *exit_code = RunRemoteCommand(
        global, "stat", stat_url->url,
        [&](const Client& client, const StoreUrl& url) -> Status {
          Status key = RequireKey(url, "stat");
          if (!key.ok()) return key;
          Result<ObjectReport> report = ReadObjectReport(client, url);
          if (!report.ok()) return report.status();
          if (global.json) {
            fmt::print("{}\n", JsonLine(ObjectReportJson(url, *report)));
          } else {
            PrintObjectReport(url, *report);
          }
          return Status::Ok();
        });
  });

  struct RmFlags {
    UrlArgument url;
    bool recursive = false;
    bool dry_run = false;
    FilterFlags filter;
  };
  auto rm_flags = std::make_shared<RmFlags>();
  CLI::App* rm =
      AddUrlCommand(app, "rm", "Delete an object, or with -r a prefix",
                    rm_flags->url, "oss://bucket/key");
  rm->add_flag("-r,--recursive", rm_flags->recursive,
               "Delete every object under the prefix (in batches of 1000)");
  rm->add_flag("--dry-run", rm_flags->dry_run,
               "Print what would be deleted and delete nothing");
  AddFilterFlags(*rm, rm_flags->filter);
  rm->footer(
      "Examples:\n  ossxfer rm oss://bucket/old/report.pdf\n"
      "  ossxfer rm -r --dry-run oss://bucket/old/\n"
      "  ossxfer rm -r oss://bucket/old/\n"
      "  ossxfer rm -r --include '*.tmp' --min-age 7d oss://bucket/work/");
  rm->callback([&global, rm_flags, exit_code] {
    if (rm_flags->filter.given() && !rm_flags->recursive) {
      *exit_code = ReportUsageError(
          "rm: --include, --exclude, --files-from and the size and age "
          "limits choose objects under a prefix: use them with -r");
      return;
    }
    Result<std::shared_ptr<const PathFilter>> filter =
        CheckFilterFlags(rm_flags->filter, std::chrono::system_clock::now());
    if (!filter.ok()) {
      *exit_code = ReportError("rm", filter.status());
      return;
    }
    *exit_code = RunRemoteCommand(
        global, "rm", rm_flags->url.url,
        [&](const Client& client, const StoreUrl& url) -> Status {
          if (rm_flags->recursive) {
            return RemovePrefix(client, url, rm_flags->dry_run, filter->get(),
                                global);
          }
          Status key = RequireKey(url, "rm");
          if (!key.ok()) return key;
          // OSS answers 204 for a missing key too: look first, so a typo
          // is reported instead of "deleted".
          HeadObjectRequest head;
          head.bucket = url.bucket;
          head.key = url.key;
          Result<ObjectMetadata> meta = client.HeadObject(head);
          if (!meta.ok()) return meta.status();
          if (!rm_flags->dry_run) {
            DeleteObjectRequest request;
            request.bucket = url.bucket;
            request.key = url.key;
            Status deleted = client.DeleteObject(request);
            if (!deleted.ok()) return deleted;
          }
          const char* done = rm_flags->dry_run ? "would_delete" : "deleted";
          if (global.json) {
            fmt::print("{}\n",
                       JsonLine(nlohmann::json({{done, FormatStoreUrl(url)}})));
          } else if (!global.quiet) {
            fmt::print("{} {}\n",
                       rm_flags->dry_run ? "would delete" : "deleted",
                       TerminalSafe(FormatStoreUrl(url)));
          }
          return Status::Ok();
        });
  });

  AddBucketCommand(app, global, exit_code, "mb", "Make a bucket",
                   "Example:\n  ossxfer mb oss://my-new-bucket", "made",
                   &Client::CreateBucket);
  AddBucketCommand(
      app, global, exit_code, "rb", "Remove an empty bucket",
      "Example:\n  ossxfer rb oss://old-bucket\n"
      "A bucket must be empty: no objects (ossxfer ls -r) and no unfinished "
      "uploads (ossxfer uploads ls).",
      "removed", &Client::DeleteBucket);

  auto presign_arguments = std::make_shared<PresignArguments>();
  CLI::App* presign = app.add_subcommand(
      "presign", "Print a URL that grants access to one object for a while");
  presign->add_option("URL", presign_arguments->url, "oss://bucket/key")
      ->required();
  presign->add_option("--expires", presign_arguments->expires,
                      "How long the URL works: 90s, 30m, 1h, 7d (at most 7 "
                      "days; default 1h)");
  presign
      ->add_option("--method", presign_arguments->method,
                   "GET to download (default), PUT to upload")
      ->check(CLI::IsMember({"GET", "PUT", "HEAD", "DELETE"}));
  presign->add_option("--content-type", presign_arguments->content_type,
                      "For PUT: the Content-Type the uploader must send");
  presign->add_option("--version-id", presign_arguments->version_id,
                      "A version of the object");
  presign->footer(
      "Examples:\n"
      "  ossxfer presign oss://bucket/big.iso --expires 1h\n"
      "  ossxfer cp \"$(ossxfer presign oss://bucket/big.iso)\" big.iso\n"
      "  curl -T file \"$(ossxfer presign --method PUT oss://bucket/k)\"");
  presign->callback([&global, presign_arguments, exit_code] {
    const PresignArguments& arguments = *presign_arguments;
    Result<std::chrono::seconds> expires = ParseDuration(arguments.expires);
    if (!expires.ok()) {
      *exit_code =
          ReportUsageError("presign: --expires: " + expires.status().message());
      return;
    }
    *exit_code = RunRemoteCommand(
        global, "presign", arguments.url,
        [&](const Client& client, const StoreUrl& url) -> Status {
          Status key = RequireKey(url, "presign");
          if (!key.ok()) return key;
          PresignRequest request;
          request.method = arguments.method;
          request.bucket = url.bucket;
          request.key = url.key;
          request.version_id = arguments.version_id;
          request.expires = *expires;
          if (!arguments.content_type.empty()) {
            request.headers.emplace_back("Content-Type",
                                         arguments.content_type);
          }
          Result<std::string> signed_url = client.PresignUrl(request);
          if (!signed_url.ok()) return signed_url.status();
          if (global.json) {
            fmt::print("{}\n",
                       JsonLine(nlohmann::json(
                           {{"url", *signed_url},
                            {"method", arguments.method},
                            {"expires_in_seconds", expires->count()}})));
          } else {
            fmt::print("{}\n", *signed_url);
          }
          return Status::Ok();
        });
  });
}

}  // namespace ossxfer::cli
