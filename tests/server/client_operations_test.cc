// The Client's copy, ACL, tagging, append, symlink and bucket-information
// operations (oss-protocol-2.md §3-§9) against a real `ossxfer serve`,
// signed V4 and V1: each is checked by reading back what it changed (the
// bytes of a copy against its source, the tags an object ends up with),
// and each refusal by checking that nothing changed.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ossxfer/client.h"
#include "ossxfer/crc64.h"
#include "support/checksum_values.h"
#include "support/error_code.h"
#include "support/multipart_upload.h"
#include "support/serve_fixture.h"
#include "support/test_files.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::Crc64Value;

using ::ossxfer::testing::ServedBucketTestOf;
using ::ossxfer::testing::TestBytes;

using ::ossxfer::testing::ErrorCode;

class ClientOperationsTest
    : public ServedBucketTestOf<::testing::TestWithParam<SignatureVersion>> {
 protected:
  void SetUp() override { StartServeWithBucket(GetParam()); }

  const Client& client() const { return *client_; }

  void Put(const std::string& key, const std::string& data,
           ObjectAttributes attributes = {}) {
    StringSource source(data);
    PutObjectRequest request{"bucket", key};
    request.attributes = std::move(attributes);
    Result<PutObjectResult> put = client_->PutObject(request, source);
    ASSERT_TRUE(put.ok()) << put.status();
  }

  // The object's bytes, or the error as text.
  std::string Read(const std::string& key) const {
    StringSink sink;
    Result<GetObjectResult> got = client_->GetObject({"bucket", key}, sink);
    return got.ok() ? sink.data() : got.status().ToString();
  }

  ObjectMetadata Head(const std::string& key) const {
    Result<ObjectMetadata> head = client_->HeadObject({"bucket", key});
    EXPECT_TRUE(head.ok()) << head.status();
    return head.ok() ? *head : ObjectMetadata{};
  }

  std::vector<ObjectTag> Tags(const std::string& key) const {
    Result<std::vector<ObjectTag>> tags =
        client_->GetObjectTagging({"bucket", key});
    EXPECT_TRUE(tags.ok()) << tags.status();
    return tags.ok() ? *tags : std::vector<ObjectTag>{};
  }
};

INSTANTIATE_TEST_SUITE_P(
    Signatures, ClientOperationsTest,
    ::testing::Values(SignatureVersion::kV4, SignatureVersion::kV1),
    [](const ::testing::TestParamInfo<SignatureVersion>& info) {
      return info.param == SignatureVersion::kV4 ? std::string("V4")
                                                 : std::string("V1");
    });

