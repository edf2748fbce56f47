#include "oss/xml_responses.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oss/xml_text.h"
#include "util/encoding.h"
#include "util/status_macros.h"
#include "util/time_format.h"

namespace ossxfer::oss {
namespace {

constexpr uint64_t kMaxPartNumber = 10000;

// Server text quoted in an error message: short, and printable so that a
// binary body cannot garble a terminal or a log line.
std::string Excerpt(std::string_view text) {
  constexpr size_t kMaxLength = 64;
  std::string out;
  for (char c : text.substr(0, kMaxLength)) {
    out.push_back(c >= 0x20 && c < 0x7F ? c : '.');
  }
  if (text.size() > kMaxLength) out += "...";
  return out;
}

// util::ParseIso8601Extended overflows a signed integer (undefined
// behaviour) on years that system_clock cannot hold: with nanosecond ticks
// that is outside 1678..2261. Such times are refused before it sees them.
bool HasRepresentableYear(std::string_view text) {
  constexpr size_t kYearDigits = 4;
  if (text.size() <= kYearDigits || text[kYearDigits] != '-') return false;
  unsigned year = 0;
  const char* end = text.data() + kYearDigits;
  auto [ptr, error] = std::from_chars(text.data(), end, year);
  return error == std::errc() && ptr == end && year >= 1678 && year <= 2261;
}

// Reads the elements of one response document and words its errors as
// "malformed <RootName>: ...". Holds the document so that the nodes handed
// out stay valid while the response is read.
class ResponseReader {
 public:
  // `moto_root_name`: the name moto 5 gives the same root ("...Response"
  // for "...Result", s3-protocol.md §3.13 and §3.15), also accepted.
  explicit ResponseReader(std::string_view root_name,
                          std::string_view moto_root_name = {})
      : root_name_(root_name), moto_root_name_(moto_root_name) {}

  // Parses `xml` and checks the root element and <EncodingType>.
  Status Load(std::string_view xml) {
    // parse_ws_pcdata_single keeps a value made only of spaces (the key
    // " " is legal) while still dropping the indentation between elements.
    pugi::xml_parse_result parsed = document_.load_buffer(
        xml.data(), xml.size(),
        pugi::parse_default | pugi::parse_ws_pcdata_single,
        pugi::encoding_utf8);
    if (!parsed) {
      return Malformed(
          fmt::format("not a well-formed XML document ({} at byte {})",
                      parsed.description(), parsed.offset));
    }
    int element_count = 0;
    for (pugi::xml_node child : document_.children()) {
      if (child.type() == pugi::node_element) ++element_count;
    }
    if (element_count != 1) {
      return Malformed(
          fmt::format("expected one root element, found {}", element_count));
    }
    root_ = document_.document_element();
    if (root_name_ != root_.name() &&
        (moto_root_name_.empty() || moto_root_name_ != root_.name())) {
      return Malformed(
          fmt::format("the root element is <{}>", Excerpt(root_.name())));
    }
    std::string encoding_type = OptionalText(root_, "EncodingType");
    if (encoding_type == "url") {
      url_encoded_ = true;
    } else if (!encoding_type.empty()) {
      // Keys in an unknown encoding would be returned wrong, silently.
      return Malformed(fmt::format("unsupported <EncodingType> \"{}\"",
                                   Excerpt(encoding_type)));
    }
    return Status::Ok();
  }

  pugi::xml_node root() const { return root_; }

  Status Malformed(std::string_view what) const {
    return Status::MalformedResponse(
        fmt::format("malformed {}: {}", root_name_, what));
  }

  // Absent and empty read the same: "".
  std::string OptionalText(pugi::xml_node parent, const char* name) const {
    return ElementText(parent.child(name));
  }

  // A required element must be there and must not be empty: an empty
  // UploadId or ETag is as useless to the caller as a missing one.
  Result<std::string> RequiredText(pugi::xml_node parent,
                                   const char* name) const {
    pugi::xml_node element = parent.child(name);
    if (!element) return Malformed(fmt::format("<{}> is missing", name));
    std::string text = ElementText(element);
    if (text.empty()) return Malformed(fmt::format("<{}> is empty", name));
    return text;
  }

