#include "util/block_pool.h"

#include <sys/mman.h>

#include <cstdlib>

namespace ossxfer::util {
namespace {

// x86-64's and arm64's (with 4 KiB pages) transparent huge page.
constexpr size_t kHugePageBytes = size_t{2} << 20;

}  // namespace

void BlockPool::Return::operator()(char* block) const {
  if (pool != nullptr) {
    pool->Give(block, bytes, carved);
  } else {
    std::free(block);
  }
}

BlockPool& BlockPool::Shared() {
  // Blocks of 512 KiB (those of the default 8 MiB parts, and every block
  // of serve's upload bodies) come four to a huge page; 16 idle blocks of other
  // sizes cover four downloads of four parts at once, cp -r's default. Never
  // destroyed, so a block returned while the process exits still finds its
  // pool.
  static BlockPool* pool =
      new BlockPool(kDirectIoAlignment, 16, kHugePageBytes);
  return *pool;
}

BlockPool::~BlockPool() {
  for (const Idle& idle : idle_) {
    if (!idle.carved) std::free(idle.block);
  }
  for (char* slab : slabs_) std::free(slab);
}

BlockPool::Block BlockPool::Take(size_t bytes) {
  {
    std::lock_guard lock(mutex_);
    for (size_t i = idle_.size(); i-- > 0;) {
      if (idle_[i].bytes != bytes) continue;
      const Idle idle = idle_[i];
      idle_[i] = idle_.back();
      idle_.pop_back();
      return Block(idle.block, Return{this, bytes, idle.carved});
    }
  }
  if (slab_bytes_ != 0 && bytes <= slab_bytes_ && slab_bytes_ % bytes == 0) {
    return Carve(bytes);
  }
  auto* block = static_cast<char*>(std::aligned_alloc(alignment_, bytes));
  return Block(block, Return{block ? this : nullptr, bytes});
}

BlockPool::Block BlockPool::Carve(size_t bytes) {
  auto* slab = static_cast<char*>(std::aligned_alloc(slab_bytes_, slab_bytes_));
  if (slab == nullptr) return Block(nullptr, Return{});
  // Advice only: without huge pages (disabled, or none free) the slab is
  // ordinary memory.
  (void)::madvise(slab, slab_bytes_, MADV_HUGEPAGE);
  std::lock_guard lock(mutex_);
  slabs_.push_back(slab);
  for (size_t offset = bytes; offset < slab_bytes_; offset += bytes) {
    idle_.push_back({slab + offset, bytes, /*carved=*/true});
  }
  return Block(slab, Return{this, bytes, /*carved=*/true});
}

void BlockPool::Give(char* block, size_t bytes, bool carved) {
  {
    std::lock_guard lock(mutex_);
    if (carved || idle_.size() < max_idle_) {
      idle_.push_back({block, bytes, carved});
      return;
    }
  }
  std::free(block);
}

size_t BlockPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

size_t BlockPool::slabs() const {
  std::lock_guard lock(mutex_);
  return slabs_.size();
}

}  // namespace ossxfer::util
