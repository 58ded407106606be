// The emulated host's verbs: distribute, activate, deactivate, rollback,
// remove.
#include "parcel/host/host.hpp"

#include "parcel/archive/parcel_reader.hpp"
#include "parcel/host/extract.hpp"
#include "parcel/host/safe_fs.hpp"
#include "parcel/model/alternatives.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/model/permissions.hpp"
#include "parcel/rules/member_path.hpp"
#include "parcel/rules/names.hpp"
#include "parcel/rules/relations.hpp"
#include "parcel/rules/version_order.hpp"
#include "parcel/support/byte_sink.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/file_io.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/output_file.hpp"
#include "parcel/support/unique_fd.hpp"
#include "parcel/validate/parcel_check.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

namespace parcel::host {
namespace {

namespace fs = std::filesystem;

// Top-level names of the root that alternatives may not take over.
const std::set<std::string> kReservedTopLevel = {
    "parcels", "parcel-repo", "alternatives", "process", "state.json", ".lock"};
// The emulated account files, which no alternative may take over.
const std::set<std::string> kReservedDestinations = {"/etc", "/etc/passwd", "/etc/group"};
// Ids of accounts the host creates (useradd's default UID_MIN and GID_MIN).
constexpr std::uint32_t kFirstId = 1000;

void refuse(Diagnostics& out, const std::string& member, const std::string& code, const std::string& message) {
  out.add({Severity::Error, member, "", code, message});
}

void warn(Diagnostics& out, const std::string& member, const std::string& code, const std::string& message) {
  out.add({Severity::Warning, member, "", code, message});
}

bool isTemporaryName(const std::string& name) {
  return name.rfind(".tmp-", 0) == 0 || name.find(".tmp-") != std::string::npos;
}

// Removes a scratch folder on every exit path.
class ScratchDirectory {
public:
  explicit ScratchDirectory(fs::path path) : path_(std::move(path)) {
    if (::mkdir(path_.c_str(), 0700) != 0) throw IoError(systemErrorMessage("cannot create", path_.string(), errno));
  }
  ~ScratchDirectory() {
    try {
      removeTree(path_);
    } catch (const IoError&) {
      // the next command's repair removes it
    }
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

std::string uniqueSuffix() {
  static unsigned long counter = 0;
  return std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

// The first word of a .sha file, lower-cased.
std::string readShaFile(const fs::path& file) {
  std::istringstream in(readRegularFile(file, "hash file", std::uint64_t{1} << 20));
  std::string word;
  in >> word;
  std::transform(
      word.begin(), word.end(), word.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return word;
}

std::vector<Relation> relationsOf(const std::string& text) {
  std::string ignored;
  auto parsed = parseRelations(text, &ignored);
  return parsed ? *parsed : std::vector<Relation>{};
}

bool matches(const Relation& relation, const DistributedParcel& parcel) {
  if (parcel.name == relation.product) return versionSatisfies(parcel.version, relation.op, relation.version);
  return relation.op.empty() &&
      std::find(parcel.provides.begin(), parcel.provides.end(), relation.product) != parcel.provides.end();
}

std::string describe(const Relation& relation) {
  return relation.product + (relation.op.empty() ? "" : " (" + relation.op + " " + relation.version + ")");
}

std::vector<const DistributedParcel*> activeParcels(const HostState& state) {
  std::vector<const DistributedParcel*> active;
  for (const auto& [name, product] : state.products) {
    if (const DistributedParcel* parcel = state.active(name)) active.push_back(parcel);
  }
  return active;
}

// depends must be met by active parcels, conflicts must match none (spec 10,
// step 4).
void checkActiveSet(const HostState& state, bool ignoreDepends, Diagnostics& out) {
  const auto active = activeParcels(state);
  for (const DistributedParcel* parcel : active) {
    for (const Relation& relation : relationsOf(parcel->depends)) {
      const bool met = std::any_of(active.begin(), active.end(), [&](const DistributedParcel* other) {
        return other != parcel && matches(relation, *other);
      });
      if (!met) {
        out.add({ignoreDepends ? Severity::Warning : Severity::Error, parcel->dirName(), "", "depends-not-active",
                 "'" + parcel->dirName() + "' depends on " + describe(relation) + ", which would not be active"});
      }
    }
    for (const Relation& relation : relationsOf(parcel->conflicts)) {
      for (const DistributedParcel* other : active) {
        if (other == parcel || !matches(relation, *other)) continue;
        refuse(out, parcel->dirName(), "conflicts-active",
               "'" + parcel->dirName() + "' conflicts with " + describe(relation) + ", and '" + other->dirName() +
                   "' would be active");
      }
    }
    // replaces: the safe reading (docs/format-decisions.md): the replaced
    // product must be deactivated first, so both are never active together.
    for (const Relation& relation : relationsOf(parcel->replaces)) {
      for (const DistributedParcel* other : active) {
        if (other == parcel || other->name == parcel->name || !matches(relation, *other)) continue;
        refuse(out, parcel->dirName(), "replaces-active",
               "'" + parcel->dirName() + "' replaces " + describe(relation) + ", and '" + other->dirName() +
                   "' would be active; deactivate " + other->name + " first");
      }
    }
  }
}

// A destination is a clean absolute path whose generic link goes below the
// root, outside the folders the host keeps for itself.
bool checkDestination(const AlternativeDeclaration& alternative, const std::string& member, Diagnostics& out) {
  const std::string& destination = alternative.destination;
  const auto parts = destination.empty() ? std::vector<std::string>{} : splitComponents(destination.substr(1));
  if (destination.empty() || destination.front() != '/' || memberNameFinding(destination.substr(1))) {
    refuse(out, member, "alternative-destination-invalid",
           "the destination '" + destination + "' of alternative '" + alternative.group +
               "' is not a clean absolute path");
    return false;
  }
  if (kReservedTopLevel.count(parts.front()) != 0 || isTemporaryName(parts.front()) ||
      kReservedDestinations.count(destination) != 0) {
    refuse(out, member, "alternative-destination-reserved",
           "the destination '" + destination + "' of alternative '" + alternative.group +
               "' is inside a folder the host keeps for itself");
    return false;
  }
  return true;
}

// A permissions.json key as a path below NAME-VERSION/ (Cloudera joins an
// absolute key below the parcel too).
std::string withoutLeadingSlashes(std::string path) {
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  return path;
}

// The generic link's path when something other than a link is there
// (update-alternatives replaces only links).
std::optional<std::string> occupiedDestination(const fs::path& root, const std::string& destination) {
  std::error_code error;
  const fs::path generic = root / destination.substr(1);
  const auto status = fs::symlink_status(generic, error);
  if (!error && fs::exists(status) && !fs::is_symlink(status)) return generic.string();
  return std::nullopt;
}

bool isPlainName(const std::string& name) { return !memberNameFinding(name); }

// The bytes of `fd` from its offset to the end, into `sink`.
void copyRest(int fd, const fs::path& file, ByteSink& sink) {
  std::vector<char> buffer(std::size_t{1} << 20);
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw IoError(systemErrorMessage("cannot read", file.string(), errno));
    if (got == 0) return;
    sink.write(buffer.data(), static_cast<std::size_t>(got));
  }
}

}  // namespace

Host::Host(const fs::path& root, const std::optional<std::string>& distro) {
  std::error_code error;
  fs::create_directories(root, error);
  if (error) throw IoError(systemErrorMessage("cannot create", root.string(), error.value()));
  root_ = fs::canonical(root, error);
  if (error) throw IoError(systemErrorMessage("cannot resolve", root.string(), error.value()));
  // Repair deletes what the state does not list, so a folder that is not a host
  // (no state.json, and something of its own in it) is never taken over.
  if (!fs::exists(root_ / "state.json", error)) {
    for (const auto& entry : fs::directory_iterator(root_)) {
      const std::string name = entry.path().filename().string();
      if (kReservedTopLevel.count(name) == 0 && !isTemporaryName(name)) {
        throw InputError("'" + root_.string() + "' is not empty and has no state.json, so it is not an emulated host");
      }
    }
  }
  for (const char* folder : {"parcels", "parcel-repo", "alternatives"}) {
    const fs::path path = root_ / folder;
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
      throw IoError(systemErrorMessage("cannot create", path.string(), errno));
    }
    openDirectory(path);  // a real directory, not a link
  }
  const fs::path lock = root_ / ".lock";
  lock_ = ExclusiveLock::onFile(lock);
  state_ = readHostState(root_);
  const bool created = !fs::exists(root_ / "state.json", error);
  if (distro && !created && state_.distro != distro) {
    throw InputError("the host '" + root_.string() + "' was created " +
                     (state_.distro ? "as " + *state_.distro : std::string("without --distro")) +
                     "; its OS cannot change to " + *distro);
  }
  repair();
  if (distro && created) {
    HostState next = state_;
    next.distro = distro;
    commit(std::move(next));
  }
}

void Host::commit(HostState next) {
  const InterruptShield shield;  // state.json and the links change together
  writeFileAtomically(root_ / "state.json", hostStateToJson(next));
  state_ = std::move(next);
  syncLinks();
  syncAccounts();
}

// DIR/etc/passwd and DIR/etc/group say what state.json says; written only
// when the host has accounts, through a real DIR/etc (never a link).
void Host::syncAccounts() {
  if (state_.users.empty() && state_.groups.empty()) return;
  UniqueFd rootFd = openDirectory(root_);
  openDirectoryBelow(rootFd.get(), {"etc"}, true, 0755, (root_ / "etc").string());
  std::string passwd;
  std::string groups;
  for (const HostUser& user : state_.users) {
    const UserDeclaration& d = user.definition;
    passwd += d.name + ":x:" + std::to_string(user.uid) + ":" + std::to_string(user.gid) + ":" + d.longname + ":" +
        d.home + ":" + d.shell + "\n";
  }
  for (const HostGroup& group : state_.groups) {
    std::string members;
    for (const std::string& member : group.members) members += (members.empty() ? "" : ",") + member;
    groups += group.name + ":x:" + std::to_string(group.gid) + ":" + members + "\n";
  }
  writeFileAtomically(root_ / "etc" / "passwd", passwd);
  writeFileAtomically(root_ / "etc" / "group", groups);
}

// Makes every link say what state.json says.
void Host::syncLinks() {
  UniqueFd rootFd = openDirectory(root_);
  UniqueFd parcelsFd = openDirectory(root_ / "parcels");
  std::set<std::string> wantedProductLinks;
  for (const auto& [name, product] : state_.products) {
    const DistributedParcel* parcel = state_.active(name);
    const std::string display = (root_ / "parcels" / name).string();
    if (parcel != nullptr && parcel->setActiveSymlink) {
      replaceSymlink(parcelsFd.get(), name, parcel->dirName(), display);
      wantedProductLinks.insert(name);
    }
  }
  for (const auto& entry : fs::directory_iterator(root_ / "parcels")) {
    const std::string name = entry.path().filename().string();
    if (entry.is_symlink() && wantedProductLinks.count(name) == 0) {
      removeSymlink(parcelsFd.get(), name, entry.path().string());
    }
  }

  UniqueFd alternativesFd = openDirectory(root_ / "alternatives");
  for (const auto& [name, group] : state_.alternatives) {
    const fs::path chosen = root_ / "alternatives" / name;
    const auto parts = splitComponents(group.link.substr(1));
    const std::vector<std::string> parent(parts.begin(), parts.end() - 1);
    const std::string generic = (root_ / group.link.substr(1)).string();
    if (const AlternativeCandidate* best = group.selected()) {
      replaceSymlink(alternativesFd.get(), name, best->path, chosen.string());
      UniqueFd parentFd = openDirectoryBelow(rootFd.get(), parent, true, 0755, generic);
      replaceSymlink(parentFd.get(), parts.back(), chosen.string(), generic);
    } else {
      removeSymlink(alternativesFd.get(), name, chosen.string());
      try {
        UniqueFd parentFd = openDirectoryBelow(rootFd.get(), parent, false, 0755, generic);
        std::error_code error;
        if (fs::read_symlink(generic, error) == chosen) removeSymlink(parentFd.get(), parts.back(), generic);
      } catch (const IoError&) {
        // no parent folder, so no generic link to remove
      }
    }
  }
}

// Undoes what an interrupted command left: scratch folders, unpacked parcels
// and copies that state.json does not list, links out of line with it.
void Host::repair() {
  std::set<std::string> directories;
  std::set<std::string> files;
  for (const DistributedParcel& parcel : state_.parcels) {
    directories.insert(parcel.dirName());
    files.insert(parcel.file);
    files.insert(parcel.file + ".sha");
  }
  for (const auto& entry : fs::directory_iterator(root_)) {
    if (isTemporaryName(entry.path().filename().string())) removeTree(entry.path());
  }
  for (const auto& entry : fs::directory_iterator(root_ / "parcels")) {
    const std::string name = entry.path().filename().string();
    if (entry.is_symlink()) continue;
    if (isTemporaryName(name) || directories.count(name) == 0) removeTree(entry.path());
  }
  for (const auto& entry : fs::directory_iterator(root_ / "parcel-repo")) {
    if (files.count(entry.path().filename().string()) == 0) removeTree(entry.path());
  }
  syncLinks();
}

bool Host::distribute(const fs::path& parcelFile, Diagnostics& out) {
  std::error_code error;
  if (!fs::is_regular_file(parcelFile, error)) {
    refuse(out, "", "parcel-not-found", "'" + parcelFile.string() + "' does not exist or is not a regular file");
    return false;
  }
  const std::string fileName = parcelFile.filename().string();
  const auto name = parseParcelFileName(fileName);  // judged (and reported) with the other checks below
  const std::string top = name ? parcelDirName(name->name, name->version) : std::string();
  ScratchDirectory scratch(root_ / (".tmp-distribute-" + uniqueSuffix()));
  const fs::path copy = scratch.path() / fileName;
  const fs::path unpacked = scratch.path() / top;
  // One read of the parcel: its bytes go to the private copy (the one kept in
  // parcel-repo) and the SHA-1 while they are inflated, listed, checked and
  // unpacked into the scratch folder. What the one pass does not take (damage,
  // anything not plain gzip) is copied whole and judged from the copy, so the
  // diagnostics are the reference reader's; nothing is read twice from a file
  // that could change under us.
  std::optional<ParcelExtractor> extractor;
  if (name) extractor.emplace(unpacked, top);
  EntryVisitor* const visitor = extractor ? &*extractor : nullptr;
  Diagnostics readFindings;
  ParcelArchive archive;
  {
    const UniqueFd source(::open(parcelFile.c_str(), O_RDONLY | O_CLOEXEC));
    if (source.get() < 0) throw IoError(systemErrorMessage("cannot open", parcelFile.string(), errno));
    // An atomic output: a full disk or a file-size limit is named as such, and
    // an interrupt stops the copy of a large parcel.
    AtomicOutputFile copyOut(copy);
    auto once = readParcelArchiveCopying(source.get(), copyOut, visitor, readFindings);
    if (!once) copyRest(source.get(), parcelFile, copyOut);
    copyOut.commit();
    if (once) {
      archive = std::move(*once);
    } else {
      archive = readParcelArchive(copy, readFindings, ReadPath::OnePass, visitor);
    }
  }
  throwIfInterrupted();
  const std::string& sha1 = archive.sha1;

  fs::path shaFile = parcelFile;
  shaFile += ".sha";
  if (fs::exists(shaFile, error)) {
    const std::string expected = readShaFile(shaFile);
    if (expected != sha1) {
      refuse(out, "", "sha1-mismatch",
             "the SHA-1 of the parcel is " + sha1 + " but '" + shaFile.string() + "' says '" + expected + "'");
      return false;
    }
  }

  Diagnostics ignored;
  const auto member = [&](const char* file) -> std::string {
    const auto found = archive.metaFiles.find(top + "/meta/" + file);
    return found == archive.metaFiles.end() ? std::string() : found->second;
  };
  // The checks of `validate`, on the listing of that one pass.
  if (!checkParcelFileName(fileName, out)) return false;
  Diagnostics checks;
  checkParcelArchive(*name, fileName, archive, readFindings, ParcelCheckOptions{}, checks);
  std::set<std::string> modesApplied;  // the paths applyPermissions sets a mode on
  if (const std::string text = member("permissions.json"); !text.empty()) {
    for (const auto& [path, p] : readPermissions(text, ignored).value_or(Permissions{})) {
      modesApplied.insert(withoutLeadingSlashes(path));
    }
  }
  for (Diagnostic finding : checks.items()) {
    const bool setId = finding.code == "setuid-file" || finding.code == "setgid-file";
    if (setId && finding.member.size() > top.size() && modesApplied.count(finding.member.substr(top.size() + 1)) == 0) {
      // The mode policy's finding, with what the host does: unpacking drops
      // set-id bits that permissions.json does not set.
      finding.message += "; the host unpacks it without its set-id bits";
    }
    out.add(std::move(finding));
  }
  if (out.hasErrors()) return false;

  const auto metadata = readParcelMetadata(member("parcel.json"), ignored);
  DistributedParcel parcel;
  parcel.name = name->name;
  parcel.version = name->version;
  parcel.file = fileName;
  parcel.distro = name->distro;
  parcel.sha1 = sha1;
  parcel.setActiveSymlink = metadata->setActiveSymlink.value_or(true);
  if (metadata->scripts && metadata->scripts->defines) parcel.defines = *metadata->scripts->defines;
  parcel.depends = metadata->depends.value_or("");
  parcel.conflicts = metadata->conflicts.value_or("");
  parcel.replaces = metadata->replaces.value_or("");
  for (const auto& [user, u] : metadata->users.value_or(std::vector<std::pair<std::string, User>>{})) {
    parcel.users.push_back({user, u.longname.value_or(""), u.home.value_or(""), u.shell.value_or(""),
                            u.extraGroups.value_or(std::vector<std::string>{})});
  }
  parcel.groups = metadata->groups.value_or(std::vector<std::string>{});
  parcel.provides = metadata->provides.value_or(std::vector<std::string>{});
  if (const std::string text = member("alternatives.json"); !text.empty()) {
    for (const auto& [group, a] : readAlternatives(text, ignored).value_or(Alternatives{})) {
      parcel.alternatives.push_back({group, a.destination.value_or(""), a.source.value_or(""), a.priority.value_or(0),
                                     a.isDirectory.value_or(false)});
    }
  }
  if (const std::string text = member("permissions.json"); !text.empty()) {
    for (const auto& [path, p] : readPermissions(text, ignored).value_or(Permissions{})) {
      parcel.permissions.push_back({path, p.user.value_or(""), p.group.value_or(""), p.permissions.value_or("")});
    }
  }

  // Cloudera Manager offers a host only the parcel of its own OS.
  if (state_.distro && parcel.distro != *state_.distro) {
    refuse(out, "", "distro-not-for-host",
           "parcel not available for this host's OS: '" + fileName + "' is for " + parcel.distro + ", the host is " +
               *state_.distro + "; it accepts only " + parcelFileName(parcel.name, parcel.version, *state_.distro));
    return false;
  }
  if (const DistributedParcel* existing = state_.find(parcel.name, parcel.version)) {
    if (existing->sha1 == sha1) {
      warn(out, "", "already-distributed", "'" + top + "' is already distributed");
      return true;
    }
    refuse(out, "", "already-distributed",
           "a different '" + top + "' is already distributed (SHA-1 " + existing->sha1 + "); remove it first");
    return false;
  }
  // Conflicts are refused against every distributed parcel; depends need only
  // be active at activation, so a missing one is a warning here.
  for (const DistributedParcel& other : state_.parcels) {
    if (other.name == parcel.name) continue;
    for (const Relation& relation : relationsOf(parcel.conflicts)) {
      if (matches(relation, other)) {
        refuse(out, "", "conflicts-distributed",
               "'" + top + "' conflicts with " + describe(relation) + ", and '" + other.dirName() + "' is distributed");
      }
    }
    for (const Relation& relation : relationsOf(other.conflicts)) {
      if (matches(relation, parcel)) {
        refuse(out, "", "conflicts-distributed",
               "the distributed '" + other.dirName() + "' conflicts with " + describe(relation) + ", which '" + top +
                   "' is");
      }
    }
  }
  for (const Relation& relation : relationsOf(parcel.depends)) {
    const bool present = std::any_of(state_.parcels.begin(), state_.parcels.end(),
                                     [&](const DistributedParcel& other) { return matches(relation, other); });
    if (!present) {
      warn(out, "", "depends-not-distributed",
           "'" + top + "' depends on " + describe(relation) + ", which is not distributed; activation needs it active");
    }
  }
  HostState next = state_;
  addAccounts(parcel, next, out);
  if (out.hasErrors()) return false;

  // The extraction's own checks (errors only: their warnings are the
  // validation's too), then the unpacked tree.
  const Diagnostics planned = extractor->plan();
  for (const Diagnostic& finding : planned.items()) {
    if (finding.severity == Severity::Error) out.add(finding);
  }
  if (planned.hasErrors()) return false;
  extractor->complete();
  // Right after unpacking, as Cloudera Manager does; in the scratch folder, so
  // a failure leaves nothing behind.
  applyPermissions(parcel, unpacked, next, out);
  throwIfInterrupted();  // the last point where the scratch folder still takes everything with it

  // Into place: the copy and its .sha, then the folder; state.json last. Until
  // state.json lists the parcel, the next command's repair removes them.
  const InterruptShield shield;
  writeFileAtomically(scratch.path() / (fileName + ".sha"), sha1 + "\n");
  const fs::path repo = root_ / "parcel-repo";
  const fs::path target = root_ / "parcels" / top;
  if (fs::exists(fs::symlink_status(target, error))) {
    throw IoError("cannot unpack into '" + target.string() + "': it already exists");
  }
  for (const auto& [from, to] :
       {std::pair{copy, repo / fileName}, std::pair{scratch.path() / (fileName + ".sha"), repo / (fileName + ".sha")},
        std::pair{unpacked, target}}) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
      throw IoError(systemErrorMessage("cannot rename '" + from.string() + "' to", to.string(), errno));
    }
  }
  next.parcels.push_back(parcel);
  next.products[parcel.name];
  commit(std::move(next));
  return true;
}

// Cloudera Manager creates a new parcel's groups, then its users in file
// order (each with its own group), before applying permissions.json.
bool Host::addAccounts(const DistributedParcel& parcel, HostState& next, Diagnostics& out) const {
  const std::string member = parcel.dirName() + "/meta/parcel.json";
  const auto findGroup = [&](const std::string& name) -> HostGroup* {
    for (HostGroup& group : next.groups) {
      if (group.name == name) return &group;
    }
    return nullptr;
  };
  const auto nextGid = [&] {
    std::uint32_t id = kFirstId;
    for (const HostGroup& group : next.groups) id = std::max(id, group.gid + 1);
    return id;
  };
  const auto addGroup = [&](const std::string& name) -> HostGroup& {
    if (HostGroup* existing = findGroup(name)) return *existing;
    next.groups.push_back({name, nextGid(), {}, parcel.dirName()});
    return next.groups.back();
  };
  const auto safeField = [](const std::string& text) { return text.find_first_of(":\n") == std::string::npos; };
  bool ok = true;
  for (const std::string& group : parcel.groups) {
    if (group.empty() || !safeField(group) || group.find(',') != std::string::npos) {
      refuse(out, member, "account-name-invalid", "the group name '" + group + "' cannot go into /etc/group");
      ok = false;
      continue;
    }
    addGroup(group);
  }
  for (const UserDeclaration& user : parcel.users) {
    const bool safe = !user.name.empty() && safeField(user.name) && safeField(user.longname) && safeField(user.home) &&
        safeField(user.shell);
    if (!safe) {
      refuse(out, member, "account-name-invalid",
             "user '" + user.name + "' has a ':' or a line break in a field, which /etc/passwd cannot hold");
      ok = false;
      continue;
    }
    const auto existing = std::find_if(
        next.users.begin(), next.users.end(), [&](const HostUser& u) { return u.definition.name == user.name; });
    if (existing != next.users.end()) {
      const UserDeclaration& old = existing->definition;
      if (old.longname != user.longname || old.home != user.home || old.shell != user.shell ||
          old.extraGroups != user.extraGroups) {
        refuse(out, member, "user-conflict",
               "user '" + user.name + "' exists on the host (created by '" + existing->parcel + "', home " + old.home +
                   ", shell " + old.shell + ") with another definition than '" + parcel.dirName() +
                   "' declares (home " + user.home + ", shell " + user.shell +
                   "); declare the same longname, home, shell and extra_groups");
        ok = false;
      }
      continue;
    }
    std::uint32_t uid = kFirstId;
    for (const HostUser& u : next.users) uid = std::max(uid, u.uid + 1);
    const std::uint32_t gid = addGroup(user.name).gid;
    for (const std::string& extra : user.extraGroups) {
      HostGroup* group = findGroup(extra);
      if (group == nullptr) {
        refuse(out, member, "extra-group-missing",
               "user '" + user.name + "' joins group '" + extra +
                   "', which neither the host nor the parcel has when the user is created; list it in 'groups' (or "
                   "its user first)");
        ok = false;
        continue;
      }
      if (std::find(group->members.begin(), group->members.end(), user.name) == group->members.end()) {
        group->members.push_back(user.name);
      }
    }
    next.users.push_back({user, uid, gid, parcel.dirName()});
  }
  return ok;
}

bool Host::activate(const std::string& name, const std::string& version, Diagnostics& out) {
  if (state_.find(name, version) == nullptr) {
    refuse(out, "", "not-distributed", "'" + parcelDirName(name, version) + "' is not distributed");
    return false;
  }
  const auto product = state_.products.find(name);
  if (product != state_.products.end() && product->second.active == version) {
    warn(out, "", "already-active", "'" + parcelDirName(name, version) + "' is already active");
    return true;
  }
  return changeActive(name, version, true, out);
}

bool Host::deactivate(const std::string& name, Diagnostics& out) {
  if (state_.active(name) == nullptr) {
    refuse(out, "", "not-active", "no version of '" + name + "' is active");
    return false;
  }
  return changeActive(name, std::nullopt, true, out);
}

bool Host::rollback(const std::string& name, Diagnostics& out) {
  const auto product = state_.products.find(name);
  if (product == state_.products.end() || product->second.history.empty()) {
    refuse(out, "", "no-previous-version", "'" + name + "' has no earlier active version to roll back to");
    return false;
  }
  return changeActive(name, product->second.history.back(), false, out);
}

// One transition of a product's active version (nullopt: none), with every
// check made before anything changes.
bool Host::changeActive(const std::string& name, const std::optional<std::string>& version, bool pushHistory,
                        Diagnostics& out) {
  HostState next = state_;
  ProductState& product = next.products[name];
  const std::optional<std::string> previous = product.active;
  auto& history = product.history;
  if (version) history.erase(std::remove(history.begin(), history.end(), *version), history.end());
  if (pushHistory && previous) {
    history.erase(std::remove(history.begin(), history.end(), *previous), history.end());
    history.push_back(*previous);
  }
  product.active = version;
  // Only what this change breaks: a parcel activated with --ignore-depends does
  // not block later changes of other products.
  Diagnostics before;
  Diagnostics after;
  checkActiveSet(state_, false, before);
  checkActiveSet(next, ignoreDepends_, after);
  for (const Diagnostic& finding : after.items()) {
    const bool known = std::any_of(before.items().begin(), before.items().end(),
                                   [&](const Diagnostic& old) { return old.message == finding.message; });
    if (!known) out.add(finding);
  }

  // Alternatives: the previous version's candidates leave, the new ones join.
  if (previous) {
    const std::string old = parcelDirName(name, *previous);
    for (auto& [group, entry] : next.alternatives) {
      auto& candidates = entry.candidates;
      candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                      [&](const AlternativeCandidate& c) { return c.parcel == old; }),
                       candidates.end());
    }
  }
  const DistributedParcel* parcel = version ? next.find(name, *version) : nullptr;
  if (parcel != nullptr) {
    const std::string member = parcel->dirName() + "/meta/alternatives.json";
    for (const AlternativeDeclaration& alternative : parcel->alternatives) {
      if (!isPlainName(alternative.group)) {
        refuse(out, member, "alternative-name-invalid",
               "the alternative name '" + alternative.group + "' is not a plain file name");
        continue;
      }
      if (!checkDestination(alternative, member, out)) continue;
      const auto known = next.alternatives.find(alternative.group);
      const bool fresh = known == next.alternatives.end() || known->second.candidates.empty();
      if (!fresh &&
          (known->second.link != alternative.destination || known->second.isDirectory != alternative.isDirectory)) {
        refuse(out, member, "alternative-link-mismatch",
               "alternative '" + alternative.group + "' already links '" + known->second.link + "', not '" +
                   alternative.destination + "'");
        continue;
      }
      // An occupied destination: update-alternatives leaves that one link
      // alone, and Cloudera Manager goes on with the rest.
      if (const auto occupied = occupiedDestination(root_, alternative.destination)) {
        warn(out, member, "alternative-destination-occupied",
             "'" + *occupied + "' exists and is not a link, so alternative '" + alternative.group +
                 "' is not registered; the path keeps what it has");
        continue;
      }
      AlternativeGroup& group = next.alternatives[alternative.group];
      group.link = alternative.destination;
      group.isDirectory = alternative.isDirectory;
      group.candidates.push_back({parcel->dirName(),
                                  (root_ / "parcels" / parcel->dirName() / alternative.source).string(),
                                  alternative.priority});
      if (const AlternativeCandidate* best = group.selected(); best != &group.candidates.back()) {
        warn(out, member, "alternative-not-selected",
             "alternative '" + alternative.group + "' keeps " + best->path + " (priority " +
                 std::to_string(best->priority) + "), which outranks this parcel's priority " +
                 std::to_string(alternative.priority));
      }
    }
  }
  if (out.hasErrors()) return false;
  commit(std::move(next));
  return true;
}

