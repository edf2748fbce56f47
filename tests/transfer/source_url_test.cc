// What a URL download sends to, names its checkpoint by, and prints.
#include "transfer/source_url.h"

#include <gtest/gtest.h>

namespace ossxfer::transfer {
namespace {

TEST(SourceUrlTest, IdentityIgnoresTheQueryAndDisplayHidesSecrets) {
  Result<SourceUrl> url = ParseSourceUrl(
      "HTTPS://user:pa55@Bucket.OSS-cn-hangzhou.aliyuncs.com/dir/a%20b.tar"
      "?x-oss-signature=abc&x-oss-expires=900#fragment");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "bucket.oss-cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->path, "/dir/a%20b.tar");
  EXPECT_EQ(url->query, "x-oss-signature=abc&x-oss-expires=900");
  EXPECT_EQ(url->Identity(),
            "https://bucket.oss-cn-hangzhou.aliyuncs.com:443/dir/a%20b.tar");
  EXPECT_EQ(url->Display(),
            "https://bucket.oss-cn-hangzhou.aliyuncs.com/dir/a%20b.tar"
            "?<query hidden>");
  EXPECT_EQ(url->ToString(),
            "https://user:pa55@bucket.oss-cn-hangzhou.aliyuncs.com/dir/"
            "a%20b.tar?x-oss-signature=abc&x-oss-expires=900");

  Result<SourceUrl> resigned = ParseSourceUrl(
      "https://bucket.oss-cn-hangzhou.aliyuncs.com:443/dir/a%20b.tar"
      "?x-oss-signature=def");
  ASSERT_TRUE(resigned.ok());
  EXPECT_EQ(resigned->Identity(), url->Identity());
  Result<SourceUrl> other = ParseSourceUrl(
      "https://bucket.oss-cn-hangzhou.aliyuncs.com:8443/dir/a%20b.tar");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->Identity(), url->Identity());
}

TEST(SourceUrlTest, PortsHostsAndPaths) {
  Result<SourceUrl> plain = ParseSourceUrl("http://example.com");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->port, 80);
  EXPECT_EQ(plain->path, "/");
  EXPECT_EQ(plain->ToString(), "http://example.com/");

  Result<SourceUrl> v6 = ParseSourceUrl("http://[::1]:8080/f?x=1");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_EQ(v6->host, "[::1]");
  EXPECT_EQ(v6->port, 8080);
  EXPECT_EQ(v6->ToString(), "http://[::1]:8080/f?x=1");

  Result<SourceUrl> query_only = ParseSourceUrl("http://h?a=b");
  ASSERT_TRUE(query_only.ok());
  EXPECT_EQ(query_only->path, "/");
  EXPECT_EQ(query_only->query, "a=b");
}

TEST(SourceUrlTest, BadUrlsNameTheProblemWithoutTheQuery) {
  struct Case {
    const char* url;
    const char* says;
  };
  for (const Case& bad : {
           Case{"", "empty"},
           Case{"ftp://h/f?Signature=s3cr3t", "not ftp://"},
           Case{"file:///etc/passwd", "not file://"},
           Case{"garbage?token=s3cr3t", "not a URL"},
           Case{"://h/f", "not a URL"},
           Case{"http://", "no host"},
           Case{"http://user@/f", "no host"},
           Case{"http://h:0/f", "bad port"},
           Case{"http://h:65536/f", "bad port"},
           Case{"http://h:-1/f", "bad port"},
           Case{"http://[::1/f", "IPv6"},
           Case{"http://h/a b?s=s3cr3t", "space"},
           Case{"http://h/a\nb", "control character"},
       }) {
    Result<SourceUrl> url = ParseSourceUrl(bad.url);
    ASSERT_FALSE(url.ok()) << bad.url;
    EXPECT_EQ(url.status().code(), StatusCode::kInvalidArgument) << bad.url;
    EXPECT_NE(url.status().message().find(bad.says), std::string::npos)
        << bad.url << ": " << url.status();
    EXPECT_EQ(url.status().message().find("s3cr3t"), std::string::npos)
        << url.status();
  }
}

TEST(SourceUrlTest, RedirectLocations) {
  SourceUrl base = ParseSourceUrl("https://a.example:8443/x/y/z?q=1").value();
  auto resolve = [&](const char* location) {
    Result<SourceUrl> url = ResolveRedirect(base, location);
    return url.ok() ? url->ToString() : "error: " + url.status().message();
  };
  EXPECT_EQ(resolve("http://b.example/f"), "http://b.example/f");
  EXPECT_EQ(resolve("//c.example/g?s=1"), "https://c.example/g?s=1");
  EXPECT_EQ(resolve("/root?k=v"), "https://a.example:8443/root?k=v");
  EXPECT_EQ(resolve("sibling"), "https://a.example:8443/x/y/sibling");
  EXPECT_EQ(resolve("ftp://d.example/f").substr(0, 6), "error:");
}

// Found by fuzz/source_url_fuzzer.cc (fuzz/regressions/source_url/): the
// host kept every ':' but the last, so "h:b:" (an empty port) gave host
// "h:b", and ToString() then sent "http://h:b/f", port "b".
TEST(SourceUrlTest, AColonInTheHostIsABadPort) {
  for (const char* text :
       {"http://a.example:b:/f", "https://a.example:Thttps://x/rot?k=v"}) {
    Result<SourceUrl> url = ParseSourceUrl(text);
    EXPECT_FALSE(url.ok()) << text << " gives host "
                           << (url.ok() ? url->host : "");
  }
}

}  // namespace
}  // namespace ossxfer::transfer
