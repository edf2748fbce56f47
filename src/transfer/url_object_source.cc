#include "transfer/url_object_source.h"

#include <fmt/format.h>
#include <strings.h>

#include <optional>

#include "oss/response_headers.h"
#include "oss/service_error_parser.h"
#include "ossxfer/checksum.h"
#include "ossxfer/version.h"
#include "util/numbers.h"
#include "util/redaction.h"
#include "util/status_macros.h"
#include "util/time_format.h"

namespace ossxfer::transfer {
namespace {

constexpr std::string_view kQueryHidden = "<query hidden>";

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

// A weak ETag ("W/...") never satisfies If-Match (RFC 9110 13.1.1): it
// cannot be the precondition, only compared.
bool IsStrongEtag(const std::string& etag) {
  return !etag.empty() && !etag.starts_with("W/");
}

// Keeps what the probe's ranged GET sent: one byte, when the server
// honours the range (its Content-Range was checked before the body came).
class ProbeSink : public BodySink {
 public:
  Status Write(const char* data, size_t size) override {
    data_.append(data, size);
    return Status();
  }
  const std::string& data() const { return data_; }

 private:
  std::string data_;
};

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos;
       at += to.size()) {
    text.replace(at, from.size(), to);
  }
}

// The http layer names the URL in transport errors with only the known
// signature parameters redacted, and with any user:password: a URL
// download shows it as Display() (no query at all) instead.
Status HideUrl(const Status& status, const SourceUrl& url) {
  if (status.code() != StatusCode::kNetworkError) return status;
  std::string message = status.message();
  ReplaceAll(message, util::RedactUrl(url.ToString()), url.Display());
  ReplaceAll(message, url.ToString(), url.Display());
  ReplaceAll(message, url.query, kQueryHidden);
  return Status::NetworkError(std::move(message));
}

// The request log of a URL download: a whole URL (the request line, a
// Location header) loses its query and user information, whatever the
// names of its signature parameters.
std::function<void(std::string_view)> QuietLog(
    std::function<void(std::string_view)> log) {
  if (!log) return {};
  return [log = std::move(log)](std::string_view line) {
    size_t scheme = line.find("://");
    if (scheme == std::string_view::npos) {
      log(line);
      return;
    }
    size_t start = line.rfind(' ', scheme);
    start = start == std::string_view::npos ? 0 : start + 1;
    size_t end = line.find(' ', scheme);
    if (end == std::string_view::npos) end = line.size();
    std::string_view token = line.substr(start, end - start);
    Result<SourceUrl> url = ParseSourceUrl(token);
    std::string shown = url.ok()
                            ? url->Display()
                            : std::string(token.substr(0, token.find('?')));
    log(std::string(line.substr(0, start)) + shown +
        std::string(line.substr(end)));
  };
}

// An error answer (4xx/5xx) as a Status that names the status, and the OSS
// Code and Message when the body is OSS XML. Nothing of the query is kept.
Status AnswerError(const SourceUrl& url, const http::HttpResponse& response) {
  ServiceError error = oss::ParseErrorAnswer(oss::kOssDialect, response);
  ReplaceAll(error.message, url.query, kQueryHidden);
  return Status::FromServiceError(std::move(error), "GET " + url.Display());
}

// "bytes */N" (416): the size of an object whose range could not be served.
std::optional<uint64_t> UnsatisfiedRangeTotal(std::string_view text) {
  constexpr std::string_view kPrefix = "bytes */";
  if (!text.starts_with(kPrefix)) return std::nullopt;
  return util::ParseUint64(text.substr(kPrefix.size()));
}

// The object facts of a probe answer. A Last-Modified that does not parse
// is dropped rather than failing the download: it is then simply not a
// validator.
Result<ObjectMetadata> ReadMetadata(http::HttpResponse response) {
  std::erase_if(response.headers, [](const auto& header) {
    return strcasecmp(header.first.c_str(), "Last-Modified") == 0 &&
           !util::ParseHttpDate(header.second);
  });
  return oss::ParseObjectMetadata(response);
}

