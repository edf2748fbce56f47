// Result<T>: a value or the Status that explains why there is none.
#ifndef OSSXFER_RESULT_H_
#define OSSXFER_RESULT_H_

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "ossxfer/status.h"

namespace ossxfer {

template <typename T>
class Result {
 public:
  static_assert(!std::is_same_v<std::decay_t<T>, Status>,
                "Result<Status> is meaningless; return Status");

  // Implicit on purpose: `return value;` and `return status;` both read well.
  Result(T value) : data_(std::move(value)) {}        // NOLINT
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    // An OK status carries no value; that is a bug at the call site.
    if (std::get<Status>(data_).ok()) {
      data_ = Status::Internal("Result constructed from an OK Status");
    }
  }

  bool ok() const { return std::holds_alternative<T>(data_); }

  // OK when there is a value.
  Status status() const { return ok() ? Status() : std::get<Status>(data_); }

  // Precondition: ok(). Calling these on an error aborts: it is a bug.
  T& value() & { return CheckedValue(); }
  const T& value() const& { return const_cast<Result*>(this)->CheckedValue(); }
  T&& value() && { return std::move(CheckedValue()); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? std::get<T>(data_)
                : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  T& CheckedValue() {
    if (!ok()) std::abort();
    return std::get<T>(data_);
  }

  std::variant<T, Status> data_;
};

}  // namespace ossxfer

#endif  // OSSXFER_RESULT_H_
