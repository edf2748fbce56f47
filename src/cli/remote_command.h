// The frame every remote command shares: parse the oss:// argument, make
// the Client, run, and turn a failed Status into its error line and exit
// code.
#ifndef OSSXFER_CLI_REMOTE_COMMAND_H_
#define OSSXFER_CLI_REMOTE_COMMAND_H_

#include <functional>
#include <optional>
#include <string>

#include "cli/exit_codes.h"
#include "cli/global_flags.h"
#include "cli/store_url.h"
#include "ossxfer/client.h"

namespace ossxfer::cli {

// `what` names the command in messages ("stat"). `body` returns the
// command's Status; its failure is reported as "<what> <url>: ...".
ExitCode RunRemoteCommand(
    const GlobalFlags& global, std::string_view what, const std::string& url,
    const std::function<Status(const Client&, const StoreUrl&)>& body);

// Local time "2026-11-21 11:02:03".
std::string FormatLocalTime(const std::optional<SystemTime>& time);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_REMOTE_COMMAND_H_
