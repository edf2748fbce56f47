#include "ossxfer/crc64.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace ossxfer {
namespace {

// oss-protocol.md §10.2: every vector of the table.
struct Vector {
  std::string input;
  uint64_t crc;
};

std::string AllBytes() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  return bytes;
}

const std::string kBroadcast =
    "This is a test of the emergency broadcast system.";

TEST(Crc64Test, MatchesEveryProtocolVector) {
  const Vector vectors[] = {
      {"", 0x0000000000000000ULL},
      {"123456789", 0x995dc9bbdf1939faULL},
      {kBroadcast, 0x27db187fc15bbc72ULL},
      {"123456789" + kBroadcast, 0x6a7aa19fcbf48688ULL},
      {"a", 0x330284772e652b05ULL},
      {"abc", 0x2cd8094a1a277627ULL},
      {"hello world", 0x53037ecdef2352daULL},
      {"12345", 0x5da746ffa5045ce9ULL},
      {"67890", 0x573a0a56c70bc2ddULL},
      {"1234567890", 0xb1cb31bbb4a2b2beULL},
      {std::string(1, '\0'), 0x1fada17364673f59ULL},
      {std::string(8, '\0'), 0xb66a73654282cac0ULL},
      {AllBytes(), 0x72414b2f65db3ab0ULL},
      {std::string(102400, 'A'), 0x82d46aea0e3d5994ULL},
  };
  for (const Vector& vector : vectors) {
    EXPECT_EQ(Crc64(vector.input), vector.crc)
        << "input of " << vector.input.size() << " bytes";
  }
}

TEST(Crc64Test, DecimalFormMatchesTheHeaderValue) {
  EXPECT_EQ(std::to_string(Crc64("123456789")), "11051210869376104954");
  EXPECT_EQ(std::to_string(Crc64("1234567890")), "12811388247244714686");
}

TEST(Crc64Test, ContinuesFromAPreviousValue) {
  uint64_t first = Crc64("123456789");
  EXPECT_EQ(Crc64(kBroadcast, first), 0x6a7aa19fcbf48688ULL);
}

TEST(Crc64Test, CombineMatchesProtocolVectors) {
  EXPECT_EQ(Crc64Combine(Crc64("123456789"), Crc64(kBroadcast), 49),
            0x6a7aa19fcbf48688ULL);
  EXPECT_EQ(Crc64Combine(Crc64("12345"), Crc64("67890"), 5),
            12811388247244714686ULL);
}

TEST(Crc64Test, CombineWithEmptyPartsIsIdentity) {
  uint64_t crc = Crc64("abc");
  EXPECT_EQ(Crc64Combine(crc, 0, 0), crc);
  EXPECT_EQ(Crc64Combine(0, crc, 3),
            crc);  // how the uploader folds parts from 0
}

TEST(Crc64Test, CombineOfRandomSplitsEqualsCrcOfTheWhole) {
  std::mt19937_64 random(42);
  std::string data(1 << 20, '\0');
  for (char& c : data) c = static_cast<char>(random());
  const uint64_t whole = Crc64(data);
  for (int trial = 0; trial < 50; ++trial) {
    // Several parts of random sizes, combined left to right as a
    // downloader does with its part CRCs.
    size_t offset = 0;
    uint64_t combined = 0;
    while (offset < data.size()) {
      size_t size =
          std::min<size_t>(data.size() - offset, 1 + random() % 300000);
      combined =
          Crc64Combine(combined, Crc64(data.data() + offset, size), size);
      offset += size;
    }
    ASSERT_EQ(combined, whole) << "trial " << trial;
  }
}

TEST(Crc64Test, CombineHandlesLengthsBeyondFourGiB) {
  // combine(crc(A), crc(zeros of n)) against Crc64 over n zero bytes would
  // need n bytes; instead check associativity for large n:
  // combine(combine(a, b, n), c, m) == combine(a, combine(b, c, m), n + m).
  const uint64_t a = Crc64("a"), b = Crc64("b"), c = Crc64("c");
  const uint64_t n = (uint64_t{5} << 32) + 12345, m = (uint64_t{1} << 40) + 7;
  EXPECT_EQ(Crc64Combine(Crc64Combine(a, b, n), c, m),
            Crc64Combine(a, Crc64Combine(b, c, m), n + m));
}

}  // namespace
}  // namespace ossxfer
