// HTTP for repositories: one libcurl easy handle, retries with backoff.
#include "parcel/repository/transfer.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/progress.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace parcel::repository {
namespace {

void initialiseCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw IoError("libcurl cannot be initialised");
  });
}

const char* environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

bool transientCurlError(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

// The most a small document (manifest.json, a .sha file) may have: a server
// must not make us hold gigabytes in memory. Real manifests are kilobytes.
constexpr std::size_t kMaxTextSize = std::size_t{64} << 20;

class LimitedStringSink final : public ByteSink {
public:
  LimitedStringSink() = default;
  void write(const void* data, std::size_t size) override {
    if (size > kMaxTextSize - text_.size()) {
      throw IoError("the document is larger than " + std::to_string(kMaxTextSize >> 20) + " MiB");
    }
    text_.append(static_cast<const char*>(data), size);
  }
  std::string& text() { return text_; }

private:
  std::string text_;
};

// Waits before a retry, in short steps, so that an interrupt is not held up.
void pause(std::chrono::milliseconds delay) {
  constexpr std::chrono::milliseconds kStep{50};
  for (auto waited = std::chrono::milliseconds::zero(); waited < delay; waited += kStep) {
    throwIfInterrupted();
    std::this_thread::sleep_for(std::min(kStep, delay - waited));
  }
  throwIfInterrupted();
}

struct Attempt {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string curlMessage;
  std::optional<std::string> retryAfter;  // the response's Retry-After header
};

std::optional<std::string> responseHeader(CURL* handle, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(handle, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || header == nullptr) return {};
  return std::string(header->value);
}

struct WriteTarget {
  CURL* handle = nullptr;
  ByteSink* sink = nullptr;  // null: the body is dropped
  std::string error;  // an exception from the sink, rethrown after curl returns
  bool sinkFailed = false;
};

std::size_t onWrite(char* data, std::size_t size, std::size_t count, void* user) {
  auto* target = static_cast<WriteTarget*>(user);
  long status = 0;
  curl_easy_getinfo(target->handle, CURLINFO_RESPONSE_CODE, &status);
  const std::size_t bytes = size * count;
  if (status >= 300) return bytes;  // an error page: not content
  try {
    if (target->sink != nullptr) target->sink->write(data, bytes);
  } catch (const std::exception& error) {
    target->error = error.what();
    target->sinkFailed = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  return bytes;
}

std::size_t onRead(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* file = static_cast<std::FILE*>(user);
  const std::size_t got = std::fread(buffer, 1, size * count, file);
  if (got == 0 && std::ferror(file)) return CURL_READFUNC_ABORT;
  return got;
}

struct ProgressTarget {
  ProgressTask* task = nullptr;
  bool upload = false;
};

// What a progress line calls a transfer: the last part of its URL.
std::string transferLabel(const std::string& url) {
  const std::string path = url.substr(0, url.find_first_of("?#"));
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos || slash + 1 == path.size() ? path : path.substr(slash + 1);
}

// libcurl calls this at least once a second, also while no byte moves: the
// place where an interrupt stops a transfer (non-zero aborts it).
int onProgress(void* user, curl_off_t downloadTotal, curl_off_t downloaded, curl_off_t uploadTotal,
               curl_off_t uploaded) {
  if (interruptSignal() != 0) return 1;
  auto* target = static_cast<ProgressTarget*>(user);
  if (target->upload) {
    target->task->reach(static_cast<std::uint64_t>(uploaded), static_cast<std::uint64_t>(uploadTotal));
  } else {
    target->task->reach(static_cast<std::uint64_t>(downloaded), static_cast<std::uint64_t>(downloadTotal));
  }
  return 0;
}

}  // namespace

struct HttpClient::State {
  TransferOptions options;
  CURL* handle = nullptr;
  char errorBuffer[CURL_ERROR_SIZE] = {};

  // Settings shared by every request; the handle is reset before each.
  void prepare(const std::string& url) {
    curl_easy_reset(handle);
    errorBuffer[0] = '\0';
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    // A repository is HTTP(S); a server's redirect must not lead to file:// or
    // any other scheme libcurl knows.
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, options.connectTimeoutSeconds);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, options.stallTimeoutSeconds);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "parceltool");
    curl_easy_setopt(handle, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL));
    if (const char* netrc = environment("PARCELTOOL_NETRC")) curl_easy_setopt(handle, CURLOPT_NETRC_FILE, netrc);
    if (const char* user = environment("PARCELTOOL_HTTP_USER")) {
      curl_easy_setopt(handle, CURLOPT_USERNAME, user);
      const char* password = environment("PARCELTOOL_HTTP_PASSWORD");
      curl_easy_setopt(handle, CURLOPT_PASSWORD, password != nullptr ? password : "");
    }
    if (const char* token = environment("PARCELTOOL_HTTP_TOKEN")) {
      curl_easy_setopt(handle, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
      curl_easy_setopt(handle, CURLOPT_XOAUTH2_BEARER, token);
    }
  }

  // Runs the prepared request; the response body goes to `target` (an error page is dropped).
  Attempt perform(const std::string& url, bool upload, WriteTarget& target) {
    target.handle = handle;
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, onWrite);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &target);
    ProgressTask task(transferLabel(url), 0);
    ProgressTarget progress{&task, upload};
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &progress);
    Attempt attempt;
    attempt.code = curl_easy_perform(handle);
    throwIfInterrupted();
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &attempt.status);
    attempt.curlMessage = errorBuffer[0] != '\0' ? errorBuffer : curl_easy_strerror(attempt.code);
    if (attempt.code == CURLE_OK) attempt.retryAfter = responseHeader(handle, "Retry-After");
    return attempt;
  }

  // Runs `once` until it succeeds, fails for good, or the attempts are used up.
  // Returns the last attempt; `done` tells success (any status below 300, or 404 when allowed).
  template <typename Once>
  Attempt withRetries(const std::string& method, const std::string& url, bool missingOk, Once once) {
    std::chrono::milliseconds delay = options.firstRetryDelay;
    for (int number = 1;; ++number) {
      const Attempt attempt = once();
      const bool curlOk = attempt.code == CURLE_OK;
      if (curlOk && attempt.status < 300) return attempt;
      if (curlOk && missingOk && attempt.status == 404) return attempt;
      const bool transient = curlOk ? isTransientHttpStatus(attempt.status) : transientCurlError(attempt.code);
      if (!transient || number >= options.attempts) {
        std::string what = curlOk ? "HTTP " + std::to_string(attempt.status) : attempt.curlMessage;
        if (transient) what += " (after " + std::to_string(number) + " attempts)";
        throw IoError(method + " " + url + ": " + what);
      }
      const auto asked = attempt.retryAfter
          ? retryAfterDelay(*attempt.retryAfter, std::chrono::system_clock::now(), options.maxRetryAfter)
          : std::nullopt;
      pause(asked ? *asked : delay);
      delay *= 2;
    }
  }
};

