#include "server/fault_injector.h"

#include <fnmatch.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "util/status_macros.h"

namespace ossxfer::server {
namespace {

using nlohmann::json;

constexpr std::string_view kActionNames[] = {
    "reset", "error", "stall", "throttle", "replace", "flip", "drop_part"};

std::optional<FaultAction> ParseAction(std::string_view name) {
  for (size_t i = 0; i < std::size(kActionNames); ++i) {
    if (name == kActionNames[i]) return static_cast<FaultAction>(i);
  }
  return std::nullopt;
}

Status BadRule(size_t index, std::string_view what) {
  return Status::InvalidArgument("fault rule " + std::to_string(index) + ": " +
                                 std::string(what));
}

// A whole-number field, or `fallback` when it is absent. nlohmann's typed
// getters convert any number with a static_cast, which is undefined
// behaviour for a float out of range ("every": 1e300, found by
// fuzz/fault_rules_fuzzer.cc) and wraps a negative number into a huge
// unsigned one; so the kind and the range are checked first.
template <typename T>
Result<T> WholeNumber(const json& item, const char* name, T fallback,
                      size_t index) {
  auto found = item.find(name);
  if (found == item.end()) return fallback;
  if (!found->is_number_integer()) {
    return BadRule(index,
                   "\"" + std::string(name) + "\" must be a whole number");
  }
  auto out_of_range = [&] {
    return BadRule(index, "\"" + std::string(name) + "\" is out of range");
  };
  // The parser stores a non-negative integer as unsigned, a negative one as
  // signed.
  if (found->is_number_unsigned()) {
    const uint64_t value = found->get<uint64_t>();
    if (!std::in_range<T>(value)) return out_of_range();
    return static_cast<T>(value);
  }
  const int64_t value = found->get<int64_t>();
  if (!std::in_range<T>(value)) return out_of_range();
  return static_cast<T>(value);
}

// Reads one rule; nlohmann's typed getters throw on a wrong type, which is
// caught by the caller and reported as a bad rule.
Result<FaultRule> ParseRule(const json& item, size_t index) {
  if (!item.is_object()) return BadRule(index, "must be a JSON object");
  FaultRule rule;
  std::optional<FaultAction> action =
      ParseAction(item.value("action", std::string()));
  if (!action) {
    return BadRule(index,
                   "\"action\" must be one of reset, error, stall, throttle, "
                   "replace, flip, drop_part");
  }
  rule.action = *action;
  rule.method = item.value("method", std::string());
  rule.key_pattern = item.value("key", std::string());
  ASSIGN_OR_RETURN(rule.every, WholeNumber(item, "every", 1, index));
  rule.probability = item.value("probability", 1.0);
  ASSIGN_OR_RETURN(rule.count, WholeNumber(item, "count", int64_t{-1}, index));
  ASSIGN_OR_RETURN(rule.after_bytes,
                   WholeNumber(item, "after_bytes", uint64_t{0}, index));
  ASSIGN_OR_RETURN(rule.status, WholeNumber(item, "status", 503, index));
  rule.code = item.value(
      "code", std::string(rule.status == 503 ? "SlowDown" : "InternalError"));
  ASSIGN_OR_RETURN(rule.bytes_per_second,
                   WholeNumber(item, "bytes_per_second", uint64_t{0}, index));
  for (const auto& [name, value] : item.items()) {
    static const std::vector<std::string> kKnown = {
        "action", "method",      "key",    "every", "probability",
        "count",  "after_bytes", "status", "code",  "bytes_per_second"};
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      return BadRule(index, "unknown field \"" + name + "\"");
    }
    (void)value;
  }
  if (rule.every < 1) return BadRule(index, "\"every\" must be at least 1");
  // Absent means no limit; a negative number given is a mistake, not that.
  if (item.contains("count") && rule.count < 0) {
    return BadRule(index,
                   "\"count\" must be 0 or more (leave it out for "
                   "no limit)");
  }
  if (rule.probability < 0 || rule.probability > 1) {
    return BadRule(index, "\"probability\" must be from 0 to 1");
  }
  if (rule.action == FaultAction::kError &&
      (rule.status < 400 || rule.status > 599)) {
    return BadRule(index, "\"status\" must be an HTTP error status (400-599)");
  }
  if (rule.action == FaultAction::kThrottle && rule.bytes_per_second == 0) {
    return BadRule(index, "throttle needs \"bytes_per_second\" > 0");
  }
  return rule;
}

}  // namespace

std::string_view FaultActionName(FaultAction action) {
  return kActionNames[static_cast<size_t>(action)];
}

