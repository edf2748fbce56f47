#include "cli/remote_command.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>

#include "cli/error_report.h"

namespace ossxfer::cli {

ExitCode RunRemoteCommand(
    const GlobalFlags& global, std::string_view what, const std::string& url,
    const std::function<Status(const Client&, const StoreUrl&)>& body) {
  Result<StoreUrl> parsed = ParseStoreUrl(url);
  if (!parsed.ok()) {
    return ReportUsageError(
        fmt::format("{}: {}", what, parsed.status().message()));
  }
  Result<Client> client = MakeClient(global, parsed->dialect);
  if (!client.ok()) return ReportError(what, client.status());
  Status status = body(*client, *parsed);
  if (status.ok()) return kExitOk;
  return ReportError(fmt::format("{} {}", what, url), status);
}

std::string FormatLocalTime(const std::optional<SystemTime>& time) {
  if (!time) return "-";
  std::time_t seconds = std::chrono::system_clock::to_time_t(*time);
  std::tm local{};
  localtime_r(&seconds, &local);
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", local);
}

}  // namespace ossxfer::cli