bool isTransientHttpStatus(long status) {
  if (status == 501 || status == 505) return false;
  return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

std::optional<std::chrono::milliseconds> retryAfterDelay(std::string_view header,
                                                         std::chrono::system_clock::time_point now,
                                                         std::chrono::seconds cap) {
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t')) header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t')) header.remove_suffix(1);
  if (header.empty()) return std::nullopt;
  const auto capped = [cap](std::chrono::seconds wait) {
    return std::chrono::milliseconds(std::clamp(wait, std::chrono::seconds::zero(), cap));
  };
  if (header.find_first_not_of("0123456789") == std::string_view::npos) {
    // Past 10 digits the number is longer than any cap anyway.
    if (header.size() > 10) return capped(cap);
    return capped(std::chrono::seconds(std::stoll(std::string(header))));
  }
  // An HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms), read by libcurl's own date parser.
  const std::string text(header);
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const auto wait = std::chrono::system_clock::from_time_t(when) - now;
  return capped(std::chrono::ceil<std::chrono::seconds>(wait));
}

HttpClient::HttpClient(TransferOptions options) : state_(new State) {
  initialiseCurlOnce();
  state_->options = std::move(options);
  state_->handle = curl_easy_init();
  if (state_->handle == nullptr) {
    delete state_;
    throw IoError("libcurl cannot create a handle");
  }
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(state_->handle);
  delete state_;
}

void HttpClient::put(const std::string& url, const std::filesystem::path& file) {
  state_->withRetries("PUT", url, false, [&] {
    std::FILE* in = std::fopen(file.c_str(), "rb");
    if (in == nullptr) throw IoError(systemErrorMessage("cannot read", file.string(), errno));
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    state_->prepare(url);
    curl_easy_setopt(state_->handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(state_->handle, CURLOPT_READFUNCTION, onRead);
    curl_easy_setopt(state_->handle, CURLOPT_READDATA, in);
    curl_easy_setopt(state_->handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(error ? 0 : size));
    WriteTarget target;  // the server's reply to a PUT is not kept
    const Attempt attempt = state_->perform(url, true, target);
    std::fclose(in);
    return attempt;
  });
}

bool HttpClient::get(const std::string& url, const std::function<ByteSink&()>& open, bool missingOk) {
  const Attempt attempt = state_->withRetries("GET", url, missingOk, [&] {
    ByteSink& sink = open();
    state_->prepare(url);
    curl_easy_setopt(state_->handle, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(state_->handle, CURLOPT_MAXREDIRS, 10L);
    WriteTarget target;
    target.sink = &sink;
    Attempt result = state_->perform(url, false, target);
    if (target.sinkFailed) throw IoError("GET " + url + ": " + target.error);
    return result;
  });
  return attempt.status != 404;
}

std::optional<std::string> HttpClient::getText(const std::string& url, bool missingOk) {
  std::unique_ptr<LimitedStringSink> sink;
  const bool found = get(
      url,
      [&]() -> ByteSink& {
        sink = std::make_unique<LimitedStringSink>();
        return *sink;
      },
      missingOk);
  if (!found) return std::nullopt;
  return std::move(sink->text());
}

std::string joinUrl(const std::string& base, const std::string& name) {
  std::string url = base;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + "/" + name;
}

}  // namespace parcel::repository
