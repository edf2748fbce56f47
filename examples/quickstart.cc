// Reads an object's metadata and downloads a byte range of it.
// Usage: quickstart ENDPOINT BUCKET KEY   (credentials from OSS_ACCESS_KEY_*)
#include <ossxfer/client.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: quickstart ENDPOINT BUCKET KEY\n";
    return 2;
  }
  ossxfer::ClientOptions options;
  options.endpoint = argv[1];  // e.g. https://oss-cn-hangzhou.aliyuncs.com
  options.region = "cn-hangzhou";
  ossxfer::Result<ossxfer::Client> client = ossxfer::Client::Create(options);
  if (!client.ok()) {
    std::cerr << client.status() << "\n";
    return 1;
  }

  ossxfer::Result<ossxfer::ObjectMetadata> head =
      client->HeadObject({.bucket = argv[2], .key = argv[3]});
  if (!head.ok()) {
    std::cerr << head.status() << "\n";  // Code, Message, RequestId, EC...
    return 1;
  }
  std::cout << "size " << head->size << ", ETag " << head->etag << "\n";

  ossxfer::StringSink first_kib;
  ossxfer::GetObjectRequest get{.bucket = argv[2], .key = argv[3]};
  get.range = ossxfer::ByteRange{0, 1023};
  get.if_match = head->etag;  // fails with 412 if the object changed since
  ossxfer::Result<ossxfer::GetObjectResult> got =
      client->GetObject(get, first_kib);
  if (!got.ok()) {
    std::cerr << got.status() << "\n";
    return 1;
  }
  std::cout << "read " << first_kib.data().size() << " bytes\n";
  return 0;
}
