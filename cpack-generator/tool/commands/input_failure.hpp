// Whether a command's input PATH can be read at all: one check for every
// command that reads a user's file, so "missing" is exit 3 everywhere.
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>

namespace parcel::tool {

// Why `path` cannot be read at all (missing, a dangling link, no permission):
// an I/O failure, exit 3, not a verdict on its content. nullopt when it opens.
// Codes: file-not-found, unreadable-file.
std::optional<Diagnostic> inputFailure(const std::string& path);

}  // namespace parcel::tool
