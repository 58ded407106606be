#include "archive/archive_input.hpp"

#include "parcel/support/byte_sink.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/progress.hpp"
#include "parcel/support/sha1.hpp"

#include <archive.h>
#include <isa-l/igzip_lib.h>

#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace parcel {
namespace {

constexpr std::size_t kPlainBlockSize = 64 * 1024;
// Inflating: compressed reads of 256 KiB, and 4 tar blocks of 512 KiB between
// the threads (about 2.5 MiB in all, whatever the parcel's size).
constexpr std::size_t kInputBlockSize = 256 * 1024;
constexpr std::size_t kOutputBlockSize = 512 * 1024;
constexpr std::size_t kOutputBlocks = 4;

// Reads up to `size` bytes, retrying on EINTR; -1 with errno on failure.
ssize_t readSome(int fd, unsigned char* buffer, std::size_t size) {
  for (;;) {
    const ssize_t got = ::read(fd, buffer, size);
    if (got >= 0 || errno != EINTR) return got;
  }
}

// The length of an RFC 1952 header that is wholly inside `data`, or nothing.
// Only the plain forms: a header CRC or a reserved flag leaves the file to
// libarchive, whose verdict on it is the reference.
std::optional<std::size_t> gzipHeaderLength(const unsigned char* data, std::size_t size) {
  constexpr unsigned kExtra = 4, kName = 8, kComment = 16, kRefused = 0x02 | 0xe0;
  if (size < 10 || data[0] != 0x1f || data[1] != 0x8b || data[2] != 8 || (data[3] & kRefused) != 0) return {};
  const unsigned flags = data[3];
  std::size_t at = 10;
  if ((flags & kExtra) != 0) {
    if (at + 2 > size) return {};
    at += 2 + (data[at] | (static_cast<std::size_t>(data[at + 1]) << 8));
  }
  for (const unsigned field : {kName, kComment}) {
    if ((flags & field) == 0) continue;
    const void* end = at < size ? std::memchr(data + at, 0, size - at) : nullptr;
    if (end == nullptr) return {};
    at = static_cast<std::size_t>(static_cast<const unsigned char*>(end) - data) + 1;
  }
  if (at > size) return {};
  return at;
}

// The name a progress line shows for a descriptor: the file's name as the
// kernel knows it, or "reading" (a pipe, or no /proc).
std::string fileName(int fd) {
  char target[4096];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t size = ::readlink(link.c_str(), target, sizeof target - 1);
  if (size <= 0 || target[0] != '/') return "reading";
  const std::string path(target, static_cast<std::size_t>(size));
  return path.substr(path.find_last_of('/') + 1);
}

}  // namespace

struct ArchiveSource::Pipeline {
  Pipeline(int descriptor, bool inflate, ByteSink* copyTo) : fd(descriptor), copy(copyTo) {
    struct stat info {};
    seekable = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
    if (ProgressTask::observed()) {
      progress = std::make_unique<ProgressTask>(fileName(fd), seekable ? static_cast<std::uint64_t>(info.st_size) : 0);
    }
    if (!inflate) return;
    // Only a regular file is looked at first: its first block can be read
    // again by position when it is not gzip.
    if (!seekable) return;
    input.resize(kInputBlockSize);
    const ssize_t got = ::pread(fd, input.data(), input.size(), 0);
    if (got <= 0) return;
    const auto header = gzipHeaderLength(input.data(), static_cast<std::size_t>(got));
    if (!header) return;
    if (::lseek(fd, got, SEEK_SET) != got) return;
    inflating = true;
    hash(input.data(), static_cast<std::size_t>(got));
    compressedRead = static_cast<std::uint64_t>(got);
    isal_inflate_init(&state);
    state.crc_flag = ISAL_GZIP_NO_HDR_VER;  // the trailer's CRC-32 and length are checked
    state.next_in = input.data() + *header;
    state.avail_in = static_cast<std::uint32_t>(static_cast<std::size_t>(got) - *header);
  }

