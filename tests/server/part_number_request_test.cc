#include "server/part_number_request.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ossxfer::server {
namespace {

TEST(PartNumberRequestTest, APartIsTheRangeItsSizesGive) {
  const std::vector<uint64_t> sizes = {100, 100, 7};
  Result<PartSelection> second =
      SelectPart("2", false, 207, sizes, "\"E-3\"", 501);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->first, 100u);
  EXPECT_EQ(second->length, 100u);
  EXPECT_EQ(second->parts_count, 3u);
  Result<PartSelection> last =
      SelectPart("3", false, 207, sizes, "\"E-3\"", 501);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->first, 200u);
  EXPECT_EQ(last->length, 7u);
  // Any other object is one part.
  Result<PartSelection> single = SelectPart("1", false, 50, {}, "\"E\"", 501);
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->length, 50u);
  EXPECT_EQ(single->parts_count, 0u);
}

TEST(PartNumberRequestTest, BadNumbersAndRangesAreRefused) {
  const std::vector<uint64_t> sizes = {100, 7};
  struct Case {
    std::string number;
    bool range;
    std::vector<uint64_t> sizes;
    std::string etag;
    int status;
  };
  const std::vector<Case> cases = {
      {"0", false, sizes, "\"E-2\"", 400},
      {"10001", false, sizes, "\"E-2\"", 400},
      {"x", false, sizes, "\"E-2\"", 400},
      {"", false, sizes, "\"E-2\"", 400},
      {"1", true, sizes, "\"E-2\"", 400},
      {"3", false, sizes, "\"E-2\"", 416},
      {"2", false, {}, "\"E\"", 416},
      // Completed before serve kept part sizes: not guessed.
      {"1", false, {}, "\"E-2\"", 501},
  };
  for (const Case& c : cases) {
    Result<PartSelection> part =
        SelectPart(c.number, c.range, 107, c.sizes, c.etag, 501);
    ASSERT_FALSE(part.ok()) << c.number;
    EXPECT_EQ(part.status().service_error()->http_status, c.status)
        << "partNumber=" << c.number << " range=" << c.range;
  }
}

}  // namespace
}  // namespace ossxfer::server
