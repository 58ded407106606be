// The emulated Cloudera Manager agent behind `parceltool host` (spec section
// 10).
//
// Layout of a root DIR (docs/host.md):
//   DIR/state.json                 the truth: distributed parcels, active
//   versions,
//                                  activation history, alternatives groups
//   DIR/parcel-repo/F.parcel(.sha) copies of the distributed files
//   DIR/parcels/NAME-VERSION/      unpacked parcels
//   DIR/parcels/NAME -> NAME-VERSION   the active symlink (setActiveSymlink)
//   DIR/alternatives/GROUP -> DIR/parcels/NAME-VERSION/SOURCE   the selected
//   candidate DIR/<destination> -> DIR/alternatives/GROUP                 the
//   generic link
// Every change writes state.json with a rename, then brings the links in line
// with it (each replaced by symlink + rename); each command first repairs what
// an interrupted one left (temporary folders, links out of line with the
// state). Reads parcels only through the readers; writes only below DIR.
#pragma once

#include "parcel/support/diagnostic.hpp"
#include "parcel/support/file_lock.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel::host {

struct AlternativeCandidate {
  std::string parcel;  // NAME-VERSION that registered it; empty for the host's own (addHostAlternative)
  std::string path;  // absolute path of the candidate, below DIR/parcels
  std::int64_t priority = 0;
};

struct AlternativeGroup {
  std::string link;  // destination as in alternatives.json ("/usr/bin/foo")
  bool isDirectory = false;
  std::vector<AlternativeCandidate> candidates;  // registration order
  // The candidate with the highest priority (the first registered among
  // equals).
  const AlternativeCandidate* selected() const;
};

struct AlternativeDeclaration {
  std::string group;
  std::string destination;
  std::string source;
  std::int64_t priority = 0;
  bool isDirectory = false;
};

struct PermissionDeclaration {
  std::string path;
  std::string user;
  std::string group;
  std::string mode;  // four octal digits
  bool ownerApplied = false;  // set at distribution: false when not root or an account is unknown
};

struct UserDeclaration {
  std::string name;
  std::string longname;
  std::string home;
  std::string shell;
  std::vector<std::string> extraGroups;
};

// An account of the emulated host's own DIR/etc/passwd and DIR/etc/group.
struct HostUser {
  UserDeclaration definition;
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;  // the user's own group
  std::string parcel;  // NAME-VERSION that created it
};

struct HostGroup {
  std::string name;
  std::uint32_t gid = 0;
  std::vector<std::string> members;  // users having it as an extra group
  std::string parcel;
};

struct DistributedParcel {
  std::string name;
  std::string version;
  std::string file;  // file name in parcel-repo/
  std::string distro;  // the file name's suffix
  std::string sha1;
  bool setActiveSymlink = true;
  std::string defines;  // script name in meta/
  std::string depends;
  std::string conflicts;
  std::string replaces;
  std::vector<std::string> provides;
  std::vector<UserDeclaration> users;  // parcel.json order
  std::vector<std::string> groups;
  std::vector<AlternativeDeclaration> alternatives;
  std::vector<PermissionDeclaration> permissions;

  std::string dirName() const { return name + "-" + version; }
};

struct ProductState {
  std::optional<std::string> active;  // the active version
  std::vector<std::string> history;  // earlier active versions, oldest first
};

struct HostState {
  std::optional<std::string> distro;  // the host's OS (--distro at creation); none: any suffix
  std::vector<DistributedParcel> parcels;  // distribution order
  std::map<std::string, ProductState> products;
  std::map<std::string, AlternativeGroup> alternatives;
  std::vector<HostUser> users;  // creation order; never removed (Cloudera Manager keeps them)
  std::vector<HostGroup> groups;

  const DistributedParcel* find(std::string_view name, std::string_view version) const;
  const DistributedParcel* active(std::string_view name) const;
};

