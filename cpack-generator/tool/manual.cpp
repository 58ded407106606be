#include "manual.hpp"

#include <unistd.h>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace parcel::tool {
namespace {

namespace fs = std::filesystem;

// Where the installed documentation lives relative to the prefix (GNUInstallDirs' DOCDIR).
constexpr const char* kDocumentationDir = "share/doc/cmake-parcel";

// Text as roff reads it: backslashes and hyphens escaped, and no line that
// starts with a control character ('.' or '\'').
std::string roff(const std::string& text) {
  std::string out;
  bool lineStart = true;
  for (const char c : text) {
    if (lineStart && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    lineStart = c == '\n';
  }
  return out;
}

// Usage lines: the first is "parceltool ..." without the prefix, later ones have it.
std::vector<std::string> usageLines(const CommandSpec& spec) {
  std::vector<std::string> lines;
  std::istringstream in(spec.usage);
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(' ');
    line = start == std::string::npos ? "" : line.substr(start);
    if (line.rfind("parceltool ", 0) != 0) line = "parceltool " + line;
    lines.push_back(line);
  }
  return lines;
}

void manOptions(std::ostream& out, const std::vector<OptionSpec>& options) {
  for (const OptionSpec& option : options) {
    out << ".TP\n.B " << roff(option.name);
    if (!option.valueName.empty()) out << " \" " << roff(option.valueName) << "\"";
    out << "\n"
        << roff(pointGuidesAt(option.help, kDocumentationDir)) << (option.repeatable ? " (repeatable)" : "") << "\n";
  }
}

void manSection(std::ostream& out, const CommandSpec& spec) {
  out << ".SS \"parceltool " << roff(spec.name) << "\"\n.nf\n";
  for (const std::string& line : usageLines(spec)) out << roff(line) << "\n";
  out << ".fi\n.PP\n" << roff(pointGuidesAt(spec.description, kDocumentationDir)) << "\n";
  if (!spec.options.empty()) {
    std::vector<OptionSpec> options = spec.options;
    options.push_back({"--help", "", false, "show this help"});
    manOptions(out, options);
  }
}

// A word list for bash: "--a --b".
std::string words(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : " ") + item;
  return text;
}

std::vector<std::string> optionNames(const CommandSpec& spec) {
  std::vector<std::string> names;
  for (const OptionSpec& option : spec.options) names.push_back(option.name);
  names.push_back("--help");
  return names;
}

std::string verbName(const CommandSpec& verb) { return verb.name.substr(verb.name.find(' ') + 1); }

// Which way parceltool's program folder is; empty when unknown.
fs::path programDirectory() {
  std::error_code error;
  const fs::path program = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : program.parent_path();
}

}  // namespace

const std::vector<OptionSpec>& globalOptions() {
  static const std::vector<OptionSpec> options{
      {"--help", "", false, "list the commands and exit (also -h and 'parceltool help')"},
      {"--version", "", false, "print the version and exit"},
  };
  return options;
}

std::string pointGuidesAt(const std::string& text, const std::string& folder) {
  static const std::regex kGuide("\\bdocs/([a-z0-9-]+(/[a-z0-9-]+)*\\.md)");
  return std::regex_replace(text, kGuide, folder + "/$1");
}

std::string withDocumentationPaths(const std::string& text) {
  static const fs::path installed = [] {
    const fs::path directory = programDirectory();
    if (directory.empty()) return fs::path();
    const fs::path docs = (directory.parent_path() / kDocumentationDir).lexically_normal();
    std::error_code error;
    return fs::is_directory(docs, error) ? docs : fs::path();
  }();
  return installed.empty() ? text : pointGuidesAt(text, installed.string());
}

