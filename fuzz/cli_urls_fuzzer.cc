// Names of places that come from outside: oss:// and s3://bucket/key
// arguments (cli/store_url.h) and the bucket and key rules they must follow
// (oss/names.h), the local path a listed key is written to (SafeLocalPath,
// which must never leave the destination directory, whatever a server
// lists), and endpoints from flags, the environment or the config file
// (oss/endpoint.h).
//
// Input: the whole input is each of them in turn.
#include <filesystem>
#include <string>

#include "auth/signable_request.h"
#include "cli/store_url.h"
#include "fuzz_input.h"
#include "oss/dialect.h"
#include "oss/endpoint.h"
#include "oss/names.h"

namespace {

using ossxfer::fuzz::Fail;
namespace cli = ossxfer::cli;

void CheckStoreUrl(std::string_view text) {
  ossxfer::Result<cli::StoreUrl> url = cli::ParseStoreUrl(text);
  if (!url.ok()) return;
  if (!cli::IsStoreUrl(text)) {
    Fail("ParseStoreUrl accepted a URL that is neither oss:// nor s3://");
  }
  if (!ossxfer::oss::ValidateBucketName(
           url->bucket,
           ossxfer::oss::DialectOf(url->dialect).bucket_names_may_have_dots)
           .ok()) {
    Fail("ParseStoreUrl accepted a bucket name its store refuses");
  }
  (void)ossxfer::oss::ValidateObjectKey(url->key);
  ossxfer::Result<cli::StoreUrl> again =
      cli::ParseStoreUrl(cli::FormatStoreUrl(*url));
  if (!again.ok() || again->dialect != url->dialect ||
      again->bucket != url->bucket || again->key != url->key) {
    Fail("a formatted store URL parses to another one");
  }
}

// Lexically inside the directory: what the function promises.
void CheckLocalPath(std::string_view key) {
  const std::filesystem::path dir = "/dest/dir";
  ossxfer::Result<std::filesystem::path> path = cli::SafeLocalPath(dir, key);
  if (!path.ok()) return;
  std::filesystem::path relative =
      path->lexically_normal().lexically_relative(dir);
  if (relative.empty() || relative == "." || *relative.begin() == "..") {
    Fail("SafeLocalPath gave a path outside the directory");
  }
}

void CheckEndpoint(std::string_view text) {
  for (bool path_style : {false, true}) {
    ossxfer::Result<ossxfer::oss::Endpoint> endpoint =
        ossxfer::oss::Endpoint::Parse(text, path_style);
    if (!endpoint.ok()) continue;
    (void)endpoint->HostHeader("examplebucket");
    (void)endpoint->Url("examplebucket", "dir/a b+c.txt",
                        {{"versionId", "CAEQ+1"}, {"uploads", ""}});
    // Each dialect's region rule reads the host a user gave.
    for (ossxfer::StoreDialect dialect :
         {ossxfer::StoreDialect::kOss, ossxfer::StoreDialect::kS3}) {
      (void)ossxfer::oss::DialectOf(dialect).region_from_host(endpoint->host());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = ossxfer::fuzz::AsText(data, size);
  CheckStoreUrl(text);
  CheckLocalPath(text);
  CheckEndpoint(text);
  (void)cli::IsHttpUrl(text);
  return 0;
}
