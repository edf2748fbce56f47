// The synthetic bucket's generated trees: every key once, in order, in
// pages that resume after any marker; a prefix inside a tree narrows it;
// what does not name a tree is left to the store.
#include "server/synthetic_listing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/synthetic_object.h"

namespace ossxfer::server {
namespace {

std::vector<std::string> KeysOf(const ObjectListPage& page) {
  std::vector<std::string> keys;
  for (const StoredObject& object : page.objects) keys.push_back(object.key);
  return keys;
}

TEST(SyntheticListingTest, PagesCoverTheTreeOnceInOrder) {
  std::vector<std::string> keys;
  std::string marker;
  int pages = 0;
  for (;;) {
    std::optional<ObjectListPage> page =
        ListSyntheticTree("tree-2500x100/", marker, 1000);
    ASSERT_TRUE(page.has_value());
    ++pages;
    for (std::string& key : KeysOf(*page)) keys.push_back(std::move(key));
    if (!page->is_truncated) break;
    EXPECT_EQ(page->next_marker, keys.back());
    marker = page->next_marker;
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(keys.size(), 2500u);
  EXPECT_EQ(keys.front(), "tree-2500x100/f00000000-100");
  EXPECT_EQ(keys.back(), "tree-2500x100/f00002499-100");
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  // Each listed object is the synthetic object its key names.
  std::optional<ObjectListPage> first =
      ListSyntheticTree("tree-2500x100/", "", 1);
  ASSERT_TRUE(first && first->objects.size() == 1);
  const SyntheticObject object(100);
  EXPECT_EQ(first->objects[0].size, 100u);
  EXPECT_EQ(first->objects[0].etag, object.etag());
  EXPECT_EQ(first->objects[0].crc64, object.crc64());
  EXPECT_EQ(SyntheticObject::FromKey(first->objects[0].key)->size(), 100u);
}

TEST(SyntheticListingTest, APrefixOrAMarkerInsideTheTreeNarrowsIt) {
  std::optional<ObjectListPage> tens =
      ListSyntheticTree("tree-2500x100/f0000123", "", 1000);
  ASSERT_TRUE(tens.has_value());
  ASSERT_EQ(tens->objects.size(), 10u);
  EXPECT_EQ(tens->objects[0].key, "tree-2500x100/f00001230-100");
  EXPECT_FALSE(tens->is_truncated);

  // A marker between two keys, or past the end.
  std::optional<ObjectListPage> after =
      ListSyntheticTree("tree-2500x100/", "tree-2500x100/f00002497-0", 1000);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(KeysOf(*after),
            (std::vector<std::string>{"tree-2500x100/f00002497-100",
                                      "tree-2500x100/f00002498-100",
                                      "tree-2500x100/f00002499-100"}));
  EXPECT_TRUE(
      ListSyntheticTree("tree-2500x100/", "tree-3", 10)->objects.empty());
  EXPECT_TRUE(ListSyntheticTree("tree-0x100/", "", 10)->objects.empty());
}

TEST(SyntheticListingTest, PrefixesThatNameNoTreeAreNotItsToList) {
  for (const char* prefix :
       {"", "tree-", "tree-10x100", "tree-10/", "tree-x100/", "tree-10x/",
        "tree-10xabc/", "other-10x100/", "tree-100000001x1/"}) {
    EXPECT_FALSE(ListSyntheticTree(prefix, "", 10).has_value()) << prefix;
  }
}

}  // namespace
}  // namespace ossxfer::server
