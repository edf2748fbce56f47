// The names of a transfer's own files, which a directory walk (cp -r)
// must not take for data.
#include "ossxfer/work_files.h"

#include <gtest/gtest.h>

namespace ossxfer {
namespace {

TEST(WorkFilesTest, TheTransfersOwnFilesAreRecognised) {
  for (const char* name :
       {"big.iso.ossxfer-tmp", "big.iso.dcp", "dir/big.iso.ucp",
        "big.iso.ucp.lock", "big.iso.dcp.lock", "cp/photo.jpg-1a2b.ucp",
        ".big.iso.dcp.tmp", "d/.big.iso.ucp.tmp",
        ".big.iso.dcp.tmp-0123456789abcdef"}) {
    EXPECT_TRUE(IsTransferWorkFile(name)) << name;
  }
}

TEST(WorkFilesTest, DataIsNot) {
  for (const char* name : {"big.iso", "notes.lock", "yarn.lock", "dcp", "ucp",
                           "a.ucp.bak", "a.dcp.d/file", ".lock", ".big.iso.tmp",
                           "big.iso.dcp.tmp", ".big.iso.dcp.tmp-0123",
                           ".big.iso.dcp.tmp-0123456789abcdeX", ".dcp.tmp-"}) {
    EXPECT_FALSE(IsTransferWorkFile(name)) << name;
  }
}

}  // namespace
}  // namespace ossxfer
