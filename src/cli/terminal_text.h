// Text from outside (keys, server messages) made safe to print for a
// person: a key may hold any byte, and control bytes written raw to a
// terminal move the cursor, rewrite earlier lines or retitle the window.
#ifndef OSSXFER_CLI_TERMINAL_TEXT_H_
#define OSSXFER_CLI_TERMINAL_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ossxfer::cli {

// `text` with every C0 control byte (newline and tab included), DEL and
// C1 control character (U+0080..U+009F, in UTF-8) written as \xNN, so each
// line printed is one line and means what it shows. --json keeps the exact
// bytes (JSON escapes them).
std::string TerminalSafe(std::string_view text);

// One JSON line for --json. Keys and messages that are not valid UTF-8
// (a key is any bytes to a server) get U+FFFD instead of stopping the
// command: nlohmann::json refuses to dump them by default.
std::string JsonLine(const nlohmann::json& value);

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_TERMINAL_TEXT_H_
