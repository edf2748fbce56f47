#include "util/glob.h"

#include <fmt/format.h>

#include <cstdint>

namespace ossxfer::util {
namespace {

constexpr size_t kMaxAlternatives = 1024;

Status Invalid(std::string_view pattern, std::string_view why) {
  return Status::InvalidArgument(
      fmt::format("invalid pattern \"{}\": {}", pattern, why));
}

// The length of the UTF-8 sequence at `text[at]` and its code point; a
// byte that starts no valid sequence is one character of its own.
std::pair<size_t, uint32_t> NextCharacter(std::string_view text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  size_t length = lead < 0x80           ? 1
                  : (lead >> 5) == 0x6  ? 2
                  : (lead >> 4) == 0xE  ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 1;
  if (at + length > text.size()) length = 1;
  uint32_t point = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[at + k]);
    if ((next >> 6) != 0x2) return {1, lead};
    point = (point << 6) | (next & 0x3F);
  }
  return {length, point};
}

// The end of the set that starts at `text[open]` ('['), just past its ']';
// npos when it is not closed. A ']' first in the set is a member.
size_t SetEnd(std::string_view text, size_t open) {
  size_t at = open + 1;
  if (at < text.size() && (text[at] == '!' || text[at] == '^')) ++at;
  if (at < text.size() && text[at] == ']') ++at;
  while (at < text.size() && text[at] != ']') {
    if (text[at] == '\\') ++at;
    ++at;
  }
  return at < text.size() ? at + 1 : std::string_view::npos;
}

// Every alternative of `text` with its braces expanded, appended to `out`.
Status Expand(std::string_view pattern, const std::string& text,
              std::vector<std::string>& out) {
  // The first top-level '{' and its matching '}', with the top-level
  // commas between them.
  size_t open = std::string::npos;
  std::vector<size_t> commas;
  int depth = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '\\') {
      if (at + 1 == text.size()) return Invalid(pattern, "it ends with '\\'");
      ++at;
    } else if (c == '[') {
      size_t end = SetEnd(text, at);
      if (end == std::string::npos) {
        return Invalid(pattern, "a '[' is not closed by ']'");
      }
      at = end - 1;
    } else if (c == '{') {
      if (depth++ == 0 && open == std::string::npos) open = at;
    } else if (c == '}' && depth > 0) {
      if (--depth == 0) {
        commas.push_back(at);  // the close ends the last alternative
        const std::string head = text.substr(0, open);
        const std::string tail = text.substr(at + 1);
        size_t start = open + 1;
        for (size_t end : commas) {
          Status expanded = Expand(
              pattern, head + text.substr(start, end - start) + tail, out);
          if (!expanded.ok()) return expanded;
          start = end + 1;
        }
        return Status();
      }
    } else if (c == ',' && depth == 1) {
      commas.push_back(at);
    }
  }
  if (depth > 0) return Invalid(pattern, "a '{' is not closed by '}'");
  if (out.size() >= kMaxAlternatives) {
    return Invalid(pattern, fmt::format("its braces make more than {} "
                                        "alternatives",
                                        kMaxAlternatives));
  }
  out.push_back(text);
  return Status();
}