std::string DescribeValidator(const ObjectMetadata& metadata) {
  if (!metadata.etag.empty()) return "ETag " + metadata.etag;
  if (metadata.last_modified) {
    return "Last-Modified " + util::FormatHttpDate(*metadata.last_modified) +
           " and size";
  }
  return "size";
}

// The checks every answer of a fetch passes before its body may reach the
// file: the range (or whole object) asked for, of the version probed.
Status CheckAnswer(const SourceUrl& url, const SourceObject& seen,
                   uint64_t first, uint64_t last,
                   const http::HttpResponse& response) {
  const ObjectMetadata& probed = seen.metadata;
  const std::string where = "GET " + url.Display();
  if (seen.ranges) {
    if (response.status != 206) {
      return Status::MalformedResponse(fmt::format(
          "{}: answered HTTP {} instead of 206 to a request for bytes {}-{} "
          "(the server no longer honours Range); nothing of it was written",
          where, response.status, first, last));
    }
    std::optional<std::string> header = response.Header("Content-Range");
    std::optional<oss::ContentRange> range =
        header ? oss::ParseContentRange(*header) : std::nullopt;
    if (!range) {
      return Status::MalformedResponse(fmt::format(
          "{}: answered 206 with {} to a request for bytes {}-{}; nothing of "
          "it was written",
          where,
          header ? "a malformed Content-Range \"" + *header + "\""
                 : std::string("no Content-Range"),
          first, last));
    }
    if (range->total != probed.size) {
      return Status::PreconditionFailed(
          fmt::format("{}: the object is now {} bytes, not {}", where,
                      range->total, probed.size));
    }
    if (range->first != first || range->last != last) {
      return Status::MalformedResponse(fmt::format(
          "{}: answered Content-Range \"{}\" to a request for bytes {}-{}; "
          "nothing of it was written",
          where, *header, first, last));
    }
  } else {
    if (response.status != 200) {
      return Status::MalformedResponse(
          fmt::format("{}: answered HTTP {} to a request for the whole object",
                      where, response.status));
    }
    std::optional<std::string> length = response.Header("Content-Length");
    std::optional<uint64_t> size =
        length ? util::ParseUint64(*length) : std::nullopt;
    if (size && *size != probed.size) {
      return Status::PreconditionFailed(fmt::format(
          "{}: the object is now {} bytes, not {}", where, *size, probed.size));
    }
  }
  std::optional<std::string> etag = response.Header("ETag");
  if (!probed.etag.empty() && etag && *etag != probed.etag) {
    return Status::PreconditionFailed(fmt::format(
        "{}: the ETag is now {}, not {}", where, *etag, probed.etag));
  }
  std::optional<std::string> modified = response.Header("Last-Modified");
  std::optional<util::SystemTime> modified_time =
      modified ? util::ParseHttpDate(*modified) : std::nullopt;
  if (probed.last_modified && modified_time &&
      *modified_time != *probed.last_modified) {
    return Status::PreconditionFailed(
        fmt::format("{}: Last-Modified is now {}, not {}", where, *modified,
                    util::FormatHttpDate(*probed.last_modified)));
  }
  return Status();
}

}  // namespace

Result<std::unique_ptr<UrlObjectSource>> UrlObjectSource::Create(
    std::string_view url, const HttpOptions& options) {
  ASSIGN_OR_RETURN(SourceUrl parsed, ParseSourceUrl(url));
  RETURN_IF_ERROR(options.Validate());
  return std::unique_ptr<UrlObjectSource>(
      new UrlObjectSource(std::move(parsed), options));
}

UrlObjectSource::UrlObjectSource(SourceUrl url, const HttpOptions& options)
    : url_(std::move(url)), sender_(options, QuietLog(options.log)) {}

