// Sizes the tests share, defined once so that every test file of a layer
// can be compiled in one unit (the unity build) without two definitions.
#ifndef OSSXFER_TESTS_SUPPORT_TEST_SIZES_H_
#define OSSXFER_TESTS_SUPPORT_TEST_SIZES_H_

#include <cstdint>

#include "transfer/part_plan.h"

namespace ossxfer::testing {

inline constexpr uint64_t kKiB = uint64_t{1} << 10;
inline constexpr uint64_t kMiB = uint64_t{1} << 20;
// OSS's smallest part (100 KiB): objects of a few hundred KiB make several
// parts, so a test is quick and still multipart.
inline constexpr uint64_t kPart = transfer::kMinPartSize;

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_TEST_SIZES_H_
