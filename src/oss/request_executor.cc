#include "oss/request_executor.h"

#include <fmt/format.h>

#include "http/retry_schedule.h"
#include "oss/checksum_body.h"
#include "oss/service_error_parser.h"
#include "ossxfer/version.h"
#include "util/time_format.h"

namespace ossxfer::oss {
namespace {

std::string Describe(const OssRequest& request) {
  if (request.bucket.empty()) return request.operation;
  if (request.key.empty()) {
    return fmt::format("{} oss://{}", request.operation, request.bucket);
  }
  return fmt::format("{} oss://{}/{}", request.operation, request.bucket,
                     request.key);
}

}  // namespace

Result<std::unique_ptr<RequestExecutor>> RequestExecutor::Create(
    ClientOptions options) {
  Result<Endpoint> endpoint =
      Endpoint::Parse(options.endpoint, options.use_path_style);
  if (!endpoint.ok()) return endpoint.status();
  Status retry = options.retry.Validate();
  if (!retry.ok()) return retry;
  const Dialect& dialect = kOssDialect;
  std::string region = options.region.empty()
                           ? dialect.region_from_host(endpoint->host())
                           : dialect.normalize_region(options.region);
  if (options.signature_version == SignatureVersion::kV4 && region.empty()) {
    return Status::InvalidArgument(
        "signature V4 needs a region and none could be taken from endpoint \"" +
        options.endpoint +
        "\": give the region (e.g. cn-hangzhou), or use signature V1");
  }
  for (char c : region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return Status::InvalidArgument("invalid region \"" + region +
                                     "\": a region id has lowercase letters, "
                                     "digits and '-', e.g. cn-hangzhou");
    }
  }
  if (options.low_speed_time.count() < 1) {
    return Status::InvalidArgument("low_speed_time must be at least 1 second");
  }
  std::unique_ptr<auth::Signer> signer =
      options.signature_version == SignatureVersion::kV1
          ? auth::MakeSignerV1()
          : auth::MakeSignerV4(dialect.signature_v4,
                               auth::SignerV4Scope{region, ""});
  return std::unique_ptr<RequestExecutor>(
      new RequestExecutor(std::move(options), dialect, std::move(*endpoint),
                          std::move(region), std::move(signer)));
}

RequestExecutor::RequestExecutor(ClientOptions options, const Dialect& dialect,
                                 Endpoint endpoint, std::string region,
                                 std::unique_ptr<auth::Signer> signer)
    : options_(std::move(options)),
      dialect_(dialect),
      endpoint_(std::move(endpoint)),
      region_(std::move(region)),
      signer_(std::move(signer)),
      credentials_(options_.credentials ? options_.credentials
                                        : MakeEnvironmentCredentialsProvider()),
      pool_(http::HttpSettings{
          options_.connect_timeout, options_.low_speed_limit_bytes_per_second,
          options_.low_speed_time, options_.verify_tls, options_.ca_file,
          options_.user_agent.empty()
              ? std::string("ossxfer/") + std::string(Version())
              : options_.user_agent,
          options_.log}) {}

util::SystemTime RequestExecutor::Now() const {
  return std::chrono::system_clock::now() +
         std::chrono::seconds(clock_offset_seconds_.load());
}

void RequestExecutor::CorrectClockSkew(
    const http::HttpResponse& response) const {
  std::optional<std::string> date = response.Header("Date");
  if (!date) return;
  std::optional<util::SystemTime> server = util::ParseHttpDate(*date);
  if (!server) return;
  clock_offset_seconds_ = std::chrono::duration_cast<std::chrono::seconds>(
                              *server - std::chrono::system_clock::now())
                              .count();
}

Status RequestExecutor::Sign(auth::SignableRequest& request) const {
  Result<Credentials> credentials = credentials_->GetCredentials();
  if (!credentials.ok()) return credentials.status();
  signer_->SignHeaders(request, *credentials, Now());
  return Status();
}

