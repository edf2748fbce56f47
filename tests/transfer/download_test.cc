// Download() against a real `ossxfer serve` process: sizes, parameters,
// every fault rule, corrupted state between runs, crashes, locking.
#include "ossxfer/download.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "ossxfer/crc64.h"
#include "server/synthetic_object.h"
#include "support/serve_fixture.h"
#include "support/serve_process.h"
#include "support/test_files.h"
#include "support/test_sizes.h"
#include "transfer/checkpoint_slots.h"
#include "transfer/download_checkpoint.h"
#include "util/file.h"

namespace ossxfer {
namespace {

namespace fs = std::filesystem;
using ::ossxfer::testing::ChildProcess;
using ::ossxfer::testing::ReadFile;
using ::ossxfer::testing::RunCommand;
using ::ossxfer::testing::ServedBucketTest;
using ::ossxfer::testing::ServeProcess;
using ::ossxfer::testing::TempDir;
using ::ossxfer::testing::TestBytes;
using ::ossxfer::testing::WithDigitsChangedAfter;
using ::ossxfer::testing::WriteFile;

using ::ossxfer::testing::kPart;

class DownloadTest : public ServedBucketTest {
 protected:
  void Put(const std::string& key, const std::string& data) {
    StringSource source(data);
    ASSERT_TRUE(client_->PutObject({"bucket", key}, source).ok());
  }

  DownloadRequest Request(const std::string& key, const std::string& file) {
    DownloadRequest request;
    request.bucket = "bucket";
    request.key = key;
    request.destination = dir_.path() / file;
    request.part_size = kPart;
    request.parallel = 3;
    return request;
  }

  void SetFaults(const std::string& rules) {
    std::string command = "curl -sf -X PUT --data '" + rules + "' " +
                          server_->endpoint() + "/_ossxfer/faults";
    ASSERT_EQ(RunCommand(command).exit_code, 0) << rules;
  }

  // What a listing says of `key`.
  ObjectSummary Listed(const std::string& key) {
    ListObjectsV2Request list;
    list.bucket = "bucket";
    list.prefix = key;
    Result<ListObjectsV2Result> listed = client_->ListObjectsV2(list);
    EXPECT_TRUE(listed.ok()) << listed.status();
    if (listed.ok()) {
      for (ObjectSummary& object : listed->objects) {
        if (object.key == key) return object;
      }
    }
    ADD_FAILURE() << key << " is not listed";
    return {};
  }

  // Whether one of `notices` says `text`.
  static bool SaysSomewhere(const std::vector<std::string>& notices,
                            const std::string& text) {
    return std::any_of(notices.begin(), notices.end(),
                       [&](const std::string& notice) {
                         return notice.find(text) != std::string::npos;
                       });
  }

  // Nothing but the destination is left in the directory.
  void ExpectNoLeftovers(const fs::path& destination) {
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
      EXPECT_EQ(entry.path(), destination) << "leftover " << entry.path();
    }
  }

  TempDir dir_;
};

TEST_F(DownloadTest, SizesAroundPartBoundaries) {
  for (uint64_t size :
       {uint64_t{0}, uint64_t{1}, kPart - 1, kPart, kPart + 1, 3 * kPart + 5}) {
    std::string data = TestBytes(size, size);
    std::string key = "object-" + std::to_string(size);
    Put(key, data);
    DownloadRequest request = Request(key, key);
    std::vector<TransferProgress> events;
    request.progress = [&events](const TransferProgress& progress) {
      events.push_back(progress);
    };
    Result<DownloadResult> result = Download(*client_, request);
    ASSERT_TRUE(result.ok()) << size << ": " << result.status();
    EXPECT_TRUE(ReadFile(request.destination) == data) << size;
    EXPECT_TRUE(result->crc64_verified) << size;
    EXPECT_EQ(result->bytes_transferred, size);
    EXPECT_EQ(result->bytes_reused, 0u);
    EXPECT_EQ(result->parts, (size + kPart - 1) / kPart);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().transferred, size);
    EXPECT_EQ(events.back().total, size);
    ExpectNoLeftovers(request.destination);
    fs::remove(request.destination);
  }
}

// /dev/null as the destination: the object is fetched and verified, and
// nothing is created, locked or removed around the device.
// How many of the file's pages are in the page cache (mincore).
size_t ResidentPages(const fs::path& path) {
  Result<util::File> file = util::File::Open(path, O_RDONLY);
  EXPECT_TRUE(file.ok()) << file.status();
  if (!file.ok()) return 0;
  const size_t size = fs::file_size(path);
  void* map = mmap(nullptr, size, PROT_READ, MAP_SHARED, file->fd(), 0);
  EXPECT_NE(map, MAP_FAILED);
  if (map == MAP_FAILED) return 0;
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident((size + page - 1) / page);
  EXPECT_EQ(mincore(map, size, resident.data()), 0);
  munmap(map, size);
  return static_cast<size_t>(
      std::count_if(resident.begin(), resident.end(),
                    [](unsigned char flags) { return flags & 1; }));
}

TEST_F(DownloadTest, DirectIoLeavesThePageCacheAlone) {
  // 80 parts of 102,400 bytes (25 pages each): every block is aligned, so
  // with direct I/O no byte goes through the page cache.
  const size_t pages = 80 * kPart / 4096;
  std::string data = TestBytes(80 * kPart, 21);
  Put("direct", data);
  DownloadRequest direct = Request("direct", "direct.bin");
  Result<DownloadResult> written = Download(*client_, direct);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_TRUE(written->crc64_verified);
  EXPECT_TRUE(ReadFile(direct.destination) == data);
  // ReadFile cached it again: look before reading for the next one.
  DownloadRequest again = Request("direct", "direct2.bin");
  ASSERT_TRUE(Download(*client_, again).ok());
  EXPECT_LE(ResidentPages(again.destination), 2u) << "of " << pages;

  DownloadRequest buffered = Request("direct", "buffered.bin");
  buffered.direct_io = false;
  ASSERT_TRUE(Download(*client_, buffered).ok());
  EXPECT_GE(ResidentPages(buffered.destination), pages / 2);
  EXPECT_TRUE(ReadFile(buffered.destination) == data);
  EXPECT_TRUE(ReadFile(again.destination) == data);
}

