#include "oss/endpoint.h"

#include <gtest/gtest.h>

#include "oss/dialect.h"

namespace ossxfer::oss {
namespace {

Endpoint Parse(std::string_view text, bool path_style = false) {
  Result<Endpoint> endpoint = Endpoint::Parse(text, path_style);
  EXPECT_TRUE(endpoint.ok()) << endpoint.status();
  return endpoint.ok() ? *endpoint : Endpoint();
}

TEST(EndpointTest, VirtualHostedByDefaultWithHttps) {
  Endpoint endpoint = Parse("oss-cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(endpoint.scheme(), "https");
  EXPECT_FALSE(endpoint.path_style());
  EXPECT_EQ(endpoint.Url("test-bucket", "test-key", {}),
            "https://test-bucket.oss-cn-hangzhou.aliyuncs.com/test-key");
  EXPECT_EQ(endpoint.HostHeader("test-bucket"),
            "test-bucket.oss-cn-hangzhou.aliyuncs.com");
}

TEST(EndpointTest, ExplicitSchemeAndTrailingSlash) {
  Endpoint endpoint = Parse("http://oss-cn-hangzhou.aliyuncs.com/");
  EXPECT_EQ(endpoint.Url("test-bucket", "test-key", {}),
            "http://test-bucket.oss-cn-hangzhou.aliyuncs.com/test-key");
}

TEST(EndpointTest, IpLiteralsAndLocalhostForcePathStyle) {
  // oss-protocol.md §1.1, CPP vector: IP endpoint gives /bucket/key.
  EXPECT_EQ(Parse("http://192.168.1.1").Url("test-bucket", "test-key", {}),
            "http://192.168.1.1/test-bucket/test-key");
  EXPECT_EQ(Parse("http://127.0.0.1:9000").Url("b1b", "k", {}),
            "http://127.0.0.1:9000/b1b/k");
  EXPECT_EQ(Parse("http://[::1]:9000").Url("b1b", "k", {}),
            "http://[::1]:9000/b1b/k");
  EXPECT_TRUE(Parse("localhost:9000").path_style());
  EXPECT_EQ(Parse("http://localhost:9000").HostHeader("bkt"), "localhost:9000");
}

TEST(EndpointTest, PathStyleOnRequest) {
  Endpoint endpoint =
      Parse("http://oss-cn-hangzhou.aliyuncs.com", /*path_style=*/true);
  EXPECT_EQ(endpoint.Url("test-bucket", "test-key", {}),
            "http://oss-cn-hangzhou.aliyuncs.com/test-bucket/test-key");
}

TEST(EndpointTest, BucketAndServiceLevelPaths) {
  Endpoint path_style = Parse("http://127.0.0.1:1");
  EXPECT_EQ(path_style.Url("bucket", "", {{"uploads", ""}}),
            "http://127.0.0.1:1/bucket/?uploads");
  EXPECT_EQ(path_style.Url("", "", {}), "http://127.0.0.1:1/");
  Endpoint virtual_hosted = Parse("oss-cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(virtual_hosted.Url("bucket", "", {}),
            "https://bucket.oss-cn-hangzhou.aliyuncs.com/");
}

TEST(EndpointTest, KeysAndQueriesAreEncoded) {
  // oss-protocol.md §1.2 vectors (GO2 and CPP).
  Endpoint endpoint = Parse("http://127.0.0.1:1");
  EXPECT_EQ(endpoint.Url("bucket", "key+ 123/test.data", {}),
            "http://127.0.0.1:1/bucket/key%2B%20123/test.data");
  EXPECT_EQ(
      Parse("oss-cn-hangzhou.aliyuncs.com")
          .Url("b1b", "test-key/123/456+/1.txt", {}),
      "https://b1b.oss-cn-hangzhou.aliyuncs.com/test-key/123/456%2B/1.txt");
  EXPECT_EQ(
      endpoint.Url("bucket", "k", {{"versionId", "CAEQNhiBgMDJgZCA0BY+123"}}),
      "http://127.0.0.1:1/bucket/k?versionId=CAEQNhiBgMDJgZCA0BY%2B123");
  EXPECT_EQ(
      endpoint.Url("bucket", "k", {{"partNumber", "1"}, {"uploadId", "a b"}}),
      "http://127.0.0.1:1/bucket/k?partNumber=1&uploadId=a%20b");
}

TEST(EndpointTest, MalformedEndpointsAreRejectedWithTheExpectedForm) {
  for (const char* bad :
       {"", "ftp://host", "http://", "http://host/path", "http://user@host",
        "host:", "host:0", "host:65536", "host:12ab", "ho st", "http://[::1",
        "http://[::1]x", "http://host:-1"}) {
    Result<Endpoint> endpoint = Endpoint::Parse(bad, false);
    ASSERT_FALSE(endpoint.ok()) << "accepted \"" << bad << "\"";
    EXPECT_EQ(endpoint.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(endpoint.status().message().find("expected an endpoint like"),
              std::string::npos)
        << endpoint.status();
  }
}

// The OSS dialect's region rule, applied to the host as Endpoint parses it.
TEST(EndpointTest, RegionFromHost) {
  auto region = [](std::string_view endpoint) {
    return kOssDialect.region_from_host(Parse(endpoint).host());
  };
  EXPECT_EQ(region("oss-cn-hangzhou.aliyuncs.com"), "cn-hangzhou");
  EXPECT_EQ(region("oss-cn-shanghai-internal.aliyuncs.com"), "cn-shanghai");
  EXPECT_EQ(region("oss-accelerate.aliyuncs.com"), "");
  EXPECT_EQ(region("127.0.0.1:9000"), "");
  EXPECT_EQ(kOssDialect.normalize_region("oss-cn-beijing"), "cn-beijing");
  EXPECT_EQ(kOssDialect.normalize_region("cn-beijing"), "cn-beijing");
}

// The path a V4 signature over "the path as addressed" signs: what Url
// encodes.
TEST(EndpointTest, PathIsTheUrlPathDecoded) {
  Endpoint virtual_hosted = Parse("oss-cn-hangzhou.aliyuncs.com");
  Endpoint path_style = Parse("http://127.0.0.1:9000");
  EXPECT_EQ(virtual_hosted.Path("bucket", "dir/a b+c.txt"), "/dir/a b+c.txt");
  EXPECT_EQ(path_style.Path("bucket", "dir/a b+c.txt"),
            "/bucket/dir/a b+c.txt");
  EXPECT_EQ(virtual_hosted.Path("bucket", ""), "/");
  EXPECT_EQ(path_style.Path("bucket", ""), "/bucket/");
  EXPECT_EQ(path_style.Path("", ""), "/");
  EXPECT_EQ(path_style.Url("bucket", "dir/a b+c.txt", {}),
            "http://127.0.0.1:9000/bucket/dir/a%20b%2Bc.txt");
}

}  // namespace
}  // namespace ossxfer::oss
