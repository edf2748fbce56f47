#include "transfer/checksum_check.h"

#include <gtest/gtest.h>

#include <string>

namespace ossxfer::transfer {
namespace {

constexpr auto kCrc64 = ChecksumAlgorithm::kCrc64Ecma;
constexpr auto kCrc32c = ChecksumAlgorithm::kCrc32c;

TEST(ChecksumCheckTest, EachVerdict) {
  const Checksum a{kCrc64, 1}, b{kCrc64, 2}, c{kCrc32c, 1};
  EXPECT_EQ(CheckChecksum(a, a), ChecksumVerdict::kVerified);
  EXPECT_EQ(CheckChecksum(a, b), ChecksumVerdict::kMismatch);
  EXPECT_EQ(CheckChecksum(std::nullopt, a), ChecksumVerdict::kNoReported);
  EXPECT_EQ(CheckChecksum(a, std::nullopt), ChecksumVerdict::kNoExpected);
  // The same value in another algorithm proves nothing.
  EXPECT_EQ(CheckChecksum(a, c), ChecksumVerdict::kDifferentAlgorithms);
}

TEST(ChecksumCheckTest, PartsCombineToTheWhole) {
  const std::string whole = "the quick brown fox jumps over the lazy dog";
  for (ChecksumAlgorithm algorithm :
       {kCrc64, kCrc32c, ChecksumAlgorithm::kCrc32}) {
    std::vector<PartChecksum> parts;
    for (size_t at = 0; at < whole.size(); at += 10) {
      const std::string part = whole.substr(at, 10);
      parts.push_back({ComputeChecksum(algorithm, part), part.size()});
    }
    std::optional<Checksum> combined = CombinePartChecksums(algorithm, parts);
    ASSERT_TRUE(combined.has_value());
    EXPECT_EQ(*combined, ComputeChecksum(algorithm, whole));
  }
  EXPECT_EQ(CombinePartChecksums(kCrc64, {}), (Checksum{kCrc64, 0}));
}

TEST(ChecksumCheckTest, APartWithoutAComparableChecksumLeavesNoWhole) {
  const PartChecksum good{ComputeChecksum(kCrc64, "ab"), 2};
  EXPECT_FALSE(
      CombinePartChecksums(kCrc64, {good, PartChecksum{std::nullopt, 2}}));
  EXPECT_FALSE(CombinePartChecksums(
      kCrc64, {good, PartChecksum{ComputeChecksum(kCrc32c, "cd"), 2}}));
}

}  // namespace
}  // namespace ossxfer::transfer