TEST_F(DownloadTest, ACharacterDeviceReceivesTheBytesDirectly) {
  std::string data = TestBytes(5 * kPart + 3, 77);
  Put("sink", data);
  DownloadRequest request = Request("sink", "unused");
  request.destination = "/dev/null";
  request.parallel = 3;
  DownloadRequest second = request;
  second.cancellation = CancellationToken();
  // Two at once: there is no lock on a device.
  Result<DownloadResult> other = Status::Internal("not run");
  std::thread concurrent([&] { other = Download(*client_, second); });
  Result<DownloadResult> result = Download(*client_, request);
  concurrent.join();
  for (const Result<DownloadResult>* each : {&result, &other}) {
    ASSERT_TRUE(each->ok()) << each->status();
    EXPECT_TRUE((*each)->crc64_verified);
    EXPECT_EQ((*each)->bytes_transferred, data.size());
  }
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_FALSE(fs::exists("/dev/null.dcp"));
  EXPECT_FALSE(fs::exists("/dev/null.ossxfer-tmp"));

  // A failure never removes the device.
  Result<DownloadResult> missing = Download(*client_, [&] {
    DownloadRequest bad = Request("no-such-key", "unused");
    bad.destination = "/dev/null";
    bad.checkpoint = false;
    return bad;
  }());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

// What a kill -9 can cost is what the checkpoint does not cover yet: at
// every moment of a download, the bytes in place exceed the checkpoint's
// by at most about parallel x part size, however far the disk's write-back
// lags (a worker over that budget makes its progress durable first).
TEST_F(DownloadTest, TheCheckpointNeverLagsMoreThanTheInFlightParts) {
  // Large enough that the disk's write-back falls behind the network.
  const uint64_t size = uint64_t{512} << 20;
  const uint64_t part_size = 1 << 20;
  const int parallel = 4;
  DownloadRequest request = Request("unused", "lag");
  request.bucket = "synthetic";
  request.key = std::to_string(size);
  request.part_size = part_size;
  request.parallel = parallel;
  const fs::path checkpoint = request.destination.string() + ".dcp";
  uint64_t worst = 0;
  uint64_t next_check = 0;
  int checked = 0;
  std::mutex mutex;
  request.progress = [&](const TransferProgress& progress) {
    std::lock_guard lock(mutex);
    if (progress.transferred < next_check) return;
    next_check = progress.transferred + (256 << 10);
    Result<std::optional<transfer::DownloadCheckpoint>> saved =
        transfer::LoadDownloadCheckpoint(checkpoint);
    if (!saved.ok() || !saved->has_value()) return;
    uint64_t recorded = 0;
    for (const auto& part : (*saved)->parts) recorded += part.done;
    if (progress.transferred > recorded) {
      worst = std::max(worst, progress.transferred - recorded);
    }
    ++checked;
  };
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_EQ(fs::file_size(request.destination), size);
  EXPECT_GT(checked, 100);
  // The budget, passed by at most what each worker is about to write.
  EXPECT_LE(worst, DownloadUnrecordedBudget(parallel, part_size) +
                       parallel * std::min<uint64_t>(part_size, 1 << 20))
      << worst;
}

TEST_F(DownloadTest, CancelKeepsStateAndTheNextRunResumes) {
  std::string data = TestBytes(2 << 20, 1);
  Put("big", data);
  WriteFile(dir_.path() / "big", "precious old content");
  DownloadRequest request = Request("big", "big");
  request.rate_limit_bytes_per_second = 1 << 20;
  request.progress = [&](const TransferProgress& progress) {
    if (progress.transferred >= 600000) request.cancellation.Cancel();
  };
  auto started = std::chrono::steady_clock::now();
  Result<DownloadResult> cancelled = Download(*client_, request);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.status().code(), StatusCode::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            std::chrono::seconds(5));
  EXPECT_NE(cancelled.status().ToString().find("run the same download again"),
            std::string::npos);
  EXPECT_EQ(ReadFile(request.destination),
            "precious old content");  // untouched
  EXPECT_TRUE(fs::exists(dir_.path() / "big.dcp"));
  EXPECT_TRUE(fs::exists(dir_.path() / "big.ossxfer-tmp"));

  DownloadRequest again = Request("big", "big");
  Result<DownloadResult> resumed = Download(*client_, again);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_GE(resumed->bytes_reused, 600000u - 3 * kPart);
  EXPECT_EQ(resumed->bytes_reused + resumed->bytes_transferred, data.size());
  EXPECT_TRUE(ReadFile(again.destination) == data);
  ExpectNoLeftovers(again.destination);
}

// In a versioned bucket a download of an old version reads that version
// while the key is overwritten, and resumes it after a cancel, still that
// version (issue 13: the downloader sends versionId).
TEST_F(DownloadTest, AnOldVersionDownloadsAndResumesWhileTheKeyChanges) {
  TempDir root;
  ServeProcess server(root.path(), {"--anonymous"});
  ASSERT_TRUE(server.started());
  Client client = server.MakeClient();
  ASSERT_TRUE(client.CreateBucket("versioned").ok());
  const std::string enable =
      "curl -sf -X PUT --data "
      "'<VersioningConfiguration><Status>Enabled</Status>"
      "</VersioningConfiguration>' " +
      server.endpoint() + "/versioned?versioning";
  ASSERT_EQ(RunCommand(enable).exit_code, 0);
  const std::string old_data = TestBytes(2 << 20, 41);
  auto put = [&](const std::string& data) {
    StringSource source(data);
    Result<PutObjectResult> put = client.PutObject({"versioned", "k"}, source);
    EXPECT_TRUE(put.ok()) << put.status();
    return put.ok() ? put->version_id : std::string();
  };
  const std::string old_version = put(old_data);
  ASSERT_FALSE(old_version.empty());
  ASSERT_NE(old_version, "null");
  const std::string newer_version = put(TestBytes(3 << 20, 42));
  ASSERT_NE(newer_version, old_version);

  DownloadRequest request = Request("k", "old");
  request.bucket = "versioned";
  request.version_id = old_version;
  request.rate_limit_bytes_per_second = 1 << 20;
  request.progress = [&](const TransferProgress& progress) {
    if (progress.transferred >= 600000) request.cancellation.Cancel();
  };
  Result<DownloadResult> cancelled = Download(client, request);
  ASSERT_EQ(cancelled.status().code(), StatusCode::kCancelled)
      << cancelled.status();
  // The key moves on twice; the old version stays what it was.
  put(TestBytes(1 << 20, 43));
  put(TestBytes(5000, 44));

  DownloadRequest again = Request("k", "old");
  again.bucket = "versioned";
  again.version_id = old_version;
  Result<DownloadResult> resumed = Download(client, again);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_GE(resumed->bytes_reused, 600000u - 3 * kPart);
  EXPECT_TRUE(ReadFile(again.destination) == old_data);
  EXPECT_TRUE(resumed->crc64_verified);

  // Without a version id: the current one.
  DownloadRequest current = Request("k", "current");
  current.bucket = "versioned";
  ASSERT_TRUE(Download(client, current).ok());
  EXPECT_TRUE(ReadFile(current.destination) == TestBytes(5000, 44));
  // A version that does not exist is refused, and nothing is written.
  DownloadRequest missing = Request("k", "missing");
  missing.bucket = "versioned";
  missing.version_id = "NOSUCHVERSION";
  Result<DownloadResult> refused = Download(client, missing);
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound) << refused.status();
  EXPECT_FALSE(fs::exists(missing.destination));
}

