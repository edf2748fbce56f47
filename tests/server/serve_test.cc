// `ossxfer serve` as a real process, driven by the library's client and by
// plain curl: every operation, the errors OSS gives, signatures, keys that
// try to escape the root, persistence and crashes.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "auth/signer_v1.h"
#include "auth/signer_v4.h"
#include "auth/v4_parameters.h"
#include "http/http_connection.h"
#include "ossxfer/crc64.h"
#include "support/checksum_values.h"
#include "support/error_code.h"
#include "support/multipart_upload.h"
#include "support/serve_fixture.h"
#include "support/serve_process.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/time_format.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::Crc64Value;

using ::ossxfer::testing::PutMultipart;
using ::ossxfer::testing::RunCommand;
using ::ossxfer::testing::ServedBucketTest;
using ::ossxfer::testing::ServeProcess;
using ::ossxfer::testing::TempDir;

std::string Pattern(size_t size, uint64_t seed) {
  std::string data(size, '\0');
  uint64_t state = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (char& c : data) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    c = static_cast<char>(state);
  }
  return data;
}

Status Put(const Client& client, const std::string& bucket,
           const std::string& key, const std::string& data,
           ObjectAttributes attributes = {}) {
  StringSource source(data);
  PutObjectRequest request{bucket, key, std::move(attributes)};
  return client.PutObject(request, source).status();
}

Result<std::string> Get(const Client& client, const std::string& bucket,
                        const std::string& key,
                        std::optional<ByteRange> range = std::nullopt) {
  StringSink sink;
  GetObjectRequest request{bucket, key};
  request.range = range;
  Result<GetObjectResult> got = client.GetObject(request, sink);
  if (!got.ok()) return got.status();
  return sink.data();
}

// The regular files directly in `dir`.
size_t FileCount(const std::filesystem::path& dir) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) ++count;
  }
  return count;
}

using ::ossxfer::testing::ErrorCode;

class ServeTest : public ServedBucketTest {};

TEST_F(ServeTest, BucketLifecycleAndErrors) {
  const Client& client = *client_;
  EXPECT_EQ(ErrorCode(client.CreateBucket("bucket")), "BucketAlreadyExists");
  ASSERT_TRUE(client.CreateBucket("second-bucket").ok());
  Result<std::vector<BucketSummary>> buckets = client.ListBuckets();
  ASSERT_TRUE(buckets.ok()) << buckets.status();
  ASSERT_EQ(buckets->size(), 2u);
  EXPECT_EQ((*buckets)[0].name, "bucket");
  ASSERT_TRUE(Put(client, "second-bucket", "k", "x").ok());
  EXPECT_EQ(ErrorCode(client.DeleteBucket("second-bucket")), "BucketNotEmpty");
  ASSERT_TRUE(client.DeleteObject({"second-bucket", "k"}).ok());
  ASSERT_TRUE(client.DeleteBucket("second-bucket").ok());
  Status missing = client.DeleteBucket("second-bucket");
  EXPECT_EQ(ErrorCode(missing), "NoSuchBucket");
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(ErrorCode(Put(client, "no-such-bucket", "k", "x")), "NoSuchBucket");
}

TEST_F(ServeTest, PutGetHeadRoundTripWithMetadata) {
  const Client& client = *client_;
  std::string data = Pattern(300000, 1);
  ObjectAttributes attributes;
  attributes.content_type = "text/plain";
  attributes.user_metadata = {{"author", "alice"}};
  attributes.cache_control = "no-cache";
  StringSource source(data);
  Result<PutObjectResult> put =
      client.PutObject({"bucket", "dir/a b+c.txt", attributes}, source);
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_EQ(put->etag, "\"" + util::HexUpper(util::Md5(data)) + "\"");
  EXPECT_EQ(Crc64Value(put->checksum), Crc64(data));

  Result<ObjectMetadata> head =
      client.HeadObject({"bucket", "dir/a b+c.txt", ""});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, data.size());
  EXPECT_EQ(head->etag, put->etag);
  EXPECT_EQ(Crc64Value(head->checksum), Crc64(data));
  EXPECT_EQ(head->content_type, "text/plain");
  EXPECT_EQ(head->user_metadata["author"], "alice");
  EXPECT_EQ(head->cache_control, "no-cache");
  EXPECT_EQ(head->object_type, "Normal");
  EXPECT_EQ(head->storage_class, "Standard");
  ASSERT_TRUE(head->last_modified);

  Result<ObjectMetadata> meta =
      client.GetObjectMeta({"bucket", "dir/a b+c.txt", ""});
  ASSERT_TRUE(meta.ok()) << meta.status();
  EXPECT_EQ(meta->etag, put->etag);
  EXPECT_EQ(Crc64Value(meta->checksum), Crc64(data));

  EXPECT_TRUE(Get(client, "bucket", "dir/a b+c.txt").value_or("?") == data);
  Result<ObjectMetadata> missing = client.HeadObject({"bucket", "nope", ""});
  EXPECT_EQ(ErrorCode(missing.status()),
            "NoSuchKey");  // decoded from x-oss-err
  EXPECT_FALSE(missing.status().service_error()->request_id.empty());
  EXPECT_EQ(ErrorCode(Get(client, "bucket", "nope").status()), "NoSuchKey");
}

