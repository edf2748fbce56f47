#include "transfer/file_range_checksum.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "oss/multipart_etag.h"
#include "util/digest.h"
#include "util/status_macros.h"

namespace ossxfer::transfer {

namespace {

// Hands `consume` the range in slices of at most 1 MiB, in order.
Status ForEachSlice(const util::File& file, uint64_t offset, uint64_t size,
                    const std::function<void(const char*, size_t)>& consume) {
  std::vector<char> buffer(std::min<uint64_t>(size, uint64_t{1} << 20));
  for (uint64_t done = 0; done < size;) {
    size_t count =
        static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - done));
    RETURN_IF_ERROR(file.ReadAt(buffer.data(), count, offset + done));
    consume(buffer.data(), count);
    done += count;
  }
  return Status();
}

}  // namespace

Result<uint64_t> ChecksumOfFileRange(ChecksumAlgorithm algorithm,
                                     const util::File& file, uint64_t offset,
                                     uint64_t size) {
  uint64_t checksum = 0;
  RETURN_IF_ERROR(
      ForEachSlice(file, offset, size, [&](const char* data, size_t count) {
        checksum = ChecksumUpdate(algorithm, data, count, checksum);
      }));
  return checksum;
}

Result<std::string> Md5OfFileRange(const util::File& file, uint64_t offset,
                                   uint64_t size) {
  util::Md5Stream md5;
  RETURN_IF_ERROR(ForEachSlice(
      file, offset, size,
      [&](const char* data, size_t count) { md5.Update(data, count); }));
  return md5.Finish();
}

Result<std::vector<std::string>> MultipartEtagsOfFile(
    const util::File& file, uint64_t size,
    const std::vector<uint64_t>& part_sizes) {
  struct Layout {
    uint64_t part_size;
    uint64_t part_end;  // of the part being hashed
    std::unique_ptr<util::Md5Stream> part;
    std::string digests;  // of the parts so far, raw
  };
  std::vector<Layout> layouts;
  for (uint64_t part_size : part_sizes) {
    if (part_size == 0) {
      return Status::InvalidArgument("a part size of 0 lays out no parts");
    }
    layouts.push_back(Layout{part_size, std::min(part_size, size),
                             std::make_unique<util::Md5Stream>(), ""});
  }
  uint64_t offset = 0;
  RETURN_IF_ERROR(
      ForEachSlice(file, 0, size, [&](const char* data, size_t count) {
        for (Layout& layout : layouts) {
          uint64_t at = offset;
          while (at < offset + count) {
            const uint64_t take =
                std::min(layout.part_end, offset + count) - at;
            layout.part->Update(data + (at - offset),
                                static_cast<size_t>(take));
            at += take;
            if (at == layout.part_end) {
              layout.digests += layout.part->Finish();
              layout.part = std::make_unique<util::Md5Stream>();
              layout.part_end = std::min(at + layout.part_size, size);
            }
          }
        }
        offset += count;
      }));
  std::vector<std::string> etags;
  for (Layout& layout : layouts) {
    if (size == 0) layout.digests = layout.part->Finish();  // one empty part
    etags.push_back(oss::MultipartEtagOfPartMd5s(layout.digests));
  }
  return etags;
}

Result<std::string> MultipartEtagOfFile(const util::File& file, uint64_t size,
                                        uint64_t part_size, unsigned threads) {
  if (part_size == 0) {
    return Status::InvalidArgument("a part size of 0 lays out no parts");
  }
  // An empty object is one empty part.
  const uint64_t parts =
      std::max<uint64_t>(1, (size + part_size - 1) / part_size);
  std::vector<std::string> digests(parts);
  std::atomic<uint64_t> next{0};
  std::mutex failure_mutex;
  Status failure;
  auto hash_parts = [&] {
    for (uint64_t part = next++; part < parts; part = next++) {
      const uint64_t offset = part * part_size;
      Result<std::string> md5 =
          Md5OfFileRange(file, offset, std::min(part_size, size - offset));
      if (!md5.ok()) {
        std::lock_guard lock(failure_mutex);
        if (failure.ok()) failure = md5.status();
        next = parts;  // the others stop after the part they are on
        return;
      }
      digests[part] = std::move(*md5);
    }
  };
  {
    std::vector<std::jthread> helpers;
    const uint64_t helper_count =
        std::min<uint64_t>(std::max(threads, 1u), parts) - 1;
    for (uint64_t i = 0; i < helper_count; ++i)
      helpers.emplace_back(hash_parts);
    hash_parts();
  }
  if (!failure.ok()) return failure;
  std::string joined;
  for (const std::string& digest : digests) joined += digest;
  return oss::MultipartEtagOfPartMd5s(joined);
}

}  // namespace ossxfer::transfer
