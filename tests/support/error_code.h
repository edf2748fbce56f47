// The OSS/S3 error code a Status carries, for tests to compare.
#ifndef OSSXFER_TESTS_SUPPORT_ERROR_CODE_H_
#define OSSXFER_TESTS_SUPPORT_ERROR_CODE_H_

#include <string>

#include "ossxfer/status.h"

namespace ossxfer::testing {

inline std::string ErrorCode(const Status& status) {
  return status.service_error() ? status.service_error()->code
                                : "(no service error)";
}

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_ERROR_CODE_H_