// Client::DeleteObjects against serve, signed V4 and V1: the keys go, the
// others stay; bad requests are refused before anything is sent.
TEST_F(ServeTest, DeleteObjectsInOneRequest) {
  for (SignatureVersion version :
       {SignatureVersion::kV4, SignatureVersion::kV1}) {
    ClientOptions options = server_->ClientOptionsFor();
    options.signature_version = version;
    Result<Client> client = Client::Create(options);
    ASSERT_TRUE(client.ok()) << client.status();
    for (const char* key : {"d/1", "d/2 space", "d/3+plus", "keep"}) {
      ASSERT_TRUE(Put(*client, "bucket", key, "x").ok()) << key;
    }
    DeleteObjectsRequest request;
    request.bucket = "bucket";
    request.keys = {"d/1", "d/2 space", "d/3+plus", "d/never"};
    Result<DeleteObjectsResult> deleted = client->DeleteObjects(request);
    ASSERT_TRUE(deleted.ok()) << deleted.status();
    EXPECT_EQ(deleted->deleted, request.keys);
    for (const char* key : {"d/1", "d/2 space", "d/3+plus"}) {
      EXPECT_FALSE(Get(*client, "bucket", key, std::nullopt).ok()) << key;
    }
    EXPECT_EQ(Get(*client, "bucket", "keep", std::nullopt).value_or("?"), "x");

    request.quiet = true;
    request.keys = {"keep"};
    Result<DeleteObjectsResult> quiet = client->DeleteObjects(request);
    ASSERT_TRUE(quiet.ok()) << quiet.status();
    EXPECT_TRUE(quiet->deleted.empty());
    EXPECT_FALSE(Get(*client, "bucket", "keep", std::nullopt).ok());
  }
  DeleteObjectsRequest none{"bucket", {}};
  EXPECT_EQ(client_->DeleteObjects(none).status().code(),
            StatusCode::kInvalidArgument);
  DeleteObjectsRequest too_many{"bucket", std::vector<std::string>(1001, "k")};
  EXPECT_EQ(client_->DeleteObjects(too_many).status().code(),
            StatusCode::kInvalidArgument);
  DeleteObjectsRequest missing{"no-such-bucket", {"k"}};
  EXPECT_EQ(client_->DeleteObjects(missing).status().code(),
            StatusCode::kNotFound);
}

TEST_F(ServeTest, V1SignaturesWork) {
  Client v1 = server_->MakeClient(SignatureVersion::kV1);
  ASSERT_TRUE(Put(v1, "bucket", "v1-key", "hello").ok());
  EXPECT_TRUE(Get(v1, "bucket", "v1-key").value_or("?") == "hello");
}

TEST_F(ServeTest, RangesInStandardMode) {
  std::string data = Pattern(1000, 2);
  ASSERT_TRUE(Put(*client_, "bucket", "r", data).ok());
  EXPECT_EQ(Get(*client_, "bucket", "r", ByteRange{0, 499}).value_or("?"),
            data.substr(0, 500));
  EXPECT_EQ(
      Get(*client_, "bucket", "r", ByteRange{500, std::nullopt}).value_or("?"),
      data.substr(500));
  EXPECT_EQ(Get(*client_, "bucket", "r", ByteRange{500, 2000}).value_or("?"),
            data.substr(500));
  Result<std::string> past_end =
      Get(*client_, "bucket", "r", ByteRange{1000, 2000});
  EXPECT_EQ(ErrorCode(past_end.status()), "InvalidRange");
  EXPECT_EQ(past_end.status().service_error()->http_status, 416);
}

TEST_F(ServeTest, ConditionalRequests) {
  ASSERT_TRUE(Put(*client_, "bucket", "c", "content").ok());
  Result<ObjectMetadata> head = client_->HeadObject({"bucket", "c", ""});
  ASSERT_TRUE(head.ok());
  StringSink sink;
  GetObjectRequest request{"bucket", "c"};
  request.if_match = head->etag;
  EXPECT_TRUE(client_->GetObject(request, sink).ok());
  request.if_match = "\"0000\"";
  Result<GetObjectResult> changed = client_->GetObject(request, sink);
  EXPECT_EQ(changed.status().code(), StatusCode::kPreconditionFailed);
  EXPECT_EQ(ErrorCode(changed.status()), "PreconditionFailed");
  request.if_match.clear();
  request.if_none_match =
      UnquotedEtag(head->etag);  // without quotes matches too
  EXPECT_EQ(ErrorCode(client_->GetObject(request, sink).status()),
            "NotModified");
  request.if_none_match.clear();
  request.if_modified_since = *head->last_modified + std::chrono::seconds(10);
  EXPECT_EQ(ErrorCode(client_->GetObject(request, sink).status()),
            "NotModified");
  request.if_modified_since.reset();
  request.if_unmodified_since = *head->last_modified - std::chrono::hours(1);
  EXPECT_EQ(ErrorCode(client_->GetObject(request, sink).status()),
            "PreconditionFailed");
}

