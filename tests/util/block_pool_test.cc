// BlockPool: blocks are aligned, reused by size, carved from slabs where
// they divide one, and what it keeps idle is bounded.
#include "util/block_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace ossxfer::util {
namespace {

constexpr size_t kAlignment = 4096;

TEST(BlockPoolTest, BlocksAreAlignedAndReusedBySize) {
  BlockPool pool(kAlignment, 4);
  char* first = nullptr;
  {
    BlockPool::Block block = pool.Take(8 * kAlignment);
    ASSERT_NE(block, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(block.get()) % kAlignment, 0u);
    std::memset(block.get(), 0xab, 8 * kAlignment);  // all of it is ours
    first = block.get();
    EXPECT_EQ(pool.idle(), 0u);
  }
  EXPECT_EQ(pool.idle(), 1u);
  // Another size is not served from it...
  BlockPool::Block other = pool.Take(2 * kAlignment);
  ASSERT_NE(other, nullptr);
  EXPECT_NE(other.get(), first);
  EXPECT_EQ(pool.idle(), 1u);
  // ...the same size is.
  BlockPool::Block again = pool.Take(8 * kAlignment);
  EXPECT_EQ(again.get(), first);
  EXPECT_EQ(pool.idle(), 0u);
}

TEST(BlockPoolTest, KeepsNoMoreThanItsIdleLimit) {
  BlockPool pool(kAlignment, 2);
  {
    std::vector<BlockPool::Block> blocks;
    for (int i = 0; i < 5; ++i) blocks.push_back(pool.Take(kAlignment));
  }
  EXPECT_EQ(pool.idle(), 2u);
}

// Blocks of a size that divides the slab size are cut from slabs aligned to
// it (so that a huge page can back one), every block of a slab used before
// another slab is taken, and carved blocks are kept whatever the idle
// limit, as a slab can only be freed whole.
TEST(BlockPoolTest, CarvesBlocksFromAlignedSlabs) {
  constexpr size_t kSlab = 16 * kAlignment;
  BlockPool pool(kAlignment, 2, kSlab);
  {
    std::vector<BlockPool::Block> blocks;
    for (int i = 0; i < 4; ++i) {
      blocks.push_back(pool.Take(4 * kAlignment));
      ASSERT_NE(blocks.back(), nullptr);
      std::memset(blocks.back().get(), i, 4 * kAlignment);
    }
    EXPECT_EQ(pool.slabs(), 1u);
    EXPECT_EQ(pool.idle(), 0u);
    const uintptr_t slab =
        reinterpret_cast<uintptr_t>(blocks.front().get()) / kSlab * kSlab;
    EXPECT_EQ(slab % kSlab, 0u);
    for (const BlockPool::Block& block : blocks) {
      const uintptr_t at = reinterpret_cast<uintptr_t>(block.get());
      EXPECT_GE(at, slab);
      EXPECT_LT(at, slab + kSlab);
      EXPECT_EQ(at % (4 * kAlignment), 0u);
    }
    blocks.push_back(pool.Take(4 * kAlignment));
    EXPECT_EQ(pool.slabs(), 2u);
    EXPECT_EQ(pool.idle(), 3u);
    // A size that does not divide the slab is allocated on its own.
    blocks.push_back(pool.Take(3 * kAlignment));
    EXPECT_EQ(pool.slabs(), 2u);
  }
  // The 8 carved blocks are all kept (past the limit of 2), the other not.
  EXPECT_EQ(pool.idle(), 8u);
}

}  // namespace
}  // namespace ossxfer::util
