// A local file's CRC-64/ECMA for `sync --checksum`, kept with the file in
// its extended attribute user.ossxfer.crc64 together with the size,
// modification time (ns) and inode it was computed for, so that a second
// sync reads no file that did not change. An extended attribute rather
// than a cache file: it goes wherever the file goes (renamed, moved within
// a file system), needs no cleaning and cannot grow with the tree. The
// cost: a change that keeps the size and restores the modification time
// is not seen (as with every quick check of rsync's and rclone's); on a
// file system without user attributes nothing is cached and every run
// reads the file.
#ifndef OSSXFER_CLI_FILE_CRC_CACHE_H_
#define OSSXFER_CLI_FILE_CRC_CACHE_H_

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "ossxfer/result.h"

namespace ossxfer::cli {

struct FileCrc {
  uint64_t crc64 = 0;
  bool from_cache = false;  // no byte of the file was read
};

inline constexpr char kCrcAttribute[] = "user.ossxfer.crc64";

// What a quick check takes a local file's version to be: "<size> <mtime
// in ns> <inode>". The CRC cache keys its value by it, and cp -r's journal
// records finished uploads by it. Empty when the file cannot be stat'ed.
std::string LocalFileVersion(const std::filesystem::path& file);
std::string LocalFileVersion(const struct stat& info);

// kIoError naming the file when it cannot be read.
Result<FileCrc> FileCrc64(const std::filesystem::path& file);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_FILE_CRC_CACHE_H_
