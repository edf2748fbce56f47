// Test data and files: deterministic bytes that differ per seed (so a part
// put in the wrong place never matches), and whole-file read and write.
#ifndef OSSXFER_TESTS_SUPPORT_TEST_FILES_H_
#define OSSXFER_TESTS_SUPPORT_TEST_FILES_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace ossxfer::testing {

inline std::string TestBytes(size_t size, uint64_t seed) {
  std::string data(size, '\0');
  uint64_t state = seed * 0x9E3779B97F4A7C15ULL + 7;
  for (size_t i = 0; i < size; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    data[i] = static_cast<char>(state >> 56);
  }
  return data;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(file)), {});
}

// Creates the parent directories; replaces an existing file.
inline void WriteFile(const std::filesystem::path& path,
                      const std::string& data) {
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path());
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

// `text` with the digit after every `marker` changed (a 9 to 8, any other
// up by one), still valid JSON: each checkpoint envelope in it then fails
// its checksum, every slot of a slotted file (transfer/checkpoint_slots.h)
// included. Returns `text` unchanged when `marker` is not followed by a
// digit anywhere.
inline std::string WithDigitsChangedAfter(std::string text,
                                          const std::string& marker) {
  for (size_t at = text.find(marker); at != std::string::npos;
       at = text.find(marker, at + 1)) {
    const size_t digit = at + marker.size();
    if (digit >= text.size() || text[digit] < '0' || text[digit] > '9') {
      continue;
    }
    text[digit] = text[digit] == '9' ? '8' : static_cast<char>(text[digit] + 1);
  }
  return text;
}

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_TEST_FILES_H_
