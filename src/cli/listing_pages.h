// A ListObjectsV2 read page by page, each fetched only when asked for: the
// one paging loop of a tree's listing (continuation tokens, the last page)
// for those that push objects on (ForEachListedObject) and those that pull
// them (DestinationCursor).
#ifndef OSSXFER_CLI_LISTING_PAGES_H_
#define OSSXFER_CLI_LISTING_PAGES_H_

#include <optional>

#include "ossxfer/client.h"
#include "ossxfer/listing.h"
#include "ossxfer/result.h"

namespace ossxfer::cli {

class ListingPages {
 public:
  // `client` must outlive this.
  ListingPages(const Client& client, ListObjectsV2Request request)
      : client_(client), request_(std::move(request)) {}

  // The next page; nullopt after the last. The client's error as is.
  Result<std::optional<ListObjectsV2Result>> Next();

 private:
  const Client& client_;
  ListObjectsV2Request request_;
  bool ended_ = false;
};

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_LISTING_PAGES_H_
