#include "cli/destination_cursor.h"

#include <fmt/format.h>

#include <system_error>
#include <utility>

#include "cli/listing_pages.h"
#include "cli/sorted_tree_walk.h"
#include "cli/store_url.h"
#include "ossxfer/work_files.h"

namespace ossxfer::cli {

namespace {

Status OutOfOrder(std::string_view side, const std::string& later,
                  const std::string& earlier) {
  return Status::MalformedResponse(fmt::format(
      "the {} is not in byte order (\"{}\" came after \"{}\"), so a sync "
      "cannot pair its entries; nothing is deleted",
      side, later, earlier));
}

}  // namespace

DestinationCursor::DestinationCursor(Read read, bool keep_extraneous)
    : read_(std::move(read)), keep_extraneous_(keep_extraneous) {}

std::unique_ptr<DestinationCursor> DestinationCursor::OfObjects(
    const Client& client, std::string bucket, std::string prefix,
    std::string label, bool keep_extraneous) {
  struct Pages {
    explicit Pages(ListingPages listing) : listing(std::move(listing)) {}
    ListingPages listing;
    std::vector<ObjectSummary> page;
    size_t next = 0;
  };
  ListObjectsV2Request list;
  list.bucket = std::move(bucket);
  list.prefix = prefix;
  auto pages = std::make_shared<Pages>(ListingPages(client, std::move(list)));
  Read read =
      [pages, prefix = std::move(prefix),
       label = std::move(label)]() -> Result<std::optional<DestinationEntry>> {
    while (true) {
      while (pages->next < pages->page.size()) {
        ObjectSummary& object = pages->page[pages->next++];
        if (!object.key.starts_with(prefix) || IsDirectoryMarker(object.key)) {
          continue;
        }
        return std::optional<DestinationEntry>(
            DestinationEntry{object.key.substr(prefix.size()),
                             EntryFacts{object.size, object.last_modified,
                                        /*exact_time=*/false, std::nullopt,
                                        std::move(object.etag)}});
      }
      Result<std::optional<ListObjectsV2Result>> page = pages->listing.Next();
      if (!page.ok()) return page.status().WithContext("listing " + label);
      if (!*page) return std::optional<DestinationEntry>();
      pages->page = std::move((*page)->objects);
      pages->next = 0;
    }
  };
  return std::make_unique<DestinationCursor>(std::move(read), keep_extraneous);
}

std::unique_ptr<DestinationCursor> DestinationCursor::OfFiles(
    const std::filesystem::path& directory, bool keep_extraneous) {
  auto walk = std::make_shared<SortedTreeWalk>(directory);
  Read read = [walk]() -> Result<std::optional<DestinationEntry>> {
    while (true) {
      Result<std::optional<SortedTreeWalk::Entry>> next = walk->Next();
      if (!next.ok()) return next.status();
      if (!*next) return std::optional<DestinationEntry>();
      const SortedTreeWalk::Entry& entry = **next;
      // Links are not the tree's files: never compared, never deleted.
      if (!std::filesystem::is_regular_file(entry.own_status) ||
          IsTransferWorkFile(entry.path)) {
        continue;
      }
      std::error_code error;
      const uint64_t size = std::filesystem::file_size(entry.path, error);
      if (error) continue;  // gone meanwhile
      return std::optional<DestinationEntry>(DestinationEntry{
          entry.relative, EntryFacts{size, FileModified(entry.path),
                                     /*exact_time=*/true}});
    }
  };
  return std::make_unique<DestinationCursor>(std::move(read), keep_extraneous);
}

Status DestinationCursor::Advance() {
  Result<std::optional<DestinationEntry>> next = read_();
  if (!next.ok()) return next.status();
  if (!*next) {
    ended_ = true;
    return Status::Ok();
  }
  if (read_any_ && (*next)->relative <= last_read_) {
    return OutOfOrder("destination's listing", (*next)->relative, last_read_);
  }
  read_any_ = true;
  last_read_ = (*next)->relative;
  pending_ = std::move(**next);
  return Status::Ok();
}

Result<std::optional<EntryFacts>> DestinationCursor::Take(
    const std::string& relative) {
  if (!failed_.ok()) return failed_;
  if (taken_any_ && relative <= last_taken_) {
    failed_ = OutOfOrder("source's listing", relative, last_taken_);
    return failed_;
  }
  taken_any_ = true;
  last_taken_ = relative;
  while (true) {
    if (!pending_ && !ended_) {
      if (Status advanced = Advance(); !advanced.ok()) {
        failed_ = advanced;
        return failed_;
      }
    }
    if (!pending_) return std::optional<EntryFacts>();
    if (pending_->relative > relative) return std::optional<EntryFacts>();
    if (pending_->relative == relative) {
      EntryFacts facts = std::move(pending_->facts);
      pending_.reset();
      return std::optional<EntryFacts>(std::move(facts));
    }
    // The source has nothing under this path.
    if (keep_extraneous_) extraneous_.push_back(std::move(*pending_));
    pending_.reset();
  }
}

Status DestinationCursor::Finish() {
  while (failed_.ok()) {
    if (!pending_ && !ended_) failed_ = Advance();
    if (!pending_) break;
    if (keep_extraneous_) extraneous_.push_back(std::move(*pending_));
    pending_.reset();
  }
  return failed_;
}

}  // namespace ossxfer::cli