TEST_F(DownloadTest, AnObjectOfOnePartKeepsNoCheckpoint) {
  std::string data = TestBytes(kPart, 30);
  Put("one", data);
  DownloadRequest request = Request("one", "one");
  request.rate_limit_bytes_per_second = 50000;
  request.progress = [&](const TransferProgress& progress) {
    if (progress.transferred > 0) request.cancellation.Cancel();
  };
  Result<DownloadResult> cancelled = Download(*client_, request);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.status().code(), StatusCode::kCancelled);
  // Nothing to resume from, so nothing left behind, and no promise of it.
  EXPECT_EQ(cancelled.status().ToString().find("run the same download again"),
            std::string::npos)
      << cancelled.status();
  EXPECT_FALSE(fs::exists(dir_.path() / "one.dcp"));
  EXPECT_FALSE(fs::exists(dir_.path() / "one.ossxfer-tmp"));

  // A stale checkpoint at the path (another object's) is removed, unused.
  WriteFile(dir_.path() / "one.dcp", "left over");
  Result<DownloadResult> whole = Download(*client_, Request("one", "one"));
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->bytes_reused, 0u);
  EXPECT_TRUE(whole->crc64_verified);
  EXPECT_TRUE(ReadFile(dir_.path() / "one") == data);
  ExpectNoLeftovers(dir_.path() / "one");
}

TEST_F(DownloadTest, VerificationOffComputesNoCrcAndVerificationOnCatchesUp) {
  std::string data = TestBytes(2 << 20, 31);
  Put("nv", data);
  const fs::path checkpoint = dir_.path() / "nv.dcp";
  auto cancel_after = [&](DownloadRequest request, uint64_t after) {
    request.rate_limit_bytes_per_second = 1 << 20;
    request.progress = [&](const TransferProgress& progress) {
      if (progress.transferred >= after) request.cancellation.Cancel();
    };
    EXPECT_EQ(Download(*client_, request).status().code(),
              StatusCode::kCancelled);
  };
  // Verification off: the checkpoint says its parts carry no CRC64.
  DownloadRequest off = Request("nv", "nv");
  off.verify_crc64 = false;
  cancel_after(off, 600000);
  auto saved = transfer::LoadDownloadCheckpoint(checkpoint);
  ASSERT_TRUE(saved.ok() && saved->has_value());
  EXPECT_FALSE((*saved)->parts_algorithm.has_value());
  uint64_t recorded = 0;
  for (const auto& part : (*saved)->parts) recorded += part.done;
  ASSERT_GT(recorded, 0u);

  // A byte of the recorded data changes behind the checkpoint's back.
  {
    Result<util::File> temp =
        util::File::Open(dir_.path() / "nv.ossxfer-tmp", O_RDWR);
    ASSERT_TRUE(temp.ok()) << temp.status();
    char flipped = static_cast<char>(data[10] ^ 0x5a);
    ASSERT_TRUE(temp->WriteAt(&flipped, 1, 10).ok());
  }
  // Verification on: the recorded bytes are taken (there is no CRC64 to
  // check them against), and the object's CRC64 finds the changed part.
  Result<DownloadResult> on = Download(*client_, Request("nv", "nv"));
  ASSERT_TRUE(on.ok()) << on.status();
  EXPECT_EQ(on->bytes_reused, recorded);
  EXPECT_TRUE(on->crc64_verified);
  EXPECT_TRUE(ReadFile(dir_.path() / "nv") == data);
  bool repaired = false;
  for (const std::string& notice : on->notices)
    repaired |= notice.find("failed the CRC64 check") != std::string::npos;
  EXPECT_TRUE(repaired) << "the changed byte went unnoticed";

  // And the other way: a checkpoint with CRC64s, resumed with verification
  // off, is trusted without re-reading.
  fs::remove(dir_.path() / "nv");
  cancel_after(Request("nv", "nv"), 600000);
  DownloadRequest resume_off = Request("nv", "nv");
  resume_off.verify_crc64 = false;
  Result<DownloadResult> trusted = Download(*client_, resume_off);
  ASSERT_TRUE(trusted.ok()) << trusted.status();
  EXPECT_GT(trusted->bytes_reused, 0u);
  EXPECT_FALSE(trusted->crc64_verified);
  EXPECT_TRUE(ReadFile(dir_.path() / "nv") == data);
}

