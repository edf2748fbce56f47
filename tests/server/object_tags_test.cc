// Object tags (oss-protocol-2.md §6): the x-oss-tagging header, the
// PutObjectTagging body and the GetObjectTagging answer.
#include "server/object_tags.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

namespace ossxfer::server {
namespace {

using ::testing::HasSubstr;
using namespace std::string_literals;

// What an error must carry: the ServiceError fields serve answers with.
struct ExpectedError {
  const char* code;
  const char* message_part;
  const char* ec = "";
};

void ExpectServiceError(const Status& status, const ExpectedError& expected,
                        const std::string& input) {
  SCOPED_TRACE("input: " + input);
  ASSERT_FALSE(status.ok());
  const ServiceError* error = status.service_error();
  ASSERT_NE(error, nullptr) << status;
  EXPECT_EQ(error->http_status, 400);
  EXPECT_EQ(error->code, expected.code);
  EXPECT_THAT(error->message, HasSubstr(expected.message_part));
  EXPECT_EQ(error->ec, expected.ec);
  // The message goes into an XML error body: printable ASCII only, whatever
  // bytes the input held.
  for (char c : error->message) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7F)
        << "byte " << static_cast<int>(static_cast<unsigned char>(c));
  }
}

std::string Repeat(std::string_view unit, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += unit;
  return out;
}

std::string TagsHeader(size_t count) {
  std::string header;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) header += '&';
    header += "k" + std::to_string(i) + "=v";
  }
  return header;
}

std::string TagsXml(const TagSet& tags) {
  std::string xml = "<Tagging><TagSet>";
  for (const auto& [key, value] : tags) {
    xml += "<Tag><Key>" + key + "</Key><Value>" + value + "</Value></Tag>";
  }
  return xml + "</TagSet></Tagging>";
}

TagSet NumberedTags(size_t count) {
  TagSet tags;
  for (size_t i = 0; i < count; ++i) {
    tags.push_back({"k" + std::to_string(i), "v"});
  }
  return tags;
}

// "中" and "é": non-ASCII letters, as real OSS accepts them.
const std::string kZhong = "\xE4\xB8\xAD";
const std::string kEAcute = "\xC3\xA9";
// U+1F600, four bytes of UTF-8.
const std::string kEmoji = "\xF0\x9F\x98\x80";

// ---------------------------------------------------------------- header

TEST(ParseTaggingHeaderTest, TheProtocolExample) {
  // oss-protocol-2.md §6.5, as the C++ SDK writes it.
  Result<TagSet> tags =
      ParseTaggingHeader("key1%3D=value%201%2B&key2-=value2.&key3%3A%2F");
  ASSERT_TRUE(tags.ok()) << tags.status();
  EXPECT_EQ(
      *tags,
      (TagSet{{"key1=", "value 1+"}, {"key2-", "value2."}, {"key3:/", ""}}));
}

TEST(ParseTaggingHeaderTest, AcceptedHeaders) {
  struct Case {
    const char* header;
    TagSet expected;
  };
  const Case cases[] = {
      {"", {}},
      {"a", {{"a", ""}}},
      {"a=", {{"a", ""}}},
      {"a=1", {{"a", "1"}}},
      {"a=1&b=2", {{"a", "1"}, {"b", "2"}}},
      // Order is kept, not sorted.
      {"b=2&a=1", {{"b", "2"}, {"a", "1"}}},
      // '+' is a literal '+', never a space.
      {"a+b=c+d", {{"a+b", "c+d"}}},
      {"%2B=%2b", {{"+", "+"}}},
      {"%20=%20", {{" ", " "}}},
      {"a b=c d", {{"a b", "c d"}}},
      {"a=1%3D2", {{"a", "1=2"}}},
      {"k=%E4%B8%AD%e6%96%87", {{"k", kZhong + "\xE6\x96\x87"}}},
      {"caf%C3%A9=ok", {{"caf" + kEAcute, "ok"}}},
      {"e=%F0%9F%98%80", {{"e", kEmoji}}},
      // Raw (unencoded) UTF-8 and punctuation, as GO2 passes them through.
      {"k:/=v.-_", {{"k:/", "v.-_"}}},
      {"caf\xC3\xA9=\xC3\xA9", {{"caf" + kEAcute, kEAcute}}},
      // Keys are case-sensitive.
      {"A=1&a=2", {{"A", "1"}, {"a", "2"}}},
      {"x=&y", {{"x", ""}, {"y", ""}}},
  };
  for (const Case& c : cases) {
    Result<TagSet> tags = ParseTaggingHeader(c.header);
    ASSERT_TRUE(tags.ok()) << c.header << ": " << tags.status();
    EXPECT_EQ(*tags, c.expected) << c.header;
  }
}