Result<http::HttpResponse> RequestExecutor::ExecuteOnce(
    const OssRequest& request) const {
  std::string path = endpoint_.Path(request.bucket, request.key);
  auth::SignableRequest signable{request.method, request.bucket,  request.key,
                                 request.query,  request.headers, path};
  if (request.body != nullptr) {
    signable.SetHeader("Content-Length", std::to_string(request.body->Size()));
  }
  Status signed_ok = Sign(signable);
  if (!signed_ok.ok()) return signed_ok;

  http::HttpRequest http_request{
      request.method, endpoint_.Url(request.bucket, request.key, request.query),
      signable.headers, request.body, request.cancelled};
  std::erase_if(http_request.headers, [](const auto& header) {
    return header.first == "Content-Length";  // curl sets it from the body
  });
  http::ConnectionPool::Lease connection = pool_.Acquire();
  Result<http::HttpResponse> response =
      connection->Send(http_request, request.sink, request.accept_body);
  if (!response.ok()) return response.status();
  int status = response->status;
  // 203 is how OSS says "stored, but the upload callback failed": an error
  // (CallbackFailed) for the caller, though HTTP counts it as success.
  if (status >= 200 && status < 300 && status != 203) return response;
  Status failure;
  if (status == 304) {
    failure = Status::FromServiceError(
        ServiceError{304, "NotModified",
                     "the object was not modified (If-None-Match or "
                     "If-Modified-Since did not hold)",
                     response->Header(dialect_.request_id_header).value_or(""),
                     "", ""},
        Describe(request));
  } else {
    std::string oss_err =
        response->Header(dialect_.error_document_header).value_or("");
    std::string request_id =
        response->Header(dialect_.request_id_header).value_or("");
    std::string ec = response->Header(dialect_.error_ec_header).value_or("");
    ServiceError error = ParseServiceError(
        ErrorResponse{status, response->body, oss_err, request_id, ec});
    if (error.code == "RequestTimeTooSkewed") CorrectClockSkew(*response);
    failure = Status::FromServiceError(std::move(error), Describe(request));
  }
  if (request.amend_error) return request.amend_error(*response, failure);
  return failure;
}

Result<http::HttpResponse> RequestExecutor::Execute(
    const OssRequest& request) const {
  OssRequest attempt_request = request;
  std::optional<CountingSink> counting;
  if (request.sink != nullptr) {
    counting.emplace(request.sink);
    attempt_request.sink = &*counting;
  }
  std::optional<CountingSource> sent;
  if (request.body != nullptr) {
    sent.emplace(request.body);
    attempt_request.body = &*sent;
  }
  // A caller that retries for itself (the transfer engine, per part) asks
  // for fewer attempts; never more than the user's policy allows.
  RetryPolicy policy = options_.retry;
  if (request.max_attempts > 0) {
    policy.max_attempts = std::min(policy.max_attempts, request.max_attempts);
  }
  http::RetrySchedule schedule(policy, request.cancelled,
                               [this](const std::string& line) {
                                 if (options_.log) options_.log(line);
                               });
  while (true) {
    // Every attempt sends the body from its start, the first one too: a
    // caller's source that was read before is not sent half-empty.
    if (sent) {
      Status rewound = sent->Rewind();
      if (!rewound.ok()) return rewound;
    }
    Result<http::HttpResponse> response = ExecuteOnce(attempt_request);
    if (response.ok()) {
      if (counting) response->streamed_bytes = counting->bytes();
      return response;
    }
    Status failure = response.status();
    bool sink_untouched = !counting || counting->bytes() == 0;
    bool body_unsent = sent && sent->Size() > 0 && sent->bytes() == 0;
    bool retryable = sink_untouched && (request.idempotent || body_unsent) &&
                     policy.IsRetryable(failure);
    Status next = schedule.BeforeRetry(failure, retryable);
    if (!next.ok()) return next;
  }
}

Result<std::string> RequestExecutor::Presign(
    auth::SignableRequest request, std::chrono::seconds expires) const {
  if (expires.count() < 1 || expires.count() > 604800) {
    return Status::InvalidArgument(fmt::format(
        "presigned URL lifetime must be from 1 second to 7 days (604800 s), "
        "got {} s",
        expires.count()));
  }
  Result<Credentials> credentials = credentials_->GetCredentials();
  if (!credentials.ok()) return credentials.status();
  if (credentials->anonymous()) {
    return Status::InvalidArgument(
        "cannot presign a URL without credentials: set OSS_ACCESS_KEY_ID and "
        "OSS_ACCESS_KEY_SECRET");
  }
  request.path = endpoint_.Path(request.bucket, request.key);
  signer_->Presign(request, *credentials, Now(), expires);
  return endpoint_.Url(request.bucket, request.key, request.query);
}

}  // namespace ossxfer::oss