Status FaultInjector::Load(std::string_view text) {
  std::vector<FaultRule> rules;
  try {
    json document = json::parse(text);
    const json& list =
        document.is_array() ? document : document.value("rules", json::array());
    if (!list.is_array())
      return Status::InvalidArgument("\"rules\" must be an array");
    for (size_t i = 0; i < list.size(); ++i) {
      Result<FaultRule> rule = ParseRule(list[i], i);
      if (!rule.ok()) return rule.status();
      rules.push_back(*rule);
    }
  } catch (const json::exception& error) {
    return Status::InvalidArgument(
        std::string("fault rules are not valid JSON: ") + error.what());
  }
  std::lock_guard lock(mutex_);
  rules_ = std::move(rules);
  return Status();
}

void FaultInjector::Clear() {
  std::lock_guard lock(mutex_);
  rules_.clear();
}

FaultPlan FaultInjector::Plan(std::string_view method, std::string_view key,
                              Phase phase) {
  std::lock_guard lock(mutex_);
  FaultPlan plan;
  std::string key_text(key);
  for (FaultRule& rule : rules_) {
    if (!rule.method.empty() && rule.method != method) continue;
    // Body actions need a body to act on, and drop_part an uploaded part:
    // a HEAD must not use up a rule's count without anything happening.
    bool body_action = rule.action != FaultAction::kError &&
                       rule.action != FaultAction::kDropPart;
    // A reset on a PUT cuts the request body as it arrives (a connection
    // lost mid-upload); it is decided with the request.
    bool upload_reset = rule.action == FaultAction::kReset && method == "PUT";
    if (upload_reset) {
      if (phase != Phase::kRequest) continue;
    } else {
      if (body_action != (phase == Phase::kBody)) continue;
      if (body_action && method != "GET") continue;
    }
    if (rule.action == FaultAction::kDropPart && method != "PUT") continue;
    if (!rule.key_pattern.empty() &&
        fnmatch(rule.key_pattern.c_str(), key_text.c_str(), 0) != 0) {
      continue;
    }
    ++rule.matched;
    if (rule.count >= 0 && rule.fired >= rule.count) continue;
    if (rule.matched % rule.every != 0) continue;
    if (rule.probability < 1.0 && std::uniform_real_distribution<double>(
                                      0, 1)(random_) >= rule.probability) {
      continue;
    }
    ++rule.fired;
    switch (rule.action) {
      case FaultAction::kError:
        plan.error = std::make_pair(rule.status, rule.code);
        break;
      case FaultAction::kReset:
        plan.reset_after = rule.after_bytes;
        break;
      case FaultAction::kStall:
        plan.stall_after = rule.after_bytes;
        break;
      case FaultAction::kThrottle:
        plan.bytes_per_second = rule.bytes_per_second;
        break;
      case FaultAction::kReplace:
        plan.replace_after = rule.after_bytes;
        break;
      case FaultAction::kFlip:
        plan.flip_at = rule.after_bytes;
        break;
      case FaultAction::kDropPart:
        plan.drop_part = true;
        break;
    }
  }
  return plan;
}

void FaultInjector::CountRequest(std::string_view method) {
  std::lock_guard lock(mutex_);
  ++requests_;
  auto counted = requests_by_method_.find(method);
  if (counted == requests_by_method_.end()) {
    counted = requests_by_method_.emplace(std::string(method), 0).first;
  }
  ++counted->second;
}

void FaultInjector::CountConnectionOpened() {
  std::lock_guard lock(mutex_);
  ++connections_accepted_;
  ++connections_open_;
  connections_peak_open_ = std::max(connections_peak_open_, connections_open_);
}

void FaultInjector::CountConnectionClosed() {
  std::lock_guard lock(mutex_);
  --connections_open_;
}

void FaultInjector::CountBytesServed(uint64_t bytes) {
  std::lock_guard lock(mutex_);
  bytes_served_ += bytes;
}

void FaultInjector::CountFired(FaultAction action) {
  std::lock_guard lock(mutex_);
  ++fired_by_action_[static_cast<size_t>(action)];
}

std::string FaultInjector::StatsJson() const {
  std::lock_guard lock(mutex_);
  json stats;
  stats["requests"] = requests_;
  stats["requests_by_method"] = json::object();
  for (const auto& [method, count] : requests_by_method_) {
    stats["requests_by_method"][method] = count;
  }
  stats["connections"] = {{"accepted", connections_accepted_},
                          {"open", connections_open_},
                          {"peak_open", connections_peak_open_}};
  stats["bytes_served"] = bytes_served_;
  json fired = json::object();
  for (size_t i = 0; i < std::size(kActionNames); ++i) {
    fired[std::string(kActionNames[i])] = fired_by_action_[i];
  }
  stats["faults_fired"] = fired;
  json rules = json::array();
  for (const FaultRule& rule : rules_) {
    rules.push_back({{"action", std::string(FaultActionName(rule.action))},
                     {"key", rule.key_pattern},
                     {"method", rule.method},
                     {"matched", rule.matched},
                     {"fired", rule.fired}});
  }
  stats["rules"] = rules;
  return stats.dump();
}

}  // namespace ossxfer::server
