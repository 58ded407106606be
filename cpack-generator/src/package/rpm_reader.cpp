// An .rpm read with librpm: rpmReadPackageFile for the lead, signature and
// header (digests checked, signatures not: the builder has no keys), the file
// table from the header, and the payload through librpm's own archive reader,
// which knows every compressor rpm writes and the large-file cpio variant.
#include "parcel/package/package_contents.hpp"
#include "parcel/support/error.hpp"
#include "reader_support.hpp"

#include <rpm/header.h>
#include <rpm/rpmarchive.h>
#include <rpm/rpmfi.h>
#include <rpm/rpmfiles.h>
#include <rpm/rpmio.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmts.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace parcel {
namespace {

using package::packageError;

// librpm reports through rpmlog; its last error text goes into our diagnostic
// instead of onto the user's terminal.
thread_local std::string lastRpmMessage;

int keepRpmMessage(rpmlogRec record, rpmlogCallbackData) {
  if (rpmlogRecPriority(record) <= RPMLOG_WARNING) {
    lastRpmMessage = rpmlogRecMessage(record);
    while (!lastRpmMessage.empty() && lastRpmMessage.back() == '\n') lastRpmMessage.pop_back();
  }
  return 0;  // never print, never exit
}

void initialiseRpm() {
  static std::once_flag once;
  std::call_once(once, [] {
    rpmlogSetCallback(keepRpmMessage, nullptr);
    rpmReadConfigFiles(nullptr, nullptr);
  });
}

std::string rpmDetail() {
  std::string text = lastRpmMessage.empty() ? "" : ": " + lastRpmMessage;
  lastRpmMessage.clear();
  return text;
}

struct TsDeleter {
  void operator()(rpmts ts) const { rpmtsFree(ts); }
};
struct HeaderDeleter {
  void operator()(Header header) const { headerFree(header); }
};
struct FilesDeleter {
  void operator()(rpmfiles files) const { rpmfilesFree(files); }
};
struct IteratorDeleter {
  void operator()(rpmfi iterator) const { rpmfiFree(iterator); }
};
struct FdCloser {
  void operator()(FD_t fd) const { Fclose(fd); }
};

// Scriptlets and triggers: what rpm would run at install, which a parcel cannot.
struct ScriptTag {
  rpmTagVal script;
  rpmTagVal program;
  const char* name;
};
const ScriptTag kScriptTags[] = {
    {RPMTAG_PRETRANS, RPMTAG_PRETRANSPROG, "%pretrans"},
    {RPMTAG_PREIN, RPMTAG_PREINPROG, "%pre"},
    {RPMTAG_POSTIN, RPMTAG_POSTINPROG, "%post"},
    {RPMTAG_PREUN, RPMTAG_PREUNPROG, "%preun"},
    {RPMTAG_POSTUN, RPMTAG_POSTUNPROG, "%postun"},
    {RPMTAG_POSTTRANS, RPMTAG_POSTTRANSPROG, "%posttrans"},
    {RPMTAG_VERIFYSCRIPT, RPMTAG_VERIFYSCRIPTPROG, "%verifyscript"},
    {RPMTAG_TRIGGERSCRIPTS, RPMTAG_TRIGGERSCRIPTPROG, "%trigger"},
    {RPMTAG_FILETRIGGERSCRIPTS, RPMTAG_FILETRIGGERSCRIPTPROG, "%filetrigger"},
    {RPMTAG_TRANSFILETRIGGERSCRIPTS, RPMTAG_TRANSFILETRIGGERSCRIPTPROG, "%transfiletrigger"},
};

const std::set<std::string> kCompressors = {"gzip", "bzip2", "xz", "lzma", "zstd"};

EntryType entryType(rpm_mode_t mode) {
  if (S_ISDIR(mode)) return EntryType::Directory;
  if (S_ISREG(mode)) return EntryType::File;
  if (S_ISLNK(mode)) return EntryType::Symlink;
  return EntryType::Other;
}

std::string headerText(Header header, rpmTagVal tag) {
  const char* text = headerGetString(header, tag);
  return text != nullptr ? text : "";
}

class RpmReader {
public:
  RpmReader(const std::filesystem::path& file, const PackageReadOptions& options, Diagnostics& out)
      : options_(options), out_(out) {
    contents_.format = PackageFormat::Rpm;
    contents_.file = file;
  }

