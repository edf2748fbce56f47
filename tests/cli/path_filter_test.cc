#include "cli/path_filter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ossxfer::cli {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const SystemTime kNow = SystemTime(seconds(1'800'000'000));

PathFilter Make(const FilterOptions& options) {
  Result<PathFilter> filter = PathFilter::Make(options, kNow);
  EXPECT_TRUE(filter.ok()) << filter.status();
  return std::move(filter).value();
}

bool Takes(const PathFilter& filter, std::string_view path, uint64_t size = 1,
           std::optional<SystemTime> modified = std::nullopt) {
  return filter.Takes(TreeEntry{path, size, modified});
}

FilterRule Include(std::string pattern) { return {true, std::move(pattern)}; }
FilterRule Exclude(std::string pattern) { return {false, std::move(pattern)}; }

TEST(PathFilterTest, NoOptionsTakesEverything) {
  PathFilter filter = Make({});
  EXPECT_TRUE(filter.TakesEverything());
  EXPECT_TRUE(Takes(filter, "any/thing"));
}

TEST(PathFilterTest, TheFirstMatchingRuleDecides) {
  FilterOptions jpg_first;
  jpg_first.rules = {Include("*.jpg"), Exclude("tmp/")};
  PathFilter a = Make(jpg_first);
  EXPECT_TRUE(Takes(a, "tmp/x.jpg"));
  EXPECT_TRUE(Takes(a, "y.jpg"));
  // An include exists: what no rule matches is left out.
  EXPECT_FALSE(Takes(a, "notes.txt"));

  FilterOptions tmp_first;
  tmp_first.rules = {Exclude("tmp/"), Include("*.jpg")};
  PathFilter b = Make(tmp_first);
  EXPECT_FALSE(Takes(b, "tmp/x.jpg"));
  EXPECT_TRUE(Takes(b, "y.jpg"));
  EXPECT_FALSE(Takes(b, "notes.txt"));
}

TEST(PathFilterTest, OnlyExcludesTakeTheRest) {
  FilterOptions options;
  options.rules = {Exclude("*.tmp"), Exclude("/cache/")};
  PathFilter filter = Make(options);
  EXPECT_FALSE(filter.TakesEverything());
  EXPECT_FALSE(Takes(filter, "a/b.tmp"));
  EXPECT_FALSE(Takes(filter, "cache/x"));
  EXPECT_TRUE(Takes(filter, "deep/cache/x"));
  EXPECT_TRUE(Takes(filter, "a/b.txt"));
}

TEST(PathFilterTest, FilesFromListsTheOnlyPathsTaken) {
  FilterOptions options;
  options.files_from_text =
      "# wanted\n./a.txt\n/dir/b.txt\r\n\n  c d.txt  \n; skipped\na.txt\n";
  options.files_from_name = "list";
  PathFilter filter = Make(options);
  EXPECT_EQ(filter.files_from(),
            (std::vector<std::string>{"a.txt", "dir/b.txt", "c d.txt"}));
  EXPECT_TRUE(Takes(filter, "a.txt"));
  EXPECT_TRUE(Takes(filter, "dir/b.txt"));
  EXPECT_TRUE(Takes(filter, "c d.txt"));
  EXPECT_FALSE(Takes(filter, "dir/a.txt"));
  EXPECT_FALSE(Takes(filter, "b.txt"));
  // Rules still apply to the listed paths.
  options.rules = {Exclude("dir/")};
  EXPECT_FALSE(Takes(Make(options), "dir/b.txt"));
  // An empty list takes nothing.
  options.files_from_text = "# nothing\n";
  options.rules.clear();
  EXPECT_FALSE(Takes(Make(options), "a.txt"));
}

