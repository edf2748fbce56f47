// Reading request bodies: references decoded by serve, never cut at NUL.
#include "server/request_xml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace ossxfer::server {
namespace {

using ::testing::HasSubstr;
using namespace std::string_literals;

// The text of <r>'s first child element, from the body `<r><e>TEXT</e></r>`.
Result<std::string> TextOf(const std::string& element_xml) {
  pugi::xml_document document;
  Result<pugi::xml_node> root =
      LoadRequestXml("<r>" + element_xml + "</r>", document);
  if (!root.ok()) return root.status();
  return ElementText(root->first_child());
}

TEST(RequestXmlTest, DecodesEntitiesAndReferences) {
  struct Case {
    std::string element;
    std::string text;
  };
  const Case cases[] = {
      {"<e>plain</e>", "plain"},
      {"<e/>", ""},
      {"<e> </e>", " "},
      {"<e>&lt;&gt;&amp;&apos;&quot;</e>", "<>&'\""},
      {"<e>&#65;&#x42;&#x0063;</e>", "ABc"},
      {"<e>&#xE9;&#x4E2D;&#x1F600;&#x10FFFF;</e>",
       "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF"},
      // GO2 writes control characters as references (oss-protocol-2.md
      // §0.3), not legal XML but what the emulator must read.
      {"<e>a&#x01;&#01;&#x1F;b</e>",
       "a\x01\x01\x1F"
       "b"},
      {"<e>a&#x9;&#xA;&#xD;b</e>", "a\t\n\rb"},
      // CDATA is not decoded; comments are dropped.
      {"<e><![CDATA[&amp;<x>]]></e>", "&amp;<x>"},
      {"<e>a<!-- c -->b<?pi x?>c</e>", "abc"},
      {"<e> a <![CDATA[b]]> c </e>", " a b c "},
      {"<e>x\r\ny</e>", "x\ny"},
  };
  for (const Case& c : cases) {
    Result<std::string> text = TextOf(c.element);
    ASSERT_TRUE(text.ok()) << c.element << ": " << text.status();
    EXPECT_EQ(*text, c.text) << c.element;
  }
}

TEST(RequestXmlTest, RefusesReferencesToNoCharacter) {
  for (const char* element : {
           "<e>a&#0;b</e>",
           "<e>a&#x0;b</e>",
           "<e>a&#x00000000;b</e>",
           // pugixml's own decoder wraps these to 0.
           "<e>a&#x100000000;b</e>",
           "<e>a&#4294967296;b</e>",
           "<e>&#xD800;</e>",
           "<e>&#xDFFF;</e>",
           "<e>&#x110000;</e>",
           "<e>&#;</e>",
           "<e>&#x;</e>",
           "<e>&#X41;</e>",
           "<e>&#x4G;</e>",
           "<e>&#-1;</e>",
           "<e>&nbsp;</e>",
           "<e>&AMP;</e>",
           "<e>a & b</e>",
           "<e>a &amp b</e>",
           "<e>&</e>",
       }) {
    Result<std::string> text = TextOf(element);
    EXPECT_FALSE(text.ok()) << element << " read as " << text.value_or("");
    if (!text.ok()) {
      EXPECT_THAT(text.status().message(), HasSubstr("<e>")) << element;
    }
  }
}

TEST(RequestXmlTest, RefusesChildElements) {
  Result<std::string> text = TextOf("<e>a<b/>c</e>");
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.status().message(),
              HasSubstr("<e> holds the element <b> where text belongs"));
}

TEST(RequestXmlTest, RefusesDocumentsNoClientSends) {
  struct Case {
    std::string body;
    const char* message_part;
  };
  const Case cases[] = {
      {"", "not well-formed XML"},
      {"<a>", "not well-formed XML"},
      {"<a></b>", "not well-formed XML (Start-end tags mismatch at byte"},
      {"<a/><b/>", "more than one root element"},
      {"<!DOCTYPE a><a/>", "a DOCTYPE"},
      {"<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>",
       "a DOCTYPE"},
      {"<a>x\0y</a>"s, "a NUL byte at byte 4"},
      {"\0"s, "a NUL byte at byte 0"},
  };
  for (const Case& c : cases) {
    pugi::xml_document document;
    Result<pugi::xml_node> root = LoadRequestXml(c.body, document);
    ASSERT_FALSE(root.ok()) << c.body;
    EXPECT_EQ(root.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(root.status().message(), HasSubstr(c.message_part)) << c.body;
  }
}

TEST(RequestXmlTest, AcceptsDeclarationAndIndentation) {
  pugi::xml_document document;
  Result<pugi::xml_node> root = LoadRequestXml(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- hi -->\n<a>\n  <b>x"
      "</b>\n</a>\n",
      document);
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_STREQ(root->name(), "a");
  int elements = 0;
  for (pugi::xml_node child : root->children()) {
    if (IsWhitespaceText(child)) continue;
    ++elements;
    EXPECT_STREQ(child.name(), "b");
  }
  EXPECT_EQ(elements, 1);
}

TEST(RequestXmlTest, WhitespaceText) {
  pugi::xml_document document;
  Result<pugi::xml_node> root =
      LoadRequestXml("<a> \t\r\n<b/>x<c/></a>", document);
  ASSERT_TRUE(root.ok()) << root.status();
  pugi::xml_node first = root->first_child();
  EXPECT_TRUE(IsWhitespaceText(first));
  EXPECT_FALSE(IsWhitespaceText(first.next_sibling()));                 // <b/>
  EXPECT_FALSE(IsWhitespaceText(first.next_sibling().next_sibling()));  // x
}

}  // namespace
}  // namespace ossxfer::server
