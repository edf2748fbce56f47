// ObjectAttributes <-> the bytes stored in one BLOB column of the store's
// database. The format is private to the store: a version byte, then every
// field as a 4-byte little-endian length and its bytes.
#ifndef OSSXFER_SERVER_ATTRIBUTES_CODEC_H_
#define OSSXFER_SERVER_ATTRIBUTES_CODEC_H_

#include <string>
#include <string_view>

#include "ossxfer/object_operations.h"
#include "ossxfer/result.h"

namespace ossxfer::server {

std::string EncodeAttributes(const ObjectAttributes& attributes);
// kDataCorruption if `bytes` is not something EncodeAttributes produced.
Result<ObjectAttributes> DecodeAttributes(std::string_view bytes);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_ATTRIBUTES_CODEC_H_
