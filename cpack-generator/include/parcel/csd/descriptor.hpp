// service.sdl and service.mdl: the relaxed JSON dialect of Custom Service
// Descriptors and their validators (docs/csd.md, spec csd-format.md §3, §12, §13).
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel::csd {

// Parses the service.sdl/.mdl dialect (kDescriptorJson): comments allowed;
// duplicate keys and text after the root value are warnings.
inline std::optional<Json> parseRelaxedJson(std::string_view text, Diagnostics& out) {
  return parseJson(text, kDescriptorJson, out);
}

struct DescriptorOptions {
  // --strict: the sub-directory advice for generated file names (a warning that
  // Cloudera's strict mode does not fail on) is left out, so that only unknown
  // fields are promoted.
  bool strict = false;
  // Service types known besides the built-in list (--service-types).
  std::vector<std::string> extraServiceTypes;
  // The Cloudera Manager release the CSD targets (--cm-version 5|6|7): it
  // selects the built-in service types a dependency may name.
  int cmVersion = kDefaultCmVersion;
  static constexpr int kDefaultCmVersion = 7;
};

// True for the releases --cm-version accepts (5, 6, 7).
bool isKnownCmVersion(int release);
// Parses "5", "6" or "7" (what --cm-version and CM_VERSION take); nullopt otherwise.
std::optional<int> parseCmVersion(std::string_view text);

// The service types CM 5.14's validator knows: forbidden as a CSD name (in every
// release: Cloudera's own KAFKA, KMS and ZEPPELIN CSDs are named like types that
// later releases made built-in).
const std::vector<std::string>& builtinServiceTypes();
// The built-in service types of Cloudera Manager `release` (5, 6, 7), each
// release's list including the earlier ones: what serviceDependencies may name
// without --service-types.
const std::vector<std::string>& knownDependencyTypes(int release = DescriptorOptions::kDefaultCmVersion);
// The first release whose list has `type`; nullopt when none has.
std::optional<int> releaseIntroducing(const std::string& type);

// Validates a parsed service.sdl. Unknown fields are "unknown-field" warnings;
// every field constraint is an error; references and substitutions are checked
// only when no field constraint failed (Cloudera's order); unknown service
// dependencies are "unknown-service-type" errors.
void validateSdl(const Json& sdl, const DescriptorOptions& options, Diagnostics& out);

// Validates a parsed service.mdl.
void validateMdl(const Json& mdl, const DescriptorOptions& options, Diagnostics& out);

// Reads, parses and validates a file; nullopt when it cannot be parsed.
std::optional<Json> readSdl(std::string_view text, const DescriptorOptions& options, Diagnostics& out);
std::optional<Json> readMdl(std::string_view text, const DescriptorOptions& options, Diagnostics& out);

// A file a parsed SDL names inside its jar, with the JSON pointer of the name.
struct SdlFileReference {
  enum class Kind { Program, Icon, AuxSource };
  Kind kind;
  std::string path;  // as the SDL writes it
  std::string pointer;
};
// Every runner's program (the service's stop runner, each role's start and
// stop runners and command runners, the gateway's script runner), then the
// icons, then every aux config generator's source file, read from the typed
// model the validation uses (names that are not strings are left out).
std::vector<SdlFileReference> sdlFileReferences(const Json& sdl);

// "ECHO", "1.0.0" from a parsed SDL (numbers accepted for version); empty when absent.
std::string sdlName(const Json& sdl);
std::string sdlVersion(const Json& sdl);

}  // namespace parcel::csd
