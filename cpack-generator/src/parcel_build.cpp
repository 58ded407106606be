#include "parcel/parcel_build.hpp"

#include "parcel/error.hpp"
#include "parcel/names.hpp"
#include "parcel/output_file.hpp"
#include "parcel/parcel_tree.hpp"
#include "parcel/payload.hpp"
#include "parcel/relations.hpp"
#include "parcel/sha1.hpp"
#include "parcel/tar_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace parcel {
namespace {

namespace fs = std::filesystem;

constexpr unsigned kDirectoryMode = 0755;
constexpr unsigned kGeneratedFileMode = 0644;

std::string readInputFile(const fs::path& path, std::vector<fs::path>& filesRead) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(systemErrorMessage("cannot read", path.string(), errno));
  std::ostringstream content;
  content << in.rdbuf();
  filesRead.push_back(path);
  return content.str();
}

std::string lowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool hasGenerationOptions(const BuildRequest& request) {
  return request.metadata || !request.env.empty() || request.envScript || !request.provides.empty() ||
         request.depends || request.conflicts || request.replaces || request.setActiveSymlink ||
         request.releaseNotes || !request.extraVersionInfo.empty() || !request.packages.empty() ||
         !request.components.empty() || !request.users.empty() || !request.groups.empty() ||
         !request.alternatives.empty() || !request.permissions.empty();
}

// The request's name, version and distros, checked with the project's one grammar.
void checkRequest(const BuildRequest& request, Diagnostics& out) {
  checkProductName(request.name, "/name", out);
  checkVersion(request.version, "/version", out);
  if (request.distros.empty()) out.error("/distros", "missing-distro", "at least one distro is required");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < request.distros.size(); ++i) {
    checkDistro(request.distros[i], childPointer("/distros", i), out);
    if (!seen.insert(request.distros[i]).second) {
      out.error(childPointer("/distros", i), "duplicate-distro", "distro '" + request.distros[i] + "' is given twice");
    }
  }
  checkEnvAssignments(request.env, out);
  // `validate` only warns on a relation it cannot parse (CM's own grammar is not
  // public); what we write ourselves must follow the documented form.
  const std::pair<const char*, const std::optional<std::string>*> relations[] = {
      {"/depends", &request.depends}, {"/conflicts", &request.conflicts}, {"/replaces", &request.replaces}};
  for (const auto& [pointer, value] : relations) {
    std::string problem;
    if (*value && !parseRelations(**value, &problem)) {
      out.error(pointer, "invalid-relation", "'" + **value + "' is not a relation list like 'CDH (>= 5.0), CDH (<< 6.0)': " + problem);
    }
  }
}

// parcel.json for a generated parcel: the hand-written file (if any) with the
// request's settings on top, and every required field filled in.
ParcelMetadata generateMetadata(const BuildRequest& request, std::vector<fs::path>& filesRead, Diagnostics& out) {
  ParcelMetadata metadata;
  if (request.metadata) {
    Diagnostics found;
    if (auto read = readParcelMetadata(readInputFile(*request.metadata, filesRead), found)) metadata = *read;
    out.append(found, request.metadata->string());
  }
  metadata.schemaVersion = 1;
  metadata.name = request.name;
  metadata.version = request.version;
  if (!request.extraVersionInfo.empty()) metadata.extraVersionInfo = request.extraVersionInfo;
  if (request.depends) metadata.depends = request.depends;
  if (request.replaces) metadata.replaces = request.replaces;
  if (request.conflicts) metadata.conflicts = request.conflicts;
  if (!request.provides.empty()) metadata.provides = request.provides;
  if (request.setActiveSymlink || !metadata.setActiveSymlink) metadata.setActiveSymlink = request.setActiveSymlink.value_or(true);
  if (request.envScript) {
    metadata.scripts = Scripts{request.envScript->filename().string()};
  } else if (!metadata.scripts || !metadata.scripts->defines) {
    metadata.scripts = Scripts{defaultEnvScriptName(request.name)};
  }
  if (!request.packages.empty()) metadata.packages = request.packages;
  if (!metadata.packages) metadata.packages.emplace();
  if (!request.components.empty()) metadata.components = request.components;
  if (!metadata.components || metadata.components->empty()) {
    metadata.components = std::vector<Component>{
        Component{lowerCase(request.name), request.version, request.version, std::nullopt}};
  }
  if (!request.users.empty()) metadata.users = request.users;
  if (!metadata.users) metadata.users.emplace();
  if (!request.groups.empty()) metadata.groups = request.groups;
  if (!metadata.groups) metadata.groups.emplace();
  return metadata;
}