TEST(ParseTaggingHeaderTest, RefusedHeaders) {
  struct Case {
    std::string header;
    ExpectedError error;
  };
  const ExpectedError kFormat = {"InvalidArgument", "x-oss-tagging",
                                 "0010-00000219"};
  const ExpectedError kKey = {"InvalidTag",
                              "The TagKey you have provided is invalid"};
  const ExpectedError kValue = {"InvalidTag",
                                "The TagValue you have provided is invalid"};
  const Case cases[] = {
      // Not k / k=v items.
      {"a=1&&b=2",
       {"InvalidArgument", "item 2 of x-oss-tagging is empty",
        "0010-00000219"}},
      {"&a=1", kFormat},
      {"a=1&", kFormat},
      {"&", kFormat},
      {"aa=bb=cc", {"InvalidArgument", "more than one '='", "0010-00000219"}},
      {"a==", kFormat},
      {"a=1&b=2=3", kFormat},
      // Bad percent escapes.
      {"a=%G1",
       {"InvalidArgument", "'%' not followed by two hex digits",
        "0010-00000219"}},
      {"a=%2", kFormat},
      {"a=%", kFormat},
      {"%=1", kFormat},
      {"a%=1", kFormat},
      // Keys: empty, and characters outside the allowed set.
      {"=1", {"InvalidTag", "tag 1 has an empty key"}},
      {"a=1&=2", {"InvalidTag", "tag 2 has an empty key"}},
      {"a%26b=1", {"InvalidTag", "holds '&'"}},
      {"a*b=1", kKey},
      {"a~b=1", kKey},
      {"a,b=1", kKey},
      {"a;b=1", kKey},
      {"a!b=1", kKey},
      {"a@b=1", kKey},
      {"a#b=1", kKey},
      {"a?b=1", kKey},
      {"a%22b=1", kKey},
      {"a%27b=1", kKey},
      {"a%3Cb=1", kKey},
      {"a%25b=1", kKey},
      {"a\\b=1", kKey},
      {"a%09b=1", {"InvalidTag", "the control character 0x09"}},
      {"a%0Ab=1", kKey},
      {"a%00b=1", {"InvalidTag", "the control character 0x00"}},
      {"a%7Fb=1", kKey},
      // Bytes that are not a UTF-8 letter: invalid, overlong, surrogate,
      // beyond U+10FFFF, truncated, C1 control.
      {"%FF=1", {"InvalidTag", "byte 0xFF at offset 0"}},
      {"a%80=1", kKey},
      {"%C0%80=1", kKey},
      {"%C1%BF=1", kKey},
      {"%E0%80%80=1", kKey},
      {"%ED%A0%80=1", kKey},
      {"%F4%90%80%80=1", kKey},
      {"%E4%B8=1", kKey},
      {"%C2%85=1", kKey},
      {"%C2%9F=1", kKey},
      // Values: the same characters.
      {"a=b%26c", {"InvalidTag", "the value of \"a\" holds '&'"}},
      {"a=b*c", kValue},
      {"a=%FF", kValue},
      {"a=%0D", kValue},
      {"a=%ED%BF%BF", kValue},
      // Duplicates, by the exact key.
      {"a=1&a=2",
       {"InvalidArgument", "query parameters without tag name duplicates"}},
      {"a&a", {"InvalidArgument", "the key \"a\" is given more than once"}},
      {"a%20=1&a =2", {"InvalidArgument", "tag name duplicates"}},
      // Count and lengths.
      {TagsHeader(11),
       {"BadRequest", "Object tags cannot be greater than 10: 11 tags"}},
      {TagsHeader(100), {"BadRequest", "at most 10 tags"}},
      {Repeat("k", 129) + "=v",
       {"InvalidTag", "is 129 bytes long; a key has 1 to 128 bytes",
        "0010-00000209"}},
      {"k=" + Repeat("v", 257),
       {"InvalidTag", "is 257 bytes long; a value has at most 256 bytes"}},
      // 33 four-byte letters are 132 bytes: lengths count bytes.
      {Repeat("%F0%9F%98%80", 33) + "=v",
       {"InvalidTag", "132 bytes long", "0010-00000209"}},
  };
  for (const Case& c : cases) {
    Result<TagSet> tags = ParseTaggingHeader(c.header);
    ExpectServiceError(tags.status(), c.error, c.header);
  }
}

