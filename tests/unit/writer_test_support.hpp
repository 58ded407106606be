// Helpers shared by the tests of the writing side (byte sinks, tar, gzip, env script).
#pragma once

#include "parcel/support/byte_sink.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <cstdio>
#include <string>
#include <vector>

namespace parcel::test {

// Keeps every byte and the size of every write, and counts finish() calls.
class RecordingSink final : public ByteSink {
public:
  void write(const void* data, std::size_t size) override {
    bytes.append(static_cast<const char*>(data), size);
    writes.push_back(size);
  }
  void finish() override { ++finishes; }

  std::string bytes;
  std::vector<std::size_t> writes;
  int finishes = 0;
};

// One string for a list of lines, so a failed CHECK prints both sides readably.
inline std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Permission bits as four octal digits ("0755"), as `ls` and tar listings show them.
inline std::string octal(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

// Runs a shell command; returns its standard output and sets `status` to its exit code.
inline std::string runCommand(const std::string& command, int& status) {
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, got);
  const int raw = ::pclose(pipe);
  status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return output;
}

}  // namespace parcel::test