TEST_F(DownloadTest, FailuresNeverTouchTheDestination) {
  WriteFile(dir_.path() / "keep", "precious");
  Result<DownloadResult> missing =
      Download(*client_, Request("no-such-key", "keep"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().service_error()->code, "NoSuchKey");
  EXPECT_EQ(ReadFile(dir_.path() / "keep"), "precious");
}

TEST_F(DownloadTest, CorruptCheckpointsAreDiscardedWithANotice) {
  std::string data = TestBytes(5 * kPart + 3, 2);
  Put("k", data);
  std::string other = TestBytes(2 * kPart, 3);  // one part keeps none
  Put("other", other);
  // A real checkpoint of another object, to plant as if it were ours.
  DownloadRequest other_request = Request("other", "k");
  other_request.rate_limit_bytes_per_second = 50000;
  other_request.progress = [&](const TransferProgress& p) {
    if (p.transferred > 0) other_request.cancellation.Cancel();
  };
  ASSERT_FALSE(Download(*client_, other_request).ok());
  std::string other_checkpoint = ReadFile(dir_.path() / "k.dcp");
  ASSERT_FALSE(other_checkpoint.empty());

  // The same checkpoint with a part's progress changed in every slot: no
  // checksum matches.
  std::string edited = WithDigitsChangedAfter(other_checkpoint, "\"done\":");
  ASSERT_NE(edited, other_checkpoint);
  // The newest slot on its own, as a file of one envelope.
  const std::string newest(
      transfer::CheckpointEnvelopesIn(other_checkpoint).at(0));
  struct Corruption {
    const char* name;
    std::string content;
    const char* reason;  // what the notice must say
  };
  std::vector<Corruption> corruptions = {
      {"bad checksum", edited, "checksum"},
      {"garbage", "this is not json", "not JSON"},
      {"truncated", newest.substr(0, newest.size() / 2), "not JSON"},
      {"slotted, no slot readable",
       "ossxfer-checkpoint-slots 1 4096\n" + std::string(8192, '\n'),
       "no whole checkpoint"},

      {"empty", "", "not JSON"},
      {"wrong version",
       "{\"format\":\"ossxfer-download\",\"version\":99,\"checksum\":\"x\","
       "\"body\":{}}",
       "version 99"},
      {"another object's", other_checkpoint, "no longer matches"},
  };
  for (const Corruption& corruption : corruptions) {
    const char* name = corruption.name;
    WriteFile(dir_.path() / "k.dcp", corruption.content);
    Result<DownloadResult> result = Download(*client_, Request("k", "k"));
    ASSERT_TRUE(result.ok()) << name << ": " << result.status();
    EXPECT_TRUE(ReadFile(dir_.path() / "k") == data) << name;
    EXPECT_EQ(result->bytes_reused, 0u) << name;
    ASSERT_FALSE(result->notices.empty()) << name;
    EXPECT_NE(result->notices[0].find("discarded checkpoint"),
              std::string::npos)
        << name << ": " << result->notices[0];
    EXPECT_NE(result->notices[0].find(corruption.reason), std::string::npos)
        << name << ": " << result->notices[0];
    fs::remove(dir_.path() / "k");
  }
}

// Interrupts a download of `key` once it has `bytes` in place.
void Interrupt(const Client& client, DownloadRequest request, uint64_t bytes) {
  // A token of its own: copies of a token share one flag, and the
  // caller's request must stay uncancelled.
  request.cancellation = CancellationToken();
  request.rate_limit_bytes_per_second = 400000;
  request.progress = [&](const TransferProgress& p) {
    if (p.transferred >= bytes) request.cancellation.Cancel();
  };
  Result<DownloadResult> result = Download(client, request);
  ASSERT_EQ(result.status().code(), StatusCode::kCancelled);
}

TEST_F(DownloadTest, TempFileShortenedOrDeletedBetweenRunsRestartsClean) {
  std::string data = TestBytes(6 * kPart, 4);
  Put("t", data);
  for (const char* change : {"shorten", "delete", "extend"}) {
    Interrupt(*client_, Request("t", "t"), 3 * kPart);
    fs::path temp = dir_.path() / "t.ossxfer-tmp";
    ASSERT_TRUE(fs::exists(temp));
    if (std::string(change) == "shorten") fs::resize_file(temp, kPart);
    if (std::string(change) == "delete") fs::remove(temp);
    if (std::string(change) == "extend") fs::resize_file(temp, 10 * kPart);
    Result<DownloadResult> result = Download(*client_, Request("t", "t"));
    ASSERT_TRUE(result.ok()) << change << ": " << result.status();
    EXPECT_EQ(result->bytes_reused, 0u) << change;
    EXPECT_TRUE(ReadFile(dir_.path() / "t") == data) << change;
    EXPECT_EQ(fs::file_size(dir_.path() / "t"), data.size()) << change;
    fs::remove(dir_.path() / "t");
  }
}

TEST_F(DownloadTest, ACorruptedPartInTheTempFileIsFetchedAgain) {
  std::string data = TestBytes(6 * kPart, 5);
  Put("c", data);
  Interrupt(*client_, Request("c", "c"), 4 * kPart);
  fs::path temp = dir_.path() / "c.ossxfer-tmp";
  {
    std::fstream file(temp, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(10);
    file.put('\x7f');  // inside the first part, which is recorded as done
  }
  Result<DownloadResult> result = Download(*client_, Request("c", "c"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "c") == data);
  EXPECT_GT(result->bytes_reused, 0u);
  ASSERT_FALSE(result->notices.empty());
  EXPECT_NE(result->notices[0].find("failed their CRC64 check"),
            std::string::npos);
}

// Whatever someone planted at the temp path (a symbolic link or a hard link
// to a file elsewhere, a FIFO) is refused: nothing outside is written.
TEST_F(DownloadTest, NothingPlantedAtTheTempPathIsWrittenThrough) {
  std::string data = TestBytes(3 * kPart, 40);
  Put("planted", data);
  const fs::path outside = dir_.path() / "outside";
  fs::create_directories(outside);
  const fs::path victim = outside / "victim";
  WriteFile(victim, "VICTIM");
  fs::create_directories(dir_.path() / "d");
  DownloadRequest request = Request("planted", "d/planted");
  const fs::path temp = request.destination.string() + ".ossxfer-tmp";

  fs::create_symlink("../outside/victim", temp);
  Status linked = Download(*client_, request).status();
  EXPECT_EQ(linked.code(), StatusCode::kIoError) << linked;
  EXPECT_NE(linked.message().find("is a symbolic link"), std::string::npos)
      << linked;
  fs::remove(temp);

  fs::create_hard_link(victim, temp);
  Status hard = Download(*client_, request).status();
  EXPECT_EQ(hard.code(), StatusCode::kIoError) << hard;
  EXPECT_NE(hard.message().find("hard links"), std::string::npos) << hard;
  fs::remove(temp);

  ASSERT_EQ(mkfifo(temp.c_str(), 0600), 0);
  Status fifo = Download(*client_, request).status();
  EXPECT_NE(fifo.message().find("a FIFO"), std::string::npos) << fifo;
  fs::remove(temp);

  EXPECT_EQ(ReadFile(victim), "VICTIM");
  EXPECT_FALSE(fs::exists(request.destination));
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(request.destination) == data);
}

// A checkpoint path holding something no checkpoint can be written to is
// named at once, before anything is fetched; a FIFO does not block.
TEST_F(DownloadTest, ACheckpointPathThatIsNotAFileIsRefusedUpFront) {
  std::string data = TestBytes(3 * kPart, 41);
  Put("cp", data);
  DownloadRequest request = Request("cp", "cp");
  const fs::path checkpoint = request.destination.string() + ".dcp";
  fs::create_directory(checkpoint);
  Status directory = Download(*client_, request).status();
  EXPECT_EQ(directory.code(), StatusCode::kInvalidArgument) << directory;
  EXPECT_NE(directory.message().find("is a directory"), std::string::npos)
      << directory;
  fs::remove(checkpoint);

  ASSERT_EQ(mkfifo(checkpoint.c_str(), 0600), 0);
  Status fifo = Download(*client_, request).status();
  EXPECT_EQ(fifo.code(), StatusCode::kInvalidArgument) << fifo;
  fs::remove(checkpoint);

  fs::create_symlink(dir_.path() / "elsewhere.dcp", checkpoint);
  Status link = Download(*client_, request).status();
  EXPECT_EQ(link.code(), StatusCode::kInvalidArgument) << link;
  EXPECT_FALSE(fs::exists(dir_.path() / "elsewhere.dcp"));
  fs::remove(checkpoint);
  ExpectNoLeftovers(request.destination);  // nothing created meanwhile
}

// A run killed while replacing its checkpoint leaves the staging file; the
// next run removes it, and success leaves nothing but the destination.
TEST_F(DownloadTest, AKilledCheckpointReplaceLeavesNoLitterAfterTheNextRun) {
  std::string data = TestBytes(4 * kPart, 42);
  Put("litter", data);
  DownloadRequest request = Request("litter", "litter");
  const fs::path staging = dir_.path() / ".litter.dcp.tmp";
  WriteFile(staging, "{\"format\":\"ossxfer-download\"");
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  ExpectNoLeftovers(request.destination);
}

// Bytes that failed verification are never vouched for by a checkpoint:
// a run without verification after a failed one starts over.
TEST_F(DownloadTest, BytesThatFailedVerificationAreNeverReused) {
  std::string data = TestBytes(4 * kPart, 43);
  Put("bad", data);
  // Every GET flips a byte: the repair rounds cannot help.
  SetFaults(R"([{"action":"flip","after_bytes":10,"method":"GET"}])");
  DownloadRequest request = Request("bad", "bad");
  Status failed = Download(*client_, request).status();
  ASSERT_EQ(failed.code(), StatusCode::kDataCorruption) << failed;
  EXPECT_NE(failed.message().find("running again starts over"),
            std::string::npos)
      << failed;
  EXPECT_FALSE(fs::exists(request.destination.string() + ".dcp"));
  EXPECT_FALSE(fs::exists(request.destination));

  SetFaults("[]");
  request.verify_crc64 = false;
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->bytes_reused, 0u);
  EXPECT_FALSE(result->crc64_verified);
  EXPECT_TRUE(ReadFile(request.destination) == data);
}