// Everything that goes under NAME-VERSION/: the payload, plus the meta files
// this build generates, sorted by path as the archive wants them.
struct ArchivePlan {
  std::vector<PayloadEntry> payload;
  std::map<std::string, std::string> generated;   // relative path -> content
};

void addGenerated(ArchivePlan& plan, const std::string& path, std::string content, Diagnostics& out) {
  const bool inPayload = std::any_of(plan.payload.begin(), plan.payload.end(),
                                     [&path](const PayloadEntry& entry) { return entry.path == path; });
  if (inPayload) {
    out.error("", "generated-file-conflict",
              "the input already has '" + path + "', which the build options would generate; "
              "remove the file or the options");
    return;
  }
  plan.generated[path] = std::move(content);
}

ParcelTree treeOf(const ArchivePlan& plan, const std::string& dirName) {
  ParcelTree tree;
  tree.dirName = dirName;
  for (const PayloadEntry& entry : plan.payload) {
    tree.entries[entry.path] = entry.type;
    if (entry.type == EntryType::File && entry.path.rfind("meta/", 0) == 0 &&
        entry.path.find('/', 5) == std::string::npos) {
      std::vector<fs::path> ignored;
      tree.metaFiles[entry.path] = readInputFile(entry.source, ignored);
    }
  }
  if (!plan.generated.empty()) tree.entries.emplace("meta", EntryType::Directory);
  for (const auto& [path, content] : plan.generated) {
    tree.entries[path] = EntryType::File;
    tree.metaFiles[path] = content;
  }
  return tree;
}

// The tar stream: top folder, then every entry in byte-wise path order.
void writeArchive(const ArchivePlan& plan, const std::string& dirName, std::int64_t mtime, ByteSink& sink) {
  std::map<std::string, const PayloadEntry*> payload;
  for (const PayloadEntry& entry : plan.payload) payload[entry.path] = &entry;
  std::set<std::string> paths;
  for (const auto& [path, entry] : payload) paths.insert(path);
  for (const auto& [path, content] : plan.generated) paths.insert(path);
  if (!plan.generated.empty()) paths.insert("meta");

  TarWriter tar(sink, mtime);
  tar.addDirectory(dirName, kDirectoryMode);
  for (const std::string& path : paths) {
    const std::string member = dirName + "/" + path;
    if (auto generated = plan.generated.find(path); generated != plan.generated.end()) {
      tar.addFileContent(member, kGeneratedFileMode, generated->second);
      continue;
    }
    auto found = payload.find(path);
    if (found == payload.end()) {   // a folder only the generated files need
      tar.addDirectory(member, kDirectoryMode);
      continue;
    }
    const PayloadEntry& entry = *found->second;
    switch (entry.type) {
      case EntryType::Directory: tar.addDirectory(member, entry.mode); break;
      case EntryType::File: tar.addFile(member, entry.mode, entry.size, entry.source); break;
      case EntryType::Symlink: tar.addSymlink(member, entry.linkTarget); break;
      case EntryType::Hardlink: tar.addHardlink(member, dirName + "/" + entry.linkTarget); break;
      case EntryType::Other: throw InputError("'" + entry.path + "' is not a file, folder or link");
    }
  }
  tar.close();
}

std::string depfileEscape(const std::string& path) {
  std::string escaped;
  for (char c : path) {
    if (c == ' ' || c == '#' || c == '\\') escaped += '\\';
    if (c == '$') escaped += '$';
    escaped += c;
  }
  return escaped;
}

void writeDepfile(const fs::path& depfile, const fs::path& output, std::vector<fs::path> inputs) {
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  std::string text = depfileEscape(output.string()) + ":";
  for (const fs::path& input : inputs) text += " \\\n  " + depfileEscape(input.string());
  text += "\n";
  writeFileAtomically(depfile, text);
}

}  // namespace