  // Key-like fields are percent-encoded when the response says
  // EncodingType=url. '+' stays '+': OSS encodes a space as %20.
  Result<std::string> Key(std::string text, const char* name) const {
    if (!url_encoded_) return text;
    std::optional<std::string> decoded = util::UriDecode(text);
    if (!decoded) {
      return Malformed(fmt::format("<{}> has a bad percent-escape: \"{}\"",
                                   name, Excerpt(text)));
    }
    return std::move(*decoded);
  }

  Result<std::string> OptionalKey(pugi::xml_node parent,
                                  const char* name) const {
    return Key(OptionalText(parent, name), name);
  }

  Result<std::string> RequiredKey(pugi::xml_node parent,
                                  const char* name) const {
    ASSIGN_OR_RETURN(std::string text, RequiredText(parent, name));
    return Key(std::move(text), name);
  }

  // Decimal digits only: no sign, no spaces, nothing after, at most `max`.
  Result<uint64_t> Number(std::string_view text, const char* name,
                          uint64_t max) const {
    uint64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error == std::errc::invalid_argument || ptr != end) {
      return Malformed(
          fmt::format("<{}> is not a number: \"{}\"", name, Excerpt(text)));
    }
    if (error == std::errc::result_out_of_range || value > max) {
      return Malformed(
          fmt::format("<{}> is out of range: {}", name, Excerpt(text)));
    }
    return value;
  }

  Result<uint64_t> RequiredNumber(
      pugi::xml_node parent, const char* name,
      uint64_t max = std::numeric_limits<uint64_t>::max()) const {
    ASSIGN_OR_RETURN(std::string text, RequiredText(parent, name));
    return Number(text, name, max);
  }

  // Optional scalars (numbers, booleans, times) are nullopt when the
  // element is absent or empty, an error when present but unparsable.
  Result<std::optional<uint64_t>> OptionalNumber(
      pugi::xml_node parent, const char* name,
      uint64_t max = std::numeric_limits<uint64_t>::max()) const {
    std::string text = OptionalText(parent, name);
    if (text.empty()) return std::optional<uint64_t>();
    ASSIGN_OR_RETURN(uint64_t value, Number(text, name, max));
    return std::optional<uint64_t>(value);
  }

  Result<bool> OptionalBool(pugi::xml_node parent, const char* name) const {
    std::string text = OptionalText(parent, name);
    if (text.empty() || text == "false") return false;
    if (text == "true") return true;
    return Malformed(
        fmt::format("<{}> is not true or false: \"{}\"", name, Excerpt(text)));
  }

  Result<std::optional<SystemTime>> OptionalTime(pugi::xml_node parent,
                                                 const char* name) const {
    std::string text = OptionalText(parent, name);
    if (text.empty()) return std::optional<SystemTime>();
    std::optional<SystemTime> time;
    if (HasRepresentableYear(text)) time = util::ParseIso8601Extended(text);
    if (!time) {
      return Malformed(fmt::format("<{}> is not an ISO 8601 time: \"{}\"", name,
                                   Excerpt(text)));
    }
    return time;
  }

  // Collects <Container><Prefix>..</Prefix></Container> entries.
  Result<std::vector<std::string>> CommonPrefixes(pugi::xml_node parent) const {
    std::vector<std::string> prefixes;
    for (pugi::xml_node group : parent.children("CommonPrefixes")) {
      ASSIGN_OR_RETURN(std::string prefix, OptionalKey(group, "Prefix"));
      prefixes.push_back(std::move(prefix));
    }
    return prefixes;
  }

