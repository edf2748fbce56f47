// What serve does with requests it does not implement: every OSS
// sub-resource (oss-protocol-2.md §11), with every method, at the bucket and
// the object level, is either an operation serve implements or a
// NotImplemented error, and none of them changes a byte, a header or a
// bucket. Plus the routing rules as a pure function.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "http/http_connection.h"
#include "server/operation.h"
#include "support/serve_fixture.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer::server {
namespace {

using ::ossxfer::testing::AnonymousServeTest;
using ::ossxfer::testing::ServeProcess;

ServerRequest Request(
    std::string method, std::string bucket, std::string key,
    auth::NameValueList query,
    std::vector<std::pair<std::string, std::string>> headers = {}) {
  ServerRequest request;
  request.method = std::move(method);
  request.bucket = std::move(bucket);
  request.key = std::move(key);
  request.query = std::move(query);
  request.headers = std::move(headers);
  return request;
}

TEST(RouteRequestTest, ImplementedOperations) {
  struct Case {
    ServerRequest request;
    Operation expected;
  };
  const std::vector<Case> cases = {
      {Request("GET", "", "", {}), Operation::kListBuckets},
      {Request("PUT", "b", "", {}), Operation::kCreateBucket},
      {Request("DELETE", "b", "", {}), Operation::kDeleteBucket},
      {Request("GET", "b", "", {{"list-type", "2"}, {"prefix", "a"}}),
       Operation::kListObjects},
      {Request("GET", "b", "", {{"uploads", ""}}), Operation::kListUploads},
      {Request("GET", "b", "k", {{"response-content-type", "a/b"}}),
       Operation::kGetObject},
      {Request("HEAD", "b", "k", {{"objectMeta", ""}}), Operation::kGetObject},
      {Request("PUT", "b", "k", {}), Operation::kPutObject},
      {Request("DELETE", "b", "k", {}), Operation::kDeleteObject},
      {Request("POST", "b", "k", {{"restore", ""}}), Operation::kRestoreObject},
      // The C++ SDK's resumable copy sends x-oss-copy-source on Initiate;
      // OSS ignores it there, and so does serve.
      {Request("POST", "b", "k", {{"uploads", ""}},
               {{"x-oss-copy-source", "/b/src"}}),
       Operation::kInitiateUpload},
      {Request("PUT", "b", "k", {{"partNumber", "1"}, {"uploadId", "u"}}),
       Operation::kUploadPart},
      {Request("POST", "b", "k", {{"uploadId", "u"}}),
       Operation::kCompleteUpload},
      {Request("GET", "b", "k", {{"uploadId", "u"}}), Operation::kListParts},
      {Request("DELETE", "b", "k", {{"uploadId", "u"}}),
       Operation::kAbortUpload},
      {Request("PUT", "b", "k", {}, {{"x-oss-copy-source", "/b/src"}}),
       Operation::kCopyObject},
      {Request("PUT", "b", "k", {{"partNumber", "1"}, {"uploadId", "u"}},
               {{"x-oss-copy-source", "/b/src"}}),
       Operation::kUploadPartCopy},
      {Request("PUT", "b", "k", {}, {{"x-oss-tagging", "a=b"}}),
       Operation::kPutObject},
      {Request("POST", "b", "k", {{"append", ""}, {"position", "0"}}),
       Operation::kAppendObject},
      {Request("GET", "b", "k", {{"acl", ""}}), Operation::kGetObjectAcl},
      {Request("PUT", "b", "k", {{"acl", ""}}), Operation::kPutObjectAcl},
      {Request("GET", "b", "", {{"acl", ""}}), Operation::kGetBucketAcl},
      {Request("PUT", "b", "", {{"acl", ""}}), Operation::kPutBucketAcl},
      {Request("GET", "b", "k", {{"tagging", ""}}),
       Operation::kGetObjectTagging},
      {Request("PUT", "b", "k", {{"tagging", ""}}),
       Operation::kPutObjectTagging},
      {Request("DELETE", "b", "k", {{"tagging", ""}}),
       Operation::kDeleteObjectTagging},
      {Request("GET", "b", "k", {{"symlink", ""}}), Operation::kGetSymlink},
      {Request("PUT", "b", "k", {{"symlink", ""}}), Operation::kPutSymlink},
      {Request("GET", "b", "", {{"bucketInfo", ""}}),
       Operation::kGetBucketInfo},
      {Request("GET", "b", "", {{"location", ""}}),
       Operation::kGetBucketLocation},
      {Request("GET", "b", "", {{"versioning", ""}}),
       Operation::kGetBucketVersioning},
      {Request("PUT", "b", "", {{"versioning", ""}}),
       Operation::kPutBucketVersioning},
      {Request("GET", "b", "", {{"versions", ""}}),
       Operation::kListObjectVersions},
      {Request("GET", "b", "k", {{"versionId", "v1"}}), Operation::kGetObject},
      {Request("DELETE", "b", "k", {{"versionId", "v1"}}),
       Operation::kDeleteObject},
      // Unknown parameters and a presigned URL's are ignored, as OSS does.
      {Request("GET", "b", "k",
               {{"non-resousce", "null"},
                {"OSSAccessKeyId", "ak"},
                {"Expires", "1"},
                {"Signature", "s"}}),
       Operation::kGetObject},
  };
  for (const Case& each : cases) {
    RoutedRequest routed = RouteRequest(each.request);
    EXPECT_EQ(routed.operation, each.expected)
        << each.request.method << " " << each.request.bucket << "/"
        << each.request.key << " " << routed.what;
  }
}

TEST(RouteRequestTest, AMethodAResourceDoesNotTakeIsNotAllowed) {
  EXPECT_EQ(RouteRequest(Request("PUT", "b", "", {{"delete", ""}})).operation,
            Operation::kMethodNotAllowed);
  EXPECT_EQ(RouteRequest(Request("GET", "b", "k", {{"uploads", ""}})).operation,
            Operation::kMethodNotAllowed);
  EXPECT_EQ(RouteRequest(Request("HEAD", "b", "", {})).operation,
            Operation::kMethodNotAllowed);
}

TEST(RouteRequestTest, WhatIsNotImplementedIsNamed) {
  struct Case {
    ServerRequest request;
    std::string what;
    bool header;
  };
  const std::vector<Case> cases = {
      {Request("DELETE", "b", "k", {{"acl", ""}}), "acl", false},
      {Request("DELETE", "b", "", {{"acl", ""}}), "acl", false},
      {Request("DELETE", "b", "k", {{"symlink", ""}}), "symlink", false},
      {Request("POST", "b", "k", {{"tagging", ""}}), "tagging", false},
      {Request("PUT", "b", "", {{"tagging", ""}}), "tagging", false},
      {Request("DELETE", "b", "", {{"lifecycle", ""}}), "lifecycle", false},
      {Request("DELETE", "b", "", {{"versioning", ""}}), "versioning", false},
      {Request("PUT", "b", "", {{"location", ""}}), "location", false},
      {Request("GET", "b", "k", {{"versionId", "v1"}, {"callback", ""}}),
       "callback", false},
      {Request("POST", "b", "k", {{"seal", ""}, {"position", "0"}}), "seal",
       false},
      {Request("POST", "b", "k", {}), "PostObject", false},
      {Request("GET", "", "", {{"regions", ""}}), "regions", false},
      {Request("PUT", "b", "k", {},
               {{"x-oss-server-side-encryption", "AES256"}}),
       "x-oss-server-side-encryption", true},
      {Request("POST", "b", "k", {{"append", ""}, {"position", "0"}},
               {{"x-oss-server-side-encryption", "KMS"}}),
       "x-oss-server-side-encryption", true},
      {Request("GET", "b", "k", {{"partNumber", "1"}}), "partNumber", false},
  };
  for (const Case& each : cases) {
    RoutedRequest routed = RouteRequest(each.request);
    EXPECT_EQ(routed.operation, Operation::kNotImplemented)
        << each.request.method << " " << each.what;
    EXPECT_EQ(routed.what, each.what);
    EXPECT_EQ(routed.header, each.header) << each.what;
  }
}

// The state a request could change: every object's bytes and headers, and
// the buckets.
class ServeRoutingTest : public AnonymousServeTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(AnonymousServeTest::SetUp());
    ASSERT_EQ(Send("PUT", "/vbucket", "").status, 200);
    ASSERT_EQ(Send("PUT", "/vbucket/victim", "precious bytes",
                   {{"x-oss-meta-owner", "me"}, {"Content-Type", "text/plain"}})
                  .status,
              200);
  }

  // Everything a client could observe of the store.
  std::string Snapshot() {
    std::string state = Send("GET", "/", "").body;
    state += Send("GET", "/vbucket?list-type=2", "").body;
    http::HttpResponse object = Send("GET", "/vbucket/victim", "");
    state += std::to_string(object.status) + object.body;
    for (const char* header :
         {"ETag", "Content-Type", "x-oss-meta-owner", "x-oss-hash-crc64ecma",
          "Last-Modified", "x-oss-object-type", "x-oss-storage-class"}) {
      state += "\n" + std::string(header) + ": " +
               object.Header(header).value_or("(none)");
    }
    return state;
  }
};

