#include "ossxfer/checksum.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "ossxfer/crc64.h"

namespace ossxfer {
namespace {

constexpr ChecksumAlgorithm kAll[] = {ChecksumAlgorithm::kCrc64Ecma,
                                      ChecksumAlgorithm::kCrc32c,
                                      ChecksumAlgorithm::kCrc32};

// The published check values (the CRC of "123456789") of each algorithm.
TEST(ChecksumTest, MatchesThePublishedCheckValues) {
  EXPECT_EQ(ComputeChecksum(ChecksumAlgorithm::kCrc64Ecma, "123456789"),
            (Checksum{ChecksumAlgorithm::kCrc64Ecma, 0x995dc9bbdf1939faULL}));
  EXPECT_EQ(ComputeChecksum(ChecksumAlgorithm::kCrc32c, "123456789"),
            (Checksum{ChecksumAlgorithm::kCrc32c, 0xE3069283}));
  EXPECT_EQ(ComputeChecksum(ChecksumAlgorithm::kCrc32, "123456789"),
            (Checksum{ChecksumAlgorithm::kCrc32, 0xCBF43926}));
  for (ChecksumAlgorithm algorithm : kAll) {
    EXPECT_EQ(ComputeChecksum(algorithm, "").value, 0u)
        << ChecksumAlgorithmName(algorithm);
  }
}

// More published vectors: RFC 3720 B.4 (CRC-32C of 32 zero bytes and of 32
// 0xFF bytes), CRC-32 and CRC-64/ECMA of "a".
TEST(ChecksumTest, MatchesMoreKnownVectors) {
  EXPECT_EQ(
      ComputeChecksum(ChecksumAlgorithm::kCrc32c, std::string(32, '\0')).value,
      0x8A9136AAu);
  EXPECT_EQ(ComputeChecksum(ChecksumAlgorithm::kCrc32c,
                            std::string(32, static_cast<char>(0xFF)))
                .value,
            0x62A8AB43u);
  EXPECT_EQ(ComputeChecksum(ChecksumAlgorithm::kCrc32, "a").value, 0xE8B7BE43u);
  EXPECT_EQ(ComputeChecksum(ChecksumAlgorithm::kCrc64Ecma, "a").value,
            0x330284772e652b05ULL);
}

TEST(ChecksumTest, ContinuesFromASeed) {
  const std::string text = "This is a test of the emergency broadcast system.";
  for (ChecksumAlgorithm algorithm : kAll) {
    for (size_t split = 0; split <= text.size(); ++split) {
      uint64_t head = ChecksumUpdate(algorithm, text.data(), split);
      uint64_t whole = ChecksumUpdate(algorithm, text.data() + split,
                                      text.size() - split, head);
      ASSERT_EQ(whole, ComputeChecksum(algorithm, text).value)
          << ChecksumAlgorithmName(algorithm) << " split at " << split;
    }
  }
}

TEST(ChecksumTest, CombinesRandomSplits) {
  std::mt19937_64 random(20261130);
  for (ChecksumAlgorithm algorithm : kAll) {
    for (int trial = 0; trial < 50; ++trial) {
      std::string bytes(random() % 5000, '\0');
      for (char& c : bytes) c = static_cast<char>(random());
      const size_t split = bytes.empty() ? 0 : random() % (bytes.size() + 1);
      const std::string a = bytes.substr(0, split);
      const std::string b = bytes.substr(split);
      EXPECT_EQ(ChecksumCombine(algorithm, ComputeChecksum(algorithm, a).value,
                                ComputeChecksum(algorithm, b).value, b.size()),
                ComputeChecksum(algorithm, bytes).value)
          << ChecksumAlgorithmName(algorithm) << " " << bytes.size() << " at "
          << split;
    }
  }
}

TEST(ChecksumTest, CombinesEmptyAndOneByteAndLargeParts) {
  const std::string one = "x";
  for (ChecksumAlgorithm algorithm : kAll) {
    const Checksum empty = ComputeChecksum(algorithm, "");
    const Checksum x = ComputeChecksum(algorithm, one);
    // An empty part changes nothing, on either side.
    EXPECT_EQ(CombineChecksums(x, empty, 0), x);
    EXPECT_EQ(CombineChecksums(empty, x, 1), x);
    EXPECT_EQ(CombineChecksums(x, x, 1), ComputeChecksum(algorithm, "xx"));
    // Ten parts of 1 MiB combine to the checksum of the 10 MiB.
    std::string mib(1 << 20, '\0');
    for (size_t i = 0; i < mib.size(); ++i) {
      mib[i] = static_cast<char>(i * 7 + 3);
    }
    Checksum combined = empty;
    std::string whole;
    for (int part = 0; part < 10; ++part) {
      mib[0] = static_cast<char>(part);
      whole += mib;
      combined = *CombineChecksums(combined, ComputeChecksum(algorithm, mib),
                                   mib.size());
    }
    EXPECT_EQ(combined, ComputeChecksum(algorithm, whole))
        << ChecksumAlgorithmName(algorithm);
  }
}

// A length past 4 GiB exercises operators beyond 2^32 bytes: appending
// 2^33 zero bytes by combining equals appending them in two halves.
TEST(ChecksumTest, CombinesLengthsBeyondFourGibibytes) {
  for (ChecksumAlgorithm algorithm : kAll) {
    const uint64_t a = ComputeChecksum(algorithm, "abc").value;
    // CRC(abc || 0^(2^33)) two ways: appending 2^33 zeros at once, or
    // 2^32 zeros twice. The CRC of n zero bytes, by doubling from one.
    auto zeros = [&](uint64_t n) {
      uint64_t one_zero = ChecksumUpdate(algorithm, "\0", 1);
      uint64_t result = 0;
      uint64_t power = one_zero;  // CRC of 2^k zeros
      uint64_t power_length = 1;
      for (uint64_t bits = n; bits != 0; bits >>= 1) {
        if (bits & 1) {
          result = ChecksumCombine(algorithm, result, power, power_length);
        }
        power = ChecksumCombine(algorithm, power, power, power_length);
        power_length *= 2;
      }
      return result;
    };
    const uint64_t half = uint64_t{1} << 32;
    const uint64_t at_once =
        ChecksumCombine(algorithm, a, zeros(2 * half), 2 * half);
    const uint64_t twice = ChecksumCombine(
        algorithm, ChecksumCombine(algorithm, a, zeros(half), half),
        zeros(half), half);
    EXPECT_EQ(at_once, twice) << ChecksumAlgorithmName(algorithm);
    EXPECT_NE(at_once, a);
  }
}

TEST(ChecksumTest, RefusesToCombineDifferentAlgorithms) {
  EXPECT_EQ(
      CombineChecksums(ComputeChecksum(ChecksumAlgorithm::kCrc32c, "a"),
                       ComputeChecksum(ChecksumAlgorithm::kCrc32, "b"), 1),
      std::nullopt);
}

TEST(ChecksumTest, NamesRoundTripAndStayStable) {
  EXPECT_EQ(ChecksumAlgorithmName(ChecksumAlgorithm::kCrc64Ecma), "crc64ecma");
  EXPECT_EQ(ChecksumAlgorithmName(ChecksumAlgorithm::kCrc32c), "crc32c");
  EXPECT_EQ(ChecksumAlgorithmName(ChecksumAlgorithm::kCrc32), "crc32");
  for (ChecksumAlgorithm algorithm : kAll) {
    EXPECT_EQ(ParseChecksumAlgorithm(ChecksumAlgorithmName(algorithm)),
              algorithm);
  }
  EXPECT_EQ(ParseChecksumAlgorithm("CRC32C"), std::nullopt);
  EXPECT_EQ(ParseChecksumAlgorithm("md5"), std::nullopt);
  EXPECT_EQ(ParseChecksumAlgorithm(""), std::nullopt);
}

TEST(ChecksumTest, Crc64EcmaIsTheCrc64Function) {
  const std::string text = "hello world";
  EXPECT_EQ(ComputeChecksum(ChecksumAlgorithm::kCrc64Ecma, text).value,
            Crc64(text));
}

}  // namespace
}  // namespace ossxfer
