// SignerV4 with kAwsV4Parameters against the vectors of s3-protocol.md:
// the official ones of §2.8 (V1-V5 from the aws-c-auth suite, V6-V10 from
// the S3 API Reference), the seed signatures of §2.9's aws-chunked
// examples, and §2.10's DERIVED S3 vectors D1-D4.
//
// The aws-c-auth suite (V1-V5) signs for a generic service: it sends no
// x-amz-content-sha256 and hashes the body even in presigned requests, so
// its header forms are computed from the pieces with the body's hash, and
// its query forms check Presign's canonical query and then the signature
// over the body's hash. The S3 vectors go through SignHeaders and Presign
// whole.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "auth/signable_request.h"
#include "auth/signer_v4.h"
#include "auth/signing_test_values.h"
#include "auth/v4_parameters.h"
#include "ossxfer/credentials.h"
#include "util/digest.h"
#include "util/encoding.h"
#include "util/time_format.h"

namespace ossxfer::auth {
namespace {

const SignerV4 kAws(kAwsV4Parameters);
constexpr char kEmptyHash[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The aws-c-auth suite's account, time and scope (§2.8, V1-V5).
const Credentials kSuiteKey{"AKIDEXAMPLE",
                            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
constexpr char kSuiteTime[] = "20150830T123600Z";
const SignerV4Scope kSuiteScope{"us-east-1", "service"};
constexpr char kSuiteQueryAuth[] =
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%"
    "2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-"
    "Expires=3600";

// The S3 API Reference's account (§2.8 V6-V10, §2.10).
const Credentials kS3Key{"AKIAIOSFODNN7EXAMPLE",
                         "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const SignerV4Scope kUsEast1{"us-east-1", ""};  // service: the set's "s3"

util::SystemTime At(std::string_view iso8601_basic) {
  return util::ParseIso8601Basic(iso8601_basic).value();
}

using testing::CanonicalHash;

SignableRequest Request(std::string method, std::string path,
                        NameValueList query, NameValueList headers) {
  SignableRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.query = std::move(query);
  request.headers = std::move(headers);
  return request;
}

// A suite request in its header form: Host and X-Amz-Date, nothing else.
SignableRequest SuiteRequest(std::string method, std::string path,
                             NameValueList query = {}) {
  return Request(
      std::move(method), std::move(path), std::move(query),
      {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", kSuiteTime}});
}

// The suite request of the query form: Presign adds the date itself.
SignableRequest SuitePresigned(NameValueList query = {},
                               const Credentials& key = kSuiteKey) {
  SignableRequest request = Request("GET", "/", std::move(query),
                                    {{"Host", "example.amazonaws.com"}});
  kAws.Presign(request, key, kSuiteScope, At(kSuiteTime), 3600);
  return request;
}

struct Signed {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

// A signature from the pieces, over the headers the request carries and
// the payload hash given.
Signed SignPieces(const SignableRequest& request, std::string_view time,
                  const Credentials& key, const SignerV4Scope& scope,
                  std::string_view payload_hash) {
  Signed out;
  std::string_view day = time.substr(0, 8);
  out.canonical_request = kAws.CanonicalRequest(
      request, kAws.HeaderList(request, {}), payload_hash);
  out.string_to_sign =
      kAws.StringToSign(time, kAws.Scope(day, scope), out.canonical_request);
  out.signature = SignerV4::Signature(
      kAws.SigningKey(key.access_key_secret, day, scope), out.string_to_sign);
  return out;
}

// The canonical request of a request SignHeaders signed, from the header
// list its Authorization names.
std::string CanonicalOfSigned(const SignableRequest& request) {
  return kAws.CanonicalRequest(request, kAws.HeaderList(request, {}));
}

std::string StringToSignOf(const SignableRequest& request,
                           const SignerV4Scope& scope) {
  std::string time = request.Header("x-amz-date").value_or("");
  return kAws.StringToSign(time, kAws.Scope(time.substr(0, 8), scope),
                           CanonicalOfSigned(request));
}

TEST(SignerV4AwsTest, SigningKeys) {
  // §2.3: the S3 examples' key, and the aws-c-auth suite's.
  EXPECT_EQ(util::HexLower(kAws.SigningKey(kS3Key.access_key_secret, "20130524",
                                           kUsEast1)),
            "dbb893acc010964918f1fd433add87c70e8b0db6be30c1fbeafefa5ec6ba8378");
  EXPECT_EQ(util::HexLower(kAws.SigningKey(kSuiteKey.access_key_secret,
                                           "20150830", kSuiteScope)),
            "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75");
  EXPECT_EQ(kAws.Scope("20130524", kUsEast1),
            "20130524/us-east-1/s3/aws4_request");
}

TEST(SignerV4AwsTest, V1GetVanilla) {
  Signed header = SignPieces(SuiteRequest("GET", "/"), kSuiteTime, kSuiteKey,
                             kSuiteScope, kEmptyHash);
  EXPECT_EQ(header.canonical_request,
            "GET\n"
            "/\n"
            "\n"
            "host:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n"
            "\n"
            "host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(header.string_to_sign,
            "AWS4-HMAC-SHA256\n"
            "20150830T123600Z\n"
            "20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(header.signature,
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

  SignableRequest presigned = SuitePresigned();
  EXPECT_EQ(kAws.CanonicalQueryString(presigned),
            std::string(kSuiteQueryAuth) + "&X-Amz-SignedHeaders=host");
  Signed query =
      SignPieces(presigned, kSuiteTime, kSuiteKey, kSuiteScope, kEmptyHash);
  EXPECT_NE(query.canonical_request.find("\nhost:example.amazonaws.com\n\n"
                                         "host\n"),
            std::string::npos)
      << query.canonical_request;
  EXPECT_EQ(CanonicalHash(query.string_to_sign),
            "bb7705b4aa3cb8e8f5e1e0b3d4c0b64030797a313c8ceee43e33117cc43eadc5");
  EXPECT_EQ(query.signature,
            "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d");
}

TEST(SignerV4AwsTest, V2QueryOrderKeyCase) {
  const NameValueList query = {{"Param2", "value2"}, {"Param1", "value1"}};
  SignableRequest request = SuiteRequest("GET", "/", query);
  EXPECT_EQ(kAws.CanonicalQueryString(request), "Param1=value1&Param2=value2");
  Signed header =
      SignPieces(request, kSuiteTime, kSuiteKey, kSuiteScope, kEmptyHash);
  EXPECT_EQ(CanonicalHash(header.string_to_sign),
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
  EXPECT_EQ(header.signature,
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");

  SignableRequest presigned = SuitePresigned(query);
  EXPECT_EQ(kAws.CanonicalQueryString(presigned),
            "Param1=value1&Param2=value2&" + std::string(kSuiteQueryAuth) +
                "&X-Amz-SignedHeaders=host");
  EXPECT_EQ(
      SignPieces(presigned, kSuiteTime, kSuiteKey, kSuiteScope, kEmptyHash)
          .signature,
      "86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5");
}

TEST(SignerV4AwsTest, V3PostFormWithSignedContentLength) {
  // The header form sends x-amz-content-sha256, so SignHeaders signs it
  // whole.
  constexpr char kBodyHash[] =
      "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";
  SignableRequest request =
      Request("POST", "/", {},
              {{"Content-Type", "application/x-www-form-urlencoded"},
               {"Content-Length", "13"},
               {"Host", "example.amazonaws.com"},
               {"x-amz-content-sha256", kBodyHash}});
  kAws.SignHeaders(request, kSuiteKey, kSuiteScope, At(kSuiteTime));
  EXPECT_EQ(CanonicalOfSigned(request),
            "POST\n"
            "/\n"
            "\n"
            "content-length:13\n"
            "content-type:application/x-www-form-urlencoded\n"
            "host:example.amazonaws.com\n"
            "x-amz-content-sha256:"
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n"
            "x-amz-date:20150830T123600Z\n"
            "\n"
            "content-length;content-type;host;x-amz-content-sha256;x-amz-date\n"
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  EXPECT_EQ(CanonicalHash(StringToSignOf(request, kSuiteScope)),
            "b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb");
  EXPECT_EQ(request.Header("Authorization"),
            "AWS4-HMAC-SHA256 "
            "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
            "SignedHeaders=content-length;content-type;host;x-amz-content-"
            "sha256;x-amz-date,"
            "Signature="
            "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b");
  EXPECT_FALSE(request.Header("Date").has_value());

  SignableRequest presigned =
      Request("POST", "/", {},
              {{"Content-Type", "application/x-www-form-urlencoded"},
               {"Content-Length", "13"},
               {"Host", "example.amazonaws.com"}});
  kAws.Presign(presigned, kSuiteKey, kSuiteScope, At(kSuiteTime), 3600);
  EXPECT_EQ(presigned.Query("X-Amz-SignedHeaders"),
            "content-length;content-type;host");
  EXPECT_NE(kAws.CanonicalQueryString(presigned).find(
                "&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost"),
            std::string::npos);
  EXPECT_EQ(SignPieces(presigned, kSuiteTime, kSuiteKey, kSuiteScope, kBodyHash)
                .signature,
            "89a40deed0f26f9461242825a082d2222717248abc7ab41f552ad84a94ad46e9");
}

TEST(SignerV4AwsTest, V4SessionToken) {
  constexpr char kToken[] =
      "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
  SignableRequest request = SuiteRequest("GET", "/");
  request.headers.emplace_back("X-Amz-Security-Token", kToken);
  Signed header =
      SignPieces(request, kSuiteTime, kSuiteKey, kSuiteScope, kEmptyHash);
  EXPECT_NE(header.canonical_request.find(
                "x-amz-security-token:" + std::string(kToken) +
                "\n\nhost;x-amz-date;x-amz-security-token\n"),
            std::string::npos)
      << header.canonical_request;
  EXPECT_EQ(CanonicalHash(header.string_to_sign),
            "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b");
  EXPECT_EQ(header.signature,
            "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");

  SignableRequest presigned =
      SuitePresigned({}, Credentials{kSuiteKey.access_key_id,
                                     kSuiteKey.access_key_secret, kToken});
  EXPECT_EQ(kAws.CanonicalQueryString(presigned),
            std::string(kSuiteQueryAuth) + "&X-Amz-Security-Token=" + kToken +
                "&X-Amz-SignedHeaders=host");
  EXPECT_EQ(
      SignPieces(presigned, kSuiteTime, kSuiteKey, kSuiteScope, kEmptyHash)
          .signature,
      "7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c");
}

TEST(SignerV4AwsTest, V5PathsAreSignedUnnormalised) {
  struct Case {
    const char* path;
    const char* canonical_uri;
    const char* signature;
  };
  for (const Case& c : {
           Case{"//example//", "//example//",
                "87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7"
                "e5"},
           Case{"/example/..", "/example/..",
                "eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff92"
                "82"},
           Case{"/example space/", "/example%20space/",
                "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec13667"
                "41"},
           Case{"/\xE1\x88\xB4", "/%E1%88%B4",
                "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d"
                "85"},
       }) {
    SignableRequest request = SuiteRequest("GET", c.path);
    EXPECT_EQ(kAws.CanonicalUri(request), c.canonical_uri) << c.path;
    EXPECT_EQ(
        SignPieces(request, kSuiteTime, kSuiteKey, kSuiteScope, kEmptyHash)
            .signature,
        c.signature)
        << c.path;
  }
}

TEST(SignerV4AwsTest, GetVanillaEmptyQueryKey) {
  SignableRequest request = SuiteRequest("GET", "/", {{"Param1", "value1"}});
  EXPECT_EQ(kAws.CanonicalQueryString(request), "Param1=value1");
  EXPECT_EQ(SignPieces(request, kSuiteTime, kSuiteKey, kSuiteScope, kEmptyHash)
                .signature,
            "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb");
}

// V6-V10: virtual-hosted on examplebucket.s3.amazonaws.com, so the bucket
// is not in the path.
constexpr char kExampleHost[] = "examplebucket.s3.amazonaws.com";
constexpr char kMay2013[] = "20130524T000000Z";

TEST(SignerV4AwsTest, V6GetObjectWithRange) {
  SignableRequest request = Request("GET", "/test.txt", {},
                                    {{"Host", kExampleHost},
                                     {"Range", "bytes=0-9"},
                                     {"x-amz-content-sha256", kEmptyHash}});
  kAws.SignHeaders(request, kS3Key, kUsEast1, At(kMay2013));
  EXPECT_EQ(CanonicalOfSigned(request),
            "GET\n"
            "/test.txt\n"
            "\n"
            "host:examplebucket.s3.amazonaws.com\n"
            "range:bytes=0-9\n"
            "x-amz-content-sha256:"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20130524T000000Z\n"
            "\n"
            "host;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(CanonicalHash(StringToSignOf(request, kUsEast1)),
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(request.Header("Authorization"),
            "AWS4-HMAC-SHA256 "
            "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
            "aws4_request,"
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            "Signature="
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SignerV4AwsTest, V7PutObjectWithDateAndStorageClass) {
  SignableRequest request = Request(
      "PUT", "/test$file.text", {},
      {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
       {"Host", kExampleHost},
       {"x-amz-content-sha256",
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"},
       {"x-amz-storage-class", "REDUCED_REDUNDANCY"}});
  kAws.SignHeaders(request, kS3Key, kUsEast1, At(kMay2013));
  EXPECT_EQ(CanonicalOfSigned(request),
            "PUT\n"
            "/test%24file.text\n"
            "\n"
            "date:Fri, 24 May 2013 00:00:00 GMT\n"
            "host:examplebucket.s3.amazonaws.com\n"
            "x-amz-content-sha256:"
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\n"
            "x-amz-date:20130524T000000Z\n"
            "x-amz-storage-class:REDUCED_REDUNDANCY\n"
            "\n"
            "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n"
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  EXPECT_EQ(CanonicalHash(StringToSignOf(request, kUsEast1)),
            "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d");
  EXPECT_TRUE(request.Header("Authorization")
                  ->ends_with("Signature=98ad721746da40c64f1a55b78f14c238d841e"
                              "a1380cd77a1b5971af0ece108bd"));
}

TEST(SignerV4AwsTest, V8GetBucketLifecycle) {
  SignableRequest request =
      Request("GET", "/", {{"lifecycle", ""}},
              {{"Host", kExampleHost}, {"x-amz-content-sha256", kEmptyHash}});
  kAws.SignHeaders(request, kS3Key, kUsEast1, At(kMay2013));
  EXPECT_EQ(kAws.CanonicalQueryString(request), "lifecycle=");
  EXPECT_EQ(CanonicalHash(StringToSignOf(request, kUsEast1)),
            "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca");
  EXPECT_TRUE(request.Header("Authorization")
                  ->ends_with("SignedHeaders=host;x-amz-content-sha256;x-amz-"
                              "date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe"
                              "0d65c699e0f91ac7a200a0136783543"));
}

TEST(SignerV4AwsTest, V9ListObjects) {
  SignableRequest request =
      Request("GET", "/", {{"max-keys", "2"}, {"prefix", "J"}},
              {{"Host", kExampleHost}, {"x-amz-content-sha256", kEmptyHash}});
  kAws.SignHeaders(request, kS3Key, kUsEast1, At(kMay2013));
  EXPECT_EQ(kAws.CanonicalQueryString(request), "max-keys=2&prefix=J");
  EXPECT_EQ(CanonicalHash(StringToSignOf(request, kUsEast1)),
            "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7");
  EXPECT_TRUE(request.Header("Authorization")
                  ->ends_with("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a5"
                              "34bc59db6670ed5711ef69dc6f7"));
}

TEST(SignerV4AwsTest, V10PresignedGet) {
  SignableRequest request =
      Request("GET", "/test.txt", {}, {{"Host", kExampleHost}});
  kAws.Presign(request, kS3Key, kUsEast1, At(kMay2013), 86400);

  std::string canonical = kAws.CanonicalRequest(request, {"host"});
  EXPECT_EQ(canonical,
            "GET\n"
            "/test.txt\n"
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&"
            "X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-"
            "SignedHeaders=host\n"
            "host:examplebucket.s3.amazonaws.com\n"
            "\n"
            "host\n"
            "UNSIGNED-PAYLOAD");
  EXPECT_EQ(CanonicalHash(kAws.StringToSign(
                kMay2013, kAws.Scope("20130524", kUsEast1), canonical)),
            "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
  // The URL as the S3 reference prints it: the parameters in the order
  // Presign adds them, the signature last.
  std::string url = "https://examplebucket.s3.amazonaws.com/test.txt";
  char separator = '?';
  for (const auto& [name, value] : request.query) {
    url += separator + util::UriEncode(name) + "=" + util::UriEncode(value);
    separator = '&';
  }
  EXPECT_EQ(url,
            "https://examplebucket.s3.amazonaws.com/"
            "test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&"
            "X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-"
            "SignedHeaders=host&X-Amz-Signature="
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

// §2.9: an aws-chunked upload's seed is an ordinary header signature over
// the literal payload value; the chunk and trailer signatures that follow
// need a streaming signer ossxfer does not have.
TEST(SignerV4AwsTest, AwsChunkedSeedSignatures) {
  const NameValueList common = {{"Host", "s3.amazonaws.com"},
                                {"Content-Encoding", "aws-chunked"},
                                {"x-amz-decoded-content-length", "66560"},
                                {"x-amz-storage-class", "REDUCED_REDUNDANCY"}};

  SignableRequest chunked =
      Request("PUT", "/examplebucket/chunkObject.txt", {}, common);
  chunked.headers.emplace_back("Content-Length", "66824");
  chunked.headers.emplace_back("x-amz-content-sha256",
                               "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
  kAws.SignHeaders(chunked, kS3Key, kUsEast1, At(kMay2013));
  EXPECT_EQ(CanonicalOfSigned(chunked),
            "PUT\n"
            "/examplebucket/chunkObject.txt\n"
            "\n"
            "content-encoding:aws-chunked\n"
            "content-length:66824\n"
            "host:s3.amazonaws.com\n"
            "x-amz-content-sha256:STREAMING-AWS4-HMAC-SHA256-PAYLOAD\n"
            "x-amz-date:20130524T000000Z\n"
            "x-amz-decoded-content-length:66560\n"
            "x-amz-storage-class:REDUCED_REDUNDANCY\n"
            "\n"
            "content-encoding;content-length;host;x-amz-content-sha256;x-amz-"
            "date;x-amz-decoded-content-length;x-amz-storage-class\n"
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
  EXPECT_EQ(CanonicalHash(StringToSignOf(chunked, kUsEast1)),
            "cee3fed04b70f867d036f722359b0b1f2f0e5dc0efadbc082b76c4c60e316455");
  EXPECT_TRUE(chunked.Header("Authorization")
                  ->ends_with("Signature=4f232c4386841ef735655705268965c44a0e4"
                              "690baa4adea153f7db9fa80a0a9"));

  // The signed-trailer example does not sign content-length.
  SignableRequest trailer =
      Request("PUT", "/examplebucket/chunkObject.txt", {}, common);
  trailer.headers.emplace_back("x-amz-content-sha256",
                               "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
  trailer.headers.emplace_back("x-amz-trailer", "x-amz-checksum-crc32c");
  kAws.SignHeaders(trailer, kS3Key, kUsEast1, At(kMay2013));
  EXPECT_EQ(CanonicalHash(StringToSignOf(trailer, kUsEast1)),
            "44d48b8c2f70eae815a0198cc73d7a546a73a93359c070abbaa5e6c7de112559");
  EXPECT_TRUE(trailer.Header("Authorization")
                  ->ends_with("SignedHeaders=content-encoding;host;x-amz-"
                              "content-sha256;x-amz-date;x-amz-decoded-content-"
                              "length;x-amz-storage-class;x-amz-trailer,"
                              "Signature=106e2a8a18243abcf37539882f36619c00e2df"
                              "c72633413f02d3b74544bfeb8e"));
}

// §2.10, DERIVED: S3 requests as ossxfer will send them.
constexpr char kJan2025Basic[] = "20250101T000000Z";

TEST(SignerV4AwsTest, D1UploadPartVirtualHostedUnsignedPayload) {
  auto upload_part = [] {
    return Request("PUT", "/dir/a b+c.txt",
                   {{"partNumber", "1"}, {"uploadId", "VXBsb2FkSWQ"}},
                   {{"Host", "examplebucket.s3.us-west-2.amazonaws.com"}});
  };
  const SignerV4Scope us_west_2{"us-west-2", ""};
  SignableRequest request = upload_part();
  kAws.SignHeaders(request, kS3Key, us_west_2, At(kJan2025Basic));
  EXPECT_EQ(request.Header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_EQ(CanonicalOfSigned(request),
            "PUT\n"
            "/dir/a%20b%2Bc.txt\n"
            "partNumber=1&uploadId=VXBsb2FkSWQ\n"
            "host:examplebucket.s3.us-west-2.amazonaws.com\n"
            "x-amz-content-sha256:UNSIGNED-PAYLOAD\n"
            "x-amz-date:20250101T000000Z\n"
            "\n"
            "host;x-amz-content-sha256;x-amz-date\n"
            "UNSIGNED-PAYLOAD");
  EXPECT_EQ(CanonicalHash(StringToSignOf(request, us_west_2)),
            "1a431fce344432e473e7381045d532dea5720ba53586051c07b7eec48f8f00be");
  EXPECT_EQ(request.Header("Authorization"),
            "AWS4-HMAC-SHA256 "
            "Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-west-2/s3/"
            "aws4_request,"
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
            "Signature="
            "19bf18e5b9f88a8850ed4644a9c3c171e885114695638366d0908e1215afa243");

  SignableRequest hashed = upload_part();
  hashed.headers.emplace_back("x-amz-content-sha256", kEmptyHash);
  kAws.SignHeaders(hashed, kS3Key, us_west_2, At(kJan2025Basic));
  EXPECT_TRUE(hashed.Header("Authorization")
                  ->ends_with("Signature=9d117f34964c4ec7cbad8361372625fd91fc2"
                              "812fff4442576a289d05fd03a13"));
}

// D2's object, path style on a local server: the port stays in Host.
SignableRequest PathStyleGet() {
  return Request("GET", "/examplebucket/dir/a b+c.txt", {},
                 {{"Host", "127.0.0.1:9000"}});
}

TEST(SignerV4AwsTest, D2RangedConditionalGetPathStyle) {
  SignableRequest request = PathStyleGet();
  request.headers.emplace_back("If-Match",
                               "\"0a97f1336a2298a6c3e9adaa562a9eec-3\"");
  request.headers.emplace_back("Range", "bytes=0-99");
  request.headers.emplace_back("x-amz-content-sha256", kEmptyHash);
  kAws.SignHeaders(request, kS3Key, kUsEast1, At(kJan2025Basic));
  EXPECT_EQ(CanonicalOfSigned(request),
            "GET\n"
            "/examplebucket/dir/a%20b%2Bc.txt\n"
            "\n"
            "host:127.0.0.1:9000\n"
            "if-match:\"0a97f1336a2298a6c3e9adaa562a9eec-3\"\n"
            "range:bytes=0-99\n"
            "x-amz-content-sha256:"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20250101T000000Z\n"
            "\n"
            "host;if-match;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(CanonicalHash(StringToSignOf(request, kUsEast1)),
            "2cc6238356dcb5a6d32ab4cd7e69b8c2e619a7873b7cef6afc418a307162b1a7");
  EXPECT_TRUE(request.Header("Authorization")
                  ->ends_with("Signature=f7a19021c347d2709e896df2ba8e0a3f2344e"
                              "da40eaf92ac222ee0241e9273f3"));
}

constexpr char kD3Token[] = "FwoGZXIvYXdzEXAMPLETOKEN";

TEST(SignerV4AwsTest, D3CreateMultipartUploadWithToken) {
  SignableRequest request = Request(
      "POST", "/examplebucket/big.bin", {{"uploads", ""}},
      {{"Host", "127.0.0.1:9000"}, {"x-amz-content-sha256", kEmptyHash}});
  kAws.SignHeaders(
      request,
      Credentials{kS3Key.access_key_id, kS3Key.access_key_secret, kD3Token},
      kUsEast1, At(kJan2025Basic));
  EXPECT_EQ(CanonicalOfSigned(request),
            "POST\n"
            "/examplebucket/big.bin\n"
            "uploads=\n"
            "host:127.0.0.1:9000\n"
            "x-amz-content-sha256:"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20250101T000000Z\n"
            "x-amz-security-token:FwoGZXIvYXdzEXAMPLETOKEN\n"
            "\n"
            "host;x-amz-content-sha256;x-amz-date;x-amz-security-token\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(CanonicalHash(StringToSignOf(request, kUsEast1)),
            "a082078452241a5aa0e4821ab352ba29c71e22cf16b771588b25b201f763be8a");
  EXPECT_TRUE(request.Header("Authorization")
                  ->ends_with("Signature=0860d8e37c033cb26bde9376c03245e2594cf"
                              "4e49c01d23a3c27a0dba90289b7"));
}

TEST(SignerV4AwsTest, D4PresignedGetWithToken) {
  SignableRequest request = PathStyleGet();
  kAws.Presign(
      request,
      Credentials{kS3Key.access_key_id, kS3Key.access_key_secret, kD3Token},
      kUsEast1, At(kJan2025Basic), 3600);
  EXPECT_EQ(kAws.CanonicalQueryString(request),
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKIAIOSFODNN7EXAMPLE%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&"
            "X-Amz-Date=20250101T000000Z&X-Amz-Expires=3600&X-Amz-Security-"
            "Token=FwoGZXIvYXdzEXAMPLETOKEN&X-Amz-SignedHeaders=host");
  std::string canonical = kAws.CanonicalRequest(request, {"host"});
  EXPECT_NE(canonical.find("\nhost:127.0.0.1:9000\n\nhost\nUNSIGNED-PAYLOAD"),
            std::string::npos)
      << canonical;
  EXPECT_EQ(CanonicalHash(kAws.StringToSign(
                kJan2025Basic, kAws.Scope("20250101", kUsEast1), canonical)),
            "166ae61d95113791ae23a0628a4371e1917b76d27582c15f497c7d550f98f14b");
  EXPECT_EQ(request.Query("X-Amz-Signature"),
            "40ac6145627e1c023f539f1a853771b067d944ce38075d254f5df8d8a67a3cea");
}

// The rules of §2.1 and §2.2 that no vector above exercises.
TEST(SignerV4AwsTest, HopByHopHeadersAndUserAgentAreNotSigned) {
  SignableRequest request = Request("PUT", "/k", {},
                                    {{"Host", "h"},
                                     {"User-Agent", "ossxfer/1"},
                                     {"Expect", "100-continue"},
                                     {"Transfer-Encoding", "chunked"},
                                     {"Content-MD5", "x"}});
  kAws.SignHeaders(request, kS3Key, kUsEast1, At(kJan2025Basic));
  EXPECT_EQ(kAws.HeaderList(request, {}),
            (std::vector<std::string>{"content-md5", "host",
                                      "x-amz-content-sha256", "x-amz-date"}));
}

TEST(SignerV4AwsTest, InnerRunsOfSpacesCollapse) {
  SignableRequest request =
      Request("GET", "/", {}, {{"Host", "h"}, {"My-Header", "  a   b   c  "}});
  EXPECT_NE(kAws.CanonicalRequest(request, {"host", "my-header"})
                .find("\nmy-header:a b c\n"),
            std::string::npos);
}

}  // namespace
}  // namespace ossxfer::auth