// The sub-resources serve implements, by level and method.
bool Implemented(const std::string& name, const std::string& method,
                 bool bucket) {
  static const std::set<std::tuple<std::string, std::string, bool>> kAll = {
      {"acl", "GET", true},        {"acl", "PUT", true},
      {"bucketInfo", "GET", true}, {"location", "GET", true},
      {"versioning", "GET", true}, {"versioning", "PUT", true},
      {"versions", "GET", true},   {"acl", "GET", false},
      {"acl", "PUT", false},       {"tagging", "GET", false},
      {"tagging", "PUT", false},   {"tagging", "DELETE", false},
      {"symlink", "GET", false},   {"symlink", "PUT", false},
      {"append", "POST", false}};
  return kAll.contains({name, method, bucket});
}

TEST_F(ServeRoutingTest, EverySubResourceIsImplementedOrRefusedAndNothingElse) {
  const std::string before = Snapshot();
  ASSERT_NE(before.find("precious bytes"), std::string::npos) << before;
  int refused = 0;
  // Modifiers of the plain operations (a GET with response-content-type is
  // a GetObject; a DELETE with x-oss-traffic-limit rightly deletes).
  const std::set<std::string> plain = {"x-oss-traffic-limit",
                                       "position",
                                       "versionId",
                                       "security-token",
                                       "response-content-type",
                                       "response-content-language",
                                       "response-expires",
                                       "response-cache-control",
                                       "response-content-disposition",
                                       "response-content-encoding"};
  for (const std::string& name : KnownSubResources()) {
    if (plain.contains(name)) continue;
    for (const char* method : {"GET", "HEAD", "PUT", "POST", "DELETE"}) {
      for (const std::string& path :
           {std::string("/vbucket"), std::string("/vbucket/victim")}) {
        const std::string target = path + "?" + name + "=x";
        // A body a misrouted PUT or POST would store.
        http::HttpResponse response = Send(
            method, target, "<Tagging><TagSet/></Tagging> would replace it",
            {{"x-oss-copy-source", "/vbucket/victim"}});
        const std::string code =
            response.body.find("<Code>NotImplemented</Code>") !=
                    std::string::npos
                ? "NotImplemented"
                : "";
        const bool implemented_here =
            (name == "uploads" && path == "/vbucket" &&
             std::string(method) == "GET") ||
            // DeleteMultipleObjects, refused here for want of a Content-MD5.
            (name == "delete" && path == "/vbucket" &&
             std::string(method) == "POST") ||
            (name == "objectMeta" && std::string(method) == "HEAD" &&
             path != "/vbucket") ||
            ((name == "uploads" || name == "uploadId" || name == "restore") &&
             path != "/vbucket") ||
            // A part number is ignored at the bucket level (the plain
            // bucket operation, which finds the bucket exists or is not
            // empty) and belongs to UploadPart at the object level.
            (name == "partNumber" &&
             (path == "/vbucket" || std::string(method) == "PUT")) ||
            // Implemented sub-resources: each refuses this request for
            // want of its header or a well-formed body, or reads, or (a
            // DELETE ?tagging) removes tags the victim does not have.
            Implemented(name, method, path == "/vbucket");
        if (!implemented_here) {
          // HEAD answers carry no body: the status says it.
          const bool not_implemented =
              std::string(method) == "HEAD"
                  ? response.status == 501 || response.status == 405
                  : code == "NotImplemented" || response.status == 405;
          EXPECT_TRUE(not_implemented)
              << method << " " << target << " -> " << response.status << " "
              << response.body.substr(0, 300);
          ++refused;
        }
        ASSERT_EQ(Snapshot(), before) << method << " " << target;
      }
    }
  }
  EXPECT_GT(refused, 500);
}

