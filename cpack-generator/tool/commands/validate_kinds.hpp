// The kinds of input `parceltool validate` knows. Each feature area contributes
// its kinds from its own file, so adding a kind never touches validate.cpp.
#pragma once

#include "parcel/support/diagnostic.hpp"
#include "parcel/validate/parcel_check.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace parcel::tool {

// What every kind's validator may use from the command line.
struct ValidateContext {
  ParcelCheckOptions parcel;  // --allow-plain-tar
  bool strict = false;  // --strict (warnings are promoted after validation, too)
  std::vector<std::string> serviceTypes;  // --service-types A,B: extra known CSD service types
  int cmVersion = 7;  // --cm-version 5|6|7: the CM release a CSD targets
};

// The value of --cm-version (7 when absent); a UsageError unless 5, 6 or 7.
int cmVersionOption(const std::optional<std::string>& value);

struct ValidateKind {
  std::string name;  // the --kind value
  std::string description;  // one line, for --help and error messages
  // True when this kind claims `path` during detection; kinds are asked in table order.
  std::function<bool(const std::filesystem::path& path)> detect;
  std::function<void(const std::filesystem::path& path, const ValidateContext& context, Diagnostics& out)> validate;
};

// The text of a document to validate. A missing path or one that is not a
// regular file is a finding ("file-not-found", "not-a-file") and nullopt; a
// read failure throws IoError.
std::optional<std::string> readDocument(const std::filesystem::path& path, Diagnostics& out);

// One function per area, each in its own file.
std::vector<ValidateKind> parcelValidateKinds();  // validate_parcel_kinds.cpp
std::vector<ValidateKind> repositoryValidateKinds();  // validate_repository_kinds.cpp
std::vector<ValidateKind> csdValidateKinds();  // validate_csd_kinds.cpp

// Every kind, in detection order.
std::vector<ValidateKind> allValidateKinds();

}  // namespace parcel::tool