// permissions.json: modes always (set-id bits included); owners as root only,
// by the ids of the host's own accounts (DIR/etc/passwd), else the system's.
void Host::applyPermissions(DistributedParcel& parcel, const fs::path& directory, const HostState& next,
                            Diagnostics& out) {
  const std::string member = parcel.dirName() + "/meta/permissions.json";
  UniqueFd parcelFd = openDirectory(directory);
  const auto uidOf = [&](const std::string& name) -> std::optional<uid_t> {
    for (const HostUser& user : next.users) {
      if (user.definition.name == name) return user.uid;
    }
    if (const passwd* entry = ::getpwnam(name.c_str())) return entry->pw_uid;
    return std::nullopt;
  };
  const auto gidOf = [&](const std::string& name) -> std::optional<gid_t> {
    for (const HostGroup& group : next.groups) {
      if (group.name == name) return group.gid;
    }
    if (const group* entry = ::getgrnam(name.c_str())) return entry->gr_gid;
    return std::nullopt;
  };
  for (PermissionDeclaration& permission : parcel.permissions) {
    const std::string path = withoutLeadingSlashes(permission.path);
    auto parts = splitComponents(path);
    const std::string display = (root_ / "parcels" / parcel.dirName() / path).string();
    if (memberNameFinding(path)) {
      warn(out, member, "permissions-path-unsafe", "'" + permission.path + "' is not a clean path; not applied");
      continue;
    }
    const std::string name = parts.back();
    parts.pop_back();
    UniqueFd parentFd;
    try {
      parentFd = openDirectoryBelow(parcelFd.get(), parts, false, 0755, display);
    } catch (const IoError& error) {
      warn(out, member, "permissions-path-missing", std::string(error.what()) + "; not applied");
      continue;
    }
    struct stat info {};
    if (::fstatat(parentFd.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 || S_ISLNK(info.st_mode)) {
      warn(out, member, "permissions-path-missing",
           "'" + permission.path + "' is missing or a symbolic link; not applied");
      continue;
    }
    const auto mode = static_cast<mode_t>(std::stoul(permission.mode, nullptr, 8));
    const auto uid = uidOf(permission.user);
    const auto gid = gidOf(permission.group);
    if (::geteuid() != 0) {
      warn(out, member, "owner-not-applied",
           "not running as root: owner " + permission.user + ":" + permission.group + " of '" + permission.path +
               "' not set");
    } else if (!uid || !gid) {
      warn(out, member, "owner-not-applied",
           "user '" + permission.user + "' or group '" + permission.group +
               "' exists neither on the emulated host nor on this system; owner of '" + permission.path + "' not set");
    } else if (::fchownat(parentFd.get(), name.c_str(), *uid, *gid, AT_SYMLINK_NOFOLLOW) != 0) {
      throw IoError(systemErrorMessage("cannot set the owner of", display, errno));
    } else {
      permission.ownerApplied = true;
    }
    // After the owner: chown clears set-id bits.
    if (::fchmodat(parentFd.get(), name.c_str(), mode, 0) != 0) {
      throw IoError(systemErrorMessage("cannot set the mode of", display, errno));
    }
  }
}

bool Host::addHostAlternative(const AlternativeDeclaration& alternative, Diagnostics& out) {
  const std::string member;
  if (!isPlainName(alternative.group)) {
    refuse(out, member, "alternative-name-invalid",
           "the alternative name '" + alternative.group + "' is not a plain file name");
    return false;
  }
  if (!checkDestination(alternative, member, out)) return false;
  if (alternative.source.empty() || alternative.source.front() != '/' ||
      memberNameFinding(alternative.source.substr(1))) {
    refuse(out, member, "alternative-path-invalid",
           "the path '" + alternative.source + "' of alternative '" + alternative.group +
               "' is not a clean absolute path of the host");
    return false;
  }
  std::error_code missing;
  if (!fs::exists(fs::symlink_status(root_ / alternative.source.substr(1), missing))) {
    refuse(out, member, "alternative-path-missing",
           "'" + (root_ / alternative.source.substr(1)).string() + "' does not exist on the host");
    return false;
  }
  HostState next = state_;
  AlternativeGroup& group = next.alternatives[alternative.group];
  if (!group.candidates.empty() &&
      (group.link != alternative.destination || group.isDirectory != alternative.isDirectory)) {
    refuse(out, member, "alternative-link-mismatch",
           "alternative '" + alternative.group + "' already links '" + group.link + "', not '" +
               alternative.destination + "'");
    return false;
  }
  if (const auto occupied = occupiedDestination(root_, alternative.destination)) {
    refuse(out, member, "alternative-destination-occupied",
           "'" + *occupied + "' exists and is not a link, so alternative '" + alternative.group + "' cannot use it");
    return false;
  }
  group.link = alternative.destination;
  group.isDirectory = alternative.isDirectory;
  const std::string target = (root_ / alternative.source.substr(1)).string();
  auto& candidates = group.candidates;
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const AlternativeCandidate& c) { return c.parcel.empty() && c.path == target; }),
                   candidates.end());
  candidates.push_back({"", target, alternative.priority});
  commit(std::move(next));
  return true;
}