TEST_F(ServeTest, MultipartUploadEndToEnd) {
  const Client& client = *client_;
  Result<InitiateMultipartUploadResult> upload = client.InitiateMultipartUpload(
      {"bucket", "big.bin", {.content_type = "application/x-big"}});
  ASSERT_TRUE(upload.ok()) << upload.status();
  EXPECT_EQ(upload->upload_id.size(), 32u);
  std::vector<std::string> parts = {Pattern(102400, 3), Pattern(150000, 4),
                                    Pattern(777, 5)};
  std::vector<CompletedPart> completed;
  uint64_t combined = 0;
  std::string md5s;
  for (size_t i = 0; i < parts.size(); ++i) {
    StringSource source(parts[i]);
    Result<UploadPartResult> part = client.UploadPart(
        {"bucket", "big.bin", upload->upload_id, static_cast<int>(i + 1)},
        source);
    ASSERT_TRUE(part.ok()) << part.status();
    completed.push_back({static_cast<int>(i + 1), part->etag});
    combined = Crc64Combine(combined, Crc64(parts[i]), parts[i].size());
    md5s += util::Md5(parts[i]);
  }
  Result<ListPartsResult> page =
      client.ListParts({"bucket", "big.bin", upload->upload_id, 2, 0});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->is_truncated);
  ASSERT_EQ(page->parts.size(), 2u);
  EXPECT_EQ(page->parts[1].size, 150000u);
  EXPECT_EQ(Crc64Value(page->parts[1].checksum), Crc64(parts[1]));
  Result<ListPartsResult> rest =
      client.ListParts({"bucket", "big.bin", upload->upload_id, 2,
                        page->next_part_number_marker});
  ASSERT_TRUE(rest.ok());
  EXPECT_FALSE(rest->is_truncated);
  ASSERT_EQ(rest->parts.size(), 1u);
  EXPECT_EQ(rest->parts[0].part_number, 3);

  Result<ListMultipartUploadsResult> uploads =
      client.ListMultipartUploads({"bucket"});
  ASSERT_TRUE(uploads.ok());
  ASSERT_EQ(uploads->uploads.size(), 1u);
  EXPECT_EQ(uploads->uploads[0].upload_id, upload->upload_id);

  Result<CompleteMultipartUploadResult> done = client.CompleteMultipartUpload(
      {"bucket", "big.bin", upload->upload_id, completed});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(Crc64Value(done->checksum), combined);
  EXPECT_EQ(done->etag, "\"" + util::HexUpper(util::Md5(md5s)) + "-3\"");
  EXPECT_EQ(Get(client, "bucket", "big.bin").value_or("?"),
            parts[0] + parts[1] + parts[2]);
  Result<ObjectMetadata> head = client.HeadObject({"bucket", "big.bin", ""});
  EXPECT_EQ(head->object_type, "Multipart");
  EXPECT_EQ(head->content_type, "application/x-big");
  EXPECT_EQ(
      ErrorCode(client
                    .CompleteMultipartUpload(
                        {"bucket", "big.bin", upload->upload_id, completed})
                    .status()),
      "NoSuchUpload");
  EXPECT_TRUE(client.ListMultipartUploads({"bucket"})->uploads.empty());
}

TEST_F(ServeTest, MultipartRulesAtComplete) {
  const Client& client = *client_;
  auto start = [&] {
    return client.InitiateMultipartUpload({"bucket", "m"})->upload_id;
  };
  auto upload = [&](const std::string& id, int number,
                    const std::string& data) {
    StringSource source(data);
    return client.UploadPart({"bucket", "m", id, number}, source)->etag;
  };
  std::string id = start();
  std::string small_etag = upload(id, 1, "tiny");
  std::string last_etag = upload(id, 2, "last");
  EXPECT_EQ(
      ErrorCode(client
                    .CompleteMultipartUpload(
                        {"bucket", "m", id, {{1, small_etag}, {2, last_etag}}})
                    .status()),
      "EntityTooSmall");
  EXPECT_EQ(ErrorCode(client
                          .CompleteMultipartUpload(
                              {"bucket", "m", id, {{1, "\"BADETAG\""}}})
                          .status()),
            "InvalidPart");
  EXPECT_EQ(
      ErrorCode(
          client.CompleteMultipartUpload({"bucket", "m", id, {{7, small_etag}}})
              .status()),
      "InvalidPart");
  // complete-all: every stored part, in order; here the first is too small.
  CompleteMultipartUploadRequest all{"bucket", "m", id};
  all.complete_all = true;
  EXPECT_EQ(ErrorCode(client.CompleteMultipartUpload(all).status()),
            "EntityTooSmall");
  upload(id, 1, Pattern(102400, 6));  // replaces part 1
  Result<CompleteMultipartUploadResult> done =
      client.CompleteMultipartUpload(all);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(Get(client, "bucket", "m").value_or("?"),
            Pattern(102400, 6) + "last");

  std::string aborted = start();
  upload(aborted, 1, "x");
  ASSERT_TRUE(client.AbortMultipartUpload({"bucket", "m", aborted}).ok());
  EXPECT_EQ(ErrorCode(client.AbortMultipartUpload({"bucket", "m", aborted})),
            "NoSuchUpload");
  StringSource source("y");
  EXPECT_EQ(
      ErrorCode(
          client.UploadPart({"bucket", "m", aborted, 1}, source).status()),
      "NoSuchUpload");
}