TEST(ParseTaggingHeaderTest, LimitsAreInclusive) {
  Result<TagSet> ten = ParseTaggingHeader(TagsHeader(10));
  ASSERT_TRUE(ten.ok()) << ten.status();
  EXPECT_EQ(ten->size(), 10u);

  const std::string key128 = Repeat("k", 128);
  const std::string value256 = Repeat("v", 256);
  Result<TagSet> longest = ParseTaggingHeader(key128 + "=" + value256);
  ASSERT_TRUE(longest.ok()) << longest.status();
  EXPECT_EQ(*longest, (TagSet{{key128, value256}}));

  // 32 four-byte letters: 128 bytes.
  Result<TagSet> utf8 = ParseTaggingHeader(Repeat("%F0%9F%98%80", 32));
  ASSERT_TRUE(utf8.ok()) << utf8.status();
  EXPECT_EQ(utf8->at(0).key, Repeat(kEmoji, 32));
}

TEST(ParseTaggingHeaderTest, EveryAllowedCharacter) {
  const std::string allowed =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +-=._:/";
  for (char c : allowed) {
    const std::string text = std::string("k") + c;
    TagSet expected = {{text, text}};
    Result<TagSet> tags = ParseTaggingHeader(TaggingHeaderValue(expected));
    ASSERT_TRUE(tags.ok()) << c << ": " << tags.status();
    EXPECT_EQ(*tags, expected);
  }
  // And every other ASCII byte is refused, in a key and in a value.
  for (int byte = 0; byte < 0x80; ++byte) {
    const char c = static_cast<char>(byte);
    if (allowed.find(c) != std::string::npos) continue;
    const std::string text = std::string("k") + c;
    EXPECT_FALSE(ParseTaggingHeader(TaggingHeaderValue({{text, "v"}})).ok())
        << byte;
    EXPECT_FALSE(ParseTaggingHeader(TaggingHeaderValue({{"k", text}})).ok())
        << byte;
  }
}

// ---------------------------------------------------------------- format

TEST(CanonicalTaggingHeaderTest, TheProtocolExample) {
  EXPECT_EQ(TaggingHeaderValue(
                {{"key1=", "value 1+"}, {"key2-", "value2."}, {"key3:/", ""}}),
            "key1%3D=value%201%2B&key2-=value2.&key3%3A%2F");
}

TEST(CanonicalTaggingHeaderTest, CanonicalForm) {
  EXPECT_EQ(TaggingHeaderValue({}), "");
  EXPECT_EQ(TaggingHeaderValue({{"a", ""}, {"b", "1"}}), "a&b=1");
  EXPECT_EQ(TaggingHeaderValue({{"a~b", "x y"}}), "a~b=x%20y");
  EXPECT_EQ(TaggingHeaderValue({{kZhong, kEAcute}}), "%E4%B8%AD=%C3%A9");
}

// The round trip on many sets: random keys and values of every allowed
// character (ASCII and UTF-8 letters of 2, 3 and 4 bytes) up to the length
// limits, 0 to 10 tags.
TEST(CanonicalTaggingHeaderTest, RoundTripsThroughParse) {
  const std::vector<std::string> alphabet = [] {
    std::vector<std::string> units;
    for (char c : std::string("aZ09 +-=._:/")) units.emplace_back(1, c);
    units.push_back(kEAcute);
    units.push_back(kZhong);
    units.push_back(kEmoji);
    units.push_back("\xC2\xA0");          // U+00A0, the first accepted
    units.push_back("\xF4\x8F\xBF\xBF");  // U+10FFFF, the last
    return units;
  }();
  std::mt19937 random(20250101);
  auto text = [&](size_t max_bytes, size_t min_bytes) {
    const size_t target =
        std::uniform_int_distribution<size_t>(min_bytes, max_bytes)(random);
    std::string out;
    while (out.size() < target) {
      const std::string& unit = alphabet[std::uniform_int_distribution<size_t>(
          0, alphabet.size() - 1)(random)];
      if (out.size() + unit.size() > max_bytes) break;
      out += unit;
    }
    return out.size() < min_bytes ? std::string(min_bytes, 'k') : out;
  };
  for (int trial = 0; trial < 3000; ++trial) {
    TagSet tags;
    std::set<std::string> keys;
    const size_t count = std::uniform_int_distribution<size_t>(0, 10)(random);
    while (tags.size() < count) {
      // Short keys now and then, so that near-duplicates are common.
      std::string key = trial % 3 == 0 ? text(2, 1) : text(128, 1);
      if (!keys.insert(key).second) continue;
      tags.push_back({std::move(key), text(256, 0)});
    }
    const std::string header = TaggingHeaderValue(tags);
    Result<TagSet> parsed = ParseTaggingHeader(header);
    ASSERT_TRUE(parsed.ok()) << header << ": " << parsed.status();
    ASSERT_EQ(*parsed, tags) << header;
    // The canonical form is a fixed point.
    ASSERT_EQ(TaggingHeaderValue(*parsed), header);
    // And serve's answer reads back as the same set.
    Result<TagSet> from_xml = ParseTaggingXml(TaggingXml(tags));
    ASSERT_TRUE(from_xml.ok()) << from_xml.status();
    ASSERT_EQ(*from_xml, tags);
  }
}

