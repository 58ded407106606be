"""csd build / csd init / validate of finished jars, read back by three readers."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from csd_test_support import DATA, codes, read_three_ways, run, write_jar

REFERENCE = os.path.join(DATA, "reference")
ECHO_SDL = os.path.join(REFERENCE, "cloudera-cm_csds__ECHO__service.sdl")
MINIMAL_SDL = """// a comment
{"name": "DEMO", "label": "Demo", "description": "d", "version": "1.2",
 "icon": "images/demo.png",
 "roles": [{"name": "DEMO_SERVER", "label": "l", "pluralLabel": "p",
            "startRunner": {"program": "scripts/control.sh"},
            "commands": [{"name": "c", "label": "l", "description": "d", "expectedExitCodes": [0],
                          "commandRunner": {"program": "scripts/cmd.sh"}}],
            "configWriter": {"auxConfigGenerators": [{"filename": "conf/t.json", "sourceFilename": "aux/t.json"}]}}]}
"""
GOOD_MEMBERS = {
    "META-INF/MANIFEST.MF": ("Manifest-Version: 1.0\r\n\r\n", 0o644),
    "descriptor/service.sdl": (MINIMAL_SDL, 0o644),
    "scripts/control.sh": ("#!/bin/bash\n", 0o755),
    "scripts/cmd.sh": ("#!/bin/bash\n", 0o755),
    "aux/t.json": ("{}", 0o644),
    "images/demo.png": ("png", 0o644),
}


class CsdJarTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="csd-test-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def make_inputs(self):
        os.makedirs(self.path("in", "scripts", "sub"))
        os.makedirs(self.path("in", "aux"))
        with open(self.path("in", "scripts", "control.sh"), "w") as f:
            f.write("#!/bin/bash\necho hi\n")
        os.chmod(self.path("in", "scripts", "control.sh"), 0o755)
        with open(self.path("in", "scripts", "cc.sh"), "w") as f:
            f.write("#!/bin/bash\n")
        os.chmod(self.path("in", "scripts", "cc.sh"), 0o755)
        with open(self.path("in", "scripts", "sub", "lib.sh"), "w") as f:
            f.write("x=1\n")
        os.chmod(self.path("in", "scripts", "sub", "lib.sh"), 0o644)
        with open(self.path("in", "aux", "template.json"), "w") as f:
            f.write("{}\n")
        with open(self.path("in", "icon.png"), "wb") as f:
            f.write(b"\x89PNG fake")

    def build_echo(self, out, env=None):
        return run("csd", "build", "--sdl", ECHO_SDL, "--mdl", os.path.join(REFERENCE, "cloudera-cm_ext__service_full.mdl"),
                   "--scripts", self.path("in", "scripts"), "--aux", self.path("in", "aux"),
                   "--icon", self.path("in", "icon.png"), "--output-dir", out, env=env)

    def test_build_golden_listing_modes_and_readers(self):
        self.make_inputs()
        result = self.build_echo(self.path("out"))
        self.assertEqual(result.returncode, 0, result.stderr)
        jar = self.path("out", "ECHO-5.8.0.jar")
        self.assertEqual(result.stdout.strip(), jar)
        names, modes = read_three_ways(self, jar)
        self.assertEqual(names, [
            "META-INF/MANIFEST.MF",
            "aux/template.json",
            "descriptor/service.mdl",
            "descriptor/service.sdl",
            "images/icon.png",
            "scripts/cc.sh",
            "scripts/control.sh",
            "scripts/sub/lib.sh",
        ])
        self.assertEqual(modes["scripts/control.sh"], 0o755)
        self.assertEqual(modes["scripts/sub/lib.sh"], 0o644)
        self.assertEqual(modes["descriptor/service.sdl"], 0o644)
        with open(ECHO_SDL, "rb") as f:
            import zipfile
            with zipfile.ZipFile(jar) as archive:
                self.assertEqual(archive.read("descriptor/service.sdl"), f.read())
        # the two ECHO sub-directory warnings are printed, the build still succeeds
        self.assertEqual(codes(result.stderr), ["filename-without-directory"] * 2)

    def test_two_builds_are_byte_identical_whatever_the_time_zone(self):
        self.make_inputs()
        self.assertEqual(self.build_echo(self.path("a")).returncode, 0)
        env = dict(os.environ, TZ="Pacific/Kiritimati", LC_ALL="C")
        self.assertEqual(self.build_echo(self.path("b"), env=env).returncode, 0)
        with open(self.path("a", "ECHO-5.8.0.jar"), "rb") as a, open(self.path("b", "ECHO-5.8.0.jar"), "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_invalid_sdl_writes_nothing(self):
        result = run("csd", "build", "--sdl", os.path.join(REFERENCE, "cloudera-cm_ext__service_badBoundsParameter.sdl"),
                     "--output-dir", self.path("out"))
        self.assertEqual(result.returncode, 1)
        self.assertEqual(codes(result.stderr), ["parameter-bounds"])
        self.assertFalse(os.path.exists(self.path("out")) and os.listdir(self.path("out")))

    def test_version_with_a_slash_is_refused_before_any_file(self):
        # Cloudera reads the version '1/0'; the jar's name NAME-VERSION.jar cannot hold it.
        with open(ECHO_SDL) as f:
            sdl = json.load(f)
        sdl["version"] = "1/0"
        self.make_inputs()
        path = self.path("slash.sdl")
        with open(path, "w") as f:
            json.dump(sdl, f)
        result = run("csd", "build", "--sdl", path, "--scripts", self.path("in", "scripts"),
                     "--output-dir", self.path("out"))
        self.assertEqual(result.returncode, 1, result.stderr)
        # ECHO's own two warnings, then the one error.
        self.assertEqual(codes(result.stderr),
                         ["filename-without-directory", "filename-without-directory", "version-not-a-file-name"])
        self.assertIn("slash.sdl#/version: error: the version '1/0' cannot be part of the jar's file name", result.stderr)
        self.assertFalse(os.path.exists(self.path("out")) and os.listdir(self.path("out")))

    def test_missing_script_is_caught_before_the_rename(self):
        # ECHO's runners name scripts/control.sh; build without scripts
        result = run("csd", "build", "--sdl", ECHO_SDL, "--output-dir", self.path("out"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("missing-script", codes(result.stderr))
        self.assertEqual(os.listdir(self.path("out")), [])

    def test_service_types_may_be_given_one_option_each(self):
        # service_dependency.sdl depends on FOO and SPARK, which CM does not know by default.
        sdl = os.path.join(REFERENCE, "cloudera-cm_ext__service_dependency.sdl")
        out = self.path("out")
        missing = run("csd", "build", "--sdl", sdl, "--service-types", "FOO", "--output-dir", out)
        self.assertEqual(missing.returncode, 1, missing.stderr)
        self.assertRegex(missing.stderr, r"SPARK")
        both = run("csd", "build", "--sdl", sdl, "--service-types", "FOO", "--service-types", "SPARK", "--output-dir", out)
        self.assertEqual(both.returncode, 0, both.stderr)
        self.assertEqual(os.listdir(out), ["SERVICENAME-1.jar"])

    def test_name_and_version_expectations(self):
        result = run("csd", "build", "--sdl", ECHO_SDL, "--name", "ECHO", "--version", "9", "--output-dir", self.path("o"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("sdl-version-mismatch", codes(result.stderr))

    def validate(self, name, members, *extra):
        jar = self.path(name)
        write_jar(jar, members)
        return run("validate", *extra, jar)

    def test_validate_good_jar(self):
        result = self.validate("DEMO-1.2.jar", GOOD_MEMBERS)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("valid csd (0 error(s), 0 warning(s))", result.stdout)
        self.assertEqual(self.validate("DEMO-1.2-SNAPSHOT.jar", GOOD_MEMBERS).returncode, 0)

    def test_validate_defects(self):
        def without(*names):
            return {k: v for k, v in GOOD_MEMBERS.items() if k not in names}
        cases = [
            ("DEMO-1.2.jar", without("descriptor/service.sdl"), ["missing-sdl"], "DEMO-1.2.jar: error: the jar has no descriptor/service.sdl"),
            ("DEMO-1.2.jar", without("META-INF/MANIFEST.MF"), ["missing-manifest"], "warning: the jar has no META-INF/MANIFEST.MF"),
            ("DEMO-1.3.jar", GOOD_MEMBERS, ["jar-name-mismatch"], "does not match the SDL's name and version; it must be 'DEMO-1.2.jar'"),
            ("ECHO-1.2.jar", GOOD_MEMBERS, ["jar-name-mismatch"], "it must be 'DEMO-1.2.jar'"),
            ("DEMO-1.2.jar", without("scripts/cmd.sh"), ["missing-script"],
             ":descriptor/service.sdl#/roles/0/commands/0/commandRunner/program: error: the program 'scripts/cmd.sh' is not in the jar"),
            ("DEMO-1.2.jar", without("images/demo.png"), ["missing-icon"], "#/icon: error: the icon 'images/demo.png' is not in the jar"),
            ("DEMO-1.2.jar", without("aux/t.json"), ["missing-aux-file"],
             "#/roles/0/configWriter/auxConfigGenerators/0/sourceFilename: error: the file 'aux/t.json' is not in the jar"),
            ("DEMO-1.2.jar", dict(GOOD_MEMBERS, **{"scripts/control.sh": ("#!/bin/bash\n", 0o644)}), ["script-not-executable"],
             "warning: the program 'scripts/control.sh' is stored without the executable bit"),
            ("DEMO-1.2.jar", dict(GOOD_MEMBERS, **{"../evil": ("x", 0o644)}), ["unsafe-path"],
             "../evil: error: the name has a '..' component"),
            ("DEMO-1.2.jar", dict(GOOD_MEMBERS, **{"/evil": ("x", 0o644)}), ["absolute-path"], "/evil: error: the name is absolute"),
            # libarchive reads a backslash in a zip entry name as '/', as Windows tools do
            ("DEMO-1.2.jar", dict(GOOD_MEMBERS, **{"a\\..\\evil": ("x", 0o644)}), ["unsafe-path"],
             "a/../evil: error: the name has a '..' component"),
        ]
        for name, members, expected_codes, message in cases:
            with self.subTest(expected_codes=expected_codes, name=name):
                result = self.validate(name, members)
                self.assertEqual(codes(result.stderr), expected_codes, result.stderr)
                self.assertIn(message, result.stderr)
                warning_only = expected_codes in (["missing-manifest"], ["script-not-executable"])
                self.assertEqual(result.returncode, 0 if warning_only else 1)
                if warning_only:
                    self.assertEqual(self.validate(name, members, "--strict").returncode, 1)
            os.remove(self.path(name))

    def test_sdl_errors_inside_a_jar_carry_the_member(self):
        with open(os.path.join(REFERENCE, "cloudera-cm_ext__service_scopeServiceCmd.sdl")) as f:
            members = {"META-INF/MANIFEST.MF": ("M", 0o644), "descriptor/service.sdl": (f.read(), 0o644),
                       "scripts/control.sh": ("#!/bin/bash\n", 0o755)}
        result = self.validate("ECHO-1.jar", members)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(codes(result.stderr), ["invalid-reference", "invalid-reference"])
        # The line and column are those of the member inside the jar.
        self.assertIn("ECHO-1.jar:descriptor/service.sdl:24:23#/commands/1/roleCommand: error:", result.stderr)

    def test_json_report_gives_line_and_column(self):
        # cm_ext's fixture: stopRunner.masterRole (line 19) and relevantRoleTypes[0] (line 12) name no role.
        sdl = os.path.join(DATA, "real-world", "cloudera-cm_ext__references_service_gracefulStop.sdl")
        result = run("validate", "--format", "json", sdl)
        self.assertEqual(result.returncode, 1, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual([(d["pointer"], d["line"], d["column"], d["code"]) for d in report[0]["diagnostics"]],
                         [("/stopRunner/masterRole", 19, 20, "invalid-reference"),
                          ("/stopRunner/relevantRoleTypes/0", 12, 7, "invalid-reference")])
        text = run("validate", sdl)
        self.assertIn("cloudera-cm_ext__references_service_gracefulStop.sdl:19:20#/stopRunner/masterRole: error: "
                      "has invalid reference: BAD_MASTER_ROLE", text.stderr)

    def test_not_a_zip(self):
        with open(self.path("X-1.jar"), "w") as f:
            f.write("not a zip")
        result = run("validate", self.path("X-1.jar"))
        self.assertEqual(result.returncode, 1)
        self.assertEqual(codes(result.stderr), ["invalid-jar"])

    def test_init_scaffold_builds_and_validates(self):
        result = run("csd", "init", "ACME", "--output-dir", self.path("acme"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), [self.path("acme", "service.sdl"), self.path("acme", "scripts", "control.sh")])
        self.assertEqual(os.stat(self.path("acme", "scripts", "control.sh")).st_mode & 0o777, 0o755)
        syntax = subprocess.run(["bash", "-n", self.path("acme", "scripts", "control.sh")], capture_output=True, text=True)
        self.assertEqual(syntax.returncode, 0, syntax.stderr)
        check = run("validate", "--strict", self.path("acme", "service.sdl"))
        self.assertEqual(check.returncode, 0, check.stderr)
        self.assertIn("valid sdl (0 error(s), 0 warning(s))", check.stdout)
        built = run("csd", "build", "--sdl", self.path("acme", "service.sdl"), "--scripts", self.path("acme", "scripts"),
                    "--output-dir", self.path("out"))
        self.assertEqual(built.returncode, 0, built.stderr)
        jar = self.path("out", "ACME-1.0.0.jar")
        names, modes = read_three_ways(self, jar)
        self.assertEqual(names, ["META-INF/MANIFEST.MF", "descriptor/service.sdl", "scripts/control.sh"])
        self.assertEqual(modes["scripts/control.sh"], 0o755)
        final = run("validate", "--strict", jar)
        self.assertEqual(final.returncode, 0, final.stderr)
        # the script uses the parcel environment and execs the program
        env = dict(os.environ, ACME_HOME=self.path("home"), ACME_PORT="1234")
        os.makedirs(self.path("home", "bin"))
        with open(self.path("home", "bin", "acme"), "w") as f:
            f.write("#!/bin/sh\necho \"acme $*\"\n")
        os.chmod(self.path("home", "bin", "acme"), 0o755)
        started = subprocess.run([self.path("acme", "scripts", "control.sh"), "start"], env=env, capture_output=True, text=True)
        self.assertEqual(started.returncode, 0, started.stderr)
        self.assertTrue(started.stdout.endswith("acme --port 1234\n"), started.stdout)
        # sourcing the env script through PARCELS_ROOT when ACME_HOME is not set
        os.makedirs(self.path("parcels", "ACME", "meta"))
        with open(self.path("parcels", "ACME", "meta", "acme_env.sh"), "w") as f:
            f.write("export ACME_HOME=%s\n" % self.path("home"))
        env = dict(os.environ, PARCELS_ROOT=self.path("parcels"), ACME_PORT="99")
        env.pop("ACME_HOME", None)
        started = subprocess.run([self.path("acme", "scripts", "control.sh"), "start"], env=env, capture_output=True, text=True)
        self.assertTrue(started.stdout.endswith("acme --port 99\n"), started.stdout + started.stderr)
        # never overwrites, rejects bad names
        again = run("csd", "init", "ACME", "--output-dir", self.path("acme"))
        self.assertEqual((again.returncode, codes(again.stderr)), (1, ["file-exists"]))
        self.assertEqual(codes(run("csd", "init", "acme", "--output-dir", self.path("x")).stderr), ["invalid-name"])
        self.assertEqual(codes(run("csd", "init", "HDFS", "--output-dir", self.path("x")).stderr), ["reserved-name"])

    def test_init_names_as_validate_does(self):
        # csd init and service.sdl's "name" share one rule: the same code and message for a bad name.
        def findings(stderr):
            return [line.split(": error: ", 1)[1] for line in stderr.splitlines() if ": error: " in line]

        for name in ["acme", "MY-SVC", "A B", "HDFS", "ZOOKEEPER"]:
            with self.subTest(name=name):
                sdl = self.path("name.sdl")
                with open(sdl, "w") as f:
                    json.dump({"name": name, "label": "l", "description": "d", "version": "1"}, f)
                validated = run("validate", sdl)
                self.assertEqual(validated.returncode, 1)
                init = run("csd", "init", name, "--output-dir", self.path("x"))
                self.assertEqual(init.returncode, 1)
                self.assertEqual(findings(init.stderr), findings(validated.stderr))
                self.assertEqual(len(findings(init.stderr)), 1)
                self.assertFalse(os.path.exists(self.path("x")))
        self.assertEqual(findings(run("csd", "init", "MY-SVC", "--output-dir", self.path("x")).stderr),
                         ["\"MY-SVC\" must contain only upper-case letters, digits and '_' [invalid-name]"])
        # '|' passes the rule (cm-schema's [A-Z|_|0-9]*), but not into the scaffold's shell variable names.
        with open(self.path("bar.sdl"), "w") as f:
            json.dump({"name": "A|B", "label": "l", "description": "d", "version": "1"}, f)
        self.assertEqual(run("validate", "--strict", self.path("bar.sdl")).returncode, 0)
        bar = run("csd", "init", "A|B", "--output-dir", self.path("x"))
        self.assertEqual((bar.returncode, codes(bar.stderr)), (1, ["shell-unsafe-name"]))

    def test_usage_errors(self):
        self.assertEqual(run("csd", "build").returncode, 2)
        self.assertEqual(run("csd", "frobnicate").returncode, 2)
        self.assertEqual(run("csd", "init").returncode, 2)


if __name__ == "__main__":
    unittest.main()