 private:
  std::string_view root_name_;
  std::string_view moto_root_name_;
  pugi::xml_document document_;
  pugi::xml_node root_;
  bool url_encoded_ = false;
};

Result<PartSummary> ReadPart(const ResponseReader& reader,
                             pugi::xml_node element) {
  PartSummary part;
  ASSIGN_OR_RETURN(uint64_t number, reader.RequiredNumber(element, "PartNumber",
                                                          kMaxPartNumber));
  if (number == 0) return reader.Malformed("<PartNumber> is 0");
  part.part_number = static_cast<int>(number);
  ASSIGN_OR_RETURN(part.etag, reader.RequiredText(element, "ETag"));
  ASSIGN_OR_RETURN(part.size, reader.RequiredNumber(element, "Size"));
  // OSS's own element: a CRC-64/ECMA whatever the client's dialect.
  ASSIGN_OR_RETURN(std::optional<uint64_t> crc64,
                   reader.OptionalNumber(element, "HashCrc64ecma"));
  if (crc64) part.checksum = Checksum{ChecksumAlgorithm::kCrc64Ecma, *crc64};
  ASSIGN_OR_RETURN(part.last_modified,
                   reader.OptionalTime(element, "LastModified"));
  return part;
}

Result<MultipartUploadSummary> ReadUpload(const ResponseReader& reader,
                                          pugi::xml_node element) {
  MultipartUploadSummary upload;
  ASSIGN_OR_RETURN(upload.key, reader.RequiredKey(element, "Key"));
  ASSIGN_OR_RETURN(upload.upload_id, reader.RequiredText(element, "UploadId"));
  ASSIGN_OR_RETURN(upload.initiated, reader.OptionalTime(element, "Initiated"));
  return upload;
}

Result<ObjectSummary> ReadObject(const ResponseReader& reader,
                                 pugi::xml_node element) {
  ObjectSummary object;
  ASSIGN_OR_RETURN(object.key, reader.RequiredKey(element, "Key"));
  ASSIGN_OR_RETURN(std::optional<uint64_t> size,
                   reader.OptionalNumber(element, "Size"));
  object.size = size.value_or(0);
  object.etag = reader.OptionalText(element, "ETag");
  ASSIGN_OR_RETURN(object.last_modified,
                   reader.OptionalTime(element, "LastModified"));
  object.storage_class = reader.OptionalText(element, "StorageClass");
  object.type = reader.OptionalText(element, "Type");
  return object;
}

Result<BucketSummary> ReadBucket(const ResponseReader& reader,
                                 pugi::xml_node element) {
  BucketSummary bucket;
  ASSIGN_OR_RETURN(bucket.name, reader.RequiredText(element, "Name"));
  ASSIGN_OR_RETURN(bucket.creation_date,
                   reader.OptionalTime(element, "CreationDate"));
  bucket.location = reader.OptionalText(element, "Location");
  bucket.storage_class = reader.OptionalText(element, "StorageClass");
  return bucket;
}

// Reads every `name` child of `parent` with `read`.
template <typename T, typename ReadFn>
Result<std::vector<T>> ReadAll(const ResponseReader& reader,
                               pugi::xml_node parent, const char* name,
                               ReadFn read) {
  std::vector<T> items;
  for (pugi::xml_node element : parent.children(name)) {
    ASSIGN_OR_RETURN(T item, read(reader, element));
    items.push_back(std::move(item));
  }
  return items;
}

class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string* out) : out_(out) {}
  void write(const void* data, size_t size) override {
    out_->append(static_cast<const char*>(data), size);
  }

 private:
  std::string* out_;
};

// A request body as the SDKs send it: one line, no declaration, and an
// empty element written as <Value></Value> (the form of the protocol's
// Content-MD5 vectors).
std::string RawXml(const pugi::xml_document& document) {
  std::string out;
  StringWriter writer(&out);
  document.save(writer, "",
                pugi::format_raw | pugi::format_no_declaration |
                    pugi::format_no_empty_element_tags,
                pugi::encoding_utf8);
  return out;
}

// CopyObjectResult and CopyPartResult: <ETag> and <LastModified>.
Status ReadCopyResult(const ResponseReader& reader, std::string* etag,
                      std::optional<SystemTime>* last_modified) {
  ASSIGN_OR_RETURN(*etag, reader.RequiredText(reader.root(), "ETag"));
  ASSIGN_OR_RETURN(*last_modified,
                   reader.OptionalTime(reader.root(), "LastModified"));
  return Status::Ok();
}

}  // namespace

Result<InitiateMultipartUploadResult> ParseInitiateMultipartUploadResult(
    std::string_view xml) {
  ResponseReader reader("InitiateMultipartUploadResult");
  RETURN_IF_ERROR(reader.Load(xml));
  pugi::xml_node root = reader.root();
  InitiateMultipartUploadResult result;
  result.bucket = reader.OptionalText(root, "Bucket");
  ASSIGN_OR_RETURN(result.key, reader.OptionalKey(root, "Key"));
  ASSIGN_OR_RETURN(result.upload_id, reader.RequiredText(root, "UploadId"));
  return result;
}