Result<http::HttpResponse> UrlObjectSource::ProbeOnce(
    const SourceUrl& url, std::string* first_byte,
    const std::function<bool()>& cancelled) const {
  // A server that ignores Range starts sending the whole object: keep its
  // headers and stop it at once (the download fetches it again, into the
  // temp file). A 206 must be the one byte asked for.
  std::optional<http::HttpResponse> whole;
  ProbeSink sink;
  http::Exchange exchange;
  exchange.prepare = [&]() -> Result<http::HttpRequest> {
    http::HttpRequest request;
    request.method = "GET";
    request.url = url.ToString();
    request.headers = {{"Range", "bytes=0-0"}};
    return request;
  };
  exchange.sink = &sink;
  exchange.accept_body = [&whole, &url](const http::HttpResponse& response) {
    if (response.status == 206) {
      std::optional<std::string> header = response.Header("Content-Range");
      std::optional<oss::ContentRange> range =
          header ? oss::ParseContentRange(*header) : std::nullopt;
      if (!range || range->first != 0 || range->last != 0) {
        return Status::MalformedResponse(fmt::format(
            "GET {}: answered Range: bytes=0-0 with {}", url.Display(),
            header ? "Content-Range \"" + *header + "\""
                   : std::string("206 but no Content-Range")));
      }
      return Status();
    }
    whole = response;
    return Status::Cancelled("the probe reads no whole object");
  };
  // Redirects and an unsatisfiable first byte are answers the probe reads;
  // other errors are retried as the policy says.
  exchange.judge = [&url](const http::HttpResponse& response) {
    const int status = response.status;
    if ((status >= 200 && status < 300) || IsRedirect(status) ||
        status == 416) {
      return Status();
    }
    return AnswerError(url, response);
  };
  exchange.scrub = [&url](Status status) { return HideUrl(status, url); };
  exchange.cancelled = cancelled;
  Result<http::HttpResponse> response = sender_.Send(exchange);
  if (whole) return *whole;
  if (!response.ok()) return response.status();
  *first_byte = sink.data();
  return response;
}

Result<SourceObject> UrlObjectSource::Interpret(
    const SourceUrl& url, const http::HttpResponse& response,
    const std::string& first_byte) const {
  const std::string where = "GET " + url.Display();
  SourceObject object;
  if (response.status == 416) {
    std::optional<std::string> header = response.Header("Content-Range");
    std::optional<uint64_t> total =
        header ? UnsatisfiedRangeTotal(*header) : std::nullopt;
    if (!total || *total != 0) return AnswerError(url, response);
    // Only the first byte was unsatisfiable: the object is empty.
    http::HttpResponse headers_only = response;
    std::erase_if(headers_only.headers, [](const auto& field) {
      return strcasecmp(field.first.c_str(), "Content-Range") == 0 ||
             strcasecmp(field.first.c_str(), "Content-Length") == 0 ||
             strcasecmp(field.first.c_str(), "Content-Type") == 0;
    });
    ASSIGN_OR_RETURN(object.metadata, ReadMetadata(headers_only));
    object.metadata.size = 0;
  } else if (response.status == 206) {
    ASSIGN_OR_RETURN(object.metadata, ReadMetadata(response));
    // OSS sends the whole object's CRC64 with a ranged answer. A server
    // that sent the CRC of the slice instead would make every download
    // fail its check; one byte tells them apart (a whole-object CRC equals
    // that of its first byte with a chance of 2^-56).
    const std::optional<Checksum>& claimed = object.metadata.checksum;
    if (claimed && object.metadata.size > 1 && first_byte.size() == 1 &&
        *claimed == ComputeChecksum(claimed->algorithm, first_byte)) {
      object.metadata.checksum.reset();
      object.notices.push_back(fmt::format(
          "{} sends the CRC64 of the range asked for, not of the object: it "
          "is not used",
          url.Display()));
    }
  } else if (response.status == 200) {
    if (!response.Header("Content-Length")) {
      return Status::MalformedResponse(fmt::format(
          "{}: the server ignores Range and sends no Content-Length, so the "
          "size is unknown; ossxfer cannot download it safely",
          where));
    }
    ASSIGN_OR_RETURN(object.metadata, ReadMetadata(response));
    if (object.metadata.size > 0) {
      object.ranges = false;
      object.notices.push_back(fmt::format(
          "{} ignores Range requests (it answered 200 to bytes=0-0): "
          "downloading it in one stream, without parallel parts or resume",
          url.Display()));
    }
  } else {
    return Status::MalformedResponse(fmt::format(
        "{}: answered HTTP {} to bytes=0-0", where, response.status));
  }
  object.resumable = !object.metadata.etag.empty() ||
                     object.metadata.last_modified.has_value();
  object.validator = DescribeValidator(object.metadata);
  object.location = url.ToString();
  return object;
}

