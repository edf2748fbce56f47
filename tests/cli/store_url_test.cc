#include "cli/store_url.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ossxfer::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

StoreUrl Parsed(std::string_view text) {
  Result<StoreUrl> url = ParseStoreUrl(text);
  EXPECT_TRUE(url.ok()) << text << ": " << url.status();
  return url.value_or(StoreUrl{StoreDialect::kOss, "<error>", "<error>"});
}

std::string ParseError(std::string_view text) {
  Result<StoreUrl> url = ParseStoreUrl(text);
  EXPECT_FALSE(url.ok()) << "accepted \"" << text << "\"";
  if (url.ok()) return "";
  EXPECT_EQ(url.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(url.status().message().find("expected oss://BUCKET[/KEY]"),
            std::string::npos)
      << url.status();
  return url.status().message();
}

TEST(ParseStoreUrlTest, BucketAndKey) {
  StoreUrl url = Parsed("oss://bucket");
  EXPECT_EQ(url.bucket, "bucket");
  EXPECT_EQ(url.key, "");

  url = Parsed("oss://bucket/");
  EXPECT_EQ(url.bucket, "bucket");
  EXPECT_EQ(url.key, "");

  url = Parsed("oss://my-bucket-1/key/with/slashes.txt");
  EXPECT_EQ(url.bucket, "my-bucket-1");
  EXPECT_EQ(url.key, "key/with/slashes.txt");

  url = Parsed("oss://bucket/prefix/");
  EXPECT_EQ(url.key, "prefix/");

  url = Parsed("OSS://bucket/k");
  EXPECT_EQ(url.bucket, "bucket");
  EXPECT_EQ(url.key, "k");
}

TEST(ParseStoreUrlTest, KeyIsKeptByteForByte) {
  EXPECT_EQ(Parsed("oss://bucket/a//b/../c/./d").key, "a//b/../c/./d");
  EXPECT_EQ(Parsed("oss://bucket//lead").key, "/lead");
  EXPECT_EQ(Parsed("oss://bucket/sp ace?x=1#frag%20").key,
            "sp ace?x=1#frag%20");
  EXPECT_EQ(Parsed("oss://bucket/\xe4\xb8\xad\xe6\x96\x87").key,
            "\xe4\xb8\xad\xe6\x96\x87");
}

TEST(ParseStoreUrlTest, MissingBucket) {
  EXPECT_NE(ParseError("oss://").find("it has no bucket"), std::string::npos);
  EXPECT_NE(ParseError("oss:///key").find("it has no bucket"),
            std::string::npos);
}

TEST(ParseStoreUrlTest, BadBucketNamesTheRule) {
  for (std::string text :
       {"oss://ab/k"s, "oss://My-Bucket/k"s, "oss://-abc/k"s, "oss://abc-"s,
        "oss://a_b/k"s, "oss://" + std::string(64, 'a') + "/k"}) {
    std::string message = ParseError(text);
    EXPECT_NE(message.find("invalid URL \"" + text + "\""), std::string::npos)
        << message;
    EXPECT_NE(message.find("3 to 63 characters"), std::string::npos) << message;
  }
  EXPECT_EQ(Parsed("oss://" + std::string(63, 'a')).bucket,
            std::string(63, 'a'));
  EXPECT_EQ(Parsed("oss://abc").bucket, "abc");
}

TEST(ParseStoreUrlTest, S3UrlsTakeS3BucketNames) {
  StoreUrl url = Parsed("s3://my.data-2024/dir/a b+c");
  EXPECT_EQ(url.dialect, StoreDialect::kS3);
  EXPECT_EQ(url.bucket, "my.data-2024");
  EXPECT_EQ(url.key, "dir/a b+c");
  EXPECT_EQ(FormatStoreUrl(url), "s3://my.data-2024/dir/a b+c");
  EXPECT_EQ(Parsed("S3://bkt").dialect, StoreDialect::kS3);
  EXPECT_EQ(Parsed("oss://bkt/k").dialect, StoreDialect::kOss);
  // A dot is S3's, not OSS's; S3 still refuses what AWS refuses.
  EXPECT_NE(ParseError("oss://my.data/k").find("contains '.'"),
            std::string::npos);
  for (std::string text :
       {"s3://a..b/k"s, "s3://a.-b/k"s, "s3://a-.b/k"s, "s3://.ab/k"s,
        "s3://ab./k"s, "s3://192.168.5.4/k"s, "s3://ab/k"s, "s3://a_b/k"s}) {
    std::string message = ParseError(text);
    EXPECT_NE(message.find("3 to 63 characters: lowercase letters, digits, "
                           "'-' and '.'"),
              std::string::npos)
        << message;
  }
  EXPECT_NE(ParseError("s3://192.168.5.4/k").find("IPv4"), std::string::npos);
  EXPECT_EQ(Parsed("s3://192.168.5.a4").bucket, "192.168.5.a4");
}

TEST(ParseStoreUrlTest, OtherSchemes) {
  for (std::string text :
       {"gs://bucket/k", "bucket/k", "oss:/bucket/k", "s3:/bucket/k",
        "https://bucket.oss.aliyuncs.com/k", ""}) {
    EXPECT_NE(ParseError(text).find("does not start with oss:// or s3://"),
              std::string::npos);
  }
}

TEST(StoreUrlTest, IsStoreUrlAndIsHttpUrl) {
  EXPECT_TRUE(IsStoreUrl("oss://b/k"));
  EXPECT_TRUE(IsStoreUrl("OSS://b/k"));
  EXPECT_TRUE(IsStoreUrl("oss://"));
  EXPECT_TRUE(IsStoreUrl("s3://b/k"));
  EXPECT_TRUE(IsStoreUrl("S3://b"));
  EXPECT_FALSE(IsStoreUrl("s3:b"));
  EXPECT_FALSE(IsStoreUrl("oss:/b"));
  EXPECT_FALSE(IsStoreUrl("./oss://b"));
  EXPECT_FALSE(IsStoreUrl("http://b"));

  EXPECT_TRUE(IsHttpUrl("http://host/x"));
  EXPECT_TRUE(IsHttpUrl("https://host/x"));
  EXPECT_TRUE(IsHttpUrl("HTTPS://host/x"));
  EXPECT_TRUE(IsHttpUrl("Http://host"));
  EXPECT_FALSE(IsHttpUrl("httpx://host"));
  EXPECT_FALSE(IsHttpUrl("http:/host"));
  EXPECT_FALSE(IsHttpUrl("oss://b"));
  EXPECT_FALSE(IsHttpUrl("ftp://host"));
}

TEST(StoreUrlTest, FormatRoundTrips) {
  EXPECT_EQ(FormatStoreUrl({StoreDialect::kOss, "bucket", ""}), "oss://bucket");
  EXPECT_EQ(FormatStoreUrl({StoreDialect::kOss, "bucket", "a/b"}),
            "oss://bucket/a/b");
  EXPECT_EQ(FormatStoreUrl({StoreDialect::kOss, "bucket", "prefix/"}),
            "oss://bucket/prefix/");
  EXPECT_EQ(FormatStoreUrl({StoreDialect::kS3, "bucket", "a/b"}),
            "s3://bucket/a/b");
  for (std::string text : {"oss://bucket/a//b", "oss://bucket/prefix/",
                           "oss://bucket/x y", "s3://my.bucket/a//b"}) {
    EXPECT_EQ(FormatStoreUrl(Parsed(text)), text);
  }
}

fs::path Safe(const fs::path& dir, std::string_view key) {
  Result<fs::path> path = SafeLocalPath(dir, key);
  EXPECT_TRUE(path.ok()) << key << ": " << path.status();
  return path.value_or("<error>");
}

std::string Unsafe(const fs::path& dir, std::string_view key) {
  Result<fs::path> path = SafeLocalPath(dir, key);
  EXPECT_FALSE(path.ok()) << "accepted \"" << key << "\" as " << *path;
  if (path.ok()) return "";
  EXPECT_EQ(path.status().code(), StatusCode::kInvalidArgument);
  return path.status().message();
}

TEST(StoreUrlTest, AsDirectoryPrefixAddsOneSlashWhereNeeded) {
  EXPECT_EQ(AsDirectoryPrefix("photos"), "photos/");
  EXPECT_EQ(AsDirectoryPrefix("photos/"), "photos/");
  EXPECT_EQ(AsDirectoryPrefix(""), "");  // the whole bucket
  EXPECT_EQ(AsDirectoryPrefix("a//"), "a//");
}

TEST(SafeLocalPathTest, OrdinaryKeys) {
  EXPECT_EQ(Safe("/data/out", "a.txt"), fs::path("/data/out/a.txt"));
  EXPECT_EQ(Safe("/data/out", "a/b/c.txt"), fs::path("/data/out/a/b/c.txt"));
  EXPECT_EQ(Safe("/data/out/", "a"), fs::path("/data/out/a"));
  EXPECT_EQ(Safe("rel", "x"), fs::path("rel/x"));
  EXPECT_EQ(Safe("", "x"), fs::path("./x"));
  // Names that only look like traversal are ordinary names.
  EXPECT_EQ(Safe("/d", "..."), fs::path("/d/..."));
  EXPECT_EQ(Safe("/d", "..a/b.."), fs::path("/d/..a/b.."));
  EXPECT_EQ(Safe("/d", ".hidden"), fs::path("/d/.hidden"));
  // '\' is an ordinary character on Linux.
  EXPECT_EQ(Safe("/d", "..\\x"), fs::path("/d/..\\x"));
  EXPECT_EQ(Safe("/d", "\xe4\xb8\xad/\xe6\x96\x87"),
            fs::path("/d/\xe4\xb8\xad/\xe6\x96\x87"));
  // A directory that itself has ".." is the caller's choice, not the key's.
  EXPECT_EQ(Safe("../out", "a"), fs::path("../out/a"));
}

TEST(SafeLocalPathTest, Traversal) {
  for (std::string key : std::vector<std::string>{
           "../x", "a/../../x", "..", "a/..", "a/../b", "../../etc/passwd"}) {
    std::string message = Unsafe("/data/out", key);
    EXPECT_NE(message.find("\"..\" segment"), std::string::npos) << message;
    EXPECT_NE(message.find("key \"" + key + "\""), std::string::npos)
        << message;
  }
}

TEST(SafeLocalPathTest, AbsoluteKeys) {
  EXPECT_NE(Unsafe("/data/out", "/etc/passwd").find("absolute path"),
            std::string::npos);
  EXPECT_NE(Unsafe("/data/out", "/").find("absolute path"), std::string::npos);
}

TEST(SafeLocalPathTest, DotAndEmptySegmentsWouldCollide) {
  EXPECT_NE(Unsafe("/d", "a/./b").find("\".\" segment"), std::string::npos);
  EXPECT_NE(Unsafe("/d", ".").find("\".\" segment"), std::string::npos);
  EXPECT_NE(Unsafe("/d", "./a").find("\".\" segment"), std::string::npos);
  EXPECT_NE(Unsafe("/d", "a//b").find("empty segment"), std::string::npos);
}

TEST(SafeLocalPathTest, EmptyNulAndDirectoryMarkers) {
  EXPECT_NE(Unsafe("/d", "").find("the key is empty"), std::string::npos);
  std::string message = Unsafe("/d", "a\0/../../etc"s);
  EXPECT_NE(message.find("NUL byte"), std::string::npos) << message;
  // Shown escaped, not raw.
  EXPECT_NE(message.find("a\\x00/"), std::string::npos) << message;
  EXPECT_NE(Unsafe("/d", "\0"s).find("NUL byte"), std::string::npos);

  EXPECT_TRUE(IsDirectoryMarker("photos/"));
  EXPECT_FALSE(IsDirectoryMarker("photos"));
  EXPECT_FALSE(IsDirectoryMarker(""));
  EXPECT_NE(Unsafe("/d", "photos/").find("directory marker"),
            std::string::npos);
}

TEST(SafeLocalPathTest, ResultIsAlwaysStrictlyInsideDir) {
  const fs::path dir = "/srv/dest";
  for (std::string key : std::vector<std::string>{
           "a", "../a", "a/../..", "/abs", "a/./b", "x/..", "..\\..", "a//b",
           "....//", "b/../../../../../tmp/x", "..", ".", "/"}) {
    Result<fs::path> path = SafeLocalPath(dir, key);
    if (!path.ok()) continue;
    fs::path relative = path->lexically_normal().lexically_relative(dir);
    ASSERT_FALSE(relative.empty()) << key;
    EXPECT_NE(*relative.begin(), "..") << key;
    EXPECT_NE(relative, ".") << key;
  }
}

}  // namespace
}  // namespace ossxfer::cli
