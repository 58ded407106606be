#include "parcel/audit/member_mode_checks.hpp"

#include "parcel/model/permissions.hpp"
#include "parcel/rules/member_modes.hpp"

#include <algorithm>

namespace parcel {
namespace {

Permissions declarationsIn(const std::string* permissionsJson) {
  if (permissionsJson == nullptr) return {};
  Diagnostics ignored;  // the permissions.json checks report its problems
  return readPermissions(*permissionsJson, ignored).value_or(Permissions{});
}

}  // namespace

void checkArchiveModes(const ParcelArchive& archive, const std::string& top, Diagnostics& out) {
  const std::string prefix = top + "/";
  std::vector<MemberMode> members;
  for (const ArchiveEntry& entry : archive.entries) {
    if (entry.path == top) {
      members.push_back({"", entry.type, entry.mode});  // what the host's folder of the parcel gets
      continue;
    }
    if (entry.path.size() <= prefix.size() || entry.path.compare(0, prefix.size(), prefix) != 0) continue;
    members.push_back({entry.path.substr(prefix.size()), entry.type, entry.mode});
  }
  const auto permissions = archive.metaFiles.find(prefix + "meta/permissions.json");
  const Permissions declared = declarationsIn(permissions == archive.metaFiles.end() ? nullptr : &permissions->second);
  checkMemberModes(members, declared, prefix, UndeclaredModes::Warn, out);
}

void checkDirectoryModes(const std::filesystem::path& directory, const std::string* permissionsJson, Diagnostics& out) {
  namespace fs = std::filesystem;
  std::vector<MemberMode> members;
  std::error_code error;
  for (fs::recursive_directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    std::error_code ignored;
    const fs::file_status status = it->symlink_status(ignored);
    const EntryType type = fs::is_directory(status) ? EntryType::Directory
        : fs::is_regular_file(status)               ? EntryType::File
                                                    : EntryType::Other;
    if (type == EntryType::Other) continue;  // links are not judged; special files are reported elsewhere
    members.push_back({it->path().lexically_relative(directory).generic_string(), type,
                       static_cast<unsigned>(status.permissions()) & 07777u});
  }
  // An unreadable folder is reported by the walk of the parcel checks.
  std::sort(members.begin(), members.end(), [](const MemberMode& a, const MemberMode& b) { return a.path < b.path; });
  checkMemberModes(members, declarationsIn(permissionsJson), "", UndeclaredModes::Warn, out);
}

void checkPayloadModes(const std::vector<PayloadEntry>& payload, const std::string* permissionsJson, Diagnostics& out) {
  std::vector<MemberMode> members;
  for (const PayloadEntry& entry : payload) members.push_back({entry.path, entry.type, entry.mode});
  checkMemberModes(members, declarationsIn(permissionsJson), "", UndeclaredModes::Refuse, out);
}

}  // namespace parcel
