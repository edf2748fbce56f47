// The download and the upload when the disk fails under them: a pwrite
// that finds the disk full, an fdatasync or a rename that reports EIO, a
// source file that cannot be read. Each runs the real engine over a
// FaultyFileSystem (tests/support/faulty_file_system.h) and checks that
// nothing is lost: the destination is untouched, the checkpoint on disk
// claims only bytes that are in the temp file (or names the upload that
// exists), and a second run with the real file system finishes the job.
#include <errno.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "ossxfer/crc64.h"
#include "support/fake_object_source.h"
#include "support/faulty_file_system.h"
#include "support/serve_fixture.h"
#include "support/test_files.h"
#include "support/test_sizes.h"
#include "transfer/download_checkpoint.h"
#include "transfer/download_paths.h"
#include "transfer/downloader.h"
#include "transfer/upload_checkpoint.h"
#include "transfer/uploader.h"
#include "util/file.h"

namespace ossxfer {
namespace {

namespace fs = std::filesystem;
using ::ossxfer::testing::FakeObjectSource;
using ::ossxfer::testing::FaultyFileSystem;
using ::ossxfer::testing::FileCall;
using ::ossxfer::testing::FileFault;
using ::ossxfer::testing::FileOp;
using ::ossxfer::testing::ReadFile;
using ::ossxfer::testing::ServedBucketTest;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;
using ::ossxfer::testing::WriteFile;

using ::ossxfer::testing::kPart;
constexpr int kEveryLater = FileFault::kEveryLater;

bool Says(const Status& status, const std::string& text) {
  return status.message().find(text) != std::string::npos;
}

// Whether `call` is part of replacing `path` atomically: the temp file's
// writes and syncs, or the rename over `path`.
bool ReplacesFile(const FileCall& call, const fs::path& path) {
  if (call.op == FileOp::kRename) return call.to == path;
  return call.path == util::AtomicWriteTempPath(path);
}

// Whether `call` is the start of a write of the checkpoint at `path`, as
// a replace of the file (its temp file's first bytes) or as a slot
// written in place (transfer/checkpoint_slots.h).
bool WritesCheckpoint(const FileCall& call, const fs::path& path) {
  if (call.op != FileOp::kWrite) return false;
  return (ReplacesFile(call, path) && call.offset == 0) || call.path == path;
}

// Whether a new `checkpoint` was published after the first injected
// failure of `op`.
bool PublishedAfterFailure(const FaultyFileSystem& file_system, FileOp op,
                           const fs::path& checkpoint) {
  bool failed = false;
  for (const FaultyFileSystem::Event& event : file_system.events()) {
    if (event.injected && event.call.op == op) failed = true;
    // A checkpoint is published by replacing the file (a rename) or by
    // writing a slot of it in place.
    const bool published =
        (event.call.op == FileOp::kRename && event.call.to == checkpoint) ||
        (event.call.op == FileOp::kWrite && event.call.path == checkpoint);
    if (failed && published && event.error == 0) return true;
  }
  return false;
}

class DownloadFileFailureTest : public ::testing::Test {
 protected:
  DownloadRequest Request() {
    DownloadRequest request;
    request.destination = dir_.path() / "out";
    request.part_size = kPart;
    request.parallel = 1;  // one writer: the nth write is the same every run
    request.direct_io = direct_io_;
    return request;
  }

  RetryPolicy Retries() {
    RetryPolicy policy;
    policy.max_attempts = 3;
    policy.base_delay = std::chrono::milliseconds(0);
    policy.max_delay = std::chrono::milliseconds(0);
    return policy;
  }

  transfer::DownloadPaths Paths(const FakeObjectSource& source) {
    Result<transfer::DownloadPaths> paths =
        transfer::ResolveDownloadPaths(Request(), source.CheckpointKey());
    EXPECT_TRUE(paths.ok()) << paths.status();
    return paths.ok() ? *paths : transfer::DownloadPaths{};
  }

