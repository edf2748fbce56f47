// A real child process for tests: started with its stdout on a pipe, so a
// test waits for the line a server prints when it is ready instead of
// sleeping, and can send it real signals. The child is killed when the
// thread that started it exits (PR_SET_PDEATHSIG), so a test binary that
// dies leaves no server behind: start children from the test's own thread.
#ifndef OSSXFER_TESTS_SUPPORT_CHILD_PROCESS_H_
#define OSSXFER_TESTS_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ossxfer::testing {

class ChildProcess {
 public:
  // Starts argv[0] (looked up in PATH) with the given arguments. stderr is
  // inherited, so a failing server's message shows in the test log.
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // SIGKILL and reap, if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // The next line of stdout, without its newline; nullopt at end of output
  // or when nothing complete arrived within `timeout`.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout);

  void Signal(int signal_number);
  // Waits for exit; the exit code, or 128 + signal number if killed.
  int Wait();

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffered_;
  std::optional<int> exit_code_;
};

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_CHILD_PROCESS_H_
