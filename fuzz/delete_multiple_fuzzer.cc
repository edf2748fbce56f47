// DeleteMultipleObjects: the <Delete> body `ossxfer serve` reads
// (server/server_xml.h ParseDeleteRequestBody), and the <DeleteResult> it
// answers with, read back by the client's parser (oss/xml_responses.h
// ParseDeleteResult). With EncodingType url every accepted key must come
// back byte for byte: whatever a key holds, serve and client agree on it.
//
// Input: the request body.
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "oss/xml_responses.h"
#include "server/server_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace server = ossxfer::server;
  ossxfer::Result<server::DeleteRequestBody> body =
      server::ParseDeleteRequestBody(ossxfer::fuzz::AsText(data, size));
  if (!body.ok()) return 0;
  (void)server::DeleteResultXml(*body, /*url_encode=*/false);
  ossxfer::Result<ossxfer::DeleteObjectsResult> result =
      ossxfer::oss::ParseDeleteResult(
          server::DeleteResultXml(*body, /*url_encode=*/true));
  if (!result.ok())
    ossxfer::fuzz::Fail("the client cannot read serve's answer");
  const std::vector<std::string> expected =
      body->quiet ? std::vector<std::string>() : body->keys;
  if (result->deleted != expected) {
    ossxfer::fuzz::Fail("the keys serve reports deleted are not those asked");
  }
  return 0;
}
