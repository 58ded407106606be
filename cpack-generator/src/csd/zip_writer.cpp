// A small deterministic zip writer for CSD jars. The format is written by hand
// (APPNOTE 6.3: local headers, central directory, end record) so that every
// byte is under our control: the DOS time fields are constants (libarchive
// derives them from the host's time zone) and names are stored as given, in
// UTF-8, whatever the process locale. Deflate is zlib's raw deflate.
#include "parcel/csd/jar.hpp"
#include "parcel/support/error.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace parcel::csd {
namespace {

constexpr std::uint16_t kDosTime = 0;  // 00:00:00
constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
constexpr std::uint16_t kUtf8Flag = 0x0800;
constexpr std::uint16_t kDeflate = 8;
constexpr std::uint16_t kVersionNeeded = 20;
constexpr std::uint16_t kVersionMadeBy = (3 << 8) | 20;  // Unix, 2.0: external attributes hold a mode

class Buffer {
public:
  void u16(std::uint16_t value) {
    bytes_.push_back(static_cast<char>(value & 0xff));
    bytes_.push_back(static_cast<char>(value >> 8));
  }
  void u32(std::uint32_t value) {
    u16(static_cast<std::uint16_t>(value & 0xffff));
    u16(static_cast<std::uint16_t>(value >> 16));
  }
  void text(const std::string& value) { bytes_ += value; }
  const std::string& bytes() const { return bytes_; }

private:
  std::string bytes_;
};

std::string deflateRaw(const std::string& input) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw ArchiveError("zlib: deflateInit2 failed");
  }
  std::string output(deflateBound(&stream, static_cast<uLong>(input.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(output.data());
  stream.avail_out = static_cast<uInt>(output.size());
  const int result = deflate(&stream, Z_FINISH);
  output.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw ArchiveError("zlib: deflate did not finish");
  return output;
}

std::uint32_t checked32(std::size_t value, const char* what) {
  if (value >= std::numeric_limits<std::uint32_t>::max()) throw InputError(std::string("CSD jar too large: ") + what);
  return static_cast<std::uint32_t>(value);
}

}  // namespace

std::string jarManifest() { return "Manifest-Version: 1.0\r\nCreated-By: parceltool\r\n\r\n"; }

void writeJar(std::vector<JarEntry> entries, ByteSink& out) {
  constexpr std::string_view kManifest = "META-INF/MANIFEST.MF";
  std::sort(entries.begin(), entries.end(), [&](const JarEntry& a, const JarEntry& b) {
    if ((a.name == kManifest) != (b.name == kManifest)) return a.name == kManifest;
    return a.name < b.name;
  });
  Buffer central;
  std::size_t offset = 0;
  for (const JarEntry& entry : entries) {
    const std::string data = deflateRaw(entry.content);
    const std::uint32_t crc =
        static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(entry.content.data()),
                                         static_cast<uInt>(entry.content.size())));
    const std::uint16_t nameLength = static_cast<std::uint16_t>(entry.name.size());
    Buffer local;
    local.u32(0x04034b50);
    local.u16(kVersionNeeded);
    local.u16(kUtf8Flag);
    local.u16(kDeflate);
    local.u16(kDosTime);
    local.u16(kDosDate);
    local.u32(crc);
    local.u32(checked32(data.size(), entry.name.c_str()));
    local.u32(checked32(entry.content.size(), entry.name.c_str()));
    local.u16(nameLength);
    local.u16(0);
    local.text(entry.name);
    out.write(local.bytes().data(), local.bytes().size());
    out.write(data.data(), data.size());

    const std::uint32_t mode = entry.executable ? 0100755 : 0100644;
    central.u32(0x02014b50);
    central.u16(kVersionMadeBy);
    central.u16(kVersionNeeded);
    central.u16(kUtf8Flag);
    central.u16(kDeflate);
    central.u16(kDosTime);
    central.u16(kDosDate);
    central.u32(crc);
    central.u32(static_cast<std::uint32_t>(data.size()));
    central.u32(static_cast<std::uint32_t>(entry.content.size()));
    central.u16(nameLength);
    central.u16(0);  // extra
    central.u16(0);  // comment
    central.u16(0);  // disk
    central.u16(0);  // internal attributes
    central.u32(mode << 16);
    central.u32(checked32(offset, "offset"));
    central.text(entry.name);
    offset += local.bytes().size() + data.size();
  }
  if (entries.size() >= 0xffff) throw InputError("CSD jar has too many entries");
  Buffer end;
  end.u32(0x06054b50);
  end.u16(0);
  end.u16(0);
  end.u16(static_cast<std::uint16_t>(entries.size()));
  end.u16(static_cast<std::uint16_t>(entries.size()));
  end.u32(checked32(central.bytes().size(), "central directory"));
  end.u32(checked32(offset, "offset"));
  end.u16(0);
  out.write(central.bytes().data(), central.bytes().size());
  out.write(end.bytes().data(), end.bytes().size());
  out.finish();
}

}  // namespace parcel::csd
