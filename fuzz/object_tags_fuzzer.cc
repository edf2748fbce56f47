// The tag and copy-source inputs of `ossxfer serve`: the x-oss-tagging
// header and the PutObjectTagging body (server/object_tags.h), and the
// x-oss-copy-source and x-oss-copy-source-range headers
// (server/copy_source.h). Whatever is accepted obeys the rules it was
// checked against and survives serve's own round trips: a tag set
// re-formatted as a header, or written as the GetObjectTagging answer,
// reads back as the same set; a copy source re-encoded as any SDK encodes
// it names the same object. Every refusal is a 400 whose message is
// printable ASCII (it goes into an XML error body).
//
// Input: four lines: the x-oss-tagging header, the x-oss-copy-source
// header, the source object's size (decimal; anything else is 0), the
// x-oss-copy-source-range header (tried both as given and absent); then
// everything after them as a PutObjectTagging body.
#include <set>
#include <string>
#include <string_view>

#include "fuzz_input.h"
#include "server/copy_source.h"
#include "server/object_tags.h"
#include "util/encoding.h"
#include "util/numbers.h"

namespace {

namespace server = ossxfer::server;
using ossxfer::fuzz::Fail;

void CheckRefusal(const ossxfer::Status& status) {
  const ossxfer::ServiceError* error = status.service_error();
  if (error == nullptr || error->http_status != 400) {
    Fail("a refusal is not a 400 service error");
  }
  for (char c : error->message) {
    if (c < 0x20 || c >= 0x7F) Fail("an error message holds a raw byte");
  }
}

void CheckTagSet(const server::TagSet& tags) {
  if (tags.size() > server::kMaxObjectTags) Fail("more than 10 tags");
  std::set<std::string> keys;
  for (const auto& [key, value] : tags) {
    if (key.empty() || key.size() > server::kMaxTagKeyBytes) {
      Fail("a key of a refused length");
    }
    if (value.size() > server::kMaxTagValueBytes) {
      Fail("a value of a refused length");
    }
    if (!keys.insert(key).second) Fail("a duplicated key");
  }
  const std::string header = ossxfer::TaggingHeaderValue(tags);
  ossxfer::Result<server::TagSet> reparsed = server::ParseTaggingHeader(header);
  if (!reparsed.ok()) Fail("the canonical header of a valid set is refused");
  if (*reparsed != tags) Fail("the canonical header reads back differently");
  if (ossxfer::TaggingHeaderValue(*reparsed) != header) {
    Fail("the canonical header is not a fixed point");
  }
  ossxfer::Result<server::TagSet> from_answer =
      server::ParseTaggingXml(server::TaggingXml(tags));
  if (!from_answer.ok() || *from_answer != tags) {
    Fail("the GetObjectTagging answer reads back differently");
  }
}

void CheckCopySource(std::string_view header) {
  ossxfer::Result<server::CopySource> source = server::ParseCopySource(header);
  if (!source.ok()) return CheckRefusal(source.status());
  if (source->bucket.empty() || source->key.empty()) {
    Fail("a copy source without bucket or key");
  }
  if (source->version_id && source->version_id->empty()) {
    Fail("an empty versionId accepted");
  }
  const std::string query =
      source->version_id ? "?versionId=" + *source->version_id : "";
  // GO2/PY2 keep the key's '/', CPP/PY1/NODE encode it (§3.1).
  for (bool keep_slash : {true, false}) {
    const std::string encoded =
        "/" + source->bucket + "/" +
        ossxfer::util::UriEncode(source->key, keep_slash) + query;
    ossxfer::Result<server::CopySource> again =
        server::ParseCopySource(encoded);
    if (!again.ok() || *again != *source) {
      Fail("a re-encoded copy source names another object");
    }
  }
}

void CheckRange(std::optional<std::string_view> header, uint64_t size) {
  ossxfer::Result<server::ByteRange> range =
      server::ParseCopySourceRange(header, size);
  if (!range.ok()) return CheckRefusal(range.status());
  if (range->first > size || range->size > size - range->first) {
    Fail("a range outside the source");
  }
  if (size > 0 && range->size == 0) Fail("an empty range of a source");
  if (!header && (range->first != 0 || range->size != size)) {
    Fail("no header is not the whole source");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string_view> lines =
      ossxfer::fuzz::SplitLines(ossxfer::fuzz::AsText(data, size), 5);

  ossxfer::Result<server::TagSet> header_tags =
      server::ParseTaggingHeader(lines[0]);
  if (header_tags.ok()) {
    CheckTagSet(*header_tags);
  } else {
    CheckRefusal(header_tags.status());
  }

  CheckCopySource(lines[1]);

  const uint64_t source_size = ossxfer::util::ParseUint64(lines[2]).value_or(0);
  CheckRange(lines[3], source_size);
  CheckRange(std::nullopt, source_size);

  ossxfer::Result<server::TagSet> body_tags = server::ParseTaggingXml(lines[4]);
  if (body_tags.ok()) {
    CheckTagSet(*body_tags);
  } else {
    CheckRefusal(body_tags.status());
  }
  return 0;
}
