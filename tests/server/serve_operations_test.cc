// The object operations beyond reads and writes, through serve's HTTP
// front: CopyObject, UploadPartCopy, ACLs, tags, symlinks, AppendObject,
// bucket info and location, ListBuckets paging (oss-protocol-2.md §3-§9),
// the bad input of each as hard as the good.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http/http_connection.h"
#include "ossxfer/crc64.h"
#include "support/serve_fixture.h"
#include "support/test_files.h"
#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer::server {
namespace {

using ::ossxfer::testing::AnonymousServeTest;

class ServeOperationsTest : public AnonymousServeTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(AnonymousServeTest::SetUp());
    ASSERT_EQ(Send("PUT", "/bkt", "").status, 200);
    ASSERT_EQ(Send("PUT", "/bkt/src", "source bytes",
                   {{"x-oss-meta-from", "src"}, {"Content-Type", "text/plain"}})
                  .status,
              200);
  }

  // The answer is this OSS error (the code in the body, or for a HEAD the
  // status alone).
  static ::testing::AssertionResult IsError(const http::HttpResponse& answer,
                                            int status,
                                            const std::string& code) {
    if (answer.status != status ||
        answer.body.find("<Code>" + code + "</Code>") == std::string::npos) {
      return ::testing::AssertionFailure()
             << "got " << answer.status << " " << answer.body.substr(0, 400)
             << ", want " << status << " " << code;
    }
    return ::testing::AssertionSuccess();
  }
};

TEST_F(ServeOperationsTest, CopyObjectCopiesOrReplacesMetadata) {
  http::HttpResponse copied =
      Send("PUT", "/bkt/dst", "", {{"x-oss-copy-source", "/bkt/src"}});
  ASSERT_EQ(copied.status, 200) << copied.body;
  EXPECT_NE(copied.body.find("<CopyObjectResult>"), std::string::npos);
  EXPECT_EQ(copied.Header("x-oss-hash-crc64ecma"),
            std::to_string(Crc64("source bytes")));
  http::HttpResponse read = Send("GET", "/bkt/dst", "");
  EXPECT_EQ(read.body, "source bytes");
  EXPECT_EQ(read.Header("x-oss-meta-from"), "src");
  EXPECT_EQ(read.Header("Content-Type"), "text/plain");
  // A self-copy with REPLACE is how metadata is changed.
  ASSERT_EQ(Send("PUT", "/bkt/src", "",
                 {{"x-oss-copy-source", "/bkt/src"},
                  {"x-oss-metadata-directive", "REPLACE"},
                  {"x-oss-meta-new", "yes"}})
                .status,
            200);
  read = Send("GET", "/bkt/src", "");
  EXPECT_EQ(read.body, "source bytes");
  EXPECT_EQ(read.Header("x-oss-meta-new"), "yes");
  EXPECT_FALSE(read.Header("x-oss-meta-from").has_value());
  // Keys encoded as every SDK does (/ kept or encoded).
  ASSERT_EQ(Send("PUT", "/bkt/dir/a%20b%2Bc", "x").status, 200);
  for (const char* source : {"/bkt/dir/a%20b%2Bc", "/bkt/dir%2Fa%20b%2Bc"}) {
    http::HttpResponse answer =
        Send("PUT", "/bkt/copy", "", {{"x-oss-copy-source", source}});
    EXPECT_EQ(answer.status, 200) << source << " " << answer.body;
  }
}