// ---------------------------------------------------------------- XML body

TEST(ParseTaggingXmlTest, AcceptedBodies) {
  struct Case {
    std::string body;
    TagSet expected;
  };
  const Case cases[] = {
      // GO2's body, exact (§6.1).
      {"<Tagging><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag></TagSet>"
       "</Tagging>",
       {{"k1", "v1"}}},
      // Pretty-printed, with a declaration, as the C++ SDK writes bodies.
      {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Tagging>\n  <TagSet>\n"
       "    <Tag>\n      <Key>a</Key>\n      <Value>1</Value>\n    </Tag>\n"
       "    <Tag>\n      <Key>b</Key>\n      <Value>2</Value>\n    </Tag>\n"
       "  </TagSet>\n</Tagging>\n",
       {{"a", "1"}, {"b", "2"}}},
      {"<Tagging><TagSet/></Tagging>", {}},
      {"<Tagging><TagSet></TagSet></Tagging>", {}},
      {"<Tagging>\n<TagSet>\n</TagSet>\n</Tagging>", {}},
      // No <Value>, <Value/>, an empty one.
      {"<Tagging><TagSet><Tag><Key>a</Key></Tag><Tag><Key>b</Key><Value/>"
       "</Tag><Tag><Value></Value><Key>c</Key></Tag></TagSet></Tagging>",
       {{"a", ""}, {"b", ""}, {"c", ""}}},
      // Spaces are characters of a key or value, not indentation.
      {"<Tagging><TagSet><Tag><Key> </Key><Value>  </Value></Tag></TagSet>"
       "</Tagging>",
       {{" ", "  "}}},
      {"<Tagging><TagSet><Tag><Key> a b </Key><Value> c </Value></Tag>"
       "</TagSet></Tagging>",
       {{" a b ", " c "}}},
      // References, CDATA, comments inside the text.
      {"<Tagging><TagSet><Tag><Key>&#x4E2D;&#233;</Key><Value>a&#x20;b"
       "</Value></Tag></TagSet></Tagging>",
       {{kZhong + kEAcute, "a b"}}},
      {"<Tagging><TagSet><Tag><Key><![CDATA[x y]]></Key><Value>a<!-- c -->b"
       "</Value></Tag></TagSet></Tagging>",
       {{"x y", "ab"}}},
      {"<Tagging><TagSet><Tag><Key> <![CDATA[x]]> </Key></Tag></TagSet>"
       "</Tagging>",
       {{" x ", ""}}},
      // Raw UTF-8 and all the punctuation.
      {"<Tagging><TagSet><Tag><Key>caf\xC3\xA9 +-=._:/</Key><Value>\xE4\xB8\xAD"
       "</Value></Tag></TagSet></Tagging>",
       {{"caf" + kEAcute + " +-=._:/", kZhong}}},
      // Attributes (a namespace) change nothing.
      {"<Tagging xmlns=\"http://doc.oss-cn-hangzhou.aliyuncs.com\"><TagSet>"
       "<Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>",
       {{"a", "1"}}},
      // Keys are case-sensitive.
      {TagsXml({{"A", "1"}, {"a", "2"}}), {{"A", "1"}, {"a", "2"}}},
  };
  for (const Case& c : cases) {
    Result<TagSet> tags = ParseTaggingXml(c.body);
    ASSERT_TRUE(tags.ok()) << c.body << ": " << tags.status();
    EXPECT_EQ(*tags, c.expected) << c.body;
  }
}

