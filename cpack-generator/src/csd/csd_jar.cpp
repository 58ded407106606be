// Building, checking and scaffolding CSD jars (spec csd-format.md §2, §7.1, §14).
#include "parcel/csd/jar.hpp"

#include "archive/utf8_locale.hpp"
#include "parcel/rules/member_path.hpp"
#include "parcel/rules/names.hpp"
#include "parcel/support/depfile.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/file_io.hpp"
#include "parcel/support/output_file.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <memory>
#include <string>

namespace parcel::csd {
namespace {

namespace fs = std::filesystem;

const std::string kSdlMember = "descriptor/service.sdl";
const std::string kMdlMember = "descriptor/service.mdl";

// A file the jar carries (descriptor, scripts, aux files, icon); aux files may
// be larger than the metadata files readRegularFile is usually given.
std::string readFile(const fs::path& path) { return readRegularFile(path, "file", std::uint64_t{1} << 30); }

// ---- reading a jar ------------------------------------------------------------------------

struct Member {
  std::string content;
  unsigned mode = 0;  // permission bits from the external attributes; 0 when none
  bool directory = false;
};

using ArchivePtr = std::unique_ptr<archive, int (*)(archive*)>;

// Only the descriptors' bytes are kept, and only this many: a jar is untrusted,
// and a small zip can inflate to gigabytes.
constexpr std::size_t kMaxDescriptorSize = 16u * 1024u * 1024u;

// libarchive leaves the message null on some failures (a zip whose central
// directory is missing, for one); appending a null char* is undefined.
std::string archiveError(archive* reader) {
  const char* message = archive_error_string(reader);
  return message != nullptr ? message : "unknown libarchive error";
}

// Every member of the zip at `path`, by name; nullopt (and an error) when it is not a readable zip.
// Every member is read through, so corrupt data anywhere is found.
std::optional<std::map<std::string, Member>> readJar(const fs::path& path, Diagnostics& out) {
  static const Utf8Locale utf8;
  LocaleScope scope(utf8);
  ArchivePtr reader(archive_read_new(), archive_read_free);
  archive_read_support_format_zip_seekable(reader.get());
  if (archive_read_open_filename(reader.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    out.error("", "invalid-jar", "not a readable zip file: " + archiveError(reader.get()));
    return std::nullopt;
  }
  std::map<std::string, Member> members;
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN) {
    const char* name = archive_entry_pathname_utf8(entry);
    if (name == nullptr) name = archive_entry_pathname(entry);
    const std::string memberName = name == nullptr ? "" : name;
    const bool keep = memberName == kSdlMember || memberName == kMdlMember;
    Member member;
    member.directory = archive_entry_filetype(entry) == AE_IFDIR;
    member.mode = static_cast<unsigned>(archive_entry_perm(entry));
    char buffer[64 * 1024];
    la_ssize_t size = 0;
    bool tooLarge = false;
    while ((size = archive_read_data(reader.get(), buffer, sizeof buffer)) > 0) {
      if (!keep || tooLarge) continue;
      tooLarge = member.content.size() + static_cast<std::size_t>(size) > kMaxDescriptorSize;
      if (tooLarge) {
        member.content.clear();
        member.content.shrink_to_fit();
      } else {
        member.content.append(buffer, static_cast<std::size_t>(size));
      }
    }
    if (size < 0) {
      out.add(
          {Severity::Error, memberName, "", "invalid-jar", "cannot read the member: " + archiveError(reader.get())});
      return std::nullopt;
    }
    if (tooLarge) {
      out.add({Severity::Error, memberName, "", "member-too-large",
               "the descriptor is larger than " + std::to_string(kMaxDescriptorSize / (1024 * 1024)) + " MiB"});
      return std::nullopt;
    }
    members[memberName] = std::move(member);
  }
  if (status != ARCHIVE_EOF) {
    out.error("", "invalid-jar", "not a readable zip file: " + archiveError(reader.get()));
    return std::nullopt;
  }
  return members;
}

// The member-name rule every door shares (rules/member_path: unsafe-path,
// absolute-path, path-too-long, name-too-long), on the name without the '/'
// that ends a directory entry. A backslash is added here only: Windows tools
// and some unzip builds read it as a folder separator, so in a jar it could
// smuggle a '..' past the rule, while in a parcel (a tar unpacked on Linux) it
// is an ordinary byte, so the shared rule does not forbid it. libarchive's zip
// reader already turns it into '/' (so "a\..\b" is caught as a '..'); the
// check keeps that true whatever the reader does.
std::optional<PathFinding> entryNameFinding(const std::string& name) {
  std::string_view path = name;
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (auto finding = memberNameFinding(path)) return finding;
  if (name.find('\\') != std::string::npos)
    return PathFinding{
        Severity::Error, "unsafe-path", "the name has a backslash, a folder separator to some unzip tools"};
  return std::nullopt;
}

std::string withoutDotSlash(std::string path) {
  while (path.rfind("./", 0) == 0) path.erase(0, 2);
  return path;
}

// ---- building -------------------------------------------------------------------------------

void addTree(const fs::path& root, const std::string& prefix, std::vector<JarEntry>& entries,
             std::vector<fs::path>& read, Diagnostics& out) {
  std::error_code error;
  if (!fs::is_directory(root, error)) {
    out.error("", "not-a-directory", "'" + root.string() + "' is not a directory");
    return;
  }
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const fs::file_status status = it->status();
    if (fs::is_directory(status)) continue;
    if (!fs::is_regular_file(status)) {
      out.error("", "unsupported-file", "'" + it->path().string() + "' is not a regular file");
      continue;
    }
    files.push_back(it->path());
  }
  for (const fs::path& file : files) {
    const std::string relative = fs::relative(file, root).generic_string();
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) throw IoError(systemErrorMessage("cannot stat", file.string(), errno));
    entries.push_back({prefix + relative, readFile(file), (info.st_mode & 0111) != 0});
    read.push_back(file);
  }
}

