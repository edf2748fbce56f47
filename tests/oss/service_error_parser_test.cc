#include "oss/service_error_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "util/encoding.h"

namespace ossxfer::oss {
namespace {

// §8.1.
constexpr std::string_view kNoSuchBucketXml =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchBucket</Code>
  <Message>The specified bucket does not exist.</Message>
  <RequestId>5C3D9175B6FC201293AD****</RequestId>
  <HostId>test.oss-cn-hangzhou.aliyuncs.com</HostId>
  <BucketName>test</BucketName>
  <EC>0015-00000101</EC>
</Error>
)";

// §6: what the x-oss-err header of a HEAD on a missing key decodes to.
constexpr std::string_view kNoSuchKeyXml =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchKey</Code>
  <Message>The specified key does not exist.</Message>
  <RequestId>6556E3AED11E553933CCDEDF</RequestId>
  <HostId>demo-walker-6961.oss-cn-hangzhou.aliyuncs.com</HostId>
  <Key>walker2asdasdasd.txt</Key>
  <EC>0026-00000001</EC>
  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=0026-00000001</RecommendDoc>
</Error>
)";

// kNoSuchKeyXml encoded by `base64 -w 0`, independently of util/encoding.
constexpr std::string_view kNoSuchKeyHeader =
    "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iVVRGLTgiPz4KPEVycm9yPgogIDxDb2Rl"
    "Pk5vU3VjaEtleTwvQ29kZT4KICA8TWVzc2FnZT5UaGUgc3BlY2lmaWVkIGtleSBkb2VzIG5v"
    "dCBleGlzdC48L01lc3NhZ2U+CiAgPFJlcXVlc3RJZD42NTU2RTNBRUQxMUU1NTM5MzNDQ0RF"
    "REY8L1JlcXVlc3RJZD4KICA8SG9zdElkPmRlbW8td2Fsa2VyLTY5NjEub3NzLWNuLWhhbmd6"
    "aG91LmFsaXl1bmNzLmNvbTwvSG9zdElkPgogIDxLZXk+d2Fsa2VyMmFzZGFzZGFzZC50eHQ8"
    "L0tleT4KICA8RUM+MDAyNi0wMDAwMDAwMTwvRUM+CiAgPFJlY29tbWVuZERvYz5odHRwczov"
    "L2FwaS5hbGl5dW4uY29tL3Ryb3VibGVzaG9vdD9xPTAwMjYtMDAwMDAwMDE8L1JlY29tbWVu"
    "ZERvYz4KPC9FcnJvcj4K";

// ErrorResponse with default member initializers: designated initializers
// that leave fields out would warn under -Wextra with ErrorResponse itself.
struct Response {
  int http_status = 0;
  std::string_view body = {};
  std::string_view oss_err_header = {};
  std::string_view request_id_header = {};
  std::string_view ec_header = {};
};

ServiceError Parse(const Response& fields) {
  ErrorResponse response;
  response.http_status = fields.http_status;
  response.body = fields.body;
  response.oss_err_header = fields.oss_err_header;
  response.request_id_header = fields.request_id_header;
  response.ec_header = fields.ec_header;
  return ParseServiceError(response);
}