Result<SourceObject> UrlObjectSource::Probe(
    const std::function<bool()>& cancelled) const {
  SourceUrl current = url_;
  std::vector<std::string> redirects;
  while (true) {
    std::string first_byte;
    Result<http::HttpResponse> answer =
        ProbeOnce(current, &first_byte, cancelled);
    if (!answer.ok()) return answer.status();
    if (IsRedirect(answer->status)) {
      if (redirects.size() == static_cast<size_t>(kMaxRedirects)) {
        return Status::MalformedResponse(
            fmt::format("GET {}: more than {} redirects; give the final URL",
                        url_.Display(), kMaxRedirects));
      }
      std::optional<std::string> location = answer->Header("Location");
      if (!location) {
        return Status::MalformedResponse(
            fmt::format("GET {}: answered HTTP {} without a Location",
                        current.Display(), answer->status));
      }
      Result<SourceUrl> next = ResolveRedirect(current, *location);
      if (!next.ok()) {
        return Status::MalformedResponse(
            fmt::format("GET {}: redirected to an unusable URL: {}",
                        current.Display(), next.status().message()));
      }
      if (current.scheme == "https" && next->scheme == "http") {
        return Status::MalformedResponse(fmt::format(
            "GET {}: refused a redirect from https to {} (it would drop TLS)",
            current.Display(), next->Display()));
      }
      redirects.push_back(fmt::format("{} redirected ({}) to {}",
                                      current.Display(), answer->status,
                                      next->Display()));
      current = std::move(*next);
      continue;
    }
    ASSIGN_OR_RETURN(SourceObject object,
                     Interpret(current, *answer, first_byte));
    object.notices.insert(object.notices.begin(), redirects.begin(),
                          redirects.end());
    return object;
  }
}

Status UrlObjectSource::Fetch(const SourceObject& seen, uint64_t first,
                              uint64_t last, BodySink& sink,
                              const std::function<bool()>& cancelled) const {
  SourceUrl url = url_;
  if (!seen.location.empty()) {
    ASSIGN_OR_RETURN(url, ParseSourceUrl(seen.location));
  }
  http::Exchange exchange;
  exchange.prepare = [&]() -> Result<http::HttpRequest> {
    http::HttpRequest request;
    request.method = "GET";
    request.url = url.ToString();
    if (seen.ranges) {
      request.headers.emplace_back("Range",
                                   fmt::format("bytes={}-{}", first, last));
    }
    // The server refuses (412) rather than send bytes of another version.
    const ObjectMetadata& probed = seen.metadata;
    if (IsStrongEtag(probed.etag)) {
      request.headers.emplace_back("If-Match", probed.etag);
    } else if (probed.last_modified) {
      request.headers.emplace_back("If-Unmodified-Since",
                                   util::FormatHttpDate(*probed.last_modified));
    }
    return request;
  };
  exchange.sink = &sink;
  exchange.accept_body = [&](const http::HttpResponse& response) {
    return CheckAnswer(url, seen, first, last, response);
  };
  exchange.cancelled = cancelled;
  exchange.judge = [&url](const http::HttpResponse& response) {
    if (response.status >= 200 && response.status < 300) return Status();
    return AnswerError(url, response);
  };
  exchange.scrub = [&url](Status status) { return HideUrl(status, url); };
  // The download engine retries the part from where it stopped.
  exchange.max_attempts = 1;
  ASSIGN_OR_RETURN(http::HttpResponse response, sender_.Send(exchange));
  // An answer without a body never went through accept_body.
  return CheckAnswer(url, seen, first, last, response);
}

SourceIdentity UrlObjectSource::Identity() const {
  return SourceIdentity{url_.Identity(), "", "", ""};
}

std::string UrlObjectSource::CheckpointKey() const { return url_.Identity(); }

std::string UrlObjectSource::Describe() const { return url_.Display(); }

}  // namespace ossxfer::transfer