  // The checkpoint on disk parses, and every byte it claims is in the temp
  // file, is the object's, and has the CRC64 it records. Returns the bytes
  // claimed.
  uint64_t ExpectCheckpointClaimsOnlyWhatIsThere(
      const transfer::DownloadPaths& paths, const std::string& data) {
    Result<std::optional<transfer::DownloadCheckpoint>> loaded =
        transfer::LoadDownloadCheckpoint(paths.checkpoint);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    if (!loaded.ok() || !loaded->has_value()) {
      ADD_FAILURE() << "no checkpoint at " << paths.checkpoint;
      return 0;
    }
    const transfer::DownloadCheckpoint& checkpoint = **loaded;
    const std::string temp = ReadFile(paths.temp);
    EXPECT_EQ(temp.size(), data.size());
    uint64_t claimed = 0;
    for (size_t i = 0; i < checkpoint.parts.size(); ++i) {
      const uint64_t first = i * checkpoint.part_size;
      const uint64_t done = checkpoint.parts[i].done;
      EXPECT_LE(done, std::min<uint64_t>(kPart, data.size() - first)) << i;
      if (first + done > temp.size()) {
        ADD_FAILURE() << "part " << i << " claims bytes past the temp file";
        continue;
      }
      const std::string bytes = temp.substr(first, done);
      EXPECT_TRUE(bytes == data.substr(first, done)) << "part " << i;
      EXPECT_EQ(Crc64(bytes), checkpoint.parts[i].checksum) << "part " << i;
      claimed += done;
    }
    return claimed;
  }

  // A second run over the real file system finishes the download.
  Result<DownloadResult> Rerun(const FakeObjectSource& source,
                               const std::string& data) {
    Result<DownloadResult> result =
        transfer::RunDownload(source, Request(), Retries());
    EXPECT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(ReadFile(dir_.path() / "out") == data);
    const transfer::DownloadPaths paths = Paths(source);
    EXPECT_FALSE(fs::exists(paths.temp));
    EXPECT_FALSE(fs::exists(paths.checkpoint));
    EXPECT_FALSE(fs::exists(util::AtomicWriteTempPath(paths.checkpoint)));
    return result;
  }

  TempDir dir_;
  bool direct_io_ = true;
};

// With and without the temp file's second, O_DIRECT descriptor (where the
// file system has O_DIRECT, the parts' aligned blocks go through it).
class DownloadDiskFullTest : public DownloadFileFailureTest,
                             public ::testing::WithParamInterface<bool> {};

INSTANTIATE_TEST_SUITE_P(DirectIo, DownloadDiskFullTest, ::testing::Bool());

// The disk fills up in the third part (and stays full). The error says so
// and names the file; what was written before is kept and claimed, nothing
// else; the old destination is untouched; the next run resumes.
TEST_P(DownloadDiskFullTest, APwriteThatFindsTheDiskFullLosesNothing) {
  direct_io_ = GetParam();
  const std::string data = TestBytes(4 * kPart + 500, 1);
  FakeObjectSource source(data);
  const transfer::DownloadPaths paths = Paths(source);
  const std::string old_destination = "the file the user had before";
  WriteFile(paths.destination, old_destination);

  FaultyFileSystem file_system;
  file_system.Add(FileFault{FileOp::kWrite, ENOSPC,
                            [&](const FileCall& call) {
                              return call.path == paths.temp &&
                                     call.offset >= 2 * kPart;
                            },
                            1, kEveryLater});
  Status failed =
      transfer::RunDownload(source, Request(), Retries(), file_system).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "No space left on device")) << failed;
  EXPECT_TRUE(Says(failed, paths.temp.string())) << failed;
  EXPECT_TRUE(Says(failed, "run the same download again to resume")) << failed;
  EXPECT_GE(file_system.failures(FileOp::kWrite), 1);

  EXPECT_TRUE(ReadFile(paths.destination) == old_destination);
  // The last flush ran after the failure and recorded the first two parts.
  EXPECT_GE(ExpectCheckpointClaimsOnlyWhatIsThere(paths, data), 2 * kPart);

  Result<DownloadResult> resumed = Rerun(source, data);
  ASSERT_TRUE(resumed.ok());
  EXPECT_GE(resumed->bytes_reused, 2 * kPart);
  EXPECT_TRUE(resumed->crc64_verified);
}

