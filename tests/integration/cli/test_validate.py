"""parceltool validate through the command line: kinds, exit codes, text and JSON reports."""
import gzip
import io
import json
import os
import subprocess
import tarfile
import unittest

from parceltool_test_support import ToolTestCase, run_tool, write

REFERENCE = os.path.join(os.path.dirname(__file__), "..", "..", "data", "reference")


def reference(name):
    return os.path.join(REFERENCE, name)


def add(archive, name, kind="file", content=b"", mode=0o644, link=""):
    info = tarfile.TarInfo(name)
    info.mode, info.uid, info.gid, info.uname, info.gname = mode, 0, 0, "root", "root"
    if kind == "dir":
        info.type = tarfile.DIRTYPE
        archive.addfile(info)
    elif kind in ("symlink", "hardlink"):
        info.type, info.linkname = (tarfile.SYMTYPE if kind == "symlink" else tarfile.LNKTYPE), link
        archive.addfile(info)
    else:
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))


MINIMAL = {"schema_version": 1, "name": "FOO", "version": "1.0", "setActiveSymlink": True,
           "scripts": {"defines": "foo_env.sh"}, "packages": [], "components": [], "users": {}, "groups": []}


def write_parcel(path, entries):
    """A parcel written by Python's tarfile, independent of parceltool's writer."""
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for entry in entries:
            add(archive, *entry)


def good_entries(top="FOO-1.0", metadata=None):
    return [(top, "dir"), (top + "/meta", "dir"),
            (top + "/meta/parcel.json", "file", json.dumps(metadata or MINIMAL).encode()),
            (top + "/meta/foo_env.sh", "file", b"export FOO=1\n"),
            (top + "/bin", "dir"), (top + "/bin/foo", "file", b"#!/bin/sh\n")]