TEST_F(ServeTest, ListObjectsPagesWithDelimiter) {
  for (const char* key : {"a/1", "a/2", "b/1", "c", "d%_x", "e"}) {
    ASSERT_TRUE(Put(*client_, "bucket", key, key).ok());
  }
  std::vector<std::string> seen;
  ListObjectsV2Request request{"bucket", "", "/", "", "", 2};
  for (int page = 0; page < 10; ++page) {
    Result<ListObjectsV2Result> result = client_->ListObjectsV2(request);
    ASSERT_TRUE(result.ok()) << result.status();
    for (const ObjectSummary& object : result->objects)
      seen.push_back(object.key);
    for (const std::string& prefix : result->common_prefixes)
      seen.push_back(prefix);
    if (!result->is_truncated) break;
    request.continuation_token = result->next_continuation_token;
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"a/", "b/", "c", "d%_x", "e"}));
  Result<ListObjectsV2Result> prefixed =
      client_->ListObjectsV2({"bucket", "a/", "", "", "", 100});
  ASSERT_TRUE(prefixed.ok());
  ASSERT_EQ(prefixed->objects.size(), 2u);
  EXPECT_EQ(prefixed->objects[1].key, "a/2");
  EXPECT_EQ(prefixed->objects[1].size, 3u);
}

TEST_F(ServeTest, KeysNeverEscapeTheRoot) {
  TempDir outside;
  std::vector<std::string> keys = {"../escape",
                                   "../../../../../../tmp/escape",
                                   "a/../../b",
                                   "..",
                                   "a//b///c",
                                   " spaces and\ttabs ",
                                   "\xe4\xb8\xad\xe6\x96\x87/\xf0\x9f\x98\x80",
                                   std::string(1023, 'k')};
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_TRUE(
        Put(*client_, "bucket", keys[i], "payload " + std::to_string(i)).ok())
        << keys[i];
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(Get(*client_, "bucket", keys[i]).value_or("?"),
              "payload " + std::to_string(i));
  }
  EXPECT_FALSE(std::filesystem::exists("/tmp/escape"));
  EXPECT_FALSE(std::filesystem::exists(root_.path().parent_path() / "escape"));
  EXPECT_FALSE(std::filesystem::exists(root_.path().parent_path() / "b"));
  // Nothing under the root is named after a key.
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(root_.path())) {
    std::string name = entry.path().filename().string();
    EXPECT_EQ(name.find("escape"), std::string::npos) << entry.path();
    EXPECT_EQ(name.find("payload"), std::string::npos) << entry.path();
  }
  Status too_long = Put(*client_, "bucket", std::string(1024, 'k'), "x");
  EXPECT_EQ(too_long.code(),
            StatusCode::kInvalidArgument);  // refused by the client
}

TEST_F(ServeTest, SignatureRejections) {
  ClientOptions wrong = server_->ClientOptionsFor();
  wrong.credentials = MakeStaticCredentialsProvider(
      Credentials{testing::kServeKeyId, "not-the-secret", ""});
  Client wrong_secret = std::move(Client::Create(wrong)).value();
  Status v4 = wrong_secret.HeadObject({"bucket", "k", ""}).status();
  EXPECT_EQ(ErrorCode(v4), "SignatureDoesNotMatch");
  EXPECT_EQ(v4.service_error()->ec, "0002-00000201");
  wrong.signature_version = SignatureVersion::kV1;
  Client wrong_v1 = std::move(Client::Create(wrong)).value();
  EXPECT_EQ(ErrorCode(wrong_v1.HeadObject({"bucket", "k", ""}).status()),
            "SignatureDoesNotMatch");

  ClientOptions unknown = server_->ClientOptionsFor();
  unknown.credentials =
      MakeStaticCredentialsProvider(Credentials{"nobody", "x", ""});
  EXPECT_EQ(ErrorCode(std::move(Client::Create(unknown))
                          .value()
                          .HeadObject({"bucket", "k", ""})
                          .status()),
            "InvalidAccessKeyId");

  ClientOptions anonymous = server_->ClientOptionsFor();
  anonymous.credentials = MakeAnonymousCredentialsProvider();
  EXPECT_EQ(ErrorCode(std::move(Client::Create(anonymous))
                          .value()
                          .HeadObject({"bucket", "k", ""})
                          .status()),
            "AccessDenied");

  // The body of a mismatch shows what the server signed, as OSS does.
  ASSERT_TRUE(Put(*client_, "bucket", "k", "x").ok());
  std::string url = *wrong_secret.PresignUrl(
      {"GET", "bucket", "k", "", std::chrono::minutes(5)});
  testing::CommandResult curl = RunCommand("curl -s '" + url + "'");
  EXPECT_NE(curl.output.find("<Code>SignatureDoesNotMatch</Code>"),
            std::string::npos)
      << curl.output;
  EXPECT_NE(curl.output.find("<StringToSign>OSS4-HMAC-SHA256"),
            std::string::npos)
      << curl.output;
  EXPECT_NE(curl.output.find("<CanonicalRequest>GET"), std::string::npos)
      << curl.output;
}

