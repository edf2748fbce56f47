// The live progress bars of `ossxfer cp`: one line per running transfer and
// an optional overall line, redrawn in place on a terminal.
#ifndef OSSXFER_CLI_PROGRESS_DISPLAY_H_
#define OSSXFER_CLI_PROGRESS_DISPLAY_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace ossxfer::cli {

// One line of at most `width` bytes (so at most `width` columns: no UTF-8
// character is narrower than its bytes):
//
//   big.iso [=========>          ]  45% 1.50 GiB/3.32 GiB 12.3 MiB/s ETA 2m23s
//
// The label is shortened in the middle with "..." (never inside a UTF-8
// character) and its control characters are shown as '?', so a key cannot
// move the cursor. When the width is short the bar shrinks first, then the
// label, then the speed, the sizes and the ETA are left out, in that
// order. The percentage is rounded down (100 % only when done >= total);
// a total of 0 is 100 %. A speed that is 0, negative or not finite shows as
// "-- B/s" with "ETA --".
std::string RenderProgressLine(std::string_view label, uint64_t done,
                               uint64_t total, double bytes_per_second,
                               int width);

// The line a transfer leaves behind when it ends:
//   big.iso [====================] 100% 3.32 GiB/3.32 GiB 12.3 MiB/s in 4m36s
//   big.iso [=========>          ]  45% 1.50 GiB/3.32 GiB failed
// `average_bytes_per_second` <= 0 shows "-- B/s".
std::string RenderFinishedLine(std::string_view label, uint64_t done,
                               uint64_t total, double average_bytes_per_second,
                               std::chrono::seconds elapsed, bool ok,
                               int width);

// Draws the bars on a terminal. Thread-safe: transfers report from their
// worker threads.
//
// The active lines form a block at the bottom of the output; the cursor is
// kept at the start of the line below it. A redraw moves up over the block
// ("\x1b[<n>A"), erases to the end of the screen ("\r\x1b[J") and writes the
// block again, all in one write(2), so that the terminal never shows half a
// frame. Lines are drawn one column short of the width so that a terminal
// that wraps at the last column does not add a line. At most
// kMaxActiveLines transfer lines are shown; the rest are counted in a
// "... and N more" line.
class ProgressDisplay {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // Update() and SetOverall() redraw at most this often; the calls between
  // only store their values.
  static constexpr std::chrono::milliseconds kRedrawInterval{100};
  // The speed is the average over about this long, so that it neither
  // jumps with every chunk nor lags minutes behind.
  static constexpr std::chrono::seconds kRateWindow{3};
  static constexpr int kMaxActiveLines = 10;

  // `width_or_0_for_auto`: columns; 0 asks the terminal (TIOCGWINSZ) at
  // every redraw, 80 when `fd` is not a terminal. `clock` is for tests;
  // empty means std::chrono::steady_clock::now. Does not own `fd`.
  explicit ProgressDisplay(int fd, int width_or_0_for_auto = 0,
                           Clock clock = {});
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // Returns the id for Update() and Finish(). `total` 0 means an empty
  // object (always 100 %).
  int AddTransfer(std::string label, uint64_t total);

  // `done` is the bytes in place, those reused from a checkpoint included.
  // The first Update() is the baseline of the speed, so a resumed
  // transfer's reused bytes are not counted as speed. Unknown ids (e.g.
  // after Finish) are ignored.
  void Update(int id, uint64_t done);

  // Always draws: the transfer's final line is printed above the block and
  // stays; an ok transfer shows 100 %.
  void Finish(int id, bool ok);

  // The line under the transfers for a recursive copy.
  void SetOverall(uint64_t files_done, uint64_t files_total,
                  uint64_t bytes_done, uint64_t bytes_total);

  // Prints `line` above the bars (they are redrawn under it).
  void Print(std::string line);

 private:
  using TimePoint = std::chrono::steady_clock::time_point;

  // Bytes per second over the last kRateWindow, from samples spaced at
  // least kRedrawInterval apart (the newest is replaced in between), so
  // the memory is bounded however often Update() is called.
  class RateWindow {
   public:
    void Add(TimePoint now, uint64_t done);
    // Until `now`, so that a stalled transfer's speed falls. 0 when unknown
    // (fewer than two samples, or less than 250 ms of them).
    double BytesPerSecond(TimePoint now) const;
    // Since the first sample.
    double AverageBytesPerSecond(TimePoint now) const;

   private:
    struct Sample {
      TimePoint when;
      uint64_t done;
    };
    std::deque<Sample> samples_;
    std::optional<Sample> first_;
  };

  struct Transfer {
    std::string label;
    uint64_t total = 0;
    uint64_t done = 0;
    TimePoint started;
    RateWindow rate;
  };

  struct Overall {
    uint64_t files_done = 0;
    uint64_t files_total = 0;
    uint64_t bytes_done = 0;
    uint64_t bytes_total = 0;
    RateWindow rate;
  };

  int WidthLocked() const;
  void MaybeRedrawLocked(TimePoint now);
  // Erases the block, writes `above` (whole lines) and draws the block
  // under it.
  void RedrawLocked(TimePoint now, std::string_view above);
  void WriteAll(std::string_view bytes);

  const int fd_;
  const int fixed_width_;
  const Clock clock_;

  std::mutex mu_;
  int next_id_ = 0;
  std::map<int, Transfer> active_;  // by id: lines stay in start order
  std::optional<Overall> overall_;
  int drawn_lines_ = 0;
  std::optional<TimePoint> last_draw_;
};

}  // namespace ossxfer::cli

#endif  // OSSXFER_CLI_PROGRESS_DISPLAY_H_
