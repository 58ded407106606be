// parceltool publish: upload a repository directory with HTTP PUT.
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/repository/transfer.hpp"
#include "report.hpp"

#include <ostream>

namespace parcel::tool {

// Shared by publish and fetch (fetch.cpp declares it too): --retries.
repository::TransferOptions transferOptions(const ParsedOptions& options);

repository::TransferOptions transferOptions(const ParsedOptions& options) {
  repository::TransferOptions settings;
  if (const auto retries = options.integer("--retries", 0, 10)) settings.attempts = static_cast<int>(*retries) + 1;
  return settings;
}

const CommandSpec& publishCommand() {
  static const CommandSpec spec{
      "publish",
      "publish --to URL [--retries N] REPO_DIR",
      "upload a parcel repository with HTTP PUT",
      "Validates REPO_DIR as 'validate' does (any error: nothing is uploaded), then\n"
      "uploads every parcel of its manifest.json and its .sha file with HTTP PUT to\n"
      "URL/<file>, and manifest.json last, so a reader never sees a manifest naming a\n"
      "missing parcel. Credentials: ~/.netrc (or the file PARCELTOOL_NETRC names), or\n"
      "PARCELTOOL_HTTP_USER and PARCELTOOL_HTTP_PASSWORD, or PARCELTOOL_HTTP_TOKEN (bearer);\n"
      "never the command line. Only transient failures are retried: connection failures,\n"
      "timeouts, HTTP 408, 429 and 5xx except 501 and 505, after the server's Retry-After\n"
      "(seconds or a date, at most 60 s) or else a doubling delay from 0.5 s. Prints each\n"
      "uploaded URL.",
      {
          {"--to", "URL", false, "the repository's URL (a directory)"},
          {"--retries", "N", false, "retries of a transient failure per file (default 3, at most 10)"},
      },
      "REPO_DIR"};
  return spec;
}

int runPublish(const ParsedOptions& options, Io& io) {
  if (options.operands().size() != 1) throw UsageError("publish takes exactly one REPO_DIR");
  const auto url = options.value("--to");
  if (!url) throw UsageError("publish needs --to URL");
  if (url->empty()) throw UsageError("--to is empty (an unset shell variable?); give the repository's URL");
  repository::HttpClient http(transferOptions(options));
  Diagnostics diagnostics;
  const auto result = repository::publishRepository(options.operands().front(), *url, http, diagnostics);
  printDiagnostics(io.err, options.operands().front(), diagnostics);
  for (const std::string& uploaded : result.uploaded) io.out << uploaded << "\n";
  return diagnostics.hasErrors() ? kExitInvalid : kExitSuccess;
}

}  // namespace parcel::tool
