#include "oss/xml_text.h"

namespace ossxfer::oss {

std::string ElementText(pugi::xml_node element) {
  std::string text;
  for (pugi::xml_node child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      text += child.value();
    }
  }
  return text;
}

}  // namespace ossxfer::oss
