// The one advisory lock: an exclusive flock held for the lifetime of the
// object, waited for in a way an interrupt (SIGINT, SIGTERM) can end.
#pragma once

#include "parcel/support/unique_fd.hpp"

#include <filesystem>
#include <utility>

namespace parcel {

class ExclusiveLock {
public:
  // Locks the file `path`, created (mode 0644, never through a symlink) when
  // missing. Throws IoError naming the path when it cannot be opened or locked.
  static ExclusiveLock onFile(const std::filesystem::path& path);

  // Locks the folder itself, so no lock file is left behind. Best effort: where
  // the file system cannot lock a folder (flock on NFS), the result holds no
  // lock and locked() is false.
  static ExclusiveLock onFolderIfPossible(const std::filesystem::path& folder);

  bool locked() const { return locked_; }

private:
  ExclusiveLock(UniqueFd fd, bool locked) : fd_(std::move(fd)), locked_(locked) {}

  UniqueFd fd_;  // closing it releases the lock
  bool locked_;
};

}  // namespace parcel
