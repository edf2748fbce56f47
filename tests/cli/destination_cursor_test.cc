// DestinationCursor: a sync's destination read in step with the source;
// what the source lacks is kept only for --delete, and either side out of
// order stops it for good.
#include "cli/destination_cursor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ossxfer::cli {
namespace {

// A destination of the given paths, each of size = its index; `fail_at`:
// the read of that index fails.
DestinationCursor::Read Entries(std::vector<std::string> paths,
                                int fail_at = -1) {
  auto next = std::make_shared<size_t>(0);
  return [paths = std::move(paths), next,
          fail_at]() -> Result<std::optional<DestinationEntry>> {
    if (static_cast<int>(*next) == fail_at) {
      return Status::IoError("the listing broke");
    }
    if (*next == paths.size()) return std::optional<DestinationEntry>();
    const size_t i = (*next)++;
    return std::optional<DestinationEntry>(
        DestinationEntry{paths[i], EntryFacts{i, std::nullopt}});
  };
}

std::vector<std::string> Paths(const std::vector<DestinationEntry>& entries) {
  std::vector<std::string> paths;
  for (const DestinationEntry& entry : entries) paths.push_back(entry.relative);
  return paths;
}

TEST(DestinationCursorTest, PairsTheSourcesPathsAndKeepsWhatItLacks) {
  DestinationCursor cursor(Entries({"a", "b/c", "d", "f", "g"}), true);
  Result<std::optional<EntryFacts>> a = cursor.Take("a");
  ASSERT_TRUE(a.ok() && *a);
  EXPECT_EQ((*a)->size, 0u);
  Result<std::optional<EntryFacts>> c = cursor.Take("c");  // none: new
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(*c);
  Result<std::optional<EntryFacts>> f = cursor.Take("f");
  ASSERT_TRUE(f.ok() && *f);
  EXPECT_EQ((*f)->size, 3u);
  ASSERT_TRUE(cursor.Finish().ok());
  EXPECT_EQ(Paths(cursor.extraneous()),
            (std::vector<std::string>{"b/c", "d", "g"}));
}

TEST(DestinationCursorTest, KeepsNothingWithoutDelete) {
  DestinationCursor cursor(Entries({"a", "b", "c"}), false);
  ASSERT_TRUE(cursor.Take("b").ok());
  ASSERT_TRUE(cursor.Finish().ok());
  EXPECT_TRUE(cursor.extraneous().empty());
}

TEST(DestinationCursorTest, ASourceOutOfOrderStopsItForGood) {
  DestinationCursor cursor(Entries({"a", "b", "c"}), true);
  ASSERT_TRUE(cursor.Take("b").ok());
  Result<std::optional<EntryFacts>> back = cursor.Take("a");
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find("source's listing"), std::string::npos)
      << back.status();
  EXPECT_FALSE(cursor.Take("c").ok());
  EXPECT_FALSE(cursor.Finish().ok());
  // The same path twice is out of order too.
  DestinationCursor twice(Entries({"a"}), true);
  ASSERT_TRUE(twice.Take("a").ok());
  EXPECT_FALSE(twice.Take("a").ok());
}

TEST(DestinationCursorTest, ADestinationOutOfOrderOrBrokenStopsIt) {
  DestinationCursor unordered(Entries({"a", "c", "b"}), true);
  ASSERT_TRUE(unordered.Take("a").ok());
  Result<std::optional<EntryFacts>> d = unordered.Take("d");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("destination's listing"),
            std::string::npos)
      << d.status();
  EXPECT_FALSE(unordered.Finish().ok());

  DestinationCursor broken(Entries({"a", "b", "c"}, 2), true);
  ASSERT_TRUE(broken.Take("a").ok());
  ASSERT_TRUE(broken.Take("b").ok());
  Status finished = broken.Finish();
  EXPECT_EQ(finished.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace ossxfer::cli
