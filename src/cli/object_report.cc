#include "cli/object_report.h"

#include <fmt/format.h>

#include <utility>

#include "cli/byte_size.h"
#include "cli/checksum_json.h"
#include "cli/remote_command.h"
#include "cli/terminal_text.h"
#include "util/time_format.h"

namespace ossxfer::cli {
namespace {

// The answer of a server without the sub-resource: OSS-compatible servers
// say NotImplemented, as a 501 (or a 400, as `ossxfer serve
// --not-implemented-status 400` does).
bool IsNotImplemented(const Status& status) {
  const ServiceError* error = status.service_error();
  return error != nullptr &&
         (error->code == "NotImplemented" || error->http_status == 501);
}

}  // namespace

Result<ObjectReport> ReadObjectReport(const Client& client,
                                      const StoreUrl& url) {
  ObjectReport report;
  Result<ObjectMetadata> metadata =
      client.HeadObject({.bucket = url.bucket, .key = url.key});
  if (!metadata.ok()) return metadata.status();
  report.metadata = std::move(*metadata);
  // A server without ?acl or ?tagging leaves that part unknown. S3's ACL
  // is a list of grants, not OSS's one canned value: unknown too.
  if (client.dialect() == StoreDialect::kOss) {
    Result<AccessControlPolicy> acl =
        client.GetObjectAcl({.bucket = url.bucket, .key = url.key});
    if (acl.ok()) {
      report.acl = std::move(acl->grant);
    } else if (!IsNotImplemented(acl.status())) {
      return acl.status();
    }
  }
  Result<std::vector<ObjectTag>> tags =
      client.GetObjectTagging({.bucket = url.bucket, .key = url.key});
  if (tags.ok()) {
    report.tags = std::move(*tags);
  } else if (!IsNotImplemented(tags.status())) {
    return tags.status();
  }
  return report;
}

nlohmann::json ObjectReportJson(const StoreUrl& url,
                                const ObjectReport& report) {
  const ObjectMetadata& meta = report.metadata;
  nlohmann::json json = {
      {"url", FormatStoreUrl(url)},
      {"size", meta.size},
      {"etag", meta.etag},
      {"crc64", meta.checksum && meta.checksum->algorithm ==
                                     ChecksumAlgorithm::kCrc64Ecma
                    ? nlohmann::json(std::to_string(meta.checksum->value))
                    : nlohmann::json(nullptr)},
      {"checksum", ChecksumJson(meta.checksum)},
      {"last_modified", meta.last_modified
                            ? util::FormatIso8601Extended(*meta.last_modified)
                            : ""},
      {"content_type", meta.content_type},
      {"storage_class", meta.storage_class},
      {"object_type", meta.object_type},
      {"version_id", meta.version_id},
      {"cache_control", meta.cache_control},
      {"content_disposition", meta.content_disposition},
      {"content_encoding", meta.content_encoding},
      {"expires", meta.expires},
      {"restore", meta.restore},
      {"user_metadata", meta.user_metadata}};
  json["acl"] = report.acl ? nlohmann::json(*report.acl) : nullptr;
  if (report.tags) {
    json["tags"] = nlohmann::json::object();
    for (const ObjectTag& tag : *report.tags) json["tags"][tag.key] = tag.value;
  } else {
    json["tags"] = nullptr;
  }
  return json;
}

void PrintObjectReport(const StoreUrl& url, const ObjectReport& report) {
  const ObjectMetadata& meta = report.metadata;
  fmt::print("{}\n", TerminalSafe(FormatStoreUrl(url)));
  auto row = [](std::string_view name, const std::string& value) {
    if (!value.empty()) fmt::print("  {:<21}{}\n", name, TerminalSafe(value));
  };
  row("Size", fmt::format("{} ({})", meta.size, FormatBytes(meta.size)));
  row("ETag", meta.etag);
  if (meta.checksum) {
    row(ChecksumAlgorithmLabel(meta.checksum->algorithm),
        std::to_string(meta.checksum->value));
  }
  row("Last-Modified", FormatLocalTime(meta.last_modified));
  row("Content-Type", meta.content_type);
  row("Storage class", meta.storage_class);
  row("Object type", meta.object_type);
  row("Version id", meta.version_id);
  row("ACL", report.acl.value_or("unknown"));
  if (!report.tags) {
    row("Tags", "unknown");
  } else {
    row("Tags", report.tags->empty() ? std::string("none")
                                     : TaggingHeaderValue(*report.tags));
  }
  row("Cache-Control", meta.cache_control);
  row("Content-Disposition", meta.content_disposition);
  row("Content-Encoding", meta.content_encoding);
  row("Expires", meta.expires);
  row("Restore", meta.restore);
  for (const auto& [name, value] : meta.user_metadata) {
    row("x-oss-meta-" + name, value);
  }
}

}  // namespace ossxfer::cli