TEST_F(DownloadTest, SurvivesResetsAndServerErrors) {
  std::string data = TestBytes(10 * kPart, 6);
  Put("flaky", data);
  SetFaults(R"([{"action":"reset","after_bytes":50000,"method":"GET","every":2},
               {"action":"error","status":503,"code":"SlowDown","method":"GET","probability":0.3}])");
  // Every other send breaks or fails: a part needs a budget to match (the
  // default 4 attempts in a row run out for some part now and then).
  ClientOptions options = server_->ClientOptionsFor();
  options.retry.max_attempts = 16;
  Client client = std::move(Client::Create(options)).value();
  Result<DownloadResult> result = Download(client, Request("flaky", "flaky"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "flaky") == data);
  EXPECT_TRUE(result->crc64_verified);
  // Broken parts resumed from their last byte: little was fetched twice.
  EXPECT_LT(result->bytes_transferred, data.size() + data.size() / 4);
}

TEST_F(DownloadTest, AFlippedByteIsDetectedAndItsPartFetchedAgain) {
  std::string data = TestBytes(8 * kPart, 7);
  Put("flip", data);
  SetFaults(
      R"([{"action":"flip","after_bytes":1234,"method":"GET","count":1}])");
  Result<DownloadResult> result = Download(*client_, Request("flip", "flip"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "flip") == data);
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_TRUE(
      SaysSomewhere(result->notices, "1 part(s) failed the CRC64 check"));
}

TEST_F(DownloadTest, WithoutVerificationACorruptionGoesUnnoticed) {
  std::string data = TestBytes(4 * kPart, 8);
  Put("nv", data);
  SetFaults(R"([{"action":"flip","after_bytes":99,"method":"GET","count":1}])");
  DownloadRequest request = Request("nv", "nv");
  request.verify_crc64 = false;
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->crc64_verified);
  EXPECT_FALSE(ReadFile(dir_.path() / "nv") == data);  // what the check is for
}

TEST_F(DownloadTest, AnObjectReplacedMidDownloadRestartsOnTheNewVersion) {
  std::string data = TestBytes(8 * kPart, 9);
  Put("moving", data);
  SetFaults(
      R"([{"action":"replace","after_bytes":4096,"key":"moving","count":1}])");
  // One connection: the replacement lands while part 1 is being served,
  // so part 2 is asked for with the old ETag and gets 412.
  DownloadRequest request = Request("moving", "moving");
  request.parallel = 1;
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  std::string now = ReadFile(dir_.path() / "moving");
  EXPECT_EQ(now.size(), data.size());
  EXPECT_NE(now[0], data[0]);  // the replacement changes the first byte
  EXPECT_TRUE(now.substr(1) == data.substr(1));
  EXPECT_TRUE(result->crc64_verified);
  ASSERT_FALSE(result->notices.empty());
  EXPECT_NE(result->notices[0].find("changed during the download"),
            std::string::npos);
}

