#include "parcel/support/progress.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ostream>

namespace parcel {
namespace {

std::atomic<ProgressObserver*> installed{nullptr};
std::atomic<bool> taskRunning{false};

std::string bytes(std::uint64_t count) {
  if (count < 1024) return std::to_string(count) + " B";
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(count) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

std::string duration(double seconds) {
  const auto whole = static_cast<std::uint64_t>(seconds + 0.5);
  char text[32];
  if (whole < 60) {
    std::snprintf(text, sizeof text, "%llu s", static_cast<unsigned long long>(whole));
  } else if (whole < 3600) {
    std::snprintf(text, sizeof text, "%llu:%02llu", static_cast<unsigned long long>(whole / 60),
                  static_cast<unsigned long long>(whole % 60));
  } else {
    std::snprintf(text, sizeof text, "%llu:%02llu:%02llu", static_cast<unsigned long long>(whole / 3600),
                  static_cast<unsigned long long>(whole / 60 % 60), static_cast<unsigned long long>(whole % 60));
  }
  return text;
}

}  // namespace

ProgressScope::ProgressScope(ProgressObserver& observer) { installed.store(&observer); }

ProgressScope::~ProgressScope() { installed.store(nullptr); }

ProgressTask::ProgressTask(const std::string& label, std::uint64_t total) : total_(total) {
  ProgressObserver* observer = installed.load(std::memory_order_relaxed);
  if (observer == nullptr || taskRunning.exchange(true)) return;
  observer_ = observer;
  observer_->started(label, total);
}

bool ProgressTask::observed() { return installed.load(std::memory_order_relaxed) != nullptr; }

ProgressTask::~ProgressTask() {
  if (observer_ == nullptr) return;
  observer_->finished();
  taskRunning.store(false);
}

void ProgressTask::advance(std::uint64_t bytes) {
  if (observer_ == nullptr) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  done_ += bytes;
  observer_->advanced(done_, total_);
}

void ProgressTask::reach(std::uint64_t done, std::uint64_t total) {
  if (observer_ == nullptr) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (done <= done_ && (total == 0 || total == total_)) return;
  done_ = std::max(done, done_);
  if (total != 0) total_ = total;
  observer_->advanced(done_, total_);
}

std::string formatProgress(std::uint64_t done, std::uint64_t total, double seconds, bool finished) {
  const bool rated = seconds >= 0.1;
  const double rate = rated ? static_cast<double>(done) / seconds : 0;
  const std::string speed = rated ? ", " + bytes(static_cast<std::uint64_t>(rate)) + "/s" : "";
  if (finished) {
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, "%.1f s", seconds);
    return bytes(done) + " in " + elapsed + speed;
  }
  if (total == 0) return bytes(done) + speed;
  done = std::min(done, total);  // a tar stream's headers may make it a little more than expected
  std::string text = bytes(done) + " of " + bytes(total) + " (" + std::to_string(done * 100 / total) + "%)" + speed;
  if (rated && seconds >= 1 && done > 0) text += ", ETA " + duration(static_cast<double>(total - done) / rate);
  return text;
}

ProgressLine::ProgressLine(std::ostream& out, bool persistent, Clock clock, std::chrono::milliseconds interval)
    : out_(out), persistent_(persistent), clock_(std::move(clock)), interval_(interval) {}

void ProgressLine::draw(const std::string& text) {
  std::string line = "\r" + label_ + ": " + text;
  const std::size_t width = line.size() - 1;
  if (width < width_) line.append(width_ - width, ' ');
  width_ = std::max(width, width_);
  out_ << line << std::flush;
}

void ProgressLine::started(const std::string& label, std::uint64_t total) {
  const std::lock_guard<std::mutex> lock(mutex_);
  label_ = label;
  total_ = total;
  done_ = 0;
  start_ = drawn_ = clock_();
  width_ = 0;
  if (persistent_) draw(formatProgress(0, total_, 0, false));
}

void ProgressLine::advanced(std::uint64_t done, std::uint64_t total) {
  const std::lock_guard<std::mutex> lock(mutex_);
  done_ = done;
  total_ = total;
  const auto now = clock_();
  if (now - drawn_ < interval_) return;
  drawn_ = now;
  draw(formatProgress(done_, total_, std::chrono::duration<double>(now - start_).count(), false));
}

void ProgressLine::finished() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (persistent_) {
    draw(formatProgress(done_, total_, std::chrono::duration<double>(clock_() - start_).count(), true));
    out_ << "\n" << std::flush;
  } else if (width_ > 0) {
    out_ << "\r" << std::string(width_, ' ') << "\r" << std::flush;
  }
  width_ = 0;
}

}  // namespace parcel