TEST_P(ClientOperationsTest, VersioningAndListObjectVersions) {
  EXPECT_EQ(client().GetBucketVersioning("bucket").value_or("?"), "");
  EXPECT_EQ(client().PutBucketVersioning("bucket", "On").code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(client().PutBucketVersioning("bucket", "Enabled").ok());
  EXPECT_EQ(client().GetBucketVersioning("bucket").value_or("?"), "Enabled");
  Put("v/a", "one");
  Put("v/a", "two");
  Put("v/b b+", "three");
  ASSERT_TRUE(client().DeleteObject({"bucket", "v/b b+"}).ok());
  // Every version and the marker, newest first per key, over pages of one.
  ListObjectVersionsRequest request;
  request.bucket = "bucket";
  request.prefix = "v/";
  request.max_keys = 1;
  std::vector<std::tuple<std::string, bool, bool>> seen;
  std::set<std::string> ids;
  while (true) {
    Result<ListObjectVersionsResult> page =
        client().ListObjectVersions(request);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const ObjectVersionSummary& version : page->versions) {
      seen.emplace_back(version.object.key, version.is_latest,
                        version.delete_marker);
      ids.insert(version.version_id);
    }
    if (!page->is_truncated) break;
    request.key_marker = page->next_key_marker;
    request.version_id_marker = page->next_version_id_marker;
  }
  EXPECT_EQ(seen, (std::vector<std::tuple<std::string, bool, bool>>{
                      {"v/a", true, false},
                      {"v/a", false, false},
                      {"v/b b+", true, true},
                      {"v/b b+", false, false}}));
  EXPECT_EQ(ids.size(), 4u);
  ListObjectVersionsRequest bad = request;
  bad.key_marker.clear();
  bad.version_id_marker = "x";
  EXPECT_EQ(client().ListObjectVersions(bad).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(ClientOperationsTest, CopyObjectCopiesBytesAndMetadata) {
  const std::string data = TestBytes(300 * 1024, 1);
  // A key every SDK encodes differently in x-oss-copy-source.
  const std::string source_key = "dir/a b+c%&=.bin";
  ObjectAttributes attributes;
  attributes.content_type = "application/x-test";
  attributes.user_metadata = {{"owner", "alice"}};
  attributes.tagging = TaggingHeaderValue({{"team", "a b"}});
  Put(source_key, data, attributes);
  const ObjectMetadata source = Head(source_key);

  CopyObjectRequest request;
  request.source = {"bucket", source_key};
  request.bucket = "bucket";
  request.key = "copy/one.bin";
  Result<CopyObjectResult> copied = client().CopyObject(request);
  ASSERT_TRUE(copied.ok()) << copied.status();
  EXPECT_EQ(copied->etag, source.etag);
  EXPECT_EQ(Crc64Value(copied->checksum), Crc64(data));
  EXPECT_TRUE(copied->last_modified.has_value());
  EXPECT_TRUE(Read("copy/one.bin") == data);
  ObjectMetadata copy = Head("copy/one.bin");
  EXPECT_EQ(copy.content_type, "application/x-test");
  EXPECT_EQ(copy.user_metadata, source.user_metadata);
  EXPECT_EQ(Tags("copy/one.bin"), (std::vector<ObjectTag>{{"team", "a b"}}));

  // REPLACE: the request's metadata and tags, the same bytes.
  request.key = "copy/two.bin";
  request.metadata_directive = MetadataDirective::kReplace;
  request.tagging_directive = TaggingDirective::kReplace;
  request.attributes.content_type = "text/plain";
  request.attributes.user_metadata = {{"owner", "bob"}};
  request.attributes.tagging = TaggingHeaderValue({{"k", "v"}, {"e", ""}});
  request.attributes.acl = "public-read";
  ASSERT_TRUE(client().CopyObject(request).ok());
  EXPECT_TRUE(Read("copy/two.bin") == data);
  ObjectMetadata replaced = Head("copy/two.bin");
  EXPECT_EQ(replaced.content_type, "text/plain");
  EXPECT_EQ(replaced.user_metadata.at("owner"), "bob");
  EXPECT_EQ(replaced.tagging_count, 2u);
  EXPECT_EQ(Tags("copy/two.bin"),
            (std::vector<ObjectTag>{{"k", "v"}, {"e", ""}}));
  EXPECT_EQ(client().GetObjectAcl({"bucket", "copy/two.bin"})->grant,
            "public-read");

  // A self-copy with REPLACE changes the metadata and keeps the bytes.
  CopyObjectRequest self;
  self.source = {"bucket", source_key};
  self.bucket = "bucket";
  self.key = source_key;
  self.metadata_directive = MetadataDirective::kReplace;
  self.attributes.content_type = "image/png";
  ASSERT_TRUE(client().CopyObject(self).ok());
  EXPECT_EQ(Head(source_key).content_type, "image/png");
  EXPECT_TRUE(Read(source_key) == data);
}

TEST_P(ClientOperationsTest, CopyObjectConditionsAndErrorsCopyNothing) {
  Put("src", "source bytes");
  Put("dst", "destination bytes");
  const ObjectMetadata source = Head("src");
  CopyObjectRequest request;
  request.source = {"bucket", "src"};
  request.bucket = "bucket";
  request.key = "dst";

  request.conditions.if_match = "\"0123456789ABCDEF0123456789ABCDEF\"";
  Result<CopyObjectResult> mismatch = client().CopyObject(request);
  EXPECT_EQ(mismatch.status().code(), StatusCode::kPreconditionFailed)
      << mismatch.status();
  EXPECT_EQ(mismatch.status().service_error()->http_status, 412);

  request.conditions = {};
  request.conditions.if_none_match = source.etag;
  Result<CopyObjectResult> unmodified = client().CopyObject(request);
  EXPECT_EQ(unmodified.status().code(), StatusCode::kPreconditionFailed);
  EXPECT_NE(unmodified.status().message().find("nothing was copied"),
            std::string::npos)
      << unmodified.status();

  request.conditions = {};
  request.conditions.if_modified_since = source.last_modified;
  EXPECT_EQ(client().CopyObject(request).status().code(),
            StatusCode::kPreconditionFailed);
  request.conditions = {};
  request.conditions.if_unmodified_since =
      std::chrono::system_clock::now() - std::chrono::hours(24);
  EXPECT_EQ(client().CopyObject(request).status().code(),
            StatusCode::kPreconditionFailed);

  request.conditions = {};
  request.attributes.forbid_overwrite = true;
  Result<CopyObjectResult> forbidden = client().CopyObject(request);
  EXPECT_EQ(ErrorCode(forbidden.status()), "FileAlreadyExists");
  request.attributes.forbid_overwrite = false;

  request.source.key = "no-such-key";
  Result<CopyObjectResult> missing = client().CopyObject(request);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ErrorCode(missing.status()), "NoSuchKey");
  request.source = {"no-such-bucket", "src"};
  EXPECT_EQ(client().CopyObject(request).status().code(),
            StatusCode::kNotFound);

  EXPECT_EQ(Read("dst"), "destination bytes");

  // The condition that holds copies.
  request.source = {"bucket", "src"};
  request.conditions.if_match = source.etag;
  ASSERT_TRUE(client().CopyObject(request).ok());
  EXPECT_EQ(Read("dst"), "source bytes");
}

TEST_P(ClientOperationsTest, UploadPartCopyAssemblesAnObjectFromRanges) {
  const std::string data = TestBytes(350 * 1024, 2);
  Put("source.bin", data);
  Result<InitiateMultipartUploadResult> upload =
      client().InitiateMultipartUpload({"bucket", "assembled.bin"});
  ASSERT_TRUE(upload.ok()) << upload.status();
  const std::string& id = upload->upload_id;
  // Parts out of order of the source: the object is bytes 200K.. then 0..200K.
  UploadPartCopyRequest first{
      "bucket", "assembled.bin", id, 1, {"bucket", "source.bin"}};
  first.range = CopyRange{200 * 1024, 150 * 1024};
  UploadPartCopyRequest second{
      "bucket", "assembled.bin", id, 2, {"bucket", "source.bin"}};
  second.range = CopyRange{0, 200 * 1024};
  Result<UploadPartResult> part1 = client().UploadPartCopy(first);
  ASSERT_TRUE(part1.ok()) << part1.status();
  Result<UploadPartResult> part2 = client().UploadPartCopy(second);
  ASSERT_TRUE(part2.ok()) << part2.status();
  EXPECT_EQ(Crc64Value(part1->checksum), Crc64(data.substr(200 * 1024)));
  // A third part of the whole source, then dropped at Complete.
  Result<UploadPartResult> whole = client().UploadPartCopy(
      {"bucket", "assembled.bin", id, 3, {"bucket", "source.bin"}});
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(Crc64Value(whole->checksum), Crc64(data));

  Result<ListPartsResult> parts =
      client().ListParts({"bucket", "assembled.bin", id});
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->parts.size(), 3u);
  EXPECT_EQ(parts->parts[0].etag, part1->etag);
  EXPECT_EQ(parts->parts[0].size, 150u * 1024);

  Result<CompleteMultipartUploadResult> done = client().CompleteMultipartUpload(
      {"bucket", "assembled.bin", id, {{1, part1->etag}, {2, part2->etag}}});
  ASSERT_TRUE(done.ok()) << done.status();
  const std::string expected =
      data.substr(200 * 1024) + data.substr(0, 200 * 1024);
  EXPECT_EQ(Crc64Value(done->checksum), Crc64(expected));
  std::string read = Read("assembled.bin");
  EXPECT_EQ(read.size(), expected.size());
  EXPECT_TRUE(read == expected);
}

