// How the fuzz targets read their input: as text, so that seed corpora are
// the tests' own inputs and a crash file can be read, pasted into a test and
// edited by hand. A target that needs several values takes them one per
// line; one that needs an HTTP message takes it as it is on the wire.
#ifndef OSSXFER_FUZZ_FUZZ_INPUT_H_
#define OSSXFER_FUZZ_FUZZ_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ossxfer::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// The first `count - 1` lines, then everything after them as the last
// value (which may hold newlines: an XML body, a JSON document). Missing
// lines are empty.
inline std::vector<std::string_view> SplitLines(std::string_view text,
                                                size_t count) {
  std::vector<std::string_view> values;
  while (values.size() + 1 < count) {
    size_t newline = text.find('\n');
    values.push_back(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view()
                                             : text.substr(newline + 1);
  }
  values.push_back(text);
  return values;
}

// An HTTP response as a test writes it: the status code on the first line,
// then "Name: value" lines up to an empty line, then the body. Header lines
// without a ':' are kept with an empty value, so no input is thrown away.
struct ResponseText {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;
};

inline ResponseText ParseResponseText(std::string_view text) {
  ResponseText response;
  size_t newline = text.find('\n');
  std::string_view status_line = text.substr(0, newline);
  text = newline == std::string_view::npos ? std::string_view()
                                           : text.substr(newline + 1);
  for (char c : status_line.substr(0, 3)) {
    if (c < '0' || c > '9') break;
    response.status = response.status * 10 + (c - '0');
  }
  while (!text.empty()) {
    newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view()
                                             : text.substr(newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    std::string_view value =
        colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    response.headers.emplace_back(name, value);
  }
  response.body = text;
  return response;
}

// A broken invariant: not a crash of the parser but a wrong answer, which
// must fail the run just the same.
[[noreturn]] inline void Fail(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

}  // namespace ossxfer::fuzz

#endif  // OSSXFER_FUZZ_FUZZ_INPUT_H_