TEST_F(ServeTest, SkewedDateIsRejected) {
  auth::SignableRequest request{"HEAD", "bucket", "k", {}, {}};
  Credentials credentials{testing::kServeKeyId, testing::kServeKeySecret, ""};
  auth::SignerV1::SignHeaders(
      request, credentials,
      std::chrono::system_clock::now() - std::chrono::hours(1));
  http::HttpConnection connection(http::HttpSettings{});
  Result<http::HttpResponse> response = connection.Send(
      http::HttpRequest{"HEAD", server_->endpoint() + "/bucket/k",
                        request.headers},
      nullptr);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 403);
  std::string error =
      *util::Base64Decode(response->Header("x-oss-err").value_or(""));
  EXPECT_NE(error.find("RequestTimeTooSkewed"), std::string::npos) << error;
  EXPECT_TRUE(response->Header("Date"));  // clients correct their clock from it
  // The client corrects its clock and succeeds; the server's clock is ours
  // here, so a plain request just works.
  EXPECT_TRUE(client_->HeadObject({"bucket", "k", ""}).status().code() ==
              StatusCode::kNotFound);
}

TEST_F(ServeTest, PresignedUrlsWorkWithCurl) {
  std::string data = Pattern(200000, 7);
  ASSERT_TRUE(Put(*client_, "bucket", "shared file.bin", data).ok());
  TempDir downloads;
  for (SignatureVersion version :
       {SignatureVersion::kV1, SignatureVersion::kV4}) {
    Client client = server_->MakeClient(version);
    std::string url = *client.PresignUrl(
        {"GET", "bucket", "shared file.bin", "", std::chrono::minutes(5)});
    std::string out = (downloads.path() / "out").string();
    testing::CommandResult curl =
        RunCommand("curl -sf -o " + out + " '" + url + "'");
    ASSERT_EQ(curl.exit_code, 0) << url;
    std::ifstream file(out, std::ios::binary);
    std::string received((std::istreambuf_iterator<char>(file)), {});
    EXPECT_TRUE(received == data) << received.size();
    // Plain curl ranges use the default (non-standard) behaviour.
    testing::CommandResult ranged =
        RunCommand("curl -sf -r 10-19 '" + url + "'");
    EXPECT_EQ(ranged.output, data.substr(10, 10));
    testing::CommandResult too_far =
        RunCommand("curl -s -o /dev/null -w '%{http_code}' -r 500000-600000 '" +
                   url + "'");
    EXPECT_EQ(too_far.output,
              "200");  // whole object, as OSS does without standard
  }
  // Upload through a presigned PUT.
  std::string put_url = *client_->PresignUrl(
      {"PUT", "bucket", "uploaded", "", std::chrono::minutes(5)});
  std::string source = (downloads.path() / "source").string();
  std::ofstream(source, std::ios::binary) << data;
  ASSERT_EQ(
      RunCommand("curl -sf -T " + source + " '" + put_url + "'").exit_code, 0);
  EXPECT_TRUE(Get(*client_, "bucket", "uploaded").value_or("?") == data);
}

TEST_F(ServeTest, ExpiredPresignedUrlIsRejected) {
  ASSERT_TRUE(Put(*client_, "bucket", "k", "x").ok());
  auth::SignableRequest request{"GET", "bucket", "k", {}, {}};
  auth::SignerV1::Presign(
      request, Credentials{testing::kServeKeyId, testing::kServeKeySecret, ""},
      util::ToUnixSeconds(std::chrono::system_clock::now()) - 10);
  std::string url = server_->endpoint() + "/bucket/k?";
  for (const auto& [name, value] : request.query) {
    url += util::UriEncode(name) + "=" + util::UriEncode(value) + "&";
  }
  testing::CommandResult curl = RunCommand("curl -s '" + url + "'");
  EXPECT_NE(curl.output.find("<Code>AccessDenied</Code>"), std::string::npos)
      << curl.output;
  EXPECT_NE(curl.output.find("expired"), std::string::npos) << curl.output;
}

