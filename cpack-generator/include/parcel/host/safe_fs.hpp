// File-system steps that never follow a symbolic link, for the emulated host:
// every path below the root is walked one component at a time with openat and
// O_NOFOLLOW, so a link planted by a parcel cannot redirect a write.
#pragma once

#include "parcel/support/unique_fd.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace parcel::host {

// splitPathComponents (rules/member_path.hpp) as owned strings, for the
// openat walks below.
std::vector<std::string> splitComponents(std::string_view path);

// Opens a real directory (O_NOFOLLOW). Throws IoError.
UniqueFd openDirectory(const std::filesystem::path& path);

// Opens the real directory `name` (one path component) in `dirfd`; with
// `create`, makes it first (mode `mode`) when it is missing. Throws IoError
// naming `display`.
UniqueFd openDirectoryChild(int dirfd, const std::string& name, bool create, unsigned mode, const std::string& display);

// Opens the directory reached from `dirfd` through `components`, each one a
// real directory (a symlink anywhere is an error). With `create`, missing
// directories are made with mode `mode`. Throws IoError naming `display`.
UniqueFd openDirectoryBelow(int dirfd, const std::vector<std::string>& components, bool create, unsigned mode,
                            const std::string& display);

// Points `name` in `dirfd` at `target`, atomically: a symlink made under a
// temporary name, then renamed over `name`. Refuses to replace anything but a
// symlink. Throws IoError.
void replaceSymlink(int dirfd, const std::string& name, const std::string& target, const std::string& display);

// Removes the symlink `name` in `dirfd` when there is one; a non-link is left
// alone and reported by the return value false. Throws IoError on other errors.
bool removeSymlink(int dirfd, const std::string& name, const std::string& display);

}  // namespace parcel::host
