// Aligned write blocks kept for reuse by every download of the process. A
// block of 512 KiB is above malloc's mmap threshold: allocated fresh for
// each part (and each small file of a tree) it was mapped, touched page by
// page and unmapped again, and every unmap flushed the TLB of every core.
// With malloc kept from mapping them, a 2 GiB download took 2.36 CPU
// seconds instead of 3.21 (bench/results/s3.md).
#ifndef OSSXFER_TRANSFER_BLOCK_POOL_H_
#define OSSXFER_TRANSFER_BLOCK_POOL_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace ossxfer::transfer {

class BlockPool {
 public:
  // Returns a block to the pool that lent it (or frees it).
  struct Return {
    BlockPool* pool = nullptr;
    size_t bytes = 0;
    void operator()(char* block) const;
  };
  using Block = std::unique_ptr<char[], Return>;

  // The process's pool.
  static BlockPool& Shared();

  // `alignment` and `max_idle` are fixed for the pool's life.
  BlockPool(size_t alignment, size_t max_idle)
      : alignment_(alignment), max_idle_(max_idle) {}
  ~BlockPool();
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;

  // A block of `bytes` (a multiple of the alignment), reused when one of
  // that size is idle; null when memory runs out.
  Block Take(size_t bytes);
  // Idle blocks held now.
  size_t idle() const;

 private:
  void Give(char* block, size_t bytes);

  struct Idle {
    char* block;
    size_t bytes;
  };
  const size_t alignment_;
  // Past this many idle blocks a returned one is freed: what the pool holds
  // stays within what the most parallel download in the process used.
  const size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<Idle> idle_;
};

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_BLOCK_POOL_H_
