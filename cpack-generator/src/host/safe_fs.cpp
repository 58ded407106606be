#include "parcel/host/safe_fs.hpp"

#include "parcel/rules/member_path.hpp"
#include "parcel/support/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>

namespace parcel::host {

std::vector<std::string> splitComponents(std::string_view path) {
  const auto parts = splitPathComponents(path);
  return {parts.begin(), parts.end()};
}

UniqueFd openDirectory(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw IoError(systemErrorMessage("cannot open directory", path.string(), errno));
  return UniqueFd(fd);
}

UniqueFd openDirectoryChild(int dirfd, const std::string& name, bool create, unsigned mode,
                            const std::string& display) {
  // The member-path rule's verdict on one component (not empty, "." or "..",
  // within NAME_MAX), and no '/': openat would walk a longer path, following
  // links on the way, where O_NOFOLLOW guards only the last component.
  if (name.find('/') != std::string::npos || memberNameFinding(name)) {
    throw IoError("cannot open '" + display + "': the path has an unsafe component '" + name + "'");
  }
  int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    if (::mkdirat(dirfd, name.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) {
      throw IoError(systemErrorMessage("cannot create directory '" + name + "' for", display, errno));
    }
    fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  }
  if (fd < 0) {
    const int error = errno;
    if (error == ELOOP || error == ENOTDIR) {
      throw IoError("cannot open '" + display + "': '" + name + "' is not a real directory");
    }
    throw IoError(systemErrorMessage("cannot open directory '" + name + "' for", display, error));
  }
  return UniqueFd(fd);
}

UniqueFd openDirectoryBelow(int dirfd, const std::vector<std::string>& components, bool create, unsigned mode,
                            const std::string& display) {
  if (components.empty()) {
    UniqueFd same(::dup(dirfd));
    if (same.get() < 0) throw IoError(systemErrorMessage("cannot duplicate descriptor for", display, errno));
    return same;
  }
  UniqueFd current;
  for (const std::string& part : components) {
    current = openDirectoryChild(current.valid() ? current.get() : dirfd, part, create, mode, display);
  }
  return current;
}

void replaceSymlink(int dirfd, const std::string& name, const std::string& target, const std::string& display) {
  struct stat info {};
  if (::fstatat(dirfd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISLNK(info.st_mode)) {
    throw IoError("cannot replace '" + display + "': it exists and is not a symbolic link");
  }
  static std::atomic<unsigned long> counter{0};
  const std::string temporary =
      "." + name + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
  if (::symlinkat(target.c_str(), dirfd, temporary.c_str()) != 0) {
    throw IoError(systemErrorMessage("cannot create a symbolic link beside", display, errno));
  }
  if (::renameat(dirfd, temporary.c_str(), dirfd, name.c_str()) != 0) {
    const int error = errno;
    ::unlinkat(dirfd, temporary.c_str(), 0);
    throw IoError(systemErrorMessage("cannot rename a symbolic link onto", display, error));
  }
}

bool removeSymlink(int dirfd, const std::string& name, const std::string& display) {
  struct stat info {};
  if (::fstatat(dirfd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return true;
    throw IoError(systemErrorMessage("cannot inspect", display, errno));
  }
  if (!S_ISLNK(info.st_mode)) return false;
  if (::unlinkat(dirfd, name.c_str(), 0) != 0 && errno != ENOENT) {
    throw IoError(systemErrorMessage("cannot remove", display, errno));
  }
  return true;
}

}  // namespace parcel::host
