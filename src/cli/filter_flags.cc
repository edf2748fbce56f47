#include "cli/filter_flags.h"

#include <fmt/format.h>

#include "cli/byte_size.h"
#include "util/file.h"
#include "util/numbers.h"

namespace ossxfer::cli {

void AddFilterFlags(CLI::App& command, FilterFlags& flags) {
  // Each occurrence is recorded as it is parsed (trigger_on_parse), so
  // that --include and --exclude keep their relative order.
  command
      .add_option_function<std::string>(
          "--include",
          [&flags](const std::string& pattern) {
            flags.rules.push_back({true, pattern});
          },
          "With -r: take only paths that match this glob (repeatable; the "
          "first --include or --exclude that matches decides)")
      ->trigger_on_parse()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      .add_option_function<std::string>(
          "--exclude",
          [&flags](const std::string& pattern) {
            flags.rules.push_back({false, pattern});
          },
          "With -r: leave out paths that match this glob (repeatable)")
      ->trigger_on_parse()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_option("--files-from", flags.files_from,
                     "With -r: take only the paths listed in FILE, one a "
                     "line, relative to the source");
  command.add_option("--min-size", flags.min_size,
                     "With -r: only files of at least this size (e.g. 1MiB)");
  command.add_option("--max-size", flags.max_size,
                     "With -r: only files of at most this size");
  command.add_option("--min-age", flags.min_age,
                     "With -r: only files modified at least this long ago "
                     "(e.g. 1h, 7d)");
  command.add_option("--max-age", flags.max_age,
                     "With -r: only files modified at most this long ago");
  command.add_option("--partition", flags.partition,
                     "With -r: only the I-th of N deterministic shares of the "
                     "paths (I/N, e.g. 2/4), to split a job across machines");
}

Result<std::shared_ptr<const PathFilter>> CheckFilterFlags(
    const FilterFlags& flags, SystemTime now) {
  if (!flags.given()) return std::shared_ptr<const PathFilter>();
  FilterOptions options;
  options.rules = flags.rules;
  if (!flags.files_from.empty()) {
    Result<std::string> text = util::ReadWholeFile(flags.files_from);
    if (!text.ok()) return text.status().WithContext("--files-from");
    options.files_from_text = std::move(*text);
    options.files_from_name = flags.files_from;
  }
  auto size = [](const std::string& text, std::string_view flag,
                 std::optional<uint64_t>& out) -> Status {
    if (text.empty()) return Status();
    Result<uint64_t> bytes = ParseByteSize(text);
    if (!bytes.ok()) return bytes.status().WithContext(flag);
    out = *bytes;
    return Status();
  };
  auto age = [](const std::string& text, std::string_view flag,
                std::optional<std::chrono::seconds>& out) -> Status {
    if (text.empty()) return Status();
    Result<std::chrono::seconds> duration = ParseDuration(text);
    if (!duration.ok()) return duration.status().WithContext(flag);
    out = *duration;
    return Status();
  };
  for (Status checked : {size(flags.min_size, "--min-size", options.min_size),
                         size(flags.max_size, "--max-size", options.max_size),
                         age(flags.min_age, "--min-age", options.min_age),
                         age(flags.max_age, "--max-age", options.max_age)}) {
    if (!checked.ok()) return checked;
  }
  if (!flags.partition.empty()) {
    const size_t slash = flags.partition.find('/');
    std::optional<uint64_t> index, count;
    if (slash != std::string::npos) {
      index =
          util::ParseUint64(std::string_view(flags.partition).substr(0, slash));
      count = util::ParseUint64(
          std::string_view(flags.partition).substr(slash + 1));
    }
    if (!index || !count) {
      return Status::InvalidArgument(fmt::format(
          "--partition {}: give I/N, the I-th of N shares (e.g. 2/4)",
          flags.partition));
    }
    options.partition = std::make_pair(*index, *count);
  }
  Result<PathFilter> filter = PathFilter::Make(options, now);
  if (!filter.ok()) return filter.status();
  return std::make_shared<const PathFilter>(std::move(*filter));
}

}  // namespace ossxfer::cli
