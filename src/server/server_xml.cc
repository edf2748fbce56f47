#include "server/server_xml.h"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>

#include "oss/names.h"
#include "server/request_xml.h"
#include "server/store_errors.h"
#include "server/text_excerpt.h"
#include "util/encoding.h"
#include "util/numbers.h"
#include "util/time_format.h"

namespace ossxfer::server {
namespace {

class XmlBuilder {
 public:
  explicit XmlBuilder(const char* root) {
    pugi::xml_node declaration = document_.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    root_ = document_.append_child(root);
  }
  pugi::xml_node root() { return root_; }

  static void Add(pugi::xml_node parent, const char* name,
                  std::string_view value) {
    parent.append_child(name).text().set(std::string(value).c_str());
  }

  std::string ToString() {
    std::ostringstream out;
    document_.save(out, "", pugi::format_raw);
    return out.str();
  }

 private:
  pugi::xml_document document_;
  pugi::xml_node root_;
};

std::string Timestamp(int64_t unix_ms) {
  return util::FormatIso8601Extended(
      util::SystemTime(std::chrono::milliseconds(unix_ms)));
}

// With encoding-type=url, key-like fields are percent-encoded, '/' too.
std::string MaybeEncode(std::string_view value, bool url_encode) {
  return url_encode ? util::UriEncode(value) : std::string(value);
}

Status MalformedXml(std::string what) {
  return OssError(400, "MalformedXML",
                  "The XML you provided was not well-formed or did not "
                  "validate against our "
                  "published schema: " +
                      std::move(what));
}

// The one account serve has, as OSS names an owner.
void AddOwner(pugi::xml_node parent) {
  pugi::xml_node owner = parent.append_child("Owner");
  XmlBuilder::Add(owner, "ID", "ossxfer");
  XmlBuilder::Add(owner, "DisplayName", "ossxfer");
}

}  // namespace

std::string ErrorXml(const ServiceError& error, const XmlFields& extra) {
  XmlBuilder xml("Error");
  XmlBuilder::Add(xml.root(), "Code", error.code);
  XmlBuilder::Add(xml.root(), "Message", error.message);
  XmlBuilder::Add(xml.root(), "RequestId", error.request_id);
  XmlBuilder::Add(xml.root(), "HostId", error.host_id);
  for (const auto& [name, value] : extra)
    XmlBuilder::Add(xml.root(), name.c_str(), value);
  if (!error.ec.empty()) XmlBuilder::Add(xml.root(), "EC", error.ec);
  return xml.ToString();
}

std::string ListBucketsXml(const ListBucketsEcho& echo,
                           const std::vector<BucketInfo>& buckets,
                           bool truncated) {
  XmlBuilder xml("ListAllMyBucketsResult");
  // The paging elements appear when the request pages (as OSS does).
  if (echo.paged) {
    XmlBuilder::Add(xml.root(), "Prefix", echo.prefix);
    XmlBuilder::Add(xml.root(), "Marker", echo.marker);
    XmlBuilder::Add(xml.root(), "MaxKeys", std::to_string(echo.max_keys));
    XmlBuilder::Add(xml.root(), "IsTruncated", truncated ? "true" : "false");
    if (truncated && !buckets.empty()) {
      XmlBuilder::Add(xml.root(), "NextMarker", buckets.back().name);
    }
  }
  AddOwner(xml.root());
  pugi::xml_node list = xml.root().append_child("Buckets");
  for (const BucketInfo& bucket : buckets) {
    pugi::xml_node node = list.append_child("Bucket");
    XmlBuilder::Add(node, "Name", bucket.name);
    XmlBuilder::Add(node, "CreationDate", Timestamp(bucket.created_ms));
    XmlBuilder::Add(node, "Location", "oss-" + echo.region);
    XmlBuilder::Add(node, "Region", echo.region);
    XmlBuilder::Add(node, "StorageClass", "Standard");
  }
  return xml.ToString();
}

std::string ListObjectsXml(const ListObjectsEcho& echo,
                           const ObjectListPage& page) {
  XmlBuilder xml("ListBucketResult");
  pugi::xml_node root = xml.root();
  auto name = [&echo](const std::string& text) {
    return MaybeEncode(text, echo.url_encode);
  };
  XmlBuilder::Add(root, "Name", echo.bucket);
  XmlBuilder::Add(root, "Prefix", name(echo.prefix));
  if (!echo.v2) {
    XmlBuilder::Add(root, "Marker", name(echo.marker));
  } else if (!echo.marker.empty()) {
    XmlBuilder::Add(root, "StartAfter", name(echo.marker));
  }
  if (echo.v2 && !echo.continuation_token.empty()) {
    XmlBuilder::Add(root, "ContinuationToken", echo.continuation_token);
  }
  XmlBuilder::Add(root, "MaxKeys", std::to_string(echo.max_keys));
  XmlBuilder::Add(root, "Delimiter", name(echo.delimiter));
  if (echo.url_encode) XmlBuilder::Add(root, "EncodingType", "url");
  XmlBuilder::Add(root, "IsTruncated", page.is_truncated ? "true" : "false");
  if (echo.v2) {
    XmlBuilder::Add(
        root, "KeyCount",
        std::to_string(page.objects.size() + page.common_prefixes.size()));
  }
  if (page.is_truncated) {
    // The last key or prefix returned: listing resumes strictly after it.
    // v2's token is the same, base64'd so that it is opaque.
    if (echo.v2) {
      XmlBuilder::Add(root, "NextContinuationToken",
                      util::Base64Encode(page.next_marker));
    } else {
      XmlBuilder::Add(root, "NextMarker", name(page.next_marker));
    }
  }
  const bool owner = !echo.v2 || echo.fetch_owner;
  for (const StoredObject& object : page.objects) {
    pugi::xml_node node = root.append_child("Contents");
    XmlBuilder::Add(node, "Key", name(object.key));
    XmlBuilder::Add(node, "LastModified", Timestamp(object.last_modified_ms));
    XmlBuilder::Add(node, "ETag", object.etag);
    XmlBuilder::Add(node, "Type", object.object_type);
    XmlBuilder::Add(node, "Size", std::to_string(object.size));
    XmlBuilder::Add(node, "StorageClass",
                    object.attributes.storage_class.empty()
                        ? "Standard"
                        : object.attributes.storage_class);
    if (owner) AddOwner(node);
  }
  for (const std::string& prefix : page.common_prefixes) {
    XmlBuilder::Add(root.append_child("CommonPrefixes"), "Prefix",
                    name(prefix));
  }
  return xml.ToString();
}

std::string ListVersionsXml(const ListVersionsEcho& echo,
                            const VersionListPage& page) {
  XmlBuilder xml("ListVersionsResult");
  pugi::xml_node root = xml.root();
  auto name = [&echo](const std::string& text) {
    return MaybeEncode(text, echo.url_encode);
  };
  XmlBuilder::Add(root, "Name", echo.bucket);
  XmlBuilder::Add(root, "Prefix", name(echo.prefix));
  XmlBuilder::Add(root, "KeyMarker", name(echo.key_marker));
  XmlBuilder::Add(root, "VersionIdMarker", echo.version_id_marker);
  XmlBuilder::Add(root, "MaxKeys", std::to_string(echo.max_keys));
  XmlBuilder::Add(root, "Delimiter", name(echo.delimiter));
  if (echo.url_encode) XmlBuilder::Add(root, "EncodingType", "url");
  XmlBuilder::Add(root, "IsTruncated", page.is_truncated ? "true" : "false");
  if (page.is_truncated) {
    XmlBuilder::Add(root, "NextKeyMarker", name(page.next_key_marker));
    XmlBuilder::Add(root, "NextVersionIdMarker", page.next_version_id_marker);
  }
  // Versions and delete markers interleaved in listing order (§10.5).
  for (const StoredObject& version : page.versions) {
    pugi::xml_node node =
        root.append_child(version.delete_marker ? "DeleteMarker" : "Version");
    XmlBuilder::Add(node, "Key", name(version.key));
    XmlBuilder::Add(node, "VersionId", version.version_id);
    XmlBuilder::Add(node, "IsLatest", version.is_latest ? "true" : "false");
    XmlBuilder::Add(node, "LastModified", Timestamp(version.last_modified_ms));
    if (!version.delete_marker) {
      XmlBuilder::Add(node, "ETag", version.etag);
      XmlBuilder::Add(node, "Type", version.object_type);
      XmlBuilder::Add(node, "Size", std::to_string(version.size));
      XmlBuilder::Add(node, "StorageClass",
                      version.attributes.storage_class.empty()
                          ? "Standard"
                          : version.attributes.storage_class);
    }
    AddOwner(node);
  }
  for (const std::string& prefix : page.common_prefixes) {
    XmlBuilder::Add(root.append_child("CommonPrefixes"), "Prefix",
                    name(prefix));
  }
  return xml.ToString();
}

std::string VersioningConfigurationXml(const std::string& status) {
  XmlBuilder xml("VersioningConfiguration");
  if (!status.empty()) XmlBuilder::Add(xml.root(), "Status", status);
  return xml.ToString();
}

Result<std::string> ParseVersioningConfiguration(std::string_view body) {
  pugi::xml_document document;
  Result<pugi::xml_node> root = LoadRequestXml(body, document);
  if (!root.ok()) return MalformedXml(root.status().message());
  if (std::string_view(root->name()) != "VersioningConfiguration") {
    return MalformedXml("the root element must be VersioningConfiguration");
  }
  Result<std::string> status = ElementText(root->child("Status"));
  if (!status.ok()) return MalformedXml(status.status().message());
  if (*status != "Enabled" && *status != "Suspended") {
    return MalformedXml("Status must be Enabled or Suspended, not '" +
                        TextExcerpt(*status) + "'");
  }
  return *status;
}

std::string AccessControlPolicyXml(const std::string& grant) {
  XmlBuilder xml("AccessControlPolicy");
  AddOwner(xml.root());
  XmlBuilder::Add(xml.root().append_child("AccessControlList"), "Grant", grant);
  return xml.ToString();
}

std::string BucketInfoXml(const BucketInfo& bucket, const std::string& region) {
  XmlBuilder xml("BucketInfo");
  pugi::xml_node node = xml.root().append_child("Bucket");
  XmlBuilder::Add(node, "AccessMonitor", "Disabled");
  XmlBuilder::Add(node, "CreationDate", Timestamp(bucket.created_ms));
  XmlBuilder::Add(node, "ExtranetEndpoint", "oss-" + region + ".aliyuncs.com");
  XmlBuilder::Add(node, "IntranetEndpoint",
                  "oss-" + region + "-internal.aliyuncs.com");
  XmlBuilder::Add(node, "Location", "oss-" + region);
  XmlBuilder::Add(node, "StorageClass", "Standard");
  XmlBuilder::Add(node, "TransferAcceleration", "Disabled");
  XmlBuilder::Add(node, "CrossRegionReplication", "Disabled");
  XmlBuilder::Add(node, "DataRedundancyType", "LRS");
  XmlBuilder::Add(node, "Name", bucket.name);
  AddOwner(node);
  XmlBuilder::Add(node.append_child("AccessControlList"), "Grant", bucket.acl);
  XmlBuilder::Add(node.append_child("ServerSideEncryptionRule"), "SSEAlgorithm",
                  "None");
  pugi::xml_node logging = node.append_child("BucketPolicy");
  XmlBuilder::Add(logging, "LogBucket", "");
  XmlBuilder::Add(logging, "LogPrefix", "");
  return xml.ToString();
}

std::string LocationConstraintXml(const std::string& region) {
  XmlBuilder xml("LocationConstraint");
  xml.root().text().set(("oss-" + region).c_str());
  return xml.ToString();
}

std::string CopyResultXml(const char* root, const std::string& etag,
                          int64_t last_modified_ms) {
  XmlBuilder xml(root);
  XmlBuilder::Add(xml.root(), "ETag", etag);
  XmlBuilder::Add(xml.root(), "LastModified", Timestamp(last_modified_ms));
  return xml.ToString();
}

std::string InitiateMultipartUploadXml(const std::string& bucket,
                                       const std::string& key,
                                       const std::string& upload_id,
                                       bool url_encode) {
  XmlBuilder xml("InitiateMultipartUploadResult");
  if (url_encode) XmlBuilder::Add(xml.root(), "EncodingType", "url");
  XmlBuilder::Add(xml.root(), "Bucket", bucket);
  XmlBuilder::Add(xml.root(), "Key", MaybeEncode(key, url_encode));
  XmlBuilder::Add(xml.root(), "UploadId", upload_id);
  return xml.ToString();
}

std::string CompleteMultipartUploadXml(const StoredObject& object,
                                       const std::string& location,
                                       bool url_encode) {
  XmlBuilder xml("CompleteMultipartUploadResult");
  if (url_encode) XmlBuilder::Add(xml.root(), "EncodingType", "url");
  XmlBuilder::Add(xml.root(), "Location", location);
  XmlBuilder::Add(xml.root(), "Bucket", object.bucket);
  XmlBuilder::Add(xml.root(), "Key", MaybeEncode(object.key, url_encode));
  XmlBuilder::Add(xml.root(), "ETag", object.etag);
  // An upload S3 clients gave a checksum algorithm answers with the
  // object's checksum (S3's element names: ChecksumCRC32, ...).
  if (!object.checksum.algorithm.empty()) {
    const std::string element = "Checksum" + object.checksum.algorithm;
    XmlBuilder::Add(xml.root(), element.c_str(), object.checksum.value);
    XmlBuilder::Add(xml.root(), "ChecksumType", object.checksum.type);
  }
  return xml.ToString();
}

std::string ListPartsXml(const ListPartsEcho& echo,
                         const std::vector<StoredPart>& parts, bool truncated) {
  XmlBuilder xml("ListPartsResult");
  pugi::xml_node root = xml.root();
  if (echo.url_encode) XmlBuilder::Add(root, "EncodingType", "url");
  XmlBuilder::Add(root, "Bucket", echo.bucket);
  XmlBuilder::Add(root, "Key", MaybeEncode(echo.key, echo.url_encode));
  XmlBuilder::Add(root, "UploadId", echo.upload_id);
  XmlBuilder::Add(root, "StorageClass", echo.storage_class);
  XmlBuilder::Add(root, "PartNumberMarker",
                  std::to_string(echo.part_number_marker));
  XmlBuilder::Add(root, "NextPartNumberMarker",
                  std::to_string(parts.empty() ? echo.part_number_marker
                                               : parts.back().part_number));
  XmlBuilder::Add(root, "MaxParts", std::to_string(echo.max_parts));
  XmlBuilder::Add(root, "IsTruncated", truncated ? "true" : "false");
  for (const StoredPart& part : parts) {
    pugi::xml_node node = root.append_child("Part");
    XmlBuilder::Add(node, "PartNumber", std::to_string(part.part_number));
    XmlBuilder::Add(node, "LastModified", Timestamp(part.last_modified_ms));
    XmlBuilder::Add(node, "ETag", part.etag);
    XmlBuilder::Add(node, "HashCrc64ecma", std::to_string(part.crc64));
    XmlBuilder::Add(node, "Size", std::to_string(part.size));
  }
  return xml.ToString();
}

std::string ListMultipartUploadsXml(const ListUploadsEcho& echo,
                                    const UploadListPage& page) {
  XmlBuilder xml("ListMultipartUploadsResult");
  pugi::xml_node root = xml.root();
  if (echo.url_encode) XmlBuilder::Add(root, "EncodingType", "url");
  XmlBuilder::Add(root, "Bucket", echo.bucket);
  XmlBuilder::Add(root, "KeyMarker",
                  MaybeEncode(echo.key_marker, echo.url_encode));
  XmlBuilder::Add(root, "UploadIdMarker", echo.upload_id_marker);
  XmlBuilder::Add(root, "NextKeyMarker",
                  MaybeEncode(page.next_key_marker, echo.url_encode));
  XmlBuilder::Add(root, "NextUploadIdMarker", page.next_upload_id_marker);
  XmlBuilder::Add(root, "Delimiter",
                  MaybeEncode(echo.delimiter, echo.url_encode));
  XmlBuilder::Add(root, "Prefix", MaybeEncode(echo.prefix, echo.url_encode));
  XmlBuilder::Add(root, "MaxUploads", std::to_string(echo.max_uploads));
  XmlBuilder::Add(root, "IsTruncated", page.is_truncated ? "true" : "false");
  for (const UploadInfo& upload : page.uploads) {
    pugi::xml_node node = root.append_child("Upload");
    XmlBuilder::Add(node, "Key", MaybeEncode(upload.key, echo.url_encode));
    XmlBuilder::Add(node, "UploadId", upload.upload_id);
    XmlBuilder::Add(node, "Initiated", Timestamp(upload.initiated_ms));
  }
  for (const std::string& prefix : page.common_prefixes) {
    XmlBuilder::Add(root.append_child("CommonPrefixes"), "Prefix",
                    MaybeEncode(prefix, echo.url_encode));
  }
  return xml.ToString();
}

Result<std::vector<CompletedPart>> ParseCompleteMultipartUploadBody(
    std::string_view xml, std::map<int, std::string>* checksums) {
  pugi::xml_document document;
  Result<pugi::xml_node> root = LoadRequestXml(xml, document);
  if (!root.ok()) return MalformedXml(root.status().message());
  if (std::string_view(root->name()) != "CompleteMultipartUpload")
    return MalformedXml("the root element must be CompleteMultipartUpload");
  std::vector<CompletedPart> parts;
  for (pugi::xml_node part : root->children("Part")) {
    Result<std::string> number_text = ElementText(part.child("PartNumber"));
    Result<std::string> etag = ElementText(part.child("ETag"));
    if (!number_text.ok()) return MalformedXml(number_text.status().message());
    if (!etag.ok()) return MalformedXml(etag.status().message());
    std::optional<uint64_t> number = util::ParseUint64(*number_text);
    if (!number || *number < 1 || *number > 10000) {
      return MalformedXml("a Part has no PartNumber from 1 to 10000");
    }
    if (etag->empty()) return MalformedXml("a Part has no ETag");
    parts.push_back(CompletedPart{static_cast<int>(*number), *etag});
    for (pugi::xml_node child : part.children()) {
      const std::string_view name = child.name();
      if (checksums != nullptr && name.starts_with("Checksum") &&
          name != "ChecksumType") {
        (*checksums)[static_cast<int>(*number)] = child.text().get();
      }
    }
  }
  if (parts.empty()) return MalformedXml("no Part elements");
  return parts;
}

Result<DeleteRequestBody> ParseDeleteRequestBody(std::string_view xml) {
  auto malformed = [](std::string_view detail, const char* ec) {
    Status status = MalformedXml(std::string(detail));
    ServiceError error = *status.service_error();
    error.ec = ec;
    return Status::FromServiceError(std::move(error));
  };
  pugi::xml_document document;
  Result<pugi::xml_node> root = LoadRequestXml(xml, document);
  if (!root.ok()) return malformed(root.status().message(), "0016-00000608");
  if (std::string_view(root->name()) != "Delete") {
    return malformed("the root node is not named Delete.", "0016-00000608");
  }
  DeleteRequestBody body;
  Result<std::string> quiet = ElementText(root->child("Quiet"));
  if (!quiet.ok()) return malformed(quiet.status().message(), "0016-00000608");
  if (*quiet == "true") {
    body.quiet = true;
  } else if (!quiet->empty() && *quiet != "false") {
    return malformed("Quiet must be true or false.", "0016-00000608");
  }
  for (pugi::xml_node object : root->children("Object")) {
    if (body.keys.size() == kMaxDeleteKeys) {
      return malformed(
          fmt::format("more than {} objects to delete.", kMaxDeleteKeys),
          "0016-00000609");
    }
    if (object.child("VersionId")) {
      return OssError(
          501, "NotImplemented",
          "ossxfer serve keeps no versions: a VersionId cannot be deleted");
    }
    Result<std::string> key = ElementText(object.child("Key"));
    if (!key.ok()) return malformed(key.status().message(), "0016-00000608");
    Status valid = oss::ValidateObjectKey(*key);
    if (!valid.ok()) {
      return OssError(400, "InvalidObjectName", valid.message());
    }
    body.keys.push_back(std::move(*key));
  }
  if (body.keys.empty())
    return malformed("no Object to delete.", "0016-00000608");
  return body;
}

std::string DeleteResultXml(const DeleteRequestBody& request, bool url_encode) {
  XmlBuilder xml("DeleteResult");
  if (url_encode) XmlBuilder::Add(xml.root(), "EncodingType", "url");
  if (!request.quiet) {
    for (const std::string& key : request.keys) {
      XmlBuilder::Add(xml.root().append_child("Deleted"), "Key",
                      MaybeEncode(key, url_encode));
    }
  }
  return xml.ToString();
}

}  // namespace ossxfer::server
