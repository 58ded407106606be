#include "parcel/support/file_lock.hpp"

#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"

#include <fcntl.h>
#include <cerrno>

namespace parcel {

ExclusiveLock ExclusiveLock::onFile(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd.valid()) throw IoError(systemErrorMessage("cannot open", path.string(), errno));
  if (!waitForExclusiveLock(fd.get())) throw IoError(systemErrorMessage("cannot lock", path.string(), errno));
  return ExclusiveLock(std::move(fd), true);
}

ExclusiveLock ExclusiveLock::onFolderIfPossible(const std::filesystem::path& folder) {
  UniqueFd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  const bool locked = fd.valid() && waitForExclusiveLock(fd.get());
  return ExclusiveLock(std::move(fd), locked);
}

}  // namespace parcel
