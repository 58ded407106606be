// A .deb is an ar archive: debian-binary ("2.0\n"), control.tar[.gz|.xz|.zst],
// data.tar[.gz|.xz|.zst|.bz2|.lzma] (deb(5)). libarchive reads the ar, and the
// two tars inside it as nested archives: control.tar from memory (it is small),
// data.tar streamed from the outer archive, so a large package is never held.
#include "archive/archive_entry_type.hpp"
#include "archive/archive_input.hpp"
#include "parcel/package/deb822.hpp"
#include "parcel/package/package_contents.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/unique_fd.hpp"
#include "reader_support.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <map>
#include <memory>
#include <set>

namespace parcel {
namespace {

using package::packageError;

struct ReadDeleter {
  void operator()(archive* handle) const { archive_read_free(handle); }
};
using Reader = std::unique_ptr<archive, ReadDeleter>;

constexpr std::size_t kMaxControlSize = 16 * 1024 * 1024;
constexpr std::size_t kBlock = 64 * 1024;
const char* const kMaintainerScripts[] = {"preinst", "postinst", "prerm", "postrm", "config", "triggers"};

std::string errorText(archive* handle) {
  const char* text = archive_error_string(handle);
  return text != nullptr ? text : "unknown libarchive error";
}

Reader innerReader() {
  Reader reader(archive_read_new());
  if (!reader) throw ArchiveError("archive_read_new failed");
  // Every compression Debian 12's dpkg-deb writes or reads (and none at all).
  for (auto* support :
       {archive_read_support_filter_gzip, archive_read_support_filter_xz, archive_read_support_filter_zstd,
        archive_read_support_filter_bzip2, archive_read_support_filter_lzma}) {
    support(reader.get());
  }
  archive_read_support_format_tar(reader.get());
  return reader;
}

// The member name's compression suffix must be one dpkg knows.
bool isTarMember(const std::string& name, const std::string& stem) {
  static const std::set<std::string> kSuffixes = {"", ".gz", ".xz", ".zst", ".bz2", ".lzma"};
  return name.compare(0, stem.size(), stem) == 0 && kSuffixes.count(name.substr(stem.size())) != 0;
}

// Reads the nested data.tar from the outer archive's current member.
struct NestedInput {
  archive* outer;
  std::array<char, kBlock> buffer;
};

la_ssize_t readNested(archive*, void* data, const void** block) {
  auto* input = static_cast<NestedInput*>(data);
  const la_ssize_t got = archive_read_data(input->outer, input->buffer.data(), input->buffer.size());
  *block = input->buffer.data();
  return got;
}

std::string ownerName(const char* name, la_int64_t id) {
  if (name != nullptr && *name != '\0') return name;
  return id == 0 ? "root" : std::to_string(id);
}

class DebReader {
public:
  DebReader(const std::filesystem::path& file, const PackageReadOptions& options, Diagnostics& out)
      : options_(options), out_(out) {
    contents_.format = PackageFormat::Deb;
    contents_.file = file;
  }