std::vector<Glob::Token> Tokenize(std::string_view text) {
  using Kind = Glob::Token::Kind;
  std::vector<Glob::Token> tokens;
  for (size_t at = 0; at < text.size(); ++at) {
    Glob::Token token;
    const char c = text[at];
    if (c == '\\') {
      token.literal = text[++at];  // Expand refused a trailing '\'
    } else if (c == '*') {
      token.kind = Kind::kAnyRun;
      while (at + 1 < text.size() && text[at + 1] == '*') {
        token.kind = Kind::kAnyDeepRun;
        ++at;
      }
    } else if (c == '?') {
      token.kind = Kind::kOneChar;
    } else if (c == '[') {
      token.kind = Kind::kSet;
      const size_t end = SetEnd(text, at);  // Expand checked it is closed
      size_t member = at + 1;
      if (text[member] == '!' || text[member] == '^') {
        token.negated = true;
        ++member;
      }
      bool first = true;
      while (member < end - 1) {
        if (text[member] == ']' && !first) break;
        first = false;
        if (text[member] == '\\') ++member;
        auto [length, low] = NextCharacter(text, member);
        member += length;
        uint32_t high = low;
        if (member + 1 < end - 1 && text[member] == '-') {
          ++member;
          if (text[member] == '\\') ++member;
          auto [high_length, point] = NextCharacter(text, member);
          high = point;
          member += high_length;
        }
        if (low <= high) token.ranges.emplace_back(low, high);
      }
      at = end - 1;
    } else {
      token.literal = c;
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// Whether tokens[i...] match path[j...], remembered per (i, j) so that
// runs of stars cost O(tokens x path) at worst.
class Matcher {
 public:
  Matcher(const std::vector<Glob::Token>& tokens, std::string_view path)
      : tokens_(tokens),
        path_(path),
        memo_((tokens.size() + 1) * (path.size() + 1), kUnknown) {}

  bool Match(size_t i, size_t j) {
    uint8_t& known = memo_[i * (path_.size() + 1) + j];
    if (known != kUnknown) return known == kYes;
    const bool result = Compute(i, j);
    known = result ? kYes : kNo;
    return result;
  }

 private:
  static constexpr uint8_t kUnknown = 0, kYes = 1, kNo = 2;

  bool Compute(size_t i, size_t j) {
    using Kind = Glob::Token::Kind;
    if (i == tokens_.size()) return j == path_.size();
    const Glob::Token& token = tokens_[i];
    switch (token.kind) {
      case Kind::kLiteral:
        return j < path_.size() && path_[j] == token.literal &&
               Match(i + 1, j + 1);
      case Kind::kAnyRun:
        return Match(i + 1, j) ||
               (j < path_.size() && path_[j] != '/' && Match(i, j + 1));
      case Kind::kAnyDeepRun:
        return Match(i + 1, j) || (j < path_.size() && Match(i, j + 1));
      case Kind::kOneChar:
      case Kind::kSet: {
        if (j >= path_.size() || path_[j] == '/') return false;
        auto [length, point] = NextCharacter(path_, j);
        if (token.kind == Kind::kSet) {
          bool member = false;
          for (auto [low, high] : token.ranges)
            member = member || (point >= low && point <= high);
          if (member == token.negated) return false;
        }
        return Match(i + 1, j + length);
      }
    }
    return false;
  }

  const std::vector<Glob::Token>& tokens_;
  std::string_view path_;
  std::vector<uint8_t> memo_;
};

}  // namespace

Result<Glob> Glob::Compile(std::string_view pattern) {
  if (pattern.empty()) return Invalid(pattern, "it is empty");
  Glob glob;
  glob.pattern_ = std::string(pattern);
  std::string text(pattern);
  if (text.front() == '/') {
    glob.anchored_ = true;
    text.erase(0, 1);
  }
  // A directory: everything below it.
  if (!text.empty() && text.back() == '/') text += "**";
  if (text.empty()) return Invalid(pattern, "it names no path");
  std::vector<std::string> expanded;
  Status status = Expand(pattern, text, expanded);
  if (!status.ok()) return status;
  for (const std::string& alternative : expanded)
    glob.alternatives_.push_back(Tokenize(alternative));
  return glob;
}

bool Glob::Matches(std::string_view path) const {
  for (const std::vector<Token>& tokens : alternatives_) {
    Matcher matcher(tokens, path);
    if (matcher.Match(0, 0)) return true;
    if (anchored_) continue;
    // The path's last components: a match from after any '/'.
    for (size_t at = path.find('/'); at != std::string_view::npos;
         at = path.find('/', at + 1)) {
      if (matcher.Match(0, at + 1)) return true;
    }
  }
  return false;
}

}  // namespace ossxfer::util
