#include "transfer/block_pool.h"

#include <cstdlib>

#include "transfer/part_writer.h"

namespace ossxfer::transfer {

void BlockPool::Return::operator()(char* block) const {
  if (pool != nullptr) {
    pool->Give(block, bytes);
  } else {
    std::free(block);
  }
}

BlockPool& BlockPool::Shared() {
  // 16 idle blocks of 512 KiB (8 MiB) cover four downloads of four parts
  // at once, cp -r's default; never destroyed, so a block returned while
  // the process exits still finds its pool.
  static BlockPool* pool = new BlockPool(DirectFile::kAlignment, 16);
  return *pool;
}

BlockPool::~BlockPool() {
  for (const Idle& idle : idle_) std::free(idle.block);
}

BlockPool::Block BlockPool::Take(size_t bytes) {
  {
    std::lock_guard lock(mutex_);
    for (size_t i = idle_.size(); i-- > 0;) {
      if (idle_[i].bytes != bytes) continue;
      char* block = idle_[i].block;
      idle_[i] = idle_.back();
      idle_.pop_back();
      return Block(block, Return{this, bytes});
    }
  }
  auto* block = static_cast<char*>(std::aligned_alloc(alignment_, bytes));
  return Block(block, Return{block ? this : nullptr, bytes});
}

void BlockPool::Give(char* block, size_t bytes) {
  {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back({block, bytes});
      return;
    }
  }
  std::free(block);
}

size_t BlockPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace ossxfer::transfer
