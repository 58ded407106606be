#include "parcel/audit/parcel_audit.hpp"

#include "audit/env_script_audit.hpp"
#include "audit/sensitive_targets.hpp"
#include "parcel/model/alternatives.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/model/permissions.hpp"
#include "parcel/rules/member_modes.hpp"
#include "parcel/rules/names.hpp"

#include <sys/stat.h>
#include <algorithm>

namespace parcel {
namespace {

namespace fs = std::filesystem;

// The content of "<top>/meta/<file>", when the reader kept it.
const std::string* metaFile(const ParcelArchive& archive, const std::string& prefix, const std::string& file) {
  const std::string member = prefix + "meta/" + file;
  if (const auto found = archive.metaFiles.find(member); found != archive.metaFiles.end()) return &found->second;
  if (const auto found = archive.otherMetaFiles.find(member); found != archive.otherMetaFiles.end())
    return &found->second;
  return nullptr;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

// Every entry that is dangerous once permissions.json is applied; a declared
// risk is a warning (the vendor says so openly), an undeclared one an error.
void auditModes(const ParcelArchive& archive, const std::string& prefix, const Permissions& declared,
                AuditReport& report) {
  std::vector<const ArchiveEntry*> entries;
  for (const ArchiveEntry& entry : archive.entries) {
    const bool top = entry.path.size() + 1 == prefix.size() && prefix.compare(0, entry.path.size(), entry.path) == 0;
    if (top || (entry.path.size() > prefix.size() && entry.path.compare(0, prefix.size(), prefix) == 0))
      entries.push_back(&entry);
  }
  std::stable_sort(
      entries.begin(), entries.end(), [](const ArchiveEntry* a, const ArchiveEntry* b) { return a->path < b->path; });
  for (const ArchiveEntry* entry : entries) {
    const std::string path = entry->path.size() > prefix.size() ? entry->path.substr(prefix.size()) : "";
    const std::optional<unsigned> declaredMode = parcel::declaredMode(declared, path);
    const unsigned mode = declaredMode.value_or(entry->mode);
    for (const ModeRisk& risk : modeRisks(entry->type, mode)) {
      const std::string shown = octalMode(mode) + " (" + symbolicMode(entry->type, mode) + ")";
      report.add(declaredMode ? AuditSeverity::Warning : AuditSeverity::Error, std::string(risk.code), entry->path,
                 declaredMode ? "meta/permissions.json gives it mode " + shown + ", " + std::string(risk.what)
                              : "its mode " + shown + " is " + std::string(risk.what) +
                         ", and meta/permissions.json does not declare it",
                 std::string(risk.reason),
                 Json{{"path", path},
                      {"type", std::string(toString(entry->type))},
                      {"mode", octalMode(mode)},
                      {"symbolic", symbolicMode(entry->type, mode)},
                      {"archiveMode", octalMode(entry->mode)},
                      {"declared", declaredMode.has_value()}});
    }
  }
}

// What update-alternatives would meet at `destination` on the emulated host:
// true for anything there that is not a symbolic link.
bool replacesHostFile(const fs::path& root, const std::string& destination) {
  struct stat info {};
  const fs::path generic = root / fs::path(destination).relative_path();
  return ::lstat(generic.c_str(), &info) == 0 && !S_ISLNK(info.st_mode);
}

void auditAlternatives(const std::string& member, const std::string& text, const AuditOptions& options,
                       AuditReport& report) {
  Diagnostics ignored;  // validate judges the file; the audit reads what it can
  const auto alternatives = readAlternatives(text, ignored);
  if (!alternatives) return;
  for (const auto& [name, alternative] : *alternatives) {
    const std::string destination = alternative.destination.value_or("");
    const std::string subject = member + "#" + childPointer("", name);
    const Json details{{"name", name},
                       {"destination", destination},
                       {"source", alternative.source.value_or("")},
                       {"priority", alternative.priority.value_or(0)},
                       {"isDirectory", alternative.isDirectory.value_or(false)}};
    report.add(AuditSeverity::Info, "alternative", subject,
               "'" + name + "' points " + destination + " at " + alternative.source.value_or("") + ", priority " +
                   std::to_string(alternative.priority.value_or(0)) +
                   (alternative.isDirectory.value_or(false) ? ", a folder" : ""),
               "update-alternatives installs it on every host where the parcel is activated and no higher "
               "priority wins",
               details);
    if (const auto sensitive = audit::sensitiveSystemPath(destination)) {
      Json flagged = details;
      flagged["sensitivePath"] = *sensitive;
      report.add(AuditSeverity::Error, "alternative-sensitive-path", subject,
                 "'" + name + "' takes over the system path " + destination + " (listed: " + *sensitive + ")",
                 "whatever the host runs or reads there would come from the parcel: authentication, privilege, "
                 "the shell or the loader of every process",
                 flagged);
    }
    if (options.hostRoot && !destination.empty() && replacesHostFile(*options.hostRoot, destination)) {
      Json flagged = details;
      flagged["hostRoot"] = options.hostRoot->string();
      report.add(AuditSeverity::Error, "alternative-replaces-file", subject,
                 "'" + name + "' would replace " + destination + ", which is a file on the host at " +
                     options.hostRoot->string() + ", not a link",
                 "update-alternatives replaces only links: the alternative is not installed there, or, forced, "
                 "the host's own file is lost",
                 flagged);
    }
  }
}

void auditAccounts(const std::string& member, const ParcelMetadata& metadata, AuditReport& report) {
  for (const auto& [name, user] : metadata.users.value_or(std::vector<std::pair<std::string, User>>{})) {
    const std::vector<std::string> groups = user.extraGroups.value_or(std::vector<std::string>{});
    const std::string subject = member + "#" + childPointer("/users", name);
    const Json details{
        {"user", name}, {"home", user.home.value_or("")}, {"shell", user.shell.value_or("")}, {"extraGroups", groups}};
    report.add(AuditSeverity::Info, "user", subject,
               "the parcel asks for the user '" + name + "' (home " + user.home.value_or("") + ", shell " +
                   user.shell.value_or("") + ", extra groups: " + (groups.empty() ? "none" : joined(groups)) + ")",
               "the agent creates it on every host, and the parcel's services run as it", details);
    for (const std::string& group : groups) {
      if (!audit::isPrivilegedGroup(group)) continue;
      Json flagged = details;
      flagged["group"] = group;
      report.add(AuditSeverity::Error, "user-privileged-group", subject,
                 "the user '" + name + "' joins the group '" + group + "'",
                 "members of '" + group +
                     "' can become root or read what only root should, and every process of the user has it",
                 flagged);
    }
  }
  const std::vector<std::string> groups = metadata.groups.value_or(std::vector<std::string>{});
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const std::string subject = member + "#" + childPointer("/groups", i);
    const Json details{{"group", groups[i]}};
    report.add(AuditSeverity::Info, "group", subject, "the parcel asks for the group '" + groups[i] + "'",
               "the agent creates it on every host", details);
    if (audit::isPrivilegedGroup(groups[i])) {
      report.add(AuditSeverity::Warning, "group-privileged", subject,
                 "the group '" + groups[i] + "' is one that gives root or its equivalent",
                 "a parcel has no reason to create or depend on it; its users may be meant to join it", details);
    }
  }
}

void auditEnvironment(const ParcelArchive& archive, const std::string& prefix, const ParcelMetadata& metadata,
                      AuditReport& report) {
  if (!metadata.scripts || !metadata.scripts->defines || metadata.scripts->defines->empty()) return;
  const std::string& defines = *metadata.scripts->defines;
  if (const std::string* text = metaFile(archive, prefix, defines)) {
    audit::auditEnvScript(prefix + "meta/" + defines, *text, report);
    return;
  }
  const std::string member = prefix + "meta/" + defines;
  const bool present = std::any_of(archive.entries.begin(), archive.entries.end(),
                                   [&member](const ArchiveEntry& entry) { return entry.path == member; });
  if (present) {
    report.add(AuditSeverity::Error, "env-script-not-read", member,
               "the defines script is not a regular file of at most " +
                   std::to_string(kMaxOtherMetaFileSize / 1024 / 1024) + " MiB, so the audit did not read it",
               "the agent sources it in every process of the parcel's services; what it does is unknown");
  }
}

void auditRelations(const std::string& member, const ParcelMetadata& metadata, AuditReport& report) {
  const auto relation = [&](const std::optional<std::string>& value, const std::string& field, const std::string& verb,
                            const std::string& reason) {
    if (!value || value->empty()) return;
    report.add(AuditSeverity::Info, "parcel-" + field, member + "#/" + field,
               "the parcel " + verb + " '" + *value + "'", reason, Json{{field, *value}});
  };
  relation(
      metadata.depends, "depends", "depends on", "Cloudera Manager activates it only where those parcels are active");
  relation(metadata.conflicts, "conflicts", "conflicts with",
           "Cloudera Manager refuses to activate it next to those parcels");
  relation(metadata.replaces, "replaces", "replaces",
           "activating it deactivates those parcels on every host, with their services' software");
  if (metadata.provides && !metadata.provides->empty()) {
    report.add(AuditSeverity::Info, "parcel-provides", member + "#/provides",
               "the parcel provides '" + joined(*metadata.provides) + "'",
               "services whose CSD asks for these tags use this parcel's environment script",
               Json{{"provides", *metadata.provides}});
  }
}

}  // namespace

AuditReport auditParcel(const ParcelArchive& archive, const std::string& top, const AuditOptions& options) {
  AuditReport report;
  const std::string prefix = top + "/";
  Diagnostics ignored;  // validate judges the files; the audit reads what it can
  Permissions declared;
  if (const std::string* text = metaFile(archive, prefix, "permissions.json")) {
    declared = readPermissions(*text, ignored).value_or(Permissions{});
  }
  auditModes(archive, prefix, declared, report);
  if (const std::string* text = metaFile(archive, prefix, "alternatives.json")) {
    auditAlternatives(prefix + "meta/alternatives.json", *text, options, report);
  }
  const std::string parcelJson = prefix + "meta/parcel.json";
  const std::string* text = metaFile(archive, prefix, "parcel.json");
  const std::optional<ParcelMetadata> metadata = text ? readParcelMetadata(*text, ignored) : std::nullopt;
  if (!metadata) {
    report.add(AuditSeverity::Error, "audit-incomplete", parcelJson,
               "meta/parcel.json is missing or not JSON, so users, groups, the environment script and relations "
               "were not audited",
               "Cloudera Manager cannot use the parcel either; fix what validate reports first");
    return report;
  }
  auditAccounts(parcelJson, *metadata, report);
  auditEnvironment(archive, prefix, *metadata, report);
  auditRelations(parcelJson, *metadata, report);
  return report;
}

std::string auditTopFolder(const ParcelArchive& archive, const fs::path& file) {
  if (const auto name = parseParcelFileName(file.filename().string())) return parcelDirName(name->name, name->version);
  if (archive.entries.empty()) return {};
  const std::string& first = archive.entries.front().path;
  return first.substr(0, first.find('/'));
}

}  // namespace parcel