TEST_F(ServeRoutingTest, NotImplementedIsAnOssErrorWithItsEc) {
  http::HttpResponse answer = Send("PUT", "/vbucket/victim?retention", "");
  EXPECT_EQ(answer.status, 501);
  EXPECT_NE(answer.body.find("<Code>NotImplemented</Code>"), std::string::npos)
      << answer.body;
  EXPECT_NE(answer.body.find("<EC>0000-00000501</EC>"), std::string::npos);
  EXPECT_EQ(answer.Header("x-oss-ec"), "0000-00000501");

  http::HttpResponse header =
      Send("PUT", "/vbucket/other", "x",
           {{"x-oss-server-side-encryption", "AES256"}});
  EXPECT_EQ(header.status, 400);
  EXPECT_NE(header.body.find("x-oss-server-side-encryption"),
            std::string::npos);
  EXPECT_EQ(Send("GET", "/vbucket/other", "").status, 404);

  ServeProcess strict(root_.path() / "strict",
                      {"--anonymous", "--not-implemented-status", "400"});
  ASSERT_TRUE(strict.started());
  http::HttpConnection connection{http::HttpSettings{}};
  Result<http::HttpResponse> four_hundred = connection.Send(
      http::HttpRequest{"GET", strict.endpoint() + "/b?lifecycle"}, nullptr);
  ASSERT_TRUE(four_hundred.ok());
  EXPECT_EQ(four_hundred->status, 400);
}

