#include "cli/progress_display.h"

#include <errno.h>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "cli/byte_size.h"
#include "cli/terminal_text.h"

namespace ossxfer::cli {
namespace {

constexpr size_t kMinLabel = 12;      // bytes kept of a label that must shrink
constexpr size_t kMinBar = 12;        // "[" + 10 cells + "]"
constexpr size_t kPreferredBar = 22;  // what a long label leaves to the bar
constexpr size_t kMaxBar = 32;
constexpr int kDefaultWidth = 80;
// Exact products of two 64-bit numbers, so that 100 % (or a full bar) is
// shown only when done >= total. __extension__: -Wpedantic knows __int128
// is not ISO C++.
__extension__ typedef unsigned __int128 Wide;
constexpr double kMaxEtaSeconds = 99.0 * 86400;  // beyond: not worth a guess

// A field right of the bar. Fields with a higher drop rank are left out
// first when the line is short; rank 0 is never left out.
struct Field {
  std::string text;
  int drop_rank;
};

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Control characters (a key may hold "\x1b[2J" or "\n") would move the
// cursor and break the block's redraw.
std::string Sanitize(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = '?';
  }
  return out;
}

// At most `size` bytes of the start of `text`, not splitting a character.
std::string_view Head(std::string_view text, size_t size) {
  if (text.size() <= size) return text;
  while (size > 0 && IsContinuationByte(text[size])) --size;
  return text.substr(0, size);
}

// At most `size` bytes: "start...end".
std::string ShortenMiddle(std::string_view text, size_t size) {
  if (text.size() <= size) return std::string(text);
  if (size <= 4) return std::string(Head(text, size));
  size_t head = (size - 3) / 2;
  while (head > 0 && IsContinuationByte(text[head])) --head;
  size_t tail_start = text.size() - (size - 3 - (size - 3) / 2);
  while (tail_start < text.size() && IsContinuationByte(text[tail_start])) {
    ++tail_start;
  }
  return fmt::format("{}...{}", text.substr(0, head), text.substr(tail_start));
}

std::string Bar(uint64_t done, uint64_t total, size_t cells) {
  size_t filled = cells;
  if (total > 0 && done < total) {
    filled = static_cast<size_t>(static_cast<Wide>(done) * cells / total);
  }
  std::string bar = "[";
  bar.append(filled, '=');
  if (filled < cells) {
    bar += '>';
    bar.append(cells - filled - 1, ' ');
  }
  bar += ']';
  return bar;
}

bool SpeedKnown(double bytes_per_second) {
  return std::isfinite(bytes_per_second) && bytes_per_second > 0;
}

std::string SpeedText(double bytes_per_second) {
  if (!SpeedKnown(bytes_per_second)) return "-- B/s";
  // Past 2^63 the cast would be undefined; no link is that fast.
  double clamped = std::min(bytes_per_second, 9.2e18);
  return FormatBytes(static_cast<uint64_t>(clamped)) + "/s";
}

std::string EtaText(uint64_t done, uint64_t total, double bytes_per_second) {
  if (done >= total) return "ETA 0s";
  if (!SpeedKnown(bytes_per_second)) return "ETA --";
  double seconds =
      std::ceil(static_cast<double>(total - done) / bytes_per_second);
  if (seconds > kMaxEtaSeconds) return "ETA --";
  return "ETA " +
         FormatDuration(std::chrono::seconds(static_cast<int64_t>(seconds)));
}

std::string Layout(std::string_view raw_label, uint64_t done, uint64_t total,
                   std::vector<Field> fields, int width) {
  const size_t columns = width > 0 ? static_cast<size_t>(width) : 0;
  const std::string label = Sanitize(raw_label);
  uint64_t percent = 100;
  if (total > 0 && done < total) {
    percent = static_cast<uint64_t>(static_cast<Wide>(done) * 100 / total);
  }
  std::vector<bool> keep(fields.size(), true);
  auto right_text = [&] {
    std::string right = fmt::format("{:3}%", percent);
    for (size_t i = 0; i < fields.size(); ++i) {
      if (keep[i]) right += " " + fields[i].text;
    }
    return right;
  };
  std::vector<size_t> drop_order(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) drop_order[i] = i;
  std::stable_sort(drop_order.begin(), drop_order.end(),
                   [&](size_t a, size_t b) {
                     return fields[a].drop_rank > fields[b].drop_rank;
                   });

  // With a bar: leave out fields until the smallest label and bar fit.
  const size_t label_min =
      label.empty() ? 0 : std::min(label.size(), kMinLabel) + 1;
  for (size_t dropped = 0;; ++dropped) {
    const std::string right = right_text();
    if (label_min + kMinBar + 1 + right.size() <= columns) {
      const size_t avail = columns - right.size() - 1;  // label, space, bar
      size_t label_size = 0;
      if (!label.empty()) {
        size_t wanted =
            avail > 1 + kPreferredBar ? avail - 1 - kPreferredBar : 0;
        label_size = std::min(
            {label.size(), std::max(kMinLabel, wanted), avail - 1 - kMinBar});
      }
      const size_t bar_size =
          std::min(kMaxBar, avail - (label_size ? label_size + 1 : 0));
      std::string line;
      if (label_size > 0) line = ShortenMiddle(label, label_size) + " ";
      return line + Bar(done, total, bar_size - 2) + " " + right;
    }
    if (dropped == drop_order.size() ||
        fields[drop_order[dropped]].drop_rank == 0) {
      break;
    }
    keep[drop_order[dropped]] = false;
  }

  // Too narrow for a bar: the label in what is left, or only the figures.
  const std::string right = right_text();
  if (label.empty() || right.size() + 1 >= columns) {
    return std::string(Head(right, columns));
  }
  return ShortenMiddle(label, columns - right.size() - 1) + " " + right;
}

std::string SizesText(uint64_t done, uint64_t total) {
  return fmt::format("{}/{}", FormatBytes(done), FormatBytes(total));
}

double Seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

}  // namespace

