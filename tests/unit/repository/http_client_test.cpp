// Which HTTP failures are retried, and how long a server's Retry-After makes us wait.
#include "parcel/repository/transfer.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <ctime>

namespace parcel::repository {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// 2015-10-21T07:28:00Z, the example of RFC 9110's Retry-After.
const auto kNow = std::chrono::system_clock::from_time_t(1445412480);

TEST_CASE("transient statuses: 408, 429 and 5xx except 501 and 505") {
  for (long status : {408L, 429L, 500L, 502L, 503L, 504L, 507L, 599L})
    CHECK_MESSAGE(isTransientHttpStatus(status), status);
  for (long status : {200L, 301L, 400L, 401L, 403L, 404L, 409L, 501L, 505L}) {
    CHECK_MESSAGE(!isTransientHttpStatus(status), status);
  }
}

TEST_CASE("Retry-After in seconds, capped") {
  CHECK(retryAfterDelay("120", kNow, seconds(300)) == milliseconds(120000));
  CHECK(retryAfterDelay(" 0 ", kNow, seconds(300)) == milliseconds(0));
  CHECK(retryAfterDelay("3600", kNow, seconds(60)) == milliseconds(60000));
  CHECK(retryAfterDelay("99999999999999999999", kNow, seconds(60)) == milliseconds(60000));
}

TEST_CASE("Retry-After as an HTTP-date, relative to now, capped, a past date meaning no wait") {
  CHECK(retryAfterDelay("Wed, 21 Oct 2015 07:28:30 GMT", kNow, seconds(60)) == milliseconds(30000));
  CHECK(retryAfterDelay("Wednesday, 21-Oct-15 07:28:10 GMT", kNow, seconds(60)) == milliseconds(10000));
  CHECK(retryAfterDelay("Wed Oct 21 07:28:05 2015", kNow, seconds(60)) == milliseconds(5000));
  CHECK(retryAfterDelay("Wed, 21 Oct 2015 09:28:00 GMT", kNow, seconds(60)) == milliseconds(60000));
  CHECK(retryAfterDelay("Tue, 20 Oct 2015 07:28:00 GMT", kNow, seconds(60)) == milliseconds(0));
}

TEST_CASE("a malformed Retry-After is ignored") {
  for (const char* text : {"", "  ", "-5", "1.5", "soon", "12abc"})
    CHECK_MESSAGE(!retryAfterDelay(text, kNow, seconds(60)), text);
}

}  // namespace
}  // namespace parcel::repository
