// Packages -> the parcel's payload and metadata: relocation of every entry,
// symlinks made relative, owners and special bits declared in permissions.json,
// parcel.json's packages/components/users/groups from the headers, and
// meta/filelist.json. One package's findings name that package.
#pragma once

#include "parcel/build/payload.hpp"
#include "parcel/model/filelist.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/model/permissions.hpp"
#include "parcel/package/package_contents.hpp"
#include "parcel/package/relocation.hpp"
#include "parcel/support/diagnostic.hpp"

#include <string>
#include <utility>
#include <vector>

namespace parcel {

enum class ScriptletPolicy { Warn, Error };

struct PackageMappingOptions {
  std::vector<Relocation> relocations;  // empty: "/" -> the top folder
  bool dropOutside = false;  // a file outside every relocation: a warning, not an error
  ScriptletPolicy scriptlets = ScriptletPolicy::Warn;
};

struct PackagePayload {
  std::vector<PayloadEntry> entries;  // sorted by path
  std::vector<Package> packages;  // one per package, in the given order
  std::vector<Component> components;  // idem
  Permissions permissions;  // non-root owners, setuid/setgid/sticky
  std::vector<std::pair<std::string, User>> users;  // non-root owners, sorted
  std::vector<std::string> groups;  // non-root groups, sorted
  FileList fileList;
  // Symlinks whose absolute target was made relative: parcel path -> the target as packaged.
  std::vector<std::pair<std::string, std::string>> absoluteLinks;
  std::vector<std::string> linkOwners;  // the package file of each entry of absoluteLinks
};

// Adds one package to `into`. Codes (errors unless noted):
//   "package-file-outside": an entry no relocation covers (warning with dropOutside);
//   "package-special-file": a device, FIFO or socket;
//   "package-symlink-escapes": a relative link that leaves the parcel after relocation;
//   "package-path-conflict": a path another package provides with other content;
//   "package-scriptlet" (warning, or error with ScriptletPolicy::Error);
//   "package-ghost-omitted", "package-config-file" (warnings): what the parcel does with them.
void addPackage(const PackageContents& package, const PackageMappingOptions& options, PackagePayload& into,
                Diagnostics& out);

// Once every source is merged: a link made relative whose target the parcel
// lacks points at the host again ("/dev/null" stays "/dev/null"; validate then
// allows only /etc and /var), and a package's relative link whose target the
// parcel lacks is "package-symlink-dangling".
void settlePackageLinks(std::vector<PayloadEntry>& merged, const PackagePayload& packages, Diagnostics& out);

// Whether two entries for one path hold the same thing (type, mode, link target,
// and for files size and bytes). Files without a source are compared by size.
bool samePayloadContent(const PayloadEntry& a, const PayloadEntry& b);

}  // namespace parcel
