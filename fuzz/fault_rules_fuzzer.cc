// The fault-rule JSON `ossxfer serve` loads from --faults FILE and from
// its admin endpoint (server/fault_injector.h), then the plans those rules
// make for a few requests, and the statistics document.
//
// Input: the JSON document ({"rules": [...]} or a bare array).
#include "fuzz_input.h"
#include "server/fault_injector.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ossxfer::server::FaultInjector;
  FaultInjector injector;
  if (!injector.Load(ossxfer::fuzz::AsText(data, size)).ok()) return 0;
  for (const char* method : {"GET", "PUT", "HEAD"}) {
    for (const char* key : {"a", "dir/big.bin", ""}) {
      for (FaultInjector::Phase phase :
           {FaultInjector::Phase::kRequest, FaultInjector::Phase::kBody}) {
        (void)injector.Plan(method, key, phase);
      }
    }
  }
  (void)injector.StatsJson();
  return 0;
}
