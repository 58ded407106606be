// The mode policy of parcel members: which permission bits make an entry
// dangerous on a host that unpacks the parcel as root, and how a mode is shown.
//
// A parcel is extracted as root on every host of a cluster, so a setuid or
// setgid file there runs with its owner's rights for anyone who can start it,
// and a file or folder writable by others lets any local user change what the
// parcel's services run. Such entries are refused by `build` and reported by
// `validate` unless the project declares them in meta/permissions.json (which
// is how Cloudera's own parcels ship container-executor, mode 6050). One set
// of codes, for every door:
//   setuid-file                 a file with the set-user-ID bit (04000)
//   setgid-file                 a file with the set-group-ID bit (02000)
//   world-writable-file         a file writable by others (0002)
//   world-writable-directory    a folder writable by others without the sticky bit (01000)
// Symbolic links carry no mode of their own and are never judged; set-id bits
// on folders only make new files inherit the folder's group and are not judged.
#pragma once

#include "parcel/build/payload.hpp"
#include "parcel/model/permissions.hpp"
#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

struct ModeRisk {
  std::string_view code;  // one of the codes above
  std::string_view what;  // "setuid", "setgid", "writable by others"
  std::string_view reason;  // why it matters on a cluster host
};

// The risks of one entry's mode, in the order of the codes above.
std::vector<ModeRisk> modeRisks(EntryType type, unsigned mode);

// "4755": four octal digits, as permissions.json and `chmod` write it.
std::string octalMode(unsigned mode);

// "-rwsr-xr-x", as ls and tar -tv show it: the type letter, then the nine
// permission letters with setuid/setgid as s (S without execute) and sticky as
// t (T without execute). The one function that formats a mode for a listing.
std::string symbolicMode(EntryType type, unsigned mode);

// One entry as the policy sees it: its path below the parcel's top folder.
struct MemberMode {
  std::string path;  // relative to NAME-VERSION/, no trailing '/'; "" for NAME-VERSION itself
  EntryType type = EntryType::File;
  unsigned mode = 0;  // from the archive or the disk, 07777
};

enum class UndeclaredModes {
  Warn,  // validate: Cloudera accepts the parcel (an error only under --strict)
  Refuse,  // build: the project must say that it means it
};

// The mode permissions.json gives `path` ("permissions" of its entry), when it
// gives one that is four octal digits.
std::optional<unsigned> declaredMode(const Permissions& declared, std::string_view path);

// Reports every entry with a risk above that `declared` does not give a mode
// for; `member` of each diagnostic is memberPrefix + path. The message names
// the file, its mode and the declaration to add.
void checkMemberModes(const std::vector<MemberMode>& members, const Permissions& declared,
                      const std::string& memberPrefix, UndeclaredModes policy, Diagnostics& out);

}  // namespace parcel