TEST_P(ClientOperationsTest, UploadPartCopyErrors) {
  Put("source.bin", "0123456789");
  Result<InitiateMultipartUploadResult> upload =
      client().InitiateMultipartUpload({"bucket", "dst.bin"});
  ASSERT_TRUE(upload.ok()) << upload.status();
  UploadPartCopyRequest request{
      "bucket", "dst.bin", upload->upload_id, 1, {"bucket", "source.bin"}};

  request.range = CopyRange{5, 6};  // bytes 5-10 of a 10-byte source
  Result<UploadPartResult> past_end = client().UploadPartCopy(request);
  ASSERT_FALSE(past_end.ok());
  EXPECT_EQ(ErrorCode(past_end.status()), "InvalidArgument");
  EXPECT_NE(past_end.status().ToString().find("runs past the end"),
            std::string::npos)
      << past_end.status();
  request.range = CopyRange{10, 1};
  EXPECT_FALSE(client().UploadPartCopy(request).ok());

  request.range = CopyRange{9, 1};  // the last byte: fine
  Result<UploadPartResult> last = client().UploadPartCopy(request);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(Crc64Value(last->checksum), Crc64("9"));

  request.source.key = "no-such-key";
  EXPECT_EQ(client().UploadPartCopy(request).status().code(),
            StatusCode::kNotFound);
  request.source.key = "source.bin";
  request.conditions.if_match = "\"00000000000000000000000000000000\"";
  EXPECT_EQ(client().UploadPartCopy(request).status().code(),
            StatusCode::kPreconditionFailed);
  request.conditions = {};
  request.upload_id = "no-such-upload";
  Result<UploadPartResult> no_upload = client().UploadPartCopy(request);
  EXPECT_EQ(no_upload.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ErrorCode(no_upload.status()), "NoSuchUpload");

  // Only the part that succeeded is there.
  Result<ListPartsResult> parts =
      client().ListParts({"bucket", "dst.bin", upload->upload_id});
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->parts.size(), 1u);
  EXPECT_EQ(parts->parts[0].size, 1u);
}

