// Progress: the line's format, its redraw rate (on a fake clock), and tasks that report to nobody.
#include "parcel/support/progress.hpp"

#include "parcel/support/byte_sink.hpp"

#include <doctest/doctest.h>

#include <sstream>

namespace parcel {
namespace {

using std::chrono::milliseconds;

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  ProgressLine::Clock function() {
    return [this] { return now; };
  }
};

TEST_CASE("formatProgress: bytes, share, rate and ETA; the summary when finished") {
  CHECK(formatProgress(0, 0, 0, false) == "0 B");
  CHECK(formatProgress(512, 2048, 0.05, false) == "512 B of 2.0 KiB (25%)");
  CHECK(formatProgress(10 << 20, 40 << 20, 0.5, false) == "10.0 MiB of 40.0 MiB (25%), 20.0 MiB/s");
  CHECK(formatProgress(10 << 20, 40 << 20, 2, false) == "10.0 MiB of 40.0 MiB (25%), 5.0 MiB/s, ETA 6 s");
  CHECK(formatProgress(1 << 20, 200ull << 20, 1, false) == "1.0 MiB of 200.0 MiB (0%), 1.0 MiB/s, ETA 3:19");
  CHECK(formatProgress(1 << 20, 8ull << 30, 1, false) == "1.0 MiB of 8.0 GiB (0%), 1.0 MiB/s, ETA 2:16:32");
  CHECK(formatProgress(50 << 20, 0, 2, false) == "50.0 MiB, 25.0 MiB/s");
  CHECK(formatProgress(41 << 20, 40 << 20, 2, false) == "40.0 MiB of 40.0 MiB (100%), 20.0 MiB/s, ETA 0 s");
  CHECK(formatProgress(40 << 20, 40 << 20, 5, true) == "40.0 MiB in 5.0 s, 8.0 MiB/s");
  CHECK(formatProgress(700, 700, 0.01, true) == "700 B in 0.0 s");
}

TEST_CASE("a task without an observer reports to nobody") {
  CHECK(!ProgressTask::observed());
  ProgressTask task("nothing", 10);
  task.advance(5);
  task.reach(9, 10);
}

TEST_CASE("--progress: drawn at the start, at most once per interval, the last line kept with a newline") {
  std::ostringstream out;
  FakeClock clock;
  ProgressLine line(out, true, clock.function(), milliseconds(250));
  const ProgressScope scope(line);
  CHECK(ProgressTask::observed());
  {
    ProgressTask task("FOO-1.0-el7.parcel", 4 << 20);
    clock.now += milliseconds(100);
    task.advance(1 << 20);  // too soon: not drawn
    clock.now += milliseconds(200);
    task.advance(1 << 20);
    clock.now += milliseconds(1700);
    StringSink sink;
    ProgressSink counted(sink, task);
    counted.write(std::string(1 << 20, 'x').data(), 1 << 20);
    CHECK(sink.bytes().size() == 1 << 20);
    {
      ProgressTask inner("inner", 1);  // while another runs: not shown
      inner.advance(1);
    }
  }
  CHECK(out.str() ==
        "\rFOO-1.0-el7.parcel: 0 B of 4.0 MiB (0%)"
        "\rFOO-1.0-el7.parcel: 2.0 MiB of 4.0 MiB (50%), 6.7 MiB/s"
        "\rFOO-1.0-el7.parcel: 3.0 MiB of 4.0 MiB (75%), 1.5 MiB/s, ETA 1 s"
        "\rFOO-1.0-el7.parcel: 3.0 MiB in 2.0 s, 1.5 MiB/s                 \n");
}

TEST_CASE("on a terminal: nothing for short work, and the line cleared at the end") {
  std::ostringstream out;
  FakeClock clock;
  ProgressLine line(out, false, clock.function(), milliseconds(250));
  const ProgressScope scope(line);
  {
    ProgressTask task("quick", 100);
    clock.now += milliseconds(10);
    task.advance(100);
  }
  CHECK(out.str().empty());
  {
    ProgressTask task("slow", 0);
    clock.now += milliseconds(500);
    task.reach(2048, 0);
  }
  const std::string drawn = "slow: 2.0 KiB, 4.0 KiB/s";
  CHECK(out.str() == "\r" + drawn + "\r" + std::string(drawn.size(), ' ') + "\r");
}

}  // namespace
}  // namespace parcel
