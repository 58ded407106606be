#include "parcel/rules/member_modes.hpp"

#include <cstdio>

namespace parcel {
namespace {

constexpr unsigned kSetuid = 04000;
constexpr unsigned kSetgid = 02000;
constexpr unsigned kSticky = 01000;
constexpr unsigned kOtherWrite = 0002;

constexpr ModeRisk kSetuidFile{
    "setuid-file", "setuid", "it runs with its owner's rights (root's, on a host) for every user who can start it"};
constexpr ModeRisk kSetgidFile{
    "setgid-file", "setgid", "it runs with its group's rights for every user who can start it"};
constexpr ModeRisk kWorldWritableFile{"world-writable-file", "writable by others",
                                      "any user on the host can change what the parcel's services run or read"};
constexpr ModeRisk kWorldWritableDirectory{"world-writable-directory", "writable by others without the sticky bit",
                                           "any user on the host can add, replace or remove the files in it"};

bool isFileLike(EntryType type) { return type == EntryType::File || type == EntryType::Hardlink; }

std::string declarationFix(const MemberMode& member, UndeclaredModes policy) {
  const std::string mode = octalMode(member.mode);
  // permissions.json has no key for the top folder itself: its mode comes from the archive.
  if (member.path.empty()) return "store the top folder with mode 0755";
  if (policy == UndeclaredModes::Refuse) {
    return "declare it with parcel_set_permissions(<target> " + member.path + " USER <user> GROUP <group> MODE " +
        mode + ") (a \"permissions\" item of a build spec), or change its mode";
  }
  return "declare it in meta/permissions.json (\"" + member.path +
      "\": {\"user\": ..., \"group\": ..., \"permissions\": \"" + mode + "\"}), or change its mode";
}

}  // namespace

std::vector<ModeRisk> modeRisks(EntryType type, unsigned mode) {
  std::vector<ModeRisk> risks;
  if (isFileLike(type)) {
    if ((mode & kSetuid) != 0) risks.push_back(kSetuidFile);
    if ((mode & kSetgid) != 0) risks.push_back(kSetgidFile);
    if ((mode & kOtherWrite) != 0) risks.push_back(kWorldWritableFile);
  } else if (type == EntryType::Directory && (mode & kOtherWrite) != 0 && (mode & kSticky) == 0) {
    risks.push_back(kWorldWritableDirectory);
  }
  return risks;
}

std::string octalMode(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777u);
  return text;
}

std::string symbolicMode(EntryType type, unsigned mode) {
  std::string text = type == EntryType::Directory ? "d"
      : type == EntryType::Symlink                ? "l"
      : type == EntryType::Hardlink               ? "h"
      : type == EntryType::Other                  ? "?"
                                                  : "-";
  const char* letters = "rwxrwxrwx";
  for (int bit = 0; bit < 9; ++bit) text += (mode & (0400u >> bit)) ? letters[bit] : '-';
  // The execute letter of each class carries its special bit, as ls shows it.
  const auto special = [&text, mode](std::size_t at, unsigned bit, char withExecute, char withoutExecute) {
    if ((mode & bit) != 0) text[at] = text[at] == 'x' ? withExecute : withoutExecute;
  };
  special(3, kSetuid, 's', 'S');
  special(6, kSetgid, 's', 'S');
  special(9, kSticky, 't', 'T');
  return text;
}

std::optional<unsigned> declaredMode(const Permissions& declared, std::string_view path) {
  for (const auto& [declaredPath, permission] : declared) {
    if (declaredPath != path || !permission.permissions || !isFourDigitOctalMode(*permission.permissions)) continue;
    return static_cast<unsigned>(std::stoul(*permission.permissions, nullptr, 8));
  }
  return std::nullopt;
}

void checkMemberModes(const std::vector<MemberMode>& members, const Permissions& declared,
                      const std::string& memberPrefix, UndeclaredModes policy, Diagnostics& out) {
  const Severity severity = policy == UndeclaredModes::Refuse ? Severity::Error : Severity::Warning;
  for (const MemberMode& member : members) {
    const std::vector<ModeRisk> risks = modeRisks(member.type, member.mode);
    if (risks.empty() || declaredMode(declared, member.path)) continue;
    // The top folder's member name is the prefix without its '/'.
    const std::string memberName =
        member.path.empty() ? memberPrefix.substr(0, memberPrefix.size() - 1) : memberPrefix + member.path;
    const std::string shown = member.path.empty() ? "the top folder" : "'" + member.path + "'";
    for (const ModeRisk& risk : risks) {
      out.add({severity, memberName, "", std::string(risk.code),
               shown + " has mode " + octalMode(member.mode) + " (" + symbolicMode(member.type, member.mode) + "), " +
                   std::string(risk.what) + ", and meta/permissions.json does not declare it: " +
                   std::string(risk.reason) + "; " + declarationFix(member, policy)});
    }
  }
}

}  // namespace parcel