TEST_P(ClientOperationsTest, ObjectAndBucketAcls) {
  Put("k", "x");
  Result<AccessControlPolicy> initial = client().GetObjectAcl({"bucket", "k"});
  ASSERT_TRUE(initial.ok()) << initial.status();
  EXPECT_EQ(initial->grant, "default");
  for (const char* acl :
       {"private", "public-read", "public-read-write", "default"}) {
    ASSERT_TRUE(client().PutObjectAcl({"bucket", "k", "", acl}).ok()) << acl;
    EXPECT_EQ(client().GetObjectAcl({"bucket", "k"})->grant, acl);
  }
  Status invalid = client().PutObjectAcl({"bucket", "k", "", "public"});
  EXPECT_EQ(invalid.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(invalid.service_error(), nullptr);  // refused before sending
  EXPECT_EQ(client().GetObjectAcl({"bucket", "k"})->grant, "default");
  EXPECT_EQ(client().GetObjectAcl({"bucket", "none"}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(client().PutObjectAcl({"bucket", "none", "", "private"}).code(),
            StatusCode::kNotFound);

  // The ACL of a write.
  ObjectAttributes attributes;
  attributes.acl = "public-read";
  Put("open", "y", attributes);
  EXPECT_EQ(client().GetObjectAcl({"bucket", "open"})->grant, "public-read");

  Result<AccessControlPolicy> bucket = client().GetBucketAcl("bucket");
  ASSERT_TRUE(bucket.ok()) << bucket.status();
  EXPECT_EQ(bucket->grant, "private");
  ASSERT_TRUE(client().PutBucketAcl("bucket", "public-read").ok());
  EXPECT_EQ(client().GetBucketAcl("bucket")->grant, "public-read");
  EXPECT_EQ(client().PutBucketAcl("bucket", "default").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(client().GetBucketAcl("bucket")->grant, "public-read");
  EXPECT_EQ(client().GetBucketAcl("no-such-bucket").status().code(),
            StatusCode::kNotFound);
}

TEST_P(ClientOperationsTest, TagsArePutReadCountedAndDeleted) {
  Put("k", "x");
  EXPECT_EQ(Head("k").tagging_count, 0u);
  EXPECT_TRUE(Tags("k").empty());
  const std::vector<ObjectTag> tags = {
      {"project", "ossxfer"}, {"a b+c", "1/2:3=4"}, {"empty", ""}};
  ASSERT_TRUE(client().PutObjectTagging({"bucket", "k", "", tags}).ok());
  EXPECT_EQ(Tags("k"), tags);
  EXPECT_EQ(Head("k").tagging_count, 3u);
  EXPECT_EQ(Read("k"), "x");  // the bytes are untouched

  // Replaced as a whole, then removed.
  ASSERT_TRUE(
      client().PutObjectTagging({"bucket", "k", "", {{"one", "1"}}}).ok());
  EXPECT_EQ(Tags("k"), (std::vector<ObjectTag>{{"one", "1"}}));
  ASSERT_TRUE(client().DeleteObjectTagging({"bucket", "k"}).ok());
  EXPECT_TRUE(Tags("k").empty());
  EXPECT_EQ(Head("k").tagging_count, 0u);
  EXPECT_EQ(client().GetObjectTagging({"bucket", "none"}).status().code(),
            StatusCode::kNotFound);
}

TEST_P(ClientOperationsTest, TagLimitsAreTheServersAndChangeNothing) {
  Put("k", "x");
  const std::vector<ObjectTag> kept = {{"kept", "yes"}};
  ASSERT_TRUE(client().PutObjectTagging({"bucket", "k", "", kept}).ok());
  std::vector<ObjectTag> eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back({"k" + std::to_string(i), ""});
  struct Case {
    const char* name;
    std::vector<ObjectTag> tags;
    const char* code;
  };
  for (const Case& bad :
       {Case{"11 tags", eleven, "InvalidTag"},
        Case{"129-byte key", {{std::string(129, 'k'), "v"}}, "InvalidTag"},
        Case{"257-byte value", {{"k", std::string(257, 'v')}}, "InvalidTag"},
        Case{"empty key", {{"", "v"}}, "InvalidTag"},
        Case{"'&' in a key", {{"a&b", "v"}}, "InvalidTag"},
        Case{"a key twice", {{"a", "1"}, {"a", "2"}}, "InvalidTag"}}) {
    Status refused = client().PutObjectTagging({"bucket", "k", "", bad.tags});
    EXPECT_EQ(refused.code(), StatusCode::kServiceError) << bad.name;
    EXPECT_EQ(ErrorCode(refused), bad.code) << bad.name << ": " << refused;
    EXPECT_EQ(Tags("k"), kept) << bad.name;
  }
  // The limits themselves are fine.
  std::vector<ObjectTag> ten(eleven.begin(), eleven.end() - 1);
  ten[0] = {std::string(128, 'k'), std::string(256, 'v')};
  ASSERT_TRUE(client().PutObjectTagging({"bucket", "k", "", ten}).ok());
  EXPECT_EQ(Tags("k"), ten);

  // Through x-oss-tagging on a write: too many tags refuse the write.
  ObjectAttributes attributes;
  attributes.tagging = TaggingHeaderValue(eleven);
  StringSource source("y");
  PutObjectRequest put{"bucket", "new"};
  put.attributes = attributes;
  Result<PutObjectResult> refused = client().PutObject(put, source);
  EXPECT_EQ(ErrorCode(refused.status()), "BadRequest") << refused.status();
  EXPECT_EQ(client().HeadObject({"bucket", "new"}).status().code(),
            StatusCode::kNotFound);
}

TEST_P(ClientOperationsTest, WritesCarryTheirTags) {
  const std::vector<ObjectTag> tags = {{"key1=", "value 1+"}, {"key3:/", ""}};
  ObjectAttributes attributes;
  attributes.tagging = TaggingHeaderValue(tags);
  attributes.acl = "private";
  Put("put", "p", attributes);
  EXPECT_EQ(Tags("put"), tags);
  EXPECT_EQ(Head("put").tagging_count, 2u);
  EXPECT_EQ(client().GetObjectAcl({"bucket", "put"})->grant, "private");

  InitiateMultipartUploadRequest initiate{"bucket", "multi"};
  initiate.attributes = attributes;
  Result<InitiateMultipartUploadResult> upload =
      client().InitiateMultipartUpload(initiate);
  ASSERT_TRUE(upload.ok()) << upload.status();
  StringSource part("m");
  Result<UploadPartResult> sent =
      client().UploadPart({"bucket", "multi", upload->upload_id, 1}, part);
  ASSERT_TRUE(sent.ok()) << sent.status();
  ASSERT_TRUE(client()
                  .CompleteMultipartUpload(
                      {"bucket", "multi", upload->upload_id, {{1, sent->etag}}})
                  .ok());
  EXPECT_EQ(Tags("multi"), tags);
  EXPECT_EQ(client().GetObjectAcl({"bucket", "multi"})->grant, "private");
}

TEST_P(ClientOperationsTest, AppendsChainTheirCrc) {
  const std::vector<std::string> chunks = {"12345", "67890",
                                           TestBytes(100000, 3), ""};
  std::string expected;
  std::optional<uint64_t> crc;
  uint64_t position = 0;
  for (const std::string& chunk : chunks) {
    AppendObjectRequest request{"bucket", "log.txt", position};
    request.previous_crc64 = crc;
    request.attributes.content_type = "text/plain";
    StringSource source(chunk);
    Result<AppendObjectResult> appended =
        client().AppendObject(request, source);
    ASSERT_TRUE(appended.ok()) << appended.status();
    expected += chunk;
    EXPECT_EQ(appended->next_position, expected.size());
    EXPECT_EQ(appended->crc64, Crc64(expected));
    position = appended->next_position;
    crc = appended->crc64;
  }
  EXPECT_TRUE(Read("log.txt") == expected);
  ObjectMetadata head = Head("log.txt");
  EXPECT_EQ(head.object_type, "Appendable");
  EXPECT_EQ(head.content_type, "text/plain");  // from the first append

  // A CRC chain that does not match what the server holds.
  AppendObjectRequest wrong_crc{"bucket", "log.txt", position};
  wrong_crc.previous_crc64 = *crc ^ 1;
  StringSource more("more");
  Result<AppendObjectResult> broken = client().AppendObject(wrong_crc, more);
  EXPECT_EQ(broken.status().code(), StatusCode::kDataCorruption)
      << broken.status();
}

TEST_P(ClientOperationsTest, AppendAtTheWrongPositionSaysWhereToAppend) {
  StringSource first("0123456789");
  ASSERT_TRUE(client().AppendObject({"bucket", "log", 0}, first).ok());
  for (uint64_t position : {0, 5, 11}) {
    StringSource again("abc");
    Result<AppendObjectResult> appended =
        client().AppendObject({"bucket", "log", position}, again);
    ASSERT_FALSE(appended.ok()) << position;
    EXPECT_EQ(ErrorCode(appended.status()), "PositionNotEqualToLength");
    EXPECT_NE(appended.status().message().find(
                  "the next append must be at position 10"),
              std::string::npos)
        << appended.status();
  }
  EXPECT_EQ(Read("log"), "0123456789");

  // A Normal object cannot be appended to.
  Put("normal", "n");
  StringSource onto("x");
  Result<AppendObjectResult> not_appendable =
      client().AppendObject({"bucket", "normal", 1}, onto);
  EXPECT_EQ(ErrorCode(not_appendable.status()), "ObjectNotAppendable");
  EXPECT_EQ(Read("normal"), "n");
}

TEST_P(ClientOperationsTest, SymlinksPointAtTheirTarget) {
  const std::string data = TestBytes(5000, 4);
  Put("dir/target file+1.bin", data);
  PutSymlinkRequest link{"bucket", "links/latest", "dir/target file+1.bin"};
  link.attributes.user_metadata = {{"kind", "link"}};
  ASSERT_TRUE(client().PutSymlink(link).ok());
  Result<std::string> target = client().GetSymlink({"bucket", "links/latest"});
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(*target, "dir/target file+1.bin");
  EXPECT_TRUE(Read("links/latest") == data);
  ObjectMetadata head = Head("links/latest");
  EXPECT_EQ(head.object_type, "Symlink");
  EXPECT_EQ(head.size, data.size());
  EXPECT_EQ(head.user_metadata.at("kind"), "link");

  // A link to nothing yet is allowed; reading it is not.
  ASSERT_TRUE(client().PutSymlink({"bucket", "dangling", "missing"}).ok());
  EXPECT_EQ(*client().GetSymlink({"bucket", "dangling"}), "missing");
  EXPECT_EQ(client().HeadObject({"bucket", "dangling"}).status().code(),
            StatusCode::kNotFound);

  Result<std::string> not_link =
      client().GetSymlink({"bucket", "dir/target file+1.bin"});
  EXPECT_EQ(ErrorCode(not_link.status()), "NotSymlink");
  EXPECT_EQ(client().GetSymlink({"bucket", "none"}).status().code(),
            StatusCode::kNotFound);
  PutSymlinkRequest forbidden{"bucket", "links/latest", "other"};
  forbidden.attributes.forbid_overwrite = true;
  EXPECT_EQ(ErrorCode(client().PutSymlink(forbidden)), "FileAlreadyExists");
  EXPECT_EQ(*client().GetSymlink({"bucket", "links/latest"}),
            "dir/target file+1.bin");
}

TEST_P(ClientOperationsTest, BucketInfoAndLocation) {
  const auto before = std::chrono::system_clock::now();
  ASSERT_TRUE(client().CreateBucket("info-bucket").ok());
  ASSERT_TRUE(client().PutBucketAcl("info-bucket", "public-read").ok());
  Result<BucketInfo> info = client().GetBucketInfo("info-bucket");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->name, "info-bucket");
  EXPECT_EQ(info->location, "oss-cn-hangzhou");
  EXPECT_EQ(info->acl, "public-read");
  EXPECT_EQ(info->storage_class, "Standard");
  ASSERT_TRUE(info->creation_date.has_value());
  EXPECT_GE(*info->creation_date, before - std::chrono::seconds(2));
  EXPECT_LE(*info->creation_date,
            std::chrono::system_clock::now() + std::chrono::seconds(2));
  Result<std::string> location = client().GetBucketLocation("info-bucket");
  ASSERT_TRUE(location.ok()) << location.status();
  EXPECT_EQ(*location, "oss-cn-hangzhou");

  Result<BucketInfo> missing = client().GetBucketInfo("no-such-bucket");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ErrorCode(missing.status()), "NoSuchBucket");
  EXPECT_EQ(client().GetBucketLocation("no-such-bucket").status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace ossxfer