// An fdatasync of the temp file reports EIO once, and the bytes it failed
// to write are lost. Linux then considers those pages clean, so the next
// fdatasync may succeed over the loss: no checkpoint may be published
// after the failure (it would claim them), nor before the sync (same). The
// one on disk is the one from before; the next run completes.
TEST_F(DownloadFileFailureTest, AFailedFdatasyncPublishesNoLaterCheckpoint) {
  const std::string data = TestBytes(4 * kPart, 2);
  FakeObjectSource source(data);
  const transfer::DownloadPaths paths = Paths(source);

  FaultyFileSystem file_system;
  std::string checkpoint_at_failure;
  // The first sync is the starting checkpoint's, the second comes before
  // the first part's bytes: the third covers written bytes.
  file_system.Add(FileFault{
      FileOp::kDataSync, EIO,
      [&](const FileCall& call) { return call.path == paths.temp; }, 3, 1,
      [&](const FileCall&) {
        checkpoint_at_failure = ReadFile(paths.checkpoint);
      },
      /*loses_unsynced_writes=*/true});
  Status failed =
      transfer::RunDownload(source, Request(), Retries(), file_system).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "fdatasync")) << failed;
  EXPECT_TRUE(Says(failed, "Input/output error")) << failed;
  ASSERT_EQ(file_system.failures(FileOp::kDataSync), 1);

  EXPECT_FALSE(
      PublishedAfterFailure(file_system, FileOp::kDataSync, paths.checkpoint));
  ASSERT_FALSE(checkpoint_at_failure.empty());
  EXPECT_TRUE(ReadFile(paths.checkpoint) == checkpoint_at_failure);
  ExpectCheckpointClaimsOnlyWhatIsThere(paths, data);
  EXPECT_FALSE(fs::exists(paths.destination));

  Rerun(source, data);
}

// Writing the checkpoint fails (EIO) from the first write of a slot in
// place on (the first flush replaced the file), and so does every write
// after it, whichever way: the checkpoint before it stays whole, and the
// next run completes. So does one after the first
// flush's replace failed at its rename, with the replace's temp file
// planted as a crash would leave it.
TEST_F(DownloadFileFailureTest, AFailedCheckpointWriteKeepsThePreviousOne) {
  const std::string data = TestBytes(4 * kPart, 3);
  FakeObjectSource source(data);
  const transfer::DownloadPaths paths = Paths(source);

  FaultyFileSystem file_system;
  std::optional<transfer::DownloadCheckpoint> checkpoint_at_failure;
  file_system.Add(FileFault{
      FileOp::kWrite, EIO,
      [&](const FileCall& call) {
        return WritesCheckpoint(call, paths.checkpoint);
      },
      2, kEveryLater,
      [&](const FileCall&) {
        if (!checkpoint_at_failure)
          checkpoint_at_failure =
              transfer::LoadDownloadCheckpoint(paths.checkpoint).value();
      }});
  Status failed =
      transfer::RunDownload(source, Request(), Retries(), file_system).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "Input/output error")) << failed;
  EXPECT_GE(file_system.failures(FileOp::kWrite), 1);

  ASSERT_TRUE(checkpoint_at_failure.has_value());
  EXPECT_EQ(transfer::LoadDownloadCheckpoint(paths.checkpoint).value(),
            checkpoint_at_failure);
  ExpectCheckpointClaimsOnlyWhatIsThere(paths, data);
  EXPECT_FALSE(fs::exists(paths.destination));
  Rerun(source, data);
}

TEST_F(DownloadFileFailureTest, AFailedCheckpointRenameStartsNothing) {
  const std::string data = TestBytes(4 * kPart, 3);
  FakeObjectSource source(data);
  const transfer::DownloadPaths paths = Paths(source);

  FaultyFileSystem file_system;
  file_system.Add(FileFault{
      FileOp::kRename, EIO,
      [&](const FileCall& call) { return call.to == paths.checkpoint; }, 1,
      kEveryLater});
  Status failed =
      transfer::RunDownload(source, Request(), Retries(), file_system).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "cannot rename")) << failed;
  EXPECT_EQ(file_system.failures(FileOp::kRename), 1);
  for (const FaultyFileSystem::Event& event : file_system.events()) {
    EXPECT_FALSE(event.call.op == FileOp::kWrite &&
                 event.call.path == paths.temp)
        << "no part may be written without a checkpoint to record it";
  }
  EXPECT_FALSE(fs::exists(util::AtomicWriteTempPath(paths.checkpoint)));
  EXPECT_FALSE(fs::exists(paths.destination));

  WriteFile(util::AtomicWriteTempPath(paths.checkpoint), "{\"half a chec");
  Rerun(source, data);
}

