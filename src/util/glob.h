// Glob patterns over '/'-separated relative paths (a key below a prefix, a
// file below a directory), as `--include` and `--exclude` use them. The
// rules, rsync's and rclone's where they agree:
//
//   *        any run of characters except '/'
//   **       any run of characters, '/' included
//   ?        one character except '/' (a UTF-8 sequence is one character)
//   [abc]    one character of the set, [a-z] a range, [!abc] or [^abc]
//            one character not in it ('/' never matches a set)
//   {a,b}    either alternative (alternatives may hold any of the above,
//            and nest)
//   \c       the character c itself
//
// A pattern that starts with '/' is anchored: it must match the whole path
// from its start. Any other pattern matches when it matches the path's
// last components: "*.jpg" matches "a/b/c.jpg", "b/*.jpg" matches
// "a/b/c.jpg" but not "ab/c.jpg". A pattern that ends with '/' names a
// directory: "logs/" matches everything below any "logs" directory.
// Matching is case-sensitive and byte-exact otherwise.
#ifndef OSSXFER_UTIL_GLOB_H_
#define OSSXFER_UTIL_GLOB_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/result.h"

namespace ossxfer::util {

class Glob {
 public:
  // kInvalidArgument naming the problem and its position: an unclosed '['
  // or '{', a '\' at the end, an empty pattern, or more than 1024
  // alternatives once braces are expanded.
  static Result<Glob> Compile(std::string_view pattern);

  bool Matches(std::string_view path) const;
  const std::string& pattern() const { return pattern_; }

  // One element of a compiled alternative (public for the matcher's
  // helpers; not part of the interface).
  struct Token {
    enum class Kind { kLiteral, kAnyRun, kAnyDeepRun, kOneChar, kSet };
    Kind kind = Kind::kLiteral;
    char literal = 0;
    bool negated = false;
    // For kSet: inclusive byte ranges (single characters are [c, c]).
    std::vector<std::pair<unsigned char, unsigned char>> ranges;
  };

 private:
  std::string pattern_;
  bool anchored_ = false;
  // Each brace alternative, expanded, as tokens.
  std::vector<std::vector<Token>> alternatives_;
};

}  // namespace ossxfer::util

#endif  // OSSXFER_UTIL_GLOB_H_
