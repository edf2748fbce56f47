#include "transfer/download_paths.h"

#include "util/digest.h"
#include "util/encoding.h"

namespace ossxfer::transfer {

namespace fs = std::filesystem;

Result<DownloadPaths> ResolveDownloadPaths(const DownloadRequest& request) {
  if (request.destination.empty()) {
    return Status::InvalidArgument("the download destination is empty");
  }
  std::error_code error;
  DownloadPaths paths;
  paths.destination =
      fs::absolute(request.destination, error).lexically_normal();
  if (error) {
    return Status::InvalidArgument("cannot resolve destination " +
                                   request.destination.string() + ": " +
                                   error.message());
  }
  if (!paths.destination.has_filename()) {
    return Status::InvalidArgument("destination " +
                                   request.destination.string() +
                                   " names a directory; give a file path");
  }
  if (fs::is_directory(paths.destination, error)) {
    return Status::InvalidArgument(
        "destination " + paths.destination.string() +
        " is a directory; give a file path inside it");
  }
  fs::path directory = paths.destination.parent_path();
  if (!fs::is_directory(directory, error)) {
    return Status::NotFound("the destination directory " + directory.string() +
                            " does not exist; create it first");
  }
  paths.temp = request.use_temp_file
                   ? fs::path(paths.destination.string() + ".ossxfer-tmp")
                   : paths.destination;
  if (!request.checkpoint) return paths;

  const fs::path& given = request.checkpoint_path;
  if (given.empty()) {
    paths.checkpoint = paths.destination.string() + ".dcp";
    return paths;
  }
  bool names_directory =
      !given.has_filename() || fs::is_directory(given, error);
  if (names_directory) {
    fs::create_directories(given, error);
    if (error) {
      return Status::IoError("cannot create checkpoint directory " +
                             given.string() + ": " + error.message());
    }
    // Many downloads may share one checkpoint directory: the name carries
    // a hash of the full destination and object so they never collide.
    std::string identity = paths.destination.string() + "\n" + request.bucket +
                           "/" + request.key + "\n" + request.version_id;
    std::string hash = util::HexLower(util::Sha256(identity)).substr(0, 16);
    paths.checkpoint =
        fs::absolute(given) /
        (paths.destination.filename().string() + "-" + hash + ".dcp");
    return paths;
  }
  fs::create_directories(fs::absolute(given).parent_path(), error);
  paths.checkpoint = fs::absolute(given);
  return paths;
}

}  // namespace ossxfer::transfer