Result<CompleteMultipartUploadResult> ParseCompleteMultipartUploadResult(
    std::string_view xml) {
  ResponseReader reader("CompleteMultipartUploadResult",
                        "CompleteMultipartUploadResponse");
  RETURN_IF_ERROR(reader.Load(xml));
  pugi::xml_node root = reader.root();
  CompleteMultipartUploadResult result;
  result.bucket = reader.OptionalText(root, "Bucket");
  ASSIGN_OR_RETURN(result.key, reader.OptionalKey(root, "Key"));
  result.etag = reader.OptionalText(root, "ETag");
  result.location = reader.OptionalText(root, "Location");
  return result;
}

Result<ListPartsResult> ParseListPartsResult(std::string_view xml) {
  ResponseReader reader("ListPartsResult", "ListPartsResponse");
  RETURN_IF_ERROR(reader.Load(xml));
  pugi::xml_node root = reader.root();
  ListPartsResult result;
  result.bucket = reader.OptionalText(root, "Bucket");
  ASSIGN_OR_RETURN(result.key, reader.OptionalKey(root, "Key"));
  result.upload_id = reader.OptionalText(root, "UploadId");
  ASSIGN_OR_RETURN(result.is_truncated,
                   reader.OptionalBool(root, "IsTruncated"));
  ASSIGN_OR_RETURN(
      std::optional<uint64_t> marker,
      reader.OptionalNumber(root, "NextPartNumberMarker", kMaxPartNumber));
  result.next_part_number_marker = static_cast<int>(marker.value_or(0));
  // Without a marker the caller would ask for the first page again, forever.
  if (result.is_truncated && result.next_part_number_marker == 0) {
    return reader.Malformed(
        "<IsTruncated> is true but <NextPartNumberMarker> is missing");
  }
  ASSIGN_OR_RETURN(result.parts,
                   ReadAll<PartSummary>(reader, root, "Part", ReadPart));
  return result;
}

Result<ListMultipartUploadsResult> ParseListMultipartUploadsResult(
    std::string_view xml) {
  ResponseReader reader("ListMultipartUploadsResult");
  RETURN_IF_ERROR(reader.Load(xml));
  pugi::xml_node root = reader.root();
  ListMultipartUploadsResult result;
  result.bucket = reader.OptionalText(root, "Bucket");
  ASSIGN_OR_RETURN(result.is_truncated,
                   reader.OptionalBool(root, "IsTruncated"));
  ASSIGN_OR_RETURN(result.next_key_marker,
                   reader.OptionalKey(root, "NextKeyMarker"));
  result.next_upload_id_marker =
      reader.OptionalText(root, "NextUploadIdMarker");
  if (result.is_truncated && result.next_key_marker.empty()) {
    return reader.Malformed(
        "<IsTruncated> is true but <NextKeyMarker> is missing");
  }
  ASSIGN_OR_RETURN(result.uploads, ReadAll<MultipartUploadSummary>(
                                       reader, root, "Upload", ReadUpload));
  ASSIGN_OR_RETURN(result.common_prefixes, reader.CommonPrefixes(root));
  return result;
}

Result<ListObjectsV2Result> ParseListObjectsV2Result(std::string_view xml) {
  ResponseReader reader("ListBucketResult");
  RETURN_IF_ERROR(reader.Load(xml));
  pugi::xml_node root = reader.root();
  ListObjectsV2Result result;
  result.bucket = reader.OptionalText(root, "Name");
  ASSIGN_OR_RETURN(result.prefix, reader.OptionalKey(root, "Prefix"));
  ASSIGN_OR_RETURN(result.is_truncated,
                   reader.OptionalBool(root, "IsTruncated"));
  result.next_continuation_token =
      reader.OptionalText(root, "NextContinuationToken");
  if (result.is_truncated && result.next_continuation_token.empty()) {
    return reader.Malformed(
        "<IsTruncated> is true but <NextContinuationToken> is missing");
  }
  ASSIGN_OR_RETURN(result.objects, ReadAll<ObjectSummary>(
                                       reader, root, "Contents", ReadObject));
  ASSIGN_OR_RETURN(result.common_prefixes, reader.CommonPrefixes(root));
  return result;
}

