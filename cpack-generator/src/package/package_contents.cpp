#include "parcel/package/package_contents.hpp"

#include "parcel/support/error.hpp"
#include "reader_support.hpp"

#include <algorithm>
#include <cerrno>
#include <set>

namespace parcel {

std::string_view toString(PackageFormat format) { return format == PackageFormat::Rpm ? "rpm" : "deb"; }

std::string fullVersion(const PackageContents& package) {
  std::string text = package.epoch.empty() ? "" : package.epoch + ":";
  text += package.version;
  if (!package.release.empty()) text += "-" + package.release;
  return text;
}

std::optional<PackageContents> readPackage(const std::filesystem::path& file, const PackageReadOptions& options,
                                           Diagnostics& out) {
  const std::string extension = file.extension().string();
  if (extension == ".rpm") return readRpmPackage(file, options, out);
  if (extension == ".deb") return readDebPackage(file, options, out);
  out.add({Severity::Error, file.string(), "", "package-unknown-format",
           "the file name ends neither in .rpm nor in .deb, so its format is unknown"});
  return std::nullopt;
}

namespace package {

std::optional<std::string> normalizePackagePath(std::string_view raw) {
  if (raw.empty()) return std::nullopt;
  if (raw.substr(0, 2) == "./") {
    raw.remove_prefix(2);
  } else if (raw == ".") {
    raw = {};
  } else if (raw.front() == '/') {
    raw.remove_prefix(1);
  }
  if (!raw.empty() && raw.back() == '/') raw.remove_suffix(1);  // a tar folder "usr/"
  std::string path;
  while (!raw.empty()) {
    const std::size_t slash = raw.find('/');
    const std::string_view part = raw.substr(0, slash);
    if (part.empty() || part == "." || part == "..") return std::nullopt;
    path += '/';
    path += part;
    raw = slash == std::string_view::npos ? std::string_view() : raw.substr(slash + 1);
  }
  return path.empty() ? std::string("/") : path;
}

ContentWriter::ContentWriter(const PackageReadOptions& options, std::size_t index) {
  if (!options.staging) return;
  path_ = *options.staging / std::to_string(index);
  file_ = std::fopen(path_.c_str(), "wbx");
  if (file_ == nullptr) throw IoError(systemErrorMessage("cannot create", path_.string(), errno));
}

ContentWriter::~ContentWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void ContentWriter::write(const void* data, std::size_t size) {
  written_ += size;
  if (file_ != nullptr && size != 0 && std::fwrite(data, 1, size, file_) != size) {
    throw IoError(systemErrorMessage("cannot write", path_.string(), errno));
  }
}

std::filesystem::path ContentWriter::finish() {
  if (file_ == nullptr) return path_;
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) throw IoError(systemErrorMessage("cannot write", path_.string(), errno));
  return path_;
}

void finishFileList(PackageContents& contents) {
  std::set<std::string> listed;
  for (const PackageFile& file : contents.files) listed.insert(file.path);
  std::vector<PackageFile> parents;
  for (const PackageFile& file : contents.files) {
    std::string parent = file.path;
    while (true) {
      const std::size_t slash = parent.rfind('/');
      if (slash == 0 || slash == std::string::npos) break;
      parent.resize(slash);
      if (!listed.insert(parent).second) break;
      PackageFile folder;
      folder.path = parent;
      folder.type = EntryType::Directory;
      folder.mode = 0755;
      parents.push_back(folder);
    }
  }
  contents.files.insert(contents.files.end(), parents.begin(), parents.end());
  std::sort(contents.files.begin(), contents.files.end(),
            [](const PackageFile& a, const PackageFile& b) { return a.path < b.path; });
  contents.payloadBytes = 0;
  for (const PackageFile& file : contents.files) {
    if (file.type == EntryType::File && !file.ghost) contents.payloadBytes += file.size;
  }
}

void packageError(Diagnostics& out, const PackageContents& contents, std::string code, std::string message) {
  out.add({Severity::Error, contents.file.string(), "", std::move(code), std::move(message)});
}

}  // namespace package
}  // namespace parcel
