// The mode policy (rules/member_modes.hpp) where it meets a parcel: the
// entries of an archive for `validate`, the payload for `build`. Both read the
// declarations from meta/permissions.json; a file that does not parse declares
// nothing here (its own checks report it).
#pragma once

#include "parcel/archive/parcel_reader.hpp"
#include "parcel/build/payload.hpp"
#include "parcel/support/diagnostic.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace parcel {

// validate: undeclared risky entries under `top`/ are warnings (errors under --strict).
void checkArchiveModes(const ParcelArchive& archive, const std::string& top, Diagnostics& out);

// validate of an unpacked parcel: the same, for the entries below `directory`
// as the file system has them (links not followed, nor judged).
// `permissionsJson` as below.
void checkDirectoryModes(const std::filesystem::path& directory, const std::string* permissionsJson, Diagnostics& out);

// build: undeclared risky entries are errors naming the declaration to add.
// `permissionsJson` is the content of the meta/permissions.json the parcel
// will hold, or null when it holds none.
void checkPayloadModes(const std::vector<PayloadEntry>& payload, const std::string* permissionsJson, Diagnostics& out);

}  // namespace parcel
