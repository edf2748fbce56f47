// A local directory tree walked in the byte order of its entries' paths
// below the root ("a.b" < "a/x" < "a0"): the order in which OSS and S3
// list keys, so a sync can read a tree and a listing side by side in one
// pass (cli/destination_cursor.h) instead of holding either. It holds the
// names of one directory per level of depth, never the tree. Directories
// named kWorkDirectoryName (cp -r's temp files) and links to directories
// are never entered.
#ifndef OSSXFER_CLI_SORTED_TREE_WALK_H_
#define OSSXFER_CLI_SORTED_TREE_WALK_H_

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "ossxfer/result.h"

namespace ossxfer::cli {

class SortedTreeWalk {
 public:
  struct Entry {
    std::string relative;  // below the root, '/'-separated
    std::filesystem::path path;
    // Of the entry itself (a link is a link), and of what it points to
    // (with why it could not be read: a dangling link, a permission).
    std::filesystem::file_status own_status;
    std::filesystem::file_status status;
    std::error_code status_error;
  };

  // A root that does not exist walks as empty; one that is not a
  // directory is an error of the first Next.
  explicit SortedTreeWalk(std::filesystem::path root);

  // The next entry that is not a directory; nullopt at the end. kIoError
  // naming the directory that cannot be read (the walk ends there).
  Result<std::optional<Entry>> Next();

 private:
  struct Level {
    std::filesystem::path directory;
    std::string relative;  // "" for the root, else "dir/sub/"
    // Sorted by name, a directory's with '/' after it.
    std::vector<std::string> names;
    std::vector<bool> is_directory;
    size_t next = 0;
  };
  Status Enter(const std::filesystem::path& directory, std::string relative);

  std::filesystem::path root_;
  bool started_ = false;
  std::vector<Level> levels_;
};

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_SORTED_TREE_WALK_H_
