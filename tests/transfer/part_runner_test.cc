// PartRunner: every part done once, flushes after completions, on request
// while the workers go on, and once at the end; errors stop the run.
#include "transfer/part_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <vector>

namespace ossxfer::transfer {
namespace {

using std::chrono::seconds;

TEST(PartRunnerTest, EveryPendingPartOnceThenAFinalFlush) {
  std::vector<std::atomic<int>> runs(50);
  std::atomic<int> flushes{0};
  PartRunner runner;
  runner.parallel = 4;
  runner.work = [&](size_t i) {
    ++runs[i];
    return Status();
  };
  runner.stopping = [] { return false; };
  runner.fail = [](const Status& status) { ADD_FAILURE() << status; };
  runner.flush = [&] {
    ++flushes;
    return Status();
  };
  std::vector<size_t> pending(40);
  std::iota(pending.begin(), pending.end(), 10);  // parts 10..49
  runner.Run(pending);
  for (size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i], i < 10 ? 0 : 1) << "part " << i;
  }
  EXPECT_GE(flushes, 1);
}

TEST(PartRunnerTest, ARequestedFlushHappensWhileTheWorkerWaits) {
  // No interval: only the request can cause a flush before the part ends.
  std::mutex mutex;
  std::condition_variable flushed;
  int flushes = 0;
  PartRunner runner;
  runner.parallel = 2;
  runner.stopping = [] { return false; };
  runner.fail = [](const Status& status) { ADD_FAILURE() << status; };
  runner.flush = [&] {
    std::lock_guard lock(mutex);
    ++flushes;
    flushed.notify_all();
    return Status();
  };
  bool seen_mid_part = false;
  runner.work = [&](size_t) {
    runner.RequestFlush();
    std::unique_lock lock(mutex);
    seen_mid_part =
        flushed.wait_for(lock, seconds(30), [&] { return flushes > 0; });
    return Status();
  };
  runner.Run({0});
  EXPECT_TRUE(seen_mid_part) << "no flush while the part was running";
  EXPECT_GE(flushes, 2);  // the requested one and the final one
}

TEST(PartRunnerTest, AFailureStopsTheRestAndReachesFail) {
  std::atomic<bool> stop{false};
  std::atomic<int> started{0};
  Status failed;
  PartRunner runner;
  runner.parallel = 1;
  runner.work = [&](size_t i) {
    ++started;
    return i == 2 ? Status::IoError("disk gone") : Status();
  };
  runner.stopping = [&] { return stop.load(); };
  runner.fail = [&](const Status& status) {
    failed = status;
    stop = true;
  };
  runner.Run({0, 1, 2, 3, 4});
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
  EXPECT_EQ(started, 3);  // parts 3 and 4 never started
}

TEST(PartRunnerTest, AFailedFlushIsAFailure) {
  std::atomic<bool> stop{false};
  Status failed;
  PartRunner runner;
  runner.work = [](size_t) { return Status(); };
  runner.stopping = [&] { return stop.load(); };
  runner.fail = [&](const Status& status) {
    failed = status;
    stop = true;
  };
  runner.flush = [] { return Status::IoError("no space"); };
  runner.Run({0});
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace ossxfer::transfer
