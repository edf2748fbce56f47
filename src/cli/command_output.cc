#include "cli/command_output.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "cli/terminal_text.h"

namespace ossxfer::cli {

CommandOutput::CommandOutput(const GlobalFlags& flags) : flags_(flags) {
  if (!flags.quiet && !flags.json && ::isatty(STDERR_FILENO) == 1) {
    display_ = std::make_unique<ProgressDisplay>(STDERR_FILENO, 0);
  }
}

void CommandOutput::Write(FILE* stream, const std::string& text) {
  const std::string line = TerminalSafe(text);
  std::lock_guard lock(mutex_);
  if (display_ != nullptr) {
    // The display owns the terminal: it prints above its bars.
    std::fflush(stdout);
    display_->Print(line);
    return;
  }
  fmt::print(stream, "{}\n", line);
  std::fflush(stream);
}

void CommandOutput::Report(const TransferOutcome& outcome) {
  if (flags_.json) return PrintJson(ToJson(outcome));
  if (!flags_.quiet) {
    for (const std::string& notice : outcome.notices) {
      Notice("note: " + outcome.source + ": " + notice);
    }
  }
  switch (outcome.state) {
    case TransferOutcome::State::kDone:
      Print(SummaryLine(outcome));
      if (!outcome.callback_response.empty()) {
        Print("callback response: " + outcome.callback_response);
      }
      break;
    case TransferOutcome::State::kSkipped:
      Print(
          fmt::format("skipped {} ({})", outcome.source, outcome.skip_reason));
      break;
    case TransferOutcome::State::kFailed:
      break;
  }
}

void CommandOutput::PrintJson(const nlohmann::json& json) {
  std::lock_guard lock(mutex_);
  fmt::print("{}\n", JsonLine(json));
  std::fflush(stdout);
}

void CommandOutput::Print(const std::string& line) {
  if (flags_.quiet) return;
  // With bars on stderr, results still belong on stdout for pipes; on a
  // terminal both are the same screen and the display keeps them apart.
  if (display_ != nullptr && ::isatty(STDOUT_FILENO) == 1) {
    return Write(stderr, line);
  }
  std::lock_guard lock(mutex_);
  fmt::print("{}\n", TerminalSafe(line));
  std::fflush(stdout);
}

void CommandOutput::Notice(const std::string& line) {
  if (flags_.quiet) return;
  Write(stderr, line);
}

void CommandOutput::Error(const std::string& line) { Write(stderr, line); }

}  // namespace ossxfer::cli
