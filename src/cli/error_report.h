// Turning a failed Status into the one line a user reads and the exit code
// a script branches on.
#ifndef OSSXFER_CLI_ERROR_REPORT_H_
#define OSSXFER_CLI_ERROR_REPORT_H_

#include <string>
#include <string_view>

#include "cli/exit_codes.h"
#include "ossxfer/status.h"

namespace ossxfer::cli {

ExitCode ExitCodeFor(const Status& status);

// "<what>: <status with the OSS Code, Message and RequestId> (<what to
// do>)": what failed and what to do about it, on one line.
std::string ErrorLine(std::string_view what, const Status& status);

// Prints "ossxfer: error: <ErrorLine>" to stderr and returns the exit code.
ExitCode ReportError(std::string_view what, const Status& status);

// Prints "ossxfer: <message>" to stderr and returns kExitUsage.
ExitCode ReportUsageError(std::string_view message);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_ERROR_REPORT_H_
