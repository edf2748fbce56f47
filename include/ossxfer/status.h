// Status: the outcome of an operation. Errors are values in ossxfer; no
// exception crosses the public API.
#ifndef OSSXFER_STATUS_H_
#define OSSXFER_STATUS_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "ossxfer/service_error.h"

namespace ossxfer {

// What kind of failure a Status reports. The command line maps these to its
// documented exit codes, so each one means one thing a user can act on.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong (bad name, range, flag)
  kNotFound,            // the bucket, object or upload does not exist
  kPermissionDenied,    // credentials missing, wrong, or not allowed
  kPreconditionFailed,  // a condition failed: 412 (changed), 304 (not modified)
  kServiceError,        // any other error answered by the server
  kNetworkError,        // transport: connect, TLS, reset, timeout
  kIoError,             // local file system
  kDataCorruption,      // a checksum did not match: data not trusted
  kCancelled,           // the caller cancelled
  kInternal,            // a bug or an impossible state
  // Another process is running the same transfer (its checkpoint or temp
  // file is locked): a conflict to wait out, not a failure of the data.
  kBusy,
};

std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  // A default-constructed Status is OK and costs one null pointer.
  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message);
  static Status NotFound(std::string message);
  static Status PermissionDenied(std::string message);
  static Status PreconditionFailed(std::string message);
  static Status NetworkError(std::string message);
  static Status IoError(std::string message);
  static Status DataCorruption(std::string message);
  static Status Cancelled(std::string message);
  static Status Internal(std::string message);
  static Status Busy(std::string message);
  // The server answered something that is not a valid OSS response.
  static Status MalformedResponse(std::string message);
  // The code is derived from the HTTP status and the OSS code: 404 is
  // kNotFound; 401 and 403 kPermissionDenied, except a 403
  // InvalidObjectState (an Archive object not restored), which is
  // kServiceError; 304 (the client's NotModified) and 412
  // kPreconditionFailed; anything else kServiceError. `context` says what
  // was being done ("HeadObject oss://b/k").
  static Status FromServiceError(ServiceError error, std::string context = {});

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const;
  // The human-readable description, without the service error details.
  const std::string& message() const;
  // Set when the server answered with an error.
  const ServiceError* service_error() const;

  // A copy with "context: " put before the message.
  Status WithContext(std::string_view context) const;

  // "NotFound: HeadObject oss://b/k: NoSuchKey (HTTP 404): ... [RequestId:
  // ...]"
  std::string ToString() const;

 private:
  struct State {
    StatusCode code;
    std::string message;
    std::optional<ServiceError> service_error;
  };
  Status(StatusCode code, std::string message,
         std::optional<ServiceError> service_error = std::nullopt);

  // Shared and immutable: copying a Status is cheap and thread-safe.
  std::shared_ptr<const State> state_;
};

std::ostream& operator<<(std::ostream& out, const Status& status);

}  // namespace ossxfer

#endif  // OSSXFER_STATUS_H_
