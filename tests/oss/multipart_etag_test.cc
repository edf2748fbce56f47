// The composite multipart ETag against s3-protocol.md §5.2's worked
// example (checked there against moto), and the parts it refuses.
#include "oss/multipart_etag.h"

#include <gtest/gtest.h>

namespace ossxfer::oss {
namespace {

TEST(CompositeMultipartEtagTest, MatchesTheWorkedExample) {
  // 5 MiB of 'a', 5 MiB of 'b', one 'c'; quotes and case as servers send.
  EXPECT_EQ(
      CompositeMultipartEtag({{1, "\"79b281060d337b9b2b84ccf390adcf74\""},
                              {2, "74843A3AB193A389BCED899402D99D5F"},
                              {3, "\"4a8a08f09d37b73795649038408b5f33\""}}),
      "0a97f1336a2298a6c3e9adaa562a9eec-3");
}

TEST(CompositeMultipartEtagTest, OrderAndCountMatter) {
  const std::vector<CompletedPart> in_order = {
      {1, "79b281060d337b9b2b84ccf390adcf74"},
      {2, "74843a3ab193a389bced899402d99d5f"}};
  const std::vector<CompletedPart> swapped = {
      {1, "74843a3ab193a389bced899402d99d5f"},
      {2, "79b281060d337b9b2b84ccf390adcf74"}};
  ASSERT_TRUE(CompositeMultipartEtag(in_order).has_value());
  EXPECT_TRUE(CompositeMultipartEtag(in_order)->ends_with("-2"));
  EXPECT_NE(CompositeMultipartEtag(in_order), CompositeMultipartEtag(swapped));
}

TEST(CompositeMultipartEtagTest, NoEtagWhenAPartsEtagIsNotItsMd5) {
  EXPECT_EQ(CompositeMultipartEtag({}), std::nullopt);
  for (const char* etag :
       {"", "\"\"", "79b281060d337b9b2b84ccf390adcf7",  // 31 digits
        "79b281060d337b9b2b84ccf390adcf74-2",           // itself composite
        "zzb281060d337b9b2b84ccf390adcf74"}) {
    EXPECT_EQ(CompositeMultipartEtag(
                  {{1, "79b281060d337b9b2b84ccf390adcf74"}, {2, etag}}),
              std::nullopt)
        << etag;
  }
}

}  // namespace
}  // namespace ossxfer::oss