TEST(PathFilterTest, SizeLimitsAreInclusive) {
  FilterOptions options;
  options.min_size = 10;
  options.max_size = 20;
  PathFilter filter = Make(options);
  EXPECT_FALSE(Takes(filter, "f", 9));
  EXPECT_TRUE(Takes(filter, "f", 10));
  EXPECT_TRUE(Takes(filter, "f", 20));
  EXPECT_FALSE(Takes(filter, "f", 21));
}

TEST(PathFilterTest, AgeLimits) {
  FilterOptions options;
  options.min_age = hours(1);   // older than an hour
  options.max_age = hours(24);  // newer than a day
  PathFilter filter = Make(options);
  EXPECT_FALSE(Takes(filter, "f", 1, kNow - seconds(10)));
  EXPECT_TRUE(Takes(filter, "f", 1, kNow - hours(1)));
  EXPECT_TRUE(Takes(filter, "f", 1, kNow - hours(5)));
  EXPECT_TRUE(Takes(filter, "f", 1, kNow - hours(24)));
  EXPECT_FALSE(Takes(filter, "f", 1, kNow - hours(25)));
  // A time in the future is younger than any minimum age.
  EXPECT_FALSE(Takes(filter, "f", 1, kNow + hours(1)));
}

TEST(PathFilterTest, ContradictionsAndBadPatternsAreRefused) {
  FilterOptions sizes;
  sizes.min_size = 5;
  sizes.max_size = 4;
  Result<PathFilter> bad_sizes = PathFilter::Make(sizes, kNow);
  ASSERT_FALSE(bad_sizes.ok());
  EXPECT_NE(bad_sizes.status().message().find("--min-size 5 is larger than "
                                              "--max-size 4"),
            std::string::npos);
  FilterOptions ages;
  ages.min_age = hours(2);
  ages.max_age = hours(1);
  EXPECT_FALSE(PathFilter::Make(ages, kNow).ok());
  FilterOptions pattern;
  pattern.rules = {Include("*.jpg"), Exclude("[oops")};
  Result<PathFilter> bad_pattern = PathFilter::Make(pattern, kNow);
  ASSERT_FALSE(bad_pattern.ok());
  EXPECT_EQ(bad_pattern.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_pattern.status().message().find("--exclude"),
            std::string::npos);
  EXPECT_NE(bad_pattern.status().message().find("[oops"), std::string::npos);
}

// The N shares of --partition cover every path exactly once, are fairly
// even, and never change (machines of one job must agree: these values
// were computed once, independently, in Python).
TEST(PathFilterTest, PartitionsCoverEveryPathOnce) {
  EXPECT_EQ(PartitionOf("", UINT64_MAX), 0xefd01f60ba992926u);
  EXPECT_EQ(PartitionOf("a", UINT64_MAX), 0x82a2a958a9bece5bu);
  EXPECT_EQ(PartitionOf("foobar", UINT64_MAX), 0x2c22194922d1672bu);
  constexpr uint64_t kShares = 3;
  std::vector<PathFilter> shares;
  for (uint64_t i = 1; i <= kShares; ++i) {
    FilterOptions options;
    options.partition = std::make_pair(i, kShares);
    shares.push_back(Make(options));
  }
  std::vector<int> sizes(kShares);
  for (int n = 0; n < 4000; ++n) {
    const std::string path = "dir/" + std::to_string(n) + ".bin";
    int takers = 0;
    for (uint64_t i = 0; i < kShares; ++i) {
      if (Takes(shares[i], path)) {
        ++takers;
        ++sizes[i];
      }
    }
    EXPECT_EQ(takers, 1) << path;
  }
  for (int size : sizes) {
    EXPECT_GT(size, 1200);
    EXPECT_LT(size, 1467);
  }
  for (auto [index, count] :
       {std::pair<uint64_t, uint64_t>{0, 4}, {5, 4}, {1, 0}}) {
    FilterOptions options;
    options.partition = std::make_pair(index, count);
    EXPECT_FALSE(PathFilter::Make(options, kNow).ok()) << index << "/" << count;
  }
}

}  // namespace
}  // namespace ossxfer::cli