TEST_F(DownloadTest, AnObjectThatKeepsChangingFailsClearly) {
  Put("unstable", TestBytes(8 * kPart, 10));
  SetFaults(
      R"([{"action":"replace","after_bytes":1000,"key":"unstable","count":2}])");
  WriteFile(dir_.path() / "unstable", "previous");
  DownloadRequest request = Request("unstable", "unstable");
  request.parallel = 1;
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPreconditionFailed);
  EXPECT_NE(result.status().message().find("changed twice"), std::string::npos);
  EXPECT_EQ(ReadFile(dir_.path() / "unstable"), "previous");
}

TEST_F(DownloadTest, SlowBodiesAndRateLimits) {
  std::string data = TestBytes(3 * kPart, 11);
  Put("slow", data);
  SetFaults(R"([{"action":"throttle","bytes_per_second":200000}])");
  auto started = std::chrono::steady_clock::now();
  Result<DownloadResult> throttled =
      Download(*client_, Request("slow", "slow"));
  ASSERT_TRUE(throttled.ok()) << throttled.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "slow") == data);
  SetFaults("[]");
  fs::remove(dir_.path() / "slow");

  DownloadRequest limited = Request("slow", "slow");
  limited.rate_limit_bytes_per_second = 150000;  // all connections together
  started = std::chrono::steady_clock::now();
  ASSERT_TRUE(Download(*client_, limited).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - started,
            std::chrono::milliseconds(1500));
  fs::remove(dir_.path() / "slow");

  DownloadRequest traffic = Request("slow", "slow");
  traffic.traffic_limit_bits_per_second =
      1600000;  // 200 KB/s per request, server side
  traffic.parallel = 1;
  started = std::chrono::steady_clock::now();
  ASSERT_TRUE(Download(*client_, traffic).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - started,
            std::chrono::milliseconds(1200));
}

TEST_F(DownloadTest, RangedDownloadsSayTheyAreNotCrcChecked) {
  std::string data = TestBytes(5 * kPart, 12);
  Put("r", data);
  DownloadRequest request = Request("r", "r");
  request.range = ByteRange{1000, 1000 + 2 * kPart + 10};
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(request.destination) ==
              data.substr(1000, 2 * kPart + 11));
  EXPECT_FALSE(result->crc64_verified);
  ASSERT_FALSE(result->notices.empty());
  EXPECT_NE(result->notices.back().find("ranged download"), std::string::npos);

  request.range = ByteRange{data.size() - 10, std::nullopt};  // open-ended
  fs::remove(request.destination);
  ASSERT_TRUE(Download(*client_, request).ok());
  EXPECT_EQ(ReadFile(request.destination), data.substr(data.size() - 10));

  request.range = ByteRange{data.size(), std::nullopt};
  Result<DownloadResult> past_end = Download(*client_, request);
  EXPECT_EQ(past_end.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DownloadTest, BadParametersAreRefusedWithTheValidRange) {
  Put("p", "x");
  DownloadRequest request = Request("p", "p");
  request.part_size = 1000;
  Status small = Download(*client_, request).status();
  EXPECT_EQ(small.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(small.message().find("100 KB"), std::string::npos) << small;
  request.part_size = (uint64_t{5} << 30) + 1;
  EXPECT_NE(Download(*client_, request).status().message().find("5 GB"),
            std::string::npos);
  request = Request("p", "p");
  request.parallel = 300;
  EXPECT_NE(Download(*client_, request).status().message().find("1 to 256"),
            std::string::npos);
  request = Request("p", "p");
  request.range = ByteRange{10, 5};
  EXPECT_EQ(Download(*client_, request).status().code(),
            StatusCode::kInvalidArgument);
  request = Request("p", "p");
  request.destination = dir_.path() / "missing-dir" / "p";
  Status no_dir = Download(*client_, request).status();
  EXPECT_EQ(no_dir.code(), StatusCode::kNotFound);
  EXPECT_NE(no_dir.message().find("does not exist"), std::string::npos);
  request.destination = dir_.path();
  EXPECT_EQ(Download(*client_, request).status().code(),
            StatusCode::kInvalidArgument);
  ExpectNoLeftovers(dir_.path() / "none");
}

TEST_F(DownloadTest, ArchiveObjectsNeedARestoreFirst) {
  StringSource source("cold data");
  PutObjectRequest put{"bucket", "cold"};
  put.attributes.storage_class = "Archive";
  ASSERT_TRUE(client_->PutObject(put, source).ok());
  Result<DownloadResult> result = Download(*client_, Request("cold", "cold"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().service_error()->code, "InvalidObjectState");
  EXPECT_NE(result.status().ToString().find("restore it first"),
            std::string::npos);
  ExpectNoLeftovers(dir_.path() / "none");
}

// What cp -r and sync pass: the listing stands in for the HEAD of an
// object of one part, and the GET's answer brings the checksum and the
// metadata.
TEST_F(DownloadTest, AListedObjectOfOnePartTakesOneGetAndNoHead) {
  const std::string data = TestBytes(kPart, 31);
  StringSource source(data);
  PutObjectRequest put{"bucket", "listed"};
  put.attributes.user_metadata["mtime"] = "2026-11-30T10:00:00Z";
  ASSERT_TRUE(client_->PutObject(put, source).ok());
  DownloadRequest request = Request("listed", "listed");
  request.listed = Listed("listed");
  const int64_t heads = server_->Requests("HEAD");
  const int64_t gets = server_->Requests("GET");
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(server_->Requests("HEAD") - heads, 0);
  EXPECT_EQ(server_->Requests("GET") - gets, 1);
  EXPECT_TRUE(ReadFile(dir_.path() / "listed") == data);
  EXPECT_TRUE(result->crc64_verified);
  ASSERT_TRUE(result->metadata.checksum.has_value());
  EXPECT_EQ(result->metadata.checksum->value, Crc64(data));
  EXPECT_EQ(result->metadata.user_metadata["mtime"], "2026-11-30T10:00:00Z");
  EXPECT_TRUE(result->notices.empty());
  ExpectNoLeftovers(dir_.path() / "listed");
}

TEST_F(DownloadTest, AnObjectChangedSinceItWasListedIsProbedAfresh) {
  Put("changed", TestBytes(1000, 32));
  DownloadRequest request = Request("changed", "changed");
  request.listed = Listed("changed");
  const std::string now = TestBytes(3000, 33);  // another size too
  Put("changed", now);
  const int64_t heads = server_->Requests("HEAD");
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "changed") == now);
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_EQ(server_->Requests("HEAD") - heads, 1);
  ASSERT_FALSE(result->notices.empty());
  EXPECT_NE(result->notices[0].find("changed during the download"),
            std::string::npos);
}

