// DownloadUrl() against real servers: presigned URLs of a real `ossxfer
// serve` process, a real nginx, and a scriptable HTTP server for what
// neither does (no ETag, Range ignored, wrong Content-Range, redirects).
#include "ossxfer/url_download.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "ossxfer/crc64.h"
#include "support/checksum_values.h"
#include "support/child_process.h"
#include "support/http_responder.h"
#include "support/serve_fixture.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "support/test_sizes.h"

namespace ossxfer {
namespace {

using ::ossxfer::testing::Crc64Value;

namespace fs = std::filesystem;
using ::ossxfer::testing::CannedResponse;
using ::ossxfer::testing::ChildProcess;
using ::ossxfer::testing::HeaderList;
using ::ossxfer::testing::HttpResponder;
using ::ossxfer::testing::ReadFile;
using ::ossxfer::testing::RecordedRequest;
using ::ossxfer::testing::ServedBucketTest;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;
using ::ossxfer::testing::WriteFile;

using ::ossxfer::testing::kPart;

bool HasNotice(const DownloadResult& result, std::string_view text) {
  for (const std::string& notice : result.notices) {
    if (notice.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string AllNotices(const DownloadResult& result) {
  std::string all;
  for (const std::string& notice : result.notices) all += notice + "\n";
  return all;
}

DownloadRequest RequestTo(const fs::path& destination) {
  DownloadRequest request;
  request.destination = destination;
  request.part_size = kPart;
  request.parallel = 3;
  return request;
}

ClientOptions QuickRetries() {
  ClientOptions options;
  options.retry.base_delay = std::chrono::milliseconds(1);
  options.retry.max_delay = std::chrono::milliseconds(10);
  return options;
}

// Interrupts a download once it has `bytes` in place; the checkpoint and
// temp file stay for the next run.
void Interrupt(const std::string& url, DownloadRequest request,
               uint64_t bytes) {
  // A token of its own: copies of a token share one flag.
  request.cancellation = CancellationToken();
  request.rate_limit_bytes_per_second = 400000;
  request.progress = [&](const TransferProgress& p) {
    if (p.transferred >= bytes) request.cancellation.Cancel();
  };
  Result<DownloadResult> result = DownloadUrl(url, request, QuickRetries());
  ASSERT_EQ(result.status().code(), StatusCode::kCancelled) << result.status();
}

// ---------------------------------------------------------------------------
// Presigned URLs of `ossxfer serve`.

class PresignedUrlTest : public ServedBucketTest {
 protected:
  void Put(const std::string& key, const std::string& data,
           const std::string& content_type = "") {
    StringSource source(data);
    PutObjectRequest put{"bucket", key};
    put.attributes.content_type = content_type;
    ASSERT_TRUE(client_->PutObject(put, source).ok());
  }

  // Each call with another lifetime gives another signature (and query).
  std::string Presign(const std::string& key, int expires_seconds = 900,
                      SignatureVersion version = SignatureVersion::kV4) {
    PresignRequest presign;
    presign.bucket = "bucket";
    presign.key = key;
    presign.expires = std::chrono::seconds(expires_seconds);
    Client client = server_->MakeClient(version);
    Result<std::string> url = client.PresignUrl(presign);
    EXPECT_TRUE(url.ok()) << url.status();
    return url.value_or("");
  }

  TempDir dir_;
};

TEST_F(PresignedUrlTest, DownloadsByteIdenticalWithCrc64Verified) {
  for (uint64_t size : {uint64_t{1}, kPart - 1, kPart + 1, 3 * kPart + 5}) {
    std::string data = TestBytes(size, size);
    std::string key = "object-" + std::to_string(size);
    Put(key, data, "application/x-test");
    DownloadRequest request = RequestTo(dir_.path() / key);
    Result<DownloadResult> result =
        DownloadUrl(Presign(key), request, QuickRetries());
    ASSERT_TRUE(result.ok()) << size << ": " << result.status();
    std::string got = ReadFile(request.destination);
    EXPECT_EQ(got.size(), size);
    EXPECT_TRUE(got == data) << size;
    EXPECT_TRUE(result->crc64_verified) << size << AllNotices(*result);
    EXPECT_EQ(result->bytes_transferred, size);
    EXPECT_EQ(result->parts, (size + kPart - 1) / kPart);
    Result<ObjectMetadata> head = client_->HeadObject({"bucket", key});
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(result->metadata.size, size);
    EXPECT_EQ(result->metadata.etag, head->etag);
    EXPECT_EQ(Crc64Value(result->metadata.checksum),
              std::optional<uint64_t>(Crc64(data)));
    EXPECT_EQ(result->metadata.content_type, "application/x-test");
    EXPECT_TRUE(result->metadata.last_modified.has_value());
    EXPECT_FALSE(fs::exists(dir_.path() / (key + ".dcp")));
    EXPECT_FALSE(fs::exists(dir_.path() / (key + ".ossxfer-tmp")));
  }
}

TEST_F(PresignedUrlTest, V1SignaturesAndEmptyObjectsWork) {
  std::string data = TestBytes(2 * kPart + 3, 21);
  Put("v1", data);
  DownloadRequest request = RequestTo(dir_.path() / "v1");
  Result<DownloadResult> result = DownloadUrl(
      Presign("v1", 900, SignatureVersion::kV1), request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(request.destination) == data);
  EXPECT_TRUE(result->crc64_verified);

  Put("empty", "");
  WriteFile(dir_.path() / "empty", "old content");
  request = RequestTo(dir_.path() / "empty");
  result = DownloadUrl(Presign("empty"), request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(fs::exists(request.destination));
  EXPECT_EQ(fs::file_size(request.destination), 0u);
  EXPECT_EQ(result->metadata.size, 0u);
}

TEST_F(PresignedUrlTest, ResumesWithAFreshlyPresignedUrl) {
  std::string data = TestBytes(2 << 20, 1);
  Put("big", data);
  WriteFile(dir_.path() / "big", "precious old content");
  std::string first_url = Presign("big", 900);
  Interrupt(first_url, RequestTo(dir_.path() / "big"), 600000);
  EXPECT_EQ(ReadFile(dir_.path() / "big"), "precious old content");
  ASSERT_TRUE(fs::exists(dir_.path() / "big.dcp"));
  // The checkpoint names the object, not the signature.
  EXPECT_EQ(ReadFile(dir_.path() / "big.dcp").find("signature"),
            std::string::npos);

  std::string second_url = Presign("big", 1200);
  ASSERT_NE(first_url, second_url);
  Result<DownloadResult> resumed =
      DownloadUrl(second_url, RequestTo(dir_.path() / "big"), QuickRetries());
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_GT(resumed->bytes_reused, 0u) << AllNotices(*resumed);
  EXPECT_EQ(resumed->bytes_reused + resumed->bytes_transferred, data.size());
  EXPECT_TRUE(resumed->crc64_verified);
  EXPECT_TRUE(ReadFile(dir_.path() / "big") == data);
  EXPECT_FALSE(fs::exists(dir_.path() / "big.dcp"));
}

TEST_F(PresignedUrlTest, AReplacedObjectDiscardsTheCheckpoint) {
  std::string old_data = TestBytes(6 * kPart, 2);
  Put("moving", old_data);
  Interrupt(Presign("moving"), RequestTo(dir_.path() / "moving"), 3 * kPart);
  ASSERT_TRUE(fs::exists(dir_.path() / "moving.dcp"));
  std::string new_data = TestBytes(6 * kPart, 3);  // same size, new content
  Put("moving", new_data);
  Result<DownloadResult> result =
      DownloadUrl(Presign("moving", 1000), RequestTo(dir_.path() / "moving"),
                  QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bytes_reused, 0u);
  EXPECT_TRUE(HasNotice(*result, "discarded checkpoint"))
      << AllNotices(*result);
  EXPECT_TRUE(HasNotice(*result, "no longer matches")) << AllNotices(*result);
  EXPECT_TRUE(ReadFile(dir_.path() / "moving") == new_data);
  EXPECT_TRUE(result->crc64_verified);
}

TEST_F(PresignedUrlTest, ErrorsNameTheStatusAndNeverTheQuery) {
  Put("there", "data");
  std::vector<std::string> log;
  std::mutex log_mutex;
  ClientOptions options = QuickRetries();
  options.log = [&](std::string_view line) {
    std::lock_guard lock(log_mutex);
    log.emplace_back(line);
  };

  std::string missing = Presign("no-such-key");
  std::string missing_query = missing.substr(missing.find('?') + 1);
  Status not_found =
      DownloadUrl(missing, RequestTo(dir_.path() / "a"), options).status();
  EXPECT_EQ(not_found.code(), StatusCode::kNotFound) << not_found;
  EXPECT_NE(not_found.ToString().find("HTTP 404"), std::string::npos)
      << not_found;
  EXPECT_NE(not_found.ToString().find("NoSuchKey"), std::string::npos)
      << not_found;
  EXPECT_NE(not_found.ToString().find("/bucket/no-such-key"), std::string::npos)
      << not_found;
  EXPECT_EQ(not_found.ToString().find(missing_query), std::string::npos)
      << not_found;
  EXPECT_EQ(not_found.ToString().find("x-oss-signature="), std::string::npos)
      << not_found;

  // A tampered signature: 403 SignatureDoesNotMatch.
  std::string forged = Presign("there");
  size_t signature = forged.find("x-oss-signature=");
  ASSERT_NE(signature, std::string::npos) << forged;
  char& digit = forged[signature + 16];
  digit = digit == 'a' ? 'b' : 'a';
  std::string forged_query = forged.substr(forged.find('?') + 1);
  WriteFile(dir_.path() / "b", "keep me");
  Status denied =
      DownloadUrl(forged, RequestTo(dir_.path() / "b"), options).status();
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied) << denied;
  EXPECT_NE(denied.ToString().find("HTTP 403"), std::string::npos) << denied;
  EXPECT_NE(denied.ToString().find("SignatureDoesNotMatch"), std::string::npos)
      << denied;
  EXPECT_EQ(denied.ToString().find(forged_query), std::string::npos) << denied;
  EXPECT_EQ(ReadFile(dir_.path() / "b"), "keep me");
  EXPECT_FALSE(fs::exists(dir_.path() / "a"));
  EXPECT_FALSE(fs::exists(dir_.path() / "a.ossxfer-tmp"));
  EXPECT_FALSE(fs::exists(dir_.path() / "b.ossxfer-tmp"));

  std::lock_guard lock(log_mutex);
  ASSERT_FALSE(log.empty());
  bool saw_request_line = false;
  for (const std::string& line : log) {
    EXPECT_EQ(line.find("x-oss-signature="), std::string::npos) << line;
    EXPECT_EQ(line.find("x-oss-credential="), std::string::npos) << line;
    saw_request_line = saw_request_line || line.starts_with("> GET http://");
  }
  EXPECT_TRUE(saw_request_line);
}

// ---------------------------------------------------------------------------
// A scriptable server: a file with or without ETag and Last-Modified, with
// Range honoured or not, and answers that can be made wrong.

struct FakeFile {
  std::mutex mutex;
  std::string content;
  std::string etag;           // empty: not sent
  std::string last_modified;  // empty: not sent
  bool honour_range = true;
  // Rewrites the answer to a ranged GET (not the probe): a broken server.
  std::function<void(CannedResponse&)> tamper;
  // Runs before each answer, under the lock (to change the file).
  std::function<void(FakeFile&, const RecordedRequest&)> before;
};

CannedResponse Serve(FakeFile& file, const RecordedRequest& request) {
  std::lock_guard lock(file.mutex);
  if (file.before) file.before(file, request);
  HeaderList headers;
  if (!file.etag.empty()) headers.emplace_back("ETag", file.etag);
  if (!file.last_modified.empty())
    headers.emplace_back("Last-Modified", file.last_modified);
  std::optional<std::string> if_match = request.Header("If-Match");
  std::optional<std::string> since = request.Header("If-Unmodified-Since");
  if ((if_match && *if_match != file.etag) ||
      (since && *since != file.last_modified)) {
    return CannedResponse{412, headers, ""};
  }
  std::optional<std::string> range = request.Header("Range");
  if (!range || !file.honour_range) {
    return CannedResponse{200, headers, file.content};
  }
  // "bytes=a-b", the only form the client sends.
  size_t dash = range->find('-');
  uint64_t first = std::stoull(range->substr(6, dash - 6));
  uint64_t last = std::stoull(range->substr(dash + 1));
  uint64_t size = file.content.size();
  if (first >= size) {
    headers.emplace_back("Content-Range", fmt::format("bytes */{}", size));
    return CannedResponse{416, headers, ""};
  }
  last = std::min(last, size - 1);
  headers.emplace_back("Content-Range",
                       fmt::format("bytes {}-{}/{}", first, last, size));
  CannedResponse response{206, headers,
                          file.content.substr(first, last - first + 1)};
  if (file.tamper && *range != "bytes=0-0") file.tamper(response);
  return response;
}

class FakeServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_.content = TestBytes(5 * kPart + 17, 31);
    file_.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
    responder_ =
        std::make_unique<HttpResponder>([this](const RecordedRequest& request) {
          return Serve(file_, request);
        });
  }

  std::string Url(const std::string& path = "/files/data.bin") const {
    return responder_->endpoint() + path;
  }

  int RequestsWithMethod(const std::string& method) const {
    int count = 0;
    for (const RecordedRequest& request : responder_->requests())
      count += request.method == method;
    return count;
  }

  FakeFile file_;
  std::unique_ptr<HttpResponder> responder_;
  TempDir dir_;
};

TEST_F(FakeServerTest, WithoutEtagLastModifiedIsTheValidator) {
  DownloadRequest request = RequestTo(dir_.path() / "data.bin");
  Result<DownloadResult> result = DownloadUrl(Url(), request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(request.destination) == file_.content);
  EXPECT_EQ(result->parts, 6u);
  EXPECT_FALSE(result->crc64_verified);
  EXPECT_TRUE(HasNotice(*result, "sent no CRC64")) << AllNotices(*result);
  EXPECT_TRUE(HasNotice(*result, "Last-Modified")) << AllNotices(*result);
  EXPECT_TRUE(result->metadata.last_modified.has_value());
  EXPECT_TRUE(result->metadata.etag.empty());
  EXPECT_EQ(RequestsWithMethod("HEAD"), 0);
  // Every ranged GET after the probe carries the precondition.
  int preconditioned = 0;
  for (const RecordedRequest& sent : responder_->requests()) {
    if (sent.Header("Range") == "bytes=0-0") continue;
    EXPECT_EQ(sent.Header("If-Unmodified-Since"), file_.last_modified);
    EXPECT_FALSE(sent.Header("If-Match").has_value());
    ++preconditioned;
  }
  EXPECT_EQ(preconditioned, 6);
}

TEST_F(FakeServerTest, AChangedLastModifiedDiscardsTheCheckpoint) {
  DownloadRequest request = RequestTo(dir_.path() / "data.bin");
  Interrupt(Url(), request, 2 * kPart);
  ASSERT_TRUE(fs::exists(dir_.path() / "data.bin.dcp"));
  {
    std::lock_guard lock(file_.mutex);
    file_.content = TestBytes(file_.content.size(), 32);  // same size
    file_.last_modified = "Thu, 22 Oct 2015 07:28:00 GMT";
  }
  Result<DownloadResult> result = DownloadUrl(Url(), request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bytes_reused, 0u);
  EXPECT_TRUE(HasNotice(*result, "discarded checkpoint"))
      << AllNotices(*result);
  EXPECT_TRUE(HasNotice(*result, "last-modified")) << AllNotices(*result);
  EXPECT_TRUE(ReadFile(request.destination) == file_.content);
}

TEST_F(FakeServerTest, AnUnchangedLastModifiedResumes) {
  DownloadRequest request = RequestTo(dir_.path() / "data.bin");
  Interrupt(Url(), request, 2 * kPart);
  Result<DownloadResult> result = DownloadUrl(Url(), request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GT(result->bytes_reused, 0u) << AllNotices(*result);
  EXPECT_TRUE(ReadFile(request.destination) == file_.content);
}

TEST_F(FakeServerTest, AFileChangedMidDownloadRestartsOnTheNewVersion) {
  // With an ETag the parts carry If-Match; without, If-Unmodified-Since.
  for (bool with_etag : {true, false}) {
    SCOPED_TRACE(with_etag ? "ETag" : "Last-Modified");
    std::string old_content = TestBytes(5 * kPart + 17, with_etag ? 34 : 35);
    std::string new_content = TestBytes(5 * kPart + 17, with_etag ? 36 : 37);
    int ranged = 0;
    {
      std::lock_guard lock(file_.mutex);
      file_.content = old_content;
      file_.etag = with_etag ? "\"old\"" : "";
      file_.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
      file_.before = [&](FakeFile& file, const RecordedRequest& sent) {
        if (sent.Header("Range") == "bytes=0-0") return;
        if (++ranged == 2) {  // after the first part was served
          file.content = new_content;
          if (with_etag) file.etag = "\"new\"";
          file.last_modified = "Fri, 23 Oct 2015 07:28:00 GMT";
        }
      };
    }
    DownloadRequest request = RequestTo(dir_.path() / "data.bin");
    request.parallel = 1;
    Result<DownloadResult> result = DownloadUrl(Url(), request, QuickRetries());
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(ReadFile(request.destination) == new_content);
    EXPECT_TRUE(HasNotice(*result, "changed during the download"))
        << AllNotices(*result);
  }
}

TEST_F(FakeServerTest, AFileThatKeepsChangingFailsClearly) {
  file_.etag = "\"v0\"";
  int version = 0;
  file_.before = [&version](FakeFile& file, const RecordedRequest& sent) {
    if (sent.Header("Range") == "bytes=0-0") return;
    file.etag = fmt::format("\"v{}\"", ++version);  // every part: a new one
  };
  WriteFile(dir_.path() / "data.bin", "previous");
  DownloadRequest request = RequestTo(dir_.path() / "data.bin");
  Status status = DownloadUrl(Url(), request, QuickRetries()).status();
  EXPECT_EQ(status.code(), StatusCode::kPreconditionFailed) << status;
  EXPECT_NE(status.message().find("changed twice"), std::string::npos)
      << status;
  EXPECT_EQ(ReadFile(dir_.path() / "data.bin"), "previous");
}

TEST_F(FakeServerTest, AServerThatIgnoresRangeGivesOneStream) {
  file_.honour_range = false;
  file_.etag = "\"v1\"";
  WriteFile(dir_.path() / "data.bin", "old");
  DownloadRequest request = RequestTo(dir_.path() / "data.bin");
  Result<DownloadResult> result = DownloadUrl(Url(), request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(request.destination) == file_.content);
  EXPECT_EQ(result->parts, 1u);
  EXPECT_TRUE(HasNotice(*result, "ignores Range")) << AllNotices(*result);
  EXPECT_EQ(result->metadata.etag, "\"v1\"");
  // The probe, then one whole GET (with If-Match, and no Range).
  std::vector<RecordedRequest> sent = responder_->requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_FALSE(sent[1].Header("Range").has_value());
  EXPECT_EQ(sent[1].Header("If-Match"), "\"v1\"");
  EXPECT_FALSE(fs::exists(dir_.path() / "data.bin.dcp"));
  EXPECT_FALSE(fs::exists(dir_.path() / "data.bin.ossxfer-tmp"));

  // Part of an object needs ranges.
  request.range = ByteRange{10, 20};
  Status ranged = DownloadUrl(Url(), request, QuickRetries()).status();
  EXPECT_EQ(ranged.code(), StatusCode::kInvalidArgument) << ranged;
  EXPECT_NE(ranged.message().find("ignores Range"), std::string::npos);
}

TEST_F(FakeServerTest, AWrongContentRangeIsNeverWritten) {
  file_.content = std::string(3 * kPart, 'x');
  // The first part's answer is truthful; every later one claims and
  // carries the object's first bytes instead of the range asked for.
  int answered = 0;
  file_.tamper = [&answered](CannedResponse& response) {
    if (++answered < 2) return;
    for (auto& [name, value] : response.headers) {
      if (name != "Content-Range") continue;
      value = fmt::format("bytes 0-{}{}", response.body.size() - 1,
                          value.substr(value.find('/')));
    }
  };
  WriteFile(dir_.path() / "data.bin", "precious");
  DownloadRequest request = RequestTo(dir_.path() / "data.bin");
  request.parallel = 1;
  request.part_size = kPart + 1;  // parts after the first start mid-file
  Status status = DownloadUrl(Url(), request, QuickRetries()).status();
  EXPECT_EQ(status.code(), StatusCode::kServiceError) << status;
  EXPECT_NE(status.message().find("Content-Range"), std::string::npos)
      << status;
  EXPECT_NE(status.message().find("nothing of it was written"),
            std::string::npos)
      << status;
  EXPECT_EQ(ReadFile(dir_.path() / "data.bin"), "precious");
  // What the temp file holds past the first part was never written.
  std::string temp = ReadFile(dir_.path() / "data.bin.ossxfer-tmp");
  ASSERT_EQ(temp.size(), file_.content.size());
  EXPECT_EQ(temp.find_first_not_of('\0', kPart + 1), std::string::npos);
  EXPECT_EQ(temp.substr(0, kPart + 1), std::string(kPart + 1, 'x'));
}

TEST_F(FakeServerTest, AWholeObjectAnswerToARangedGetIsNeverWritten) {
  file_.content = std::string(3 * kPart, 'y');
  file_.tamper = [this](CannedResponse& response) {
    response.status = 200;
    std::erase_if(response.headers, [](const auto& header) {
      return header.first == "Content-Range";
    });
    response.body = file_.content;
  };
  DownloadRequest request = RequestTo(dir_.path() / "data.bin");
  request.checkpoint = false;
  Status status = DownloadUrl(Url(), request, QuickRetries()).status();
  EXPECT_EQ(status.code(), StatusCode::kServiceError) << status;
  EXPECT_NE(status.message().find("HTTP 200 instead of 206"), std::string::npos)
      << status;
  EXPECT_FALSE(fs::exists(dir_.path() / "data.bin"));
  EXPECT_FALSE(fs::exists(dir_.path() / "data.bin.ossxfer-tmp"));
}

TEST_F(FakeServerTest, A416ForAnEmptyObjectGivesAnEmptyFile) {
  file_.content.clear();
  file_.etag = "\"empty\"";
  WriteFile(dir_.path() / "data.bin", "old content");
  DownloadRequest request = RequestTo(dir_.path() / "data.bin");
  Result<DownloadResult> result = DownloadUrl(Url(), request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(responder_->requests().size(), 1u);
  EXPECT_EQ(fs::file_size(request.destination), 0u);
  EXPECT_EQ(result->metadata.size, 0u);
  EXPECT_EQ(result->metadata.etag, "\"empty\"");
  EXPECT_EQ(result->parts, 0u);

  // A 416 that names a non-empty size is not an empty object.
  HttpResponder liar([](const RecordedRequest&) {
    return CannedResponse{416, {{"Content-Range", "bytes */5"}}, ""};
  });
  Status status =
      DownloadUrl(liar.endpoint() + "/x", request, QuickRetries()).status();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.ToString().find("HTTP 416"), std::string::npos) << status;
  EXPECT_EQ(fs::file_size(request.destination), 0u);
}

TEST_F(FakeServerTest, RedirectsAreFollowedAndErrorsHideTheQuery) {
  HttpResponder redirector([this](const RecordedRequest& request) {
    if (request.Path() == "/loop") {
      return CannedResponse{302, {{"Location", "/loop?again=1"}}, ""};
    }
    if (request.Path() == "/missing") {
      return CannedResponse{404, {}, "<html>Not Found</html>"};
    }
    return CannedResponse{
        302, {{"Location", Url("/files/data.bin?X-Amz-Signature=s3cr3t")}}, ""};
  });
  DownloadRequest request = RequestTo(dir_.path() / "data.bin");
  Result<DownloadResult> result = DownloadUrl(
      redirector.endpoint() + "/start?token=t0k3n", request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(request.destination) == file_.content);
  EXPECT_TRUE(HasNotice(*result, "redirected")) << AllNotices(*result);
  EXPECT_EQ(AllNotices(*result).find("s3cr3t"), std::string::npos);
  EXPECT_EQ(AllNotices(*result).find("t0k3n"), std::string::npos);
  // The parts went straight to the final server.
  EXPECT_EQ(redirector.requests().size(), 1u);

  Status loop = DownloadUrl(redirector.endpoint() + "/loop?k=s3cr3t", request,
                            QuickRetries())
                    .status();
  EXPECT_FALSE(loop.ok());
  EXPECT_NE(loop.message().find("redirects"), std::string::npos) << loop;
  EXPECT_EQ(loop.ToString().find("s3cr3t"), std::string::npos) << loop;

  Status missing = DownloadUrl(redirector.endpoint() + "/missing?k=s3cr3t",
                               request, QuickRetries())
                       .status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << missing;
  EXPECT_NE(missing.ToString().find("HTTP 404"), std::string::npos) << missing;
  EXPECT_EQ(missing.ToString().find("s3cr3t"), std::string::npos) << missing;
}

TEST(UrlDownloadArgumentsTest, BadUrlsAndFieldsAreInvalidArguments) {
  TempDir dir;
  DownloadRequest request = RequestTo(dir.path() / "f");
  struct Case {
    std::string url;
    std::string says;
  };
  for (const Case& bad : std::vector<Case>{
           {"", "empty"},
           {"ftp://example.com/file?Signature=s3cr3t", "ftp://"},
           {"garbage", "not a URL"},
           {"example.com/file", "not a URL"},
           {"http://", "no host"},
           {"http://:80/x", "no host"},
           {"http://host:99999/x", "port"},
           {"http://host:port/x", "port"},
           {"https://exa mple.com/x", "space"},
       }) {
    Status status = DownloadUrl(bad.url, request).status();
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument)
        << bad.url << ": " << status;
    EXPECT_NE(status.message().find(bad.says), std::string::npos)
        << bad.url << ": " << status;
    EXPECT_EQ(status.ToString().find("s3cr3t"), std::string::npos) << status;
  }
  DownloadRequest with_bucket = request;
  with_bucket.bucket = "b";
  EXPECT_EQ(DownloadUrl("http://127.0.0.1:1/x", with_bucket).status().code(),
            StatusCode::kInvalidArgument);
  DownloadRequest with_limit = request;
  with_limit.traffic_limit_bits_per_second = 819200;
  EXPECT_EQ(DownloadUrl("http://127.0.0.1:1/x", with_limit).status().code(),
            StatusCode::kInvalidArgument);
  DownloadRequest bad_parallel = request;
  bad_parallel.parallel = 1000;
  EXPECT_EQ(DownloadUrl("http://127.0.0.1:1/x", bad_parallel).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

// ---------------------------------------------------------------------------
// A real nginx (Debian's nginx-light) serving a directory.

// A port that was free a moment ago: nginx cannot be given port 0.
uint16_t PickFreePort();

TEST(UrlDownloadTransportTest, ANetworkErrorHidesTheQuery) {
  TempDir dir;
  uint16_t closed = PickFreePort();  // nothing listens there
  ASSERT_NE(closed, 0);
  for (std::string url :
       {fmt::format("http://127.0.0.1:{}/f", closed),
        fmt::format("http://user:pa55@127.0.0.1:{}/f?Signature=s3cr3t&"
                    "X-Amz-Signature=s3cr3t",
                    closed)}) {
    Status status =
        DownloadUrl(url, RequestTo(dir.path() / "f"), QuickRetries()).status();
    EXPECT_EQ(status.code(), StatusCode::kNetworkError) << status;
    EXPECT_NE(status.message().find(fmt::format("127.0.0.1:{}/f", closed)),
              std::string::npos)
        << status;
    EXPECT_EQ(status.ToString().find("s3cr3t"), std::string::npos) << status;
    EXPECT_EQ(status.ToString().find("pa55"), std::string::npos) << status;
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

uint16_t PickFreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    socklen_t length = sizeof(address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

bool Accepts(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address),
                             sizeof(address)) == 0;
  ::close(fd);
  return connected;
}

// Exited (a zombie, not yet reaped) or gone: /proc says so without
// reaping, which ChildProcess does.
bool Exited(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), {});
  size_t paren = text.rfind(')');
  return paren == std::string::npos || paren + 2 >= text.size() ||
         text[paren + 2] == 'Z';
}

class Nginx {
 public:
  explicit Nginx(const fs::path& root) {
    for (int attempt = 0; attempt < 5 && !started(); ++attempt) {
      Start(root, PickFreePort());
    }
  }
  ~Nginx() {
    if (process_) {
      process_->Signal(SIGTERM);
      process_->Wait();
    }
  }
  bool started() const { return port_ != 0; }
  std::string Url(const std::string& name) const {
    return fmt::format("http://127.0.0.1:{}/{}", port_, name);
  }

 private:
  void Start(const fs::path& root, uint16_t port) {
    if (port == 0) return;
    // One process (no master/worker pair) so that a signal to it ends
    // everything; every path nginx writes is in the test's directory.
    fs::path conf = state_.path() / "nginx.conf";
    std::ofstream(conf) << fmt::format(
        R"(daemon off;
master_process off;
pid {0}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {0}/body;
  proxy_temp_path {0}/proxy;
  fastcgi_temp_path {0}/fastcgi;
  uwsgi_temp_path {0}/uwsgi;
  scgi_temp_path {0}/scgi;
  default_type application/octet-stream;
  server {{
    listen 127.0.0.1:{1};
    root {2};
    log_not_found off;
  }}
}}
)",
        state_.path().string(), port, root.string());
    std::string binary =
        ::access("/usr/sbin/nginx", X_OK) == 0 ? "/usr/sbin/nginx" : "nginx";
    process_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        binary, "-c", conf.string(), "-p", state_.path().string()});
    if (!process_->started()) return;
    // Ready when it accepts; a bind failure (the port was taken after all)
    // ends the process, and the caller tries another port.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (Accepts(port)) {
        port_ = port;
        return;
      }
      if (Exited(process_->pid())) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    process_->Signal(SIGKILL);
    process_->Wait();
    process_.reset();
  }

  TempDir state_;
  std::unique_ptr<ChildProcess> process_;
  uint16_t port_ = 0;
};

class NginxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access("/usr/sbin/nginx", X_OK) != 0 &&
        RunCommandExit("command -v nginx") != 0) {
      GTEST_SKIP() << "nginx is not installed (scripts/install-deps.sh "
                      "installs nginx-light)";
    }
    // Readable by the user nginx may switch to when run as root.
    fs::permissions(site_.path(), fs::perms(0755));
    nginx_ = std::make_unique<Nginx>(site_.path());
    ASSERT_TRUE(nginx_->started());
  }
  static int RunCommandExit(const std::string& command) {
    return testing::RunCommand(command + " >/dev/null 2>&1").exit_code;
  }

  TempDir site_;
  TempDir dir_;
  std::unique_ptr<Nginx> nginx_;
};

TEST_F(NginxTest, DownloadsAndResumesAStaticFile) {
  std::string data = TestBytes(8 * kPart + 77, 41);
  WriteFile(site_.path() / "file.bin", data);
  DownloadRequest request = RequestTo(dir_.path() / "file.bin");
  Result<DownloadResult> result =
      DownloadUrl(nginx_->Url("file.bin"), request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(request.destination) == data);
  EXPECT_EQ(result->metadata.size, data.size());
  EXPECT_FALSE(result->metadata.etag.empty());
  EXPECT_TRUE(result->metadata.last_modified.has_value());
  EXPECT_FALSE(result->crc64_verified);
  EXPECT_TRUE(HasNotice(*result, "sent no CRC64")) << AllNotices(*result);
  EXPECT_EQ(result->parts, 9u);
  fs::remove(request.destination);

  Interrupt(nginx_->Url("file.bin"), request, 4 * kPart);
  ASSERT_TRUE(fs::exists(dir_.path() / "file.bin.dcp"));
  Result<DownloadResult> resumed =
      DownloadUrl(nginx_->Url("file.bin"), request, QuickRetries());
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_GT(resumed->bytes_reused, 0u) << AllNotices(*resumed);
  EXPECT_EQ(resumed->bytes_reused + resumed->bytes_transferred, data.size());
  EXPECT_TRUE(ReadFile(request.destination) == data);
}

