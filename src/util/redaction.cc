#include "util/redaction.h"

#include <strings.h>

#include <array>

namespace ossxfer::util {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

constexpr std::array<std::string_view, 4> kSecretQueryParameters = {
    "Signature", "x-oss-signature", "security-token", "x-oss-security-token"};

bool IsSecretQueryParameter(std::string_view name) {
  for (std::string_view secret : kSecretQueryParameters) {
    if (EqualsIgnoreCase(name, secret)) return true;
  }
  return false;
}

}  // namespace

std::string RedactSecret(std::string_view secret) {
  if (secret.size() <= 8) return "****";
  return std::string(secret.substr(0, 4)) + "****";
}

std::string RedactHeaderValue(std::string_view name, std::string_view value) {
  if (EqualsIgnoreCase(name, "x-oss-security-token") ||
      EqualsIgnoreCase(name, "proxy-authorization")) {
    return RedactSecret(value);
  }
  if (EqualsIgnoreCase(name, "authorization")) {
    // "OSS ak:sig" -> "OSS ak:****"; "OSS4-HMAC-SHA256 Credential=..,
    // Signature=hex" -> "... Signature=****". The key id is not a secret
    // and helps debugging.
    // The scheme decides: a V1 signature is base64 and may itself contain
    // the text "Signature=".
    if (value.starts_with("OSS4-HMAC-SHA256 ")) {
      size_t signature = value.rfind("Signature=");
      if (signature != std::string_view::npos) {
        return std::string(value.substr(0, signature)) + "Signature=****";
      }
    } else if (value.starts_with("OSS ")) {
      size_t colon = value.find(':');
      if (colon != std::string_view::npos) {
        return std::string(value.substr(0, colon)) + ":****";
      }
    }
    return "****";
  }
  return std::string(value);
}

std::string RedactUrl(std::string_view url) {
  size_t question = url.find('?');
  if (question == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, question + 1));
  std::string_view query = url.substr(question + 1);
  bool first = true;
  while (true) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t equals = pair.find('=');
    std::string_view name = pair.substr(0, equals);
    if (!first) out += '&';
    first = false;
    if (equals != std::string_view::npos && IsSecretQueryParameter(name)) {
      out += std::string(name) + "=****";
    } else {
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace ossxfer::util