Result<ListObjectVersionsResult> ParseListVersionsResult(std::string_view xml) {
  ResponseReader reader("ListVersionsResult");
  RETURN_IF_ERROR(reader.Load(xml));
  pugi::xml_node root = reader.root();
  ListObjectVersionsResult result;
  result.bucket = reader.OptionalText(root, "Name");
  ASSIGN_OR_RETURN(result.prefix, reader.OptionalKey(root, "Prefix"));
  ASSIGN_OR_RETURN(result.is_truncated,
                   reader.OptionalBool(root, "IsTruncated"));
  ASSIGN_OR_RETURN(result.next_key_marker,
                   reader.OptionalKey(root, "NextKeyMarker"));
  result.next_version_id_marker =
      reader.OptionalText(root, "NextVersionIdMarker");
  if (result.is_truncated && result.next_key_marker.empty()) {
    return reader.Malformed(
        "<IsTruncated> is true but <NextKeyMarker> is missing");
  }
  // Document order is listing order: versions and markers interleave.
  for (pugi::xml_node element : root.children()) {
    const std::string_view name = element.name();
    if (name != "Version" && name != "DeleteMarker") continue;
    ObjectVersionSummary version;
    ASSIGN_OR_RETURN(version.object, ReadObject(reader, element));
    ASSIGN_OR_RETURN(version.version_id,
                     reader.RequiredText(element, "VersionId"));
    ASSIGN_OR_RETURN(version.is_latest,
                     reader.OptionalBool(element, "IsLatest"));
    version.delete_marker = name == "DeleteMarker";
    result.versions.push_back(std::move(version));
  }
  ASSIGN_OR_RETURN(result.common_prefixes, reader.CommonPrefixes(root));
  return result;
}

Result<std::string> ParseVersioningConfiguration(std::string_view xml) {
  ResponseReader reader("VersioningConfiguration");
  RETURN_IF_ERROR(reader.Load(xml));
  std::string status = reader.OptionalText(reader.root(), "Status");
  if (!status.empty() && status != "Enabled" && status != "Suspended") {
    return reader.Malformed("<Status> is neither Enabled nor Suspended");
  }
  return status;
}

std::string BuildVersioningConfigurationXml(const std::string& status) {
  pugi::xml_document document;
  document.append_child("VersioningConfiguration")
      .append_child("Status")
      .text()
      .set(status.c_str());
  return RawXml(document);
}

Result<std::vector<BucketSummary>> ParseListAllMyBucketsResult(
    std::string_view xml) {
  ResponseReader reader("ListAllMyBucketsResult");
  RETURN_IF_ERROR(reader.Load(xml));
  return ReadAll<BucketSummary>(reader, reader.root().child("Buckets"),
                                "Bucket", ReadBucket);
}

std::string BuildCompleteMultipartUploadXml(
    const std::vector<CompletedPart>& parts) {
  pugi::xml_document document;
  pugi::xml_node root = document.append_child("CompleteMultipartUpload");
  for (const CompletedPart& part : parts) {
    pugi::xml_node element = root.append_child("Part");
    element.append_child("PartNumber").text().set(part.part_number);
    element.append_child("ETag").text().set(part.etag.data(), part.etag.size());
  }
  return RawXml(document);
}

Result<DeleteObjectsResult> ParseDeleteResult(std::string_view xml) {
  DeleteObjectsResult result;
  // Quiet mode with nothing to report may answer with no body at all.
  if (xml.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return result;
  }
  ResponseReader reader("DeleteResult");
  RETURN_IF_ERROR(reader.Load(xml));
  for (pugi::xml_node deleted : reader.root().children("Deleted")) {
    ASSIGN_OR_RETURN(std::string key, reader.RequiredText(deleted, "Key"));
    ASSIGN_OR_RETURN(key, reader.Key(std::move(key), "Key"));
    result.deleted.push_back(std::move(key));
  }
  return result;
}