  ~Pipeline() { stopThread(); }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  void stopThread() {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      cancelled = true;
    }
    changed.notify_all();
    if (inflater.joinable()) inflater.join();
  }

  // ---- the inflating thread ----

  struct Block {
    std::vector<unsigned char> bytes = std::vector<unsigned char>(kOutputBlockSize);
    std::size_t size = 0;
    std::uint64_t compressed = 0;  // compressed bytes read to produce it
  };

  // Every byte read of the file: into the hash, and the copy when there is one.
  void hash(const unsigned char* data, std::size_t size) {
    sha1.update(data, size);
    if (copy != nullptr) copy->write(data, size);
  }

  // Next compressed block into `input`; false at the end of the file or on an error.
  bool refill() {
    const ssize_t got = readSome(fd, input.data(), input.size());
    if (got <= 0) {
      readError = got < 0 ? errno : 0;
      return false;
    }
    hash(input.data(), static_cast<std::size_t>(got));
    compressedRead += static_cast<std::uint64_t>(got);
    state.next_in = input.data();
    state.avail_in = static_cast<std::uint32_t>(got);
    return true;
  }

  Block* takeFreeBlock() {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [this] { return cancelled || !spare.empty(); });
    if (cancelled) return nullptr;
    Block* block = spare.back();
    spare.pop_back();
    return block;
  }

  void publish(Block* block) {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      full.push_back(block);
    }
    changed.notify_all();
  }

  // What follows the member must be zero bytes only (padding); it is hashed too.
  GzipOutcome readAfterMember() {
    for (;;) {
      const unsigned char* rest = state.next_in;
      if (std::any_of(rest, rest + state.avail_in, [](unsigned char c) { return c != 0; })) return GzipOutcome::Problem;
      if (interruptSignal() != 0) return GzipOutcome::Interrupted;
      if (!refill()) return readError == 0 ? GzipOutcome::Clean : GzipOutcome::Problem;
    }
  }

  GzipOutcome inflateAll() {
    for (;;) {
      if (interruptSignal() != 0) return GzipOutcome::Interrupted;
      Block* block = takeFreeBlock();
      if (block == nullptr) return GzipOutcome::NotRead;
      state.next_out = block->bytes.data();
      state.avail_out = static_cast<std::uint32_t>(block->bytes.size());
      bool ended = false;
      while (state.avail_out > 0) {
        if (state.avail_in == 0 && !refill()) {
          error = readError != 0 ? "read failed: " + std::string(std::strerror(readError)) : "truncated gzip input";
          return GzipOutcome::Problem;
        }
        const int status = isal_inflate(&state);
        if (status == ISAL_INCORRECT_CHECKSUM) {
          error = "gzip check value mismatch";
          return GzipOutcome::Problem;
        }
        if (status < 0) {
          error = "gzip decompression failed";
          return GzipOutcome::Problem;
        }
        if (state.block_state == ISAL_BLOCK_FINISH) {
          ended = true;
          break;
        }
      }
      block->size = block->bytes.size() - state.avail_out;
      block->compressed = compressedRead - compressedReported;
      compressedReported = compressedRead;
      publish(block);
      if (ended) return readAfterMember();
    }
  }

  void runInflater() {
    GzipOutcome result = GzipOutcome::Problem;
    try {
      result = inflateAll();
    } catch (...) {  // the copy failing (a full disk), or SHA-1 inside OpenSSL
      error = "SHA-1 failed";
      if (copy != nullptr) failure = std::current_exception();  // else: read again the plain way
    }
    {
      const std::lock_guard<std::mutex> lock(mutex);
      outcome = result;
      done = true;
    }
    changed.notify_all();
  }

  void startInflater() {
    for (auto& block : blocks) spare.push_back(&block);
    inflater = std::thread([this] { runInflater(); });
  }

  // ---- libarchive's side ----

  // Hands the previous block back and waits for the next one; nullptr at the end.
  Block* nextBlock() {
    std::unique_lock<std::mutex> lock(mutex);
    if (current != nullptr) {
      spare.push_back(current);
      current = nullptr;
      changed.notify_all();
    }
    changed.wait(lock, [this] { return !full.empty() || done; });
    if (full.empty()) return nullptr;
    current = full.front();
    full.pop_front();
    return current;
  }

  la_ssize_t readInflated(archive* a, const void** data) {
    for (;;) {
      if (interruptSignal() != 0) {
        archive_set_error(a, EINTR, "interrupted");
        return -1;
      }
      Block* block = nextBlock();
      if (block == nullptr) break;
      // The one place where the compressed bytes consumed are counted.
      consume(block->compressed);
      if (block->size == 0) continue;
      *data = block->bytes.data();
      return static_cast<la_ssize_t>(block->size);
    }
    if (outcome == GzipOutcome::Clean) return 0;
    if (outcome == GzipOutcome::Interrupted) {
      archive_set_error(a, EINTR, "interrupted");
    } else {
      archive_set_error(a, EIO, "%s", error.empty() ? "gzip input not read" : error.c_str());
    }
    return -1;
  }

  la_ssize_t readPlain(archive* a, const void** data) {
    if (interruptSignal() != 0) {
      archive_set_error(a, EINTR, "interrupted");
      return -1;
    }
    if (input.size() < kPlainBlockSize) input.resize(kPlainBlockSize);
    const ssize_t got = readSome(fd, input.data(), input.size());
    if (got < 0) {
      archive_set_error(a, errno, "read failed");
      return -1;
    }
    // The one place where the bytes consumed are counted (uncompressed input).
    consume(static_cast<std::uint64_t>(got));
    *data = input.data();
    return got;
  }

  // After libarchive stopped: lets the inflater run to the end of the file.
  GzipOutcome drain() {
    {
      std::unique_lock<std::mutex> lock(mutex);
      for (;;) {
        if (current != nullptr) spare.push_back(current);
        current = nullptr;
        while (!full.empty()) {
          consume(full.front()->compressed);
          spare.push_back(full.front());
          full.pop_front();
        }
        changed.notify_all();
        if (done) break;
        changed.wait(lock, [this] { return !full.empty() || done; });
      }
    }
    if (inflater.joinable()) inflater.join();
    return outcome;
  }

  // Bytes of the file that libarchive's side is done with, also for progress.
  void consume(std::uint64_t bytes) {
    consumed += bytes;
    if (progress) progress->advance(bytes);
  }

  int fd;
  ByteSink* copy = nullptr;  // written on the inflating thread only
  std::exception_ptr failure;  // what the inflating thread threw, for the caller
  std::unique_ptr<ProgressTask> progress;  // only when someone watches
  bool seekable = false;
  bool inflating = false;
  std::vector<unsigned char> input;
  Sha1 sha1;
  std::uint64_t compressedRead = 0;  // by the inflater
  std::uint64_t compressedReported = 0;  // of those, passed on with a block
  std::uint64_t consumed = 0;  // by libarchive's side
  int readError = 0;
  std::string error;  // why the gzip data could not be inflated
  inflate_state state{};

  std::array<Block, kOutputBlocks> blocks;
  std::mutex mutex;  // guards spare, full, done, cancelled, outcome
  std::condition_variable changed;
  std::vector<Block*> spare;  // blocks the inflater may fill
  std::deque<Block*> full;
  Block* current = nullptr;  // handed to libarchive, valid until its next read
  bool done = false;
  bool cancelled = false;
  GzipOutcome outcome = GzipOutcome::NotRead;
  std::thread inflater;
};

