// meta/filelist.json (spec section 4): which package each file of the parcel
// came from, as CDH parcels carry it. An object from package name to the list
// of its paths, relative to the parcel's top folder, in byte-wise order.
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parcel {

using FileList = std::vector<std::pair<std::string, std::vector<std::string>>>;  // file order

FileList decodeFileList(const Json& json, Diagnostics& out);
Json encodeFileList(const FileList& list);
// A path that is empty or not clean ("path-not-relative") or given twice, in one
// package or two ("filelist-duplicate-path"), is an error.
void validateFileList(const FileList& list, Diagnostics& out);
std::optional<FileList> readFileList(std::string_view text, Diagnostics& out);

// The package a path came from; nullptr when no package lists it.
const std::string* packageOfPath(const FileList& list, std::string_view path);

}  // namespace parcel