TEST_F(ServeOperationsTest, CopyObjectRefusesBadRequestsAndChangesNothing) {
  const std::string etag = *Send("HEAD", "/bkt/src", "").Header("ETag");
  ASSERT_EQ(Send("PUT", "/bkt/taken", "mine").status, 200);
  ASSERT_EQ(Send("POST", "/bkt/log?append&position=0", "a").status, 200);
  struct Case {
    std::string target;
    http::Headers headers;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"/bkt/taken", {{"x-oss-copy-source", "/bkt/missing"}}, 404, "NoSuchKey"},
      {"/bkt/taken",
       {{"x-oss-copy-source", "/nobkt/src"}},
       404,
       "NoSuchBucket"},
      {"/bkt/taken", {{"x-oss-copy-source", "b/src"}}, 400, "InvalidArgument"},
      {"/bkt/taken",
       {{"x-oss-copy-source", "/bkt/src?acl"}},
       400,
       "InvalidArgument"},
      {"/bkt/taken",
       {{"x-oss-copy-source", "/bkt/%ZZ"}},
       400,
       "InvalidArgument"},
      {"/bkt/taken",
       {{"x-oss-copy-source", "/bkt/src"},
        {"x-oss-metadata-directive", "MOVE"}},
       400,
       "InvalidArgument"},
      {"/bkt/taken",
       {{"x-oss-copy-source", "/bkt/src"},
        {"x-oss-copy-source-if-match", "\"0000\""}},
       412,
       "PreconditionFailed"},
      {"/bkt/taken",
       {{"x-oss-copy-source", "/bkt/src"}, {"x-oss-forbid-overwrite", "true"}},
       409,
       "FileAlreadyExists"},
      {"/bkt/taken",
       {{"x-oss-copy-source", "/bkt/src"}, {"x-oss-object-acl", "public"}},
       400,
       "InvalidArgument"},
      {"/bkt/taken",
       {{"x-oss-copy-source", "/bkt/src"},
        {"x-oss-tagging-directive", "Replace"},
        {"x-oss-tagging", "a=b=c"}},
       400,
       "InvalidArgument"},
      {"/bkt/taken",
       {{"x-oss-copy-source", "/bkt/log"}},
       400,
       "OperationNotSupported"},
      {"/nobkt/x", {{"x-oss-copy-source", "/bkt/src"}}, 404, "NoSuchBucket"},
  };
  for (const Case& each : cases) {
    EXPECT_TRUE(IsError(Send("PUT", each.target, "", each.headers), each.status,
                        each.code))
        << each.headers.front().second << " " << each.headers.back().second;
    EXPECT_EQ(Send("GET", "/bkt/taken", "").body, "mine");
  }
  // If-None-Match on the source's own ETag: 304, nothing copied.
  http::HttpResponse unchanged =
      Send("PUT", "/bkt/taken", "",
           {{"x-oss-copy-source", "/bkt/src"},
            {"x-oss-copy-source-if-none-match", etag}});
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_EQ(Send("GET", "/bkt/taken", "").body, "mine");
}

TEST_F(ServeOperationsTest, UploadPartCopyTakesRangesOfTheSource) {
  const std::string data = testing::TestBytes(300000, 3);
  ASSERT_EQ(Send("PUT", "/bkt/big", data).status, 200);
  http::HttpResponse initiated = Send("POST", "/bkt/out?uploads", "");
  ASSERT_EQ(initiated.status, 200);
  const size_t at = initiated.body.find("<UploadId>") + 10;
  const std::string upload =
      initiated.body.substr(at, initiated.body.find('<', at) - at);
  const std::string part = "/bkt/out?partNumber=1&uploadId=" + upload;
  http::HttpResponse copied =
      Send("PUT", part, "",
           {{"x-oss-copy-source", "/bkt/big"},
            {"x-oss-copy-source-range", "bytes=100-199999"}});
  ASSERT_EQ(copied.status, 200) << copied.body;
  EXPECT_NE(copied.body.find("<CopyPartResult>"), std::string::npos);
  const std::string first = data.substr(100, 199900);
  EXPECT_EQ(copied.Header("ETag"),
            "\"" + util::HexUpper(util::Md5(first)) + "\"");
  // The open-ended form the C++ SDK sends for a range ending at 0.
  ASSERT_EQ(Send("PUT", "/bkt/out?partNumber=2&uploadId=" + upload, "",
                 {{"x-oss-copy-source", "/bkt/big"},
                  {"x-oss-copy-source-range", "bytes=299990-"}})
                .status,
            200);
  for (const char* range : {"bytes=0-300000", "bytes=5-4", "bytes=x-1"}) {
    EXPECT_TRUE(
        IsError(Send("PUT", "/bkt/out?partNumber=3&uploadId=" + upload, "",
                     {{"x-oss-copy-source", "/bkt/big"},
                      {"x-oss-copy-source-range", range}}),
                400, "InvalidArgument"))
        << range;
  }
  http::HttpResponse no_upload =
      Send("PUT", "/bkt/out?partNumber=3&uploadId=nope", "",
           {{"x-oss-copy-source", "/bkt/big"}});
  EXPECT_TRUE(IsError(no_upload, 404, "NoSuchUpload"));
  EXPECT_EQ(no_upload.Header("x-oss-ec"), "0042-00000311");
  EXPECT_TRUE(IsError(Send("PUT", "/bkt/out?partNumber=0&uploadId=" + upload,
                           "", {{"x-oss-copy-source", "/bkt/big"}}),
                      400, "InvalidArgument"));
  ASSERT_EQ(Send("POST", "/bkt/out?uploadId=" + upload, "",
                 {{"x-oss-complete-all", "yes"}})
                .status,
            200);
  http::HttpResponse read = Send("GET", "/bkt/out", "");
  EXPECT_TRUE(read.body == first + data.substr(299990));
  EXPECT_EQ(read.Header("x-oss-hash-crc64ecma"),
            std::to_string(Crc64(first + data.substr(299990))));
}