TEST_F(ServeTest, ExpiredV4PresignedUrlIsRejected) {
  ASSERT_TRUE(Put(*client_, "bucket", "k", "x").ok());
  auth::SignableRequest request{"GET", "bucket", "k", {}, {}};
  auth::SignerV4(auth::kOssV4Parameters)
      .Presign(request,
               Credentials{testing::kServeKeyId, testing::kServeKeySecret, ""},
               auth::SignerV4Scope{"cn-hangzhou"},
               std::chrono::system_clock::now() - std::chrono::minutes(10), 60);
  std::string url = server_->endpoint() + "/bucket/k?";
  for (const auto& [name, value] : request.query) {
    url += util::UriEncode(name) + "=" + util::UriEncode(value) + "&";
  }
  testing::CommandResult curl = RunCommand("curl -s '" + url + "'");
  EXPECT_NE(curl.output.find("<Code>AccessDenied</Code>"), std::string::npos)
      << curl.output;
  EXPECT_NE(curl.output.find("expired"), std::string::npos) << curl.output;
}

TEST(ServeTokenTest, ASecurityTokenIsRequiredWhenConfigured) {
  TempDir root;
  ServeProcess server(root.path(), {"--security-token", "sts-token-value"});
  ASSERT_TRUE(server.started());
  ClientOptions with_token = server.ClientOptionsFor();
  with_token.credentials = MakeStaticCredentialsProvider(Credentials{
      testing::kServeKeyId, testing::kServeKeySecret, "sts-token-value"});
  Client client = std::move(Client::Create(with_token)).value();
  EXPECT_TRUE(client.CreateBucket("bucket").ok());
  Client v1 = std::move(Client::Create([&] {
                ClientOptions options = with_token;
                options.signature_version = SignatureVersion::kV1;
                return options;
              }()))
                  .value();
  EXPECT_TRUE(v1.ListBuckets().ok());
  // The token also travels in presigned URLs.
  std::string url = *client.PresignUrl(
      {"GET", "bucket", "missing", "", std::chrono::minutes(1)});
  EXPECT_NE(url.find("x-oss-security-token=sts-token-value"),
            std::string::npos);
  EXPECT_NE(RunCommand("curl -s '" + url + "'").output.find("NoSuchKey"),
            std::string::npos);

  Client without_token = server.MakeClient();
  EXPECT_EQ(ErrorCode(without_token.ListBuckets().status()),
            "InvalidSecurityToken");
  ClientOptions wrong_token = with_token;
  wrong_token.credentials = MakeStaticCredentialsProvider(Credentials{
      testing::kServeKeyId, testing::kServeKeySecret, "other-token"});
  EXPECT_EQ(ErrorCode(std::move(Client::Create(wrong_token))
                          .value()
                          .ListBuckets()
                          .status()),
            "InvalidSecurityToken");
}

TEST_F(ServeTest, ArchiveObjectsNeedARestore) {
  ObjectAttributes archive;
  archive.storage_class = "Archive";
  ASSERT_TRUE(Put(*client_, "bucket", "cold", "frozen bytes", archive).ok());
  Result<std::string> frozen = Get(*client_, "bucket", "cold");
  EXPECT_EQ(ErrorCode(frozen.status()), "InvalidObjectState");
  EXPECT_EQ(client_->HeadObject({"bucket", "cold", ""})->storage_class,
            "Archive");
  std::string url = *client_->PresignUrl(
      {"POST", "bucket", "cold", "", std::chrono::minutes(5)});
  // POST ?restore is signed with the restore sub-resource: build it by hand.
  auth::SignableRequest restore{
      "POST", "bucket", "cold", {{"restore", ""}}, {}};
  auth::SignerV1::SignHeaders(
      restore, Credentials{testing::kServeKeyId, testing::kServeKeySecret, ""},
      std::chrono::system_clock::now());
  http::HttpConnection connection(http::HttpSettings{});
  StringSource empty("");
  Result<http::HttpResponse> restored = connection.Send(
      http::HttpRequest{"POST", server_->endpoint() + "/bucket/cold?restore",
                        restore.headers, &empty},
      nullptr);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->status, 202) << restored->body;
  EXPECT_TRUE(Get(*client_, "bucket", "cold").value_or("?") == "frozen bytes");
  EXPECT_NE(client_->HeadObject({"bucket", "cold", ""})
                ->restore.find("ongoing-request=\"false\""),
            std::string::npos);
  (void)url;
}

TEST_F(ServeTest, SyntheticObjectsOfATebibyte) {
  Result<ObjectMetadata> head =
      client_->HeadObject({"synthetic", "1099511627776", ""});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, uint64_t{1} << 40);
  ASSERT_TRUE(Crc64Value(head->checksum));
  uint64_t last = (uint64_t{1} << 40) - 1;
  Result<std::string> tail =
      Get(*client_, "synthetic", "1099511627776", ByteRange{last - 99, last});
  ASSERT_TRUE(tail.ok()) << tail.status();
  EXPECT_EQ(tail->size(), 100u);
  // A whole synthetic object's bytes match its advertised CRC64.
  Result<ObjectMetadata> small =
      client_->HeadObject({"synthetic", "5000000.bin", ""});
  Result<std::string> all = Get(*client_, "synthetic", "5000000.bin");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Crc64(*all), Crc64Value(small->checksum));
  EXPECT_EQ(
      ErrorCode(client_->HeadObject({"synthetic", "not-a-size", ""}).status()),
      "NoSuchKey");
}