void ExpectNoSuchKey(const ServiceError& error) {
  EXPECT_EQ(error.http_status, 404);
  EXPECT_EQ(error.code, "NoSuchKey");
  EXPECT_EQ(error.message, "The specified key does not exist.");
  EXPECT_EQ(error.request_id, "6556E3AED11E553933CCDEDF");
  EXPECT_EQ(error.host_id, "demo-walker-6961.oss-cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(error.ec, "0026-00000001");
}

TEST(ParseServiceErrorTest, DocumentedBody) {
  ServiceError error = Parse({.http_status = 404,
                              .body = kNoSuchBucketXml,
                              .request_id_header = "other",
                              .ec_header = "other"});
  EXPECT_EQ(error.http_status, 404);
  EXPECT_EQ(error.code, "NoSuchBucket");
  EXPECT_EQ(error.message, "The specified bucket does not exist.");
  // The body wins over the headers when it has the field.
  EXPECT_EQ(error.request_id, "5C3D9175B6FC201293AD****");
  EXPECT_EQ(error.host_id, "test.oss-cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(error.ec, "0015-00000101");
}

TEST(ParseServiceErrorTest, HeaderLiteralIsTheDocumentedXml) {
  // Guards the literal above, so that the next test tests what it says.
  EXPECT_EQ(util::Base64Decode(kNoSuchKeyHeader), std::string(kNoSuchKeyXml));
}

TEST(ParseServiceErrorTest, HeadErrorFromOssErrHeader) {
  ServiceError error = Parse({.http_status = 404,
                              .oss_err_header = kNoSuchKeyHeader,
                              .request_id_header = "6556E3AED11E553933CCDEDF",
                              .ec_header = "0026-00000001"});
  ExpectNoSuchKey(error);
}

TEST(ParseServiceErrorTest, BodyIsPreferredToHeader) {
  ServiceError error = Parse({.http_status = 404,
                              .body = kNoSuchBucketXml,
                              .oss_err_header = kNoSuchKeyHeader});
  EXPECT_EQ(error.code, "NoSuchBucket");
}

TEST(ParseServiceErrorTest, HeaderIsUsedWhenBodyIsNotXml) {
  ServiceError error = Parse({.http_status = 404,
                              .body = "<html>Not Found",
                              .oss_err_header = kNoSuchKeyHeader});
  ExpectNoSuchKey(error);
}

TEST(ParseServiceErrorTest, MissingRequestIdAndEcComeFromHeaders) {
  ServiceError error =
      Parse({.http_status = 403,
             .body = "<Error><Code>AccessDenied</Code><Message>AccessDenied"
                     "</Message><RequestId></RequestId></Error>",
             .request_id_header = "677489A0E6A1D53332A1****",
             .ec_header = "0003-00000001"});
  EXPECT_EQ(error.http_status, 403);
  EXPECT_EQ(error.code, "AccessDenied");
  EXPECT_EQ(error.message, "AccessDenied");
  EXPECT_EQ(error.request_id, "677489A0E6A1D53332A1****");
  EXPECT_EQ(error.host_id, "");
  EXPECT_EQ(error.ec, "0003-00000001");
}

TEST(ParseServiceErrorTest, EntitiesInMessageAreDecoded) {
  ServiceError error = Parse(
      {.http_status = 400,
       .body = "<Error><Code>InvalidArgument</Code><Message>a &lt; b &amp; "
               "&#34;c&#34;</Message></Error>"});
  EXPECT_EQ(error.message, "a < b & \"c\"");
}

TEST(ParseServiceErrorTest, InvalidBase64Header) {
  for (std::string_view header :
       {"not base64!", "PD94bWw", "PD94 bWwg", "////", "PGE+PC9hPg=="}) {
    ServiceError error = Parse({.http_status = 404,
                                .oss_err_header = header,
                                .request_id_header = "RID",
                                .ec_header = "0026-00000001"});
    EXPECT_EQ(error.http_status, 404) << header;
    EXPECT_EQ(error.code, "") << header;
    EXPECT_EQ(error.message, "HTTP 404 with no error body") << header;
    EXPECT_EQ(error.request_id, "RID") << header;
    EXPECT_EQ(error.ec, "0026-00000001") << header;
  }
}

TEST(ParseServiceErrorTest, EmptyBodyWithOnlyHeaders) {
  ServiceError error = Parse({.http_status = 404,
                              .request_id_header = "RID",
                              .ec_header = "0026-00000001"});
  EXPECT_EQ(error.http_status, 404);
  EXPECT_EQ(error.code, "");
  EXPECT_EQ(error.message, "HTTP 404 with no error body");
  EXPECT_EQ(error.request_id, "RID");
  EXPECT_EQ(error.host_id, "");
  EXPECT_EQ(error.ec, "0026-00000001");
}

TEST(ParseServiceErrorTest, NothingAtAll) {
  ServiceError error = Parse({.http_status = 500});
  EXPECT_EQ(error.http_status, 500);
  EXPECT_EQ(error.code, "");
  EXPECT_EQ(error.message, "HTTP 500 with no error body");
  EXPECT_EQ(error.request_id, "");
  EXPECT_EQ(error.ec, "");
}

TEST(ParseServiceErrorTest, HtmlBodyFromAProxy) {
  constexpr std::string_view kHtml =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
      "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
  ServiceError error =
      Parse({.http_status = 502, .body = kHtml, .request_id_header = "RID"});
  EXPECT_EQ(error.http_status, 502);
  EXPECT_EQ(error.code, "");
  EXPECT_EQ(error.message,
            "HTTP 502 with a non-XML body: <html>..<head><title>502 Bad "
            "Gateway</title></head>..<body>..<center><h1>502 Bad "
            "Gateway</h1></center>..</body>..</html>..");
  EXPECT_EQ(error.request_id, "RID");
}

TEST(ParseServiceErrorTest, XmlWithAnotherRootIsNotAnError) {
  ServiceError error = Parse(
      {.http_status = 500, .body = "<ListBucketResult></ListBucketResult>"});
  EXPECT_EQ(error.code, "");
  EXPECT_EQ(error.message,
            "HTTP 500 with a non-XML body: "
            "<ListBucketResult></ListBucketResult>");
}

TEST(ParseServiceErrorTest, TruncatedXml) {
  std::string_view cut = kNoSuchBucketXml.substr(0, 120);
  ServiceError error =
      Parse({.http_status = 404, .body = cut, .ec_header = "EC"});
  EXPECT_EQ(error.code, "");
  std::string expected_excerpt(cut);
  for (char& c : expected_excerpt) {
    if (c == '\n') c = '.';
  }
  EXPECT_EQ(error.message, "HTTP 404 with a non-XML body: " + expected_excerpt);
  EXPECT_EQ(error.ec, "EC");
}

TEST(ParseServiceErrorTest, BinaryGarbageIsShownPrintably) {
  std::string garbage(300, '\0');
  for (size_t i = 0; i < garbage.size(); ++i) {
    garbage[i] = static_cast<char>(i * 37 + 11);
  }
  ServiceError error = Parse({.http_status = 500, .body = garbage});
  EXPECT_EQ(error.code, "");
  const std::string prefix = "HTTP 500 with a non-XML body: ";
  ASSERT_EQ(error.message.rfind(prefix, 0), 0u) << error.message;
  std::string excerpt = error.message.substr(prefix.size());
  // The first 200 bytes, and a mark that there were more.
  ASSERT_EQ(excerpt.size(), 203u);
  EXPECT_EQ(excerpt.substr(200), "...");
  for (size_t i = 0; i < 200; ++i) {
    unsigned char original = static_cast<unsigned char>(garbage[i]);
    char expected =
        original >= 0x20 && original < 0x7F ? static_cast<char>(original) : '.';
    EXPECT_EQ(excerpt[i], expected) << "byte " << i;
  }
}

TEST(ParseServiceErrorTest, BodyOfExactly200BytesHasNoEllipsis) {
  std::string body(200, 'x');
  ServiceError error = Parse({.http_status = 503, .body = body});
  EXPECT_EQ(error.message, "HTTP 503 with a non-XML body: " + body);
}

TEST(ParseServiceErrorTest, JsonBodyIsNotXml) {
  ServiceError error = Parse({.http_status = 203,
                              .body = R"({"Code":"CallbackFailed"})",
                              .request_id_header = "RID"});
  EXPECT_EQ(error.code, "");
  EXPECT_EQ(error.message,
            R"(HTTP 203 with a non-XML body: {"Code":"CallbackFailed"})");
}

TEST(ParseServiceErrorTest, EveryPrefixOfTheBodyIsHandled) {
  // A connection cut anywhere: either the whole <Error> was read, or the
  // error says what came back. Never a crash, never a half-read code.
  size_t root_end = kNoSuchBucketXml.rfind('>') + 1;
  for (size_t length = 0; length <= kNoSuchBucketXml.size(); ++length) {
    ServiceError error =
        Parse({.http_status = 404, .body = kNoSuchBucketXml.substr(0, length)});
    EXPECT_EQ(error.http_status, 404);
    if (length < root_end) {
      EXPECT_EQ(error.code, "") << "cut at " << length;
    } else {
      EXPECT_EQ(error.code, "NoSuchBucket") << "cut at " << length;
    }
  }
}

TEST(IsErrorDocumentTest, TellsAnErrorFromAResult) {
  for (const char* body :
       {"<Error><Code>InternalError</Code></Error>",
        "\n  \r\n<Error>\n<Code>x</Code></Error>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>x</Code>"
        "</Error>",
        "                    <Error xmlns=\"x\"><Code>x</Code></Error>"}) {
    EXPECT_TRUE(IsErrorDocument(body)) << body;
  }
  for (const char* body :
       {"", "   ", "<?xml version=\"1.0\"?>",
        "<CompleteMultipartUploadResult><ETag>x</ETag>"
        "</CompleteMultipartUploadResult>",
        "<Errors><Error>x</Error></Errors>", "<ErrorDocument/>", "text <Error>",
        "<?xml version=\"1.0\"<Error>"}) {
    EXPECT_FALSE(IsErrorDocument(body)) << body;
  }
}

}  // namespace
}  // namespace ossxfer::oss