TEST_F(ServeOperationsTest, AclsAreSetReadAndChecked) {
  http::HttpResponse fresh = Send("GET", "/bkt/src?acl", "");
  ASSERT_EQ(fresh.status, 200);
  EXPECT_NE(fresh.body.find("<Grant>default</Grant>"), std::string::npos);
  ASSERT_EQ(
      Send("PUT", "/bkt/src?acl", "", {{"x-oss-object-acl", "public-read"}})
          .status,
      200);
  EXPECT_NE(Send("GET", "/bkt/src?acl", "").body.find("<Grant>public-read<"),
            std::string::npos);
  EXPECT_TRUE(
      IsError(Send("PUT", "/bkt/src?acl", "", {{"x-oss-object-acl", "public"}}),
              400, "InvalidArgument"));
  EXPECT_TRUE(IsError(Send("PUT", "/bkt/src?acl", ""), 400, "InvalidArgument"));
  EXPECT_TRUE(IsError(
      Send("PUT", "/bkt/missing?acl", "", {{"x-oss-object-acl", "private"}}),
      404, "NoSuchKey"));
  EXPECT_EQ(Send("GET", "/bkt/src", "").body, "source bytes");
  // Buckets: no "default".
  EXPECT_NE(Send("GET", "/bkt?acl", "").body.find("<Grant>private<"),
            std::string::npos);
  EXPECT_TRUE(IsError(Send("PUT", "/bkt?acl", "", {{"x-oss-acl", "default"}}),
                      400, "InvalidArgument"));
  ASSERT_EQ(
      Send("PUT", "/bkt?acl", "", {{"x-oss-acl", "public-read-write"}}).status,
      200);
  EXPECT_NE(Send("GET", "/bkt?acl", "").body.find("<Grant>public-read-write<"),
            std::string::npos);
  ASSERT_EQ(Send("PUT", "/cbkt", "", {{"x-oss-acl", "public-read"}}).status,
            200);
  EXPECT_NE(Send("GET", "/cbkt?acl", "").body.find("<Grant>public-read<"),
            std::string::npos);
  EXPECT_TRUE(IsError(Send("PUT", "/dbkt", "", {{"x-oss-acl", "open"}}), 400,
                      "InvalidArgument"));
  EXPECT_EQ(Send("GET", "/dbkt?acl", "").status, 404) << "a refused create";
}

