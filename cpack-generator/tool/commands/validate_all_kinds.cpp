// The detection order of every kind `validate` knows: the most specific first
// (CSD files by their extension, repository folders before unpacked parcels).
#include "validate_kinds.hpp"

#include "parcel/support/file_io.hpp"

namespace parcel::tool {

std::optional<std::string> readDocument(const std::filesystem::path& path, Diagnostics& out) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    out.error("", "file-not-found", "the file does not exist");
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(path, error)) {
    out.error("", "not-a-file", "the path is not a regular file");
    return std::nullopt;
  }
  return readRegularFile(path, "file");
}

std::vector<ValidateKind> allValidateKinds() {
  std::vector<ValidateKind> kinds;
  for (auto area : {csdValidateKinds, repositoryValidateKinds, parcelValidateKinds}) {
    for (ValidateKind& kind : area()) kinds.push_back(std::move(kind));
  }
  return kinds;
}

}  // namespace parcel::tool
