// parceltool check-value (hidden): the C++ rules of names, versions, distros,
// paths inside a parcel and modes, for the CMake modules, so that a
// configure-time check never has a rule of its own.
//
//   parceltool check-value KIND VALUE...
//     KIND: name version distro path mode (parcels), csd-name csd-version (the
//     SDL's service type and version, as csd build and validate judge them),
//     account (a user or group name of parcel.json), relations (depends,
//     replaces, conflicts), env-name and env-value (the two sides of an env
//     script's VAR=value), relocation (a package relocation OLD=NEW),
//     alternative-destination and alternative-source (the generic link of
//     alternatives.json and the path in the parcel it points to), user-path
//     (a user's home and shell in parcel.json)
//     One line per finding, "<index> <error|warning> <code> <message>" (index
//     of the value, from 0). Exit 0 when no value has an error, 1 otherwise.
//     modules/Internal/ParcelRules.cmake runs it when parceltool exists at
//     configure time (an installed package found with find_package).
//   parceltool check-value --export-cmake
//     Prints modules/Internal/ParcelRulesGenerated.cmake: the distro table and,
//     for each kind, the codes each character gives, found by asking the same
//     functions (the test cmake.rules_generated fails when the committed file
//     differs). It serves the FetchContent and add_subdirectory case, where
//     parceltool is built after configuration.
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/csd/descriptor.hpp"
#include "parcel/model/alternatives.hpp"
#include "parcel/model/env_script.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/model/permissions.hpp"
#include "parcel/package/relocation.hpp"
#include "parcel/rules/distros.hpp"
#include "parcel/rules/names.hpp"
#include "parcel/support/diagnostic.hpp"

