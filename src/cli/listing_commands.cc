#include "cli/listing_commands.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/byte_size.h"
#include "cli/error_report.h"
#include "cli/filter_flags.h"
#include "cli/listing_pages.h"
#include "cli/remote_command.h"
#include "cli/terminal_text.h"
#include "cli/tree_selection.h"
#include "util/time_format.h"

namespace ossxfer::cli {
namespace {

struct LsArguments {
  std::string url;
  bool recursive = false;
  bool versions = false;
  FilterFlags filter;
};

struct UploadsArguments {
  std::string url;
  std::string upload_id;
  bool all = false;
};

std::string IsoTime(const std::optional<SystemTime>& time) {
  return time ? util::FormatIso8601Extended(*time) : "";
}

Status ListBuckets(const Client& client, bool json) {
  Result<std::vector<BucketSummary>> buckets = client.ListBuckets();
  if (!buckets.ok()) return buckets.status();
  for (const BucketSummary& bucket : *buckets) {
    const std::string url =
        FormatStoreUrl(StoreUrl{client.dialect(), bucket.name, ""});
    if (json) {
      fmt::print(
          "{}\n",
          JsonLine(nlohmann::json({{"type", "bucket"},
                                   {"url", url},
                                   {"created", IsoTime(bucket.creation_date)},
                                   {"location", bucket.location}})));
    } else {
      fmt::print("{}  {}\n", FormatLocalTime(bucket.creation_date),
                 TerminalSafe(url));
    }
  }
  return Status::Ok();
}

// A common prefix of a listing: a DIR line, or a JSON "prefix" line.
void PrintPrefix(const StoreUrl& url, const std::string& prefix, bool json) {
  const std::string name = FormatStoreUrl({url.dialect, url.bucket, prefix});
  if (json) {
    fmt::print("{}\n",
               JsonLine(nlohmann::json({{"type", "prefix"}, {"url", name}})));
  } else {
    fmt::print("{:>19}  {:>10}  {}\n", "", "DIR", TerminalSafe(name));
  }
}

// Objects are filtered by their path below the listed prefix's last '/'
// ("a.jpg" for photos/a.jpg in `ls oss://b/photos/`, "photos/a.jpg" in
// `ls oss://b/photos`); prefix (DIR) lines are not entries and are always
// shown. Left-out objects are counted on stderr; --files-from paths that
// no object matched make the command fail (kNotFound) after listing.
Status ListKeys(const Client& client, const StoreUrl& url, bool recursive,
                bool json, const PathFilter* filter) {
  TreeSelection selection(filter);
  const size_t base =
      url.key.rfind('/') == std::string::npos ? 0 : url.key.rfind('/') + 1;
  ListObjectsV2Request request;
  request.bucket = url.bucket;
  request.prefix = url.key;
  if (!recursive) request.delimiter = "/";
  ListingPages pages(client, std::move(request));
  while (true) {
    Result<std::optional<ListObjectsV2Result>> next = pages.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    const ListObjectsV2Result& page = **next;
    for (const std::string& prefix : page.common_prefixes) {
      PrintPrefix(url, prefix, json);
    }
    for (const ObjectSummary& object : page.objects) {
      if (object.key.size() < base ||
          !selection.Takes(object.key.substr(base), object.size,
                           object.last_modified)) {
        continue;
      }
      const std::string name =
          FormatStoreUrl({url.dialect, url.bucket, object.key});
      if (json) {
        fmt::print("{}\n",
                   JsonLine(nlohmann::json(
                       {{"type", "object"},
                        {"url", name},
                        {"key", object.key},
                        {"size", object.size},
                        {"etag", object.etag},
                        {"last_modified", IsoTime(object.last_modified)},
                        {"storage_class", object.storage_class},
                        {"object_type", object.type}})));
      } else {
        fmt::print("{}  {:>10}  {}\n", FormatLocalTime(object.last_modified),
                   FormatBytes(object.size), TerminalSafe(name));
      }
    }
  }
  std::fflush(stdout);
  if (selection.filtering() && !json) {
    fmt::print(stderr, "ossxfer: {} object(s) left out by the filters\n",
               selection.left_out());
  }
  return selection.MissingAsError(FormatStoreUrl(url));
}

// Every version and delete marker under the prefix, newest first per key:
// a line each, with its version id (a marker says DELETED for its size).
Status ListVersions(const Client& client, const StoreUrl& url, bool recursive,
                    bool json) {
  ListObjectVersionsRequest request;
  request.bucket = url.bucket;
  request.prefix = url.key;
  if (!recursive) request.delimiter = "/";
  while (true) {
    Result<ListObjectVersionsResult> page = client.ListObjectVersions(request);
    if (!page.ok()) return page.status();
    for (const std::string& prefix : page->common_prefixes) {
      PrintPrefix(url, prefix, json);
    }
    for (const ObjectVersionSummary& version : page->versions) {
      const ObjectSummary& object = version.object;
      const std::string name =
          FormatStoreUrl({url.dialect, url.bucket, object.key});
      if (json) {
        nlohmann::json line = {
            {"type", version.delete_marker ? "delete_marker" : "version"},
            {"url", name},
            {"key", object.key},
            {"version_id", version.version_id},
            {"is_latest", version.is_latest},
            {"last_modified", IsoTime(object.last_modified)}};
        if (!version.delete_marker) {
          line["size"] = object.size;
          line["etag"] = object.etag;
        }
        fmt::print("{}\n", JsonLine(line));
      } else {
        fmt::print("{}  {:>10}  {}  {}{}\n",
                   FormatLocalTime(object.last_modified),
                   version.delete_marker ? "DELETED" : FormatBytes(object.size),
                   TerminalSafe(name), TerminalSafe(version.version_id),
                   version.is_latest ? " (latest)" : "");
      }
    }
    if (!page->is_truncated) break;
    request.key_marker = page->next_key_marker;
    request.version_id_marker = page->next_version_id_marker;
  }
  return Status::Ok();
}

// Every unfinished upload under `prefix` (all pages), or of exactly `key`.
Result<std::vector<MultipartUploadSummary>> FindUploads(
    const Client& client, const std::string& bucket, const std::string& prefix,
    bool exact_key) {
  std::vector<MultipartUploadSummary> found;
  ListMultipartUploadsRequest request;
  request.bucket = bucket;
  request.prefix = prefix;
  while (true) {
    Result<ListMultipartUploadsResult> page =
        client.ListMultipartUploads(request);
    if (!page.ok()) return page.status();
    for (MultipartUploadSummary& upload : page->uploads) {
      if (!exact_key || upload.key == prefix) {
        found.push_back(std::move(upload));
      }
    }
    if (!page->is_truncated) break;
    request.key_marker = page->next_key_marker;
    request.upload_id_marker = page->next_upload_id_marker;
  }
  return found;
}

}  // namespace

void AddListingCommands(CLI::App& app, GlobalFlags& global, int* exit_code) {
  auto ls_arguments = std::make_shared<LsArguments>();
  CLI::App* ls = app.add_subcommand(
      "ls", "List buckets, or the objects and prefixes under a prefix");
  ls->add_option("URL", ls_arguments->url,
                 "oss://bucket[/prefix]; none lists your buckets");
  ls->add_flag("-r,--recursive", ls_arguments->recursive,
               "Every key under the prefix, not only the next level");
  ls->add_flag("--versions", ls_arguments->versions,
               "Every version and delete marker (a versioned bucket), with "
               "its version id, newest first per key");
  AddFilterFlags(*ls, ls_arguments->filter);
  ls->footer(
      "Examples:\n"
      "  ossxfer ls                        your buckets (ls s3:// for S3's)\n"
      "  ossxfer ls oss://bucket/photos/   one level (DIR lines are "
      "prefixes)\n"
      "  ossxfer ls -r --json oss://bucket/photos/\n"
      "  ossxfer ls --versions oss://bucket/report.pdf   its versions\n"
      "  ossxfer ls -r --include '*.jpg' --min-size 1MiB oss://bucket/");
  ls->callback([&global, ls_arguments, exit_code] {
    const std::string& url = ls_arguments->url;
    if (url.empty() || url == "oss://" || url == "s3://") {
      Result<Client> client = MakeClient(
          global, url == "s3://" ? StoreDialect::kS3 : StoreDialect::kOss);
      if (!client.ok()) {
        *exit_code = ReportError("ls", client.status());
        return;
      }
      Status listed = ListBuckets(*client, global.json);
      *exit_code = listed.ok() ? kExitOk : ReportError("ls", listed);
      return;
    }
    if (ls_arguments->filter.given() && ls_arguments->versions) {
      *exit_code = ReportUsageError(
          "ls: the filters choose objects, not versions: leave them out "
          "with --versions");
      return;
    }
    Result<std::shared_ptr<const PathFilter>> filter = CheckFilterFlags(
        ls_arguments->filter, std::chrono::system_clock::now());
    if (!filter.ok()) {
      *exit_code = ReportError("ls", filter.status());
      return;
    }
    *exit_code = RunRemoteCommand(
        global, "ls", url, [&](const Client& client, const StoreUrl& parsed) {
          return ls_arguments->versions
                     ? ListVersions(client, parsed, ls_arguments->recursive,
                                    global.json)
                     : ListKeys(client, parsed, ls_arguments->recursive,
                                global.json, filter->get());
        });
  });

  CLI::App* uploads = app.add_subcommand(
      "uploads", "See and clean up unfinished multipart uploads");
  uploads->require_subcommand(1);
  auto list_arguments = std::make_shared<UploadsArguments>();
  CLI::App* list = uploads->add_subcommand(
      "ls", "List unfinished multipart uploads (their parts are billed)");
  list->add_option("URL", list_arguments->url, "oss://bucket[/prefix]")
      ->required();
  list->footer("Example:\n  ossxfer uploads ls oss://bucket/backups/");
  list->callback([&global, list_arguments, exit_code] {
    *exit_code = RunRemoteCommand(
        global, "uploads ls", list_arguments->url,
        [&](const Client& client, const StoreUrl& url) -> Status {
          Result<std::vector<MultipartUploadSummary>> found =
              FindUploads(client, url.bucket, url.key, false);
          if (!found.ok()) return found.status();
          for (const MultipartUploadSummary& upload : *found) {
            const std::string name =
                FormatStoreUrl({url.dialect, url.bucket, upload.key});
            if (global.json) {
              fmt::print("{}\n",
                         JsonLine(nlohmann::json(
                             {{"type", "upload"},
                              {"url", name},
                              {"key", upload.key},
                              {"upload_id", upload.upload_id},
                              {"initiated", IsoTime(upload.initiated)}})));
            } else {
              fmt::print("{}  {}  {}\n", FormatLocalTime(upload.initiated),
                         TerminalSafe(upload.upload_id), TerminalSafe(name));
            }
          }
          return Status::Ok();
        });
  });

  auto abort_arguments = std::make_shared<UploadsArguments>();
  CLI::App* abort = uploads->add_subcommand(
      "abort", "Abort unfinished multipart uploads and free their parts");
  abort
      ->add_option("URL", abort_arguments->url,
                   "oss://bucket/key (its uploads), or oss://bucket[/prefix/] "
                   "with --all")
      ->required();
  abort->add_option("--upload-id", abort_arguments->upload_id,
                    "Only this upload");
  abort->add_flag("--all", abort_arguments->all,
                  "Every upload under the prefix (or in the bucket)");
  abort->footer(
      "Examples:\n"
      "  ossxfer uploads abort oss://bucket/big.iso\n"
      "  ossxfer uploads abort oss://bucket/big.iso --upload-id 0004B9...\n"
      "  ossxfer uploads abort --all oss://bucket/backups/\n"
      "A transfer whose upload was aborted starts over when run again.");
  abort->callback([&global, abort_arguments, exit_code] {
    const UploadsArguments& arguments = *abort_arguments;
    *exit_code = RunRemoteCommand(
        global, "uploads abort", arguments.url,
        [&](const Client& client, const StoreUrl& url) -> Status {
          const bool names_prefix = url.key.empty() || url.key.ends_with('/');
          if (names_prefix && !arguments.all) {
            return Status::InvalidArgument(fmt::format(
                "{} names a prefix: add --all to abort every upload under it",
                arguments.url));
          }
          std::vector<MultipartUploadSummary> targets;
          if (!arguments.upload_id.empty()) {
            if (names_prefix) {
              return Status::InvalidArgument(
                  "--upload-id needs the object's key: oss://bucket/key");
            }
            targets.push_back({url.key, arguments.upload_id, std::nullopt});
          } else {
            Result<std::vector<MultipartUploadSummary>> found =
                FindUploads(client, url.bucket, url.key, !names_prefix);
            if (!found.ok()) return found.status();
            if (found->empty()) {
              return Status::NotFound(fmt::format(
                  "no unfinished multipart upload under {}", arguments.url));
            }
            targets = std::move(*found);
          }
          for (const MultipartUploadSummary& upload : targets) {
            AbortMultipartUploadRequest request;
            request.bucket = url.bucket;
            request.key = upload.key;
            request.upload_id = upload.upload_id;
            Status aborted = client.AbortMultipartUpload(request);
            if (!aborted.ok()) return aborted;
            if (global.json) {
              fmt::print(
                  "{}\n",
                  JsonLine(nlohmann::json(
                      {{"aborted",
                        FormatStoreUrl({url.dialect, url.bucket, upload.key})},
                       {"upload_id", upload.upload_id}})));
            } else if (!global.quiet) {
              fmt::print("aborted {} (upload {})\n",
                         TerminalSafe(FormatStoreUrl(
                             {url.dialect, url.bucket, upload.key})),
                         TerminalSafe(upload.upload_id));
            }
          }
          return Status::Ok();
        });
  });
}

}  // namespace ossxfer::cli
