#include "cli/byte_size.h"

#include <gtest/gtest.h>

#include <string>

namespace ossxfer::cli {
namespace {

using std::chrono::seconds;

uint64_t SizeOf(std::string_view text) {
  Result<uint64_t> size = ParseByteSize(text);
  EXPECT_TRUE(size.ok()) << text << ": " << size.status();
  return size.value_or(~uint64_t{0});
}

std::string SizeError(std::string_view text) {
  Result<uint64_t> size = ParseByteSize(text);
  EXPECT_FALSE(size.ok()) << "accepted \"" << text << "\" as " << *size;
  if (size.ok()) return "";
  EXPECT_EQ(size.status().code(), StatusCode::kInvalidArgument);
  return size.status().message();
}

TEST(ParseByteSizeTest, PlainNumbersAreBytes) {
  EXPECT_EQ(SizeOf("0"), 0u);
  EXPECT_EQ(SizeOf("1048576"), 1048576u);
  EXPECT_EQ(SizeOf("512B"), 512u);
  EXPECT_EQ(SizeOf("18446744073709551615"), 18446744073709551615u);
  EXPECT_EQ(SizeOf("  42  "), 42u);
}

TEST(ParseByteSizeTest, BinaryUnits) {
  EXPECT_EQ(SizeOf("1KiB"), 1024u);
  EXPECT_EQ(SizeOf("8MiB"), 8u << 20);
  EXPECT_EQ(SizeOf("8 MiB"), 8u << 20);
  EXPECT_EQ(SizeOf("2GiB"), 2ull << 30);
  EXPECT_EQ(SizeOf("3TiB"), 3ull << 40);
  EXPECT_EQ(SizeOf("8mib"), 8u << 20);
  EXPECT_EQ(SizeOf("8MIB"), 8u << 20);
}

TEST(ParseByteSizeTest, ShorthandsAre1024Based) {
  EXPECT_EQ(SizeOf("4K"), 4096u);
  EXPECT_EQ(SizeOf("4k"), 4096u);
  EXPECT_EQ(SizeOf("5M"), 5u << 20);
  EXPECT_EQ(SizeOf("1G"), 1ull << 30);
  EXPECT_EQ(SizeOf("1T"), 1ull << 40);
}

TEST(ParseByteSizeTest, DecimalUnits) {
  EXPECT_EQ(SizeOf("100KB"), 100000u);
  EXPECT_EQ(SizeOf("100kb"), 100000u);
  EXPECT_EQ(SizeOf("3MB"), 3000000u);
  EXPECT_EQ(SizeOf("2GB"), 2000000000u);
  EXPECT_EQ(SizeOf("1TB"), 1000000000000u);
}

TEST(ParseByteSizeTest, FractionsAreExactAndRoundedDown) {
  EXPECT_EQ(SizeOf("1.5GiB"), 3ull << 29);
  EXPECT_EQ(SizeOf("0.5KiB"), 512u);
  // Exact decimal arithmetic: a double would give 99999999.
  EXPECT_EQ(SizeOf("0.1GB"), 100000000u);
  EXPECT_EQ(SizeOf("1.999B"), 1u);
  EXPECT_EQ(SizeOf("1.0001KiB"), 1024u);  // 1024.1024 bytes
  EXPECT_EQ(SizeOf("0.000000000000000001TiB"), 0u);
}

TEST(ParseByteSizeTest, ErrorsNameInputAndForm) {
  std::string message = SizeError("8XB");
  EXPECT_NE(message.find("invalid size \"8XB\""), std::string::npos) << message;
  EXPECT_NE(message.find("unknown unit \"XB\""), std::string::npos) << message;
  EXPECT_NE(message.find("expected a number with an optional unit B, KiB, "
                         "MiB, GiB, TiB, KB, MB, GB or TB (e.g. 8MiB)"),
            std::string::npos)
      << message;

  EXPECT_NE(SizeError("").find("empty"), std::string::npos);
  EXPECT_NE(SizeError("   ").find("empty"), std::string::npos);
  EXPECT_NE(SizeError("-1").find("cannot be negative"), std::string::npos);
  EXPECT_NE(SizeError("-8MiB").find("cannot be negative"), std::string::npos);
  EXPECT_NE(SizeError("MiB").find("does not start with a number"),
            std::string::npos);
  EXPECT_NE(SizeError("+8").find("does not start with a number"),
            std::string::npos);
  EXPECT_NE(SizeError("eight").find("does not start with a number"),
            std::string::npos);
  EXPECT_NE(SizeError("8.MiB").find("decimal point"), std::string::npos);
  EXPECT_NE(SizeError("1.0000000000000000001").find("18 digits"),
            std::string::npos);
  EXPECT_NE(SizeError("8 M iB").find("unknown unit \"M iB\""),
            std::string::npos);
  EXPECT_NE(SizeError("8MiBs").find("unknown unit"), std::string::npos);
  EXPECT_NE(SizeError("1e6").find("unknown unit \"e6\""), std::string::npos);
  EXPECT_NE(SizeError("8PiB").find("unknown unit"), std::string::npos);
}

TEST(ParseByteSizeTest, Overflow) {
  EXPECT_NE(SizeError("18446744073709551616").find("largest size"),
            std::string::npos);
  EXPECT_NE(SizeError("99999999999999999999999").find("largest size"),
            std::string::npos);
  EXPECT_NE(SizeError("16777216TiB").find("largest size"), std::string::npos);
  EXPECT_EQ(SizeOf("16777215TiB"), 16777215ull << 40);
  EXPECT_NE(SizeError("18446744073709551615.5KiB").find("largest size"),
            std::string::npos);
}

TEST(FormatBytesTest, ThreeSignificantDigitsRoundedDown) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(1023), "1023 B");
  EXPECT_EQ(FormatBytes(1024), "1.00 KiB");
  EXPECT_EQ(FormatBytes(1536), "1.50 KiB");
  EXPECT_EQ(FormatBytes(8u << 20), "8.00 MiB");
  EXPECT_EQ(FormatBytes(3ull << 29), "1.50 GiB");
  EXPECT_EQ(FormatBytes(12900000), "12.3 MiB");
  EXPECT_EQ(FormatBytes(123ull << 20), "123 MiB");
  EXPECT_EQ(FormatBytes((1ull << 20) - 1), "1023 KiB");   // not "1024 KiB"
  EXPECT_EQ(FormatBytes((10ull << 20) - 1), "9.99 MiB");  // not "10.00 MiB"
  EXPECT_EQ(FormatBytes(1ull << 40), "1.00 TiB");
  EXPECT_EQ(FormatBytes(1ull << 50), "1.00 PiB");
  EXPECT_EQ(FormatBytes(~uint64_t{0}), "15.9 EiB");
}

