// What `ossxfer serve` reads from a request before it touches the store:
// the HTTP framing (Beast), the request target and query (percent-decoding,
// path- or virtual-hosted addressing), Range, Content-MD5, the object
// attributes taken from headers and their stored encoding, the upload
// callback headers, the synthetic object's size in its key and the
// synthetic tree a listing's prefix names, the bodies
// of a CompleteMultipartUpload and a PutBucketVersioning, and for a request
// signed the AWS way its translation to OSS terms (s3_wire.h), the digests
// it claims for its body (body_digests.h) and their check. Signatures have
// their own target (serve_auth_fuzzer.cc).
//
// Input: one HTTP/1.1 request as sent on the wire.
#include <optional>
#include <string>

#include "fuzz_input.h"
#include "server/attributes_codec.h"
#include "server/body_digests.h"
#include "server/range_request.h"
#include "server/request_router.h"
#include "server/s3_wire.h"
#include "server/server_request.h"
#include "server/server_xml.h"
#include "server/synthetic_listing.h"
#include "server/synthetic_object.h"
#include "server/upload_callback.h"
#include "server_request_input.h"
#include "util/encoding.h"
#include "util/numbers.h"
#include "util/text.h"

namespace {

using ossxfer::fuzz::Fail;
namespace server = ossxfer::server;

// A listing of the synthetic bucket under the request's prefix, after its
// marker: a page of at most max-keys keys, each under the prefix, after
// the marker and after the key before it, each a synthetic object.
void CheckSyntheticTree(const server::ServerRequest& request) {
  std::optional<std::string> prefix = request.Query("prefix");
  if (!prefix) return;
  const std::string marker = request.Query("marker").value_or("");
  constexpr int kMaxKeys = 7;
  std::optional<server::ObjectListPage> page =
      server::ListSyntheticTree(*prefix, marker, kMaxKeys);
  if (!page) return;
  if (page->objects.size() > static_cast<size_t>(kMaxKeys)) {
    Fail("a synthetic page longer than max-keys");
  }
  std::string before = marker;
  for (const server::StoredObject& object : page->objects) {
    if (!object.key.starts_with(*prefix) || object.key <= before ||
        !server::SyntheticObject::FromKey(object.key) ||
        server::SyntheticObject::FromKey(object.key)->size() != object.size) {
      Fail(("a synthetic key out of its tree, order or size: " + object.key)
               .c_str());
    }
    before = object.key;
  }
  if (page->is_truncated && page->next_marker != before) {
    Fail("a truncated synthetic page's marker is not its last key");
  }
}

// The Range of a GET against objects of a few sizes; a range that is
// served lies inside the object.
void CheckRange(const server::ServerRequest& request) {
  std::optional<std::string> header = request.Header("Range");
  const bool standard = request.Header("x-oss-range-behavior") == "standard";
  for (uint64_t size :
       {uint64_t{0}, uint64_t{1}, uint64_t{1000}, ~uint64_t{0}}) {
    server::RangeOutcome outcome = server::ResolveRange(header, size, standard);
    if (outcome.kind == server::RangeOutcome::kPartial &&
        (outcome.first > outcome.last || outcome.last >= size)) {
      Fail("ResolveRange served bytes outside the object");
    }
  }
}

// Attributes survive the store's encoding unchanged.
void CheckAttributes(const server::ServerRequest& request) {
  // A refused ACL or tagging header is the request's error, not a finding.
  ossxfer::Result<ossxfer::ObjectAttributes> attributes =
      server::AttributesFromHeaders(request);
  if (!attributes.ok()) return;
  std::string encoded = server::EncodeAttributes(*attributes);
  ossxfer::Result<ossxfer::ObjectAttributes> decoded =
      server::DecodeAttributes(encoded);
  if (!decoded.ok()) Fail("stored attributes do not decode");
  if (server::EncodeAttributes(*decoded) != encoded) {
    Fail("stored attributes changed");
  }
}

// PutBucketVersioning's body: what is accepted is written back the same.
void CheckVersioningBody(const std::string& body) {
  ossxfer::Result<std::string> status =
      server::ParseVersioningConfiguration(body);
  if (!status.ok()) return;
  ossxfer::Result<std::string> again = server::ParseVersioningConfiguration(
      server::VersioningConfigurationXml(*status));
  if (!again.ok() || *again != *status) Fail("versioning status changed");
}

void CheckCallback(const server::ServerRequest& request) {
  ossxfer::Result<std::optional<server::UploadCallback>> callback =
      server::ParseUploadCallback(request.Header("x-oss-callback"),
                                  request.Header("x-oss-callback-var"));
  if (!callback.ok() || !*callback) return;
  server::StoredObject object;
  object.bucket = request.bucket;
  object.key = request.key;
  object.etag = "\"0123456789ABCDEF0123456789ABCDEF\"";
  (void)server::SubstituteCallbackBody(**callback, object);
}

// An S3 request: a translation that succeeds leaves only the S3 headers
// the handlers and the body check read, and the answer to it, as S3
// writes it, carries no OSS-only header.
void CheckS3(const server::ServerRequest& request, const std::string& body) {
  server::ServerRequest translated = request;
  if (!server::TranslateS3Request(translated, 501).ok()) return;
  for (const auto& [name, value] : translated.headers) {
    const std::string lower = ossxfer::util::AsciiLower(name);
    if (lower.starts_with("x-amz-") && !lower.starts_with("x-amz-checksum-") &&
        lower != "x-amz-content-sha256" && lower != "x-amz-date" &&
        lower != "x-amz-trailer" && lower != "x-amz-decoded-content-length" &&
        lower != "x-amz-sdk-checksum-algorithm") {
      Fail("an x-amz header survived the translation");
    }
  }
  const server::ResponseHeaders answer =
      server::S3ResponseHeaders(translated.headers);
  for (const auto& [name, value] : answer) {
    if (ossxfer::util::AsciiLower(name).starts_with("x-oss-")) {
      Fail("an x-oss header in an S3 answer");
    }
  }
  ossxfer::Result<server::ClaimedDigests> claimed =
      server::ClaimedDigestsOf(translated);
  if (!claimed.ok()) return;
  class NullWriter : public server::DataWriter {
   public:
    ossxfer::Status Append(const char*, size_t) override { return {}; }
    uint64_t bytes_written() const override { return 0; }
  } sink;
  server::DigestCheckingWriter check(*claimed, sink);
  (void)check.Append(body.data(), body.size());
  (void)check.Verify();
  (void)server::S3Xml(body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::optional<ossxfer::fuzz::WireRequest> wire =
      ossxfer::fuzz::ReadWireRequest(ossxfer::fuzz::AsText(data, size));
  if (!wire) return 0;
  server::ServerRequest& request = wire->request;
  // "localhost" as in `serve --domain localhost`: Host "b.localhost" is
  // virtual-hosted.
  if (!server::ResolveAddress("localhost", request).ok()) return 0;
  CheckRange(request);
  if (std::optional<std::string> md5 = request.Header("Content-MD5")) {
    (void)ossxfer::util::Base64Decode(*md5);
  }
  for (const char* name : {"partNumber", "max-parts", "part-number-marker",
                           "x-oss-traffic-limit"}) {
    if (std::optional<std::string> value = request.Query(name)) {
      (void)ossxfer::util::ParseUint64(*value);
    }
  }
  if (std::optional<server::SyntheticObject> synthetic =
          server::SyntheticObject::FromKey(request.key)) {
    char byte;
    if (synthetic->size() > 0) synthetic->Read(synthetic->size() - 1, &byte, 1);
  }
  CheckSyntheticTree(request);
  CheckAttributes(request);
  CheckCallback(request);
  request.dialect =
      server::DetectWireDialect(request, server::DialectRule::kAuto);
  if (request.dialect == server::WireDialect::kS3) CheckS3(request, wire->body);
  if (!wire->body.empty()) {
    (void)server::ParseCompleteMultipartUploadBody(wire->body);
    CheckVersioningBody(wire->body);
  }
  return 0;
}
