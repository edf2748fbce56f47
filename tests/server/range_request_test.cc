#include "server/range_request.h"

#include <gtest/gtest.h>

namespace ossxfer::server {
namespace {

using Kind = RangeOutcome::Kind;

struct Case {
  const char* header;
  Kind normal_kind;
  Kind standard_kind;
  uint64_t first, last;  // of the partial outcome (either mode)
};

// oss-protocol.md §5.2, object of 1000 bytes.
TEST(RangeRequestTest, TheProtocolTable) {
  const Case cases[] = {
      {"bytes=0-499", Kind::kPartial, Kind::kPartial, 0, 499},
      {"bytes=500-", Kind::kPartial, Kind::kPartial, 500, 999},
      {"bytes=-500", Kind::kPartial, Kind::kPartial, 500, 999},
      {"bytes=500-2000", Kind::kWhole, Kind::kPartial, 500, 999},
      {"bytes=1000-2000", Kind::kWhole, Kind::kUnsatisfiable, 0, 0},
      {"bytes=1000-", Kind::kWhole, Kind::kUnsatisfiable, 0, 0},
      {"bytes=-2000", Kind::kWhole, Kind::kPartial, 0, 999},
      {"byte=0-499", Kind::kWhole, Kind::kWhole, 0, 0},
      {"bytes=0-499,500-999", Kind::kPartial, Kind::kPartial, 0, 499},
      {"bytes=9-3", Kind::kWhole, Kind::kWhole, 0, 0},
      {"bytes=abc", Kind::kWhole, Kind::kWhole, 0, 0},
      {"bytes=-0", Kind::kWhole, Kind::kUnsatisfiable, 0, 0},
      {"bytes=999-999", Kind::kPartial, Kind::kPartial, 999, 999},
  };
  for (const Case& c : cases) {
    for (bool standard : {false, true}) {
      RangeOutcome outcome = ResolveRange(c.header, 1000, standard);
      Kind expected = standard ? c.standard_kind : c.normal_kind;
      EXPECT_EQ(outcome.kind, expected)
          << c.header << (standard ? " standard" : "");
      if (expected == Kind::kPartial) {
        EXPECT_EQ(outcome.first, c.first) << c.header;
        EXPECT_EQ(outcome.last, c.last) << c.header;
      }
    }
  }
}

TEST(RangeRequestTest, EmptyObjectAndNoHeader) {
  EXPECT_EQ(ResolveRange(std::nullopt, 1000, true).kind, Kind::kWhole);
  EXPECT_EQ(ResolveRange("bytes=0-", 0, false).kind, Kind::kWhole);
  EXPECT_EQ(ResolveRange("bytes=0-", 0, true).kind, Kind::kUnsatisfiable);
}

}  // namespace
}  // namespace ossxfer::server