bool Host::remove(const std::string& name, const std::string& version, Diagnostics& out) {
  const DistributedParcel* parcel = state_.find(name, version);
  if (parcel == nullptr) {
    refuse(out, "", "not-distributed", "'" + parcelDirName(name, version) + "' is not distributed");
    return false;
  }
  if (state_.active(name) == parcel) {
    refuse(out, "", "parcel-active", "'" + parcel->dirName() + "' is active; deactivate it first");
    return false;
  }
  const std::string dirName = parcel->dirName();
  const std::string file = parcel->file;
  HostState next = state_;
  next.parcels.erase(std::remove_if(next.parcels.begin(), next.parcels.end(),
                                    [&](const DistributedParcel& p) { return p.name == name && p.version == version; }),
                     next.parcels.end());
  auto& history = next.products[name].history;
  history.erase(std::remove(history.begin(), history.end(), version), history.end());
  const bool anyLeft =
      std::any_of(next.parcels.begin(), next.parcels.end(), [&](const DistributedParcel& p) { return p.name == name; });
  if (!anyLeft && !next.products[name].active) next.products.erase(name);
  // state.json first: from then on the files are orphans that repair would
  // remove too.
  const InterruptShield shield;
  commit(std::move(next));
  const fs::path doomed = root_ / (".tmp-remove-" + uniqueSuffix());
  const fs::path directory = root_ / "parcels" / dirName;
  if (::rename(directory.c_str(), doomed.c_str()) != 0) {
    throw IoError(systemErrorMessage("cannot move away", directory.string(), errno));
  }
  removeTree(doomed);
  removeTree(root_ / "parcel-repo" / file);
  removeTree(root_ / "parcel-repo" / (file + ".sha"));
  return true;
}

}  // namespace parcel::host
