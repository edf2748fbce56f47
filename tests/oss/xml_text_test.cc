#include "oss/xml_text.h"

#include <gtest/gtest.h>

#include <string>

namespace ossxfer::oss {
namespace {

pugi::xml_node Root(pugi::xml_document& document, const std::string& xml) {
  EXPECT_TRUE(document.load_string(xml.c_str()));
  return document.document_element();
}

TEST(XmlTextTest, JoinsTextSplitByCommentsAndCdata) {
  pugi::xml_document document;
  pugi::xml_node root =
      Root(document, "<Key>a<!-- note -->b<![CDATA[<c>]]>d</Key>");
  EXPECT_EQ(ElementText(root), "ab<c>d");
}

TEST(XmlTextTest, IgnoresChildElements) {
  pugi::xml_document document;
  pugi::xml_node root =
      Root(document, "<Error>x<Code>NoSuchKey</Code>y</Error>");
  EXPECT_EQ(ElementText(root), "xy");
  EXPECT_EQ(ElementText(root.child("Code")), "NoSuchKey");
}

TEST(XmlTextTest, EmptyAndAbsentElementsReadEmpty) {
  pugi::xml_document document;
  pugi::xml_node root = Root(document, "<Error><Code/></Error>");
  EXPECT_EQ(ElementText(root.child("Code")), "");
  EXPECT_EQ(ElementText(root.child("Missing")), "");
}

}  // namespace
}  // namespace ossxfer::oss
