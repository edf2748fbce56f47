#include "ossxfer/body.h"

#include <algorithm>
#include <cstring>

namespace ossxfer {

Result<size_t> StringSource::Read(char* buffer, size_t capacity) {
  size_t count = std::min(capacity, data_.size() - offset_);
  std::memcpy(buffer, data_.data() + offset_, count);
  offset_ += count;
  return count;
}

}  // namespace ossxfer
