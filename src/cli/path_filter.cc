#include "cli/path_filter.h"

#include <fmt/format.h>

#include "util/text.h"

namespace ossxfer::cli {

Result<PathFilter> PathFilter::Make(const FilterOptions& options,
                                    SystemTime now) {
  PathFilter filter;
  for (const FilterRule& rule : options.rules) {
    Result<util::Glob> glob = util::Glob::Compile(rule.pattern);
    if (!glob.ok()) {
      return glob.status().WithContext(rule.include ? "--include"
                                                    : "--exclude");
    }
    filter.rules_.push_back({rule.include, std::move(*glob)});
    filter.any_include_ = filter.any_include_ || rule.include;
  }
  if (options.files_from_text) {
    filter.has_files_from_ = true;
    std::string_view text = *options.files_from_text;
    while (!text.empty()) {
      const size_t newline = text.find('\n');
      std::string_view line =
          util::Trim(text.substr(0, newline), util::kAsciiWhitespace);
      text.remove_prefix(newline == std::string_view::npos ? text.size()
                                                           : newline + 1);
      if (line.empty() || line.front() == '#' || line.front() == ';') continue;
      while (line.substr(0, 2) == "./") line.remove_prefix(2);
      line = util::TrimLeading(line, "/");
      if (line.empty()) continue;
      if (filter.listed_set_.emplace(line).second)
        filter.listed_.emplace_back(line);
    }
  }
  if (options.min_size && options.max_size &&
      *options.min_size > *options.max_size) {
    return Status::InvalidArgument(
        fmt::format("--min-size {} is larger than --max-size {}: nothing "
                    "could pass both",
                    *options.min_size, *options.max_size));
  }
  if (options.min_age && options.max_age &&
      *options.min_age > *options.max_age) {
    return Status::InvalidArgument(
        "--min-age is longer than --max-age: nothing could pass both");
  }
  filter.min_size_ = options.min_size;
  filter.max_size_ = options.max_size;
  if (options.min_age) filter.modified_at_or_before_ = now - *options.min_age;
  if (options.max_age) filter.modified_at_or_after_ = now - *options.max_age;
  if (options.partition) {
    const auto [index, count] = *options.partition;
    if (count < 1 || index < 1 || index > count) {
      return Status::InvalidArgument(fmt::format(
          "--partition {}/{}: I/N needs 1 <= I <= N (the I-th of N shares)",
          index, count));
    }
    filter.partition_ = std::make_pair(index - 1, count);
  }
  filter.takes_everything_ = filter.rules_.empty() && !filter.has_files_from_ &&
                             !filter.min_size_ && !filter.max_size_ &&
                             !options.min_age && !options.max_age &&
                             !filter.partition_;
  return filter;
}

uint64_t PartitionOf(std::string_view relative_path, uint64_t count) {
  uint64_t hash = 0xcbf29ce484222325u;  // FNV-1a 64's offset basis
  for (unsigned char byte : relative_path) {
    hash ^= byte;
    hash *= 0x100000001b3u;  // its prime
  }
  // MurmurHash3's fmix64: FNV-1a alone spreads names that differ in one
  // digit badly over small moduli ("0.txt".."11.txt" gave no path to one
  // share of 3).
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdu;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53u;
  hash ^= hash >> 33;
  return hash % count;
}

bool PathFilter::Takes(const TreeEntry& entry) const {
  if (takes_everything_) return true;
  if (partition_ && PartitionOf(entry.relative_path, partition_->second) !=
                        partition_->first) {
    return false;
  }
  if (min_size_ && entry.size < *min_size_) return false;
  if (max_size_ && entry.size > *max_size_) return false;
  if (entry.modified) {
    if (modified_at_or_before_ && *entry.modified > *modified_at_or_before_)
      return false;
    if (modified_at_or_after_ && *entry.modified < *modified_at_or_after_)
      return false;
  }
  if (has_files_from_ &&
      !listed_set_.contains(std::string(entry.relative_path))) {
    return false;
  }
  for (const CompiledRule& rule : rules_) {
    if (rule.glob.Matches(entry.relative_path)) return rule.include;
  }
  return !any_include_;
}

}  // namespace ossxfer::cli
