// Helpers for tests that check Diagnostics: which pointers hold which codes (what
// the tests assert first), messages, a printout for failures, and the verdicts
// on the reference fixtures.
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace parcel::test {

inline std::set<std::string> pointersOf(const Diagnostics& diagnostics, Severity severity) {
  std::set<std::string> pointers;
  for (const Diagnostic& d : diagnostics.items()) {
    if (d.severity == severity) pointers.insert(d.pointer);
  }
  return pointers;
}

inline std::set<std::string> errorPointers(const Diagnostics& diagnostics) {
  return pointersOf(diagnostics, Severity::Error);
}

inline std::set<std::string> warningPointers(const Diagnostics& diagnostics) {
  return pointersOf(diagnostics, Severity::Warning);
}

// The codes found at `pointer`, in report order.
inline std::vector<std::string> codesAt(const Diagnostics& diagnostics, const std::string& pointer) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : diagnostics.items()) {
    if (d.pointer == pointer) codes.push_back(d.code);
  }
  return codes;
}

// The message of the first finding with `code` at `pointer`, or "" when there is none.
inline std::string messageAt(const Diagnostics& diagnostics, const std::string& pointer, const std::string& code) {
  for (const Diagnostic& d : diagnostics.items()) {
    if (d.pointer == pointer && d.code == code) return d.message;
  }
  return {};
}

// Every finding as (pointer, code), in report order: what table rows compare.
using Findings = std::vector<std::pair<std::string, std::string>>;

inline Findings findingsOf(const Diagnostics& diagnostics) {
  Findings findings;
  for (const Diagnostic& d : diagnostics.items()) findings.emplace_back(d.pointer, d.code);
  return findings;
}

// Every finding in full, (severity, pointer, code, message), in report order:
// what the descriptor pass tests compare exactly.
using FullFinding = std::tuple<Severity, std::string, std::string, std::string>;

inline std::vector<FullFinding> fullFindingsOf(const Diagnostics& diagnostics) {
  std::vector<FullFinding> found;
  for (const Diagnostic& d : diagnostics.items()) found.emplace_back(d.severity, d.pointer, d.code, d.message);
  return found;
}

// Checks that `code` is the only finding at `pointer` and, unless `message` is
// empty, that it is worded so.
inline void checkFinding(const Diagnostics& diagnostics, const std::string& pointer, const std::string& code,
                         const std::string& message = {}) {
  CAPTURE(pointer);
  CHECK(codesAt(diagnostics, pointer) == std::vector<std::string>{code});
  if (!message.empty()) CHECK(messageAt(diagnostics, pointer, code) == message);
}

// Every finding, one line each, for INFO() on failure.
inline std::string describe(const Diagnostics& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics.items()) text += "\n  " + formatDiagnostic("input", d);
  return text.empty() ? "(no diagnostics)" : text;
}

// The text of a file in tests/data/reference.
inline std::string readReference(const std::string& file) { return readFile(dataPath("reference/" + file)); }

// A reference fixture and its expected verdict: the exact pointers of the errors
// and warnings (SOURCES.md gives the counts; pointers are what we can assert).
struct FixtureRow {
  const char* file;
  std::set<std::string> errors;
  std::set<std::string> warnings;
  std::size_t errorCount;  // errors may share a pointer, so the count is separate
};

// Reads `row.file` from tests/data/reference with `read` and checks the verdict.
template <class Read>
void checkFixture(const FixtureRow& row, Read read) {
  CAPTURE(row.file);
  Diagnostics found;
  const auto model = read(readReference(row.file), found);
  INFO(describe(found));
  REQUIRE(model.has_value());
  CHECK(found.errorCount() == row.errorCount);
  CHECK(errorPointers(found) == row.errors);
  CHECK(warningPointers(found) == row.warnings);
}

// A row of a table that patches a valid document (JSON merge patch: null removes
// a key) and lists every finding the result must give.
struct PatchRow {
  const char* name;
  Json patch;
  Findings findings;
};

// `readPatched(patch)` reads the patched document and returns its diagnostics.
template <class ReadPatched>
void checkPatchRows(const std::vector<PatchRow>& rows, ReadPatched readPatched) {
  for (const PatchRow& row : rows) {
    CAPTURE(row.name);
    const Diagnostics found = readPatched(row.patch);
    INFO(describe(found));
    CHECK(findingsOf(found) == row.findings);
  }
}

}  // namespace parcel::test