TEST(ParseTaggingXmlTest, MalformedBodies) {
  const std::string kTag = "<Tag><Key>a</Key><Value>1</Value></Tag>";
  struct Case {
    std::string body;
    const char* message_part;
  };
  const Case cases[] = {
      {"", "not well-formed XML (No document element found"},
      {"<!-- only a comment -->", "not well-formed"},
      {"not xml", "not well-formed"},
      {"<Tagging>", "not well-formed"},
      {"<Tagging><TagSet></Tagging>", "not well-formed"},
      {"<Tagging/>", "no <TagSet>"},
      {"<Tag><TagSet/></Tag>", "the root element <Tag>, not <Tagging>"},
      {"<tagging><TagSet/></tagging>", "not <Tagging>"},
      {"<Tagging><TagSet/></Tagging><Tagging><TagSet/></Tagging>",
       "more than one root element"},
      {"<Tagging><TagSet/><TagSet/></Tagging>", "two <TagSet> elements"},
      {"<Tagging><TagSet/><Extra/></Tagging>", "other than <TagSet>"},
      {"<Tagging>text<TagSet/></Tagging>", "other than <TagSet>"},
      {"<Tagging><TagSet><Item/></TagSet></Tagging>", "other than <Tag>"},
      {"<Tagging><TagSet>" + kTag + "junk</TagSet></Tagging>",
       "other than <Tag>"},
      {"<Tagging><TagSet><Tag><Value>1</Value></Tag></TagSet></Tagging>",
       "a <Tag> without <Key>"},
      {"<Tagging><TagSet><Tag/></TagSet></Tagging>", "without <Key>"},
      {"<Tagging><TagSet><Tag><Key>a</Key><Key>b</Key></Tag></TagSet>"
       "</Tagging>",
       "two <Key> elements"},
      {"<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value><Value>2</Value>"
       "</Tag></TagSet></Tagging>",
       "two <Value> elements"},
      {"<Tagging><TagSet><Tag><Key>a</Key><Owner/></Tag></TagSet></Tagging>",
       "<Owner> in a <Tag>"},
      {"<Tagging><TagSet><Tag>x<Key>a</Key></Tag></TagSet></Tagging>",
       "text in a <Tag>"},
      {"<Tagging><TagSet><Tag><Key>a<b/>c</Key></Tag></TagSet></Tagging>",
       "<Key> holds the element <b>"},
      // References that would cut or change a key if pugixml decoded them.
      {"<Tagging><TagSet><Tag><Key>a&#0;b</Key></Tag></TagSet></Tagging>",
       "\"&#0;\" is not"},
      {"<Tagging><TagSet><Tag><Key>a&#x100000000;b</Key></Tag></TagSet>"
       "</Tagging>",
       "is not a predefined entity"},
      {"<Tagging><TagSet><Tag><Key>&#xD800;</Key></Tag></TagSet></Tagging>",
       "is not"},
      {"<Tagging><TagSet><Tag><Key>&#x110000;</Key></Tag></TagSet></Tagging>",
       "is not"},
      {"<Tagging><TagSet><Tag><Key>&#x;</Key></Tag></TagSet></Tagging>",
       "is not"},
      {"<Tagging><TagSet><Tag><Key>&#X41;</Key></Tag></TagSet></Tagging>",
       "is not"},
      {"<Tagging><TagSet><Tag><Key>&foo;</Key></Tag></TagSet></Tagging>",
       "\"&foo;\" is not"},
      {"<Tagging><TagSet><Tag><Key>a & b</Key></Tag></TagSet></Tagging>",
       "a '&' that starts no"},
      {"<!DOCTYPE t [<!ENTITY e \"x\">]><Tagging><TagSet><Tag><Key>&e;</Key>"
       "</Tag></TagSet></Tagging>",
       "a DOCTYPE"},
      {"<Tagging><TagSet><Tag><Key>a\0b</Key></Tag></TagSet></Tagging>"s,
       "a NUL byte at byte 28"},
      {"<Tagging><TagSet>" + Repeat(kTag, 2000) + "</TagSet></Tagging>",
       "78036 bytes, more than the 65536 it may have"},
  };
  for (const Case& c : cases) {
    Result<TagSet> tags = ParseTaggingXml(c.body);
    ExpectServiceError(
        tags.status(),
        {"MalformedXML",
         "The XML you provided was not well-formed or did not validate"},
        c.body.substr(0, 200));
    if (!tags.ok()) {
      EXPECT_THAT(tags.status().service_error()->message,
                  HasSubstr(c.message_part))
          << c.body.substr(0, 200);
    }
  }
}