TEST_F(ServeOperationsTest, TagsArePutReadCountedAndDeleted) {
  ASSERT_EQ(
      Send("PUT", "/bkt/t", "x", {{"x-oss-tagging", "a=1&b%20c=2"}}).status,
      200);
  EXPECT_EQ(Send("HEAD", "/bkt/t", "").Header("x-oss-tagging-count"), "2");
  http::HttpResponse tags = Send("GET", "/bkt/t?tagging", "");
  EXPECT_NE(tags.body.find("<Key>b c</Key><Value>2</Value>"), std::string::npos)
      << tags.body;
  const std::string replacement =
      "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet>"
      "</Tagging>";
  ASSERT_EQ(Send("PUT", "/bkt/t?tagging", replacement).status, 200);
  EXPECT_EQ(Send("HEAD", "/bkt/t", "").Header("x-oss-tagging-count"), "1");
  std::string eleven = "<Tagging><TagSet>";
  for (int i = 0; i < 11; ++i) {
    eleven += "<Tag><Key>k" + std::to_string(i) + "</Key><Value/></Tag>";
  }
  eleven += "</TagSet></Tagging>";
  EXPECT_EQ(Send("PUT", "/bkt/t?tagging", eleven).status, 400);
  EXPECT_TRUE(IsError(Send("PUT", "/bkt/t?tagging", "<Tagging><TagSet>"), 400,
                      "MalformedXML"));
  // A body that arrived other than it was sent changes nothing.
  EXPECT_TRUE(
      IsError(Send("PUT", "/bkt/t?tagging", replacement,
                   {{"Content-MD5", util::Base64Encode(util::Md5("other"))}}),
              400, "InvalidDigest"));
  EXPECT_EQ(Send("PUT", "/bkt/t?tagging", replacement,
                 {{"Content-MD5", util::Base64Encode(util::Md5(replacement))}})
                .status,
            200);
  EXPECT_TRUE(IsError(Send("PUT", "/bkt/u", "x", {{"x-oss-tagging", "a&a"}}),
                      400, "InvalidArgument"));
  EXPECT_EQ(Send("GET", "/bkt/u", "").status, 404) << "a refused put";
  EXPECT_NE(Send("GET", "/bkt/t?tagging", "").body.find("<Key>k</Key>"),
            std::string::npos);
  EXPECT_EQ(Send("DELETE", "/bkt/t?tagging", "").status, 204);
  EXPECT_FALSE(Send("HEAD", "/bkt/t", "").Header("x-oss-tagging-count"));
  EXPECT_EQ(Send("GET", "/bkt/t", "").body, "x");
  EXPECT_TRUE(
      IsError(Send("DELETE", "/bkt/missing?tagging", ""), 404, "NoSuchKey"));
}

TEST_F(ServeOperationsTest, SymlinksServeTheirTarget) {
  ASSERT_EQ(Send("PUT", "/bkt/link?symlink", "",
                 {{"x-oss-symlink-target", "src"}, {"x-oss-meta-own", "1"}})
                .status,
            200);
  http::HttpResponse read = Send("GET", "/bkt/link", "");
  EXPECT_EQ(read.body, "source bytes");
  EXPECT_EQ(read.Header("x-oss-object-type"), "Symlink");
  EXPECT_EQ(read.Header("x-oss-meta-own"), "1");
  EXPECT_EQ(read.Header("ETag"), Send("HEAD", "/bkt/src", "").Header("ETag"));
  EXPECT_EQ(Send("GET", "/bkt/link", "", {{"Range", "bytes=7-11"}}).body,
            "bytes");
  http::HttpResponse link = Send("GET", "/bkt/link?symlink", "");
  EXPECT_EQ(link.Header("x-oss-symlink-target"), "src");
  EXPECT_TRUE(IsError(Send("GET", "/bkt/src?symlink", ""), 400, "NotSymlink"));
  ASSERT_EQ(Send("PUT", "/bkt/dangling?symlink", "",
                 {{"x-oss-symlink-target", "nothing"}})
                .status,
            200);
  EXPECT_TRUE(
      IsError(Send("GET", "/bkt/dangling", ""), 404, "SymlinkTargetNotExist"));
  ASSERT_EQ(
      Send("PUT", "/bkt/chain?symlink", "", {{"x-oss-symlink-target", "link"}})
          .status,
      200);
  EXPECT_TRUE(IsError(Send("GET", "/bkt/chain", ""), 400, "InvalidTargetType"));
  EXPECT_EQ(Send("HEAD", "/bkt/chain", "").status, 400);
  EXPECT_TRUE(
      IsError(Send("PUT", "/bkt/l2?symlink", ""), 400, "InvalidArgument"));
  // Deleting the link leaves the target.
  EXPECT_EQ(Send("DELETE", "/bkt/link", "").status, 204);
  EXPECT_EQ(Send("GET", "/bkt/src", "").body, "source bytes");
}

