#include "oss/request_executor.h"

#include <fmt/format.h>

#include "oss/service_error_parser.h"
#include "ossxfer/version.h"
#include "util/time_format.h"

namespace ossxfer::oss {
namespace {

std::string Describe(const Dialect& dialect, const OssRequest& request) {
  if (request.bucket.empty()) return request.operation;
  if (request.key.empty()) {
    return fmt::format("{} {}://{}", request.operation, dialect.url_scheme,
                       request.bucket);
  }
  return fmt::format("{} {}://{}/{}", request.operation, dialect.url_scheme,
                     request.bucket, request.key);
}

}  // namespace

Result<std::unique_ptr<RequestExecutor>> RequestExecutor::Create(
    ClientOptions options) {
  const Dialect& dialect = DialectOf(options.dialect);
  if (options.signature_version == SignatureVersion::kV1 &&
      !dialect.has_signature_v1) {
    return Status::InvalidArgument(fmt::format(
        "{} requests are signed with signature V4 only: leave out signature "
        "version 1",
        dialect.store_name));
  }
  std::string region = dialect.normalize_region(options.region);
  if (options.endpoint.empty()) {
    if (region.empty()) region = dialect.default_region;
    options.endpoint = dialect.endpoint_for_region(region);
  }
  Result<Endpoint> endpoint =
      Endpoint::Parse(options.endpoint, options.use_path_style);
  if (!endpoint.ok()) return endpoint.status();
  Status valid = options.Validate();
  if (!valid.ok()) return valid;
  if (region.empty()) region = dialect.region_from_host(endpoint->host());
  if (region.empty()) region = dialect.default_region;
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
      sender_(options_, options_.log) {}

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

void RequestExecutor::AddSignedHost(auth::SignableRequest& request) const {
  // AWS signs Host (every header it lists must be one the request carries);
  // OSS does not, and leaves it to libcurl. The value is the one libcurl
  // sends for the URL.
  if (dialect_.signature_v4.header_list ==
      auth::HeaderListRule::kSignedHeaders) {
    request.SetHeader("Host", endpoint_.HostHeader(request.bucket));
  }
}

Status RequestExecutor::Sign(auth::SignableRequest& request) const {
  Result<Credentials> credentials = credentials_->GetCredentials();
  if (!credentials.ok()) return credentials.status();
  signer_->SignHeaders(request, *credentials, Now());
  return Status();
}

Result<http::HttpRequest> RequestExecutor::Prepare(
    const OssRequest& request) const {
  std::string path = endpoint_.Path(request.bucket, request.key);
  auth::SignableRequest signable{request.method, request.bucket,  request.key,
                                 request.query,  request.headers, path};
  if (request.body != nullptr) {
    signable.SetHeader("Content-Length", std::to_string(request.body->Size()));
  }
  AddSignedHost(signable);
  Status signed_ok = Sign(signable);
  if (!signed_ok.ok()) return signed_ok;
  http::HttpRequest http_request;
  http_request.method = request.method;
  http_request.url = endpoint_.Url(request.bucket, request.key, request.query);
  http_request.headers = std::move(signable.headers);
  std::erase_if(http_request.headers, [](const auto& header) {
    return header.first == "Content-Length";  // curl sets it from the body
  });
  return http_request;
}

Status RequestExecutor::Judge(const OssRequest& request,
                              const http::HttpResponse& response) const {
  int status = response.status;
  // 203 is how OSS says "stored, but the upload callback failed": an error
  // (CallbackFailed) for the caller, though HTTP counts it as success.
  if (status >= 200 && status < 300 && status != 203) {
    // Only a body read whole can hold such an error (a GET's goes to its
    // sink, where an object may hold any bytes).
    if (!dialect_.may_fail_after_200 || request.sink != nullptr ||
        !IsErrorDocument(response.body)) {
      return Status();
    }
    http::HttpResponse failed = response;
    failed.status = 500;
    return Status::FromServiceError(ParseErrorAnswer(dialect_, failed),
                                    Describe(dialect_, request));
  }
  Status failure;
  if (status == 304) {
    failure = Status::FromServiceError(
        ServiceError{304, "NotModified",
                     "the object was not modified (If-None-Match or "
                     "If-Modified-Since did not hold)",
                     response.Header(dialect_.request_id_header).value_or(""),
                     "", ""},
        Describe(dialect_, request));
  } else {
    ServiceError error = ParseErrorAnswer(dialect_, response);
    if (error.code == "RequestTimeTooSkewed") CorrectClockSkew(response);
    failure =
        Status::FromServiceError(std::move(error), Describe(dialect_, request));
  }
  if (request.amend_error) return request.amend_error(response, failure);
  return failure;
}

Result<http::HttpResponse> RequestExecutor::Execute(
    const OssRequest& request) const {
  http::Exchange exchange;
  exchange.prepare = [&] { return Prepare(request); };
  exchange.body = request.body;
  exchange.sink = request.sink;
  exchange.accept_body = request.accept_body;
  exchange.cancelled = request.cancelled;
  exchange.judge = [&](const http::HttpResponse& response) {
    return Judge(request, response);
  };
  exchange.idempotent = request.idempotent;
  exchange.max_attempts = request.max_attempts;
  return sender_.Send(exchange);
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
        "cannot presign a URL without credentials: give an access key "
        "(OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET for oss://, "
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for s3://)");
  }
  request.path = endpoint_.Path(request.bucket, request.key);
  AddSignedHost(request);
  signer_->Presign(request, *credentials, Now(), expires);
  return endpoint_.Url(request.bucket, request.key, request.query);
}

}  // namespace ossxfer::oss
