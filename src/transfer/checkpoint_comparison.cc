#include "transfer/checkpoint_comparison.h"

namespace ossxfer::transfer {

void CheckpointComparison::Differs(bool different, std::string what) {
  if (different) differences_.push_back(std::move(what));
}

std::string CheckpointComparison::Summary() const {
  std::string list;
  for (const std::string& difference : differences_)
    list += (list.empty() ? "" : ", ") + difference;
  return list;
}

}  // namespace ossxfer::transfer
