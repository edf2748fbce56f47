// The aws-chunked decoder against the official examples of
// s3-protocol.md §2.9 (AWS's streaming-upload pages: 66560 bytes of 'a' in
// chunks of 65536, 1024 and 0, signed, and with a signed CRC32C trailer),
// botocore's unsigned-trailer form, and every way a body can be damaged.
#include "server/aws_chunked.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth/signer_v4.h"
#include "auth/v4_parameters.h"
#include "util/encoding.h"

namespace ossxfer::server {
namespace {

class StringWriter : public DataWriter {
 public:
  Status Append(const char* data, size_t size) override {
    text.append(data, size);
    return Status();
  }
  uint64_t bytes_written() const override { return text.size(); }
  std::string text;
};

ChunkSigning ExampleSigning(std::string seed) {
  const std::string key =
      auth::SignerV4(auth::kAwsV4Parameters)
          .SigningKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524",
                      {"us-east-1", "s3"});
  return ChunkSigning{key, "20130524T000000Z",
                      "20130524/us-east-1/s3/aws4_request", std::move(seed)};
}

// The example body: the chunk sizes in hex as AWS writes them.
std::string SignedBody(const std::vector<std::string>& signatures,
                       const std::string& trailer = "\r\n") {
  return "10000;chunk-signature=" + signatures[0] + "\r\n" +
         std::string(65536, 'a') + "\r\n" +
         "400;chunk-signature=" + signatures[1] + "\r\n" +
         std::string(1024, 'a') + "\r\n" +
         "0;chunk-signature=" + signatures[2] + "\r\n" + trailer;
}

const std::vector<std::string> kExampleSignatures = {
    "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
    "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
    "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"};
constexpr char kExampleSeed[] =
    "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

const std::vector<std::string> kTrailerSignatures = {
    "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
    "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
    "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992"};
constexpr char kTrailerSeed[] =
    "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
constexpr char kTrailer[] =
    "x-amz-checksum-crc32c:sOO8/Q==\r\n"
    "x-amz-trailer-signature:"
    "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n"
    "\r\n";

// Feeds `body` in pieces of `piece` bytes; the status of Finish (or of
// the first failed Append).
Status Decode(AwsChunkedDecoder& decoder, const std::string& body, size_t piece,
              uint64_t decoded_length) {
  for (size_t at = 0; at < body.size(); at += piece) {
    Status appended =
        decoder.Append(body.data() + at, std::min(piece, body.size() - at));
    if (!appended.ok()) return appended;
  }
  return decoder.Finish(decoded_length);
}

std::string CodeOf(const Status& status) {
  return status.service_error() ? status.service_error()->code : "";
}

TEST(AwsChunkedDecoderTest, TheSignedExampleDecodesInAnyPieces) {
  const std::string body = SignedBody(kExampleSignatures);
  ASSERT_EQ(body.size(), 66824u);  // the example's signed Content-Length
  for (size_t piece : {size_t{1}, size_t{7}, size_t{4096}, body.size()}) {
    StringWriter payload;
    AwsChunkedDecoder decoder(payload, ExampleSigning(kExampleSeed),
                              std::nullopt);
    Status decoded = Decode(decoder, body, piece, 66560);
    ASSERT_TRUE(decoded.ok()) << piece << ": " << decoded;
    EXPECT_EQ(payload.text, std::string(66560, 'a'));
  }
}

TEST(AwsChunkedDecoderTest, TheSignedTrailerExampleDecodes) {
  StringWriter payload;
  AwsChunkedDecoder decoder(payload, ExampleSigning(kTrailerSeed),
                            "x-amz-checksum-crc32c");
  Status decoded =
      Decode(decoder, SignedBody(kTrailerSignatures, kTrailer), 1000, 66560);
  ASSERT_TRUE(decoded.ok()) << decoded;
  EXPECT_EQ(decoder.trailer_value(), "sOO8/Q==");
  EXPECT_EQ(payload.text.size(), 66560u);
}

TEST(AwsChunkedDecoderTest, BotocoresUnsignedTrailerDecodes) {
  // As botocore sends it over https (s3-protocol.md §2.9), once the HTTP
  // chunking is undone.
  const std::string body = std::string("3e8\r\n") + std::string(1000, 'x') +
                           "\r\n0\r\nx-amz-checksum-crc32:W+917Q==\r\n\r\n";
  StringWriter payload;
  AwsChunkedDecoder decoder(payload, std::nullopt, "x-amz-checksum-crc32");
  ASSERT_TRUE(Decode(decoder, body, 3, 1000).ok());
  EXPECT_EQ(decoder.trailer_value(), "W+917Q==");
  EXPECT_EQ(payload.text, std::string(1000, 'x'));
  // Some senders put an empty line before the trailer.
  const std::string blank = std::string("3\r\nabc\r\n0\r\n\r\n") +
                            "x-amz-checksum-crc32:AAAAAA==\r\n\r\n";
  StringWriter blank_payload;
  AwsChunkedDecoder blank_decoder(blank_payload, std::nullopt,
                                  "x-amz-checksum-crc32");
  ASSERT_TRUE(Decode(blank_decoder, blank, 5, 3).ok());
  EXPECT_EQ(blank_decoder.trailer_value(), "AAAAAA==");
}

TEST(AwsChunkedDecoderTest, DamageIsRefused) {
  struct Case {
    std::string name;
    std::string body;
    bool signed_body;
    std::optional<std::string> trailer;
    uint64_t decoded_length;
    std::string code;
  };
  std::string flipped = SignedBody(kExampleSignatures);
  flipped[100] = 'b';  // a payload byte
  std::vector<std::string> wrong_final = kExampleSignatures;
  wrong_final[2][0] = wrong_final[2][0] == '0' ? '1' : '0';
  std::string wrong_trailer = SignedBody(kTrailerSignatures, kTrailer);
  wrong_trailer[wrong_trailer.find("sOO8")] = 't';
  const std::string whole = SignedBody(kExampleSignatures);
  const std::vector<Case> cases = {
      {"a flipped payload byte", flipped, true, std::nullopt, 66560,
       "SignatureDoesNotMatch"},
      {"a wrong final signature", SignedBody(wrong_final), true, std::nullopt,
       66560, "SignatureDoesNotMatch"},
      {"a changed trailer", wrong_trailer, true, "x-amz-checksum-crc32c", 66560,
       "SignatureDoesNotMatch"},
      {"cut before the final chunk", whole.substr(0, 66000), true, std::nullopt,
       66560, "IncompleteBody"},
      {"a decoded length that differs", whole, true, std::nullopt, 66561,
       "IncompleteBody"},
      {"no chunk signature", "3\r\nabc\r\n0\r\n\r\n", true, std::nullopt, 3,
       "IncompleteBody"},
      {"a size that is not hex", "zz\r\nabc\r\n0\r\n\r\n", false, std::nullopt,
       3, "IncompleteBody"},
      {"data longer than its size", "3\r\nabcd\r\n0\r\n\r\n", false,
       std::nullopt, 3, "IncompleteBody"},
      {"bytes after the end", "3\r\nabc\r\n0\r\n\r\nmore", false, std::nullopt,
       3, "IncompleteBody"},
      {"a trailer not announced",
       "3\r\nabc\r\n0\r\nx-amz-checksum-sha1:AAAA\r\n\r\n", false,
       "x-amz-checksum-crc32", 3, "InvalidRequest"},
      {"the announced trailer missing", "3\r\nabc\r\n0\r\n\r\n\r\n", false,
       "x-amz-checksum-crc32", 3, "InvalidRequest"},
      {"a size line without end", std::string(5000, '1'), false, std::nullopt,
       3, "IncompleteBody"},
  };
  for (const Case& c : cases) {
    StringWriter payload;
    AwsChunkedDecoder decoder(
        payload,
        c.signed_body ? std::optional<ChunkSigning>(ExampleSigning(
                            c.trailer ? kTrailerSeed : kExampleSeed))
                      : std::nullopt,
        c.trailer);
    Status decoded = Decode(decoder, c.body, 977, c.decoded_length);
    EXPECT_EQ(CodeOf(decoded), c.code) << c.name << ": " << decoded;
  }
}

}  // namespace
}  // namespace ossxfer::server