TEST_F(DownloadTest, AListedObjectBrokenOrCorruptedInTransitIsFetchedAgain) {
  const std::string data = TestBytes(kPart - 7, 34);
  Put("broken", data);
  // A body cut short: the one GET of the whole object is sent again whole
  // (its answer's headers describe the object; a ranged rest would not).
  SetFaults(
      R"([{"action":"reset","after_bytes":5000,"method":"GET","count":1}])");
  DownloadRequest request = Request("broken", "broken");
  request.listed = Listed("broken");
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "broken") == data);
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_GE(result->bytes_transferred, data.size() + 5000);

  // A flipped byte: caught by the CRC-64 the GET's answer carried.
  SetFaults(
      R"([{"action":"flip","after_bytes":777,"method":"GET","count":1}])");
  request.destination = dir_.path() / "flipped";
  result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(ReadFile(dir_.path() / "flipped") == data);
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_TRUE(
      SaysSomewhere(result->notices, "1 part(s) failed the CRC64 check"));
}

TEST_F(DownloadTest, AListingStandsInOnlyForAWholeObjectOfOnePart) {
  Put("two-parts", TestBytes(kPart + 1, 35));
  Put("empty", "");
  Put("ranged", TestBytes(kPart, 36));
  StringSource cold("cold data");
  PutObjectRequest put{"bucket", "cold"};
  put.attributes.storage_class = "Archive";
  ASSERT_TRUE(client_->PutObject(put, cold).ok());
  for (const char* key : {"two-parts", "empty", "ranged", "cold"}) {
    SCOPED_TRACE(key);
    DownloadRequest request = Request(key, key);
    request.listed = Listed(key);
    if (std::string(key) == "ranged") request.range = ByteRange{10, 99};
    const int64_t heads = server_->Requests("HEAD");
    Result<DownloadResult> result = Download(*client_, request);
    EXPECT_EQ(server_->Requests("HEAD") - heads, 1);
    if (std::string(key) == "cold") {
      // Only the HEAD tells the restore state, and so how to get it.
      ASSERT_FALSE(result.ok());
      EXPECT_NE(result.status().ToString().find("restore it first"),
                std::string::npos);
    } else {
      EXPECT_TRUE(result.ok()) << result.status();
    }
  }
  EXPECT_EQ(fs::file_size(dir_.path() / "ranged"), 90u);
}

// A checkpoint left by an earlier run of a larger part layout is resumed
// by a probed download, never ignored in favour of the listing.
TEST_F(DownloadTest, AListedDownloadWithACheckpointToResumeProbes) {
  const std::string data = TestBytes(kPart, 37);
  Put("resumed", data);
  DownloadRequest request = Request("resumed", "resumed");
  const fs::path checkpoint = dir_.path() / "resumed.dcp";
  WriteFile(checkpoint, "left by an earlier run");
  request.listed = Listed("resumed");
  const int64_t heads = server_->Requests("HEAD");
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(server_->Requests("HEAD") - heads, 1);
  EXPECT_TRUE(ReadFile(dir_.path() / "resumed") == data);
  EXPECT_FALSE(fs::exists(checkpoint));
}

TEST_F(DownloadTest, CheckpointDirectoryAndNoTempFileModes) {
  std::string data = TestBytes(4 * kPart, 13);
  Put("modes", data);
  DownloadRequest request = Request("modes", "modes");
  request.checkpoint_path = dir_.path() / "checkpoints/";
  Interrupt(*client_, request, 2 * kPart);
  ASSERT_TRUE(fs::is_directory(dir_.path() / "checkpoints"));
  int checkpoints = 0;
  for (const auto& entry :
       fs::directory_iterator(dir_.path() / "checkpoints")) {
    checkpoints += entry.path().extension() == ".dcp";
  }
  EXPECT_EQ(checkpoints, 1);
  Result<DownloadResult> resumed = Download(*client_, request);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_GT(resumed->bytes_reused, 0u)
      << (resumed->notices.empty() ? "" : resumed->notices[0]);
  for (const auto& entry :
       fs::directory_iterator(dir_.path() / "checkpoints")) {
    ADD_FAILURE() << "left in the checkpoint directory: " << entry.path();
  }

  DownloadRequest in_place = Request("modes", "in-place");
  in_place.use_temp_file = false;
  ASSERT_TRUE(Download(*client_, in_place).ok());
  EXPECT_TRUE(ReadFile(in_place.destination) == data);
  Status refuses = Download(*client_, in_place).status();  // exists now
  EXPECT_EQ(refuses.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refuses.message().find("will not overwrite"), std::string::npos);
}

TEST_F(DownloadTest, NoCheckpointMeansNoLeftoversAfterAFailure) {
  std::string data = TestBytes(4 * kPart, 14);
  Put("nc", data);
  DownloadRequest request = Request("nc", "nc");
  request.checkpoint = false;
  request.rate_limit_bytes_per_second = 300000;
  request.progress = [&](const TransferProgress& p) {
    if (p.transferred > kPart) request.cancellation.Cancel();
  };
  EXPECT_EQ(Download(*client_, request).status().code(),
            StatusCode::kCancelled);
  EXPECT_TRUE(fs::is_empty(dir_.path()));
}

