// parceltool fetch: download one parcel from a repository, as Cloudera Manager's server does.
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/repository/transfer.hpp"
#include "report.hpp"

#include <ostream>

namespace parcel::tool {

repository::TransferOptions transferOptions(const ParsedOptions& options);  // publish.cpp

const CommandSpec& fetchCommand() {
  static const CommandSpec spec{
      "fetch",
      "fetch --name N [--version V] --distro D --dest DIR [--retries N] URL",
      "download a parcel from a repository and check its hashes",
      "Reads URL/manifest.json, picks the parcel N for distro D (version V, or the\n"
      "newest in dpkg's order, where '~' sorts before anything, even the end, see\n"
      "docs/repository.md), checks the server's <parcel>.sha against the manifest when\n"
      "the server has one, downloads the parcel to a temporary file in DIR and\n"
      "checks its SHA-1. Only then are DIR/<parcel> and DIR/<parcel>.sha renamed into\n"
      "place; on a mismatch (exit 1) nothing is left. Credentials and retries as for\n"
      "'publish'.\n"
      "Prints the path of the parcel.",
      {
          {"--name", "N", false, "the product name"},
          {"--version", "V", false, "the version (default: the newest the manifest lists)"},
          {"--distro", "D", false, "the distro suffix, e.g. el7"},
          {"--dest", "DIR", false, "where the parcel and its .sha go (created when missing)"},
          {"--retries", "N", false, "retries of a transient failure per file (default 3, at most 10)"},
      },
      "URL"};
  return spec;
}

int runFetch(const ParsedOptions& options, Io& io) {
  if (options.operands().size() != 1) throw UsageError("fetch takes exactly one URL");
  repository::FetchRequest request;
  request.url = options.operands().front();
  if (request.url.empty()) throw UsageError("the URL is empty (an unset shell variable?); give the repository's URL");
  for (const char* required : {"--name", "--distro", "--dest"}) {
    if (!options.value(required) || options.value(required)->empty()) {
      throw UsageError(std::string("fetch needs ") + required);
    }
  }
  request.name = *options.value("--name");
  request.version = options.value("--version");
  request.distro = *options.value("--distro");
  request.destination = *options.value("--dest");
  repository::HttpClient http(transferOptions(options));
  Diagnostics diagnostics;
  const auto result = repository::fetchParcel(request, http, diagnostics);
  printDiagnostics(io.err, request.url, diagnostics);
  if (result) io.out << result->parcel.string() << "\n";
  return diagnostics.hasErrors() || !result ? kExitInvalid : kExitSuccess;
}

}  // namespace parcel::tool
