#include "oss/storage_class.h"

#include <gtest/gtest.h>

namespace ossxfer::oss {
namespace {

TEST(StorageClassTest, OnlyTheArchiveClassesNeedARestore) {
  EXPECT_TRUE(IsArchiveClass("Archive"));
  EXPECT_TRUE(IsArchiveClass("ColdArchive"));
  EXPECT_TRUE(IsArchiveClass("DeepColdArchive"));
  EXPECT_FALSE(IsArchiveClass("Standard"));
  EXPECT_FALSE(IsArchiveClass("IA"));
  EXPECT_FALSE(IsArchiveClass(""));
  // OSS writes the capitalised form; anything else is not one of them.
  EXPECT_FALSE(IsArchiveClass("archive"));
}

}  // namespace
}  // namespace ossxfer::oss
