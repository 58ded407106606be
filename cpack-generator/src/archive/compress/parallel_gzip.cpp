#include "archive/compress/parallel_gzip.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace parcel::compress {

namespace {

// RFC 1952 header, the same at every level: deflate, no flags, mtime 0, XFL 0,
// OS 3 (Unix), no file name.
constexpr std::array<unsigned char, 10> kGzipHeader{0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03};

// One chunk on its way through the pipeline. `input` holds the dictionary
// (the end of the previous chunk) followed by the chunk's own bytes.
struct Chunk {
  std::vector<unsigned char> input;
  std::size_t dictionarySize = 0;
  bool last = false;
  DeflatedChunk result;
  bool done = false;
  std::exception_ptr error;

  std::size_t dataSize() const { return input.size() - dictionarySize; }
};

class ParallelGzip final : public ByteSink {
public:
  ParallelGzip(ByteSink& downstream, const DeflateRecipe& recipe, unsigned threads)
      : downstream_(downstream), recipe_(recipe) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::min(threads, kMaxThreads);
    maxInFlight_ = threads == 1 ? 1 : 2 * threads;
    // Everything that can throw comes before the first worker starts: a
    // constructor that throws runs no destructor, and a running std::thread
    // destroyed unjoined is std::terminate (a full disk on the header did that).
    downstream_.write(kGzipHeader.data(), kGzipHeader.size());
    current_ = takeFreeChunk();
    if (threads == 1) {
      inlineDeflater_ = std::make_unique<ChunkDeflater>(recipe_);
    } else {
      for (unsigned i = 0; i < threads; ++i) workerDeflaters_.push_back(std::make_unique<ChunkDeflater>(recipe_));
      workers_.reserve(threads);
      try {
        for (auto& deflater : workerDeflaters_) {
          workers_.emplace_back([this, raw = deflater.get()] { work(*raw); });
        }
      } catch (...) {  // a thread could not be started: stop the ones that were
        stopWorkers();
        throw;
      }
    }
  }

  ~ParallelGzip() override { stopWorkers(); }
  ParallelGzip(const ParallelGzip&) = delete;
  ParallelGzip& operator=(const ParallelGzip&) = delete;

  void write(const void* data, std::size_t size) override {
    if (finished_) throw std::logic_error("gzip compressor written to after finish()");
    const auto* bytes = static_cast<const unsigned char*>(data);
    while (size > 0) {
      const std::size_t room = kChunkSize - current_->dataSize();
      const std::size_t take = std::min(room, size);
      current_->input.insert(current_->input.end(), bytes, bytes + take);
      bytes += take;
      size -= take;
      if (current_->dataSize() == kChunkSize) submitCurrent(false);
    }
  }

  void finish() override {
    if (finished_) throw std::logic_error("gzip compressor finished twice");
    finished_ = true;
    submitCurrent(true);
    while (!inFlight_.empty()) emitOldest();
    // Trailer: CRC-32 and input size modulo 2^32, both little-endian.
    std::array<unsigned char, 8> trailer{};
    const auto isize = static_cast<std::uint32_t>(inputSize_ & 0xffffffffu);
    for (int i = 0; i < 4; ++i) {
      trailer[i] = static_cast<unsigned char>((crc_ >> (8 * i)) & 0xff);
      trailer[4 + i] = static_cast<unsigned char>((isize >> (8 * i)) & 0xff);
    }
    downstream_.write(trailer.data(), trailer.size());
    stopWorkers();
    downstream_.finish();
  }

private:
  // Hands the filled chunk to a worker (or deflates it here with one thread),
  // then starts the next chunk with the last 32 KiB as its dictionary.
  void submitCurrent(bool last) {
    Chunk* chunk = current_;
    current_ = nullptr;
    chunk->last = last;
    while (inFlight_.size() >= maxInFlight_) emitOldest();
    inFlight_.push_back(chunk);
    if (inlineDeflater_) {
      deflateChunk(*inlineDeflater_, *chunk);
    } else {
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        queue_.push_back(chunk);
      }
      workAvailable_.notify_one();
    }
    if (last) return;
    Chunk* next = takeFreeChunk();
    const std::size_t keep = std::min(kDictionarySize, chunk->input.size());
    next->input.assign(chunk->input.end() - static_cast<std::ptrdiff_t>(keep), chunk->input.end());
    next->dictionarySize = keep;
    current_ = next;
  }

  void deflateChunk(ChunkDeflater& deflater, Chunk& chunk) {
    try {
      deflater.deflate(chunk.input.data(), chunk.dictionarySize, chunk.input.data() + chunk.dictionarySize,
                       chunk.dataSize(), chunk.last, chunk.result);
    } catch (...) {
      chunk.error = std::current_exception();
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    chunk.done = true;
  }

  // Waits for the oldest chunk, writes it downstream and recycles it.
  void emitOldest() {
    Chunk* chunk = inFlight_.front();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      chunkDone_.wait(lock, [chunk] { return chunk->done; });
    }
    inFlight_.pop_front();
    if (chunk->error) std::rethrow_exception(chunk->error);
    const std::size_t size = chunk->dataSize();
    crc_ = inputSize_ == 0 ? chunk->result.crc : crc32Combine(crc_, chunk->result.crc, size);
    inputSize_ += size;
    if (!chunk->result.bytes.empty()) downstream_.write(chunk->result.bytes.data(), chunk->result.bytes.size());
    free_.push_back(chunk);
  }

  Chunk* takeFreeChunk() {
    Chunk* chunk = nullptr;
    if (free_.empty()) {
      chunks_.push_back(std::make_unique<Chunk>());
      chunk = chunks_.back().get();
      chunk->input.reserve(kDictionarySize + kChunkSize);
    } else {
      chunk = free_.back();
      free_.pop_back();
    }
    chunk->input.clear();
    chunk->dictionarySize = 0;
    chunk->last = false;
    chunk->done = false;
    chunk->error = nullptr;
    return chunk;
  }

  void work(ChunkDeflater& deflater) {
    for (;;) {
      Chunk* chunk = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        workAvailable_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to do
        chunk = queue_.front();
        queue_.pop_front();
      }
      deflateChunk(deflater, *chunk);
      chunkDone_.notify_all();
    }
  }

  void stopWorkers() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      queue_.clear();  // after an error nobody waits for the rest
    }
    workAvailable_.notify_all();
    for (std::thread& worker : workers_) {
      if (worker.joinable()) worker.join();
    }
  }

  ByteSink& downstream_;
  DeflateRecipe recipe_;
  std::size_t maxInFlight_ = 1;
  std::unique_ptr<ChunkDeflater> inlineDeflater_;  // only with one thread

  std::vector<std::unique_ptr<Chunk>> chunks_;  // owns every chunk ever made (at most maxInFlight_ + 1)
  std::vector<Chunk*> free_;
  std::deque<Chunk*> inFlight_;  // submitted, in input order; touched by the caller only
  Chunk* current_ = nullptr;  // being filled by write()

  std::mutex mutex_;  // guards queue_, stopping_ and Chunk::done
  std::condition_variable workAvailable_;
  std::condition_variable chunkDone_;
  std::deque<Chunk*> queue_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<ChunkDeflater>> workerDeflaters_;  // one per worker, outlives it
  std::vector<std::thread> workers_;

  std::uint32_t crc_ = 0;
  std::uint64_t inputSize_ = 0;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ByteSink> makeParallelGzip(ByteSink& downstream, const DeflateRecipe& recipe, unsigned threads) {
  return std::make_unique<ParallelGzip>(downstream, recipe, threads);
}

}  // namespace parcel::compress
