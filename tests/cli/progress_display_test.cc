#include "cli/progress_display.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/test_sizes.h"

namespace ossxfer::cli {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

using ::ossxfer::testing::kMiB;
constexpr char kRedraw[] = "\x1b[J";  // every frame erases the old block

size_t Count(std::string_view text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

TEST(RenderProgressLineTest, FullLine) {
  std::string line = RenderProgressLine("big.iso", 3 * kMiB / 2 * 1024,
                                        3 * kMiB * 1024, 12.5 * kMiB, 100);
  EXPECT_EQ(line.find("big.iso ["), 0u) << line;
  // 1536 MiB at 12.5 MiB/s: 122.9 s, rounded up.
  EXPECT_NE(line.find("]  50% 1.50 GiB/3.00 GiB 12.5 MiB/s ETA 2m03s"),
            std::string::npos)
      << line;
  EXPECT_LE(line.size(), 100u);
}

TEST(RenderProgressLineTest, BarFillsWithProgress) {
  EXPECT_NE(RenderProgressLine("", 0, 100, 0, 80).find("[>"),
            std::string::npos);
  std::string half = RenderProgressLine("", 50, 100, 0, 80);
  size_t open = half.find('[');
  size_t arrow = half.find('>');
  size_t close = half.find(']');
  ASSERT_NE(arrow, std::string::npos) << half;
  EXPECT_EQ(arrow - open - 1, (close - open - 1) / 2) << half;
  std::string full = RenderProgressLine("", 100, 100, 0, 80);
  EXPECT_EQ(full.find('>'), std::string::npos) << full;
  EXPECT_EQ(full.find("[="), 0u) << full;
  EXPECT_NE(full.find("=] 100%"), std::string::npos) << full;
}

TEST(RenderProgressLineTest, PercentIsRoundedDown) {
  EXPECT_NE(RenderProgressLine("f", 999, 1000, 0, 80).find(" 99%"),
            std::string::npos);
  EXPECT_NE(RenderProgressLine("f", 1000, 1000, 0, 80).find("100%"),
            std::string::npos);
  EXPECT_NE(RenderProgressLine("f", 5000, 1000, 0, 80).find("100%"),
            std::string::npos);
}

TEST(RenderProgressLineTest, HundredPercentOnlyWhenDone) {
  const uint64_t total = ~uint64_t{0};
  std::string line = RenderProgressLine("f", total - 1, total, 0, 80);
  EXPECT_NE(line.find(" 99%"), std::string::npos) << line;
  EXPECT_NE(line.find(">]"), std::string::npos) << line;
}

TEST(RenderProgressLineTest, ZeroTotalIsComplete) {
  std::string line = RenderProgressLine("empty.txt", 0, 0, 0, 80);
  EXPECT_NE(line.find("100% 0 B/0 B"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 0s"), std::string::npos) << line;
  EXPECT_EQ(line.find('>'), std::string::npos) << line;
}

TEST(RenderProgressLineTest, UnknownSpeed) {
  for (double speed : {0.0, -5.0, std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::infinity()}) {
    std::string line = RenderProgressLine("f", 10, 100, speed, 80);
    EXPECT_NE(line.find("-- B/s ETA --"), std::string::npos) << line;
  }
  // Too slow to be worth a guess.
  EXPECT_NE(RenderProgressLine("f", 0, 1ull << 50, 1, 80).find("ETA --"),
            std::string::npos);
}

TEST(RenderProgressLineTest, NeverLongerThanWidth) {
  const std::string long_label =
      "very/long/prefix/of/a/key/that/goes/on/and/on/file-name.tar.gz";
  for (std::string label : {std::string(""), std::string("a.txt"), long_label,
                            std::string(300, 'x')}) {
    for (int width = 0; width <= 200; ++width) {
      std::string line =
          RenderProgressLine(label, 123456789, 987654321, 5.5 * kMiB, width);
      ASSERT_LE(line.size(), static_cast<size_t>(width))
          << "width " << width << ": " << line;
      if (width >= 4) {
        EXPECT_NE(line.find("12%"), std::string::npos)
            << "width " << width << ": " << line;
      }
    }
  }
}

TEST(RenderProgressLineTest, ShrinksInOrder) {
  const std::string label =
      "very/long/prefix/of/a/key/that/goes/on/and/on/file-name.tar.gz";
  // Wide: everything, the label whole.
  std::string line = RenderProgressLine(label, 10 * kMiB, 20 * kMiB, kMiB, 140);
  EXPECT_NE(line.find(label), std::string::npos) << line;
  EXPECT_NE(line.find("1.00 MiB/s"), std::string::npos) << line;

  // Narrower: the label is shortened in the middle, keeping both ends.
  line = RenderProgressLine(label, 10 * kMiB, 20 * kMiB, kMiB, 80);
  EXPECT_EQ(line.find(label), std::string::npos) << line;
  EXPECT_EQ(line.find("very/"), 0u) << line;
  EXPECT_NE(line.find("..."), std::string::npos) << line;
  EXPECT_NE(line.find("tar.gz ["), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 10s"), std::string::npos) << line;

  // Narrower still: the speed goes, then the sizes; the ETA stays longest.
  line = RenderProgressLine(label, 10 * kMiB, 20 * kMiB, kMiB, 60);
  EXPECT_EQ(line.find("MiB/s"), std::string::npos) << line;
  EXPECT_NE(line.find("10.0 MiB/20.0 MiB"), std::string::npos) << line;
  line = RenderProgressLine(label, 10 * kMiB, 20 * kMiB, kMiB, 40);
  EXPECT_EQ(line.find("MiB"), std::string::npos) << line;
  EXPECT_NE(line.find(" 50% ETA 10s"), std::string::npos) << line;
  EXPECT_NE(line.find('['), std::string::npos) << line;

  // Too narrow for a bar: label and percentage.
  line = RenderProgressLine(label, 10 * kMiB, 20 * kMiB, kMiB, 20);
  EXPECT_EQ(line.find('['), std::string::npos) << line;
  EXPECT_NE(line.find(" 50%"), std::string::npos) << line;
}

TEST(RenderProgressLineTest, LabelIsSanitisedAndCutOnCharacters) {
  std::string line = RenderProgressLine("evil\x1b[2J\nname\r", 1, 2, 0, 80);
  EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  EXPECT_EQ(line.find('\r'), std::string::npos) << line;
  EXPECT_EQ(line.find("evil?[2J?name? ["), 0u) << line;

  // "中" is 3 bytes; every cut must leave whole characters.
  std::string label;
  for (int i = 0; i < 40; ++i) label += "\xe4\xb8\xad";
  for (int width = 20; width < 140; ++width) {
    std::string cut = RenderProgressLine(label, 1, 2, 0, width);
    ASSERT_LE(cut.size(), static_cast<size_t>(width));
    std::string_view shown(cut.data(), cut.find(' '));
    size_t dots = shown.find("...");
    std::string_view without =
        dots == std::string_view::npos ? shown : shown.substr(0, dots);
    EXPECT_EQ(without.size() % 3, 0u) << cut;
    if (dots != std::string_view::npos) {
      EXPECT_EQ((shown.size() - dots - 3) % 3, 0u) << cut;
    }
  }
}

TEST(RenderFinishedLineTest, OkAndFailed) {
  std::string ok = RenderFinishedLine("a.bin", 20 * kMiB, 20 * kMiB, 2.0 * kMiB,
                                      std::chrono::seconds(10), true, 100);
  EXPECT_NE(ok.find("100% 20.0 MiB/20.0 MiB 2.00 MiB/s in 10s"),
            std::string::npos)
      << ok;
  std::string failed =
      RenderFinishedLine("a.bin", 5 * kMiB, 20 * kMiB, 2.0 * kMiB,
                         std::chrono::seconds(10), false, 100);
  EXPECT_NE(failed.find(" 25% 5.00 MiB/20.0 MiB failed"), std::string::npos)
      << failed;
  // "failed" survives narrow terminals.
  for (int width = 20; width < 60; ++width) {
    std::string narrow =
        RenderFinishedLine("a-long-name-for-a-file.bin", 5, 20, 0,
                           std::chrono::seconds(1), false, width);
    EXPECT_LE(narrow.size(), static_cast<size_t>(width));
    EXPECT_NE(narrow.find("failed"), std::string::npos) << narrow;
  }
}

// A display writing into a pipe, with a clock the test moves.
class ProgressDisplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    read_fd_ = fds[0];
    write_fd_ = fds[1];
    ASSERT_EQ(::fcntl(read_fd_, F_SETFL, O_NONBLOCK), 0);
    display_ = std::make_unique<ProgressDisplay>(write_fd_, kWidth,
                                                 [this] { return now_; });
  }
  void TearDown() override {
    display_.reset();
    ::close(read_fd_);
    if (write_fd_ >= 0) ::close(write_fd_);
  }

  // Everything written since the last call.
  std::string Drain() {
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(read_fd_, buffer, sizeof(buffer))) > 0) {
      out.append(buffer, static_cast<size_t>(n));
    }
    return out;
  }

  static constexpr int kWidth = 100;
  TimePoint now_ = TimePoint() + 1000s;
  int read_fd_ = -1;
  int write_fd_ = -1;
  std::unique_ptr<ProgressDisplay> display_;
};

TEST_F(ProgressDisplayTest, ThrottlesUpdatesButNotForever) {
  int id = display_->AddTransfer("file.bin", 100 * kMiB);
  EXPECT_EQ(Count(Drain(), kRedraw), 1u);  // the first frame is drawn

  for (int i = 1; i <= 100; ++i) {
    now_ += 500us;  // 100 updates in 50 ms
    display_->Update(id, i * kMiB / 2);
  }
  EXPECT_LE(Count(Drain(), kRedraw), 1u);

  now_ += ProgressDisplay::kRedrawInterval;
  display_->Update(id, 60 * kMiB);
  std::string frame = Drain();
  EXPECT_EQ(Count(frame, kRedraw), 1u);
  EXPECT_NE(frame.find(" 60% 60.0 MiB/100 MiB"), std::string::npos) << frame;
}

TEST_F(ProgressDisplayTest, FinishAlwaysDrawsOneHundredPercent) {
  int id = display_->AddTransfer("file.bin", 8 * kMiB);
  Drain();
  display_->Update(id, kMiB);  // within the interval: only stored
  EXPECT_EQ(Drain(), "");
  display_->Finish(id, true);
  std::string out = Drain();
  EXPECT_EQ(Count(out, kRedraw), 1u) << out;
  EXPECT_NE(out.find("file.bin ["), std::string::npos) << out;
  EXPECT_NE(out.find("100% 8.00 MiB/8.00 MiB"), std::string::npos) << out;
  // The finished line is kept: it ends with a newline and nothing follows,
  // since no transfer is active any more.
  EXPECT_EQ(out.substr(out.size() - 1), "\n");
  EXPECT_EQ(Count(out, "\n"), 1u) << out;

  // Later calls for that id are ignored.
  display_->Update(id, 9 * kMiB);
  now_ += 1s;
  display_->Update(id, 9 * kMiB);
  EXPECT_EQ(Drain(), "");
}

TEST_F(ProgressDisplayTest, FailedTransferSaysSo) {
  int id = display_->AddTransfer("broken.bin", 100);
  display_->Update(id, 40);
  Drain();
  display_->Finish(id, false);
  std::string out = Drain();
  EXPECT_NE(out.find(" 40% 40 B/100 B failed"), std::string::npos) << out;
}

TEST_F(ProgressDisplayTest, RedrawMovesUpOverTheBlock) {
  int a = display_->AddTransfer("a", 100);
  now_ += 1s;
  int b = display_->AddTransfer("b", 100);
  std::string out = Drain();
  // The second frame climbs over the first frame's single line.
  EXPECT_NE(out.find("\x1b[1A\r\x1b[J"), std::string::npos) << out;
  now_ += 1s;
  display_->Update(a, 10);
  out = Drain();
  EXPECT_EQ(out.find("\x1b[2A\r\x1b[J"), 0u) << out;
  EXPECT_EQ(Count(out, "\n"), 2u);
  EXPECT_LT(out.find("a ["), out.find("b [")) << out;

  // Finishing `a` prints it above and leaves `b` as the whole block.
  display_->Finish(a, true);
  out = Drain();
  EXPECT_EQ(out.find("\x1b[2A\r\x1b[J"), 0u) << out;
  EXPECT_LT(out.find("a ["), out.find("b [")) << out;
  now_ += 1s;
  display_->Update(b, 20);
  out = Drain();
  EXPECT_EQ(out.find("\x1b[1A\r\x1b[J"), 0u) << out;
  EXPECT_EQ(out.find("a ["), std::string::npos) << out;
}

TEST_F(ProgressDisplayTest, PrintGoesAboveTheBars) {
  int id = display_->AddTransfer("x.bin", 100);
  display_->Update(id, 50);
  Drain();
  display_->Print("warning: something");
  std::string out = Drain();
  EXPECT_EQ(out.find("\x1b[1A\r\x1b[Jwarning: something\n"), 0u) << out;
  EXPECT_NE(out.find("x.bin ["), std::string::npos) << out;
  EXPECT_GT(out.find("x.bin ["), out.find("warning"));
}

TEST_F(ProgressDisplayTest, LinesFitTheWidth) {
  int id = display_->AddTransfer(std::string(500, 'k'), 1000);
  display_->SetOverall(3, 10, 1000, 5000);
  now_ += 1s;
  display_->Update(id, 10);
  std::string out = Drain();
  size_t start = 0;
  for (size_t end = out.find('\n'); end != std::string::npos;
       start = end + 1, end = out.find('\n', start)) {
    std::string line = out.substr(start, end - start);
    size_t clear = line.rfind("\x1b[J");
    if (clear != std::string::npos) line = line.substr(clear + 3);
    EXPECT_LT(line.size(), static_cast<size_t>(kWidth)) << line;
  }
  EXPECT_NE(out.find("3/10 files ["), std::string::npos) << out;
}

TEST_F(ProgressDisplayTest, SpeedIsAveragedOverAWindow) {
  int id = display_->AddTransfer("f", 100 * kMiB);
  // A resumed transfer starts at 40 MiB: that is not speed.
  display_->Update(id, 40 * kMiB);
  for (int second = 1; second <= 10; ++second) {
    now_ += 1s;
    display_->Update(id, (40 + 2 * second) * kMiB);
  }
  std::string out = Drain();
  std::string last = out.substr(out.rfind("\r\x1b[J"));
  EXPECT_NE(last.find(" 60% 60.0 MiB/100 MiB 2.00 MiB/s ETA 20s"),
            std::string::npos)
      << last;

  // The rate follows a change within the window (3 s), not the average
  // since the start.
  for (int second = 1; second <= 4; ++second) {
    now_ += 1s;
    display_->Update(id, (60 + 8 * second) * kMiB);
  }
  out = Drain();
  last = out.substr(out.rfind("\r\x1b[J"));
  EXPECT_NE(last.find(" 92% 92.0 MiB/100 MiB 8.00 MiB/s ETA 1s"),
            std::string::npos)
      << last;

  // At the end the line shows the average since the first update.
  now_ += 1s;
  display_->Finish(id, true);
  out = Drain();
  // 60 MiB in 15 s.
  EXPECT_NE(out.find("100% 100 MiB/100 MiB 4.00 MiB/s in 15s"),
            std::string::npos)
      << out;
}

TEST_F(ProgressDisplayTest, SpeedIsUnknownAtFirst) {
  int id = display_->AddTransfer("f", 100);
  now_ += 1s;
  display_->Update(id, 10);
  std::string out = Drain();
  EXPECT_NE(out.find("-- B/s ETA --"), std::string::npos) << out;
}

TEST_F(ProgressDisplayTest, ManyTransfersAreCapped) {
  std::vector<int> ids;
  for (int i = 0; i < 15; ++i) {
    ids.push_back(display_->AddTransfer("t" + std::to_string(i), 10));
  }
  now_ += 1s;
  display_->Update(ids[0], 1);
  std::string out = Drain();
  std::string last = out.substr(out.rfind("\r\x1b[J"));
  EXPECT_EQ(Count(last, "\n"),
            static_cast<size_t>(ProgressDisplay::kMaxActiveLines));
  EXPECT_NE(last.find("... and 6 more\n"), std::string::npos) << last;
}

TEST_F(ProgressDisplayTest, ConcurrentCallersDoNotInterleaveFrames) {
  // A reader empties the pipe meanwhile, so that a display that drew too
  // often would fail the checks below rather than block on a full pipe.
  ASSERT_EQ(::fcntl(read_fd_, F_SETFL, 0), 0);
  std::string out;
  std::thread reader([this, &out] {
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(read_fd_, buffer, sizeof(buffer))) > 0) {
      out.append(buffer, static_cast<size_t>(n));
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      int id = display_->AddTransfer("thread" + std::to_string(t), 1000);
      for (int i = 0; i <= 1000; ++i) display_->Update(id, i);
      display_->Finish(id, true);
    });
  }
  for (std::thread& thread : threads) thread.join();
  display_.reset();
  ::close(write_fd_);
  write_fd_ = -1;  // the reader sees the end of the pipe
  reader.join();

  // Each frame is written whole (one write(2) under the lock): split at
  // the erase that starts every frame, each piece is whole progress lines,
  // then at most the cursor-up that starts the next frame.
  size_t frames = 0;
  size_t start = out.find("\r\x1b[J");
  ASSERT_EQ(start, 0u) << out;
  while (start != std::string::npos) {
    size_t next = out.find("\r\x1b[J", start + 1);
    std::string frame =
        out.substr(start + 4, next == std::string::npos ? std::string::npos
                                                        : next - start - 4);
    size_t up = frame.rfind("\x1b[");
    if (up != std::string::npos) frame = frame.substr(0, up);
    ASSERT_FALSE(frame.empty());
    EXPECT_EQ(frame.back(), '\n') << frame;
    for (size_t line_start = 0; line_start < frame.size();) {
      size_t end = frame.find('\n', line_start);
      std::string line = frame.substr(line_start, end - line_start);
      EXPECT_EQ(line.find("thread"), 0u) << line;
      EXPECT_NE(line.find("%"), std::string::npos) << line;
      line_start = end + 1;
    }
    ++frames;
    start = next;
  }
  // The first frame and one per Finish: the frozen clock allows no other.
  EXPECT_EQ(frames, 5u);
  EXPECT_EQ(Count(out, "B/s in 0s"), 4u) << out;
}

}  // namespace
}  // namespace ossxfer::cli