// Every error carries an EC, in the XML and in x-oss-ec (HEAD: the header).
TEST_F(ServeRoutingTest, EveryErrorCarriesAnEc) {
  struct Case {
    std::string method, target, ec;
  };
  const std::vector<Case> cases = {
      {"GET", "/vbucket/missing", "0026-00000001"},
      {"HEAD", "/vbucket/missing", "0026-00000001"},
      {"GET", "/nobucket?list-type=2", "0015-00000101"},
      {"DELETE", "/vbucket/k?uploadId=nope", "0042-00000002"},
      {"GET", "/vbucket/k?uploadId=nope", "0042-00000002"},
      {"POST", "/vbucket/k?uploadId=nope", "0042-00000205"},  // empty body
      {"DELETE", "/vbucket", "0015-00000301"},
  };
  for (const Case& each : cases) {
    http::HttpResponse answer = Send(each.method, each.target, "");
    EXPECT_EQ(answer.Header("x-oss-ec"), each.ec)
        << each.method << " " << each.target << " " << answer.status;
    if (each.method != "HEAD") {
      EXPECT_NE(answer.body.find("<EC>" + each.ec + "</EC>"), std::string::npos)
          << answer.body;
    }
  }
}

// ListObjects v1 (what ali-oss, the C++ SDK and ossutil send by default)
// has its own shape: Marker, NextMarker, an Owner per entry, no KeyCount.
TEST_F(ServeRoutingTest, ListObjectsVersionOneHasItsOwnShape) {
  for (const char* key : {"a%20b", "dir/c", "e"}) {
    ASSERT_EQ(Send("PUT", std::string("/vbucket/") + key, "x").status, 200);
  }
  http::HttpResponse first = Send("GET", "/vbucket?max-keys=2", "");
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string& page = first.body;
  EXPECT_NE(page.find("<Marker></Marker>"), std::string::npos) << page;
  EXPECT_NE(page.find("<IsTruncated>true</IsTruncated>"), std::string::npos);
  EXPECT_NE(page.find("<NextMarker>dir/c</NextMarker>"), std::string::npos)
      << page;
  EXPECT_NE(page.find("<Owner><ID>ossxfer</ID>"), std::string::npos);
  EXPECT_EQ(page.find("KeyCount"), std::string::npos);
  EXPECT_EQ(page.find("ContinuationToken"), std::string::npos);

  http::HttpResponse rest =
      Send("GET", "/vbucket?max-keys=2&marker=dir%2Fc", "");
  EXPECT_NE(rest.body.find("<Marker>dir/c</Marker>"), std::string::npos)
      << rest.body;
  EXPECT_NE(rest.body.find("<Key>e</Key>"), std::string::npos);
  EXPECT_NE(rest.body.find("<Key>victim</Key>"), std::string::npos);
  EXPECT_NE(rest.body.find("<IsTruncated>false</IsTruncated>"),
            std::string::npos);
  EXPECT_EQ(rest.body.find("NextMarker"), std::string::npos);

  http::HttpResponse encoded =
      Send("GET", "/vbucket?encoding-type=URL&prefix=dir%2F", "");
  EXPECT_NE(encoded.body.find("<EncodingType>url</EncodingType>"),
            std::string::npos)
      << encoded.body;
  EXPECT_NE(encoded.body.find("<Key>dir%2Fc</Key>"), std::string::npos);
  EXPECT_NE(encoded.body.find("<Prefix>dir%2F</Prefix>"), std::string::npos);

  // v2 stays v2, and is what list-type=2 selects.
  http::HttpResponse v2 = Send("GET", "/vbucket?list-type=2&max-keys=1", "");
  EXPECT_NE(v2.body.find("<KeyCount>1</KeyCount>"), std::string::npos);
  EXPECT_NE(v2.body.find("<NextContinuationToken>"), std::string::npos);
  EXPECT_EQ(v2.body.find("<Owner>"), std::string::npos);
  EXPECT_EQ(v2.body.find("<Marker>"), std::string::npos);
  EXPECT_EQ(Send("GET", "/vbucket?list-type=3", "").status, 400);
}

