#include "parcel/model/filelist.hpp"

#include "json/json_decoder.hpp"
#include "json/json_encoder.hpp"
#include "rules/field_checks.hpp"

#include <map>

namespace parcel {

FileList decodeFileList(const Json& json, Diagnostics& out) {
  return decode::mapOf(decode::arrayOf(decode::string))(json, "", out).value_or(FileList{});
}

Json encodeFileList(const FileList& list) { return encode::mapOf(encode::arrayOf())(list); }

void validateFileList(const FileList& list, Diagnostics& out) {
  std::map<std::string_view, std::string_view> owner;
  for (const auto& [package, paths] : list) {
    const std::string packagePointer = childPointer("", package);
    for (std::size_t i = 0; i < paths.size(); ++i) {
      const std::string pointer = childPointer(packagePointer, i);
      if (out.hasErrorAt(pointer)) continue;
      if (!check::isCleanRelativePath(paths[i])) {
        out.error(pointer, "path-not-relative",
                  "must be a path relative to the parcel's top folder, with no \".\" or \"..\" components");
        continue;
      }
      const auto [first, inserted] = owner.emplace(paths[i], package);
      if (!inserted) {
        out.error(pointer, "filelist-duplicate-path",
                  "'" + paths[i] + "' is already listed for package '" + std::string(first->second) + "'");
      }
    }
  }
}

std::optional<FileList> readFileList(std::string_view text, Diagnostics& out) {
  return decode::readDocument(text, out, decodeFileList, validateFileList);
}

const std::string* packageOfPath(const FileList& list, std::string_view path) {
  for (const auto& [package, paths] : list) {
    for (const std::string& listed : paths) {
      if (listed == path) return &package;
    }
  }
  return nullptr;
}

}  // namespace parcel
