#include "ossxfer/object_metadata.h"

namespace ossxfer {

std::string UnquotedEtag(const std::string& etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    return etag.substr(1, etag.size() - 2);
  }
  return etag;
}

}  // namespace ossxfer