TEST_F(ServeTest, SixteenConcurrentRangedReaders) {
  std::string data = Pattern(16 << 20, 8);
  ASSERT_TRUE(Put(*client_, "bucket", "shared", data).ok());
  std::vector<std::thread> readers;
  std::atomic<int> correct{0};
  const uint64_t slice = data.size() / 16;
  for (int i = 0; i < 16; ++i) {
    readers.emplace_back([&, i] {
      Result<std::string> got = Get(*client_, "bucket", "shared",
                                    ByteRange{i * slice, (i + 1) * slice - 1});
      if (got.ok() && *got == data.substr(i * slice, slice)) ++correct;
    });
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(correct, 16);
}

TEST_F(ServeTest, RestartServesEverythingAcknowledged) {
  std::string data = Pattern(500000, 9);
  ASSERT_TRUE(Put(*client_, "bucket", "kept", data).ok());
  std::string upload_id =
      client_->InitiateMultipartUpload({"bucket", "pending"})->upload_id;
  server_->process().Signal(SIGTERM);
  EXPECT_EQ(server_->process().Wait(), 0);

  ServeProcess restarted(root_.path());
  ASSERT_TRUE(restarted.started());
  Client client = restarted.MakeClient();
  EXPECT_TRUE(Get(client, "bucket", "kept").value_or("?") == data);
  Result<ListMultipartUploadsResult> uploads =
      client.ListMultipartUploads({"bucket"});
  ASSERT_TRUE(uploads.ok());
  ASSERT_EQ(uploads->uploads.size(), 1u);
  EXPECT_EQ(uploads->uploads[0].upload_id, upload_id);
}

// A completed multipart object is served from its part files: every byte,
// whatever range, in the right order, and with the same ETag and CRC64 as
// a concatenated copy would have.
TEST_F(ServeTest, MultipartObjectReadsLikeTheConcatenationOfItsParts) {
  const std::vector<std::string> parts = {
      Pattern(102400, 21), Pattern(102401, 22), Pattern(102417, 23),
      Pattern(3000, 24)};
  std::string whole;
  std::string md5s;
  uint64_t crc = 0;
  std::vector<uint64_t> boundaries;  // object offsets where a part starts
  for (const std::string& part : parts) {
    if (!whole.empty()) boundaries.push_back(whole.size());
    whole += part;
    md5s += util::Md5(part);
    crc = Crc64Combine(crc, Crc64(part), part.size());
  }
  const std::string etag = "\"" + util::HexUpper(util::Md5(md5s)) + "-4\"";
  Result<CompleteMultipartUploadResult> done =
      PutMultipart(*client_, "bucket", "joined", parts);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->etag, etag);
  EXPECT_EQ(Crc64Value(done->checksum), crc);
  // No copy: the parts are the object's files, data/ holds nothing.
  EXPECT_EQ(FileCount(root_.path() / "parts"), parts.size());
  EXPECT_EQ(FileCount(root_.path() / "data"), 0u);

  Result<ObjectMetadata> head = client_->HeadObject({"bucket", "joined", ""});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, whole.size());
  EXPECT_EQ(head->etag, etag);
  EXPECT_EQ(Crc64Value(head->checksum), crc);
  EXPECT_EQ(head->object_type, "Multipart");

  Result<std::string> all = Get(*client_, "bucket", "joined");
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_TRUE(*all == whole) << all->size();
  EXPECT_EQ(Crc64(*all), crc);

  // Ranges that start and end on, just before and just after each
  // boundary, and ranges over three and four segments.
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (uint64_t b : boundaries) {
    for (auto [first, last] :
         std::vector<std::pair<uint64_t, uint64_t>>{{b - 1, b - 1},
                                                    {b, b},
                                                    {b + 1, b + 1},
                                                    {b - 1, b},
                                                    {b - 2, b + 1},
                                                    {b, b + 4999},
                                                    {b + 1, b + 5000},
                                                    {b - 5000, b - 1},
                                                    {b - 4999, b},
                                                    {b - 4998, b + 1}}) {
      ranges.emplace_back(first, last);
    }
  }
  ranges.emplace_back(boundaries[0] - 1, boundaries[2]);      // 4 segments
  ranges.emplace_back(boundaries[0], boundaries[2] - 1);      // 2 whole ones
  ranges.emplace_back(boundaries[0] + 1, boundaries[2] + 1);  // 3
  ranges.emplace_back(1, whole.size() - 2);
  ranges.emplace_back(whole.size() - 1, whole.size() - 1);
  for (auto [first, last] : ranges) {
    Result<std::string> got =
        Get(*client_, "bucket", "joined", ByteRange{first, last});
    ASSERT_TRUE(got.ok()) << first << "-" << last << ": " << got.status();
    EXPECT_TRUE(*got == whole.substr(first, last - first + 1))
        << first << "-" << last;
  }
  Result<std::string> tail = Get(*client_, "bucket", "joined",
                                 ByteRange{boundaries[2] - 3, std::nullopt});
  ASSERT_TRUE(tail.ok());
  EXPECT_TRUE(*tail == whole.substr(boundaries[2] - 3));

  // Plain curl (sendfile, segment after segment) agrees.
  std::string url = *client_->PresignUrl(
      {"GET", "bucket", "joined", "", std::chrono::minutes(5)});
  TempDir downloads;
  const std::string out = (downloads.path() / "out").string();
  ASSERT_EQ(RunCommand("curl -sf -o " + out + " '" + url + "'").exit_code, 0);
  std::ifstream file(out, std::ios::binary);
  std::string received((std::istreambuf_iterator<char>(file)), {});
  EXPECT_TRUE(received == whole) << received.size();
  const std::string span = std::to_string(boundaries[0] - 10) + "-" +
                           std::to_string(boundaries[1] + 9);
  EXPECT_TRUE(
      RunCommand("curl -sf -r " + span + " '" + url + "'").output ==
      whole.substr(boundaries[0] - 10, boundaries[1] - boundaries[0] + 20));
}

