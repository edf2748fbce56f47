// A small download checkpoint for the tests of how checkpoints are kept
// (the keeper, the slotted file): one part of 1 MiB with `done` bytes
// recorded, its key `key_length` bytes long (a long one outgrows a slot).
#ifndef OSSXFER_TESTS_SUPPORT_SAMPLE_CHECKPOINT_H_
#define OSSXFER_TESTS_SUPPORT_SAMPLE_CHECKPOINT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "transfer/download_checkpoint.h"

namespace ossxfer::testing {

inline transfer::DownloadCheckpoint OnePartCheckpoint(uint64_t done,
                                                      size_t key_length = 1) {
  transfer::DownloadCheckpoint checkpoint;
  checkpoint.bucket = "b";
  checkpoint.key = std::string(key_length, 'k');
  checkpoint.destination = "/tmp/d";
  checkpoint.part_size = 1 << 20;
  checkpoint.object_size = 1 << 20;
  checkpoint.range_last = (1 << 20) - 1;
  checkpoint.etag = "\"e\"";
  checkpoint.parts = {{done, 0}};
  return checkpoint;
}

}  // namespace ossxfer::testing

#endif  // OSSXFER_TESTS_SUPPORT_SAMPLE_CHECKPOINT_H_
