#include "server/synthetic_object.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "ossxfer/crc64.h"

namespace ossxfer::server {
namespace {

TEST(SyntheticObjectTest, KeysNameSizes) {
  EXPECT_EQ(SyntheticObject::FromKey("1073741824")->size(), 1073741824u);
  EXPECT_EQ(SyntheticObject::FromKey("big/2048.bin")->size(), 2048u);
  EXPECT_EQ(SyntheticObject::FromKey("0")->size(), 0u);
  // As a synthetic tree lists them (synthetic_listing.h).
  EXPECT_EQ(SyntheticObject::FromKey("tree-10x65536/f00000003-65536")->size(),
            65536u);
  EXPECT_EQ(SyntheticObject::FromKey("name-7.bin")->size(), 7u);
  for (const char* bad : {"", "abc", "12x", "-5", "1.5", "big/",
                          "99999999999999999999999", "a-", "a-b", "7-x"}) {
    EXPECT_FALSE(SyntheticObject::FromKey(bad)) << bad;
  }
}

TEST(SyntheticObjectTest, CrcMatchesTheBytesServed) {
  // Sizes around the period, so the repeat and tail logic are exercised.
  for (uint64_t size : {uint64_t{0}, uint64_t{1}, SyntheticObject::kPeriod - 1,
                        SyntheticObject::kPeriod, SyntheticObject::kPeriod + 1,
                        3 * SyntheticObject::kPeriod + 12345}) {
    SyntheticObject object(size);
    std::vector<char> bytes(size);
    object.Read(0, bytes.data(), bytes.size());
    EXPECT_EQ(object.crc64(), Crc64(bytes.data(), bytes.size())) << size;
  }
}

TEST(SyntheticObjectTest, RangesAgreeWithTheWhole) {
  SyntheticObject object(5 * SyntheticObject::kPeriod);
  std::vector<char> whole(object.size());
  object.Read(0, whole.data(), whole.size());
  for (uint64_t offset :
       {uint64_t{0}, uint64_t{7}, SyntheticObject::kPeriod - 3,
        2 * SyntheticObject::kPeriod + 99}) {
    std::vector<char> slice(SyntheticObject::kPeriod + 10);
    object.Read(offset, slice.data(), slice.size());
    EXPECT_EQ(0, std::memcmp(slice.data(), whole.data() + offset, slice.size()))
        << offset;
  }
}

TEST(SyntheticObjectTest, ATebibyteObjectIsInstant) {
  SyntheticObject object(uint64_t{1} << 40);
  EXPECT_EQ(object.size(), uint64_t{1} << 40);
  // Shifting by one part of 8 MiB changes the content: the period is prime.
  char a[64], b[64];
  object.Read(0, a, sizeof(a));
  object.Read(8 << 20, b, sizeof(b));
  EXPECT_NE(0, std::memcmp(a, b, sizeof(a)));
  EXPECT_NE(object.etag(), SyntheticObject(1 << 20).etag());
  EXPECT_EQ(object.etag().front(), '"');
}

}  // namespace
}  // namespace ossxfer::server
