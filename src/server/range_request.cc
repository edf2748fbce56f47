#include "server/range_request.h"

#include "util/numbers.h"

namespace ossxfer::server {

RangeOutcome ResolveRange(std::optional<std::string_view> header, uint64_t size,
                          bool standard) {
  const RangeOutcome whole{RangeOutcome::kWhole};
  const RangeOutcome unsatisfiable{RangeOutcome::kUnsatisfiable};
  if (!header) return whole;
  std::string_view spec = *header;
  if (!spec.starts_with("bytes=")) return whole;
  spec.remove_prefix(6);
  spec = spec.substr(0, spec.find(','));
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view first_text = spec.substr(0, dash);
  std::string_view last_text = spec.substr(dash + 1);

  if (first_text.empty()) {  // "bytes=-n": the last n bytes
    std::optional<uint64_t> suffix = util::ParseUint64(last_text);
    if (!suffix) return whole;
    if (*suffix == 0 || size == 0) return standard ? unsatisfiable : whole;
    if (*suffix >= size) {
      return standard ? RangeOutcome{RangeOutcome::kPartial, 0, size - 1}
                      : whole;
    }
    return RangeOutcome{RangeOutcome::kPartial, size - *suffix, size - 1};
  }
  std::optional<uint64_t> first = util::ParseUint64(first_text);
  if (!first) return whole;
  std::optional<uint64_t> last;
  if (!last_text.empty()) {
    last = util::ParseUint64(last_text);
    if (!last || *last < *first) return whole;
  }
  if (*first >= size) return standard ? unsatisfiable : whole;
  if (!last || *last >= size) {
    if (last && !standard)
      return whole;  // end too big: the default mode gives up
    return RangeOutcome{RangeOutcome::kPartial, *first, size - 1};
  }
  return RangeOutcome{RangeOutcome::kPartial, *first, *last};
}

}  // namespace ossxfer::server