std::string lower(std::string text) {
  std::transform(
      text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

namespace {

// `reportDescriptors` false: the descriptors are parsed but their findings are
// not reported (csd build validated the very same bytes already).
void checkJar(const fs::path& jar, const DescriptorOptions& options, Diagnostics& out, const std::string& fileName,
              bool reportDescriptors) {
  auto members = readJar(jar, out);
  if (!members) return;
  for (const auto& [name, member] : *members) {
    if (const auto finding = entryNameFinding(name))
      out.add({finding->severity, "", name, finding->code, finding->message});
  }
  if (!members->count("META-INF/MANIFEST.MF")) {
    out.warning("", "missing-manifest", "the jar has no META-INF/MANIFEST.MF");
  }
  const auto sdlMember = members->find(kSdlMember);
  if (sdlMember == members->end()) {
    out.error("", "missing-sdl", "the jar has no " + kSdlMember);
    return;
  }
  Diagnostics sdlFindings;
  const auto sdl = readSdl(sdlMember->second.content, options, sdlFindings);
  if (reportDescriptors) out.append(sdlFindings, kSdlMember);
  if (const auto mdl = members->find(kMdlMember); mdl != members->end() && reportDescriptors) {
    Diagnostics mdlFindings;
    readMdl(mdl->second.content, options, mdlFindings);
    out.append(mdlFindings, kMdlMember);
  }
  if (!sdl || !sdl->is_object()) return;

  // NAME-VERSION.jar or NAME-VERSION-extra.jar; CM skips a jar where they differ.
  const std::string name = sdlName(*sdl);
  const std::string version = sdlVersion(*sdl);
  const std::string actual = fileName.empty() ? jar.filename().string() : fileName;
  const std::string expected = name + "-" + version;
  const bool matches = actual == expected + ".jar" ||
      (actual.rfind(expected + "-", 0) == 0 && actual.size() > expected.size() + 5 &&
       actual.compare(actual.size() - 4, 4, ".jar") == 0);
  if (!name.empty() && !version.empty() && !matches) {
    out.error("", "jar-name-mismatch",
              "the file name '" + actual + "' does not match the SDL's name and version; it must be '" + expected +
                  ".jar' (Cloudera Manager skips the jar otherwise)");
  }

  for (const SdlFileReference& reference : sdlFileReferences(*sdl)) {
    const std::string path = withoutDotSlash(reference.path);
    const auto found = members->find(path);
    Diagnostic finding{Severity::Error, kSdlMember, reference.pointer, "", ""};
    switch (reference.kind) {
      case SdlFileReference::Kind::Program:
        if (path.rfind("scripts/", 0) != 0) {
          finding.code = "script-outside-scripts";
          finding.message = "the program '" + reference.path + "' is not under scripts/, which is what the agent ships";
        } else if (found == members->end()) {
          finding.code = "missing-script";
          finding.message = "the program '" + reference.path + "' is not in the jar";
        } else if (found->second.mode != 0 && (found->second.mode & 0111) == 0) {
          finding.severity = Severity::Warning;
          finding.code = "script-not-executable";
          finding.message = "the program '" + reference.path + "' is stored without the executable bit";
        }
        break;
      case SdlFileReference::Kind::Icon:
        if (found == members->end()) {
          finding.code = "missing-icon";
          finding.message = "the icon '" + path + "' is not in the jar";
        }
        break;
      case SdlFileReference::Kind::AuxSource:
        if (found == members->end()) {
          finding.code = "missing-aux-file";
          finding.message = "the file '" + reference.path + "' is not in the jar";
        }
        break;
    }
    if (!finding.code.empty()) out.add(finding);
  }
}

}  // namespace

void checkCsdJar(const fs::path& jar, const DescriptorOptions& options, Diagnostics& out, const std::string& fileName) {
  checkJar(jar, options, out, fileName, true);
}

std::optional<fs::path> buildCsdJar(const CsdBuildRequest& request, Diagnostics& out) {
  std::vector<fs::path> read{request.sdl};
  std::error_code error;
  if (!fs::is_regular_file(request.sdl, error)) {
    out.error("", "file-not-found", "the SDL '" + request.sdl.string() + "' does not exist");
    return std::nullopt;
  }
  const std::string sdlText = readFile(request.sdl);
  Diagnostics sdlFindings;
  const auto sdl = readSdl(sdlText, request.options, sdlFindings);
  if (request.sdlTemplate) mapPositionsToTemplate(sdlFindings, 0, sdlText, readFile(*request.sdlTemplate));
  out.append(sdlFindings);
  if (!sdl || sdlFindings.hasErrors()) return std::nullopt;
  if (request.expectedName && *request.expectedName != sdlName(*sdl)) {
    out.add({Severity::Error, "", "/name", "sdl-name-mismatch",
             "the SDL's name \"" + sdlName(*sdl) + "\" is not the expected \"" + *request.expectedName + "\""});
  }
  if (request.expectedVersion && *request.expectedVersion != sdlVersion(*sdl)) {
    out.add(
        {Severity::Error, "", "/version", "sdl-version-mismatch",
         "the SDL's version \"" + sdlVersion(*sdl) + "\" is not the expected \"" + *request.expectedVersion + "\""});
  }
  if (out.hasErrors()) return std::nullopt;

  std::vector<JarEntry> entries{{"META-INF/MANIFEST.MF", jarManifest(), false}, {kSdlMember, sdlText, false}};
  if (request.mdl) {
    const std::string mdlText = readFile(*request.mdl);
    read.push_back(*request.mdl);
    Diagnostics mdlFindings;
    readMdl(mdlText, request.options, mdlFindings);
    if (request.mdlTemplate) mapPositionsToTemplate(mdlFindings, 0, mdlText, readFile(*request.mdlTemplate));
    out.append(mdlFindings, request.mdlTemplate.value_or(*request.mdl).string());  // the input printed is the SDL
    if (mdlFindings.hasErrors()) return std::nullopt;
    entries.push_back({kMdlMember, mdlText, false});
  }
  if (request.scripts) addTree(*request.scripts, "scripts/", entries, read, out);
  if (request.aux) addTree(*request.aux, "aux/", entries, read, out);
  if (request.icon) {
    std::string at = "images/icon.png";
    for (const SdlFileReference& reference : sdlFileReferences(*sdl)) {
      if (reference.kind == SdlFileReference::Kind::Icon && reference.pointer == "/icon")
        at = withoutDotSlash(reference.path);
    }
    entries.push_back({at, readFile(*request.icon), false});
    read.push_back(*request.icon);
  }
  // Cloudera reads any version, but ours names the file NAME-VERSION.jar.
  if (sdlVersion(*sdl).find('/') != std::string::npos) {
    out.error("/version", "version-not-a-file-name",
              "the version '" + sdlVersion(*sdl) +
                  "' cannot be part of the jar's file name NAME-VERSION.jar (it has a '/'); use '.', '-' or '_' "
                  "instead");
  }
  if (out.hasErrors()) return std::nullopt;

  const std::string fileName = sdlName(*sdl) + "-" + sdlVersion(*sdl) + ".jar";
  fs::create_directories(request.outputDirectory);
  const fs::path target = request.outputDirectory / fileName;
  AtomicOutputFile file(target);
  writeJar(std::move(entries), file);
  // The complete jar is checked under its temporary name, against its final file
  // name, and renamed into place only when that finds no error.
  Diagnostics jarFindings;
  checkJar(file.temporaryPath(), request.options, jarFindings, fileName, /*reportDescriptors=*/false);
  out.append(jarFindings, fileName);
  if (jarFindings.hasErrors()) return std::nullopt;  // the destructor removes the temporary file
  file.commit();
  if (request.depfile) {
    std::vector<std::string> inputs;
    for (const fs::path& path : read) inputs.push_back(fs::absolute(path).lexically_normal().string());
    writeFileAtomically(*request.depfile, depfileText(target, inputs));
  }
  return target;
}

std::vector<fs::path> initCsd(const std::string& name, const fs::path& directory, Diagnostics& out) {
  // The service type rule of service.sdl's "name", with its codes and messages.
  if (!checkEntityName(name, "", builtinServiceTypes(), "service type", out)) return {};
  // The scaffold writes the name into shell variable names (NAME_HOME), where a
  // '|', which the rule lets through as cm-schema's pattern does, cannot stand.
  if (name.find('|') != std::string::npos) {
    out.error("", "shell-unsafe-name",
              "\"" + name + "\" is a valid service type, but csd init writes it into shell variable names (" + name +
                  "_HOME), where '|' cannot stand; choose a name without '|'");
    return {};
  }
  const std::string low = lower(name);
  const fs::path sdlPath = directory / "service.sdl";
  const fs::path scriptPath = directory / "scripts" / "control.sh";
  for (const fs::path& path : {sdlPath, scriptPath}) {
    std::error_code error;
    if (fs::exists(path, error)) {
      out.error("", "file-exists", "'" + path.string() + "' already exists; nothing was written");
      return {};
    }
  }
  const std::string role = name + "_SERVER";
  const std::string sdl = "// Service descriptor of " + name +
      " (JSON; comments are allowed in service.sdl).\n"
      "// Build the CSD with: parceltool csd build --sdl service.sdl --scripts scripts\n"
      "{\n"
      "  \"name\": \"" +
      name +
      "\",\n"
      "  \"label\": \"" +
      name +
      "\",\n"
      "  \"description\": \"The " +
      name +
      " service.\",\n"
      "  \"version\": \"1.0.0\",\n"
      "  \"runAs\": { \"user\": \"" +
      low + "\", \"group\": \"" + low +
      "\" },\n"
      "  // The parcel whose provides tag this is must be active; its env script is\n"
      "  // sourced before every process of the service starts.\n"
      "  \"parcel\": { \"requiredTags\": [\"" +
      low +
      "\"] },\n"
      "  \"roles\": [\n"
      "    {\n"
      "      \"name\": \"" +
      role +
      "\",\n"
      "      \"label\": \"" +
      name +
      " Server\",\n"
      "      \"pluralLabel\": \"" +
      name +
      " Servers\",\n"
      "      \"parameters\": [\n"
      "        {\n"
      "          \"name\": \"" +
      low +
      "_port\",\n"
      "          \"label\": \"" +
      name +
      " Port\",\n"
      "          \"description\": \"The port the " +
      name +
      " server listens on.\",\n"
      "          \"type\": \"port\",\n"
      "          \"required\": true,\n"
      "          \"default\": 8080\n"
      "        }\n"
      "      ],\n"
      "      \"startRunner\": {\n"
      "        \"program\": \"scripts/control.sh\",\n"
      "        \"args\": [\"start\"],\n"
      "        \"environmentVariables\": { \"" +
      name + "_PORT\": \"${" + low +
      "_port}\" }\n"
      "      },\n"
      "      \"topology\": { \"minInstances\": 1 }\n"
      "    }\n"
      "  ]\n"
      "}\n";
  const std::string script =
      "#!/bin/bash\n"
      "# Control script of the " +
      name +
      " CSD. The Cloudera Manager agent runs it in the\n"
      "# process directory ($CONF_DIR) with the runner's arguments and environment, after\n"
      "# sourcing the env script of every active parcel that provides the tag in the SDL's\n"
      "# parcel.requiredTags. That script is expected to export " +
      name +
      "_HOME.\n"
      "set -euo pipefail\n"
      "\n"
      "echo \"$(date) $0 $*\"\n"
      "echo \"$(date) $0 $*\" >&2\n"
      "\n"
      "# Outside the agent (a manual test), source the parcel's env script ourselves.\n"
      "if [ -z \"${" +
      name +
      "_HOME:-}\" ] && [ -n \"${PARCELS_ROOT:-}\" ]; then\n"
      "  PARCEL_DIRNAME=${PARCEL_DIRNAME:-" +
      name +
      "}\n"
      "  env_script=\"$PARCELS_ROOT/$PARCEL_DIRNAME/meta/" +
      low +
      "_env.sh\"\n"
      "  # shellcheck source=/dev/null\n"
      "  [ -r \"$env_script\" ] && . \"$env_script\"\n"
      "fi\n"
      ": \"${" +
      name + "_HOME:?the " + name + " parcel is not active: its env script did not set " + name +
      "_HOME}\"\n"
      "\n"
      "case \"${1:-}\" in\n"
      "  start)\n"
      "    # Run in the foreground: supervisord tracks this very process.\n"
      "    exec \"$" +
      name + "_HOME/bin/" + low + "\" --port \"${" + name +
      "_PORT}\"\n"
      "    ;;\n"
      "  *)\n"
      "    echo \"unknown action '${1:-}'\" >&2\n"
      "    exit 1\n"
      "    ;;\n"
      "esac\n";
  fs::create_directories(scriptPath.parent_path());
  writeFileAtomically(sdlPath, sdl);
  writeFileAtomically(scriptPath, script);
  fs::permissions(scriptPath,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                      fs::perms::others_exec);
  return {sdlPath, scriptPath};
}

}  // namespace parcel::csd
