// Where a command's results go: JSON lines or human lines on stdout,
// notices on stderr, all above the progress bars when they are drawn and
// never interleaved between threads.
#ifndef OSSXFER_CLI_COMMAND_OUTPUT_H_
#define OSSXFER_CLI_COMMAND_OUTPUT_H_

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/global_flags.h"
#include "cli/progress_display.h"
#include "cli/transfer_outcome.h"

namespace ossxfer::cli {

class CommandOutput {
 public:
  // Draws progress bars on stderr when it is a terminal and neither -q nor
  // --json was given.
  explicit CommandOutput(const GlobalFlags& flags);

  ProgressDisplay* display() { return display_.get(); }
  bool json() const { return flags_.json; }

  // The outcome as a JSON line (--json), or its summary line and notices.
  // A failure's error line is the caller's to print (it knows the advice).
  void Report(const TransferOutcome& outcome);
  void PrintJson(const nlohmann::json& json);
  // A line for stdout (nothing with -q); a line for stderr (always).
  void Print(const std::string& line);
  void Notice(const std::string& line);
  void Error(const std::string& line);

 private:
  void Write(FILE* stream, const std::string& line);

  const GlobalFlags& flags_;
  std::unique_ptr<ProgressDisplay> display_;
  std::mutex mutex_;
};

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_COMMAND_OUTPUT_H_
