#include "cli/remove_prefix.h"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/listing_pages.h"
#include "cli/terminal_text.h"
#include "cli/tree_selection.h"
#include "ossxfer/listing.h"

namespace ossxfer::cli {
namespace {

void ReportKey(const GlobalFlags& global, const StoreUrl& url,
               const std::string& key, bool dry_run) {
  const std::string name = FormatStoreUrl({url.dialect, url.bucket, key});
  if (global.json) {
    fmt::print(
        "{}\n",
        JsonLine(nlohmann::json{{dry_run ? "would_delete" : "deleted", name}}));
  } else if (!global.quiet) {
    fmt::print("{} {}\n", dry_run ? "would delete" : "deleted",
               TerminalSafe(name));
  }
}

}  // namespace

Status RemovePrefix(const Client& client, const StoreUrl& url, bool dry_run,
                    const PathFilter* filter, const GlobalFlags& global) {
  const std::string prefix = AsDirectoryPrefix(url.key);
  TreeSelection selection(filter);
  ListObjectsV2Request list;
  list.bucket = url.bucket;
  list.prefix = prefix;
  list.max_keys = static_cast<int>(kMaxDeleteObjectsKeys);
  ListingPages pages(client, std::move(list));
  uint64_t count = 0;
  Status failure;
  while (failure.ok()) {
    Result<std::optional<ListObjectsV2Result>> page = pages.Next();
    if (!page.ok()) {
      failure = page.status();
      break;
    }
    if (!page->has_value()) break;
    DeleteObjectsRequest batch;
    batch.bucket = url.bucket;
    for (const ObjectSummary& object : (*page)->objects) {
      // The listing is the server's word: a key outside the prefix asked
      // for is never deleted.
      if (object.key.starts_with(prefix) &&
          selection.Takes(object.key.substr(prefix.size()), object.size,
                          object.last_modified)) {
        batch.keys.push_back(object.key);
      }
    }
    if (!batch.keys.empty() && !dry_run) {
      Result<DeleteObjectsResult> deleted = client.DeleteObjects(batch);
      if (!deleted.ok()) {
        failure = deleted.status();
        break;
      }
    }
    for (const std::string& key : batch.keys) {
      ReportKey(global, url, key, dry_run);
    }
    count += batch.keys.size();
  }
  std::fflush(stdout);
  const std::string where = FormatStoreUrl({url.dialect, url.bucket, prefix});
  if (!global.json && !global.quiet) {
    fmt::print(
        stderr, "ossxfer: {} {} object(s) under {}{}\n",
        dry_run ? "would delete" : "deleted", count, TerminalSafe(where),
        selection.filtering()
            ? fmt::format(", {} left out by the filters", selection.left_out())
            : "");
  }
  if (!failure.ok()) return failure;
  return selection.MissingAsError(where);
}

}  // namespace ossxfer::cli