std::string RenderProgressLine(std::string_view label, uint64_t done,
                               uint64_t total, double bytes_per_second,
                               int width) {
  return Layout(label, done, total,
                {{SizesText(done, total), 2},
                 {SpeedText(bytes_per_second), 3},
                 {EtaText(done, total, bytes_per_second), 1}},
                width);
}

std::string RenderFinishedLine(std::string_view label, uint64_t done,
                               uint64_t total, double average_bytes_per_second,
                               std::chrono::seconds elapsed, bool ok,
                               int width) {
  if (!ok) {
    return Layout(label, done, total,
                  {{SizesText(done, total), 2}, {"failed", 0}}, width);
  }
  return Layout(label, done, total,
                {{SizesText(done, total), 2},
                 {SpeedText(average_bytes_per_second), 3},
                 {"in " + FormatDuration(elapsed), 1}},
                width);
}

void ProgressDisplay::RateWindow::Add(TimePoint now, uint64_t done) {
  // Progress that goes back (a transfer that restarted from a clean state)
  // starts a new measurement rather than showing a negative speed.
  if (!samples_.empty() && done < samples_.back().done) {
    samples_.clear();
    first_.reset();
  }
  if (!first_) first_ = Sample{now, done};
  if (samples_.size() >= 2 &&
      now - samples_[samples_.size() - 2].when < kRedrawInterval) {
    samples_.back() = Sample{now, done};
  } else {
    samples_.push_back(Sample{now, done});
  }
  while (samples_.size() > 2 && samples_[1].when <= now - kRateWindow) {
    samples_.pop_front();
  }
}

double ProgressDisplay::RateWindow::BytesPerSecond(TimePoint now) const {
  if (samples_.size() < 2) return 0;
  const Sample& oldest = samples_.front();
  double seconds = Seconds(std::max(now, samples_.back().when) - oldest.when);
  if (seconds < 0.25) return 0;
  return static_cast<double>(samples_.back().done - oldest.done) / seconds;
}

double ProgressDisplay::RateWindow::AverageBytesPerSecond(TimePoint now) const {
  if (!first_ || samples_.empty()) return 0;
  double seconds = Seconds(now - first_->when);
  if (seconds <= 0) return 0;
  return static_cast<double>(samples_.back().done - first_->done) / seconds;
}

ProgressDisplay::ProgressDisplay(int fd, int width_or_0_for_auto, Clock clock)
    : fd_(fd),
      fixed_width_(width_or_0_for_auto),
      clock_(clock ? std::move(clock) : Clock(std::chrono::steady_clock::now)) {
}

