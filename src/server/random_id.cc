#include "server/random_id.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <thread>

namespace ossxfer::server {
namespace {

// Seeds from the OS entropy source. std::random_device may throw when the
// source is unavailable; then the clock, the thread and an address still
// make the generators of different threads and runs differ.
std::mt19937_64 MakeGenerator() {
  std::array<uint32_t, 8> words{};
  try {
    std::random_device device;
    for (uint32_t& word : words) word = device();
  } catch (...) {
    const auto now = static_cast<uint64_t>(
        std::chrono::high_resolution_clock::now().time_since_epoch().count());
    const auto thread = static_cast<uint64_t>(
        std::hash<std::thread::id>()(std::this_thread::get_id()));
    const auto address = reinterpret_cast<uintptr_t>(&words);
    words = {static_cast<uint32_t>(now),
             static_cast<uint32_t>(now >> 32),
             static_cast<uint32_t>(thread),
             static_cast<uint32_t>(thread >> 32),
             static_cast<uint32_t>(address),
             static_cast<uint32_t>(static_cast<uint64_t>(address) >> 32),
             0,
             0};
  }
  std::seed_seq seed(words.begin(), words.end());
  return std::mt19937_64(seed);
}

}  // namespace

std::string RandomHexId() {
  thread_local std::mt19937_64 generator = MakeGenerator();
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string id;
  id.reserve(32);
  for (int half = 0; half < 2; ++half) {
    uint64_t bits = generator();
    for (int i = 0; i < 16; ++i, bits >>= 4) id.push_back(kDigits[bits & 0xF]);
  }
  return id;
}

}  // namespace ossxfer::server