namespace {

using Pipeline = ArchiveSource::Pipeline;

la_ssize_t readBlock(archive* a, void* data, const void** block) {
  auto* pipeline = static_cast<Pipeline*>(data);
  return pipeline->inflating ? pipeline->readInflated(a, block) : pipeline->readPlain(a, block);
}

// Lets libarchive jump over the data of an uncompressed tar member.
la_int64_t skipBytes(archive* /*a*/, void* data, la_int64_t request) {
  auto* pipeline = static_cast<Pipeline*>(data);
  if (pipeline->inflating || !pipeline->seekable || request <= 0) return 0;
  const off_t before = ::lseek(pipeline->fd, 0, SEEK_CUR);
  if (before < 0 || ::lseek(pipeline->fd, static_cast<off_t>(request), SEEK_CUR) < 0) return 0;
  return request;
}

int keepPipeline(archive* /*a*/, void* /*data*/) { return ARCHIVE_OK; }

int deletePipeline(archive* /*a*/, void* data) {
  delete static_cast<Pipeline*>(data);  // the descriptor belongs to the caller
  return ARCHIVE_OK;
}

int openPipeline(archive* reader, Pipeline* pipeline, archive_close_callback* close) {
  archive_read_set_callback_data(reader, pipeline);
  archive_read_set_read_callback(reader, readBlock);
  archive_read_set_skip_callback(reader, skipBytes);
  archive_read_set_close_callback(reader, close);
  if (pipeline->inflating) pipeline->startInflater();
  return archive_read_open1(reader);
}

}  // namespace

ArchiveSource::ArchiveSource(int fd, bool inflate, ByteSink* copy)
    : pipeline_(std::make_unique<Pipeline>(fd, inflate, copy)) {}

ArchiveSource::~ArchiveSource() = default;

bool ArchiveSource::inflates() const { return pipeline_->inflating; }

int ArchiveSource::open(archive* reader) { return openPipeline(reader, pipeline_.get(), keepPipeline); }

GzipOutcome ArchiveSource::finish(std::string& sha1Hex) {
  if (!pipeline_->inflating) return GzipOutcome::NotRead;
  const GzipOutcome outcome = pipeline_->drain();
  if (pipeline_->failure) std::rethrow_exception(pipeline_->failure);
  if (outcome == GzipOutcome::Clean) sha1Hex = pipeline_->sha1.hexDigest();
  return outcome;
}

void ArchiveSource::close() {
  pipeline_->stopThread();
  if (pipeline_->failure) std::rethrow_exception(pipeline_->failure);
}

int openInterruptibleInput(archive* reader, int fd, bool inflate) {
  auto pipeline = std::make_unique<Pipeline>(fd, inflate, nullptr);
  // From here on deletePipeline frees it, also when the open fails.
  return openPipeline(reader, pipeline.release(), deletePipeline);
}

}  // namespace parcel
