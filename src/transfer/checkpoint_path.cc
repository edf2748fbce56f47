#include "transfer/checkpoint_path.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer::transfer {
namespace {

namespace fs = std::filesystem;

// Leaves room for "-<16 hex>" and the longest extension within NAME_MAX.
constexpr size_t kMaxAnchorNameBytes = 200;

// A checkpoint path must name a regular file or nothing yet.
Status RequireFileOrNothing(const fs::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode)) {
    return Status::Ok();
  }
  std::string_view what = S_ISDIR(info.st_mode)   ? "a directory"
                          : S_ISLNK(info.st_mode) ? "a symbolic link"
                                                  : "not a regular file";
  return Status::InvalidArgument(fmt::format(
      "the checkpoint path {} is {}, so no checkpoint can be written there: "
      "remove it, or keep checkpoints elsewhere (--checkpoint-dir)",
      path.string(), what));
}

}  // namespace

std::string SharedDirectoryFileName(const fs::path& anchor,
                                    std::string_view identity,
                                    std::string_view extension) {
  std::string name = anchor.filename().string();
  if (name.size() > kMaxAnchorNameBytes) name.resize(kMaxAnchorNameBytes);
  std::string hash = util::HexLower(util::Sha256(identity)).substr(0, 16);
  return name + "-" + hash + std::string(extension);
}

Result<fs::path> ResolveCheckpointPath(const fs::path& given,
                                       const fs::path& anchor,
                                       std::string_view identity,
                                       std::string_view extension) {
  fs::path path;
  if (given.empty()) {
    path = fs::path(anchor.string() + std::string(extension));
  } else {
    std::error_code error;
    bool names_directory =
        !given.has_filename() || fs::is_directory(given, error);
    fs::path directory = names_directory ? fs::absolute(given)
                                         : fs::absolute(given).parent_path();
    fs::create_directories(directory, error);
    if (error) {
      return Status::IoError("cannot create checkpoint directory " +
                             directory.string() + ": " + error.message());
    }
    path = names_directory ? directory / SharedDirectoryFileName(
                                             anchor, identity, extension)
                           : fs::absolute(given);
  }
  Status usable = RequireFileOrNothing(path);
  if (!usable.ok()) return usable;
  return path;
}

}  // namespace ossxfer::transfer
