// Random identifiers for upload ids and stored file names.
#ifndef OSSXFER_SERVER_RANDOM_ID_H_
#define OSSXFER_SERVER_RANDOM_ID_H_

#include <string>

namespace ossxfer::server {

// 32 uppercase hex characters (128 random bits). Thread-safe: each thread
// draws from its own generator, seeded from std::random_device.
std::string RandomHexId();

}  // namespace ossxfer::server

#endif  // OSSXFER_SERVER_RANDOM_ID_H_
