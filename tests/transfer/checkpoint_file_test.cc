#include "transfer/checkpoint_file.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace ossxfer::transfer {
namespace {

using nlohmann::json;

constexpr char kFormat[] = "ossxfer-download";

json SampleBody() {
  return json{{"key", "dir/object.bin"},
              {"size", std::numeric_limits<uint64_t>::max()},
              {"negative", -42},
              {"text", "quote \" backslash \\ tab \t unicode \u00e9"},
              {"list", json::array({1, 2, 3})},
              {"nothing", nullptr}};
}

// The reason `text` is rejected; fails the test when it is accepted.
std::string OpenRejection(std::string_view text) {
  Result<json> body = OpenCheckpoint(text, kFormat, 1);
  EXPECT_FALSE(body.ok()) << text;
  if (body.ok()) return "";
  EXPECT_EQ(body.status().code(), StatusCode::kDataCorruption);
  return body.status().message();
}

TEST(CheckpointFileTest, SealedBodyOpensUnchanged) {
  const std::string text = SealCheckpoint(kFormat, 1, SampleBody());
  Result<json> body = OpenCheckpoint(text, kFormat, 1);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, SampleBody());
  EXPECT_EQ((*body)["size"].get<uint64_t>(),
            std::numeric_limits<uint64_t>::max());
}

TEST(CheckpointFileTest, EnvelopeStartsWithTheFormatName) {
  const std::string text = SealCheckpoint(kFormat, 1, json::object());
  EXPECT_EQ(text.rfind(R"({"format":"ossxfer-download","version":1,)", 0), 0u)
      << text;
  json envelope = json::parse(text);
  EXPECT_EQ(envelope["checksum"].get<std::string>().size(), 64u);
  EXPECT_TRUE(OpenCheckpoint(text, kFormat, 1).ok());
}

TEST(CheckpointFileTest, RejectsTextThatIsNotJson) {
  EXPECT_EQ(OpenRejection("this is not a checkpoint"), "not JSON");
  EXPECT_EQ(OpenRejection("{\"format\": "), "not JSON");
}

TEST(CheckpointFileTest, RejectsEmptyText) {
  EXPECT_EQ(OpenRejection(""), "not JSON");
}

TEST(CheckpointFileTest, RejectsEveryTruncation) {
  const std::string text = SealCheckpoint(kFormat, 1, SampleBody());
  for (size_t length = 0; length < text.size(); ++length) {
    Result<json> body = OpenCheckpoint(text.substr(0, length), kFormat, 1);
    EXPECT_EQ(body.status().code(), StatusCode::kDataCorruption)
        << "accepted a prefix of " << length << " bytes";
  }
}

TEST(CheckpointFileTest, RejectsAnotherFormat) {
  const std::string text = SealCheckpoint("ossxfer-upload", 1, SampleBody());
  EXPECT_EQ(OpenRejection(text),
            "not an ossxfer-download checkpoint (format \"ossxfer-upload\")");
}

TEST(CheckpointFileTest, RejectsAnotherVersion) {
  const std::string text = SealCheckpoint(kFormat, 2, SampleBody());
  EXPECT_EQ(OpenRejection(text),
            "version 2 is not supported (this ossxfer reads version 1)");
}

TEST(CheckpointFileTest, RejectsAnEditedBody) {
  std::string text = SealCheckpoint(kFormat, 1, SampleBody());
  const size_t at = text.find("-42");
  ASSERT_NE(at, std::string::npos);
  text[at + 2] = '3';
  EXPECT_EQ(OpenRejection(text),
            "checksum mismatch (the file was changed or cut short)");
}

TEST(CheckpointFileTest, RejectsAnEditedChecksum) {
  std::string text = SealCheckpoint(kFormat, 1, SampleBody());
  const size_t at = text.find("\"checksum\":\"") + 12;
  text[at] = text[at] == '0' ? '1' : '0';
  EXPECT_EQ(OpenRejection(text),
            "checksum mismatch (the file was changed or cut short)");
}

TEST(CheckpointFileTest, RejectsMissingOrMistypedEnvelopeFields) {
  const std::string text = SealCheckpoint(kFormat, 1, SampleBody());
  const json envelope = json::parse(text);
  struct Case {
    const char* field;
    json value;  // null: remove the field
    const char* reason;
  };
  const Case cases[] = {
      {"format", nullptr,
       "not an ossxfer-download checkpoint (no format name)"},
      {"format", 7, "not an ossxfer-download checkpoint (no format name)"},
      {"version", nullptr,
       "not an ossxfer-download checkpoint (no version number)"},
      {"version", "1",
       "not an ossxfer-download checkpoint (no version number)"},
      {"version", 1.5,
       "not an ossxfer-download checkpoint (no version number)"},
      {"checksum", nullptr, "no checksum"},
      {"checksum", 12, "no checksum"},
      {"body", nullptr, "no body"},
      {"body", json::array(), "no body"},
  };
  for (const Case& c : cases) {
    json edited = envelope;
    if (c.value.is_null()) {
      edited.erase(c.field);
    } else {
      edited[c.field] = c.value;
    }
    EXPECT_EQ(OpenRejection(edited.dump()), c.reason) << c.field;
  }
}

TEST(CheckpointFileTest, RejectsJsonThatIsNotAnObject) {
  EXPECT_EQ(OpenRejection("[1, 2]"),
            "not an ossxfer-download checkpoint (not a JSON object)");
  EXPECT_EQ(OpenRejection("\"ossxfer-download\""),
            "not an ossxfer-download checkpoint (not a JSON object)");
}

TEST(CheckpointFileTest, RejectsDeepNestingWithoutCrashing) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  EXPECT_NE(OpenRejection(deep).find("nested"), std::string::npos);
  const std::string deep_body = R"({"format":"ossxfer-download","version":1,)"
                                R"("checksum":"00","body":{"a":)" +
                                std::string(100000, '[') +
                                std::string(100000, ']') + "}}";
  EXPECT_NE(OpenRejection(deep_body).find("nested"), std::string::npos);
}

TEST(CheckpointFileTest, InvalidUtf8IsSealedWithoutThrowing) {
  const json body = {{"destination", std::string("/tmp/\xff\xfe.bin")}};
  const std::string text = SealCheckpoint(kFormat, 1, body);
  Result<json> opened = OpenCheckpoint(text, kFormat, 1);
  ASSERT_TRUE(opened.ok()) << opened.status();
  // Replaced, so it no longer matches the live value: never reused wrongly.
  EXPECT_NE(*opened, body);
}

TEST(CheckpointFileTest, EveryByteChangeIsRejectedOrHarmless) {
  const std::string text = SealCheckpoint(kFormat, 1, SampleBody());
  for (size_t i = 0; i < text.size(); ++i) {
    for (char replacement : {'\0', '"', '{', '9', '-', '\xff'}) {
      if (text[i] == replacement) continue;
      std::string edited = text;
      edited[i] = replacement;
      Result<json> body = OpenCheckpoint(edited, kFormat, 1);
      // Whitespace-like edits outside the body may still open; the body
      // itself must then be intact.
      if (body.ok()) {
        EXPECT_EQ(*body, SampleBody()) << "byte " << i;
      } else {
        EXPECT_EQ(body.status().code(), StatusCode::kDataCorruption);
      }
    }
  }
}

}  // namespace
}  // namespace ossxfer::transfer
