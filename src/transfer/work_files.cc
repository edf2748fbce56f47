#include "ossxfer/work_files.h"

#include <string>

namespace ossxfer {
namespace {

bool IsCheckpointName(std::string_view name) {
  return name.ends_with(kDownloadCheckpointSuffix) ||
         name.ends_with(kUploadCheckpointSuffix) ||
         name.ends_with(kCopyCheckpointSuffix);
}

// ".<checkpoint>.tmp", or the older ".<checkpoint>.tmp-<16 hex digits>".
bool IsCheckpointStagingName(std::string_view name) {
  if (!name.starts_with('.')) return false;
  name.remove_prefix(1);
  constexpr std::string_view kTmp = ".tmp";
  if (name.ends_with(kTmp)) {
    return IsCheckpointName(name.substr(0, name.size() - kTmp.size()));
  }
  constexpr size_t kHexDigits = 16;
  constexpr std::string_view kTmpDash = ".tmp-";
  if (name.size() < kTmpDash.size() + kHexDigits) return false;
  std::string_view digits = name.substr(name.size() - kHexDigits);
  for (char c : digits) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  name.remove_suffix(kHexDigits);
  if (!name.ends_with(kTmpDash)) return false;
  return IsCheckpointName(name.substr(0, name.size() - kTmpDash.size()));
}

}  // namespace

bool IsTransferWorkFile(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  if (name.ends_with(kCheckpointLockSuffix)) {
    name.resize(name.size() - kCheckpointLockSuffix.size());
    return IsCheckpointName(name);
  }
  return name.ends_with(kDownloadTempSuffix) || IsCheckpointName(name) ||
         IsCheckpointStagingName(name);
}

}  // namespace ossxfer
