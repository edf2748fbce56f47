#include "server/upload_callback.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>

#include "http/http_connection.h"
#include "ossxfer/body.h"
#include "ossxfer/object_metadata.h"
#include "server/store_errors.h"
#include "util/encoding.h"
#include "util/status_macros.h"
#include "util/text.h"

namespace ossxfer::server {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr char kJsonBodyType[] = "application/json";

Status BadCallback(std::string message, std::string ec = "") {
  return Status::FromServiceError(ServiceError{
      400, "InvalidArgument", std::move(message), "", "", std::move(ec)});
}

Status CallbackFailed(const std::string& reason) {
  return OssError(203, "CallbackFailed", reason);
}

// Both headers are base64 of a JSON object. nlohmann is used without
// exceptions: a parse error gives a discarded value.
Result<json> DecodeJsonHeader(const std::string& header, const char* name) {
  std::optional<std::string> text = util::Base64Decode(header);
  if (!text) {
    return BadCallback(fmt::format("{} is not valid base64", name),
                       "0007-00000002");
  }
  json parsed = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return BadCallback(fmt::format("{} is not a JSON object", name));
  }
  return parsed;
}

// The string member `key`, or nullopt when absent or not a string.
std::optional<std::string> StringMember(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// "port" is empty or 1..5 digits.
bool IsPort(std::string_view port) {
  return port.size() <= 5 && std::ranges::all_of(port, [](unsigned char c) {
           return std::isdigit(c) != 0;
         });
}

// True for http://HOST[:port][/path] with HOST a loopback name. A URL
// without a scheme is taken as http://, as OSS does.
bool IsLoopbackHttpUrl(const std::string& url) {
  std::string_view rest = url;
  if (size_t scheme_end = rest.find("://"); scheme_end != rest.npos) {
    if (util::AsciiLower(rest.substr(0, scheme_end)) != "http") return false;
    rest.remove_prefix(scheme_end + 3);
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != authority.npos) return false;  // no userinfo
  std::string_view host = authority;
  std::string_view port;
  size_t colon =
      authority.starts_with('[') ? authority.find("]:") : authority.find(':');
  if (colon != authority.npos) {
    if (authority.starts_with('[')) ++colon;  // keep the ']' in the host
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  std::string lower_host = util::AsciiLower(host);
  return IsPort(port) && (lower_host == "127.0.0.1" ||
                          lower_host == "localhost" || lower_host == "[::1]");
}

Result<std::map<std::string, std::string>> ParseCallbackVars(
    const std::optional<std::string>& var_header) {
  std::map<std::string, std::string> vars;
  if (!var_header) return vars;
  ASSIGN_OR_RETURN(json parsed,
                   DecodeJsonHeader(*var_header, "x-oss-callback-var"));
  for (const auto& [name, value] : parsed.items()) {
    if (!name.starts_with("x:") || !value.is_string()) {
      return BadCallback(
          "x-oss-callback-var keys must start with x: and have string values");
    }
    vars[name] = value.get<std::string>();
  }
  return vars;
}

// The value of one ${name} placeholder, or nullopt to leave it as written.
std::optional<std::string> PlaceholderValue(const std::string& name,
                                            const UploadCallback& callback,
                                            const StoredObject& object) {
  if (name == "bucket") return object.bucket;
  if (name == "object") return object.key;
  if (name == "etag") return UnquotedEtag(object.etag);
  if (name == "size") return std::to_string(object.size);
  if (name == "mimeType") return object.attributes.content_type;
  if (name == "crc64") return std::to_string(object.crc64);
  if (name.starts_with("x:")) {
    auto it = callback.vars.find(name);
    return it == callback.vars.end() ? std::string() : it->second;
  }
  return std::nullopt;
}

std::string UrlForMessage(const UploadCallback& callback) {
  return callback.url.find("://") == std::string::npos
             ? "http://" + callback.url
             : callback.url;
}

}  // namespace

Result<std::optional<UploadCallback>> ParseUploadCallback(
    const std::optional<std::string>& callback_header,
    const std::optional<std::string>& var_header) {
  if (!callback_header) return std::optional<UploadCallback>();
  ASSIGN_OR_RETURN(json parsed,
                   DecodeJsonHeader(*callback_header, "x-oss-callback"));
  UploadCallback callback;
  std::optional<std::string> url = StringMember(parsed, "callbackUrl");
  std::optional<std::string> body = StringMember(parsed, "callbackBody");
  if (!url || url->empty()) {
    return BadCallback("x-oss-callback needs a string callbackUrl");
  }
  if (!body || body->empty()) {
    return BadCallback("x-oss-callback needs a string callbackBody");
  }
  if (!IsLoopbackHttpUrl(*url)) {
    return BadCallback("ossxfer serve only calls back to loopback addresses");
  }
  callback.url = *url;
  callback.body = *body;
  callback.host = StringMember(parsed, "callbackHost").value_or("");
  callback.body_type =
      StringMember(parsed, "callbackBodyType").value_or(kFormBodyType);
  if (callback.body_type != kFormBodyType &&
      callback.body_type != kJsonBodyType) {
    return BadCallback(fmt::format("callbackBodyType must be {} or {}",
                                   kFormBodyType, kJsonBodyType));
  }
  ASSIGN_OR_RETURN(callback.vars, ParseCallbackVars(var_header));
  return std::optional<UploadCallback>(std::move(callback));
}

std::string SubstituteCallbackBody(const UploadCallback& callback,
                                   const StoredObject& object) {
  const std::string& text = callback.body;
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    size_t open = text.find("${", at);
    size_t close = open == text.npos ? text.npos : text.find('}', open + 2);
    if (close == text.npos) break;
    out.append(text, at, open - at);
    std::string name = text.substr(open + 2, close - open - 2);
    std::optional<std::string> value = PlaceholderValue(name, callback, object);
    if (value) {
      out += *value;
    } else {
      out.append(text, open, close + 1 - open);
    }
    at = close + 1;
  }
  out.append(text, std::min(at, text.size()));
  return out;
}