class ValidateTest(ToolTestCase):
    def validate_json(self, *args):
        result = run_tool("validate", "--format", "json", *args)
        return result, json.loads(result.stdout)

    def test_reference_metadata_files(self):
        cases = [  # file, --kind, valid, exact error count (None: not asserted)
            ("cloudera-cm_ext__good_parcel.json", "parcel-json", True, 0),
            ("cloudera-cm_ext__minimal_parcel.json", "parcel-json", True, 0),
            ("cloudera-cm_ext__CDH-5.0.0-0.cdh5b2.p0.30-precise__meta_parcel.json", "parcel-json", True, 0),
            ("probos-pbs-probos__meta_parcel.json", "parcel-json", True, 0),
            ("cloudera-cm_ext__invalid_name_parcel.json", "parcel-json", False, 1),
            ("cloudera-cm_ext__missing_defines_parcel.json", "parcel-json", False, 1),
            ("cloudera-cm_ext__wrong_schema_parcel.json", "parcel-json", False, 1),
            ("cloudera-cm_ext__bad_scripts_parcel.json", "parcel-json", False, None),
            ("cloudera-cm_ext__unknown_props_parcel.json", "parcel-json", False, None),
            ("wlami-cdmpacker__it_full_expected_parcel.json", "parcel-json", False, None),
            ("cloudera-cm_ext__empty.json", "parcel-json", False, 9),
            ("cloudera-cm_ext__empty.json", "alternatives", True, 0),
            ("cloudera-cm_ext__empty.json", "permissions", True, 0),
            ("cloudera-cm_ext__empty.json", "manifest", False, 2),
            ("cloudera-cm_ext__good_alternatives.json", "alternatives", True, 0),
            ("cloudera-cm_ext__bad_alternatives.json", "alternatives", False, 4),
            ("cloudera-cm_ext__good_permissions.json", "permissions", True, 0),
            ("cloudera-cm_ext__bad_permissions.json", "permissions", False, 2),
            ("cloudera-cm_ext__bad_octal_permissions.json", "permissions", False, 2),
            ("teamclairvoyant-apache-airflow-cloudera-parcel__meta_permissions.json", "permissions", True, 0),
            ("cloudera-cm_ext__good_manifest.json", "manifest", True, 0),
            ("cloudera-cm_ext__bad_manifest.json", "manifest", False, 3),
            ("cloudera-cm_ext__make_manifest_expected_manifest.json", "manifest", True, 0),
        ]
        for name, kind, valid, errors in cases:
            with self.subTest(file=name, kind=kind):
                result, report = self.validate_json("--kind", kind, reference(name))
                self.assertTool(result, 0 if valid else 1)
                self.assertEqual(len(report), 1)
                self.assertEqual(report[0]["kind"], kind)
                self.assertIs(report[0]["valid"], valid)
                found = [d for d in report[0]["diagnostics"] if d["severity"] == "error"]
                if errors is not None:
                    self.assertEqual(len(found), errors, found)

    def test_kind_is_detected(self):
        folder = self.path("detect")
        for name, content in [("parcel.json", MINIMAL), ("alternatives.json", {}), ("permissions.json", {}),
                              ("manifest.json", {"lastUpdated": 0, "parcels": []})]:
            write(os.path.join(folder, name), json.dumps(content))
        write(os.path.join(folder, "renamed.json"), json.dumps({"lastUpdated": 0, "parcels": []}))
        paths = [os.path.join(folder, n) for n in ("parcel.json", "alternatives.json", "permissions.json",
                                                    "manifest.json", "renamed.json")]
        result, report = self.validate_json(*paths)
        self.assertTool(result, 0)
        self.assertEqual([r["kind"] for r in report],
                         ["parcel-json", "alternatives", "permissions", "manifest", "manifest"])

    def test_exact_diagnostic_for_a_name_with_dash(self):
        result = run_tool("validate", reference("cloudera-cm_ext__invalid_name_parcel.json"))
        self.assertTool(result, 1)
        self.assertRegex(result.stderr, r"invalid_name_parcel.json:3:11#/name: error: .*must not contain any '-' "
                                        r"characters \[name-contains-dash\]\n")
        self.assertRegex(result.stdout, r": invalid parcel-json \(1 error\(s\), 0 warning\(s\)\)\n$")

    def test_parcel_files(self):
        good = self.path("FOO-1.0-el7.parcel")
        write_parcel(good, good_entries())
        result, report = self.validate_json(good)
        self.assertTool(result, 0)
        self.assertEqual(report[0]["kind"], "parcel")
        self.assertEqual(report[0]["diagnostics"], [])

        wrong_top = self.path("FOO-1.0-el8.parcel")
        write_parcel(wrong_top, good_entries("FOO-2.0", dict(MINIMAL, version="2.0")))
        result, report = self.validate_json(wrong_top)
        self.assertTool(result, 1)
        codes = {d["code"] for d in report[0]["diagnostics"]}
        self.assertIn("unexpected-top-level", codes)
        self.assertIn("missing-parcel-json", codes)

        unknown_distro = self.path("FOO-1.0-plan9.parcel")
        write_parcel(unknown_distro, good_entries())
        result, report = self.validate_json(unknown_distro)
        self.assertTool(result, 0)
        self.assertEqual([(d["severity"], d["code"]) for d in report[0]["diagnostics"]],
                         [("warning", "unknown-distro")])
        result = run_tool("validate", "--strict", unknown_distro)
        self.assertTool(result, 1)

    def test_links_that_tar_could_not_extract(self):
        cases = [  # entries added to a good parcel, and the code expected
            ([("FOO-1.0/bin", "dir"), ("FOO-1.0/bin/x", "hardlink", b"", 0o644, "FOO-1.0/bin/nothere")],
             "hardlink-target-missing"),
            ([("FOO-1.0/meta/alternatives.json", "hardlink", b"", 0o644, "FOO-1.0/meta/foo_env.sh")],
             "meta-file-not-regular"),
        ]
        for extra, code in cases:
            with self.subTest(code=code):
                parcel = self.path(code, "FOO-1.0-el7.parcel")
                os.makedirs(os.path.dirname(parcel))
                write_parcel(parcel, good_entries() + extra)
                result, report = self.validate_json(parcel)
                self.assertTool(result, 1)
                self.assertIn(code, {d["code"] for d in report[0]["diagnostics"]})

    def test_plain_tar_and_several_gzip_members(self):
        plain = self.path("FOO-1.0-el7.parcel")
        with tarfile.open(plain, "w", format=tarfile.PAX_FORMAT) as archive:
            for entry in good_entries():
                add(archive, *entry)
        result, report = self.validate_json(plain)
        self.assertTool(result, 1)
        self.assertIn("not-gzip", {d["code"] for d in report[0]["diagnostics"]})
        result, report = self.validate_json("--allow-plain-tar", plain)
        self.assertTool(result, 0)

        members = self.path("two", "FOO-1.0-el7.parcel")
        with open(plain, "rb") as data:
            tar = data.read()
        os.makedirs(os.path.dirname(members))
        with open(members, "wb") as out:   # what a chunked compressor without care would write
            out.write(gzip.compress(tar[:10240]) + gzip.compress(tar[10240:]))
        result, report = self.validate_json(members)
        self.assertTool(result, 1)
        self.assertIn("multiple-gzip-members", {d["code"] for d in report[0]["diagnostics"]})

    def test_unpacked_parcel_directory(self):
        top = self.path("FOO-1.0")
        write(os.path.join(top, "meta", "parcel.json"), json.dumps(MINIMAL))
        write(os.path.join(top, "meta", "foo_env.sh"), "")
        result, report = self.validate_json(top)
        self.assertTool(result, 0)
        self.assertEqual(report[0]["kind"], "parcel-dir")
        os.remove(os.path.join(top, "meta", "foo_env.sh"))
        result, report = self.validate_json(top)
        self.assertTool(result, 1)
        self.assertIn("missing-defines-script", {d["code"] for d in report[0]["diagnostics"]})

    def test_tar_of_dot_slash_folder_is_one_finding(self):
        """Issue 16 item 8: `tar czf X.parcel ./NAME-VERSION` of 2,000 files is one line saying how to rebuild."""
        stage = self.path("stage")
        write(os.path.join(stage, "FOO-1.0", "meta", "parcel.json"), json.dumps(MINIMAL))
        write(os.path.join(stage, "FOO-1.0", "meta", "foo_env.sh"), "export FOO=1\n")
        for index in range(2000):
            write(os.path.join(stage, "FOO-1.0", "lib", "f%04d" % index), "x")
        parcel = self.path("FOO-1.0-el7.parcel")
        subprocess.run(["tar", "czf", parcel, "./FOO-1.0"], cwd=stage, check=True)
        result = run_tool("validate", parcel)
        self.assertTool(result, 1)
        self.assertEqual(result.stderr.splitlines(), [
            "parceltool: %s: error: 2005 entries start with './' (the first is './FOO-1.0'), and Cloudera reads "
            "every name as it is stored: names must start with 'FOO-1.0/'. Rebuild the archive from the folder "
            "that holds FOO-1.0/: 'tar czf FOO-1.0-el7.parcel FOO-1.0', or let 'parceltool build' pack it "
            "[unsafe-path]" % parcel,
            "parceltool: %s:FOO-1.0/meta/parcel.json: error: no parcel.json file found in required location "
            "'FOO-1.0/meta/parcel.json' [missing-parcel-json]" % parcel])

    def test_repeated_findings_of_one_code_are_capped_in_text_and_all_kept_in_json(self):
        """Issue 16 item 8: at most 20 lines per code, then a count; --format json keeps every finding."""
        parcel = self.path("FOO-1.0-el7.parcel")
        write_parcel(parcel, good_entries() + [("FOO-1.0/x/../f%02d" % i, "file", b"x") for i in range(30)])
        result = run_tool("validate", parcel)
        self.assertTool(result, 1)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 21, result.stderr)
        self.assertEqual(lines[0], "parceltool: %s:FOO-1.0/x/../f00: error: the name has a '..' component "
                                   "[unsafe-path]" % parcel)
        self.assertEqual(lines[19], "parceltool: %s:FOO-1.0/x/../f19: error: the name has a '..' component "
                                    "[unsafe-path]" % parcel)
        self.assertEqual(lines[20], "parceltool: %s: error: (and 10 more like it) [unsafe-path]" % parcel)
        self.assertIn("(30 error(s), 0 warning(s))", result.stdout)
        result, report = self.validate_json(parcel)
        self.assertEqual(len(report[0]["diagnostics"]), 30)

    def test_a_parcel_with_only_meta_is_a_warning_and_an_error_under_strict(self):
        """Issue 16 item 2 (validate part)."""
        parcel = self.path("FOO-1.0-el7.parcel")
        write_parcel(parcel, good_entries()[:4])
        result, report = self.validate_json(parcel)
        self.assertTool(result, 0)
        self.assertEqual([(d["severity"], d["code"]) for d in report[0]["diagnostics"]],
                         [("warning", "empty-payload")])
        result = run_tool("validate", "--strict", parcel)
        self.assertTool(result, 1)
        self.assertIn(": error: the parcel holds nothing but meta/, so activating it installs no file;", result.stderr)

    def test_unknown_distro_names_the_nearest_known_suffix(self):
        """Issue 16 item 6: the warning lists the known suffixes and the nearest one."""
        parcel = self.path("FOO-1.0-rhel8.parcel")
        write_parcel(parcel, good_entries())
        result = run_tool("validate", parcel)
        self.assertTool(result, 0)
        self.assertIn('warning: "rhel8" does not appear to be a distro supported by CM; did you mean "el8"? Known '
                      'suffixes: el5, el6, el7, el8, el9, sles11, sles12, sles15, lucid, precise, trusty, xenial, '
                      'bionic, focal, jammy, noble, squeeze, wheezy, jessie, stretch [unknown-distro]', result.stderr)

    def test_an_input_that_cannot_be_read_is_an_io_failure(self):
        """Issue 16 item 13: exit 3 and a message naming the path, not "invalid unknown" and exit 1."""
        missing = self.path("nosuch.parcel")
        result = run_tool("validate", missing)
        self.assertTool(result, 3)
        self.assertEqual(result.stderr, "parceltool: %s: error: cannot read '%s': No such file or directory "
                                        "[file-not-found]\n" % (missing, missing))
        self.assertEqual(result.stdout, "%s: not validated: it cannot be read\n" % missing)
        # A dangling link, with --kind given too; a readable input beside it does not hide the failure.
        dangling = self.path("dangling.parcel")
        os.symlink(self.path("gone"), dangling)
        write(self.path("p.json"), "{}")
        result = run_tool("validate", "--kind", "parcel", dangling, self.path("p.json"))
        self.assertTool(result, 3)
        self.assertIn("cannot read '%s': No such file or directory [file-not-found]" % dangling, result.stderr)

    def test_inspect_of_an_input_that_cannot_be_read_is_an_io_failure(self):
        """inspect shares validate's input check: exit 3, the same message and code."""
        missing = self.path("nosuch.parcel")
        result = run_tool("inspect", missing)
        self.assertTool(result, 3)
        self.assertEqual(result.stderr, "parceltool: %s: error: cannot read '%s': No such file or directory "
                                        "[file-not-found]\n" % (missing, missing))
        self.assertEqual(result.stdout, "")

    def test_inspect_refuses_what_is_not_a_file(self):
        for path in ("/dev/null", self.tmp):
            with self.subTest(path=path):
                result = run_tool("inspect", path)
                self.assertTool(result, 1)
                self.assertRegex(result.stderr, r"is not a regular file \[not-a-file\]")

    def test_missing_path_and_usage(self):
        result, report = self.validate_json(self.path("nothing.parcel"))
        self.assertTool(result, 3)
        self.assertEqual(report[0]["diagnostics"][0]["code"], "file-not-found")
        self.assertTool(run_tool("validate"), 2)
        self.assertTool(run_tool("validate", "--kind", "bogus", "x"), 2)
        write(self.path("mystery.json"), "[1, 2]")
        result = run_tool("validate", self.path("mystery.json"))
        self.assertTool(result, 2)
        self.assertIn("use --kind", result.stderr.replace("name it with --kind", "use --kind"))


