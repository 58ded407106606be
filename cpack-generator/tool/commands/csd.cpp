// parceltool csd build|init: CSD jars (docs/csd.md).
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/csd/jar.hpp"
#include "report.hpp"
#include "validate_kinds.hpp"
#include "verbs.hpp"

#include <ostream>

namespace parcel::tool {
namespace {

const CommandSpec& buildVerb() {
  static const CommandSpec spec{
      "csd build",
      "csd build --sdl FILE [--mdl FILE] [--scripts DIR] [--aux DIR] [--icon PNG] [--output-dir O]\n"
      "       [--depfile FILE] [--service-types A,B] [--cm-version 5|6|7] [--name N] [--version V]\n"
      "       [--sdl-template FILE] [--mdl-template FILE]",
      "build a CSD jar NAME-VERSION.jar",
      "Validates the SDL (and MDL), then writes <NAME>-<VERSION>.jar with the name and\n"
      "version taken from the SDL: META-INF/MANIFEST.MF first, then descriptor/service.sdl,\n"
      "descriptor/service.mdl, scripts/, aux/ and the icon, sorted, deflated, every time\n"
      "stamp 1980-01-01, scripts keeping their executable bit. The finished jar is checked\n"
      "like `validate --kind csd` before it is renamed into place. Prints the jar's path.",
      {
          {"--sdl", "FILE", false, "the service descriptor (required)"},
          {"--mdl", "FILE", false, "the monitoring descriptor"},
          {"--scripts", "DIR", false, "shipped as scripts/"},
          {"--aux", "DIR", false, "shipped as aux/"},
          {"--icon", "PNG", false, "stored at the SDL's \"icon\" path (default images/icon.png)"},
          {"--output-dir", "O", false, "where the jar goes (default: .)"},
          {"--depfile", "FILE", false, "write a Makefile-style list of every file read"},
          {"--service-types", "A,B", true, "extra known service types for serviceDependencies"},
          {"--cm-version", "5|6|7", false, "the Cloudera Manager release the CSD targets (default 7)"},
          {"--name", "N", false, "fail unless the SDL's name is N"},
          {"--version", "V", false, "fail unless the SDL's version is V"},
          {"--sdl-template", "FILE", false,
           "the @VAR@ template --sdl was configured from: findings name it and its lines"},
          {"--mdl-template", "FILE", false, "the same for --mdl"},
      },
      ""};
  return spec;
}

int runBuildVerb(const ParsedOptions& options, Io& io) {
  csd::CsdBuildRequest request;
  const auto sdl = options.value("--sdl");
  if (!sdl) throw UsageError("--sdl is required");
  request.sdl = *sdl;
  if (auto value = options.value("--mdl")) request.mdl = *value;
  if (auto value = options.value("--scripts")) request.scripts = *value;
  if (auto value = options.value("--aux")) request.aux = *value;
  if (auto value = options.value("--icon")) request.icon = *value;
  if (auto value = options.value("--output-dir")) request.outputDirectory = *value;
  if (auto value = options.value("--depfile")) request.depfile = *value;
  if (auto value = options.value("--name")) request.expectedName = *value;
  if (auto value = options.value("--version")) request.expectedVersion = *value;
  if (auto value = options.value("--sdl-template")) request.sdlTemplate = *value;
  if (auto value = options.value("--mdl-template")) request.mdlTemplate = *value;
  request.options.extraServiceTypes = options.listItems("--service-types");
  request.options.cmVersion = cmVersionOption(options.value("--cm-version"));
  Diagnostics diagnostics;
  const auto jar = csd::buildCsdJar(request, diagnostics);
  printDiagnostics(io.err, request.sdlTemplate.value_or(request.sdl).string(), diagnostics);
  if (!jar) {
    io.err << "parceltool: csd build failed: " << diagnostics.errorCount() << " error(s); nothing was written\n";
    return kExitInvalid;
  }
  io.out << jar->string() << "\n";
  return kExitSuccess;
}

const CommandSpec& initVerb() {
  static const CommandSpec spec{"csd init",
                                "csd init NAME [--output-dir DIR]",
                                "scaffold a CSD for service type NAME",
                                "Writes DIR/service.sdl (service NAME with one role, NAME_SERVER, and one port\n"
                                "parameter) and DIR/scripts/control.sh, which uses the environment of the parcel\n"
                                "tagged with the lower-case NAME and execs the role's program in the foreground.\n"
                                "DIR defaults to the lower-case NAME. Existing files are never overwritten. Prints\n"
                                "the paths written.",
                                {{"--output-dir", "DIR", false, "where the files go (default: ./<name>)"}},
                                "NAME"};
  return spec;
}

int runInitVerb(const ParsedOptions& options, Io& io) {
  if (options.operands().size() != 1) throw UsageError("csd init takes exactly one NAME");
  const std::string& name = options.operands().front();
  std::string directory = name;
  for (char& c : directory) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (auto value = options.value("--output-dir")) directory = *value;
  Diagnostics diagnostics;
  const auto written = csd::initCsd(name, directory, diagnostics);
  printDiagnostics(io.err, name, diagnostics);
  if (written.empty()) return kExitInvalid;
  for (const auto& path : written) io.out << path.string() << "\n";
  return kExitSuccess;
}

}  // namespace

const CommandSpec& csdCommand() {
  static const CommandSpec spec{"csd",
                                "csd build|init [options]",
                                "build CSD jars and scaffold new CSDs",
                                "Custom Service Descriptors: `csd build` packs a jar, `csd init` starts a new CSD.\n"
                                "Check SDL, MDL and jar files with `parceltool validate`.",
                                {},
                                "VERB ..."};
  return spec;
}

const std::vector<Verb>& csdVerbs() {
  static const std::vector<Verb> verbs = {{&buildVerb, &runBuildVerb}, {&initVerb, &runInitVerb}};
  return verbs;
}

int runCsd(const std::vector<std::string>& args, Io& io) {
  return runVerbs("csd", csdCommand().description, csdVerbs(), args, io);
}

}  // namespace parcel::tool
