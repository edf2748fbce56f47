// What `ossxfer stat` says about an object: its metadata (HeadObject), its
// ACL (GetObjectAcl) and its tags (GetObjectTagging), as text or JSON.
#ifndef OSSXFER_CLI_OBJECT_REPORT_H_
#define OSSXFER_CLI_OBJECT_REPORT_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/store_url.h"
#include "ossxfer/client.h"

namespace ossxfer::cli {

struct ObjectReport {
  ObjectMetadata metadata;
  // nullopt: unknown, because the server does not implement ?acl or
  // ?tagging (other OSS-compatible servers answer NotImplemented).
  std::optional<std::string> acl;
  std::optional<std::vector<ObjectTag>> tags;
};

// Reads the three. Any error but a NotImplemented answer to ?acl or
// ?tagging fails the report: a missing object, no access, a network error.
Result<ObjectReport> ReadObjectReport(const Client& client,
                                      const StoreUrl& url);

// One JSON object: the metadata fields, "acl" (a string, or null when
// unknown) and "tags" (an object of key: value, or null when unknown).
nlohmann::json ObjectReportJson(const StoreUrl& url,
                                const ObjectReport& report);

// The URL, then one aligned "Name  value" row per field that has a value;
// ACL and Tags always have one ("unknown" when unknown, "none" for no
// tags; tags in their x-oss-tagging form, k1=v1&k2=v2, URL-encoded so that
// no key or value is ambiguous).
void PrintObjectReport(const StoreUrl& url, const ObjectReport& report);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_OBJECT_REPORT_H_
