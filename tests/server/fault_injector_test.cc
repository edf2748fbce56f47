#include "server/fault_injector.h"

#include <gtest/gtest.h>

#include <string>

namespace ossxfer::server {
namespace {

std::string LoadError(std::string_view json) {
  FaultInjector injector;
  Status loaded = injector.Load(json);
  EXPECT_FALSE(loaded.ok()) << json;
  return loaded.message();
}

TEST(FaultInjectorTest, LoadsEveryNumericField) {
  FaultInjector injector;
  ASSERT_TRUE(injector
                  .Load(R"([{"action": "error", "every": 2, "count": 3,
                             "status": 500, "probability": 1},
                            {"action": "throttle", "after_bytes": 0,
                             "bytes_per_second": 18446744073709551615}])")
                  .ok());
  EXPECT_FALSE(injector.Plan("GET", "k", FaultInjector::Phase::kRequest).error);
  EXPECT_TRUE(injector.Plan("GET", "k", FaultInjector::Phase::kRequest).error);
}

// Found by fuzz/fault_rules_fuzzer.cc: nlohmann's getters cast a float to
// int with a static_cast, undefined behaviour out of range (UBSan: "1e+300
// is outside the range of representable values of type 'int'").
TEST(FaultInjectorTest, RejectsNumbersOutOfTheFieldsRange) {
  EXPECT_EQ(LoadError(R"([{"action":"reset","every":1e300}])"),
            "fault rule 0: \"every\" must be a whole number");
  EXPECT_EQ(LoadError(R"([{"action":"error","status":1e20}])"),
            "fault rule 0: \"status\" must be a whole number");
  EXPECT_EQ(LoadError(R"([{"action":"error","status":4294967796}])"),
            "fault rule 0: \"status\" is out of range");
  EXPECT_EQ(LoadError(R"([{"action":"reset","every":-2147483649}])"),
            "fault rule 0: \"every\" is out of range");
  EXPECT_EQ(LoadError(R"([{"action":"reset","count":9223372036854775808}])"),
            "fault rule 0: \"count\" is out of range");
}

// A negative size used to wrap into a huge unsigned one.
TEST(FaultInjectorTest, RejectsNegativeAndFractionalSizes) {
  EXPECT_EQ(LoadError(R"([{"action":"reset","after_bytes":-1}])"),
            "fault rule 0: \"after_bytes\" is out of range");
  EXPECT_EQ(LoadError(R"([{"action":"throttle","bytes_per_second":1.5}])"),
            "fault rule 0: \"bytes_per_second\" must be a whole number");
}

}  // namespace
}  // namespace ossxfer::server
