#include "transfer/checkpoint_path.h"

#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer::transfer {

namespace fs = std::filesystem;

Result<fs::path> ResolveCheckpointPath(const fs::path& given,
                                       const fs::path& anchor,
                                       std::string_view identity,
                                       std::string_view extension) {
  if (given.empty()) return fs::path(anchor.string() + std::string(extension));
  std::error_code error;
  bool names_directory =
      !given.has_filename() || fs::is_directory(given, error);
  fs::path directory =
      names_directory ? fs::absolute(given) : fs::absolute(given).parent_path();
  fs::create_directories(directory, error);
  if (error) {
    return Status::IoError("cannot create checkpoint directory " +
                           directory.string() + ": " + error.message());
  }
  if (!names_directory) return fs::absolute(given);
  std::string hash = util::HexLower(util::Sha256(identity)).substr(0, 16);
  return directory /
         (anchor.filename().string() + "-" + hash + std::string(extension));
}

}  // namespace ossxfer::transfer