// Both lists give at most 100 keys when max-keys is not given, as OSS.
TEST_F(ServeRoutingTest, ListingsDefaultToAHundredKeys) {
  for (int i = 0; i < 101; ++i) {
    ASSERT_EQ(Send("PUT", fmt::format("/vbucket/k{:03d}", i), "").status, 200);
  }
  for (const char* target : {"/vbucket", "/vbucket?list-type=2"}) {
    const std::string page = Send("GET", target, "").body;
    EXPECT_NE(page.find("<MaxKeys>100</MaxKeys>"), std::string::npos) << page;
    EXPECT_NE(page.find("<IsTruncated>true</IsTruncated>"), std::string::npos);
    size_t keys = 0;
    for (size_t at = page.find("<Key>"); at != std::string::npos;
         at = page.find("<Key>", at + 1)) {
      ++keys;
    }
    EXPECT_EQ(keys, 100u) << target;
  }
}

http::Headers WithMd5(const std::string& body) {
  return {{"Content-MD5", util::Base64Encode(util::Md5(body))},
          {"Content-Type", "application/xml"}};
}

std::string DeleteBody(const std::vector<std::string>& keys, bool quiet) {
  std::string body = quiet ? "<Delete><Quiet>true</Quiet>" : "<Delete>";
  for (const std::string& key : keys) {
    body += "<Object><Key>" + key + "</Key></Object>";
  }
  return body + "</Delete>";
}