TEST_F(ServeOperationsTest, AppendsCheckPositionAndChainTheCrc) {
  http::HttpResponse first =
      Send("POST", "/bkt/log?append&position=0", "12345");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Header("x-oss-next-append-position"), "5");
  EXPECT_EQ(first.Header("x-oss-hash-crc64ecma"), "6748440630437108969");
  http::HttpResponse second =
      Send("POST", "/bkt/log?append&position=5", "67890");
  EXPECT_EQ(second.Header("x-oss-hash-crc64ecma"), "12811388247244714686");
  http::HttpResponse stale = Send("POST", "/bkt/log?append&position=5", "x");
  EXPECT_TRUE(IsError(stale, 409, "PositionNotEqualToLength"));
  EXPECT_EQ(stale.Header("x-oss-next-append-position"), "10");
  EXPECT_TRUE(IsError(Send("POST", "/bkt/src?append&position=12", "x"), 409,
                      "ObjectNotAppendable"));
  EXPECT_TRUE(IsError(Send("POST", "/bkt/log?append&position=-1", "x"), 400,
                      "InvalidArgument"));
  EXPECT_TRUE(
      IsError(Send("POST", "/bkt/log?append", "x"), 400, "InvalidArgument"));
  EXPECT_TRUE(
      IsError(Send("POST", "/bkt/log?append&position=10", "x",
                   {{"Content-MD5", util::Base64Encode(util::Md5("other"))}}),
              400, "InvalidDigest"));
  http::HttpResponse head = Send("HEAD", "/bkt/log", "");
  EXPECT_EQ(head.Header("x-oss-object-type"), "Appendable");
  EXPECT_EQ(head.Header("x-oss-next-append-position"), "10");
  EXPECT_EQ(Send("GET", "/bkt/log", "").body, "1234567890");
  EXPECT_EQ(Send("GET", "/bkt/src", "").body, "source bytes");
}

TEST_F(ServeOperationsTest, BucketInfoLocationAndListBucketsPaging) {
  http::HttpResponse info = Send("GET", "/bkt?bucketInfo", "");
  ASSERT_EQ(info.status, 200);
  EXPECT_NE(info.body.find("<Name>bkt</Name>"), std::string::npos);
  EXPECT_NE(info.body.find("<Location>oss-cn-hangzhou</Location>"),
            std::string::npos);
  EXPECT_NE(Send("GET", "/bkt?location", "")
                .body.find("<LocationConstraint>oss-cn-hangzhou<"),
            std::string::npos);
  EXPECT_TRUE(
      IsError(Send("GET", "/nobkt?bucketInfo", ""), 404, "NoSuchBucket"));
  for (const char* name : {"/alpha-1", "/alpha-2", "/beta"}) {
    ASSERT_EQ(Send("PUT", name, "").status, 200);
  }
  http::HttpResponse page = Send("GET", "/?prefix=alpha-&max-keys=1", "");
  EXPECT_NE(page.body.find("<Name>alpha-1</Name>"), std::string::npos);
  EXPECT_EQ(page.body.find("alpha-2"), std::string::npos);
  EXPECT_NE(page.body.find("<IsTruncated>true</IsTruncated>"),
            std::string::npos);
  EXPECT_NE(page.body.find("<NextMarker>alpha-1</NextMarker>"),
            std::string::npos);
  http::HttpResponse next =
      Send("GET", "/?prefix=alpha-&max-keys=1&marker=alpha-1", "");
  EXPECT_NE(next.body.find("<Name>alpha-2</Name>"), std::string::npos);
  EXPECT_TRUE(
      IsError(Send("GET", "/?max-keys=5000", ""), 400, "InvalidArgument"));
}

