// parceltool publish: upload a repository directory with HTTP PUT.
#include "commands.hpp"

#include "exit_code.hpp"
#include "parcel/repository/transfer.hpp"
#include "report.hpp"

#include <chrono>
#include <memory>
#include <ostream>

namespace parcel::tool {

// Shared by publish and fetch (fetch.cpp declares it too): --retries, and a
// one-line progress display when stderr is a terminal, nothing otherwise.
repository::TransferOptions transferOptions(const ParsedOptions& options, Io& io);

repository::TransferOptions transferOptions(const ParsedOptions& options, Io& io) {
  repository::TransferOptions settings;
  if (const auto retries = options.value("--retries")) {
    try {
      std::size_t used = 0;
      const int value = std::stoi(*retries, &used);
      if (used != retries->size() || value < 0 || value > 10) throw std::invalid_argument(*retries);
      settings.attempts = value + 1;
    } catch (const std::logic_error&) {
      throw UsageError("--retries needs a number from 0 to 10, not '" + *retries + "'");
    }
  }
  if (io.errIsTerminal) {
    // One line, redrawn at most five times a second, ended when the transfer is complete.
    std::ostream* err = &io.err;
    struct Shown {
      std::chrono::steady_clock::time_point when;
      std::string finished;  // the URL whose line was ended
    };
    auto shown = std::make_shared<Shown>();
    settings.progress = [err, shown](const std::string& url, std::uint64_t done, std::uint64_t total) {
      const auto now = std::chrono::steady_clock::now();
      const bool complete = total != 0 && done == total;
      if (complete ? shown->finished == url : now - shown->when < std::chrono::milliseconds(200)) return;
      shown->when = now;
      if (complete) shown->finished = url;
      *err << "\r" << url << " " << done / 1024 << " KiB";
      if (total != 0) *err << " of " << total / 1024 << " KiB";
      *err << "\x1b[K" << (complete ? "\n" : "") << std::flush;
    };
  }
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
      "never the command line. Connection failures, timeouts, HTTP 408, 429 and 5xx are\n"
      "retried with a doubling delay from 0.5 s. Prints each uploaded URL.",
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
  repository::HttpClient http(transferOptions(options, io));
  Diagnostics diagnostics;
  const auto result = repository::publishRepository(options.operands().front(), *url, http, diagnostics);
  printDiagnostics(io.err, options.operands().front(), diagnostics);
  for (const std::string& uploaded : result.uploaded) io.out << uploaded << "\n";
  return diagnostics.hasErrors() ? kExitInvalid : kExitSuccess;
}

}  // namespace parcel::tool