  std::optional<PackageContents> read() {
    initialiseRpm();
    std::error_code error;
    if (!std::filesystem::is_regular_file(contents_.file, error)) {
      packageError(out_, contents_, "package-not-found", "the package file does not exist or is not a file");
      return std::nullopt;
    }
    std::unique_ptr<_FD_s, FdCloser> fd(Fopen(contents_.file.c_str(), "r.ufdio"));
    if (!fd || Ferror(fd.get())) {
      throw IoError("cannot open '" + contents_.file.string() + "'" + rpmDetail());
    }
    std::unique_ptr<rpmts_s, TsDeleter> ts(rpmtsCreate());
    rpmtsSetVSFlags(ts.get(), RPMVSF_MASK_NOSIGNATURES);
    Header raw = nullptr;
    const rpmRC status = rpmReadPackageFile(ts.get(), fd.get(), contents_.file.c_str(), &raw);
    std::unique_ptr<headerToken_s, HeaderDeleter> header(raw);
    if ((status != RPMRC_OK && status != RPMRC_NOKEY && status != RPMRC_NOTTRUSTED) || !header) {
      packageError(
          out_, contents_, "rpm-header-corrupt",
          std::string(status == RPMRC_NOTFOUND ? "not an RPM package" : "the RPM header is corrupt") + rpmDetail());
      return std::nullopt;
    }
    if (headerIsSource(header.get())) {
      packageError(out_, contents_, "rpm-source-package", "a source RPM holds sources, not installable files");
      return std::nullopt;
    }
    contents_.name = headerText(header.get(), RPMTAG_NAME);
    contents_.version = headerText(header.get(), RPMTAG_VERSION);
    contents_.release = headerText(header.get(), RPMTAG_RELEASE);
    contents_.arch = headerText(header.get(), RPMTAG_ARCH);
    if (headerIsEntry(header.get(), RPMTAG_EPOCH)) {
      contents_.epoch = std::to_string(headerGetNumber(header.get(), RPMTAG_EPOCH));
    }
    for (const ScriptTag& tag : kScriptTags) {
      if (headerIsEntry(header.get(), tag.script) || headerIsEntry(header.get(), tag.program))
        contents_.scriptlets.push_back(tag.name);
    }
    std::unique_ptr<rpmfiles_s, FilesDeleter> files(rpmfilesNew(nullptr, header.get(), 0, RPMFI_KEEPHEADER));
    const rpm_count_t count = files ? rpmfilesFC(files.get()) : 0;
    if (count > kMaxPackageEntries) {
      packageError(
          out_, contents_, "package-too-many-entries",
          "the header lists " + std::to_string(count) + " files, more than " + std::to_string(kMaxPackageEntries));
      return std::nullopt;
    }
    if (!readFileTable(files.get(), count)) return std::nullopt;
    if (count != 0 && !readPayload(header.get(), fd, files.get())) return std::nullopt;
    package::finishFileList(contents_);
    return std::move(contents_);
  }

private:
  bool readFileTable(rpmfiles files, rpm_count_t count) {
    contents_.files.resize(count);
    std::set<std::string> seen;
    for (rpm_count_t i = 0; i < count; ++i) {
      const int index = static_cast<int>(i);
      std::unique_ptr<char, decltype(&std::free)> name(rpmfilesFN(files, index), &std::free);
      const auto path = package::normalizePackagePath(name ? name.get() : "");
      if (!path || *path == "/" || !seen.insert(*path).second) {
        packageError(out_, contents_, "package-path-unsafe",
                     "the header lists the unsafe or repeated name '" + std::string(name ? name.get() : "") + "'");
        return false;
      }
      PackageFile& file = contents_.files[i];
      file.path = *path;
      const rpm_mode_t mode = rpmfilesFMode(files, index);
      file.type = entryType(mode);
      file.mode = mode & 07777;
      const char* user = rpmfilesFUser(files, index);
      const char* group = rpmfilesFGroup(files, index);
      file.user = user != nullptr && *user ? user : "root";
      file.group = group != nullptr && *group ? group : "root";
      const rpmfileAttrs flags = rpmfilesFFlags(files, index);
      file.config = (flags & RPMFILE_CONFIG) != 0;
      file.ghost = (flags & RPMFILE_GHOST) != 0;
      if (file.type == EntryType::File) file.size = rpmfilesFSize(files, index);
      if (file.type == EntryType::Symlink) {
        const char* target = rpmfilesFLink(files, index);
        file.linkTarget = target != nullptr ? target : "";
      }
      const char* caps = rpmfilesFCaps(files, index);
      if (caps != nullptr && *caps != '\0') {
        out_.add({Severity::Warning, contents_.file.string(), "", "rpm-capabilities-dropped",
                  "'" + file.path + "' has file capabilities (" + caps +
                      "), which a parcel cannot carry; they are left out"});
      }
    }
    return true;
  }

