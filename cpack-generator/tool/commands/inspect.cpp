// parceltool inspect: what a parcel holds (entries and parcel.json), for people or scripts.
#include "commands.hpp"

#include "audit_option.hpp"
#include "exit_code.hpp"
#include "input_failure.hpp"
#include "parcel/archive/parcel_reader.hpp"
#include "parcel/model/filelist.hpp"
#include "parcel/rules/member_modes.hpp"
#include "parcel/rules/names.hpp"
#include "report.hpp"

#include <filesystem>
#include <map>
#include <ostream>

namespace parcel::tool {
namespace {

namespace fs = std::filesystem;

// The parcel.json member: "<NAME-VERSION>/meta/parcel.json" from the file name,
// else the first such member found.
const std::string* findParcelJson(const ParcelArchive& archive, const fs::path& file) {
  if (auto name = parseParcelFileName(file.filename().string())) {
    auto it = archive.metaFiles.find(parcelDirName(name->name, name->version) + "/meta/parcel.json");
    if (it != archive.metaFiles.end()) return &it->second;
  }
  for (const auto& [member, content] : archive.metaFiles) {
    if (member.size() > 17 && member.compare(member.size() - 17, 17, "/meta/parcel.json") == 0) return &content;
  }
  return nullptr;
}

// Member path -> the package it came from, from <top>/meta/filelist.json.
std::map<std::string, std::string> packageOrigins(const ParcelArchive& archive, const std::string* parcelJsonMember) {
  std::map<std::string, std::string> origins;
  if (parcelJsonMember == nullptr) return origins;
  const std::string top = parcelJsonMember->substr(0, parcelJsonMember->find('/'));
  const auto found = archive.metaFiles.find(top + "/meta/filelist.json");
  if (found == archive.metaFiles.end()) return origins;
  Diagnostics ignored;  // inspect shows; validate judges
  if (const auto list = readFileList(found->second, ignored)) {
    for (const auto& [package, paths] : *list) {
      for (const std::string& path : paths) origins.emplace(top + "/" + path, package);
    }
  }
  return origins;
}

}  // namespace

const CommandSpec& inspectCommand() {
  static const CommandSpec spec = [] {
    CommandSpec inspect{
        "inspect",
        "inspect [--format text|json] [--audit [--root DIR]] FILE.parcel",
        "list a parcel's entries and show its parcel.json",
        "Lists every entry of the parcel (type and mode, owner, size, path, link target,\n"
        "and for a parcel built from packages the package it came from) and prints its\n"
        "meta/parcel.json. It reads the archive and changes nothing; use 'validate' to\n"
        "check it.",
        {
            {"--format", "text|json", false, "json prints {path, sha1, size, compression, entries, parcel}"},
        },
        "FILE.parcel"};
    for (OptionSpec& option : auditOptionSpecs()) inspect.options.push_back(std::move(option));
    return inspect;
  }();
  return spec;
}

int runInspect(const ParsedOptions& options, Io& io) {
  if (options.operands().size() != 1) throw UsageError("inspect takes exactly one FILE.parcel");
  const bool json = wantsJson(options.value("--format").value_or("text"));
  const std::optional<AuditOptions> audit = auditOptionsOf(options);
  const fs::path file = options.operands().front();
  if (const std::optional<Diagnostic> failure = inputFailure(file.string())) {
    io.err << "parceltool: " << file.string() << ": error: " << failure->message << " [" << failure->code << "]\n";
    return kExitIoFailure;
  }
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {  // also keeps a FIFO or device from blocking the read
    io.err << "parceltool: " << file.string()
           << ": error: " << (fs::exists(file, error) ? "is not a regular file" : "does not exist")
           << " [not-a-file]\n";
    return kExitInvalid;
  }

  Diagnostics diagnostics;
  const ParcelArchive archive = readParcelArchive(file, diagnostics);
  const std::string& sha1 = archive.sha1;  // hashed in the same read
  const std::string* parcelJsonText = findParcelJson(archive, file);
  std::optional<Json> parcelJson;
  const std::string* parcelJsonMember = nullptr;
  for (const auto& [member, content] : archive.metaFiles) {
    if (&content == parcelJsonText) parcelJsonMember = &member;
  }
  const std::map<std::string, std::string> origins = packageOrigins(archive, parcelJsonMember);
  if (parcelJsonText != nullptr) {
    Diagnostics ignored;  // inspect shows; validate judges
    parcelJson = parseStrictJson(*parcelJsonText, ignored);
  }
  std::optional<AuditReport> auditReport;
  if (audit) auditReport = auditParcel(archive, auditTopFolder(archive, file), *audit);

  if (json) {
    Json report = Json::object();
    report["path"] = file.string();
    report["sha1"] = sha1;
    report["size"] = fs::file_size(file);
    report["compression"] = archive.compression;
    Json entries = Json::array();
    for (const ArchiveEntry& entry : archive.entries) {
      Json item = Json::object();
      item["path"] = entry.path;
      item["type"] = std::string(toString(entry.type));
      item["mode"] = octalMode(entry.mode);
      item["uid"] = entry.uid;
      item["gid"] = entry.gid;
      item["uname"] = entry.uname;
      item["gname"] = entry.gname;
      item["size"] = entry.size;
      if (!entry.linkTarget.empty()) item["linkTarget"] = entry.linkTarget;
      if (const auto origin = origins.find(entry.path); origin != origins.end()) item["package"] = origin->second;
      entries.push_back(std::move(item));
    }
    report["entries"] = std::move(entries);
    report["parcel"] = parcelJson ? *parcelJson : Json(nullptr);
    report["diagnostics"] = diagnosticsToJson(diagnostics);
    if (auditReport) report["audit"] = auditReportToJson(*auditReport);
    io.out << toJsonText(report);
  } else {
    printDiagnostics(io.err, file.string(), diagnostics);
    io.out << file.string() << ": " << archive.compression << ", " << fs::file_size(file) << " bytes, sha1 " << sha1
           << "\n";
    for (const ArchiveEntry& entry : archive.entries) {
      // Owner names come from the archive too: shown as printable as the paths.
      std::string owner = (entry.uname.empty() ? std::to_string(entry.uid) : printable(entry.uname)) + "/" +
          (entry.gname.empty() ? std::to_string(entry.gid) : printable(entry.gname));
      std::string size = std::to_string(entry.size);
      io.out << symbolicMode(entry.type, entry.mode) << " " << owner << " "
             << std::string(size.size() < 10 ? 10 - size.size() : 0, ' ') << size << " " << printable(entry.path)
             << (entry.type == EntryType::Directory ? "/" : "");
      if (entry.type == EntryType::Symlink) io.out << " -> " << printable(entry.linkTarget);
      if (entry.type == EntryType::Hardlink) io.out << " link to " << printable(entry.linkTarget);
      if (const auto origin = origins.find(entry.path); origin != origins.end())
        io.out << "  (from " << printable(origin->second) << ")";
      io.out << "\n";
    }
    io.out << "\nmeta/parcel.json:\n" << (parcelJson ? toJsonText(*parcelJson) : std::string("(none)\n"));
    if (auditReport) {
      io.out << "\n";
      printAuditReport(io.out, file.string(), *auditReport);
    }
  }
  return diagnostics.hasErrors() || (auditReport && auditReport->hasErrors()) ? kExitInvalid : kExitSuccess;
}

}  // namespace parcel::tool
