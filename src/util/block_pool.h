// Aligned blocks for O_DIRECT writes, kept for reuse by every writer of the
// process: the downloads' part writers and serve's upload bodies. A block
// of 512 KiB is above malloc's mmap threshold: allocated fresh for each
// part (and each small file of a tree) it was mapped, touched page by page
// and unmapped again, and every unmap flushed the TLB of every core. With
// malloc kept from mapping them, a 2 GiB download took 2.36 CPU seconds
// instead of 3.21 (bench/results/s3.md).
//
// Blocks of a size that divides the slab size are carved from slabs of 2
// MiB, aligned to it and advised to the kernel as huge-page memory
// (MADV_HUGEPAGE). Backed by a huge page, a 512 KiB O_DIRECT write leaves
// as one physically contiguous segment instead of 128 scattered pages: on
// this machine's virtual disk a 2 GiB download to a file went from 486 to
// 821 MiB/s with the same CPU (bench/results/download.md). Where the kernel
// gives no huge page, the slab is ordinary memory and nothing changes.
#ifndef OSSXFER_UTIL_BLOCK_POOL_H_
#define OSSXFER_UTIL_BLOCK_POOL_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace ossxfer::util {

// Offsets, sizes and buffers of direct writes are multiples of this (4 KiB
// covers 512-byte and 4 KiB logical blocks).
inline constexpr size_t kDirectIoAlignment = 4096;

class BlockPool {
 public:
  // Returns a block to the pool that lent it (or frees it).
  struct Return {
    BlockPool* pool = nullptr;
    size_t bytes = 0;
    bool carved = false;  // part of one of the pool's slabs
    void operator()(char* block) const;
  };
  using Block = std::unique_ptr<char[], Return>;

  // The process's pool.
  static BlockPool& Shared();

  // `alignment`, `max_idle` and `slab_bytes` (0: no slabs; else a
  // multiple of `alignment`) are fixed for the pool's life.
  BlockPool(size_t alignment, size_t max_idle, size_t slab_bytes = 0)
      : alignment_(alignment), max_idle_(max_idle), slab_bytes_(slab_bytes) {}
  ~BlockPool();
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;

  // A block of `bytes` (a multiple of the alignment), reused when one of
  // that size is idle, else carved from a new slab when `bytes` divides
  // the slab size; null when memory runs out.
  Block Take(size_t bytes);
  // Idle blocks held now, carved ones included.
  size_t idle() const;
  // Slabs allocated so far.
  size_t slabs() const;

 private:
  void Give(char* block, size_t bytes, bool carved);
  Block Carve(size_t bytes);

  struct Idle {
    char* block;
    size_t bytes;
    bool carved;
  };
  const size_t alignment_;
  // Past this many idle blocks a returned one that was not carved is freed:
  // what the pool holds stays within what the most parallel download in
  // the process used. Carved blocks stay idle until the pool goes (a slab
  // is freed whole), so the slabs too hold at most that much, rounded up
  // to whole slabs.
  const size_t max_idle_;
  const size_t slab_bytes_;
  mutable std::mutex mutex_;
  std::vector<Idle> idle_;
  std::vector<char*> slabs_;
};

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_BLOCK_POOL_H_
