#include "support/child_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

namespace ossxfer::testing {
namespace {

// Gone, or a zombie nobody reaped yet: either way no longer running.
bool Running(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() &&
         line[close + 2] != 'Z';
}

TEST(ChildProcessTest, AChildDiesWithTheProcessThatStartedIt) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t test_binary = ::fork();
  ASSERT_GE(test_binary, 0);
  if (test_binary == 0) {
    // A test binary that aborts: its destructors never run.
    ChildProcess server({"sleep", "600"});
    const pid_t pid = server.pid();
    (void)!::write(fds[1], &pid, sizeof(pid));
    ::_exit(0);
  }
  ::close(fds[1]);
  pid_t server = -1;
  ASSERT_EQ(::read(fds[0], &server, sizeof(server)),
            static_cast<ssize_t>(sizeof(server)));
  ::close(fds[0]);
  ASSERT_GT(server, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(test_binary, &status, 0), test_binary);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Running(server) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const bool still_running = Running(server);
  if (still_running) ::kill(server, SIGKILL);
  EXPECT_FALSE(still_running)
      << "the child outlived the process that started it";
}

TEST(ChildProcessTest, ReadsTheChildsOutputAndExitCode) {
  ChildProcess echo({"sh", "-c", "echo ready; exit 3"});
  ASSERT_TRUE(echo.started());
  EXPECT_EQ(echo.ReadLine(std::chrono::seconds(10)), "ready");
  EXPECT_EQ(echo.Wait(), 3);
}

}  // namespace
}  // namespace ossxfer::testing
