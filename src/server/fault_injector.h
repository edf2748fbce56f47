// Fault injection for reliability tests: rules loaded at start (--faults
// FILE) or replaced at run time through the admin endpoint, each limited to
// a method, a key pattern and a number of firings, and counters that tests
// assert on.
//
// Rule JSON (every field but "action" optional):
//   {"action": "reset",    "after_bytes": 1048576}   cut the body there
//   {"action": "error",    "status": 503, "code": "SlowDown"}
//   {"action": "stall",    "after_bytes": 0}         stop sending, keep open
//   {"action": "throttle", "bytes_per_second": 1048576}
//   {"action": "replace",  "after_bytes": 4096}      overwrite the object
//   {"action": "flip",     "after_bytes": 100}       corrupt one body byte
//   {"action": "drop_part"}                          forget a stored part
// Body actions apply to GET responses that send a body; reset also cuts a
// PUT's request body after after_bytes (the connection drops mid-upload);
// drop_part applies to PUTs (parts), error to any request; with the selectors
//   "method": "GET", "key": "glob*", "every": k (every k-th match),
//   "probability": p (0..1), "count": n (fire at most n times).
// A file holds {"rules": [ ... ]}.
#ifndef OSSXFER_SERVER_FAULT_INJECTOR_H_
#define OSSXFER_SERVER_FAULT_INJECTOR_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ossxfer/result.h"

namespace ossxfer::server {

enum class FaultAction {
  kReset,
  kError,
  kStall,
  kThrottle,
  kReplace,
  kFlip,
  kDropPart
};

struct FaultRule {
  FaultAction action = FaultAction::kError;
  std::string method;       // empty: any
  std::string key_pattern;  // fnmatch glob; empty: any
  int every = 1;
  double probability = 1.0;
  int64_t count = -1;  // -1: unlimited
  uint64_t after_bytes = 0;
  int status = 503;
  std::string code = "SlowDown";
  uint64_t bytes_per_second = 0;
  // Run-time state.
  int64_t matched = 0;
  int64_t fired = 0;
};

// What the rules decided for one request. Several may apply at once (an
// error wins over everything else).
struct FaultPlan {
  std::optional<std::pair<int, std::string>> error;  // status, code
  std::optional<uint64_t> reset_after;
  std::optional<uint64_t> stall_after;
  std::optional<uint64_t> flip_at;
  std::optional<uint64_t> replace_after;
  uint64_t bytes_per_second = 0;
  bool drop_part = false;

  bool TouchesBody() const {
    return reset_after || stall_after || flip_at || replace_after ||
           bytes_per_second > 0;
  }
};

class FaultInjector {
 public:
  // Replaces all rules; kInvalidArgument naming the bad field otherwise.
  Status Load(std::string_view json);
  void Clear();

  // Rules are decided where they take effect, so a rule's count is only
  // used up when it really fires: kRequest (errors, drop_part) when a
  // request arrives, kBody (reset, stall, throttle, replace, flip) when a
  // GET is about to send a body (not for a 304, 412 or 416 answer).
  enum class Phase { kRequest, kBody };
  // Decides the faults for a request; kRequest also counts the request.
  FaultPlan Plan(std::string_view method, std::string_view key, Phase phase);

  void CountBytesServed(uint64_t bytes);
  void CountFired(FaultAction action);

  // One request of any operation (a listing too), before it is handled.
  void CountRequest(std::string_view method);
  // A client's connection accepted, and closed (by either side): a test
  // sees how many connections a client held open at once.
  void CountConnectionOpened();
  void CountConnectionClosed();
  // {"requests": n, "requests_by_method": {"GET": n, "HEAD": n, ...},
  //  "connections": {"accepted": n, "open": n, "peak_open": n},
  //  "bytes_served": n, "faults_fired": {"reset": n, ...},
  //  "rules": [{"action": .., "matched": n, "fired": n}, ...]}
  std::string StatsJson() const;

 private:
  mutable std::mutex mutex_;
  std::vector<FaultRule> rules_;
  std::mt19937_64 random_{0x5eed};
  int64_t requests_ = 0;
  // What a client sent, by method: a bench or a test counts its HEADs.
  std::map<std::string, int64_t, std::less<>> requests_by_method_;
  uint64_t bytes_served_ = 0;
  int64_t connections_accepted_ = 0;
  int64_t connections_open_ = 0;
  int64_t connections_peak_open_ = 0;
  int64_t fired_by_action_[7] = {};
};

std::string_view FaultActionName(FaultAction action);

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_FAULT_INJECTOR_H_
