// parceltool manifest: manifest.json, the .sha files and the hash cache of a repository directory.
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/repository/index_html.hpp"
#include "parcel/repository/repository.hpp"
#include "parcel/support/output_file.hpp"
#include "report.hpp"

#include <limits>
#include <ostream>

namespace parcel::tool {

const CommandSpec& manifestCommand() {
  static const CommandSpec spec{
      "manifest",
      "manifest [--output FILE] [--merge] [--verify] [--rewrite-sha] [--last-updated MS]\n"
      "       [--allow-plain-tar] [--format text|json] DIR",
      "write manifest.json and the .sha files of a parcel repository",
      "Writes DIR/manifest.json for every *.parcel in DIR, as Cloudera's make_manifest\n"
      "does, but sorted by parcelName and failing (exit 1) on any parcel that is\n"
      "invalid or unreadable. Writes a missing <parcel>.sha; an existing one that\n"
      "does not match is an error unless --rewrite-sha is given. lastUpdated is\n"
      "--last-updated, else SOURCE_DATE_EPOCH x 1000, else the current time in\n"
      "milliseconds. Parcels whose size, mtime and inode are unchanged since the\n"
      "last run are taken from DIR/.parceltool-cache.json without being read.",
      {
          {"--output", "FILE", false, "write the manifest here instead of DIR/manifest.json"},
          {"--merge", "", false,
           "keep the existing manifest's entries of parcels that are still present and unchanged"},
          {"--verify", "", false, "ignore the hash cache: read and check every parcel again"},
          {"--rewrite-sha", "", false, "replace a .sha file that does not match its parcel"},
          {"--last-updated", "MS", false, "lastUpdated in milliseconds since the epoch"},
          {"--allow-plain-tar", "", false, "accept uncompressed parcels (a warning instead of an error)"},
          {"--index-html", "", false, "also write DIR/index.html, a page listing each parcel and its SHA-1"},
          {"--format", "text|json", false,
           "json prints {manifest, parcelsRead, cacheHits, shaFilesWritten, diagnostics}"},
      },
      "DIR"};
  return spec;
}

int runManifest(const ParsedOptions& options, Io& io) {
  if (options.operands().size() != 1) throw UsageError("manifest takes exactly one DIR");
  const bool json = wantsJson(options.value("--format").value_or("text"));
  const std::string directory = options.operands().front();

  repository::ManifestOptions settings;
  if (const auto value = options.integer("--last-updated", 0, std::numeric_limits<std::int64_t>::max())) {
    settings.lastUpdated = *value;
  } else {
    settings.lastUpdated = repository::defaultLastUpdated();
  }
  if (const auto output = options.value("--output")) settings.output = *output;
  settings.merge = options.has("--merge");
  settings.verify = options.has("--verify");
  settings.shaPolicy = options.has("--rewrite-sha") ? repository::ShaPolicy::Overwrite : repository::ShaPolicy::Check;
  settings.parcel.allowPlainTar = options.has("--allow-plain-tar");

  Diagnostics diagnostics;
  const repository::ManifestResult result = repository::writeRepositoryManifest(directory, settings, diagnostics);
  if (result.written && options.has("--index-html")) {
    writeFileAtomically(
        std::filesystem::path(directory) / "index.html", repository::repositoryIndexHtml(result.manifest));
  }
  if (json) {
    Json report = Json::object();
    report["manifest"] = result.written ? encodeManifest(result.manifest) : Json(nullptr);
    report["parcelsRead"] = result.parcelsRead;
    report["cacheHits"] = result.cacheHits;
    report["shaFilesWritten"] = result.shaFilesWritten;
    report["diagnostics"] = diagnosticsToJson(diagnostics);
    io.out << toJsonText(report);
  } else {
    printDiagnostics(io.err, directory, diagnostics);
  }
  return diagnostics.hasErrors() ? kExitInvalid : kExitSuccess;
}

}  // namespace parcel::tool