// The last step, renaming the verified temp file over the destination,
// fails: the old destination stays, and so do the temp file and the
// checkpoint that vouches for it; the next run finishes without fetching.
TEST_F(DownloadFileFailureTest, AFailedFinalRenameLeavesWhatFinishesIt) {
  const std::string data = TestBytes(3 * kPart + 7, 4);
  FakeObjectSource source(data);
  const transfer::DownloadPaths paths = Paths(source);
  const std::string old_destination = "yesterday's version";
  WriteFile(paths.destination, old_destination);

  FaultyFileSystem file_system;
  file_system.Add(FileFault{FileOp::kRename, EIO, [&](const FileCall& call) {
                              return call.path == paths.temp;
                            }});
  Status failed =
      transfer::RunDownload(source, Request(), Retries(), file_system).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "Input/output error")) << failed;
  EXPECT_TRUE(Says(failed, paths.destination.string())) << failed;
  ASSERT_EQ(file_system.failures(FileOp::kRename), 1);

  EXPECT_TRUE(ReadFile(paths.destination) == old_destination);
  EXPECT_TRUE(ReadFile(paths.temp) == data);
  EXPECT_EQ(ExpectCheckpointClaimsOnlyWhatIsThere(paths, data), data.size());

  const int fetches = source.fetches();
  Result<DownloadResult> finished = Rerun(source, data);
  ASSERT_TRUE(finished.ok());
  EXPECT_EQ(finished->bytes_reused, data.size());
  EXPECT_EQ(source.fetches(), fetches);
}

// Upload() against serve, its checkpoint written (and its source read)
// through a FaultyFileSystem.
class UploadFileFailureTest : public ServedBucketTest {
 protected:
  UploadRequest Request(const std::string& data) {
    UploadRequest request;
    request.source = dir_.path() / "source.bin";
    WriteFile(request.source, data);
    request.bucket = "bucket";
    request.key = "object";
    request.part_size = kPart;
    request.parallel = 1;  // parts in order: the nth flush is the same
    request.checkpoint_path = Checkpoint();
    return request;
  }

  fs::path Checkpoint() const { return dir_.path() / "upload.ucp"; }

  std::vector<MultipartUploadSummary> OpenUploads() {
    Result<ListMultipartUploadsResult> uploads =
        client_->ListMultipartUploads({"bucket"});
    EXPECT_TRUE(uploads.ok()) << uploads.status();
    return uploads.ok() ? uploads->uploads
                        : std::vector<MultipartUploadSummary>{};
  }

  bool ObjectExists() {
    return client_->HeadObject({"bucket", "object", ""}).ok();
  }

  // Fails the nth write of the checkpoint (counting one per replacement:
  // its temp file's first pwrite) and `times` more.
  void FailCheckpointWrite(FaultyFileSystem& file_system, int nth,
                           int times = kEveryLater) {
    file_system.Add(FileFault{FileOp::kWrite, ENOSPC,
                              [this](const FileCall& call) {
                                return WritesCheckpoint(call, Checkpoint());
                              },
                              nth, times});
  }

  // A second run over the real file system completes the upload (of the
  // source file as the first run saw it: rewriting it would be a change).
  Result<UploadResult> Rerun(const UploadRequest& request,
                             const std::string& data) {
    Result<UploadResult> result = transfer::RunUpload(*client_, request);
    EXPECT_TRUE(result.ok()) << result.status();
    StringSink sink;
    Result<GetObjectResult> got =
        client_->GetObject({"bucket", "object"}, sink);
    EXPECT_TRUE(got.ok()) << got.status();
    EXPECT_TRUE(sink.data() == data);
    EXPECT_TRUE(OpenUploads().empty());
    EXPECT_FALSE(fs::exists(Checkpoint()));
    return result;
  }

  TempDir dir_;
};

// The intent record (written before InitiateMultipartUpload, so a crash
// cannot orphan an upload) cannot be written: no upload is started, even
// though every later write would succeed.
TEST_F(UploadFileFailureTest, NoUploadStartsWithoutItsIntentRecord) {
  const std::string data = TestBytes(4 * kPart, 5);
  FaultyFileSystem file_system;
  FailCheckpointWrite(file_system, 1, 1);
  const UploadRequest request = Request(data);
  Status failed = transfer::RunUpload(*client_, request, file_system).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "No space left on device")) << failed;
  EXPECT_TRUE(Says(failed, "no multipart upload was started")) << failed;
  EXPECT_TRUE(OpenUploads().empty());
  EXPECT_FALSE(fs::exists(Checkpoint()));
  EXPECT_FALSE(ObjectExists());
  Rerun(request, data);
}

