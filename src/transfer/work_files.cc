#include "ossxfer/work_files.h"

#include <string>

namespace ossxfer {

bool IsTransferWorkFile(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  if (name.ends_with(kCheckpointLockSuffix)) {
    name.resize(name.size() - kCheckpointLockSuffix.size());
    return name.ends_with(kDownloadCheckpointSuffix) ||
           name.ends_with(kUploadCheckpointSuffix);
  }
  return name.ends_with(kDownloadTempSuffix) ||
         name.ends_with(kDownloadCheckpointSuffix) ||
         name.ends_with(kUploadCheckpointSuffix);
}

}  // namespace ossxfer