#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace parcel::tool {
namespace {

using Check = void (*)(std::string_view, Diagnostics&);

void checkName(std::string_view value, Diagnostics& out) { checkProductName(value, "", out); }
void checkVersionValue(std::string_view value, Diagnostics& out) { checkVersion(value, "", out); }
void checkDistroValue(std::string_view value, Diagnostics& out) { checkDistro(value, "", out); }
void checkAccount(std::string_view value, Diagnostics& out) { checkAccountName(value, "", out); }

// A path inside the parcel and a mode, through the public door that checks
// both: permissions.json's validation (its path rule is isCleanRelativePath;
// "path-not-relative" is a warning there, and the CMake module, which writes
// the file, refuses it).
void checkPermission(std::string_view path, std::string_view mode, Diagnostics& out) {
  const Permissions permissions = {{std::string(path), Permission{"user", "group", std::string(mode)}}};
  Diagnostics found;
  validatePermissions(permissions, found);
  for (Diagnostic item : found.items()) {
    item.pointer.clear();
    out.add(std::move(item));
  }
}
// A relation list, through parcel.json's validation of "depends" (check::relations:
// parseRelations, "invalid-relation" a warning).
void checkRelations(std::string_view value, Diagnostics& out) {
  ParcelMetadata metadata;
  metadata.depends = std::string(value);
  Diagnostics found;
  validateParcelMetadata(metadata, found);
  for (Diagnostic item : found.items()) {
    if (item.pointer != "/depends") continue;
    item.pointer.clear();
    out.add(std::move(item));
  }
}

// One side of an env script's VAR=value, through checkEnvAssignments
// (model/env_script.cpp: "env-invalid-name", "env-command-substitution").
void checkEnvAssignment(std::string_view name, std::string_view value, Diagnostics& out) {
  Diagnostics found;
  checkEnvAssignments({{std::string(name), std::string(value)}}, found);
  for (Diagnostic item : found.items()) {
    item.pointer.clear();
    out.add(std::move(item));
  }
}
void checkEnvName(std::string_view value, Diagnostics& out) { checkEnvAssignment(value, "value", out); }
void checkEnvValue(std::string_view value, Diagnostics& out) { checkEnvAssignment("NAME", value, out); }

void checkPath(std::string_view value, Diagnostics& out) { checkPermission(value, "0644", out); }

// parcel_add_alternative's DESTINATION: alternatives.json's rule.
void checkDestination(std::string_view value, Diagnostics& out) {
  checkAlternativeDestination(std::string(value), "", out);
}

// parcel_add_alternative's SOURCE: alternatives.json's rule.
void checkSource(std::string_view value, Diagnostics& out) { checkAlternativeSource(std::string(value), "", out); }

// parcel_add_user's HOME and SHELL: parcel.json's rule.
void checkUserPathValue(std::string_view value, Diagnostics& out) { checkUserPath(std::string(value), "", out); }

// parcel_add(... RELOCATE OLD=NEW): package/relocation.cpp's rule, as build
// --spec applies it to "relocate".
void checkRelocationValue(std::string_view value, Diagnostics& out) { checkRelocation(value, "", out); }
void checkMode(std::string_view value, Diagnostics& out) { checkPermission("bin", value, out); }

// A CSD's service type or version, through the public door that judges them:
// service.sdl's validation (csd/sdl_fields.cpp, whose name rule is
// rules/names.cpp's checkEntityName: "[A-Z|_|0-9]*" as in
// cm-schema, not blank and not a built-in service type; the version is only
// "not blank"). Only the findings at that field count.
void checkSdlField(std::string_view field, std::string_view value, Diagnostics& out) {
  Json sdl = {{"name", "EXAMPLE"}, {"label", "Example"}, {"description", "Example"}, {"version", "1.0"}};
  sdl[std::string(field)] = std::string(value);
  Diagnostics found;
  csd::validateSdl(sdl, csd::DescriptorOptions{}, found);
  const std::string pointer = "/" + std::string(field);
  for (Diagnostic item : found.items()) {
    if (item.pointer != pointer) continue;
    item.pointer.clear();
    out.add(std::move(item));
  }
}
void checkCsdName(std::string_view value, Diagnostics& out) { checkSdlField("name", value, out); }
void checkCsdVersion(std::string_view value, Diagnostics& out) { checkSdlField("version", value, out); }

const std::map<std::string, Check>& kinds() {
  static const std::map<std::string, Check> table = {
      {"name", checkName},
      {"version", checkVersionValue},
      {"distro", checkDistroValue},
      {"path", checkPath},
      {"mode", checkMode},
      {"csd-name", checkCsdName},
      {"csd-version", checkCsdVersion},
      {"account", checkAccount},
      {"relations", checkRelations},
      {"env-name", checkEnvName},
      {"env-value", checkEnvValue},
      {"relocation", checkRelocationValue},
      {"alternative-destination", checkDestination},
      {"alternative-source", checkSource},
      {"user-path", checkUserPathValue},
  };
  return table;
}

// The kinds whose rule is about the shape of the whole value, which no table of
// characters holds: ParcelRules.cmake answers them with a short rule of its
// own (_parcel_rule_structural_codes), which cmake.rules_agree holds to these.
const std::set<std::string>& structuralKinds() {
  static const std::set<std::string> kinds = {
      "path",     "mode", "relations", "env-value", "relocation", "alternative-destination", "alternative-source",
      "user-path"};
  return kinds;
}

const char* severityName(Severity severity) { return severity == Severity::Error ? "error" : "warning"; }

std::set<std::string> codesOf(Check check, std::string_view value) {
  Diagnostics found;
  check(value, found);
  std::set<std::string> codes;
  for (const Diagnostic& item : found.items()) codes.insert(item.code);
  return codes;
}

std::string joined(const std::set<std::string>& codes) {
  std::string text;
  for (const std::string& code : codes) text += (text.empty() ? "" : ",") + code;
  return text;
}

// A CMake bracket argument holding `text` (which holds no "]==]").
std::string bracket(const std::string& text) { return "[==[" + text + "]==]"; }

// The character a kind's sample values are made of around the one tested:
// one that the kind accepts anywhere.
std::string fillerOf(const std::string& kind) { return kind == "csd-name" ? "A" : "a"; }

void exportCmake(std::ostream& out) {
  out << "# Generated by `parceltool check-value --export-cmake` (tool/commands/rules_export.cpp)\n"
         "# from the C++ rules: parcel::knownDistros(), distroAliases(), checkProductName(),\n"
         "# checkVersion(), checkDistro(), checkAccountName(), checkEnvAssignments() (names),\n"
         "# csd::builtinServiceTypes() and the SDL's name and version checks\n"
         "# (csd::validateSdl). Do not edit; regenerate it. The test cmake.rules_generated\n"
         "# fails when it is stale; modules/Internal/ParcelRules.cmake reads it.\n"
         "include_guard(GLOBAL)\n\n"
         "# The distro suffixes, in the order of the C++ table.\n"
         "set_property(GLOBAL PROPERTY _PARCEL_RULE_DISTROS";
  for (const DistroInfo& distro : knownDistros()) out << " " << distro.suffix;
  out << ")\n\n"
         "# The suggestion for an unknown suffix (nearestKnownDistro): <alias>=<family>\n"
         "# (\"centos7\" means \"el7\"), then the nearest known suffix within MOST_EDITS\n"
         "# edits and fewer than half the typed length.\n"
         "set_property(GLOBAL PROPERTY _PARCEL_RULE_DISTRO_ALIASES";
  for (const DistroAlias& alias : distroAliases()) out << " " << alias.alias << "=" << alias.family;
  out << ")\n"
         "set_property(GLOBAL PROPERTY _PARCEL_RULE_DISTRO_MOST_EDITS "
      << kMostDistroEdits
      << ")\n\n"
         "# The built-in service types, which a CSD must not be named.\n"
         "set_property(GLOBAL PROPERTY _PARCEL_RULE_csd-name_RESERVED";
  for (const std::string& type : csd::builtinServiceTypes()) out << " " << type;
  out << ")\n\n"
         "# The kinds that ParcelRules.cmake answers with a structural rule of its own\n"
         "# (_parcel_rule_structural_codes), which cmake.rules_agree holds to the C++.\n"
         "set_property(GLOBAL PROPERTY _PARCEL_RULE_STRUCTURAL_KINDS";
  for (const std::string& kind : structuralKinds()) out << " " << kind;
  out << ")\n\n"
         "# Per kind: the codes of the empty value, of a value of white space only\n"
         "# (BLANK: ' ', tab, newline, CR, FF, VT), and of each printable ASCII character\n"
         "# (from '!' to '~', in order) at the START of a value, at its END and INSIDE it;\n"
         "# SPACE stands for white space and control characters, HIGH for bytes above 127,\n"
         "# wherever they are; \"none\" is no code. A value's codes are the union over its\n"
         "# characters (a single character is at the start and at the end).\n";
  std::map<std::string, Severity> severities;
  const std::string printable = [] {
    std::string text;
    for (char c = '!'; c <= '~'; ++c) text += c;
    return text;
  }();
  for (const auto& [kind, check] : kinds()) {
    if (structuralKinds().count(kind) != 0) continue;
    auto note = [&](std::string_view value) {
      Diagnostics found;
      check(value, found);
      for (const Diagnostic& item : found.items()) severities.emplace(item.code, item.severity);
      return codesOf(check, value);
    };
    const std::string f = fillerOf(kind);
    out << "set_property(GLOBAL PROPERTY _PARCEL_RULE_" << kind << "_EMPTY " << bracket(joined(note(""))) << ")\n";
    out << "set_property(GLOBAL PROPERTY _PARCEL_RULE_" << kind << "_BLANK " << bracket(joined(note(" \t"))) << ")\n";
    if (kind == "csd-name") note(csd::builtinServiceTypes().front());  // the severity of "reserved-name"
    // What the filler alone gets (a distro outside the table) is no character's doing.
    const std::set<std::string> baseline = note(f + f);
    std::vector<std::string> start;
    std::vector<std::string> end;
    std::vector<std::string> inside;
    for (char c : printable) {
      for (const auto& [sample, column] :
           {std::pair{std::string(1, c) + f, &start}, std::pair{f + c, &end}, std::pair{f + c + f, &inside}}) {
        std::set<std::string> codes = note(sample);
        for (const std::string& code : baseline) codes.erase(code);
        column->push_back(joined(codes));
      }
    }
    // White space and control characters give the same codes, and so do bytes above 127.
    const std::vector<std::string> spaces = {" ", "\t", "\n", "\r", "\x01", "\x7f"};
    const std::vector<std::string> high = {"\xC3\xA9", "\xFF"};
    for (const auto& [suffix, middles] : {std::pair{"_SPACE", &spaces}, std::pair{"_HIGH", &high}}) {
      std::set<std::string> codes;
      for (const std::string& middle : *middles) {
        for (const std::string& code : note(f + middle + f)) codes.insert(code);
      }
      for (const std::string& code : baseline) codes.erase(code);
      out << "set_property(GLOBAL PROPERTY _PARCEL_RULE_" << kind << suffix << " " << bracket(joined(codes)) << ")\n";
    }
    // One line per character, commented with it, so that a change reads in a diff.
    for (const auto& [suffix, codes] :
         {std::pair{"_START", &start}, std::pair{"_END", &end}, std::pair{"_INSIDE", &inside}}) {
      out << "set_property(GLOBAL PROPERTY _PARCEL_RULE_" << kind << suffix << "\n";
      for (std::size_t index = 0; index < codes->size(); ++index) {
        const std::string& item = (*codes)[index];
        out << "  " << (item.empty() ? "none" : item) << "  # " << printable[index] << "\n";
      }
      out << ")\n";
    }
  }
  out << "\n# The severity of each code.\n";
  for (const auto& [code, severity] : severities) {
    out << "set_property(GLOBAL PROPERTY _PARCEL_RULE_SEVERITY_" << code << " " << severityName(severity) << ")\n";
  }
}

}  // namespace

int runCheckValue(const std::vector<std::string>& args, Io& io) {
  if (args.size() == 1 && args[0] == "--export-cmake") {
    exportCmake(io.out);
    return kExitSuccess;
  }
  if (args.empty() || kinds().count(args[0]) == 0) {
    io.err << "parceltool: error: usage: parceltool check-value "
              "{name|version|distro|path|mode|csd-name|csd-version|account|relations|env-name|env-value|"
              "relocation|alternative-destination|alternative-source|user-path} VALUE...\n"
              "       parceltool check-value --export-cmake\n";
    return kExitUsage;
  }
  const Check check = kinds().at(args[0]);
  bool anyError = false;
  for (std::size_t index = 1; index < args.size(); ++index) {
    Diagnostics found;
    check(args[index], found);
    anyError = anyError || found.hasErrors();
    for (const Diagnostic& item : found.items()) {
      io.out << index - 1 << " " << severityName(item.severity) << " " << item.code << " " << item.message << "\n";
    }
  }
  return anyError ? kExitInvalid : kExitSuccess;
}

}  // namespace parcel::tool
