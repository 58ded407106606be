// ByteSink: where writers send bytes. Writers never open files themselves, so
// they can be tested in memory and chained (tar -> gzip -> SHA-1 -> file).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace parcel {

class ByteSink {
public:
  virtual ~ByteSink() = default;
  virtual void write(const void* data, std::size_t size) = 0;
  // Flushes whatever the sink still holds (a compressor's trailer) downstream.
  // Called once, after the last write.
  virtual void finish() {}
};

// Collects everything in memory; for tests and small outputs.
class StringSink final : public ByteSink {
public:
  void write(const void* data, std::size_t size) override;
  const std::string& bytes() const { return bytes_; }

private:
  std::string bytes_;
};

class ProgressTask;

// Passes every byte on to `next` and counts it in `task` (progress.hpp).
class ProgressSink final : public ByteSink {
public:
  ProgressSink(ByteSink& next, ProgressTask& task) : next_(next), task_(task) {}
  void write(const void* data, std::size_t size) override;
  void finish() override { next_.finish(); }

private:
  ByteSink& next_;
  ProgressTask& task_;
};

// Reads the file in blocks of `blockSize` bytes and writes each to `sink`, without
// calling sink.finish(). Returns the number of bytes copied. Throws IoError.
std::uint64_t copyFileToSink(const std::filesystem::path& path, ByteSink& sink, std::size_t blockSize);

}  // namespace parcel