TEST_F(ServeOperationsTest, VersioningThroughHttpAndItsBadInput) {
  EXPECT_EQ(Send("GET", "/bkt?versioning", "").body.find("<Status>"),
            std::string::npos);
  const std::string enable =
      "<VersioningConfiguration><Status>Enabled</Status>"
      "</VersioningConfiguration>";
  for (const char* bad :
       {"<VersioningConfiguration><Status>On</Status>"
        "</VersioningConfiguration>",
        "<Versioning><Status>Enabled</Status></Versioning>", "not xml"}) {
    EXPECT_TRUE(
        IsError(Send("PUT", "/bkt?versioning", bad), 400, "MalformedXML"))
        << bad;
  }
  EXPECT_EQ(Send("GET", "/bkt/src", "").Header("x-oss-version-id"),
            std::nullopt)
      << "a bucket never versioned names no versions";
  ASSERT_EQ(Send("PUT", "/bkt?versioning", enable).status, 200);
  EXPECT_NE(
      Send("GET", "/bkt?versioning", "").body.find("<Status>Enabled</Status>"),
      std::string::npos);
  http::HttpResponse put = Send("PUT", "/bkt/v", "one");
  const std::string v1 = put.Header("x-oss-version-id").value_or("");
  ASSERT_FALSE(v1.empty());
  ASSERT_EQ(Send("PUT", "/bkt/v", "two").status, 200);
  EXPECT_EQ(Send("GET", "/bkt/v?versionId=" + v1, "").body, "one");
  // A copy of an old version, named in the source.
  http::HttpResponse copied = Send(
      "PUT", "/bkt/c", "", {{"x-oss-copy-source", "/bkt/v?versionId=" + v1}});
  ASSERT_EQ(copied.status, 200) << copied.body;
  EXPECT_EQ(copied.Header("x-oss-copy-source-version-id"), v1);
  EXPECT_EQ(Send("GET", "/bkt/c", "").body, "one");

  http::HttpResponse deleted = Send("DELETE", "/bkt/v", "");
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(deleted.Header("x-oss-delete-marker"), "true");
  const std::string marker = deleted.Header("x-oss-version-id").value_or("");
  http::HttpResponse gone = Send("GET", "/bkt/v", "");
  EXPECT_TRUE(IsError(gone, 404, "NoSuchKey"));
  EXPECT_EQ(gone.Header("x-oss-delete-marker"), "true");
  EXPECT_EQ(gone.Header("x-oss-version-id"), marker);
  http::HttpResponse of_marker = Send("GET", "/bkt/v?versionId=" + marker, "");
  EXPECT_TRUE(IsError(of_marker, 405, "MethodNotAllowed"));
  EXPECT_NE(of_marker.body.find("<ResourceType>DeleteMarker</ResourceType>"),
            std::string::npos);
  EXPECT_TRUE(
      IsError(Send("PUT", "/bkt/c2", "",
                   {{"x-oss-copy-source", "/bkt/v?versionId=" + marker}}),
              404, "NoSuchKey"));
  EXPECT_TRUE(
      IsError(Send("GET", "/bkt/v?versionId=NOPE", ""), 404, "NoSuchVersion"));
  EXPECT_TRUE(
      IsError(Send("GET", "/bkt/v?versionId=", ""), 400, "InvalidArgument"));
  EXPECT_TRUE(IsError(Send("GET", "/bkt/v?versionId=a%2Fb", ""), 400,
                      "InvalidArgument"));
  http::HttpResponse listing = Send("GET", "/bkt?versions&prefix=v", "");
  EXPECT_NE(listing.body.find("<DeleteMarker><Key>v</Key><VersionId>" + marker +
                              "</VersionId><IsLatest>true<"),
            std::string::npos)
      << listing.body;
  EXPECT_TRUE(IsError(Send("GET", "/bkt?versions&version-id-marker=x", ""), 400,
                      "InvalidArgument"));
  EXPECT_TRUE(IsError(Send("GET", "/bkt?versions&max-keys=0", ""), 400,
                      "InvalidArgument"));
  // Removing the marker by its id brings the key back.
  ASSERT_EQ(Send("DELETE", "/bkt/v?versionId=" + marker, "").status, 204);
  EXPECT_EQ(Send("GET", "/bkt/v", "").body, "two");
}

}  // namespace
}  // namespace ossxfer::server