class Host {
public:
  // Creates DIR and its folders when missing; takes an exclusive lock on
  // DIR/.lock for the object's life; repairs leftovers of interrupted commands.
  // Throws IoError.
  // `distro` is recorded when the host is created; an existing host created
  // with another (or none) refuses it (InputError).
  explicit Host(const std::filesystem::path& root, const std::optional<std::string>& distro = std::nullopt);
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path parcelsDirectory() const { return root_ / "parcels"; }
  const HostState& state() const { return state_; }

  // Each returns false, with error diagnostics, when it refuses; then nothing
  // changed. Warnings may come with success.
  bool distribute(const std::filesystem::path& parcelFile, Diagnostics& out);
  bool activate(const std::string& name, const std::string& version, Diagnostics& out);
  // Unmet depends become warnings for the following changes (tests of a parcel
  // whose dependencies are not at hand); conflicts are still refused.
  void setIgnoreDepends(bool ignore) { ignoreDepends_ = ignore; }
  bool deactivate(const std::string& name, Diagnostics& out);
  bool rollback(const std::string& name, Diagnostics& out);
  bool remove(const std::string& name, const std::string& version, Diagnostics& out);
  // An alternative the host has of its own, as `update-alternatives --install
  // LINK GROUP PATH PRIORITY` would register it: LINK and PATH are paths of the
  // host (below DIR). It stays when parcels come and go, and competes with
  // theirs by priority. Registering the same PATH again changes its priority.
  bool addHostAlternative(const AlternativeDeclaration& alternative, Diagnostics& out);

private:
  bool changeActive(const std::string& name, const std::optional<std::string>& version, bool pushHistory,
                    Diagnostics& out);
  void applyPermissions(DistributedParcel& parcel, const std::filesystem::path& directory, const HostState& next,
                        Diagnostics& out);
  bool addAccounts(const DistributedParcel& parcel, HostState& next, Diagnostics& out) const;
  void syncAccounts();
  void commit(HostState next);
  void syncLinks();
  void repair();

  std::filesystem::path root_;
  std::optional<ExclusiveLock> lock_;  // on DIR/.lock, released with the object
  bool ignoreDepends_ = false;
  HostState state_;
};

// state.json <-> model. readHostState throws IoError on a missing/corrupt file
// other than "no file yet" (an empty state).
HostState readHostState(const std::filesystem::path& root);
std::string hostStateToJson(const HostState& state);

// The active parcels whose defines scripts a process sources, in sourcing
// order: for each tag of `tags` in turn, the active parcels that provide it, by
// name, each parcel once (docs/host.md: Cloudera does not document the order).
std::vector<const DistributedParcel*> parcelsForTags(const HostState& state, const std::vector<std::string>& tags);

// The bash program that sources `parcels` the way Cloudera Manager's
// source_parcel_environment does: PARCELS_ROOT, SCM_DEFINES_SCRIPTS and
// PARCEL_DIRNAMES exported (colon-separated, in order), then each script
// sourced with PARCEL_DIRNAME set, its exit status ignored. Then `tail` runs.
std::string sourcingScript(const std::filesystem::path& root, const std::vector<const DistributedParcel*>& parcels,
                           const std::string& tail);

// The bash program `host exec` runs: sourcingScript of every active parcel (in
// name order, `dirName`'s last) or, with `tags`, of parcelsForTags; then
// exports PARCEL_DIRNAME=`dirName` and execs "$@".
std::string execScript(const std::filesystem::path& root, const HostState& state, const std::string& dirName,
                       const std::optional<std::vector<std::string>>& tags = std::nullopt);

// 'text' for bash, with every ' closed, escaped and reopened.
std::string shellQuote(const std::string& text);

// CM's stage name of a distributed parcel: "ACTIVATED" or "DISTRIBUTED".
std::string stageOf(const HostState& state, const DistributedParcel& parcel);

}  // namespace parcel::host
