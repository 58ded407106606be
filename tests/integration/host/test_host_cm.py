"""parceltool host where it must do what Cloudera Manager does (issue 19): the host's OS, users and
groups, permissions at distribution, alternatives on an occupied path, the env-script loop, tags, and
run-role starting a CSD's role."""
import json
import os
import stat
import subprocess
import tarfile
import unittest

from host_support import HostTestCase, tar_member, valid_meta
from parceltool_test_support import run_tool, write

SDL = {
    "name": "ECHO",
    "label": "Echo",
    "description": "The echo service.",
    "version": "1.0.0",
    "runAs": {"user": "echo", "group": "echo"},
    "parcel": {"requiredTags": ["echo"], "optionalTags": ["echo-plugin"]},
    "parameters": [
        {"name": "service_greeting", "label": "Greeting", "description": "d", "type": "string",
         "default": "hello"},
    ],
    "roles": [{
        "name": "ECHO_SERVER",
        "label": "Echo Server",
        "pluralLabel": "Echo Servers",
        "parameters": [
            {"name": "echo_port", "label": "Port", "description": "d", "type": "port", "required": True,
             "default": 8080, "configName": "echo.port"},
            {"name": "echo_paths", "label": "Paths", "description": "d", "type": "string_array",
             "default": ["/a", "/b"], "separator": ":"},
            {"name": "echo_secure", "label": "Secure", "description": "d", "type": "boolean", "default": False},
        ],
        "startRunner": {
            "program": "scripts/control.sh",
            "args": ["start", "${echo_port}"],
            "environmentVariables": {"ECHO_USER": "${user}", "ECHO_GREETING": "${service_greeting}"},
        },
        "configWriter": {"generators": [
            {"filename": "conf/echo.properties", "configFormat": "properties",
             "excludedParams": ["echo_secure"]},
            {"filename": "echo-site.xml", "configFormat": "hadoop_xml", "includedParams": ["echo_port"],
             "additionalConfigs": [{"key": "echo.host", "value": "${host}"}]},
        ]},
    }],
}

CONTROL = """#!/bin/bash
echo "args=$*"
echo "cwd=$(pwd)"
echo "conf=$CONF_DIR"
echo "user=$ECHO_USER greeting=$ECHO_GREETING"
echo "scripts=$SCM_DEFINES_SCRIPTS"
echo "dirnames=$PARCEL_DIRNAMES"
echo "seen=${ECHO_SEEN:-} plugin=${PLUGIN_SEEN:-} other=${OTHER_SEEN:-}"
cat "$CONF_DIR/conf/echo.properties"
cat "$CONF_DIR/echo-site.xml"
exit 7
"""


