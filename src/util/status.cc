#include "ossxfer/status.h"

#include <fmt/format.h>

#include <utility>

namespace ossxfer {
namespace {

StatusCode CodeForServiceError(const ServiceError& error) {
  switch (error.http_status) {
    case 404:
      return StatusCode::kNotFound;
    case 401:
    case 403:
      // InvalidObjectState is a 403 too, but it is about the object, not
      // about who asks: it gets the general service code.
      return error.code == "InvalidObjectState" ? StatusCode::kServiceError
                                                : StatusCode::kPermissionDenied;
    case 304:  // If-None-Match / If-Modified-Since did not hold
    case 412:
      return StatusCode::kPreconditionFailed;
    default:
      return StatusCode::kServiceError;
  }
}

const std::string& EmptyString() {
  static const std::string* const kEmpty = new std::string();
  return *kEmpty;
}

}  // namespace

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "InvalidArgument";
    case StatusCode::kNotFound:
      return "NotFound";
    case StatusCode::kPermissionDenied:
      return "PermissionDenied";
    case StatusCode::kPreconditionFailed:
      return "PreconditionFailed";
    case StatusCode::kServiceError:
      return "ServiceError";
    case StatusCode::kNetworkError:
      return "NetworkError";
    case StatusCode::kIoError:
      return "IoError";
    case StatusCode::kDataCorruption:
      return "DataCorruption";
    case StatusCode::kCancelled:
      return "Cancelled";
    case StatusCode::kInternal:
      return "Internal";
    case StatusCode::kBusy:
      return "Busy";
  }
  return "Unknown";
}

std::string ServiceError::ToString() const {
  std::string text = code.empty() ? std::string("(no error code)") : code;
  text += fmt::format(" (HTTP {})", http_status);
  if (!message.empty()) text += ": " + message;
  std::string details;
  auto add = [&details](std::string_view name, const std::string& value) {
    if (value.empty()) return;
    if (!details.empty()) details += ", ";
    details += fmt::format("{}: {}", name, value);
  };
  add("RequestId", request_id);
  add("HostId", host_id);
  add("EC", ec);
  if (!details.empty()) text += " [" + details + "]";
  return text;
}

Status::Status(StatusCode code, std::string message,
               std::optional<ServiceError> service_error)
    : state_(std::make_shared<const State>(
          State{code, std::move(message), std::move(service_error)})) {}

Status Status::InvalidArgument(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}
Status Status::NotFound(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
Status Status::PermissionDenied(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}
Status Status::PreconditionFailed(std::string message) {
  return Status(StatusCode::kPreconditionFailed, std::move(message));
}
Status Status::NetworkError(std::string message) {
  return Status(StatusCode::kNetworkError, std::move(message));
}
Status Status::IoError(std::string message) {
  return Status(StatusCode::kIoError, std::move(message));
}
Status Status::DataCorruption(std::string message) {
  return Status(StatusCode::kDataCorruption, std::move(message));
}
Status Status::Cancelled(std::string message) {
  return Status(StatusCode::kCancelled, std::move(message));
}
Status Status::Internal(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}
Status Status::Busy(std::string message) {
  return Status(StatusCode::kBusy, std::move(message));
}

Status Status::MalformedResponse(std::string message) {
  return Status(StatusCode::kServiceError, std::move(message));
}

Status Status::FromServiceError(ServiceError error, std::string context) {
  StatusCode code = CodeForServiceError(error);
  return Status(code, std::move(context), std::move(error));
}

StatusCode Status::code() const {
  return state_ ? state_->code : StatusCode::kOk;
}

const std::string& Status::message() const {
  return state_ ? state_->message : EmptyString();
}

const ServiceError* Status::service_error() const {
  return state_ && state_->service_error ? &*state_->service_error : nullptr;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string message = state_->message.empty()
                            ? std::string(context)
                            : fmt::format("{}: {}", context, state_->message);
  return Status(state_->code, std::move(message), state_->service_error);
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string text(StatusCodeName(state_->code));
  if (!state_->message.empty()) text += ": " + state_->message;
  if (state_->service_error) text += ": " + state_->service_error->ToString();
  return text;
}

std::ostream& operator<<(std::ostream& out, const Status& status) {
  return out << status.ToString();
}

}  // namespace ossxfer
