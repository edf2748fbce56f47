// PartRunner: every part done once, flushes after completions, on request
// while the workers go on, and once at the end; errors stop the run.
#include "transfer/part_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <thread>
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

TEST(PartRunnerTest, OneWorkerWithNothingToFlushRunsOnTheCallingThread) {
  // A small file's single part: a thread per file cost more than its bytes.
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<std::thread::id> ran_on;
  PartRunner runner;
  runner.parallel = 4;
  runner.work = [&](size_t) {
    ran_on.push_back(std::this_thread::get_id());
    return Status();
  };
  runner.stopping = [] { return false; };
  runner.fail = [](const Status& status) { ADD_FAILURE() << status; };
  runner.Run({7});
  ASSERT_EQ(ran_on.size(), 1u);
  EXPECT_EQ(ran_on[0], caller);

  // Given a flush, the calling thread keeps to flushing: the part runs on a
  // worker.
  int flushes = 0;
  runner.flush = [&] {
    ++flushes;
    return Status();
  };
  runner.Run({7});
  ASSERT_EQ(ran_on.size(), 2u);
  EXPECT_NE(ran_on[1], caller);
  EXPECT_GE(flushes, 1);
}

TEST(PartRunnerTest, AnInlinePartThatFailsIsReportedAndEndsTheRun) {
  std::vector<Status> failed;
  PartRunner runner;
  runner.parallel = 1;
  int runs = 0;
  runner.work = [&](size_t) {
    ++runs;
    return Status::NetworkError("connection reset");
  };
  runner.stopping = [&] { return !failed.empty(); };
  runner.fail = [&](const Status& status) { failed.push_back(status); };
  runner.Run({0, 1, 2});
  EXPECT_EQ(runs, 1);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].code(), StatusCode::kNetworkError);
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
