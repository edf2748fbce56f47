#include "ossxfer/object_tagging.h"

#include "util/encoding.h"

namespace ossxfer {

std::string TaggingHeaderValue(const std::vector<ObjectTag>& tags) {
  std::string header;
  for (const ObjectTag& tag : tags) {
    if (!header.empty()) header.push_back('&');
    header += util::UriEncode(tag.key);
    // A bare key is the C++ SDK's form of an empty value; OSS reads both.
    if (!tag.value.empty()) header += "=" + util::UriEncode(tag.value);
  }
  return header;
}

}  // namespace ossxfer