Result<seconds> Duration(std::string_view text) { return ParseDuration(text); }

std::string DurationError(std::string_view text) {
  Result<seconds> duration = ParseDuration(text);
  EXPECT_FALSE(duration.ok())
      << "accepted \"" << text << "\" as " << duration->count() << "s";
  if (duration.ok()) return "";
  EXPECT_EQ(duration.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(duration.status().message().find("invalid duration \"" +
                                             std::string(text) + "\""),
            std::string::npos)
      << duration.status();
  EXPECT_NE(duration.status().message().find("(e.g. 3600, 90s, 30m, 1h30m, "
                                             "7d)"),
            std::string::npos)
      << duration.status();
  return duration.status().message();
}

TEST(ParseDurationTest, Accepted) {
  EXPECT_EQ(*Duration("3600"), seconds(3600));
  EXPECT_EQ(*Duration("90s"), seconds(90));
  EXPECT_EQ(*Duration("30m"), seconds(1800));
  EXPECT_EQ(*Duration("1h"), seconds(3600));
  EXPECT_EQ(*Duration("7d"), seconds(7 * 86400));
  EXPECT_EQ(*Duration("1h30m"), seconds(5400));
  EXPECT_EQ(*Duration("1d2h3m4s"), seconds(86400 + 7200 + 180 + 4));
  EXPECT_EQ(*Duration("1H30M"), seconds(5400));
  EXPECT_EQ(*Duration("0h5m"), seconds(300));
}

TEST(ParseDurationTest, Rejected) {
  EXPECT_NE(DurationError("").find("empty"), std::string::npos);
  EXPECT_NE(DurationError("0").find("more than zero"), std::string::npos);
  EXPECT_NE(DurationError("0s").find("more than zero"), std::string::npos);
  EXPECT_NE(DurationError("-5m").find("cannot be negative"), std::string::npos);
  EXPECT_NE(DurationError("soon").find("expected a number"), std::string::npos);
  EXPECT_NE(DurationError("1h30").find("the number 30 has no unit"),
            std::string::npos);
  EXPECT_NE(DurationError("5w").find("unknown unit \"w\""), std::string::npos);
  EXPECT_NE(DurationError("1.5h").find("fractions"), std::string::npos);
  EXPECT_NE(DurationError("30m1h").find("in the order d, h, m, s"),
            std::string::npos);
  EXPECT_NE(DurationError("1h1h").find("each at most once"), std::string::npos);
  EXPECT_NE(DurationError("1h 30m").find("expected a number"),
            std::string::npos);
  EXPECT_NE(DurationError("99999999999999999999").find("too long"),
            std::string::npos);
  EXPECT_NE(DurationError("999999999999999999d").find("too long"),
            std::string::npos);
}

TEST(FormatDurationTest, TwoUnitsAtMost) {
  EXPECT_EQ(FormatDuration(seconds(0)), "0s");
  EXPECT_EQ(FormatDuration(seconds(59)), "59s");
  EXPECT_EQ(FormatDuration(seconds(60)), "1m00s");
  EXPECT_EQ(FormatDuration(seconds(245)), "4m05s");
  EXPECT_EQ(FormatDuration(seconds(3599)), "59m59s");
  EXPECT_EQ(FormatDuration(seconds(3720)), "1h02m");
  EXPECT_EQ(FormatDuration(seconds(86399)), "23h59m");
  EXPECT_EQ(FormatDuration(seconds(3 * 86400 + 4 * 3600 + 59)), "3d04h");
  EXPECT_EQ(FormatDuration(seconds(-5)), "0s");
}

}  // namespace
}  // namespace ossxfer::cli