std::string BuildDeleteXml(const DeleteObjectsRequest& request) {
  pugi::xml_document document;
  pugi::xml_node root = document.append_child("Delete");
  root.append_child("Quiet").text().set(request.quiet ? "true" : "false");
  for (const std::string& key : request.keys) {
    root.append_child("Object").append_child("Key").text().set(key.data(),
                                                               key.size());
  }
  return RawXml(document);
}

Result<CopyObjectResult> ParseCopyObjectResult(std::string_view xml) {
  ResponseReader reader("CopyObjectResult");
  RETURN_IF_ERROR(reader.Load(xml));
  CopyObjectResult result;
  RETURN_IF_ERROR(ReadCopyResult(reader, &result.etag, &result.last_modified));
  return result;
}

Result<UploadPartResult> ParseCopyPartResult(std::string_view xml) {
  ResponseReader reader("CopyPartResult");
  RETURN_IF_ERROR(reader.Load(xml));
  UploadPartResult result;
  std::optional<SystemTime> last_modified;
  RETURN_IF_ERROR(ReadCopyResult(reader, &result.etag, &last_modified));
  return result;
}

Result<AccessControlPolicy> ParseAccessControlPolicy(std::string_view xml) {
  ResponseReader reader("AccessControlPolicy");
  RETURN_IF_ERROR(reader.Load(xml));
  pugi::xml_node root = reader.root();
  AccessControlPolicy policy;
  pugi::xml_node list = root.child("AccessControlList");
  if (!list) return reader.Malformed("<AccessControlList> is missing");
  ASSIGN_OR_RETURN(policy.grant, reader.RequiredText(list, "Grant"));
  policy.owner_id = reader.OptionalText(root.child("Owner"), "ID");
  policy.owner_display_name =
      reader.OptionalText(root.child("Owner"), "DisplayName");
  return policy;
}

Result<std::vector<ObjectTag>> ParseTagging(std::string_view xml) {
  ResponseReader reader("Tagging");
  RETURN_IF_ERROR(reader.Load(xml));
  std::vector<ObjectTag> tags;
  for (pugi::xml_node element : reader.root().child("TagSet").children("Tag")) {
    ObjectTag tag;
    ASSIGN_OR_RETURN(tag.key, reader.RequiredText(element, "Key"));
    tag.value = reader.OptionalText(element, "Value");
    for (const ObjectTag& earlier : tags) {
      // A caller keeping the tags in a map would lose one of them silently.
      if (earlier.key == tag.key) {
        return reader.Malformed(
            fmt::format("the tag key \"{}\" is given twice", Excerpt(tag.key)));
      }
    }
    tags.push_back(std::move(tag));
  }
  return tags;
}

std::string BuildTaggingXml(const std::vector<ObjectTag>& tags) {
  pugi::xml_document document;
  pugi::xml_node tag_set =
      document.append_child("Tagging").append_child("TagSet");
  for (const ObjectTag& tag : tags) {
    pugi::xml_node element = tag_set.append_child("Tag");
    element.append_child("Key").text().set(tag.key.data(), tag.key.size());
    element.append_child("Value").text().set(tag.value.data(),
                                             tag.value.size());
  }
  return RawXml(document);
}

Result<BucketInfo> ParseBucketInfo(std::string_view xml) {
  ResponseReader reader("BucketInfo");
  RETURN_IF_ERROR(reader.Load(xml));
  pugi::xml_node bucket = reader.root().child("Bucket");
  if (!bucket) return reader.Malformed("<Bucket> is missing");
  BucketInfo info;
  ASSIGN_OR_RETURN(info.name, reader.RequiredText(bucket, "Name"));
  info.location = reader.OptionalText(bucket, "Location");
  ASSIGN_OR_RETURN(info.creation_date,
                   reader.OptionalTime(bucket, "CreationDate"));
  info.acl = reader.OptionalText(bucket.child("AccessControlList"), "Grant");
  info.storage_class = reader.OptionalText(bucket, "StorageClass");
  return info;
}

Result<std::string> ParseLocationConstraint(std::string_view xml) {
  ResponseReader reader("LocationConstraint");
  RETURN_IF_ERROR(reader.Load(xml));
  std::string location = ElementText(reader.root());
  if (location.empty()) return reader.Malformed("the location is empty");
  return location;
}

}  // namespace ossxfer::oss