TEST_F(ServeRoutingTest, DeleteMultipleObjectsDeletesTheListedKeys) {
  for (const char* key : {"a", "b/c", "d%20e", "keep"}) {
    ASSERT_EQ(Send("PUT", std::string("/vbucket/") + key, "x").status, 200)
        << key;
  }
  const std::string verbose = DeleteBody({"a", "b/c", "never-existed"}, false);
  http::HttpResponse deleted =
      Send("POST", "/vbucket?delete", verbose, WithMd5(verbose));
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_NE(deleted.body.find("<Deleted><Key>a</Key></Deleted><Deleted><Key>"
                              "b/c</Key></Deleted><Deleted><Key>never-existed"
                              "</Key></Deleted>"),
            std::string::npos)
      << deleted.body;
  EXPECT_EQ(Send("GET", "/vbucket/a", "").status, 404);
  EXPECT_EQ(Send("GET", "/vbucket/b/c", "").status, 404);

  const std::string quiet = DeleteBody({"d e"}, true);
  http::HttpResponse silent =
      Send("POST", "/vbucket?delete&encoding-type=url", quiet, WithMd5(quiet));
  ASSERT_EQ(silent.status, 200) << silent.body;
  EXPECT_EQ(silent.body.find("<Deleted>"), std::string::npos) << silent.body;
  EXPECT_NE(silent.body.find("<EncodingType>url</EncodingType>"),
            std::string::npos);
  EXPECT_EQ(Send("GET", "/vbucket/d%20e", "").status, 404);
  EXPECT_EQ(Send("GET", "/vbucket/keep", "").status, 200);

  const std::string one = DeleteBody({"x/y"}, false);
  http::HttpResponse encoded =
      Send("POST", "/vbucket?delete&encoding-type=url", one, WithMd5(one));
  EXPECT_NE(encoded.body.find("<Key>x%2Fy</Key>"), std::string::npos)
      << encoded.body;
}

// A damaged or malformed list deletes nothing at all.
TEST_F(ServeRoutingTest, DeleteMultipleObjectsRefusesBadBodiesWhole) {
  const std::string body = DeleteBody({"victim"}, false);
  struct Case {
    std::string body;
    http::Headers headers;
    int status;
    std::string code, ec;
  };
  std::vector<std::string> many(1001, "victim");
  const std::string too_many = DeleteBody(many, false);
  const std::string other_root =
      "<Remove><Object><Key>victim</Key></Object>"
      "</Remove>";
  const std::string empty = "<Delete><Quiet>false</Quiet></Delete>";
  const std::string version =
      "<Delete><Object><Key>victim</Key><VersionId>v1</VersionId></Object>"
      "</Delete>";
  const std::string bad_key = DeleteBody({"victim", ""}, false);
  const std::string not_xml = "<Delete><Object><Key>victim</Key>";
  // pugixml's own decoding reads "victim&#0;x" as "victim" (its strings
  // end at the NUL): the key named is not the key deleted.
  const std::string nul_reference =
      "<Delete><Object><Key>victim&#0;x</Key></Object></Delete>";
  const std::string wrapped_reference =
      "<Delete><Object><Key>victim&#x100000000;</Key></Object></Delete>";
  const std::vector<Case> cases = {
      {body, {}, 400, "InvalidDigest", "0016-00000606"},
      {body, WithMd5(body + " "), 400, "InvalidDigest", ""},
      {too_many, WithMd5(too_many), 400, "MalformedXML", "0016-00000609"},
      {other_root, WithMd5(other_root), 400, "MalformedXML", "0016-00000608"},
      {empty, WithMd5(empty), 400, "MalformedXML", "0016-00000608"},
      {version, WithMd5(version), 501, "NotImplemented", "0000-00000501"},
      {bad_key, WithMd5(bad_key), 400, "InvalidObjectName", ""},
      {not_xml, WithMd5(not_xml), 400, "MalformedXML", ""},
      {nul_reference, WithMd5(nul_reference), 400, "MalformedXML", ""},
      {wrapped_reference, WithMd5(wrapped_reference), 400, "MalformedXML", ""},
  };
  const std::string before = Snapshot();
  for (const Case& each : cases) {
    http::HttpResponse answer =
        Send("POST", "/vbucket?delete", each.body, each.headers);
    EXPECT_EQ(answer.status, each.status) << each.code << " " << answer.body;
    EXPECT_NE(answer.body.find("<Code>" + each.code + "</Code>"),
              std::string::npos)
        << answer.body;
    if (!each.ec.empty()) {
      EXPECT_EQ(answer.Header("x-oss-ec"), each.ec) << answer.body;
    }
    ASSERT_EQ(Snapshot(), before) << each.code;
  }
  const std::string missing_bucket = DeleteBody({"k"}, false);
  EXPECT_EQ(
      Send("POST", "/nobucket?delete", missing_bucket, WithMd5(missing_bucket))
          .status,
      404);
}

}  // namespace
}  // namespace ossxfer::server