  std::optional<PackageContents> read() {
    const std::size_t errorsBefore = out_.errorCount();
    const UniqueFd fd(::open(contents_.file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
      if (errno == ENOENT) {
        packageError(out_, contents_, "package-not-found", "the package file does not exist");
        return std::nullopt;
      }
      throw IoError(systemErrorMessage("cannot open", contents_.file.string(), errno));
    }
    Reader outer(archive_read_new());
    if (!outer) throw ArchiveError("archive_read_new failed");
    archive_read_support_format_ar(outer.get());
    if (openInterruptibleInput(outer.get(), fd.get()) != ARCHIVE_OK) {
      throwIfInterrupted();
      packageError(out_, contents_, "deb-not-ar", "not an ar archive: " + errorText(outer.get()));
      return std::nullopt;
    }
    std::size_t index = 0;
    bool sawControl = false;
    bool sawData = false;
    archive_entry* member = nullptr;
    while (true) {
      const int status = archive_read_next_header(outer.get(), &member);
      if (status == ARCHIVE_EOF) break;
      if (status < ARCHIVE_WARN) {
        throwIfInterrupted();
        packageError(out_, contents_, "deb-not-ar", "the ar container is corrupt: " + errorText(outer.get()));
        return std::nullopt;
      }
      const std::string name = archive_entry_pathname(member) ? archive_entry_pathname(member) : "";
      if (index == 0) {
        if (name != "debian-binary") {
          packageError(out_, contents_, "deb-member-missing",
                       "the first ar member is '" + name + "', not debian-binary (deb(5))");
          return std::nullopt;
        }
        if (!readDebianBinary(outer.get())) return std::nullopt;
      } else if (isTarMember(name, "control.tar") && !sawControl) {
        sawControl = true;
        if (!readControl(outer.get(), archive_entry_size(member))) return std::nullopt;
      } else if (isTarMember(name, "data.tar") && !sawData) {
        sawData = true;
        if (!readData(outer.get())) return std::nullopt;
      } else if (name.empty() || name.front() != '_') {
        // deb(5): members starting with '_' are extensions (signatures) that may be skipped.
        packageError(out_, contents_, "deb-member-unexpected",
                     "the ar member '" + name + "' is not one a .deb may hold (debian-binary, control.tar, data.tar)");
        return std::nullopt;
      }
      ++index;
    }
    if (index == 0) {
      packageError(out_, contents_, "deb-member-missing", "the archive holds no debian-binary member");
      return std::nullopt;
    }
    for (const auto& [seen, what] : {std::pair{sawControl, "control.tar"}, std::pair{sawData, "data.tar"}}) {
      if (!seen) packageError(out_, contents_, "deb-member-missing", std::string("the package has no ") + what);
    }
    if (out_.errorCount() > errorsBefore) return std::nullopt;
    for (PackageFile& file : contents_.files) file.config = conffiles_.count(file.path) != 0;
    package::finishFileList(contents_);
    return std::move(contents_);
  }

private:
  bool readDebianBinary(archive* outer) {
    std::array<char, 64> buffer{};
    const la_ssize_t got = archive_read_data(outer, buffer.data(), buffer.size());
    const std::string text(buffer.data(), got > 0 ? static_cast<std::size_t>(got) : 0);
    // dpkg takes any 2.x format; the major version must be 2.
    if (text.size() < 4 || text.compare(0, 2, "2.") != 0 || text.back() != '\n') {
      packageError(out_, contents_, "deb-bad-version", "debian-binary is not a format 2.x marker");
      return false;
    }
    return true;
  }

  bool readControl(archive* outer, la_int64_t size) {
    if (size < 0 || static_cast<std::uint64_t>(size) > kMaxControlSize) {
      packageError(out_, contents_, "deb-control-invalid", "control.tar is larger than 16 MiB");
      return false;
    }
    std::string bytes(static_cast<std::size_t>(size), '\0');
    std::size_t filled = 0;
    while (filled < bytes.size()) {
      const la_ssize_t got = archive_read_data(outer, bytes.data() + filled, bytes.size() - filled);
      if (got <= 0) {
        throwIfInterrupted();
        packageError(out_, contents_, "deb-control-invalid", "control.tar is truncated");
        return false;
      }
      filled += static_cast<std::size_t>(got);
    }
    Reader inner = innerReader();
    if (archive_read_open_memory(inner.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
      packageError(out_, contents_, "deb-control-invalid", "control.tar cannot be read: " + errorText(inner.get()));
      return false;
    }
    std::optional<std::string> control;
    archive_entry* entry = nullptr;
    int status = ARCHIVE_OK;
    std::size_t count = 0;
    while ((status = archive_read_next_header(inner.get(), &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN) {
      if (++count > kMaxPackageEntries) {
        packageError(out_, contents_, "package-too-many-entries", "control.tar holds too many entries");
        return false;
      }
      const char* raw = archive_entry_pathname(entry);
      const auto path = package::normalizePackagePath(raw != nullptr ? raw : "");
      if (!path) {
        packageError(out_, contents_, "package-path-unsafe",
                     "control.tar holds the unsafe name '" + std::string(raw != nullptr ? raw : "") + "'");
        return false;
      }
      if (archive_entry_filetype(entry) != AE_IFREG || path->find('/', 1) != std::string::npos) continue;
      const std::string name = path->substr(1);
      std::string content;
      std::array<char, 8192> buffer{};
      la_ssize_t got = 0;
      while ((got = archive_read_data(inner.get(), buffer.data(), buffer.size())) > 0)
        content.append(buffer.data(), static_cast<std::size_t>(got));
      if (got < 0) {
        packageError(out_, contents_, "deb-control-invalid", "control.tar is corrupt: " + errorText(inner.get()));
        return false;
      }
      for (const char* script : kMaintainerScripts) {
        if (name == script) contents_.scriptlets.push_back(name);
      }
      if (name == "control") control = std::move(content);
      if (name == "conffiles") readConffiles(content);
    }
    if (status != ARCHIVE_EOF) {
      packageError(out_, contents_, "deb-control-invalid", "control.tar is corrupt: " + errorText(inner.get()));
      return false;
    }
    if (!control) {
      packageError(out_, contents_, "deb-member-missing", "control.tar has no control file");
      return false;
    }
    return readControlFile(*control);
  }

  void readConffiles(const std::string& text) {
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      // dpkg 1.20+ may flag a line "remove-on-upgrade /etc/x"; the path is the last word.
      if (const std::size_t space = line.rfind(' '); space != std::string::npos) line = line.substr(space + 1);
      if (auto path = package::normalizePackagePath(line); path && !line.empty()) conffiles_.insert(*path);
      start = end + 1;
    }
  }

  bool readControlFile(const std::string& text) {
    Deb822Error error;
    const auto paragraph = parseDeb822Paragraph(text, error);
    if (!paragraph) {
      packageError(out_, contents_, "deb-control-invalid",
                   "control line " + std::to_string(error.line) + ": " + error.message + " [" + error.code + "]");
      return false;
    }
    const std::string* name = deb822Field(*paragraph, "Package");
    const std::string* version = deb822Field(*paragraph, "Version");
    const std::string* arch = deb822Field(*paragraph, "Architecture");
    if (name == nullptr || name->empty() || version == nullptr || arch == nullptr) {
      packageError(out_, contents_, "deb-control-invalid", "the control file lacks Package, Version or Architecture");
      return false;
    }
    const auto split = splitDebVersion(*version);
    if (!split) {
      packageError(out_, contents_, "deb-control-invalid", "Version '" + *version + "' is not a Debian version");
      return false;
    }
    contents_.name = *name;
    contents_.epoch = split->epoch;
    contents_.version = split->upstream;
    contents_.release = split->revision;
    contents_.arch = *arch;
    return true;
  }

  bool readData(archive* outer) {
    Reader inner = innerReader();
    NestedInput input{outer, {}};
    if (archive_read_open(inner.get(), &input, nullptr, readNested, nullptr) != ARCHIVE_OK) {
      throwIfInterrupted();
      packageError(out_, contents_, "deb-data-corrupt", "data.tar cannot be read: " + errorText(inner.get()));
      return false;
    }
    archive_entry* entry = nullptr;
    int status = ARCHIVE_OK;
    std::set<std::string> seen;
    while ((status = archive_read_next_header(inner.get(), &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN) {
      if (contents_.files.size() >= kMaxPackageEntries) {
        packageError(out_, contents_, "package-too-many-entries",
                     "data.tar holds more than " + std::to_string(kMaxPackageEntries) + " entries");
        return false;
      }
      const char* raw = archive_entry_pathname(entry);
      const auto path = package::normalizePackagePath(raw != nullptr ? raw : "");
      if (!path) {
        packageError(out_, contents_, "package-path-unsafe",
                     "data.tar holds the unsafe name '" + std::string(raw != nullptr ? raw : "") + "'");
        return false;
      }
      PackageFile file;
      file.path = *path;
      file.type = entryTypeOf(entry);
      file.mode = static_cast<unsigned>(archive_entry_perm(entry)) & 07777;
      file.user = ownerName(archive_entry_uname(entry), archive_entry_uid(entry));
      file.group = ownerName(archive_entry_gname(entry), archive_entry_gid(entry));
      if (file.path == "/") {
        if (file.type != EntryType::Directory) {
          packageError(out_, contents_, "package-path-unsafe", "data.tar's root entry is not a folder");
          return false;
        }
        continue;  // the root itself: the parcel's top folder stands for it
      }
      if (file.type == EntryType::Symlink) {
        file.linkTarget = archive_entry_symlink(entry) ? archive_entry_symlink(entry) : "";
      } else if (file.type == EntryType::Hardlink) {
        const auto target = package::normalizePackagePath(archive_entry_hardlink(entry));
        if (!target || seen.count(*target) == 0) {
          packageError(out_, contents_, "package-path-unsafe",
                       "the hard link '" + file.path + "' does not point at an earlier file of the package");
          return false;
        }
        file.linkTarget = *target;
      } else if (file.type == EntryType::File) {
        if (!readFileData(inner.get(), entry, file)) return false;
      }
      if (!seen.insert(file.path).second) {
        packageError(out_, contents_, "package-path-unsafe", "data.tar holds '" + file.path + "' twice");
        return false;
      }
      contents_.files.push_back(std::move(file));
    }
    if (status != ARCHIVE_EOF) {
      throwIfInterrupted();
      packageError(out_, contents_, "deb-data-corrupt", "data.tar is corrupt: " + errorText(inner.get()));
      return false;
    }
    return true;
  }

  bool readFileData(archive* inner, archive_entry* entry, PackageFile& file) {
    const la_int64_t declared = archive_entry_size(entry);
    package::ContentWriter content(options_, contents_.files.size());
    std::array<char, kBlock> buffer{};
    la_ssize_t got = 0;
    while ((got = archive_read_data(inner, buffer.data(), buffer.size())) > 0) {
      content.write(buffer.data(), static_cast<std::size_t>(got));
    }
    if (got < 0) {
      throwIfInterrupted();
      packageError(
          out_, contents_, "deb-data-corrupt", "the data of '" + file.path + "' cannot be read: " + errorText(inner));
      return false;
    }
    if (declared < 0 || content.written() != static_cast<std::uint64_t>(declared)) {
      packageError(out_, contents_, "deb-data-size",
                   "'" + file.path + "' declares " + std::to_string(declared) + " bytes but holds " +
                       std::to_string(content.written()));
      return false;
    }
    file.size = content.written();
    file.staged = content.finish();
    return true;
  }

  const PackageReadOptions& options_;
  Diagnostics& out_;
  PackageContents contents_;
  std::set<std::string> conffiles_;
};

}  // namespace

std::optional<PackageContents> readDebPackage(const std::filesystem::path& file, const PackageReadOptions& options,
                                              Diagnostics& out) {
  return DebReader(file, options, out).read();
}

}  // namespace parcel
