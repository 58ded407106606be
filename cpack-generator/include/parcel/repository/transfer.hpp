// Repositories over HTTP: publishing with PUT, fetching the way Cloudera
// Manager's server does (libcurl).
//
// Credentials are never taken from the command line: libcurl reads ~/.netrc
// (or the file named by PARCELTOOL_NETRC), and PARCELTOOL_HTTP_USER with
// PARCELTOOL_HTTP_PASSWORD, or PARCELTOOL_HTTP_TOKEN (a bearer token), override it.
#pragma once

#include "parcel/rules/version_order.hpp"
#include "parcel/support/byte_sink.hpp"
#include "parcel/support/diagnostic.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel::repository {

struct TransferOptions {
  int attempts = 4;  // per request, for transient failures
  std::chrono::milliseconds firstRetryDelay{500};  // doubled after each attempt
  // A server's Retry-After replaces the doubling delay, up to this much: a
  // header asking for an hour must not hang a CI job.
  std::chrono::seconds maxRetryAfter{60};
  long connectTimeoutSeconds = 30;
  long stallTimeoutSeconds = 60;  // abort when under 1 byte/s for this long
};

// Whether a request that ended with this HTTP status may succeed when tried
// again: 408, 429 and 5xx, except 501 (Not Implemented) and 505 (HTTP Version
// Not Supported), which the same request gets again every time.
bool isTransientHttpStatus(long status);

// The wait a Retry-After header asks for (RFC 9110 10.2.3): delay-seconds, or
// an HTTP-date taken relative to `now` (a date in the past: no wait), at most
// `cap`. nullopt when the value is neither.
std::optional<std::chrono::milliseconds> retryAfterDelay(std::string_view header,
                                                         std::chrono::system_clock::time_point now,
                                                         std::chrono::seconds cap);

// One libcurl handle with the project's settings. A failure that remains after
// the retries throws IoError naming the method, the URL and the HTTP status or
// libcurl's message. Each transfer is a ProgressTask (progress.hpp) named by
// the URL's last part. Only transient failures are retried: connection failures,
// timeouts, and the statuses isTransientHttpStatus accepts, after the server's
// Retry-After when it sent one.
class HttpClient {
public:
  explicit HttpClient(TransferOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void put(const std::string& url, const std::filesystem::path& file);
  // GET into the sink `open` returns; it is called again, for a fresh sink,
  // before each retry. Returns false on HTTP 404 when `missingOk`.
  bool get(const std::string& url, const std::function<ByteSink&()>& open, bool missingOk);
  // GET of a small document; nullopt on 404 when `missingOk`.
  std::optional<std::string> getText(const std::string& url, bool missingOk);

private:
  struct State;
  State* state_;
};

// "<base>/<name>", with exactly one '/' between them.
std::string joinUrl(const std::string& base, const std::string& name);

// fetch picks the newest parcel by the project's one version order.
using parcel::compareVersions;

struct PublishResult {
  std::vector<std::string> uploaded;  // URLs, in upload order (manifest.json last)
};

// `parceltool publish`: validates the repository (errors: nothing is
// uploaded), then PUTs every parcel of the manifest and its `.sha` file, and
// manifest.json last.
PublishResult publishRepository(const std::filesystem::path& directory, const std::string& url, HttpClient& http,
                                Diagnostics& out);

struct FetchRequest {
  std::string url;  // the repository
  std::string name;
  std::optional<std::string> version;  // newest when absent
  std::string distro;
  std::filesystem::path destination;  // a directory
};

struct FetchResult {
  std::string parcelName;
  std::string hash;
  std::filesystem::path parcel;  // written, with "<parcel>.sha" beside it
};

// `parceltool fetch`: manifest.json, the parcel of that name and distro, its
// `.sha` on the server when there is one; the parcel is checked against both
// hashes before it is renamed into place. Problems ("no-matching-parcel",
// "hash-mismatch", "sha-file-mismatch", a bad manifest) are errors in `out`,
// and then nothing is left in the destination.
std::optional<FetchResult> fetchParcel(const FetchRequest& request, HttpClient& http, Diagnostics& out);

}  // namespace parcel::repository
