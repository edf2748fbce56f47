#include "transfer/part_plan.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ossxfer::transfer {
namespace {

using ::ossxfer::testing::kKiB;
using ::ossxfer::testing::kMiB;
constexpr uint64_t kGiB = uint64_t{1} << 30;
constexpr uint64_t kTiB = uint64_t{1} << 40;

uint64_t PartCount(uint64_t total, uint64_t part_size) {
  return total / part_size + (total % part_size != 0 ? 1 : 0);
}

// Contiguous from `first`, every part full but the last, sizes summing to
// `length`.
void ExpectCovers(const std::vector<PartRange>& parts, uint64_t first,
                  uint64_t length, uint64_t part_size) {
  ASSERT_EQ(parts.size(), PartCount(length, part_size));
  uint64_t next = first;
  uint64_t sum = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    EXPECT_EQ(parts[i].first, next) << "part " << i;
    EXPECT_GT(parts[i].size, 0u) << "part " << i;
    if (i + 1 < parts.size()) {
      EXPECT_EQ(parts[i].size, part_size) << "part " << i;
    }
    EXPECT_LE(parts[i].size, part_size);
    next += parts[i].size;
    sum += parts[i].size;
  }
  EXPECT_EQ(sum, length);
}

TEST(PartPlanTest, ValidatePartSizeAtTheBoundaries) {
  Status too_small = ValidatePartSize(102399);
  EXPECT_EQ(too_small.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(too_small.message().find("100 KB"), std::string::npos) << too_small;
  EXPECT_NE(too_small.message().find("5 GB"), std::string::npos) << too_small;
  EXPECT_NE(too_small.message().find("102399"), std::string::npos);

  EXPECT_TRUE(ValidatePartSize(102400).ok());
  EXPECT_TRUE(ValidatePartSize(8 * kMiB).ok());
  EXPECT_TRUE(ValidatePartSize(5 * kGiB).ok());

  Status too_big = ValidatePartSize(5 * kGiB + 1);
  EXPECT_EQ(too_big.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(too_big.message().find("5 GB (5368709120)"), std::string::npos)
      << too_big;
  EXPECT_FALSE(ValidatePartSize(0).ok());
}

TEST(PartPlanTest, EffectivePartSizeKeepsARequestThatFits) {
  EXPECT_EQ(EffectivePartSize(1 * kGiB, 8 * kMiB).value(), 8 * kMiB);
  EXPECT_EQ(EffectivePartSize(0, 8 * kMiB).value(), 8 * kMiB);
  EXPECT_EQ(EffectivePartSize(1, 5 * kGiB).value(), 5 * kGiB);
  // Exactly 10000 parts still fits.
  EXPECT_EQ(EffectivePartSize(10000 * 8 * kMiB, 8 * kMiB).value(), 8 * kMiB);
}

TEST(PartPlanTest, EffectivePartSizeGrowsToTheSmallestFittingMiB) {
  const uint64_t total = 1 * kTiB;
  Result<uint64_t> size = EffectivePartSize(total, 8 * kMiB);
  ASSERT_TRUE(size.ok()) << size.status();
  EXPECT_EQ(*size % kMiB, 0u);
  EXPECT_LE(PartCount(total, *size), 10000u);
  EXPECT_GT(PartCount(total, *size - kMiB), 10000u);  // the smallest
  EXPECT_EQ(*size, 105 * kMiB);

  // One byte past 10000 full parts needs the next MiB.
  EXPECT_EQ(EffectivePartSize(10000 * 8 * kMiB + 1, 8 * kMiB).value(),
            9 * kMiB);
  // A request that is not a whole MiB grows to one.
  EXPECT_EQ(EffectivePartSize(10 * kGiB, 100 * kKiB).value(), 2 * kMiB);
}

TEST(PartPlanTest, EffectivePartSizeFailsBeyondTheLargestPlan) {
  const uint64_t largest = 10000 * 5 * kGiB;
  EXPECT_EQ(EffectivePartSize(largest, 8 * kMiB).value(), 5 * kGiB);
  Result<uint64_t> size = EffectivePartSize(largest + 1, 8 * kMiB);
  EXPECT_EQ(size.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(size.status().message().find("10000"), std::string::npos)
      << size.status();
  EXPECT_FALSE(EffectivePartSize(UINT64_MAX, 8 * kMiB).ok());
}

TEST(PartPlanTest, EffectivePartSizeRejectsZero) {
  EXPECT_EQ(EffectivePartSize(1 * kGiB, 0).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(PartPlanTest, PlanPartsOfNothingIsEmpty) {
  EXPECT_TRUE(PlanParts(0, 0, 1000).empty());
  EXPECT_TRUE(PlanParts(12345, 0, 1000).empty());
}

TEST(PartPlanTest, PlanPartsAroundThePartSize) {
  const uint64_t part = 1000;
  for (uint64_t length :
       {uint64_t{1}, part - 1, part, part + 1, 3 * part, 3 * part + 7}) {
    SCOPED_TRACE(length);
    ExpectCovers(PlanParts(0, length, part), 0, length, part);
  }
  std::vector<PartRange> one = PlanParts(0, 1, part);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].size, 1u);

  std::vector<PartRange> two = PlanParts(0, part + 1, part);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].size, part);
  EXPECT_EQ(two[1].first, part);
  EXPECT_EQ(two[1].size, 1u);
}

TEST(PartPlanTest, PlanPartsStartsAtTheRangeStart) {
  std::vector<PartRange> parts = PlanParts(5000, 2500, 1000);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].first, 5000u);
  EXPECT_EQ(parts[1].first, 6000u);
  EXPECT_EQ(parts[2].first, 7000u);
  EXPECT_EQ(parts[2].size, 500u);  // the last is shorter
  ExpectCovers(parts, 5000, 2500, 1000);
}

