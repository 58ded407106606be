// Progress of long work (packing, reading, hashing, a transfer), in bytes.
//
// The core only counts: a reader or writer holds a ProgressTask and calls
// advance() with the bytes it moved. Whoever wants to see it (parceltool, on a
// terminal or with --progress) installs an observer with a ProgressScope; with
// none installed, tasks cost a relaxed atomic load. No terminal code below the
// observer.
//
//   reader/writer --advance(bytes)--> ProgressTask --> observer (ProgressLine: "\r<label>: 12 MiB of 40 MiB ...")
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>

namespace parcel {

class ProgressObserver {
public:
  virtual ~ProgressObserver() = default;
  // One task at a time: started, advanced (from any thread; `done` only grows), finished.
  virtual void started(const std::string& label, std::uint64_t total) = 0;  // total 0: unknown
  virtual void advanced(std::uint64_t done, std::uint64_t total) = 0;
  virtual void finished() = 0;
};

// Installs `observer` for the whole process while the scope lives.
class ProgressScope {
public:
  explicit ProgressScope(ProgressObserver& observer);
  ~ProgressScope();
  ProgressScope(const ProgressScope&) = delete;
  ProgressScope& operator=(const ProgressScope&) = delete;
};

// One piece of long work. A task started while another runs (a read inside a
// transfer, say) is not shown: the outer one already is.
class ProgressTask {
public:
  ProgressTask(const std::string& label, std::uint64_t total);
  ~ProgressTask();  // finished
  ProgressTask(const ProgressTask&) = delete;
  ProgressTask& operator=(const ProgressTask&) = delete;

  // Whether an observer is installed: a caller may skip the work of naming a task.
  static bool observed();

  void advance(std::uint64_t bytes);  // thread-safe
  // For callers that learn running totals (libcurl): done so far, and the
  // total when it became known (0: still unknown).
  void reach(std::uint64_t done, std::uint64_t total);

private:
  ProgressObserver* observer_ = nullptr;  // null: nothing to tell
  std::mutex mutex_;
  std::uint64_t done_ = 0;
  std::uint64_t total_ = 0;
};

// "12.0 MiB of 40.0 MiB (30%), 8.0 MiB/s, ETA 4 s" while running (no total:
// "12.0 MiB, 8.0 MiB/s"), "40.0 MiB in 5.0 s, 8.0 MiB/s" when finished. No
// rate before a tenth of a second; no ETA before a whole second.
std::string formatProgress(std::uint64_t done, std::uint64_t total, double seconds, bool finished);

// The observer parceltool uses: one line on `out`, "\r<label>: <progress>",
// redrawn in place at most every `interval` and padded with spaces over a longer
// previous line. persistent (--progress): the last line stays, ended by a
// newline. Otherwise (a terminal): nothing for work shorter than `interval`,
// and the line is cleared when the task ends.
class ProgressLine final : public ProgressObserver {
public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  ProgressLine(std::ostream& out, bool persistent, Clock clock = std::chrono::steady_clock::now,
               std::chrono::milliseconds interval = std::chrono::milliseconds(250));

  void started(const std::string& label, std::uint64_t total) override;
  void advanced(std::uint64_t done, std::uint64_t total) override;
  void finished() override;

private:
  void draw(const std::string& text);

  std::ostream& out_;
  bool persistent_;
  Clock clock_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::string label_;
  std::uint64_t total_ = 0;
  std::uint64_t done_ = 0;
  std::chrono::steady_clock::time_point start_{};
  std::chrono::steady_clock::time_point drawn_{};
  std::size_t width_ = 0;  // of the line on screen; 0: none
};

}  // namespace parcel
