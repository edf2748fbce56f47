#include "cli/listing_pages.h"

namespace ossxfer::cli {

Result<std::optional<ListObjectsV2Result>> ListingPages::Next() {
  if (ended_) return std::optional<ListObjectsV2Result>();
  Result<ListObjectsV2Result> page = client_.ListObjectsV2(request_);
  if (!page.ok()) return page.status();
  request_.continuation_token = page->next_continuation_token;
  // A truncated page without a token cannot be followed: the last one.
  ended_ = !page->is_truncated || request_.continuation_token.empty();
  return std::optional<ListObjectsV2Result>(std::move(*page));
}

}  // namespace ossxfer::cli