std::string formatManPage(const std::string& version, const std::vector<HelpTopic>& topics) {
  std::ostringstream out;
  // No date: the page is the same for the same version, whenever it is built.
  out << ".TH PARCELTOOL 1 \"\" \"parceltool " << roff(version) << "\" \"User Commands\"\n"
      << ".SH NAME\nparceltool \\- build, validate and inspect Cloudera parcels, CSDs and parcel repositories\n"
      << ".SH SYNOPSIS\n.B parceltool\n.I command\n.RI [ options ]\n"
      << ".br\n.B parceltool\n.I command verb\n.RI [ options ]\n"
      << ".br\n.B parceltool help\n.RI [ command \" | \\-\\-man | \\-\\-bash\\-completion]\"\n"
      << ".SH DESCRIPTION\n"
      << "parceltool builds Cloudera Manager parcels and CSD jars, validates and inspects them, writes\n"
         "and publishes parcel repositories, and emulates a Cloudera Manager host for tests. The CMake\n"
         "module of cmake\\-parcel (find_package(Parcel)) drives it from a build.\n"
      << ".SH OPTIONS\n";
  manOptions(out, globalOptions());
  out << ".SH COMMANDS\n";
  for (const HelpTopic& topic : topics) {
    manSection(out, *topic.command);
    for (const CommandSpec* verb : topic.verbs) manSection(out, *verb);
  }
  out << ".SH \"EXIT STATUS\"\n"
      << ".TP\n.B 0\nsuccess (warnings allowed)\n"
      << ".TP\n.B 1\ninput rejected: error diagnostics, or a parcel that could not be built\n"
      << ".TP\n.B 2\ncommand\\-line usage error\n"
      << ".TP\n.B 3\nenvironment or I/O failure (a missing file, a full disk, an HTTP error after the retries)\n"
      << ".TP\n.B 130, 143, 129\ninterrupted by SIGINT, SIGTERM or SIGHUP; temporary files are removed\n"
      << ".PP\n.B host exec\nand\n.B host run\\-role\nexit with the code of the program they run.\n"
      << ".SH ENVIRONMENT\n"
      << ".TP\n.B SOURCE_DATE_EPOCH\nthe mtime of every parcel entry, and a manifest's lastUpdated\n"
      << ".TP\n.B PARCELTOOL_NETRC\na netrc file to read instead of ~/.netrc (publish, fetch)\n"
      << ".TP\n.BR PARCELTOOL_HTTP_USER \", \" PARCELTOOL_HTTP_PASSWORD\nHTTP basic authentication\n"
      << ".TP\n.B PARCELTOOL_HTTP_TOKEN\na bearer token\n"
      << ".SH FILES\n.TP\n.I " << roff(std::string("/usr/") + kDocumentationDir) << "/\n"
      << "the guides (README.md, cmake.md, repository.md, csd.md, host.md, reference/cli.md, ...), below\n"
         "the installation prefix (/usr for the Debian package)\n"
      << ".SH \"SEE ALSO\"\n.BR cmake (1),\n.BR ctest (1)\n";
  return out.str();
}

std::string formatBashCompletion(const std::vector<HelpTopic>& topics) {
  std::ostringstream out;
  std::vector<std::string> commands{"help"};
  std::set<std::string> valued;  // "option" taking a value, in any command
  std::map<std::string, std::string> choices;  // option -> "a b c" when its value name is "a|b|c"
  for (const HelpTopic& topic : topics) commands.push_back(topic.command->name);
  auto note = [&](const CommandSpec& spec) {
    for (const OptionSpec& option : spec.options) {
      if (option.valueName.empty()) continue;
      valued.insert(option.name);
      if (option.valueName.find('|') != std::string::npos) {
        std::string list = option.valueName;
        for (char& c : list) c = c == '|' ? ' ' : c;
        choices[option.name] = list;
      }
    }
  };
  for (const HelpTopic& topic : topics) {
    note(*topic.command);
    for (const CommandSpec* verb : topic.verbs) note(*verb);
  }
  std::string patterns;  // bash case patterns are separated by '|'
  for (const std::string& option : valued) patterns += (patterns.empty() ? "" : "|") + option;
  if (patterns.empty()) patterns = "--";
  out << "# bash completion for parceltool, generated by 'parceltool help --bash-completion' from the\n"
         "# same option tables as --help.\n"
         "_parceltool() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
         "  local command='' verb='' i word\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    word=${COMP_WORDS[i]}\n"
         "    [[ $word == -- ]] && { COMPREPLY=($(compgen -f -- \"$cur\")); return; }\n"
         "    case $word in\n"
         "      "
      << patterns
      << ") ((i++)) ;;\n"
         "      -*) ;;\n"
         "      *) if [[ -z $command ]]; then command=$word\n"
         "         elif [[ -z $verb ]]; then verb=$word; fi ;;\n"
         "    esac\n"
         "  done\n"
         "  case $prev in\n";
  for (const auto& [option, list] : choices) {
    out << "    " << option << ") COMPREPLY=($(compgen -W '" << list << "' -- \"$cur\")); return ;;\n";
  }
  out << "    " << patterns << ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
      << "  esac\n"
      << "  # named: the words here are the next thing to type (a command, a verb), not only options\n"
      << "  local candidates='' named=''\n"
      << "  case \"$command $verb\" in\n"
      << "    ' ') named=1 candidates='" << words(commands) << " --help --version' ;;\n"
      << "    'help ') named=1 candidates='" << words(std::vector<std::string>(commands.begin() + 1, commands.end()))
      << " --man --bash-completion' ;;\n";
  for (const HelpTopic& topic : topics) {
    const std::string& name = topic.command->name;
    if (topic.verbs.empty()) {
      out << "    '" << name << " '*) candidates='" << words(optionNames(*topic.command)) << "' ;;\n";
      continue;
    }
    std::vector<std::string> verbs;
    for (const CommandSpec* verb : topic.verbs) {
      verbs.push_back(verbName(*verb));
      out << "    '" << verb->name << "') candidates='" << words(optionNames(*verb)) << "' ;;\n";
    }
    std::vector<std::string> first = verbs;
    for (const std::string& option : optionNames(*topic.command)) first.push_back(option);
    out << "    '" << name << " ') named=1 candidates='" << words(first) << "' ;;\n";
  }
  out << "  esac\n"
         "  if [[ $cur == -* || -n $named ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$candidates\" -- \"$cur\"))\n"
         "  else\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -F _parceltool -o filenames parceltool\n";
  return out.str();
}

}  // namespace parcel::tool