TEST(PartPlanTest, PlanPartsOfALargeObject) {
  const uint64_t total = 1 * kTiB;
  const uint64_t part = EffectivePartSize(total, 8 * kMiB).value();
  std::vector<PartRange> parts = PlanParts(0, total, part);
  EXPECT_LE(parts.size(), 10000u);
  ExpectCovers(parts, 0, total, part);
}

TEST(PartPlanTest, PlanPartsNearTheTopOfTheOffsetRange) {
  const uint64_t first = UINT64_MAX - 2499;  // the range ends at UINT64_MAX
  ExpectCovers(PlanParts(first, 2500, 1000), first, 2500, 1000);
}

TEST(PartPlanTest, ALayoutTakesASavedPartSizeOnlyWhenNoneIsRequested) {
  const uint64_t length = 10 * kMiB + 1;
  Result<PartLayout> saved = LayOutParts(kMiB, length, 0, 2 * kMiB, 8 * kMiB);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->first, kMiB);
  EXPECT_EQ(saved->length, length);
  EXPECT_EQ(saved->part_size, 2 * kMiB);
  ExpectCovers(saved->parts, kMiB, length, 2 * kMiB);
  Result<PartLayout> requested =
      LayOutParts(0, length, 4 * kMiB, 2 * kMiB, 8 * kMiB);
  ASSERT_TRUE(requested.ok());
  EXPECT_EQ(requested->part_size, 4 * kMiB);
  EXPECT_EQ(requested->parts.size(), 3u);
  // An invalid saved size (an edited checkpoint) falls back to the default.
  Result<PartLayout> invalid = LayOutParts(0, length, 0, 7, 8 * kMiB);
  ASSERT_TRUE(invalid.ok());
  EXPECT_EQ(invalid->part_size, 8 * kMiB);
}

TEST(PartPlanTest, ALayoutThatCannotFitFails) {
  EXPECT_FALSE(LayOutParts(0, UINT64_MAX, 0, std::nullopt, 8 * kMiB).ok());
}

TEST(PartPlanTest, OneStreamIsOnePartOfAnySize) {
  PartLayout empty = OneStreamLayout(0);
  EXPECT_TRUE(empty.parts.empty());
  PartLayout big = OneStreamLayout(7 * kTiB);
  ASSERT_EQ(big.parts.size(), 1u);
  EXPECT_EQ(big.parts[0].first, 0u);
  EXPECT_EQ(big.parts[0].size, 7 * kTiB);
  EXPECT_EQ(big.part_size, 7 * kTiB);
}

}  // namespace
}  // namespace ossxfer::transfer

#include "support/test_sizes.h"