#include "transfer/download_paths.h"

#include "ossxfer/work_files.h"
#include "transfer/checkpoint_path.h"

namespace ossxfer::transfer {

namespace fs = std::filesystem;

Result<DownloadPaths> ResolveDownloadPaths(const DownloadRequest& request,
                                           std::string_view object_key) {
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
  if (fs::is_character_file(paths.destination, error)) {
    paths.temp = paths.destination;
    paths.device = true;
    return paths;
  }
  fs::path directory = paths.destination.parent_path();
  if (!fs::is_directory(directory, error)) {
    return Status::NotFound("the destination directory " + directory.string() +
                            " does not exist; create it first");
  }
  // The identity names the object and the destination: two downloads
  // sharing a checkpoint or temp directory never share a file.
  std::string identity =
      paths.destination.string() + "\n" + std::string(object_key);
  if (!request.use_temp_file) {
    paths.temp = paths.destination;
  } else if (!request.temp_directory.empty()) {
    if (!fs::is_directory(request.temp_directory, error)) {
      return Status::NotFound("the temp directory " +
                              request.temp_directory.string() +
                              " does not exist; create it first");
    }
    paths.temp = fs::absolute(request.temp_directory) /
                 SharedDirectoryFileName(paths.destination, identity,
                                         kDownloadTempSuffix);
  } else {
    paths.temp =
        fs::path(paths.destination.string() + std::string(kDownloadTempSuffix));
  }
  if (!request.checkpoint) return paths;
  Result<fs::path> checkpoint =
      ResolveCheckpointPath(request.checkpoint_path, paths.destination,
                            identity, kDownloadCheckpointSuffix);
  if (!checkpoint.ok()) return checkpoint.status();
  paths.checkpoint = std::move(*checkpoint);
  return paths;
}

}  // namespace ossxfer::transfer
