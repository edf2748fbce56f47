// Early-return helpers for Status and Result<T>, in the style of Abseil.
#ifndef OSSXFER_UTIL_STATUS_MACROS_H_
#define OSSXFER_UTIL_STATUS_MACROS_H_

#include "ossxfer/result.h"
#include "ossxfer/status.h"

#define OSSXFER_CONCAT_INNER_(a, b) a##b
#define OSSXFER_CONCAT_(a, b) OSSXFER_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function if `expr` is not OK.
#define RETURN_IF_ERROR(expr)                      \
  do {                                             \
    ::ossxfer::Status status_macro_ = (expr);      \
    if (!status_macro_.ok()) return status_macro_; \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, Fetch());` declares x from the value, or returns
// the error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(OSSXFER_CONCAT_(result_macro_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                           \
  if (!result.ok()) return result.status();       \
  lhs = std::move(result).value()

#endif  // OSSXFER_UTIL_STATUS_MACROS_H_
