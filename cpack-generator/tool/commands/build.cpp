// parceltool build: an input directory -> NAME-VERSION-DISTRO.parcel (+ .sha) per distro.
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/build/parcel_build.hpp"
#include "report.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace parcel::tool {
namespace {

// "VAR=value" -> pair, for --env.
std::pair<std::string, std::string> splitAssignment(const std::string& option, const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw UsageError(option + " '" + text + "' must have the form VAR=VALUE");
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

bool parseBool(const std::string& option, const std::string& text) {
  if (text == "true") return true;
  if (text == "false") return false;
  throw UsageError(option + " must be true or false, not '" + text + "'");
}

const char* const kRequestOptions[] = {
    "--input",   "--from-package", "--relocate", "--drop-outside",       "--name",
    "--version", "--distro",       "--env",      "--env-script",         "--provides",
    "--depends", "--conflicts",    "--replaces", "--set-active-symlink", "--release-notes",
    "--metadata"};

BuildRequest requestFromFlags(const ParsedOptions& options) {
  if (!options.has("--input") && !options.has("--from-package")) {
    throw UsageError("--input is required (or --from-package, or --spec)");
  }
  for (const char* required : {"--name", "--version", "--distro"}) {
    if (!options.has(required)) throw UsageError(std::string(required) + " is required (or give --spec)");
  }
  BuildRequest request;
  if (auto input = options.value("--input")) request.input = *input;
  for (const std::string& package : options.values("--from-package")) request.fromPackages.emplace_back(package);
  for (const std::string& text : options.values("--relocate")) {
    std::string problem;
    const auto relocation = parseRelocation(text, problem);
    if (!relocation) throw UsageError("--relocate '" + text + "' " + problem);
    request.relocations.push_back(*relocation);
  }
  request.dropOutside = options.has("--drop-outside");
  request.name = *options.value("--name");
  request.version = *options.value("--version");
  request.distros = options.values("--distro");
  for (const std::string& env : options.values("--env")) request.env.push_back(splitAssignment("--env", env));
  if (auto script = options.value("--env-script")) request.envScript = *script;
  request.provides = options.values("--provides");
  request.depends = options.value("--depends");
  request.conflicts = options.value("--conflicts");
  request.replaces = options.value("--replaces");
  if (auto active = options.value("--set-active-symlink"))
    request.setActiveSymlink = parseBool("--set-active-symlink", *active);
  if (auto notes = options.value("--release-notes")) request.releaseNotes = *notes;
  if (auto metadata = options.value("--metadata")) request.metadata = *metadata;
  return request;
}

}  // namespace

const CommandSpec& buildCommand() {
  static const CommandSpec spec{
      "build",
      "build --input DIR --name N --version V --distro D [--distro D2 ...] [options]\n"
      "       parceltool build --from-package FILE.rpm|FILE.deb ... [--relocate OLD=NEW ...] --name N ...\n"
      "       parceltool build --spec FILE [--output-dir O] [--depfile FILE]",
      "build parcels (and their .sha files) from a directory or RPM/DEB packages",
      "Packs DIR as NAME-VERSION-DISTRO.parcel for every distro, with one top folder\n"
      "NAME-VERSION/, and writes NAME-VERSION-DISTRO.parcel.sha (the SHA-1 and a newline)\n"
      "beside each. If DIR has meta/parcel.json it is used and checked; otherwise\n"
      "meta/parcel.json and the environment script meta/<name>_env.sh are generated from\n"
      "the options. Everything is validated before anything is written, and each output\n"
      "appears only when complete. Entry times come from SOURCE_DATE_EPOCH (default\n"
      "1980-01-01), so the same input always gives the same bytes. Prints the paths\n"
      "written, one per line. With --from-package, the packages' files (relocated)\n"
      "join the input, and parcel.json, permissions.json and meta/filelist.json are\n"
      "filled from their headers (docs/packages.md). --dry-run prints what would be\n"
      "built and writes nothing.",
      {
          {"--input", "DIR", false, "the parcel's content"},
          {"--from-package", "FILE", true, "an .rpm or .deb whose files go into the parcel"},
          {"--relocate", "OLD=NEW", true,
           "put the packages' files under OLD at NEW in the parcel ('.' is the top folder; default /=.)"},
          {"--drop-outside", "", false, "leave out (with a warning) package files outside every --relocate"},
          {"--no-scriptlets", "", false, "make the packages' install scripts errors rather than warnings"},
          {"--dry-run", "", false, "print the parcels, packages, metadata and warnings; write nothing"},
          {"--name", "N", false, "product name (no '-')"},
          {"--version", "V", false, "product version"},
          {"--distro", "D", true, "distro suffix, e.g. el7, el8, jammy"},
          {"--output-dir", "O", false, "where the parcels go (default: .)"},
          {"--env", "VAR=VALUE", true,
           "export VAR in the generated env script; ${PARCELS_ROOT} and ${PARCEL_DIRNAME} expand on the host"},
          {"--env-script", "FILE", false, "use this hand-written env script instead"},
          {"--provides", "TAG", true, "a tag in parcel.json provides"},
          {"--depends", "EXPR", false, "parcel.json depends, e.g. 'CDH (>= 5.0)'"},
          {"--conflicts", "EXPR", false, "parcel.json conflicts"},
          {"--replaces", "EXPR", false, "parcel.json replaces"},
          {"--set-active-symlink", "true|false", false, "parcel.json setActiveSymlink (default true)"},
          {"--release-notes", "FILE", false, "copied to meta/release-notes.txt"},
          {"--metadata", "FILE", false, "a hand-written parcel.json to start from"},
          {"--compression", "LEVEL", false, "fast, default or best"},
          {"--threads", "N", false,
           "compression threads, 0 to 1024 (default 0: one per core); the output does not depend on it"},
          {"--spec", "FILE", false, "read everything from a JSON build spec (docs/build-spec.md)"},
          {"--depfile", "FILE", false, "write a Makefile-style list of every file read"},
      },
      ""};
  return spec;
}

namespace {

// Without --spec, a field of the request was set by an option: its diagnostic
// (pointer "/distros/1", no member) names that option and value rather than the
// input folder.
std::optional<std::string> optionLabel(const Diagnostic& diagnostic, const ParsedOptions& options) {
  static const std::map<std::string, std::string, std::less<>> kOptionOfField = {
      {"name", "--name"},         {"version", "--version"}, {"distros", "--distro"},      {"env", "--env"},
      {"provides", "--provides"}, {"depends", "--depends"}, {"conflicts", "--conflicts"}, {"replaces", "--replaces"}};
  if (!diagnostic.member.empty() || diagnostic.pointer.size() < 2) return std::nullopt;
  const std::string_view rest = std::string_view(diagnostic.pointer).substr(1);
  const std::size_t slash = rest.find('/');
  const auto option = kOptionOfField.find(rest.substr(0, slash));
  if (option == kOptionOfField.end()) return std::nullopt;
  const std::vector<std::string> values = options.values(option->second);
  std::size_t index = values.empty() ? 0 : values.size() - 1;
  if (slash != std::string_view::npos) {
    const std::string digits(rest.substr(slash + 1));
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    index = std::stoul(digits);
  }
  if (index >= values.size()) return option->second;
  return option->second + " '" + values[index] + "'";
}

void printBuildDiagnostics(std::ostream& err, const std::string& input, const Diagnostics& diagnostics,
                           const ParsedOptions* flags, const BuildRequest& request) {
  auto isPackage = [&request](const std::string& member) {
    return std::any_of(request.fromPackages.begin(), request.fromPackages.end(),
                       [&member](const std::filesystem::path& file) { return file.string() == member; });
  };
  for (const Diagnostic& diagnostic : diagnostics.items()) {
    if ((input.empty() && !diagnostic.member.empty()) || isPackage(diagnostic.member)) {
      // A finding in a package names the package as its input.
      Diagnostic inPackage = diagnostic;
      inPackage.member.clear();
      err << "parceltool: " << printable(formatDiagnostic(diagnostic.member, inPackage)) << "\n";
      continue;
    }
    const auto label = flags != nullptr ? optionLabel(diagnostic, *flags) : std::nullopt;
    if (!label) {
      err << "parceltool: " << printable(formatDiagnostic(input, diagnostic)) << "\n";
      continue;
    }
    Diagnostic fromOption = diagnostic;
    fromOption.pointer.clear();
    err << "parceltool: " << printable(formatDiagnostic(*label, fromOption)) << "\n";
  }
}

// Plain lines a person reads; the warnings themselves went to stderr already
// and are counted here so the summary is complete on its own.
void printDryRun(std::ostream& out, const BuildResult& result, const Diagnostics& diagnostics) {
  out << "dry run: nothing was written\n";
  for (const auto& parcel : result.parcels) out << "parcel: " << parcel.string() << "\n";
  out << "entries: " << result.entries << ", " << result.size << " bytes before compression\n";
  for (const PackageSummary& package : result.packages) {
    out << "package: " << printable(package.file.string()) << ": " << printable(package.name) << " "
        << printable(package.version) << ", " << package.files << " entries, " << package.bytes << " bytes\n";
    for (const std::string& script : package.scriptlets) out << "  scriptlet not run: " << script << "\n";
  }
  for (const Diagnostic& diagnostic : diagnostics.items()) {
    if (diagnostic.severity == Severity::Warning)
      out << "warning: " << printable(diagnostic.message) << " [" << diagnostic.code << "]\n";
  }
  if (!result.metadata.empty()) out << "meta/parcel.json:\n" << result.metadata;  // JSON we wrote: escaped already
}

}  // namespace

int runBuild(const ParsedOptions& options, Io& io) {
  BuildRequest request;
  Diagnostics diagnostics;
  std::string input;
  if (auto spec = options.value("--spec")) {
    for (const char* flag : kRequestOptions) {
      if (options.has(flag)) throw UsageError(std::string(flag) + " cannot be combined with --spec");
    }
    input = *spec;
    auto fromSpec = readBuildSpec(*spec, diagnostics);
    if (!fromSpec) {
      printDiagnostics(io.err, input, diagnostics);
      return kExitInvalid;
    }
    request = std::move(*fromSpec);
  } else {
    request = requestFromFlags(options);
    input = request.input.string();
  }
  if (auto output = options.value("--output-dir")) request.outputDirectory = *output;
  if (auto depfile = options.value("--depfile")) request.depfile = *depfile;
  if (auto level = options.value("--compression")) {
    if (!parseCompressionLevel(*level, request.compression)) {
      throw UsageError("--compression must be fast, default or best, not '" + *level + "'");
    }
  }
  if (const auto threads = options.integer("--threads", 0, 1024)) request.threads = static_cast<unsigned>(*threads);
  request.mtime = sourceDateEpochFromEnvironment();
  if (options.has("--no-scriptlets")) request.scriptlets = ScriptletPolicy::Error;
  if (options.has("--dry-run")) request.dryRun = true;

  const std::optional<BuildResult> result = buildParcels(request, diagnostics);
  printBuildDiagnostics(io.err, input, diagnostics, options.has("--spec") ? nullptr : &options, request);
  if (!result) {
    io.err << "parceltool: build failed: " << diagnostics.errorCount() << " error(s); nothing was written\n";
    return kExitInvalid;
  }
  if (result->dryRun) {
    printDryRun(io.out, *result, diagnostics);
    return kExitSuccess;
  }
  for (std::size_t i = 0; i < result->parcels.size(); ++i) {
    io.out << result->parcels[i].string() << "\n" << result->shaFiles[i].string() << "\n";
  }
  return kExitSuccess;
}

}  // namespace parcel::tool
