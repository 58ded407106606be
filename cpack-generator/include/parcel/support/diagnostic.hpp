// Diagnostics: the one way expected problems with user data are reported.
//
// Every check in the project appends to a Diagnostics list and keeps going, so a
// user sees every problem in one run. Environmental failures (I/O, a broken
// libarchive) are exceptions instead; see error.hpp.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parcel {

enum class Severity { Warning, Error };

std::string_view toString(Severity severity);

struct Diagnostic {
  Severity severity = Severity::Error;
  // The file inside the checked input that the problem is in, relative to the
  // input (for a .parcel: the archive member, e.g. "FOO-1.0/meta/parcel.json").
  // Empty when the problem is in the input itself.
  std::string member;
  // RFC 6901 JSON pointer into that file ("/users/hdfs/home"); empty when the
  // problem concerns the whole file.
  std::string pointer;
  // Stable kebab-case identifier, for scripts and tests ("name-contains-dash").
  std::string code;
  // One sentence, lower-case start, no trailing period.
  std::string message;
  // Where the pointed-at value starts in the file `member` names (both from 1;
  // 0 when unknown, e.g. for findings that are not about a JSON document).
  std::size_t line = 0;
  std::size_t column = 0;
};

class Diagnostics {
public:
  void add(Diagnostic diagnostic);
  void error(std::string pointer, std::string code, std::string message);
  void warning(std::string pointer, std::string code, std::string message);

  // Appends every item of `other`, setting `member` on those that have none.
  void append(const Diagnostics& other, const std::string& member = {});

  // True when an error was already reported at exactly this pointer; lets a
  // later check skip a field whose value was already rejected.
  bool hasErrorAt(std::string_view pointer) const;

  // Sets line and column on the items from index `from` on that have none, from
  // `where(pointer)` (nullopt: leave the item as it is). See JsonPositions.
  void locate(std::size_t from,
              const std::function<std::optional<std::pair<std::size_t, std::size_t>>(std::string_view pointer)>& where);

  // Moves the position of every item from index `from` on that has one to
  // `move(line, column)`; nullopt removes it (line and column back to 0).
  void movePositions(std::size_t from,
                     const std::function<std::optional<std::pair<std::size_t, std::size_t>>(std::size_t line,
                                                                                            std::size_t column)>& move);

  // Turns every warning into an error (--strict).
  void promoteWarnings();

  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  bool hasErrors() const;
  std::size_t errorCount() const;
  std::size_t warningCount() const;

private:
  std::vector<Diagnostic> items_;
  // The pointers of the errors in items_, so hasErrorAt stays cheap on
  // documents with many thousands of items.
  std::set<std::string, std::less<>> errorPointers_;
};

// Escapes one reference token for a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string pointerToken(std::string_view token);

// "<parent>/<escaped token>".
std::string childPointer(std::string_view parent, std::string_view token);
std::string childPointer(std::string_view parent, std::size_t index);

// A JSON pointer as a jq path: "/users/0/a~1b" -> `.users[0]."a/b"`.
std::string readablePointer(std::string_view pointer);

// One line for a human: "<input>[:<member>][:<line>:<column>][#<pointer>[ (<readable>)]]: <severity>: <message> [<code>]".
// The line and column let an editor jump to the value; <readable> spells a
// pointer whose keys hold '/' or '~' the way jq does (."bin/avro-tools".user).
std::string formatDiagnostic(std::string_view input, const Diagnostic& diagnostic);

}  // namespace parcel
