// The built-in lists the audit flags against: system paths an alternative must
// not take over, groups that give root or its equivalent, and environment
// variables that change how other software runs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parcel::audit {

// The listed system path that `destination` is, lies under (for a listed
// folder, written "dir/*") or contains (a destination such as "/etc" holds
// them all); nullopt when none. The destination is compared lexically
// normalised, so "/etc/./sudoers" is "/etc/sudoers".
std::optional<std::string> sensitiveSystemPath(std::string_view destination);

// wheel, sudo, root, adm, disk, docker, ...: membership is root, or reads
// what only root should.
bool isPrivilegedGroup(std::string_view group);

enum class VariableRisk {
  None,
  Affects,  // changes what other software finds or loads: PATH, PYTHONPATH, CLASSPATH, ...
  InjectsCode,  // makes every process load or run code: LD_PRELOAD, BASH_ENV, ...
};

VariableRisk variableRisk(std::string_view name);

}  // namespace parcel::audit