TEST_F(ServeTest, OverwriteAndDeleteOfAMultipartObjectRemoveItsPartFiles) {
  const std::vector<std::string> parts = {Pattern(102400, 31),
                                          Pattern(102400, 32), Pattern(10, 33)};
  ASSERT_TRUE(PutMultipart(*client_, "bucket", "m", parts).ok());
  EXPECT_EQ(FileCount(root_.path() / "parts"), 3u);
  // Overwritten by a PUT: the three segment files go.
  ASSERT_TRUE(Put(*client_, "bucket", "m", "single").ok());
  EXPECT_EQ(FileCount(root_.path() / "parts"), 0u);
  EXPECT_EQ(FileCount(root_.path() / "data"), 1u);
  EXPECT_EQ(Get(*client_, "bucket", "m").value_or("?"), "single");
  // Overwritten by another multipart object: only its files remain.
  ASSERT_TRUE(PutMultipart(*client_, "bucket", "m", parts).ok());
  EXPECT_EQ(FileCount(root_.path() / "data"), 0u);
  const std::vector<std::string> others = {Pattern(102400, 34), Pattern(5, 35)};
  ASSERT_TRUE(PutMultipart(*client_, "bucket", "m", others).ok());
  EXPECT_EQ(FileCount(root_.path() / "parts"), 2u);
  EXPECT_TRUE(Get(*client_, "bucket", "m").value_or("?") ==
              others[0] + others[1]);
  // Deleted: nothing is left.
  ASSERT_TRUE(client_->DeleteObject({"bucket", "m"}).ok());
  EXPECT_EQ(FileCount(root_.path() / "parts"), 0u);
  EXPECT_EQ(FileCount(root_.path() / "data"), 0u);
  EXPECT_EQ(FileCount(root_.path() / "tmp"), 0u);
}

TEST_F(ServeTest, MultipartObjectIsServedAfterACrashAndRestart) {
  const std::vector<std::string> parts = {Pattern(102400, 41),
                                          Pattern(102400, 42), Pattern(77, 43)};
  const std::string whole = parts[0] + parts[1] + parts[2];
  Result<CompleteMultipartUploadResult> done =
      PutMultipart(*client_, "bucket", "survivor", parts);
  ASSERT_TRUE(done.ok()) << done.status();
  // Another upload completed only partly: its parts stay parts.
  std::string pending =
      client_->InitiateMultipartUpload({"bucket", "pending"})->upload_id;
  StringSource source(parts[0]);
  ASSERT_TRUE(
      client_->UploadPart({"bucket", "pending", pending, 1}, source).ok());
  server_->process().Signal(SIGKILL);
  server_->process().Wait();

  ServeProcess restarted(root_.path());
  ASSERT_TRUE(restarted.started());
  Client client = restarted.MakeClient();
  Result<ObjectMetadata> head = client.HeadObject({"bucket", "survivor", ""});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->etag, done->etag);
  EXPECT_EQ(Crc64Value(head->checksum), Crc64Value(done->checksum));
  EXPECT_EQ(head->size, whole.size());
  EXPECT_TRUE(Get(client, "bucket", "survivor").value_or("?") == whole);
  EXPECT_TRUE(Get(client, "bucket", "survivor", ByteRange{102399, 204801})
                  .value_or("?") == whole.substr(102399, 102403));
  EXPECT_EQ(FileCount(root_.path() / "parts"), 4u);  // 3 segments + 1 part
  Result<ListPartsResult> listed =
      client.ListParts({"bucket", "pending", pending});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->parts.size(), 1u);
}

TEST_F(ServeTest, SigintStopsCleanly) {
  server_->process().Signal(SIGINT);
  EXPECT_EQ(server_->process().Wait(), 0);
}

}  // namespace
}  // namespace ossxfer
