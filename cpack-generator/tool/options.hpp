// Command-line options from one table, which serves both parsing and --help.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace parcel::tool {

// A mistake on the command line; reported with exit code 2 and a hint to --help.
class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
  // The same error, pointing at a verb's help ("csd build ") rather than the command's.
  UsageError(const std::string& message, std::string helpTopic)
      : std::runtime_error(message), helpTopic_(std::move(helpTopic)) {}
  const std::string& helpTopic() const { return helpTopic_; }

private:
  std::string helpTopic_;
};

struct OptionSpec {
  std::string name;  // "--distro"
  std::string valueName;  // "D"; empty for a flag
  bool repeatable = false;
  std::string help;
};

struct CommandSpec {
  std::string name;  // "build"
  std::string usage;  // "build --input DIR --name N ..."
  std::string summary;  // one line, for the command list
  std::string description;  // a paragraph for --help
  std::vector<OptionSpec> options;
  std::string positionalName;  // "PATH..." when the command takes operands; empty otherwise
};

class ParsedOptions {
public:
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::vector<std::string> values(const std::string& name) const;
  // Every value of a repeatable "A,B" option, split at the commas; empty items dropped.
  std::vector<std::string> listItems(const std::string& name) const;
  const std::vector<std::string>& operands() const { return operands_; }
  // The value of a numeric option read by integerOption(); nullopt when absent.
  std::optional<std::int64_t> integer(const std::string& name, std::int64_t min, std::int64_t max) const;

  void add(const std::string& name, std::string value) { values_[name].push_back(std::move(value)); }
  void addOperand(std::string operand) { operands_.push_back(std::move(operand)); }

private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> operands_;
};

// The one reading of every number on the command line (--threads, --retries,
// --last-updated, a PRIORITY operand): optional '-' (only when min < 0), then
// decimal digits, within [min, max]. Anything else throws UsageError
// "<what> must be an integer from <min> to <max>, not '<text>'".
std::int64_t integerOption(const std::string& what, const std::string& text, std::int64_t min, std::int64_t max);

// Accepts "--opt value" and "--opt=value"; "--" ends the options. --help is
// recognised by the caller before this runs. Throws UsageError.
ParsedOptions parseOptions(const CommandSpec& command, const std::vector<std::string>& args);

std::string formatHelp(const CommandSpec& command);

// --progress and --quiet added to a command's table: the commands that do long
// work (cli.hpp runShowingProgress) take them. Used in a dispatch table as
// reportingProgress<buildCommand>.
CommandSpec withProgressOptions(CommandSpec spec);
template <const CommandSpec& (*Spec)()>
const CommandSpec& reportingProgress() {
  static const CommandSpec spec = withProgressOptions(Spec());
  return spec;
}

}  // namespace parcel::tool
