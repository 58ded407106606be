"""One member-path rule set: the same hostile and borderline entries, written by hand with Python's
tarfile, give the same codes in `validate` and in `host distribute`; the drift cases of issue 14
(a link to /etc/./hosts, the etc/foo/conf -> /etc/foo/conf pattern) give one verdict in validate,
host distribute and build."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hostile"))

from hostile_support import meta_members, parcel_json, run_tool, write_parcel  # noqa: E402
from parceltool_test_support import ToolTestCase  # noqa: E402

TOP = "FOO-1.0"
FILE = "FOO-1.0-el7.parcel"
# The codes of the member-path rules; the doors' other findings are left out of the comparison.
RULE_CODES = {"unsafe-path", "absolute-path", "path-too-long", "name-too-long", "symlink-absolute",
              "symlink-escapes", "hardlink-escapes", "hardlink-target-missing"}

# (entry [(name, kind, data, link)], expected {(member, severity, code)})
ROWS = [
    ([(TOP + "/conf", "symlink", b"", "/etc/./hosts")], {(TOP + "/conf", "warning", "symlink-absolute")}),
    ([(TOP + "/etc", "dir", b"", ""), (TOP + "/etc/foo", "dir", b"", ""),
      (TOP + "/etc/foo/conf", "symlink", b"", "/etc/foo/conf")],
     {(TOP + "/etc/foo/conf", "warning", "symlink-absolute")}),
    ([(TOP + "/log", "symlink", b"", "/var//log/foo")], {(TOP + "/log", "warning", "symlink-absolute")}),
    ([(TOP + "/x", "symlink", b"", "/usr/../etc/x")], {(TOP + "/x", "warning", "symlink-absolute")}),
    ([(TOP + "/sudo", "symlink", b"", "/usr/bin/sudo")], {(TOP + "/sudo", "error", "symlink-absolute")}),
    ([(TOP + "/root", "symlink", b"", "/etc/../root")], {(TOP + "/root", "error", "symlink-absolute")}),
    ([(TOP + "/etc-itself", "symlink", b"", "/etc")], {(TOP + "/etc-itself", "error", "symlink-absolute")}),
    ([(TOP + "/up", "symlink", b"", "../../outside")], {(TOP + "/up", "error", "symlink-escapes")}),
    ([(TOP + "/sib", "symlink", b"", "../FOO-1.0x/y")], {(TOP + "/sib", "error", "symlink-escapes")}),
    ([(TOP + "/empty", "symlink", b"", "")], {(TOP + "/empty", "error", "symlink-escapes")}),
    ([(TOP + "/../evil", "file", b"x", "")], {(TOP + "/../evil", "error", "unsafe-path")}),
    ([(TOP + "/./meta/x", "file", b"x", "")], {(TOP + "/./meta/x", "error", "unsafe-path")}),
    ([(TOP + "//x", "file", b"x", "")], {(TOP + "//x", "error", "unsafe-path")}),
    ([("/tmp/evil", "file", b"x", "")], {("/tmp/evil", "error", "absolute-path")}),
    ([(TOP + "/" + "n" * 256, "file", b"x", "")], {(TOP + "/" + "n" * 256, "error", "name-too-long")}),
    ([(TOP + "/h", "hardlink", b"", "/etc/shadow")], {(TOP + "/h", "error", "hardlink-escapes")}),
    ([(TOP + "/h", "hardlink", b"", TOP + "/later"), (TOP + "/later", "file", b"x", "")],
     {(TOP + "/h", "error", "hardlink-target-missing")}),
    ([(TOP + "/lib", "dir", b"", ""), (TOP + "/lib/a", "symlink", b"", "../meta/env.sh")], set()),
]


def findings_of(lines, prefix):
    """{(member, severity, code)} of the member-path rules in `parceltool: PREFIX[:member]: sev: ... [code]` lines."""
    found = set()
    for line in lines.splitlines():
        if not line.startswith("parceltool: " + prefix):
            continue
        rest = line[len("parceltool: " + prefix):]
        for severity in ("error", "warning"):
            marker = ": %s: " % severity
            if marker in rest:
                member = rest[:rest.index(marker)].lstrip(":")
                code = rest[rest.rindex("[") + 1:-1]
                if code in RULE_CODES:
                    found.add((member, severity, code))
                break
    return found


class MemberPathRulesTest(ToolTestCase):
    def parcel(self, extra, folder):
        return write_parcel(self.path(folder, FILE), meta_members(TOP, parcel_json()) + extra)

    def validate(self, parcel):
        result = run_tool("validate", "--format", "json", parcel)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        found = set()
        for item in json.loads(result.stdout)[0]["diagnostics"]:
            if item["code"] in RULE_CODES:
                found.add((item.get("member", ""), item["severity"], item["code"]))
        return found

    def distribute(self, parcel, root):
        result = run_tool("host", "--root", self.path(root), "distribute", parcel)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        return findings_of(result.stderr, parcel), result.returncode

    def test_validate_and_host_distribute_give_the_same_codes(self):
        for index, (extra, expected) in enumerate(ROWS):
            with self.subTest(entry=extra[-1][0], link=extra[-1][3]):
                parcel = self.parcel(extra, "in%d" % index)
                self.assertEqual(self.validate(parcel), expected)
                found, code = self.distribute(parcel, "root%d" % index)
                self.assertEqual(found, expected)
                refused = any(severity == "error" for _, severity, _ in expected)
                self.assertEqual(code, 1 if refused else 0)

    def test_an_allowed_absolute_link_is_created_as_it_is_and_never_followed(self):
        parcel = self.parcel([(TOP + "/conf", "symlink", b"", "/etc/./hosts")], "in")
        found, code = self.distribute(parcel, "root")
        self.assertEqual(code, 0)
        link = self.path("root", "parcels", TOP, "conf")
        self.assertEqual(os.readlink(link), "/etc/./hosts")

    def test_build_gives_the_same_verdict_on_the_drift_cases(self):
        tree = self.path("input")
        os.makedirs(os.path.join(tree, "etc", "foo"))
        os.symlink("/etc/./hosts", os.path.join(tree, "hosts"))
        os.symlink("/etc/foo/conf", os.path.join(tree, "etc", "foo", "conf"))
        out = self.path("out")
        result = run_tool("build", "--input", tree, "--name", "FOO", "--version", "1.0", "--distro", "el7",
                          "--output-dir", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        # Build names members relative to its input folder.
        self.assertEqual(findings_of(result.stderr, tree), {("etc/foo/conf", "warning", "symlink-absolute"),
                                                             ("hosts", "warning", "symlink-absolute")})
        lines = [line for line in result.stderr.splitlines() if "[symlink-absolute]" in line]
        self.assertEqual(len(lines), 2, result.stderr)
        self.assertTrue(any(":etc/foo/conf: warning: symbolic link 'etc/foo/conf' -> '/etc/foo/conf' points "
                            "outside the parcel; allowed under /etc and /var, but the target must exist on every "
                            "host [symlink-absolute]" in line for line in lines), result.stderr)
        self.assertTrue(any(":hosts: warning: symbolic link 'hosts' -> '/etc/./hosts' points outside the parcel, "
                            "to '/etc/hosts'" in line for line in lines), result.stderr)
        # ... and what build wrote, validate and host distribute accept with the same warnings.
        built = os.path.join(out, FILE)
        self.assertEqual(self.validate(built), {(TOP + "/etc/foo/conf", "warning", "symlink-absolute"),
                                                (TOP + "/hosts", "warning", "symlink-absolute")})
        found, code = self.distribute(built, "root")
        self.assertEqual(code, 0)
        self.assertEqual(found, {(TOP + "/etc/foo/conf", "warning", "symlink-absolute"),
                                 (TOP + "/hosts", "warning", "symlink-absolute")})

    def test_a_refused_absolute_link_points_to_parcel_add_alternative(self):
        result = run_tool("validate", self.parcel([(TOP + "/sudo", "symlink", b"", "/usr/bin/sudo")], "in"))
        self.assertTool(result, 1)
        self.assertIn(":FOO-1.0/sudo: error: symbolic link 'FOO-1.0/sudo' -> '/usr/bin/sudo' points outside the "
                      "parcel; a link may leave the parcel only for a path under /etc or /var. If '/usr/bin/sudo' "
                      "is where the system should find a file of the parcel, declare an alternative instead: "
                      "parcel_add_alternative(<target> <name> DESTINATION /usr/bin/sudo SOURCE <path in parcel> "
                      "PRIORITY <integer>) [symlink-absolute]", result.stderr)


if __name__ == "__main__":
    unittest.main()
