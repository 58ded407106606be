#include "parcel/build/parcel_build.hpp"

#include "parcel/archive/parcel_reader.hpp"
#include "parcel/archive/tar_writer.hpp"
#include "parcel/audit/member_mode_checks.hpp"
#include "parcel/build/payload.hpp"
#include "parcel/model/filelist.hpp"
#include "parcel/package/package_contents.hpp"
#include "parcel/package/package_payload.hpp"
#include "parcel/rules/names.hpp"
#include "parcel/rules/relations.hpp"
#include "parcel/support/depfile.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/file_io.hpp"
#include "parcel/support/file_lock.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/output_file.hpp"
#include "parcel/support/progress.hpp"
#include "parcel/support/sha1.hpp"
#include "parcel/validate/parcel_tree.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string_view>

namespace parcel {
namespace {

namespace fs = std::filesystem;

constexpr unsigned kDirectoryMode = 0755;
constexpr unsigned kGeneratedFileMode = 0644;

// A file the request names (metadata, env script, release notes), recorded for the depfile.
std::string readInputFile(const fs::path& path, const std::string& what, std::vector<std::string>& filesRead) {
  std::string content = readRegularFile(path, what);
  filesRead.push_back(path.string());
  return content;
}

std::string lowerCase(std::string text) {
  std::transform(
      text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool hasGenerationOptions(const BuildRequest& request) {
  return request.metadata || !request.env.empty() || request.envScript || !request.provides.empty() ||
      request.depends || request.conflicts || request.replaces || request.setActiveSymlink || request.releaseNotes ||
      !request.extraVersionInfo.empty() || !request.packages.empty() || !request.components.empty() ||
      !request.users.empty() || !request.groups.empty() || !request.alternatives.empty() ||
      !request.permissions.empty() || !request.fromPackages.empty();
}

// Every text that ends up in parcel.json or the env script must be UTF-8: JSON
// requires it, and a replaced byte would silently change what the user asked for.
void checkUtf8(const BuildRequest& request, Diagnostics& out) {
  auto check = [&out](const std::string& pointer, const std::string& text) {
    if (!isValidUtf8(text)) out.error(pointer, "invalid-utf8", "is not valid UTF-8 text");
  };
  check("/name", request.name);
  check("/version", request.version);
  for (std::size_t i = 0; i < request.distros.size(); ++i) check(childPointer("/distros", i), request.distros[i]);
  for (std::size_t i = 0; i < request.env.size(); ++i)
    check(childPointer("/env", i), request.env[i].first + request.env[i].second);
  for (std::size_t i = 0; i < request.provides.size(); ++i) check(childPointer("/provides", i), request.provides[i]);
  for (const auto& [pointer, value] :
       {std::pair{"/depends", &request.depends}, std::pair{"/conflicts", &request.conflicts},
        std::pair{"/replaces", &request.replaces}}) {
    if (*value) check(pointer, **value);
  }
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
  checkUtf8(request, out);
  // `validate` only warns on a relation it cannot parse (CM's own grammar is not
  // public); what we write ourselves must follow the documented form.
  const std::pair<const char*, const std::optional<std::string>*> relations[] = {
      {"/depends", &request.depends}, {"/conflicts", &request.conflicts}, {"/replaces", &request.replaces}};
  for (const auto& [pointer, value] : relations) {
    std::string problem;
    if (*value && !parseRelations(**value, &problem)) {
      out.error(pointer, "invalid-relation",
                "'" + **value + "' is not a relation list like 'CDH (>= 5.0), CDH (<< 6.0)': " + problem);
    }
  }
}

// parcel.json for a generated parcel: the hand-written file (if any) with the
// request's settings on top, and every required field filled in.
// With packages, their headers fill packages and components (unless given), and
// the owners they need join users and groups (a user's own entry wins by name).
ParcelMetadata generateMetadata(const BuildRequest& request, const PackagePayload* fromPackages,
                                std::vector<std::string>& filesRead, Diagnostics& out) {
  ParcelMetadata metadata;
  if (request.metadata) {
    Diagnostics found;
    if (auto read = readParcelMetadata(readInputFile(*request.metadata, "metadata file", filesRead), found))
      metadata = *read;
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
  if (request.setActiveSymlink || !metadata.setActiveSymlink)
    metadata.setActiveSymlink = request.setActiveSymlink.value_or(true);
  if (request.envScript) {
    metadata.scripts = Scripts{request.envScript->filename().string()};
  } else if (!metadata.scripts || !metadata.scripts->defines) {
    metadata.scripts = Scripts{defaultEnvScriptName(request.name)};
  }
  if (!request.packages.empty()) metadata.packages = request.packages;
  if (fromPackages != nullptr && request.packages.empty() && (!metadata.packages || metadata.packages->empty()))
    metadata.packages = fromPackages->packages;
  if (!metadata.packages) metadata.packages.emplace();
  if (!request.components.empty()) metadata.components = request.components;
  if (fromPackages != nullptr && request.components.empty() && (!metadata.components || metadata.components->empty()))
    metadata.components = fromPackages->components;
  if (!metadata.components || metadata.components->empty()) {
    metadata.components =
        std::vector<Component>{Component{lowerCase(request.name), request.version, request.version, std::nullopt}};
  }
  if (!request.users.empty()) metadata.users = request.users;
  if (!metadata.users) metadata.users.emplace();
  if (!request.groups.empty()) metadata.groups = request.groups;
  if (!metadata.groups) metadata.groups.emplace();
  if (fromPackages != nullptr) {
    for (const auto& [name, user] : fromPackages->users) {
      const bool declared = std::any_of(metadata.users->begin(), metadata.users->end(),
                                        [&name = name](const auto& given) { return given.first == name; });
      if (!declared) metadata.users->emplace_back(name, user);
    }
    for (const std::string& group : fromPackages->groups) {
      if (std::find(metadata.groups->begin(), metadata.groups->end(), group) == metadata.groups->end())
        metadata.groups->push_back(group);
    }
  }
  return metadata;
}

// Everything that goes under NAME-VERSION/: the payload, plus the meta files
// this build generates, sorted by path as the archive wants them.
struct ArchivePlan {
  std::vector<PayloadEntry> payload;
  std::map<std::string, std::string> generated;  // relative path -> content
};

void addGenerated(ArchivePlan& plan, const std::string& path, std::string content, Diagnostics& out) {
  const bool inPayload = std::any_of(
      plan.payload.begin(), plan.payload.end(), [&path](const PayloadEntry& entry) { return entry.path == path; });
  if (inPayload) {
    out.error("", "generated-file-conflict",
              "the input already has '" + path +
                  "', which the build options would generate; "
                  "remove the file or the options");
    return;
  }
  plan.generated[path] = std::move(content);
}

bool isMetaFileName(const std::string& path) {
  return std::any_of(kMetaFileNames.begin(), kMetaFileNames.end(),
                     [&path](std::string_view name) { return path == "meta/" + std::string(name); });
}

// What the tree checks need: every entry's type and the content of the four meta
// files that are read (never the rest of the payload, so memory stays bounded).
ParcelTree treeOf(const ArchivePlan& plan, const std::string& dirName, Diagnostics& out) {
  ParcelTree tree;
  tree.dirName = dirName;
  for (const PayloadEntry& entry : plan.payload) {
    tree.entries[entry.path] = entry.type;
    if (entry.type != EntryType::File || !isMetaFileName(entry.path)) continue;
    if (entry.size > kMaxMetaFileSize) {
      out.error("", "member-too-large", "'" + entry.path + "' is larger than 16 MiB");
      continue;
    }
    tree.metaFiles[entry.path] = readRegularFile(entry.source, "meta file", kMaxMetaFileSize);
  }
  if (!plan.generated.empty()) tree.entries.emplace("meta", EntryType::Directory);
  for (const auto& [path, content] : plan.generated) {
    tree.entries[path] = EntryType::File;
    // What validate would refuse to read (a spec's 100 MB depends, say) is not written either.
    if (content.size() > kMaxMetaFileSize) {
      out.error("", "member-too-large",
                "the generated '" + path + "' would be " + std::to_string(content.size()) +
                    " bytes, larger than 16 MiB, the most a reader takes of a metadata file");
    }
    tree.metaFiles[path] = content;
  }
  return tree;
}

// The tar stream: top folder, then every entry in byte-wise path order.
// Views and pointers into the plan, not copies: a second copy of every path
// would be the largest thing in memory for a tree of many small files.
void writeArchive(const ArchivePlan& plan, const std::string& dirName, std::int64_t mtime, ByteSink& sink) {
  std::vector<const PayloadEntry*> payload;
  payload.reserve(plan.payload.size());
  for (const PayloadEntry& entry : plan.payload) payload.push_back(&entry);
  // Byte-wise by path; of two entries with one path, the later one is written.
  std::stable_sort(
      payload.begin(), payload.end(), [](const PayloadEntry* a, const PayloadEntry* b) { return a->path < b->path; });
  static const std::string kMetaFolder = "meta";
  std::vector<std::string_view> paths;
  paths.reserve(payload.size() + plan.generated.size() + 1);
  for (const PayloadEntry* entry : payload) paths.push_back(entry->path);
  for (const auto& [path, content] : plan.generated) paths.push_back(path);
  if (!plan.generated.empty()) paths.push_back(kMetaFolder);
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());

  TarWriter tar(sink, mtime);
  tar.addDirectory(dirName, kDirectoryMode);
  for (const std::string_view path : paths) {
    const std::string member = dirName + "/" + std::string(path);
    if (auto generated = plan.generated.find(std::string(path)); generated != plan.generated.end()) {
      tar.addFileContent(member, kGeneratedFileMode, generated->second);
      continue;
    }
    const auto after = std::upper_bound(
        payload.begin(), payload.end(), path, [](std::string_view p, const PayloadEntry* e) { return p < e->path; });
    if (after == payload.begin() || (*(after - 1))->path != path) {  // a folder only the generated files need
      tar.addDirectory(member, kDirectoryMode);
      continue;
    }
    const PayloadEntry& entry = **(after - 1);
    switch (entry.type) {
      case EntryType::Directory:
        tar.addDirectory(member, entry.mode);
        break;
      case EntryType::File:
        tar.addFile(member, entry.mode, entry.size, entry.source);
        break;
      case EntryType::Symlink:
        tar.addSymlink(member, entry.linkTarget);
        break;
      case EntryType::Hardlink:
        tar.addHardlink(member, dirName + "/" + entry.linkTarget);
        break;
      case EntryType::Other:
        throw InputError("'" + entry.path + "' is not a file, folder or link");
    }
  }
  tar.close();
}

// An existing folder (or other non-file) where an output must go would make the
// final rename fail after other outputs were already in place: refuse it first.
void checkOutputPaths(const std::vector<fs::path>& outputs, Diagnostics& out) {
  for (const fs::path& output : outputs) {
    std::error_code error;
    const fs::file_status status = fs::symlink_status(output, error);
    if (fs::exists(status) && !fs::is_regular_file(status) && !fs::is_symlink(status)) {
      out.error("", "output-not-a-file",
                "'" + output.string() + "' exists and is not a file, so the output cannot replace it");
    }
  }
}

// Outputs prepared under temporary names, published together. Old .sha files
// are removed before any parcel is renamed, so a parcel never stands beside the
// .sha of other bytes; if a rename fails, what this run already published is
// removed again and the error goes on to the caller.
void publish(AtomicOutputFile& archive, std::vector<std::unique_ptr<PendingLink>>& copies,
             std::vector<std::unique_ptr<AtomicOutputFile>>& sideFiles, const BuildResult& result) {
  std::vector<fs::path> published;
  try {
    for (const fs::path& shaFile : result.shaFiles) {
      if (std::remove(shaFile.c_str()) != 0 && errno != ENOENT) {
        throw IoError(systemErrorMessage("cannot replace", shaFile.string(), errno));
      }
    }
    archive.commit();
    published.push_back(result.parcels.front());
    for (std::size_t i = 0; i < copies.size(); ++i) {
      copies[i]->commit();
      published.push_back(result.parcels[i + 1]);
    }
    for (auto& file : sideFiles) {
      file->commit();
      published.push_back(file->target());
    }
  } catch (const Error&) {
    for (const fs::path& path : published) std::remove(path.c_str());
    throw;
  }
}

// A private folder for the packages' file contents, removed with the build.
class StagingFolder {
public:
  StagingFolder() {
    std::string pattern = (fs::temp_directory_path() / "parceltool-packages-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw IoError(systemErrorMessage("cannot create", pattern, errno));
    path_ = pattern;
  }
  ~StagingFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;
  const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

// Reads every package (all of them, so every problem shows) and maps it into the parcel.
PackagePayload readPackages(const BuildRequest& request, const StagingFolder* staging,
                            std::vector<PackageSummary>& summaries, std::vector<std::string>& filesRead,
                            Diagnostics& out) {
  PackagePayload payload;
  const PackageMappingOptions mapping{request.relocations, request.dropOutside, request.scriptlets};
  for (std::size_t i = 0; i < request.fromPackages.size(); ++i) {
    const fs::path& file = request.fromPackages[i];
    PackageReadOptions options;
    if (staging != nullptr) {
      options.staging = staging->path() / std::to_string(i);
      fs::create_directory(*options.staging);
    }
    filesRead.push_back(file.string());
    const std::optional<PackageContents> contents = readPackage(file, options, out);
    if (!contents) continue;
    const std::size_t before = payload.entries.size();
    addPackage(*contents, mapping, payload, out);
    PackageSummary summary{file,
                           contents->name,
                           fullVersion(*contents),
                           payload.entries.size() - before,
                           contents->payloadBytes,
                           contents->scriptlets};
    summaries.push_back(std::move(summary));
  }
  return payload;
}

// The input folder's entries and the packages' in one sorted list; a path both
// provide must hold the same thing in both.
void mergePayloads(std::vector<PayloadEntry>& payload, std::vector<PayloadEntry> fromPackages, Diagnostics& out) {
  std::map<std::string, const PayloadEntry*> input;
  for (const PayloadEntry& entry : payload) input[entry.path] = &entry;
  std::vector<PayloadEntry> added;
  for (PayloadEntry& entry : fromPackages) {
    const auto found = input.find(entry.path);
    if (found == input.end()) {
      added.push_back(std::move(entry));
    } else if (!samePayloadContent(*found->second, entry)) {
      out.add({Severity::Error, entry.path, "", "source-path-conflict",
               "the input folder and a package both provide '" + entry.path +
                   "' with different content; remove it from one of them"});
    }
  }
  payload.insert(payload.end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
  std::sort(
      payload.begin(), payload.end(), [](const PayloadEntry& a, const PayloadEntry& b) { return a.path < b.path; });
}

}  // namespace

std::optional<BuildResult> buildParcels(const BuildRequest& request, Diagnostics& out) {
  const std::size_t errorsBefore = out.errorCount();
  checkRequest(request, out);

  const std::string dirName = parcelDirName(request.name, request.version);
  std::vector<std::string> filesRead;
  ArchivePlan plan;
  std::error_code error;
  if (request.input.empty() && request.fromPackages.empty()) {
    out.error("", "input-missing", "nothing to pack: give an input folder, packages, or both");
    return std::nullopt;
  }
  if (!request.input.empty()) {
    if (!fs::exists(request.input, error)) {
      out.error("", "input-not-found", "input directory '" + request.input.string() + "' does not exist");
      return std::nullopt;
    }
    if (!fs::is_directory(request.input, error)) {
      out.error("", "input-not-a-directory", "input '" + request.input.string() + "' is not a directory");
      return std::nullopt;
    }
    // Room for "NAME-VERSION/" in front of every member name.
    const std::size_t room = kMaxMemberPathLength > dirName.size() + 1 ? kMaxMemberPathLength - dirName.size() - 1 : 0;
    plan.payload = scanPayload(request.input, out, room);
    for (const PayloadEntry& entry : plan.payload) filesRead.push_back(entry.source);
  }
  BuildResult result;
  result.dryRun = request.dryRun;
  std::optional<StagingFolder> staging;
  std::optional<PackagePayload> fromPackages;
  if (!request.fromPackages.empty()) {
    if (!request.dryRun) staging.emplace();
    fromPackages = readPackages(request, staging ? &*staging : nullptr, result.packages, filesRead, out);
    mergePayloads(plan.payload, fromPackages->entries, out);
    settlePackageLinks(plan.payload, *fromPackages, out);
  }

  auto inPayload = [&plan](const std::string& path) {
    return std::any_of(
        plan.payload.begin(), plan.payload.end(), [&path](const PayloadEntry& entry) { return entry.path == path; });
  };
  const bool hasOwnMetadata = inPayload("meta/parcel.json");
  if (hasOwnMetadata) {
    if (hasGenerationOptions(request)) {
      out.error("", "metadata-options-conflict",
                "the input has its own meta/parcel.json, so metadata options (--env, --provides, a spec's "
                "users, ...) cannot apply; remove the file or the options");
    }
  } else {
    const ParcelMetadata metadata = generateMetadata(request, fromPackages ? &*fromPackages : nullptr, filesRead, out);
    result.metadata = toJsonText(encodeParcelMetadata(metadata));
    addGenerated(plan, "meta/parcel.json", result.metadata, out);
    const std::string defines = "meta/" + metadata.scripts->defines.value_or(defaultEnvScriptName(request.name));
    if (request.envScript) {
      addGenerated(plan, defines, readInputFile(*request.envScript, "env script", filesRead), out);
    } else if (!inPayload(defines) || !request.env.empty()) {
      // A hand-made script in the input is used as is; with --env as well, the
      // two would clash, and addGenerated reports it.
      addGenerated(plan, defines, makeEnvScript(request.name, request.version, request.env), out);
    }
    if (!request.alternatives.empty()) {
      addGenerated(plan, "meta/alternatives.json", toJsonText(encodeAlternatives(request.alternatives)), out);
    }
    Permissions permissions = request.permissions;
    if (fromPackages) {
      for (const auto& [path, permission] : fromPackages->permissions) {
        const bool given = std::any_of(permissions.begin(), permissions.end(),
                                       [&path = path](const auto& declared) { return declared.first == path; });
        if (!given) permissions.emplace_back(path, permission);
      }
      addGenerated(plan, "meta/filelist.json", toJsonText(encodeFileList(fromPackages->fileList)), out);
    }
    if (!permissions.empty()) {
      addGenerated(plan, "meta/permissions.json", toJsonText(encodePermissions(permissions)), out);
    }
    if (request.releaseNotes) {
      addGenerated(
          plan, "meta/release-notes.txt", readInputFile(*request.releaseNotes, "release notes", filesRead), out);
    }
  }

  // The same checks `validate` makes on a finished parcel, made before writing.
  // Skipped when the request itself is wrong: they would repeat its errors.
  std::optional<ParcelMetadata> checked;
  if (out.errorCount() == errorsBefore) {
    Diagnostics treeFindings;
    std::optional<std::string> permissions;
    {  // the tree is gone before the mode checks make their own list: one at a time
      const ParcelTree tree = treeOf(plan, dirName, treeFindings);
      checked = checkParcelTree(tree, treeFindings);
      if (const auto found = tree.metaFiles.find("meta/permissions.json"); found != tree.metaFiles.end()) {
        permissions = found->second;
      }
    }
    checkPayloadModes(plan.payload, permissions ? &*permissions : nullptr, out);
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

  for (const std::string& distro : request.distros) {
    const fs::path parcel = request.outputDirectory / parcelFileName(request.name, request.version, distro);
    result.parcels.push_back(parcel);
    result.shaFiles.push_back(fs::path(parcel.string() + ".sha"));
  }
  std::vector<fs::path> outputs = result.parcels;
  outputs.insert(outputs.end(), result.shaFiles.begin(), result.shaFiles.end());
  if (request.depfile) outputs.push_back(*request.depfile);
  checkOutputPaths(outputs, out);
  if (out.errorCount() > errorsBefore) return std::nullopt;
  result.entries = plan.payload.size() + plan.generated.size();
  if (request.dryRun) {
    for (const PayloadEntry& entry : plan.payload) result.size += entry.size;
    for (const auto& [path, content] : plan.generated) result.size += content.size();
    return result;
  }

  fs::create_directories(request.outputDirectory, error);
  if (error)
    throw IoError("cannot create output folder '" + request.outputDirectory.string() + "': " + error.message());

  // Write once, hash on the way, prepare every other name as a link or copy,
  // then publish everything together (see publish()).
  AtomicOutputFile archive(result.parcels.front());
  {
    HashingSink hashing(archive);
    const std::unique_ptr<ByteSink> gzip = makeGzipCompressor(hashing, request.compression, request.threads);
    // Progress in bytes of the tar stream: a header and the padded content per
    // entry, the top folder, meta/ and the end blocks, in whole 10 KiB records
    // (a close estimate).
    const auto padded = [](std::uint64_t size) { return (size + 511) / 512 * 512; };
    std::uint64_t stream = 512 * (plan.payload.size() + plan.generated.size() + 2) + 1024;
    for (const PayloadEntry& entry : plan.payload) stream += padded(entry.size);
    for (const auto& [path, content] : plan.generated) stream += padded(content.size());
    stream = (stream + 10239) / 10240 * 10240;
    ProgressTask progress(result.parcels.front().filename().string(), stream);
    ProgressSink counted(*gzip, progress);
    writeArchive(plan, dirName, request.mtime, counted);
    result.sha1 = hashing.hexDigest();
    result.size = hashing.bytesWritten();
  }
  std::vector<std::unique_ptr<PendingLink>> copies;
  for (std::size_t i = 1; i < result.parcels.size(); ++i) {
    copies.push_back(std::make_unique<PendingLink>(archive.temporaryPath(), result.parcels[i]));
  }
  std::vector<std::unique_ptr<AtomicOutputFile>> sideFiles;
  auto addSideFile = [&sideFiles](const fs::path& path, const std::string& content) {
    sideFiles.push_back(std::make_unique<AtomicOutputFile>(path));
    sideFiles.back()->write(content.data(), content.size());
  };
  for (const fs::path& shaFile : result.shaFiles) addSideFile(shaFile, result.sha1 + "\n");
  if (request.depfile) addSideFile(*request.depfile, depfileText(result.parcels.front(), filesRead));
  throwIfInterrupted();  // the last moment at which nothing is visible yet
  // The wait for another build's publish may be interrupted; the publish may not.
  // Two builds into one folder publish one after the other: with interleaved
  // renames, one run's parcel could end up beside the other's .sha. An exclusive
  // flock on the output folder itself (so no lock file is left behind) serialises
  // the short publish step. Where a file system cannot lock a folder (flock on an
  // NFS folder opened read-only fails), the build goes on unlocked.
  const ExclusiveLock lock =
      ExclusiveLock::onFolderIfPossible(request.outputDirectory.empty() ? fs::path(".") : request.outputDirectory);
  const InterruptShield shield;
  publish(archive, copies, sideFiles, result);
  return result;
}

}  // namespace parcel
