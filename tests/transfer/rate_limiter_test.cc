#include "transfer/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "support/test_sizes.h"

namespace ossxfer::transfer {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

using ::ossxfer::testing::kKiB;
using ::ossxfer::testing::kMiB;

// Timing checks assert lower bounds (the limiter never lets bytes go
// early), and only very generous upper bounds, so a loaded machine cannot
// fail them.

TEST(RateLimiterTest, UnlimitedReturnsAtOnce) {
  RateLimiter limiter(0);
  EXPECT_EQ(limiter.bytes_per_second(), 0u);
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.Acquire(1ULL << 40));
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
}

TEST(RateLimiterTest, HoldsASingleCallerToTheRate) {
  RateLimiter limiter(1 * kMiB);
  EXPECT_EQ(limiter.bytes_per_second(), kMiB);
  const Clock::time_point start = Clock::now();
  // 1.5 MiB at 1 MiB/s with at most a quarter second banked: >= 1.25 s.
  for (uint64_t sent = 0; sent < 3 * kMiB / 2; sent += 64 * kKiB) {
    ASSERT_TRUE(limiter.Acquire(64 * kKiB));
  }
  EXPECT_GE(Clock::now() - start, milliseconds(1000));
}

TEST(RateLimiterTest, HoldsFourThreadsToTheTotalRate) {
  RateLimiter limiter(1 * kMiB);
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limiter] {
      // 384 KiB each, 1.5 MiB together.
      for (int i = 0; i < 6; ++i) EXPECT_TRUE(limiter.Acquire(64 * kKiB));
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_GE(Clock::now() - start, milliseconds(1000));
}

TEST(RateLimiterTest, ARequestLargerThanTheBucketWaitsForItsBytes) {
  RateLimiter limiter(1 * kMiB);
  const Clock::time_point start = Clock::now();
  // A quarter second is banked; the remaining 0.75 MiB takes 0.75 s.
  ASSERT_TRUE(limiter.Acquire(1 * kMiB));
  EXPECT_GE(Clock::now() - start, milliseconds(600));
}

TEST(RateLimiterTest, CancellationStopsAWaitPromptly) {
  RateLimiter limiter(1 * kKiB);
  std::atomic<bool> cancel{false};
  std::thread canceller([&cancel] {
    std::this_thread::sleep_for(milliseconds(200));
    cancel = true;
  });
  const Clock::time_point start = Clock::now();
  // 100 MiB at 1 KiB/s would take more than a day.
  const bool acquired =
      limiter.Acquire(100 * kMiB, [&cancel] { return cancel.load(); });
  const Clock::duration elapsed = Clock::now() - start;
  canceller.join();
  EXPECT_FALSE(acquired);
  EXPECT_GE(elapsed, milliseconds(150));
  EXPECT_LT(elapsed, milliseconds(2000));

  // The cancelled bytes were given back: the bucket's quarter second is
  // available again instead of a day of debt.
  const Clock::time_point again = Clock::now();
  EXPECT_TRUE(limiter.Acquire(256));
  EXPECT_LT(Clock::now() - again, milliseconds(2000));
}

TEST(RateLimiterTest, AlreadyCancelledCallerThatMustWaitGivesUp) {
  RateLimiter limiter(1 * kKiB);
  const Clock::time_point start = Clock::now();
  EXPECT_FALSE(limiter.Acquire(10 * kMiB, [] { return true; }));
  EXPECT_LT(Clock::now() - start, milliseconds(2000));
}

}  // namespace
}  // namespace ossxfer::transfer

#include "support/test_sizes.h"