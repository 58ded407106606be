#include "audit/sensitive_targets.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>

namespace parcel::audit {
namespace {

// Authentication, privilege, the shells every script runs, the dynamic
// loader, and what runs at boot or login: taking one over is taking the host.
constexpr std::string_view kSensitivePaths[] = {
    "/bin/bash",
    "/bin/sh",
    "/bin/su",
    "/etc/bash.bashrc",
    "/etc/bashrc",
    "/etc/cron.d/*",
    "/etc/crontab",
    "/etc/environment",
    "/etc/group",
    "/etc/gshadow",
    "/etc/hosts",
    "/etc/init.d/*",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d/*",
    "/etc/ld.so.preload",
    "/etc/nsswitch.conf",
    "/etc/pam.d/*",
    "/etc/passwd",
    "/etc/profile",
    "/etc/profile.d/*",
    "/etc/resolv.conf",
    "/etc/security/*",
    "/etc/shadow",
    "/etc/ssh/*",
    "/etc/sudoers",
    "/etc/sudoers.d/*",
    "/etc/systemd/*",
    "/lib/systemd/*",
    "/root/*",
    "/sbin/init",
    "/usr/bin/bash",
    "/usr/bin/env",
    "/usr/bin/passwd",
    "/usr/bin/pkexec",
    "/usr/bin/sh",
    "/usr/bin/ssh",
    "/usr/bin/su",
    "/usr/bin/sudo",
    "/usr/lib/systemd/*",
    "/usr/sbin/sshd",
    "/usr/sbin/visudo",
    "/var/spool/cron/*",
};

constexpr std::string_view kPrivilegedGroups[] = {
    "adm",    "admin", "disk", "docker", "kmem",  "libvirt",         "lxd", "root",
    "shadow", "staff", "sudo", "sys",    "wheel", "systemd-journal", "kvm",
};

constexpr std::string_view kCodeInjectingVariables[] = {
    "BASH_ENV", "ENV", "LD_AUDIT", "LD_PRELOAD", "PROMPT_COMMAND", "PERL5OPT",
};

constexpr std::string_view kAffectingVariables[] = {
    "CLASSPATH",       "HADOOP_CLASSPATH", "IFS",       "JAVA_HOME", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
    "LD_LIBRARY_PATH", "NODE_OPTIONS",     "NODE_PATH", "PATH",      "PERL5LIB",          "PYTHONHOME",
    "PYTHONPATH",      "PYTHONSTARTUP",    "RUBYLIB",   "RUBYOPT",   "_JAVA_OPTIONS",
};

template <std::size_t N>
bool listed(const std::string_view (&list)[N], std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

// "/a/b" is "/a" or below it.
bool isAtOrBelow(std::string_view path, std::string_view folder) {
  if (folder == "/") return true;
  return path == folder ||
      (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 && path[folder.size()] == '/');
}

}  // namespace

std::optional<std::string> sensitiveSystemPath(std::string_view destination) {
  std::string normal = std::filesystem::path(std::string(destination)).lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  for (const std::string_view pattern : kSensitivePaths) {
    const bool folder = pattern.size() > 2 && pattern.substr(pattern.size() - 2) == "/*";
    const std::string_view path = folder ? pattern.substr(0, pattern.size() - 2) : pattern;
    // The path itself, a file in a listed folder, or a folder that holds a listed path.
    if (normal == path || (folder && isAtOrBelow(normal, path)) || isAtOrBelow(path, normal)) {
      return std::string(pattern);
    }
  }
  return std::nullopt;
}

bool isPrivilegedGroup(std::string_view group) { return listed(kPrivilegedGroups, group); }

VariableRisk variableRisk(std::string_view name) {
  if (listed(kCodeInjectingVariables, name)) return VariableRisk::InjectsCode;
  if (listed(kAffectingVariables, name)) return VariableRisk::Affects;
  return VariableRisk::None;
}

}  // namespace parcel::audit
