#include "audit/env_script_audit.hpp"

#include "audit/sensitive_targets.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace parcel::audit {
namespace {

// One simple command of a line: its words with the quotes removed.
struct Piece {
  std::vector<std::string> words;
  bool afterPipe = false;  // its input is the output of the piece before
};

struct ScannedLine {
  std::vector<Piece> pieces;
  bool substitution = false;  // $(...) or `...` outside single quotes
};

// Where the substitution starting at `start` ("`...`" or "$(...)", nested
// parentheses counted) ends: one past its last character, or the line's end.
std::size_t substitutionEnd(std::string_view line, std::size_t start) {
  if (line[start] == '`') {
    const std::size_t close = line.find('`', start + 1);
    return close == std::string_view::npos ? line.size() : close + 1;
  }
  int depth = 0;
  for (std::size_t i = start + 1; i < line.size(); ++i) {
    if (line[i] == '(') ++depth;
    if (line[i] == ')' && --depth == 0) return i + 1;
  }
  return line.size();
}

// A small shell lexer: quotes, backslashes, comments and the separators. What
// it does not model (here-documents, quotes across lines) shows up as commands.
ScannedLine scanLine(std::string_view line) {
  ScannedLine scanned;
  Piece piece;
  std::string word;
  bool inWord = false;
  char quote = 0;
  const auto endWord = [&] {
    if (inWord) piece.words.push_back(word);
    word.clear();
    inWord = false;
  };
  const auto endPiece = [&](bool nextAfterPipe) {
    endWord();
    if (!piece.words.empty()) scanned.pieces.push_back(piece);
    piece = Piece{};
    piece.afterPipe = nextAfterPipe;
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        word += c;
      continue;
    }
    if (c == '`' || (c == '$' && i + 1 < line.size() && line[i + 1] == '(')) {
      // The substitution stays one piece of its word: what it runs is reported as a substitution.
      scanned.substitution = true;
      const std::size_t end = substitutionEnd(line, i);
      word.append(line.substr(i, end - i));
      inWord = true;
      i = end - 1;
      continue;
    }
    if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      inWord = true;
      continue;
    }
    if (quote == '"') {
      if (c == '"')
        quote = 0;
      else
        word += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      inWord = true;
    } else if (c == '#' && !inWord) {
      break;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      endWord();
    } else if (c == ';' || c == '&' || c == '|') {
      const bool doubled = i + 1 < line.size() && line[i + 1] == c;
      if (doubled) ++i;
      endPiece(c == '|' && !doubled);
    } else {
      word += c;
      inWord = true;
    }
  }
  endPiece(false);
  return scanned;
}

bool isShellName(std::string_view name) {
  const std::string_view base = name.substr(name.rfind('/') == std::string_view::npos ? 0 : name.rfind('/') + 1);
  return base == "sh" || base == "bash" || base == "dash" || base == "zsh" || base == "ksh";
}

// "NAME=value" -> NAME; empty when the word is not an assignment.
std::string assignedName(const std::string& word) {
  const auto equals = word.find('=');
  if (equals == std::string::npos || equals == 0) return {};
  const std::string name = word.substr(0, equals);
  const bool identifier = !std::isdigit(static_cast<unsigned char>(name.front())) &&
      std::all_of(
          name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  return identifier ? name : std::string();
}

bool isVariableName(const std::string& word) { return !word.empty() && assignedName(word + "=") == word; }

class ScriptAuditor {
public:
  ScriptAuditor(const std::string& member, AuditReport& report) : member_(member), report_(report) {}

  void line(std::size_t number, std::string_view text) {
    subject_ = member_ + ":" + std::to_string(number);
    details_ = Json{{"line", number}, {"text", std::string(text)}};
    const ScannedLine scanned = scanLine(text);
    if (scanned.substitution) {
      add(AuditSeverity::Error, "env-command-substitution", "the line runs a command substitution ($(...) or `...`)",
          "its output becomes part of the environment of every process of the parcel's services, each time the "
          "agent sources the script");
    }
    for (const Piece& piece : scanned.pieces) command(piece, 0);
  }

private:
  void command(const Piece& piece, std::size_t first) {
    const std::vector<std::string>& words = piece.words;
    if (first >= words.size()) return;
    const std::string& verb = words[first];
    if (verb == "if" || verb == "then" || verb == "elif" || verb == "else" || verb == "fi" || verb == "!") {
      command(piece, first + 1);  // shell structure: what follows it is what runs
      return;
    }
    if (piece.afterPipe && isShellName(verb)) {
      add(AuditSeverity::Error, "env-pipe-to-shell", "the line pipes text into '" + verb + "'",
          "whatever produced that text runs as code in every process of the parcel's services");
      return;
    }
    if (verb == "[" || verb == "[[" || verb == "test" || verb == "true" || verb == ":") return;
    if (verb == "source" || verb == ".") {
      add(AuditSeverity::Error, "env-source",
          "the line sources '" + (first + 1 < words.size() ? words[first + 1] : std::string()) + "'",
          "that file's content runs in every process of the parcel's services, and it is not part of this audit");
      return;
    }
    if (verb == "export" || verb == "declare" || verb == "typeset" || verb == "readonly" || verb == "local" ||
        verb == "unset") {
      for (std::size_t i = first + 1; i < words.size(); ++i) {
        if (words[i].empty() || words[i].front() == '-') continue;  // export -n, declare -x
        const std::string name = isVariableName(words[i]) ? words[i] : assignedName(words[i]);
        if (!name.empty()) variable(name, verb == "unset" ? "unsets" : verb == "export" ? "exports" : "sets");
      }
      return;
    }
    std::size_t index = first;
    for (; index < words.size() && !assignedName(words[index]).empty(); ++index) {
      variable(assignedName(words[index]), "sets");
    }
    if (index == words.size()) return;
    add(AuditSeverity::Error, "env-command", "the line runs the command '" + words[index] + "'",
        "the agent runs it in every process of the parcel's services, as their user, each time it sources the "
        "script; a defines script should only set variables");
  }

  void variable(const std::string& name, const std::string& verb) {
    Json details = details_;
    details["variable"] = name;
    switch (variableRisk(name)) {
      case VariableRisk::InjectsCode:
        report_.add(AuditSeverity::Error, "env-code-injection-variable", subject_, "the script " + verb + " " + name,
                    "it makes every program started from that environment load or run code it names", details);
        break;
      case VariableRisk::Affects:
        report_.add(AuditSeverity::Warning, "env-sensitive-variable", subject_, "the script " + verb + " " + name,
                    "it changes which programs, libraries or classes other software in the service's processes finds",
                    details);
        break;
      case VariableRisk::None:
        report_.add(AuditSeverity::Info, "env-variable", subject_, "the script " + verb + " " + name,
                    "the parcel's service processes see it", details);
        break;
    }
  }

  void add(AuditSeverity severity, const std::string& code, const std::string& message, const std::string& reason) {
    report_.add(severity, code, subject_, message, reason, details_);
  }

  const std::string& member_;
  AuditReport& report_;
  std::string subject_;
  Json details_;
};

}  // namespace

void auditEnvScript(const std::string& member, std::string_view text, AuditReport& report) {
  ScriptAuditor auditor(member, report);
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    ++number;
    const std::string_view line = text.substr(start, end - start);
    if (!(number == 1 && line.substr(0, 2) == "#!")) auditor.line(number, line);
    start = end + 1;
  }
}

}  // namespace parcel::audit
