// Deflates every K-th 256 KiB chunk of a tar stream (with the 32 KiB before it
// as dictionary, as the parcel compressor does) with each zlib setting given,
// and prints one row per chunk: the share of text bytes, the share of zero
// bytes, ISA-L level 1's size (the default level's probe), then each
// setting's size and thread CPU seconds. The per-chunk tables and the search
// limit grid of docs/performance.md come from it; not part of the build.
//
// Build: g++ -std=c++17 -O2 bench/chunk_study.cpp -lz -lisal -o chunk_study
// Usage: chunk_study TAR_FILE K SETTING...
//   SETTING  level:good:lazy:nice:chain:memLevel (chain 0 keeps the level's limits),
//            e.g. 6:0:0:0:0:8 is zlib 6, 6:16:32:128:24:8 the default level's limits
#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

namespace {

double threadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct Setting {
  std::string text;
  int level = 6, good = 0, lazy = 0, nice = 0, chain = 0, memLevel = 8;
  z_stream stream{};
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s TAR_FILE K level:good:lazy:nice:chain:memLevel...\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary | std::ios::ate);
  std::vector<unsigned char> tar(file ? static_cast<std::size_t>(file.tellg()) : 0);
  file.seekg(0);
  if (!file.read(reinterpret_cast<char*>(tar.data()), static_cast<std::streamsize>(tar.size()))) return 2;
  const std::size_t every = static_cast<std::size_t>(std::max(1, std::stoi(argv[2])));
  std::vector<Setting> settings(static_cast<std::size_t>(argc - 3));
  for (std::size_t i = 0; i < settings.size(); ++i) {
    Setting& s = settings[i];
    s.text = argv[i + 3];
    if (std::sscanf(argv[i + 3], "%d:%d:%d:%d:%d:%d", &s.level, &s.good, &s.lazy, &s.nice, &s.chain, &s.memLevel) != 6)
      return 2;
    if (deflateInit2(&s.stream, s.level, Z_DEFLATED, -15, s.memLevel, Z_DEFAULT_STRATEGY) != Z_OK) return 2;
  }
  constexpr std::size_t kChunk = 256 * 1024, kDictionary = 32 * 1024;
  std::vector<unsigned char> out(2 * kChunk), isalLevel(ISAL_DEF_LVL1_DEFAULT);
  std::printf("offset\ttext\tzero\tisal1");
  for (const Setting& s : settings) std::printf("\t%s\t%s_cpu", s.text.c_str(), s.text.c_str());
  std::printf("\n");
  for (std::size_t at = 0, index = 0; at < tar.size(); at += kChunk, ++index) {
    if (index % every != 0) continue;
    const std::size_t size = std::min(kChunk, tar.size() - at), dictionary = std::min(at, kDictionary);
    unsigned char* data = tar.data() + at;
    std::size_t text = 0, zero = 0;
    for (std::size_t i = 0; i < size; ++i) {
      const unsigned c = data[i];
      text += (c >= 32 && c < 127) || c == '\t' || c == '\n' || c == '\r';
      zero += c == 0;
    }
    isal_zstream isal{};
    isal_deflate_init(&isal);
    isal.level = 1;
    isal.level_buf = isalLevel.data();
    isal.level_buf_size = static_cast<std::uint32_t>(isalLevel.size());
    isal.gzip_flag = IGZIP_DEFLATE;
    if (dictionary > 0) isal_deflate_set_dict(&isal, data - dictionary, static_cast<std::uint32_t>(dictionary));
    isal.next_in = data;
    isal.avail_in = static_cast<std::uint32_t>(size);
    isal.next_out = out.data();
    isal.avail_out = static_cast<std::uint32_t>(out.size());
    isal.flush = SYNC_FLUSH;
    isal_deflate(&isal);
    std::printf("%zu\t%.4f\t%.4f\t%zu", at, static_cast<double>(text) / static_cast<double>(size),
                static_cast<double>(zero) / static_cast<double>(size), out.size() - isal.avail_out);
    for (Setting& s : settings) {
      const double before = threadCpuSeconds();
      deflateReset(&s.stream);
      if (s.chain > 0) deflateTune(&s.stream, s.good, s.lazy, s.nice, s.chain);
      if (dictionary > 0) deflateSetDictionary(&s.stream, data - dictionary, static_cast<uInt>(dictionary));
      s.stream.next_in = data;
      s.stream.avail_in = static_cast<uInt>(size);
      s.stream.next_out = out.data();
      s.stream.avail_out = static_cast<uInt>(out.size());
      deflate(&s.stream, Z_SYNC_FLUSH);
      std::printf("\t%zu\t%.5f", out.size() - s.stream.avail_out, threadCpuSeconds() - before);
    }
    std::printf("\n");
  }
  for (Setting& s : settings) deflateEnd(&s.stream);
  return 0;
}