// The checkpoint that names the new upload cannot be written: the upload,
// which no rerun could find, is aborted at once.
TEST_F(UploadFileFailureTest, AnUploadItsCheckpointCannotNameIsAborted) {
  const std::string data = TestBytes(4 * kPart, 6);
  FaultyFileSystem file_system;
  FailCheckpointWrite(file_system, 2);
  const UploadRequest request = Request(data);
  Status failed = transfer::RunUpload(*client_, request, file_system).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "No space left on device")) << failed;
  EXPECT_TRUE(Says(failed, "so it was aborted")) << failed;
  EXPECT_TRUE(OpenUploads().empty());
  EXPECT_FALSE(ObjectExists());
  Rerun(request, data);
}

// A flush after the first part fails: the upload stops with the reason,
// keeps its upload, and the checkpoint on disk names it, so the next run
// resumes it (the part sent but never recorded is recognised by its CRC64).
TEST_F(UploadFileFailureTest, AFailedFlushKeepsAnUploadTheCheckpointNames) {
  const std::string data = TestBytes(4 * kPart, 7);
  FaultyFileSystem file_system;
  FailCheckpointWrite(file_system, 3);
  const UploadRequest request = Request(data);
  Status failed = transfer::RunUpload(*client_, request, file_system).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "No space left on device")) << failed;
  EXPECT_TRUE(Says(failed, "run the same command again to resume")) << failed;
  EXPECT_FALSE(ObjectExists());

  std::vector<MultipartUploadSummary> open = OpenUploads();
  ASSERT_EQ(open.size(), 1u);
  Result<std::optional<transfer::UploadCheckpoint>> saved =
      transfer::LoadUploadCheckpoint(Checkpoint());
  ASSERT_TRUE(saved.ok()) << saved.status();
  ASSERT_TRUE(saved->has_value());
  EXPECT_EQ((*saved)->upload_id, open[0].upload_id);

  Result<UploadResult> resumed = Rerun(request, data);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->upload_id, open[0].upload_id);
  EXPECT_GE(resumed->bytes_reused, kPart);
}

// Reading the source fails (EIO) in the third part: a clear error naming
// the file, no object, and an upload the checkpoint names; the next run
// completes it. A file small enough for one PutObject leaves nothing.
TEST_F(UploadFileFailureTest, ASourceThatCannotBeReadLeavesNoPartialObject) {
  const std::string data = TestBytes(4 * kPart, 8);
  UploadRequest request = Request(data);
  FaultyFileSystem file_system;
  file_system.Add(FileFault{FileOp::kRead, EIO,
                            [&](const FileCall& call) {
                              return call.path == request.source &&
                                     call.offset >= 2 * kPart;
                            },
                            1, kEveryLater});
  Status failed = transfer::RunUpload(*client_, request, file_system).status();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "Input/output error")) << failed;
  EXPECT_TRUE(Says(failed, request.source.string())) << failed;
  EXPECT_FALSE(ObjectExists());
  std::vector<MultipartUploadSummary> open = OpenUploads();
  ASSERT_EQ(open.size(), 1u);
  Result<std::optional<transfer::UploadCheckpoint>> saved =
      transfer::LoadUploadCheckpoint(Checkpoint());
  ASSERT_TRUE(saved.ok() && saved->has_value());
  EXPECT_EQ((*saved)->upload_id, open[0].upload_id);
  Result<UploadResult> resumed = Rerun(request, data);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->upload_id, open[0].upload_id);
  EXPECT_GE(resumed->bytes_reused, 2 * kPart);  // the parts read before

  ASSERT_TRUE(client_->DeleteObject({"bucket", "object"}).ok());
  const std::string small = TestBytes(kPart / 2, 9);
  UploadRequest whole = Request(small);
  FaultyFileSystem unreadable;
  unreadable.Add(FileFault{FileOp::kRead, EIO, {}, 1, kEveryLater});
  failed = transfer::RunUpload(*client_, whole, unreadable).status();
  EXPECT_EQ(failed.code(), StatusCode::kIoError) << failed;
  EXPECT_TRUE(Says(failed, "Input/output error")) << failed;
  EXPECT_FALSE(ObjectExists());
  EXPECT_TRUE(OpenUploads().empty());
}

}  // namespace
}  // namespace ossxfer