int ProgressDisplay::AddTransfer(std::string label, uint64_t total) {
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint now = clock_();
  int id = next_id_++;
  Transfer& transfer = active_[id];
  // A label names a key or a file: any bytes, none of them for the terminal.
  transfer.label = TerminalSafe(label);
  transfer.total = total;
  transfer.started = now;
  MaybeRedrawLocked(now);
  return id;
}

void ProgressDisplay::Update(int id, uint64_t done) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = active_.find(id);
  if (it == active_.end()) return;
  TimePoint now = clock_();
  it->second.done = done;
  it->second.rate.Add(now, done);
  MaybeRedrawLocked(now);
}

void ProgressDisplay::Finish(int id, bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = active_.find(id);
  if (it == active_.end()) return;
  TimePoint now = clock_();
  Transfer& transfer = it->second;
  uint64_t done = ok ? std::max(transfer.done, transfer.total) : transfer.done;
  if (ok) transfer.rate.Add(now, done);
  auto elapsed =
      std::chrono::duration_cast<std::chrono::seconds>(now - transfer.started);
  std::string line = RenderFinishedLine(
      transfer.label, done, transfer.total,
      transfer.rate.AverageBytesPerSecond(now), elapsed, ok, WidthLocked() - 1);
  active_.erase(it);
  RedrawLocked(now, line + "\n");
}

void ProgressDisplay::SetOverall(uint64_t files_done, uint64_t files_total,
                                 uint64_t bytes_done, uint64_t bytes_total) {
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint now = clock_();
  // Assigned, not emplace()d: clang 14 takes the nested aggregate for not
  // default-constructible while ProgressDisplay is incomplete.
  if (!overall_) overall_ = Overall{};
  overall_->files_done = files_done;
  overall_->files_total = files_total;
  overall_->bytes_done = bytes_done;
  overall_->bytes_total = bytes_total;
  overall_->rate.Add(now, bytes_done);
  MaybeRedrawLocked(now);
}

void ProgressDisplay::Print(std::string line) {
  std::lock_guard<std::mutex> lock(mu_);
  if (line.empty() || line.back() != '\n') line += '\n';
  RedrawLocked(clock_(), line);
}

int ProgressDisplay::WidthLocked() const {
  if (fixed_width_ > 0) return fixed_width_;
  struct winsize size {};
  if (::ioctl(fd_, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return kDefaultWidth;
}

void ProgressDisplay::MaybeRedrawLocked(TimePoint now) {
  if (last_draw_ && now - *last_draw_ < kRedrawInterval) return;
  RedrawLocked(now, "");
}

void ProgressDisplay::RedrawLocked(TimePoint now, std::string_view above) {
  const int width = WidthLocked() - 1;
  std::string out;
  if (drawn_lines_ > 0) out += fmt::format("\x1b[{}A", drawn_lines_);
  out += "\r\x1b[J";
  out += above;
  int lines = 0;
  int shown = 0;
  const int hidden_after = static_cast<int>(active_.size()) > kMaxActiveLines
                               ? kMaxActiveLines - 1
                               : kMaxActiveLines;
  for (const auto& [id, transfer] : active_) {
    if (shown == hidden_after) {
      std::string more = fmt::format("... and {} more",
                                     static_cast<int>(active_.size()) - shown);
      out += Head(more, static_cast<size_t>(std::max(width, 0)));
      out += '\n';
      ++lines;
      break;
    }
    out += RenderProgressLine(transfer.label, transfer.done, transfer.total,
                              transfer.rate.BytesPerSecond(now), width);
    out += '\n';
    ++lines;
    ++shown;
  }
  if (overall_) {
    std::string label =
        fmt::format("{}/{} files", overall_->files_done, overall_->files_total);
    out +=
        RenderProgressLine(label, overall_->bytes_done, overall_->bytes_total,
                           overall_->rate.BytesPerSecond(now), width);
    out += '\n';
    ++lines;
  }
  drawn_lines_ = lines;
  last_draw_ = now;
  WriteAll(out);
}

void ProgressDisplay::WriteAll(std::string_view bytes) {
  // A progress bar is not worth failing a transfer for: write errors (a
  // closed terminal) are dropped.
  while (!bytes.empty()) {
    ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return;
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
}

}  // namespace ossxfer::cli