std::optional<BuildResult> buildParcels(const BuildRequest& request, Diagnostics& out) {
  const std::size_t errorsBefore = out.errorCount();
  checkRequest(request, out);

  const std::string dirName = parcelDirName(request.name, request.version);
  std::vector<fs::path> filesRead;
  ArchivePlan plan;
  try {
    plan.payload = scanPayload(request.input, out);
  } catch (const InputError& error) {   // no input folder: report it with the rest
    out.error("", "input-not-found", error.what());
    return std::nullopt;
  }
  for (const PayloadEntry& entry : plan.payload) filesRead.push_back(entry.source.empty() ? request.input / entry.path : entry.source);

  const bool hasOwnMetadata = std::any_of(plan.payload.begin(), plan.payload.end(),
                                          [](const PayloadEntry& entry) { return entry.path == "meta/parcel.json"; });
  if (hasOwnMetadata) {
    if (hasGenerationOptions(request)) {
      out.error("", "metadata-options-conflict",
                "the input has its own meta/parcel.json, so metadata options (--env, --provides, a spec's "
                "users, ...) cannot apply; remove the file or the options");
    }
  } else {
    const ParcelMetadata metadata = generateMetadata(request, filesRead, out);
    addGenerated(plan, "meta/parcel.json", toJsonText(encodeParcelMetadata(metadata)), out);
    const std::string defines = "meta/" + metadata.scripts->defines.value_or(defaultEnvScriptName(request.name));
    if (request.envScript) {
      addGenerated(plan, defines, readInputFile(*request.envScript, filesRead), out);
    } else if (std::none_of(plan.payload.begin(), plan.payload.end(),
                            [&defines](const PayloadEntry& entry) { return entry.path == defines; })) {
      addGenerated(plan, defines, makeEnvScript(request.name, request.version, request.env), out);
    }
    if (!request.alternatives.empty()) {
      addGenerated(plan, "meta/alternatives.json", toJsonText(encodeAlternatives(request.alternatives)), out);
    }
    if (!request.permissions.empty()) {
      addGenerated(plan, "meta/permissions.json", toJsonText(encodePermissions(request.permissions)), out);
    }
    if (request.releaseNotes) {
      addGenerated(plan, "meta/release-notes.txt", readInputFile(*request.releaseNotes, filesRead), out);
    }
  }

  // The same checks `validate` makes on a finished parcel, made before writing.
  // Skipped when the request itself is wrong: they would repeat its errors.
  std::optional<ParcelMetadata> checked;
  if (out.errorCount() == errorsBefore) {
    Diagnostics treeFindings;
    checked = checkParcelTree(treeOf(plan, dirName), treeFindings);
    for (const Diagnostic& finding : treeFindings.items()) {
      // A warning about a file we generate repeats one already given for the request.
      const bool aboutGenerated = plan.generated.count(finding.member) != 0;
      if (finding.severity == Severity::Error || !aboutGenerated) out.add(finding);
    }
  }
  if (checked && hasOwnMetadata && (checked->name != request.name || checked->version != request.version)) {
    out.error("", "metadata-name-mismatch",
              "meta/parcel.json names " + checked->name.value_or("") + " " + checked->version.value_or("") +
                  ", but the build was asked for " + request.name + " " + request.version);
  }
  if (out.errorCount() > errorsBefore) return std::nullopt;

  std::error_code error;
  fs::create_directories(request.outputDirectory, error);
  if (error) throw IoError("cannot create output folder '" + request.outputDirectory.string() + "': " + error.message());

  BuildResult result;
  for (const std::string& distro : request.distros) {
    const fs::path parcel = request.outputDirectory / parcelFileName(request.name, request.version, distro);
    result.parcels.push_back(parcel);
    result.shaFiles.push_back(fs::path(parcel.string() + ".sha"));
  }

  // Write once, hash on the way, and make every other name a link or copy of
  // it; nothing appears under a final name until everything is complete.
  AtomicOutputFile archive(result.parcels.front());
  {
    HashingSink hashing(archive);
    const std::unique_ptr<ByteSink> gzip = makeGzipCompressor(hashing, request.compression);
    writeArchive(plan, dirName, request.mtime, *gzip);
    result.sha1 = hashing.hexDigest();
    result.size = hashing.bytesWritten();
  }
  std::vector<std::unique_ptr<PendingLink>> copies;
  for (std::size_t i = 1; i < result.parcels.size(); ++i) {
    copies.push_back(std::make_unique<PendingLink>(archive.temporaryPath(), result.parcels[i]));
  }
  std::vector<std::unique_ptr<AtomicOutputFile>> shaFiles;
  for (const fs::path& shaFile : result.shaFiles) {
    shaFiles.push_back(std::make_unique<AtomicOutputFile>(shaFile));
    const std::string line = result.sha1 + "\n";
    shaFiles.back()->write(line.data(), line.size());
  }
  archive.commit();
  for (auto& copy : copies) copy->commit();
  for (auto& shaFile : shaFiles) shaFile->commit();

  if (request.depfile) writeDepfile(*request.depfile, result.parcels.front(), filesRead);
  return result;
}

}  // namespace parcel