TEST_F(NginxTest, AReplacedFileAndAnEmptyFile) {
  std::string data = TestBytes(6 * kPart, 42);
  WriteFile(site_.path() / "file.bin", data);
  DownloadRequest request = RequestTo(dir_.path() / "file.bin");
  Interrupt(nginx_->Url("file.bin"), request, 2 * kPart);
  std::string replacement = TestBytes(6 * kPart, 43);
  WriteFile(site_.path() / "file.bin", replacement);
  // A different mtime, so that nginx's ETag and Last-Modified change even
  // within the same second.
  fs::last_write_time(site_.path() / "file.bin",
                      fs::file_time_type::clock::now() + std::chrono::hours(1));
  Result<DownloadResult> result =
      DownloadUrl(nginx_->Url("file.bin"), request, QuickRetries());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bytes_reused, 0u);
  EXPECT_TRUE(HasNotice(*result, "discarded checkpoint"))
      << AllNotices(*result);
  EXPECT_TRUE(ReadFile(request.destination) == replacement);

  WriteFile(site_.path() / "empty", "");
  DownloadRequest empty = RequestTo(dir_.path() / "empty");
  Result<DownloadResult> nothing =
      DownloadUrl(nginx_->Url("empty"), empty, QuickRetries());
  ASSERT_TRUE(nothing.ok()) << nothing.status();
  EXPECT_TRUE(fs::exists(empty.destination));
  EXPECT_EQ(fs::file_size(empty.destination), 0u);

  Status missing = DownloadUrl(nginx_->Url("missing?sig=s3cr3t"),
                               RequestTo(dir_.path() / "m"), QuickRetries())
                       .status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << missing;
  EXPECT_NE(missing.ToString().find("HTTP 404"), std::string::npos) << missing;
  EXPECT_EQ(missing.ToString().find("s3cr3t"), std::string::npos) << missing;
}

}  // namespace
}  // namespace ossxfer
