// The library's version, as set in CMakeLists.txt.
#ifndef OSSXFER_VERSION_H_
#define OSSXFER_VERSION_H_

#include <string_view>

namespace ossxfer {

// "0.1.0"
std::string_view Version();

}  // namespace ossxfer

#endif  // OSSXFER_VERSION_H_
