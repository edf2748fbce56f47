#include "util/glob.h"

#include <gtest/gtest.h>

#include <string>

namespace ossxfer::util {
namespace {

struct Case {
  const char* pattern;
  const char* path;
  bool matches;
};

// The matching rules of glob.h, as a table: each row is one rule at work.
constexpr Case kCases[] = {
    // Literals, unanchored: the path's last components.
    {"a.txt", "a.txt", true},
    {"a.txt", "dir/a.txt", true},
    {"a.txt", "dir/ba.txt", false},
    {"a.txt", "a.txt/b", false},
    {"b/c.jpg", "a/b/c.jpg", true},
    {"b/c.jpg", "ab/c.jpg", false},
    // Anchored: from the start.
    {"/a.txt", "a.txt", true},
    {"/a.txt", "dir/a.txt", false},
    {"/dir/*.txt", "dir/x.txt", true},
    {"/dir/*.txt", "top/dir/x.txt", false},
    // '*' stays within a component; '**' crosses them.
    {"*.jpg", "a/b/c.jpg", true},
    {"/*.jpg", "a/b/c.jpg", false},
    {"/**.jpg", "a/b/c.jpg", true},
    {"/a/*/c", "a/b/c", true},
    {"/a/*/c", "a/b/x/c", false},
    {"/a/**/c", "a/b/x/c", true},
    {"/a/**", "a/b/x/c", true},
    {"/a/**", "ab", false},
    {"*", "anything/at/all", true},
    {"/*", "top", true},
    {"/*", "top/level", false},
    {"/x*y", "xy", true},
    {"/x*y", "x/y", false},
    {"/***", "a/b", true},  // three stars are two
    // '?' is one character, never '/', a UTF-8 sequence as one.
    {"/?.txt", "a.txt", true},
    {"/?.txt", "ab.txt", false},
    {"/a?b", "a/b", false},
    {"/?.txt", "\xc3\xa9.txt", true},
    {"/??.txt", "\xc3\xa9.txt", false},
    // Sets, ranges, negation; never '/'.
    {"/[abc].txt", "b.txt", true},
    {"/[abc].txt", "d.txt", false},
    {"/[a-c]x", "cx", true},
    {"/[a-c]x", "dx", false},
    {"/[!a-c]x", "dx", true},
    {"/[^a-c]x", "ax", false},
    {"/a[!x]b", "a/b", false},
    {"/[]]", "]", true},
    {"/[a-]", "-", true},
    {"/[\xc3\xa9]", "\xc3\xa9", true},
    {"/[\xc3\xa9]", "e", false},
    // Braces: alternatives, which may hold wildcards and nest.
    {"*.{jpg,png}", "a/b.png", true},
    {"*.{jpg,png}", "a/b.gif", false},
    {"/{a,b/**}/x", "b/c/d/x", true},
    {"/{a,{b,c}}", "c", true},
    {"/x{,y}", "x", true},
    {"/[{]", "{", true},
    // Escapes.
    {"/\\*", "*", true},
    {"/\\*", "a", false},
    {"/a\\?", "a?", true},
    {"/a\\?", "ab", false},
    // A trailing '/' is a directory: everything below it.
    {"logs/", "logs/today.txt", true},
    {"logs/", "app/logs/deep/x", true},
    {"logs/", "logs", false},
    {"logs/", "catalogs/x", false},
    {"/logs/", "app/logs/x", false},
    // Case-sensitive.
    {"*.JPG", "a.jpg", false},
    // Special characters of other syntaxes are literals.
    {"/a+b(c)$", "a+b(c)$", true},
    {"/a.b", "axb", false},
};

TEST(GlobTest, TheMatchingRules) {
  for (const Case& row : kCases) {
    Result<Glob> glob = Glob::Compile(row.pattern);
    ASSERT_TRUE(glob.ok()) << row.pattern << ": " << glob.status();
    EXPECT_EQ(glob->Matches(row.path), row.matches)
        << "pattern \"" << row.pattern << "\" on \"" << row.path << "\"";
  }
}

TEST(GlobTest, BadPatternsAreRefusedWithTheReason) {
  struct Bad {
    const char* pattern;
    const char* reason;
  };
  for (const Bad& bad :
       {Bad{"", "it is empty"}, Bad{"/", "it names no path"},
        Bad{"a[bc", "'[' is not closed"}, Bad{"a{b,c", "'{' is not closed"},
        Bad{"ab\\", "ends with '\\'"},
        Bad{"{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"
            "{a,b}{a,b}",
            "more than 1024 alternatives"}}) {
    Result<Glob> glob = Glob::Compile(bad.pattern);
    ASSERT_FALSE(glob.ok()) << bad.pattern;
    EXPECT_NE(glob.status().message().find(bad.reason), std::string::npos)
        << glob.status().message();
    EXPECT_EQ(glob.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(GlobTest, ManyStarsOnALongPathStayFast) {
  // Without remembering (token, offset) pairs this is exponential.
  Result<Glob> glob = Glob::Compile("/**a**a**a**a**a**a**a**a**b");
  ASSERT_TRUE(glob.ok());
  const std::string path(4000, 'a');
  EXPECT_FALSE(glob->Matches(path));
  EXPECT_TRUE(glob->Matches(path + "b"));
}

}  // namespace
}  // namespace ossxfer::util
