// CSD jars: deterministic writing, checking a finished jar, and the `csd init`
// scaffold (docs/csd.md).
#pragma once

#include "parcel/csd/descriptor.hpp"
#include "parcel/support/byte_sink.hpp"
#include "parcel/support/diagnostic.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace parcel::csd {

struct JarEntry {
  std::string name;  // "/"-separated path inside the jar, no leading "/"
  std::string content;
  bool executable = false;  // mode 0755 instead of 0644 in the external attributes
};

// Writes a zip: META-INF/MANIFEST.MF first when present, then the other entries
// sorted by name; deflate; every time stamp 1980-01-01 00:00:00 written as fixed
// DOS fields (no time zone involved); Unix modes in the external attributes;
// UTF-8 names flagged. The same entries always give the same bytes.
void writeJar(std::vector<JarEntry> entries, ByteSink& out);

// The manifest parceltool puts in every jar.
std::string jarManifest();

struct CsdBuildRequest {
  std::filesystem::path sdl;
  std::optional<std::filesystem::path> mdl;
  std::optional<std::filesystem::path> scripts;  // shipped as scripts/
  std::optional<std::filesystem::path> aux;  // shipped as aux/
  std::optional<std::filesystem::path> icon;  // stored at the SDL's "icon" path (default images/icon.png)
  std::filesystem::path outputDirectory = ".";
  std::optional<std::filesystem::path> depfile;  // Makefile-style list of every file read
  // When set, the SDL's name/version must equal these ("sdl-name-mismatch"):
  // lets a build system know the jar's file name in advance.
  std::optional<std::string> expectedName;
  std::optional<std::string> expectedVersion;
  // The @VAR@ templates the SDL and MDL were configured from (parcel_add_csd):
  // findings then name the template and its lines (mapPositionsToTemplate),
  // not the configured copy in the build folder.
  std::optional<std::filesystem::path> sdlTemplate;
  std::optional<std::filesystem::path> mdlTemplate;
  DescriptorOptions options;
};

// Builds <outputDirectory>/<NAME>-<VERSION>.jar from the SDL's name and version.
// The SDL (and MDL) are validated first; the finished jar is checked with
// checkCsdJar before it is renamed into place. Returns the jar path, or nullopt
// with errors in `out` (nothing written). Throws IoError on I/O failures.
std::optional<std::filesystem::path> buildCsdJar(const CsdBuildRequest& request, Diagnostics& out);

// Checks a finished jar: layout, safe entry names, descriptor/service.sdl and
// service.mdl validity (member set on those findings), the file name
// NAME-VERSION[-extra].jar against the SDL, runner programs present (under
// scripts/, executable), icon/svgIcon and aux source files present.
// `fileName` is the name to check (default: the jar's own file name).
void checkCsdJar(const std::filesystem::path& jar, const DescriptorOptions& options, Diagnostics& out,
                 const std::string& fileName = {});

// `csd init NAME`: writes <directory>/service.sdl and <directory>/scripts/control.sh
// (0755) for service type NAME. Returns the files written; an invalid NAME or an
// existing file is an error in `out` and nothing is written.
std::vector<std::filesystem::path> initCsd(const std::string& name, const std::filesystem::path& directory,
                                           Diagnostics& out);

}  // namespace parcel::csd