TEST(ParseTaggingXmlTest, InvalidTags) {
  struct Case {
    std::string body;
    ExpectedError error;
  };
  const ExpectedError kKey = {"InvalidTag",
                              "The TagKey you have provided is invalid"};
  const Case cases[] = {
      {TagsXml(NumberedTags(11)),
       {"InvalidTag", "Object tags cannot be greater than 10: 11 tags"}},
      {TagsXml({{"a", "1"}, {"b", "2"}, {"a", "3"}}),
       {"InvalidTag", "Cannot provide multiple Tags with the same key: \"a\""}},
      // §6.4: a key with '&' (as the XML escape) is refused.
      {TagsXml({{"a&amp;b", "1"}}), {"InvalidTag", "holds '&'"}},
      {TagsXml({{"a&lt;b", "1"}}), kKey},
      // GO2 escapes control characters as references: decoded, refused.
      {TagsXml({{"a&#x01;", "1"}}),
       {"InvalidTag", "the control character 0x01"}},
      {TagsXml({{"a&#x9;", "1"}}), kKey},
      {TagsXml({{"&#x85;", "1"}}), kKey},
      {TagsXml({{"", "1"}}), {"InvalidTag", "tag 1 has an empty key"}},
      {TagsXml({{"a\xFF", "1"}}), {"InvalidTag", "byte 0xFF at offset 1"}},
      {TagsXml({{"a\n", "1"}}), kKey},
      {TagsXml({{Repeat("k", 129), "1"}}),
       {"InvalidTag", "129 bytes long", "0010-00000209"}},
      {TagsXml({{"k", Repeat("v", 257)}}),
       {"InvalidTag", "The TagValue you have provided is invalid"}},
      {TagsXml({{"k", "a&amp;b"}}),
       {"InvalidTag", "The TagValue you have provided is invalid"}},
  };
  for (const Case& c : cases) {
    Result<TagSet> tags = ParseTaggingXml(c.body);
    ExpectServiceError(tags.status(), c.error, c.body.substr(0, 200));
  }
}

TEST(ParseTaggingXmlTest, LimitsAreInclusive) {
  Result<TagSet> ten = ParseTaggingXml(TagsXml(NumberedTags(10)));
  ASSERT_TRUE(ten.ok()) << ten.status();
  EXPECT_EQ(*ten, NumberedTags(10));

  const TagSet longest = {{Repeat("k", 128), Repeat("v", 256)}};
  Result<TagSet> tags = ParseTaggingXml(TagsXml(longest));
  ASSERT_TRUE(tags.ok()) << tags.status();
  EXPECT_EQ(*tags, longest);

  // 128 bytes written as 32 references to a four-byte letter.
  Result<TagSet> references =
      ParseTaggingXml(TagsXml({{Repeat("&#x1F600;", 32), ""}}));
  ASSERT_TRUE(references.ok()) << references.status();
  EXPECT_EQ(references->at(0).key, Repeat(kEmoji, 32));
  EXPECT_FALSE(ParseTaggingXml(TagsXml({{Repeat("&#x1F600;", 33), ""}})).ok());
}

// ---------------------------------------------------------------- answer

TEST(TaggingXmlTest, TheAnswer) {
  EXPECT_EQ(TaggingXml({}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<Tagging><TagSet></TagSet></Tagging>");
  EXPECT_EQ(TaggingXml({{"a", "1"}, {"b", ""}}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag>"
            "<Tag><Key>b</Key><Value></Value></Tag></TagSet></Tagging>");
}

TEST(TaggingXmlTest, EscapesWhatXmlNeeds) {
  // No valid tag holds these, but the writer must not depend on that.
  const std::string xml = TaggingXml({{"a<b&c>d", "\"q\" 'a'"}});
  EXPECT_THAT(xml, HasSubstr("<Key>a&lt;b&amp;c&gt;d</Key>"));
  EXPECT_THAT(xml, HasSubstr("\"q\" 'a'"));
}

TEST(TaggingXmlTest, ReadsBackEveryAllowedCharacter) {
  const TagSet tags = {{"key1=", "value 1+"},
                       {"key2-", "value2."},
                       {"key3:/", ""},
                       {"_ .", kZhong + kEAcute + kEmoji},
                       {" ", " "}};
  Result<TagSet> parsed = ParseTaggingXml(TaggingXml(tags));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, tags);
}

}  // namespace
}  // namespace ossxfer::server