TEST_F(DownloadTest, ReadOnlyDirectoryAndFullDiskGiveClearErrors) {
  if (geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
  std::string data = TestBytes(3 << 20, 15);
  Put("full", data);
  fs::path small = dir_.path() / "small";
  fs::create_directory(small);
  if (RunCommand("mount -t tmpfs -o size=1m tmpfs " + small.string())
          .exit_code != 0) {
    GTEST_SKIP() << "mount -t tmpfs failed here";
  }
  DownloadRequest request = Request("full", "x");
  request.destination = small / "full";
  Status full = Download(*client_, request).status();
  EXPECT_FALSE(full.ok());
  EXPECT_NE(full.ToString().find("No space left on device"), std::string::npos)
      << full;
  EXPECT_FALSE(fs::exists(small / "full"));
  // Not even a sparse temp file of the full size is left.
  EXPECT_FALSE(fs::exists(small / "full.ossxfer-tmp"));
  RunCommand("umount " + small.string());

  ASSERT_EQ(RunCommand("mount -t tmpfs -o ro,size=1m tmpfs " + small.string())
                .exit_code,
            0);
  Status read_only = Download(*client_, request).status();
  EXPECT_FALSE(read_only.ok());
  EXPECT_NE(read_only.ToString().find("Read-only file system"),
            std::string::npos)
      << read_only;
  RunCommand("umount " + small.string());
}

std::unique_ptr<ChildProcess> StartDriver(const ServeProcess& server,
                                          const std::string& key,
                                          const fs::path& destination,
                                          std::vector<std::string> extra = {}) {
  setenv("OSS_ACCESS_KEY_ID", testing::kServeKeyId, 1);
  setenv("OSS_ACCESS_KEY_SECRET", testing::kServeKeySecret, 1);
  std::vector<std::string> argv = {DOWNLOAD_DRIVER, server.endpoint(),
                                   "synthetic", key, destination.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return std::make_unique<ChildProcess>(argv);
}

TEST_F(DownloadTest, KillNineInALoopThenResumeByteIdentical) {
  const uint64_t size = 128 << 20;
  const uint64_t part = 1 << 20;
  const int parallel = 4;
  SetFaults(
      R"([{"action":"throttle","bytes_per_second":8000000,"method":"GET"}])");
  fs::path destination = dir_.path() / "synthetic.bin";
  std::vector<std::string> options = {"--part-size", std::to_string(part),
                                      "--parallel", std::to_string(parallel)};
  std::mt19937_64 random(2026);
  uint64_t previous_reused = 0;
  uint64_t previous_last = 0;
  for (int iteration = 0; iteration < 20; ++iteration) {
    auto driver =
        StartDriver(*server_, std::to_string(size), destination, options);
    uint64_t first = 0, last = 0;
    bool saw_first = false;
    // Long enough for some parts to complete, so progress accumulates.
    uint64_t stop_after = (1 << 20) + random() % (5 << 20);
    while (true) {
      std::optional<std::string> line =
          driver->ReadLine(std::chrono::seconds(30));
      ASSERT_TRUE(line) << "iteration " << iteration << ": no output";
      ASSERT_TRUE(line->starts_with("progress ")) << *line;
      uint64_t transferred = std::stoull(line->substr(9));
      if (!saw_first) {
        first = transferred;
        saw_first = true;
      }
      last = transferred;
      if (last >= first + stop_after) break;
    }
    driver->Signal(SIGKILL);
    driver->Wait();
    // What this run reused must not be less than the previous run's, and
    // the previous run lost at most the parts it had in flight.
    EXPECT_GE(first, previous_reused) << "iteration " << iteration;
    previous_reused = first;
    if (iteration > 0) {
      EXPECT_LE(previous_last - std::min(previous_last, first),
                DownloadCrashRefetchBound(parallel, part))
          << "iteration " << iteration << " re-fetched too much";
    }
    previous_last = last;
    EXPECT_FALSE(fs::exists(destination))
        << "a killed run must not produce the file";
  }
  auto finisher =
      StartDriver(*server_, std::to_string(size), destination, options);
  std::string last_line;
  uint64_t reused = 0;
  bool first_line = true;
  while (std::optional<std::string> line =
             finisher->ReadLine(std::chrono::seconds(120))) {
    if (first_line && line->starts_with("progress "))
      reused = std::stoull(line->substr(9));
    first_line = false;
    last_line = *line;
  }
  EXPECT_EQ(finisher->Wait(), 0) << last_line;
  EXPECT_TRUE(last_line.starts_with("done ")) << last_line;
  EXPECT_NE(last_line.find("verified=1"), std::string::npos) << last_line;
  EXPECT_GT(reused, 0u);
  // Byte-identical to the synthetic object.
  server::SyntheticObject expected(size);
  std::string content = ReadFile(destination);
  ASSERT_EQ(content.size(), size);
  EXPECT_EQ(Crc64(content), expected.crc64());
}

TEST_F(DownloadTest, TwoProcessesOnOneDestinationTheSecondFailsFast) {
  SetFaults(
      R"([{"action":"throttle","bytes_per_second":1000000,"method":"GET"}])");
  fs::path destination = dir_.path() / "contended";
  auto first =
      StartDriver(*server_, "8388608", destination, {"--part-size", "1048576"});
  std::optional<std::string> line = first->ReadLine(std::chrono::seconds(30));
  ASSERT_TRUE(line && line->starts_with("progress")) << line.value_or("(none)");
  auto second =
      StartDriver(*server_, "8388608", destination, {"--part-size", "1048576"});
  std::string output;
  while (std::optional<std::string> out =
             second->ReadLine(std::chrono::seconds(30))) {
    output += *out + "\n";
  }
  EXPECT_EQ(second->Wait(), 1);
  EXPECT_NE(output.find("Busy: another ossxfer is already downloading"),
            std::string::npos)
      << output;
  first->Signal(SIGINT);  // cancels cleanly
  EXPECT_EQ(first->Wait(), 130);
}

TEST_F(DownloadTest, AMultiGibibyteSyntheticObject) {
  const uint64_t size = (uint64_t{2} << 30) + 5;  // odd: the last part is short
  DownloadRequest request;
  request.bucket = "synthetic";
  request.key = std::to_string(size);
  request.destination = dir_.path() / "gib.bin";
  request.parallel = 4;
  Result<DownloadResult> result = Download(*client_, request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->crc64_verified);
  EXPECT_EQ(fs::file_size(request.destination), size);
  EXPECT_EQ(result->part_size, kDefaultDownloadPartSize);
}

}  // namespace
}  // namespace ossxfer