Result<CallbackReply> PerformUploadCallback(const UploadCallback& callback,
                                            const StoredObject& object,
                                            std::chrono::milliseconds timeout) {
  const std::string url = UrlForMessage(callback);
  std::string body = SubstituteCallbackBody(callback, object);
  StringSource source(body);
  http::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", callback.body_type}};
  if (!callback.host.empty())
    request.headers.emplace_back("Host", callback.host);
  request.body = &source;
  // HttpConnection has no overall deadline (only connect and low-speed
  // limits), so the cancel hook enforces OSS's 5 s for the whole exchange.
  const Clock::time_point deadline = Clock::now() + timeout;
  request.cancelled = [deadline] { return Clock::now() >= deadline; };

  http::HttpSettings settings;
  settings.connect_timeout = timeout;
  settings.user_agent = "ossxfer-serve-callback";
  http::HttpConnection connection(std::move(settings));
  Result<http::HttpResponse> response = connection.Send(request, nullptr);
  if (!response.ok()) {
    if (response.status().code() == StatusCode::kCancelled) {
      return CallbackFailed(fmt::format("callback to {} timed out after {} ms",
                                        url, timeout.count()));
    }
    return CallbackFailed(fmt::format("callback to {} failed: {}", url,
                                      response.status().message()));
  }
  if (response->status != 200) {
    return CallbackFailed(
        fmt::format("callback to {} failed: the receiver answered HTTP {}", url,
                    response->status));
  }
  return CallbackReply{response->Header("Content-Type").value_or(kJsonBodyType),
                       std::move(response->body)};
}

void AnswerWithCallback(HttpExchange& exchange, const UploadCallback& callback,
                        const StoredObject& object,
                        const ResponseHeaders& headers) {
  Result<CallbackReply> reply = PerformUploadCallback(callback, object);
  if (!reply.ok()) return exchange.SendError(reply.status());
  exchange.SendBytes(200, reply->body, reply->content_type, headers);
}

}  // namespace ossxfer::server
