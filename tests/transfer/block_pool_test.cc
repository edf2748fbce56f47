// BlockPool: blocks are aligned, reused by size, and what it keeps idle is
// bounded.
#include "transfer/block_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace ossxfer::transfer {
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

}  // namespace
}  // namespace ossxfer::transfer