  bool readPayload(Header header, std::unique_ptr<_FD_s, FdCloser>& fd, rpmfiles files) {
    std::string compressor = headerText(header, RPMTAG_PAYLOADCOMPRESSOR);
    if (compressor.empty()) compressor = "gzip";
    if (kCompressors.count(compressor) == 0) {
      packageError(out_, contents_, "rpm-payload-corrupt", "the payload compressor '" + compressor + "' is unknown");
      return false;
    }
    // Fdopen pushes the decompressor onto the same descriptor.
    FD_t payload = Fdopen(fd.get(), ("r." + compressor).c_str());
    if (payload == nullptr) {
      packageError(out_, contents_, "rpm-payload-corrupt", "the payload cannot be opened" + rpmDetail());
      return false;
    }
    std::unique_ptr<rpmfi_s, IteratorDeleter> iterator(
        rpmfiNewArchiveReader(payload, files, RPMFI_ITER_READ_ARCHIVE_CONTENT_FIRST));
    if (!iterator) {
      packageError(out_, contents_, "rpm-payload-corrupt", "the payload cannot be read" + rpmDetail());
      return false;
    }
    std::vector<bool> visited(contents_.files.size(), false);
    std::map<int, std::string> holderOfSet;  // first index of a hard-link set -> the name with the data
    int next = 0;
    while ((next = rpmfiNext(iterator.get())) >= 0) {
      const int index = rpmfiFX(iterator.get());
      if (index < 0 || static_cast<std::size_t>(index) >= visited.size() || visited[index]) {
        packageError(out_, contents_, "rpm-payload-corrupt", "the payload names a file twice or one not in the header");
        return false;
      }
      visited[index] = true;
      PackageFile& file = contents_.files[index];
      if (file.type != EntryType::File) continue;
      const int* links = nullptr;
      const std::uint32_t linkCount = rpmfiFLinks(iterator.get(), &links);
      const int setKey = linkCount > 1 && links != nullptr ? links[0] : index;
      if (!rpmfiArchiveHasContent(iterator.get())) {
        const auto holder = holderOfSet.find(setKey);
        if (linkCount <= 1) {
          if (!readData(iterator.get(), file, static_cast<std::size_t>(index))) return false;  // an empty file
          continue;
        }
        if (holder == holderOfSet.end()) {
          packageError(out_, contents_, "rpm-payload-corrupt", "the payload has no data for '" + file.path + "'");
          return false;
        }
        file.type = EntryType::Hardlink;
        file.linkTarget = holder->second;
        continue;
      }
      if (!readData(iterator.get(), file, static_cast<std::size_t>(index))) return false;
      if (linkCount > 1) holderOfSet.emplace(setKey, file.path);
    }
    if (next != RPMERR_ITER_END) {
      packageError(out_, contents_, "rpm-payload-corrupt", "the payload is corrupt or truncated" + rpmDetail());
      return false;
    }
    for (std::size_t i = 0; i < visited.size(); ++i) {
      if (!visited[i] && !contents_.files[i].ghost) {
        packageError(out_, contents_, "rpm-file-missing",
                     "the header lists '" + contents_.files[i].path + "', which the payload lacks");
        return false;
      }
    }
    return true;
  }

  bool readData(rpmfi iterator, PackageFile& file, std::size_t index) {
    const rpm_loff_t declared = rpmfiFSize(iterator);
    package::ContentWriter content(options_, index);
    std::array<char, 64 * 1024> buffer{};
    rpm_loff_t left = declared;
    while (left > 0) {
      const std::size_t want = left < buffer.size() ? static_cast<std::size_t>(left) : buffer.size();
      const ssize_t got = rpmfiArchiveRead(iterator, buffer.data(), want);
      if (got <= 0) {
        packageError(out_, contents_, "rpm-payload-size",
                     "'" + file.path + "' declares " + std::to_string(declared) +
                         " bytes, but the payload ends after " + std::to_string(content.written()) + rpmDetail());
        return false;
      }
      content.write(buffer.data(), static_cast<std::size_t>(got));
      left -= static_cast<rpm_loff_t>(got);
    }
    file.size = content.written();
    file.staged = content.finish();
    return true;
  }

  const PackageReadOptions& options_;
  Diagnostics& out_;
  PackageContents contents_;
};

}  // namespace

std::optional<PackageContents> readRpmPackage(const std::filesystem::path& file, const PackageReadOptions& options,
                                              Diagnostics& out) {
  return RpmReader(file, options, out).read();
}

}  // namespace parcel