class CmHostTest(HostTestCase):
    def parcel(self, name, version="1.0", provides=(), env=(), files=None, distro="el7", extra=()):
        args = []
        for tag in provides:
            args += ["--provides", tag]
        for item in env:
            args += ["--env", item]
        return self.build(name, version, files or {"bin/x": ("x", 0o755)}, extra=args + list(extra), distro=distro)

    def csd(self, sdl=None):
        source = self.path("csd-src")
        write(os.path.join(source, "service.sdl"), json.dumps(sdl or SDL))
        write(os.path.join(source, "scripts", "control.sh"), CONTROL, 0o755)
        out = self.path("csd-out")
        self.assertTool(run_tool("csd", "build", "--sdl", os.path.join(source, "service.sdl"), "--scripts",
                                 os.path.join(source, "scripts"), "--output-dir", out), 0)
        return os.path.join(out, "ECHO-1.0.0.jar")

    def distribute_and_activate(self, parcel, name, version="1.0"):
        self.host_ok("distribute", parcel)
        self.host_ok("activate", name, version)

    # 1. Tags -------------------------------------------------------------------------------------

    def test_run_role_sources_only_the_parcels_of_the_csd_tags(self):
        self.distribute_and_activate(self.parcel("ECHO", provides=["echo"], env=["ECHO_SEEN=${PARCEL_DIRNAME}"]),
                                     "ECHO")
        self.distribute_and_activate(self.parcel("OTHER", provides=["other"], env=["OTHER_SEEN=yes"]), "OTHER")
        self.distribute_and_activate(self.parcel("APLUGIN", provides=["echo-plugin"], env=["PLUGIN_SEEN=yes"]),
                                     "APLUGIN")
        result = run_tool("host", "--root", self.root, "run-role", "--config", "echo_port=9090", self.csd(),
                          "ECHO_SERVER", "--", "extra")
        # The control script's own exit code.
        self.assertTool(result, 7)
        parcels = os.path.realpath(os.path.join(self.root, "parcels"))
        process = os.path.realpath(os.path.join(self.root, "process", "1-echo-ECHO_SERVER"))
        host = os.uname().nodename
        self.assertEqual(result.stdout, "\n".join([
            "args=start 9090 extra",
            f"cwd={process}",
            f"conf={process}",
            "user=echo greeting=hello",
            # requiredTags first, then optionalTags; OTHER provides neither.
            f"scripts={parcels}/ECHO-1.0/meta/echo_env.sh:{parcels}/APLUGIN-1.0/meta/aplugin_env.sh",
            "dirnames=ECHO-1.0:APLUGIN-1.0",
            "seen=ECHO-1.0 plugin=yes other=",
            # The service's parameters, then the role's, by configName; echo_secure excluded.
            "service_greeting=hello",
            "echo.port=9090",
            "echo_paths=/a:/b",
            '<?xml version="1.0" encoding="UTF-8"?>',
            "<configuration>",
            "  <property>", "    <name>echo.port</name>", "    <value>9090</value>", "  </property>",
            "  <property>", "    <name>echo.host</name>", f"    <value>{host}</value>", "  </property>",
            "</configuration>", ""]))
        # The jar's scripts are in the process folder, executable.
        self.assertTrue(os.stat(os.path.join(process, "scripts", "control.sh")).st_mode & stat.S_IXUSR)
        # A second start gets a fresh folder.
        self.assertTool(run_tool("host", "--root", self.root, "run-role", self.csd(), "ECHO_SERVER"), 7)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "process"))),
                         ["1-echo-ECHO_SERVER", "2-echo-ECHO_SERVER"])

    def test_run_role_refused_when_no_active_parcel_provides_a_required_tag(self):
        # The most common mistake: provides does not match requiredTags.
        self.distribute_and_activate(self.parcel("ECHO", provides=["echo-server"]), "ECHO")
        result = run_tool("host", "--root", self.root, "run-role", self.csd(), "ECHO_SERVER")
        self.assertTool(result, 1)
        self.assertIn("[required-tag-missing]", result.stderr)
        self.assertIn("needs a parcel providing 'echo'", result.stderr)
        self.assertIn("ECHO-1.0 provides [echo-server]", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.root, "process")))

    def test_run_role_refuses_unknown_roles_and_parameters(self):
        self.distribute_and_activate(self.parcel("ECHO", provides=["echo"]), "ECHO")
        result = run_tool("host", "--root", self.root, "run-role", self.csd(), "NOPE")
        self.assertTool(result, 1)
        self.assertIn("has no role 'NOPE'; its roles: ECHO_SERVER [role-not-found]", result.stderr)
        result = run_tool("host", "--root", self.root, "run-role", "--config", "nope=1", self.csd(), "ECHO_SERVER")
        self.assertTool(result, 1)
        self.assertIn("[unknown-parameter]", result.stderr)

    def test_run_role_writes_nothing_outside_its_process_folder(self):
        self.distribute_and_activate(self.parcel("ECHO", provides=["echo"]), "ECHO")
        sdl = json.loads(json.dumps(SDL))
        sdl["roles"][0]["configWriter"]["generators"][0]["filename"] = "../../escaped.properties"
        result = run_tool("host", "--root", self.root, "run-role", self.csd(sdl), "ECHO_SERVER")
        self.assertTool(result, 1)
        self.assertIn("'../../escaped.properties' is not a clean relative name outside scripts/ and aux/ "
                      "[config-filename-unsafe]", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.root, "escaped.properties")))
        self.assertFalse(os.path.exists(os.path.join(self.root, "process")))

    def test_exec_with_tags_sources_only_matching_parcels(self):
        self.distribute_and_activate(self.parcel("ECHO", provides=["echo"], env=["ECHO_SEEN=yes"]), "ECHO")
        self.distribute_and_activate(self.parcel("OTHER", provides=["other"], env=["OTHER_SEEN=yes"]), "OTHER")
        result = self.host_ok("exec", "--tags", "echo,missing", "ECHO", "--", "sh", "-c",
                              'echo "${ECHO_SEEN:-}|${OTHER_SEEN:-}|$PARCEL_DIRNAMES|$PARCEL_DIRNAME"')
        self.assertEqual(result.stdout, "yes||ECHO-1.0|ECHO-1.0\n")
        self.assertIn("no active parcel provides the tag 'missing' [tag-not-provided]", result.stderr)
        # Without --tags every active parcel, NAME's last, as before.
        result = self.host_ok("exec", "ECHO", "--", "sh", "-c", 'echo "$PARCEL_DIRNAMES"')
        self.assertEqual(result.stdout, "OTHER-1.0:ECHO-1.0\n")

    # 2. The host's OS ---------------------------------------------------------------------------

    def test_parcel_for_another_os_refused_on_a_host_with_distro(self):
        el7 = self.parcel("ECHO", distro="el7")
        result = run_tool("host", "--root", self.root, "--distro", "el9", "distribute", el7)
        self.assertTool(result, 1)
        self.assertIn("parcel not available for this host's OS: 'ECHO-1.0-el7.parcel' is for el7, the host is el9; "
                      "it accepts only ECHO-1.0-el9.parcel [distro-not-for-host]", result.stderr)
        before = sorted(os.listdir(os.path.join(self.root, "parcels")))
        self.assertEqual(before, [])
        self.assertEqual(json.loads(self.host_ok("status", "--format", "json").stdout)["distro"], "el9")
        # The matching one is accepted; the recorded OS applies without --distro too.
        self.host_ok("distribute", self.parcel("ECHO", distro="el9"))
        self.assertTool(self.host("distribute", el7), 1)
        # The OS cannot change afterwards.
        result = run_tool("host", "--root", self.root, "--distro", "el8", "distribute", el7)
        self.assertTool(result, 1)
        self.assertIn("was created as el9", result.stderr)

    def test_host_without_distro_accepts_any_suffix_and_says_so(self):
        self.host_ok("distribute", self.parcel("ECHO", distro="el7"))
        self.host_ok("distribute", self.parcel("ECHO", version="2.0", distro="jammy"))
        self.assertEqual(self.host_ok("status").stdout.splitlines(),
                         ["ECHO 1.0 distributed", "ECHO 2.0 distributed", "os any (created without --distro)"])

    # 3. Users, groups and permissions.json at distribution ---------------------------------------

    def metadata(self, name, users, groups):
        path = self.path(f"{name}-parcel.json")
        write(path, json.dumps({"schema_version": 1, "name": name, "version": "1.0", "setActiveSymlink": True,
                                "scripts": {"defines": "env.sh"}, "packages": [], "components": [],
                                "users": users, "groups": groups}))
        return path

    def test_users_groups_and_setuid_after_distribute_before_activate(self):
        users = {"echo": {"longname": "Echo service", "home": "/var/lib/echo", "shell": "/sbin/nologin",
                          "extra_groups": ["echoadm"]},
                 "echoweb": {"longname": "Echo web", "home": "/var/lib/echoweb", "shell": "/bin/bash",
                             "extra_groups": ["echo", "echoadm"]}}
        permissions = {"bin/helper": {"user": "echo", "group": "echoadm", "permissions": "4750"}}
        parcel = self.build("ECHO", "1.0", {"bin/helper": ("#!/bin/sh\n", 0o755),
                                             "meta/permissions.json": (json.dumps(permissions), 0o644),
                                             "meta/env.sh": ("", 0o644)},
                            extra=["--metadata", self.metadata("ECHO", users, ["echoadm"])])
        self.host_ok("distribute", parcel)
        with open(os.path.join(self.root, "etc", "passwd")) as f:
            self.assertEqual(f.read(), "echo:x:1000:1001:Echo service:/var/lib/echo:/sbin/nologin\n"
                                       "echoweb:x:1001:1002:Echo web:/var/lib/echoweb:/bin/bash\n")
        with open(os.path.join(self.root, "etc", "group")) as f:
            self.assertEqual(f.read(), "echoadm:x:1000:echo,echoweb\necho:x:1001:echoweb\nechoweb:x:1002:\n")
        helper = os.stat(os.path.join(self.root, "parcels", "ECHO-1.0", "bin", "helper"))
        # Not active yet, and the set-uid mode is already there.
        self.assertFalse(os.path.lexists(os.path.join(self.root, "parcels", "ECHO")))
        self.assertEqual(oct(helper.st_mode & 0o7777), oct(0o4750))
        status = json.loads(self.host_ok("status", "--format", "json").stdout)
        self.assertEqual([(u["name"], u["uid"], u["gid"]) for u in status["users"]],
                         [("echo", 1000, 1001), ("echoweb", 1001, 1002)])
        self.assertEqual(status["parcels"][0]["stage"], "DISTRIBUTED")
        if os.geteuid() == 0:
            self.assertEqual((helper.st_uid, helper.st_gid), (1000, 1000))
            self.assertEqual(status["parcels"][0]["ownersNotApplied"], [])
        else:
            self.assertEqual(status["parcels"][0]["ownersNotApplied"],
                             [{"path": "bin/helper", "user": "echo", "group": "echoadm", "mode": "4750"}])
        self.host_ok("activate", "ECHO", "1.0")
        status = json.loads(self.host_ok("status", "--format", "json").stdout)
        self.assertEqual(status["parcels"][0]["stage"], "ACTIVATED")

    def test_undeclared_setid_bits_in_the_archive_are_reported_not_applied(self):
        members = valid_meta("SETID", "1.0") + [("SETID-1.0/bin", "dir", b"", "")]
        path = self.path("out", "SETID-1.0-el7.parcel")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
            for name, kind, data, linkname in members:
                archive.addfile(*tar_member(name, kind, data, linkname))
            archive.addfile(*tar_member("SETID-1.0/bin/su-helper", "file", b"#!/bin/sh\n", mode=0o4755))
        result = self.host_ok("distribute", path)
        # One finding, the mode policy's (as validate gives it), saying what the host does.
        self.assertEqual(result.stderr.count("SETID-1.0/bin/su-helper:"), 1, result.stderr)
        self.assertIn("SETID-1.0/bin/su-helper: warning: 'bin/su-helper' has mode 4755 (-rwsr-xr-x), setuid, and "
                      "meta/permissions.json does not declare it: it runs with its owner's rights (root's, on a host) "
                      "for every user who can start it; declare it in meta/permissions.json (\"bin/su-helper\": "
                      "{\"user\": ..., \"group\": ..., \"permissions\": \"4755\"}), or change its mode; the host "
                      "unpacks it without its set-id bits [setuid-file]", result.stderr)
        self.assertNotIn("setid-not-declared", result.stderr)
        mode = os.stat(os.path.join(self.root, "parcels", "SETID-1.0", "bin", "su-helper")).st_mode & 0o7777
        self.assertEqual(oct(mode), oct(0o755))

    def test_conflicting_user_definition_refused(self):
        users = {"echo": {"longname": "Echo", "home": "/var/lib/echo", "shell": "/bin/false", "extra_groups": []}}
        first = self.build("ECHO", "1.0", {"meta/env.sh": ("", 0o644)},
                           extra=["--metadata", self.metadata("ECHO", users, [])])
        self.host_ok("distribute", first)
        users["echo"]["home"] = "/home/echo"
        second = self.build("OTHER", "1.0", {"meta/env.sh": ("", 0o644)},
                            extra=["--metadata", self.metadata("OTHER", users, [])])
        result = self.host("distribute", second)
        self.assertTool(result, 1)
        self.assertIn("user 'echo' exists on the host (created by 'ECHO-1.0', home /var/lib/echo, shell /bin/false) "
                      "with another definition than 'OTHER-1.0' declares (home /home/echo, shell /bin/false)",
                      result.stderr)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "parcels"))), ["ECHO-1.0"])

    def test_extra_group_must_exist_when_the_user_is_created(self):
        users = {"echo": {"longname": "Echo", "home": "/h", "shell": "/bin/false", "extra_groups": ["nogroup-x"]}}
        parcel = self.build("ECHO", "1.0", {"meta/env.sh": ("", 0o644)},
                            extra=["--metadata", self.metadata("ECHO", users, [])])
        result = self.host("distribute", parcel)
        self.assertTool(result, 1)
        self.assertIn("[extra-group-missing]", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.root, "etc")))

    # 4. Alternatives ----------------------------------------------------------------------------

    def alternative_parcel(self, name, priority):
        alternatives = {"tool": {"destination": "/usr/bin/tool", "source": "bin/tool", "priority": priority,
                                 "isDirectory": False},
                        "other": {"destination": "/usr/bin/other", "source": "bin/tool", "priority": priority,
                                  "isDirectory": False}}
        return self.build(name, "1.0", {"bin/tool": (f"#!/bin/sh\necho {name}\n", 0o755),
                                         "meta/alternatives.json": (json.dumps(alternatives), 0o644)})

    def test_occupied_destination_is_a_warning_and_the_rest_goes_on(self):
        self.host_ok("distribute", self.alternative_parcel("ALT", 10))
        write(os.path.join(self.root, "usr", "bin", "tool"), "the host's own tool\n", 0o755)
        result = self.host_ok("activate", "ALT", "1.0")
        self.assertIn(f"'{os.path.realpath(self.root)}/usr/bin/tool' exists and is not a link, so alternative "
                      "'tool' is not registered; the path keeps what it has [alternative-destination-occupied]",
                      result.stderr)
        with open(os.path.join(self.root, "usr", "bin", "tool")) as f:
            self.assertEqual(f.read(), "the host's own tool\n")
        status = json.loads(self.host_ok("status", "--format", "json").stdout)
        self.assertEqual([g["name"] for g in status["alternatives"]], ["other"])
        self.assertEqual(subprocess.run([os.path.join(self.root, "usr", "bin", "other")], capture_output=True,
                                        text=True).stdout, "ALT\n")

    def test_lower_priority_alternative_is_registered_but_not_selected(self):
        self.distribute_and_activate(self.alternative_parcel("HIGH", 50), "HIGH")
        self.host_ok("distribute", self.alternative_parcel("LOW", 10))
        result = self.host_ok("activate", "LOW", "1.0")
        self.assertIn("(priority 50), which outranks this parcel's priority 10 [alternative-not-selected]",
                      result.stderr)
        self.assertEqual(subprocess.run([os.path.join(self.root, "usr", "bin", "tool")], capture_output=True,
                                        text=True).stdout, "HIGH\n")

    def test_the_hosts_own_higher_priority_alternative_wins(self):
        # The host's own tool, registered as update-alternatives --install would.
        self.host_ok("distribute", self.alternative_parcel("ALT", 10))
        result = self.host("add-alternative", "tool", "/usr/bin/tool", "/opt/os-tool", "1000")
        self.assertTool(result, 1)
        self.assertIn("/opt/os-tool' does not exist on the host [alternative-path-missing]", result.stderr)
        write(os.path.join(self.root, "opt", "os-tool"), "#!/bin/sh\necho \"the host's\"\n", 0o755)
        self.host_ok("add-alternative", "tool", "/usr/bin/tool", "/opt/os-tool", "1000")
        result = self.host_ok("activate", "ALT", "1.0")
        root = os.path.realpath(self.root)
        self.assertIn(f"alternative 'tool' keeps {root}/opt/os-tool (priority 1000), which outranks this parcel's "
                      "priority 10 [alternative-not-selected]", result.stderr)
        tool = os.path.join(self.root, "usr", "bin", "tool")
        self.assertEqual(subprocess.run([tool], capture_output=True, text=True).stdout, "the host's\n")
        self.assertIn(f"alternative tool /usr/bin/tool -> {root}/opt/os-tool (priority 1000, the host's own)\n",
                      self.host_ok("status").stdout)
        # Deactivating the parcel leaves the host's own in place.
        self.host_ok("deactivate", "ALT")
        self.assertEqual(subprocess.run([tool], capture_output=True, text=True).stdout, "the host's\n")
        # A lower priority of its own lets the parcel's win.
        self.host_ok("add-alternative", "tool", "/usr/bin/tool", "/opt/os-tool", "1")
        self.host_ok("activate", "ALT", "1.0")
        self.assertEqual(subprocess.run([tool], capture_output=True, text=True).stdout, "ALT\n")
        self.assertTool(self.host("add-alternative", "tool", "/usr/bin/tool", "/opt/os-tool", "high"), 2)
        result = self.host("add-alternative", "tool", "/usr/bin/other-link", "/opt/os-tool", "5")
        self.assertTool(result, 1)
        self.assertIn("[alternative-link-mismatch]", result.stderr)

    # 5. The env-script loop ---------------------------------------------------------------------

    def test_a_script_ending_in_false_does_not_stop_the_loop(self):
        script = self.path("afirst_env.sh")
        write(script, "export FIRST=yes\nfalse\n")
        first = self.parcel("AFIRST", extra=["--env-script", script])
        self.distribute_and_activate(first, "AFIRST")
        self.distribute_and_activate(self.parcel("ECHO", env=["ECHO_SEEN=yes"]), "ECHO")
        result = self.host("exec", "ECHO", "--", "sh", "-c", 'echo "$FIRST|$ECHO_SEEN"; exit 4')
        self.assertTool(result, 4)
        self.assertEqual(result.stdout, "yes|yes\n")

    def test_replaces_refuses_while_the_replaced_product_is_active(self):
        self.distribute_and_activate(self.parcel("SPARK"), "SPARK")
        self.host_ok("distribute", self.parcel("SPARKTWO", extra=["--replaces", "SPARK"]))
        result = self.host("activate", "SPARKTWO", "1.0")
        self.assertTool(result, 1)
        self.assertIn("'SPARKTWO-1.0' replaces SPARK, and 'SPARK-1.0' would be active; deactivate SPARK first "
                      "[replaces-active]", result.stderr)
        self.host_ok("deactivate", "SPARK")
        self.host_ok("activate", "SPARKTWO", "1.0")


if __name__ == "__main__":
    unittest.main()
