// The Content-Type to give an uploaded object when the caller gives none,
// from its file name's extension (as the OSS SDKs do).
#ifndef OSSXFER_TRANSFER_CONTENT_TYPE_H_
#define OSSXFER_TRANSFER_CONTENT_TYPE_H_

#include <string>
#include <string_view>

namespace ossxfer::transfer {

// "photo.JPG" -> "image/jpeg", "a.tar.gz" -> "application/gzip",
// "notes.txt" -> "text/plain"; anything unknown, or no extension,
// -> "application/octet-stream". Case-insensitive.
std::string GuessContentType(std::string_view file_name);

}  // namespace ossxfer::transfer

#endif  // OSSXFER_TRANSFER_CONTENT_TYPE_H_