class InspectTest(ToolTestCase):
    def test_listing_and_metadata(self):
        parcel = self.path("FOO-1.0-el7.parcel")
        write_parcel(parcel, good_entries() + [("FOO-1.0/bin", "dir"), ("FOO-1.0/bin/foo", "file", b"#!/bin/sh\n", 0o755),
                                                ("FOO-1.0/bin/foo2", "symlink", b"", 0o777, "foo")])
        result = run_tool("inspect", "--format", "json", parcel)
        self.assertTool(result, 0)
        report = json.loads(result.stdout)
        self.assertEqual(report["compression"], "gzip")
        self.assertEqual(report["parcel"], MINIMAL)
        entries = {e["path"]: e for e in report["entries"]}
        self.assertEqual(entries["FOO-1.0/bin/foo"]["mode"], "0755")
        self.assertEqual(entries["FOO-1.0/bin/foo"]["size"], 10)
        self.assertEqual(entries["FOO-1.0/bin/foo2"]["linkTarget"], "foo")
        self.assertEqual(entries["FOO-1.0/bin/foo2"]["type"], "symlink")
        self.assertEqual(entries["FOO-1.0"]["type"], "dir")

        text = run_tool("inspect", parcel)
        self.assertTool(text, 0)
        self.assertIn("-rwxr-xr-x root/root         10 FOO-1.0/bin/foo\n", text.stdout)
        self.assertIn("lrwxrwxrwx root/root          0 FOO-1.0/bin/foo2 -> foo\n", text.stdout)
        self.assertIn('"name": "FOO"', text.stdout)


if __name__ == "__main__":
    unittest.main()
