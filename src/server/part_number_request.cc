#include "server/part_number_request.h"

#include <fmt/format.h>

#include "server/store_errors.h"
#include "util/numbers.h"

namespace ossxfer::server {

Result<PartSelection> SelectPart(std::string_view number_text, bool has_range,
                                 uint64_t size,
                                 const std::vector<uint64_t>& part_sizes,
                                 std::string_view etag,
                                 int not_implemented_status) {
  std::optional<uint64_t> number = util::ParseUint64(number_text);
  if (!number || *number < 1 || *number > 10000) {
    return OssError(400, "InvalidArgument",
                    "Part number must be an integer between 1 and 10000, "
                    "inclusive");
  }
  if (has_range) {
    return OssError(400, "InvalidRequest",
                    "Cannot specify both Range header and partNumber query "
                    "parameter");
  }
  if (part_sizes.empty()) {
    // "<hex>-N" without sizes: completed before serve kept them. Part 1 of
    // it is not the whole object, and serve does not know what it is.
    const bool multipart = etag.find('-') != std::string_view::npos;
    if (multipart) {
      return OssError(not_implemented_status, "NotImplemented",
                      "serve did not keep the part sizes of this object (it "
                      "was completed by an older serve): read it by Range");
    }
    if (*number != 1) {
      return OssError(416, "InvalidPartNumber",
                      "The requested partnumber is not satisfiable");
    }
    return PartSelection{0, size, 0};
  }
  if (*number > part_sizes.size()) {
    return OssError(416, "InvalidPartNumber",
                    "The requested partnumber is not satisfiable");
  }
  PartSelection part;
  part.parts_count = part_sizes.size();
  for (size_t i = 0; i + 1 < *number; ++i) part.first += part_sizes[i];
  part.length = part_sizes[*number - 1];
  return part;
}

}  // namespace ossxfer::server
