"""parceltool build on bad input: the exit code, a message that names the problem, and no new file."""
import json
import os
import shutil
import subprocess
import unittest

from parceltool_test_support import PARCELTOOL, ToolTestCase, run_tool, write


class BuildErrorTest(ToolTestCase):
    def setUp(self):
        super().setUp()
        self.input = self.path("in")
        write(os.path.join(self.input, "bin", "tool"), "#!/bin/sh\n", 0o755)
        self.out = self.path("out")
        write(os.path.join(self.out, "unrelated.txt"), "was here before\n")

    def build(self, *args, name="TOOL", version="1.0", distro="el7", tool_input=None):
        return run_tool("build", "--input", tool_input or self.input, "--name", name, "--version", version,
                        "--distro", distro, "--output-dir", self.out, *args)

    def assertRejected(self, result, code, *patterns):
        self.assertTool(result, code)
        for pattern in patterns:
            self.assertRegex(result.stderr, pattern)
        self.assertEqual(result.stdout, "")
        self.assertEqual(sorted(os.listdir(self.out)), ["unrelated.txt"], "a failed build left files behind")

    def test_name_with_dash(self):
        self.assertRejected(self.build(name="MY-TOOL"), 1,
                            r"(?m)^parceltool: --name 'MY-TOOL': error: must not contain any '-' characters "
                            r"\[name-contains-dash\]$")

    def test_empty_version(self):
        self.assertRejected(self.build(version=""), 1,
                            r"(?m)^parceltool: --version '': error: must not be empty \[empty-version\]$")

    def test_distro_with_dash(self):
        self.assertRejected(self.build(distro="el-7"), 1,
                            r"(?m)^parceltool: --distro 'el-7': error: .*'-'.*\[distro-contains-dash\]$")

    def test_unknown_distro_is_only_a_warning(self):
        result = self.build(distro="plan9")
        self.assertTool(result, 0)
        self.assertRegex(result.stderr, r"(?m)^parceltool: --distro 'plan9': warning: .*\[unknown-distro\]$")

    def test_relation_that_does_not_parse(self):
        self.assertRejected(self.build("--depends", "CDH >= 5.0"), 1,
                            r"(?m)^parceltool: --depends 'CDH >= 5.0': error: 'CDH >= 5.0' is not a relation list "
                            r".*\[invalid-relation\]$")

    def test_missing_input_directory(self):
        self.assertRejected(self.build(tool_input=self.path("nowhere")), 1,
                            r"input directory '.*nowhere' does not exist")

    def test_escaping_symlink(self):
        os.symlink("../../etc/passwd", os.path.join(self.input, "bin", "passwd"))
        self.assertRejected(self.build(), 1, r":bin/passwd: error: .*\[symlink-escapes\]")

    def test_absolute_symlink(self):
        os.symlink("/usr/bin/passwd", os.path.join(self.input, "bin", "passwd"))
        self.assertRejected(self.build(), 1, r":bin/passwd: error: .*\[symlink-absolute\]")

    def test_fifo(self):
        os.mkfifo(os.path.join(self.input, "bin", "pipe"))
        self.assertRejected(self.build(), 1, r":bin/pipe: error: .*\[special-file\]")

    def test_invalid_json_in_given_parcel_json(self):
        write(os.path.join(self.input, "meta", "parcel.json"), '{"schema_version": 1,,}')
        self.assertRejected(self.build(), 1, r":meta/parcel.json:1:22: error: .*\[invalid-json\]")

    def test_given_parcel_json_must_match_name_and_version(self):
        write(os.path.join(self.input, "meta", "parcel.json"), json.dumps({
            "schema_version": 1, "name": "OTHER", "version": "1.0", "setActiveSymlink": True,
            "scripts": {"defines": "env.sh"}, "packages": [], "components": [], "users": {}, "groups": []}))
        write(os.path.join(self.input, "meta", "env.sh"), "")
        self.assertRejected(self.build(), 1, r"\[(dir-name-mismatch|metadata-name-mismatch)\]")

    def test_every_problem_is_reported(self):
        os.mkfifo(os.path.join(self.input, "bin", "pipe"))
        os.symlink("/usr/bin/passwd", os.path.join(self.input, "bin", "passwd"))
        result = self.build(name="MY-TOOL")
        self.assertRejected(result, 1, r"\[name-contains-dash\]", r"\[special-file\]", r"\[symlink-absolute\]")
        self.assertRegex(result.stderr, r"build failed: 3 error\(s\); nothing was written")

    def test_unreadable_file(self):
        secret = os.path.join(self.input, "bin", "secret")
        write(secret, "x", 0o000)
        if os.geteuid() == 0:
            # root reads anything: run the tool as an unprivileged user instead
            if shutil.which("setpriv") is None:
                self.skipTest("running as root without setpriv")
            for folder in (self.tmp, self.input, self.out):
                os.chmod(folder, 0o777)
            os.chmod(os.path.join(self.input, "bin"), 0o755)
            # the build tree may sit in a folder only root can enter (mktemp -d): use a copy
            tool = os.path.join(self.tmp, "parceltool")
            shutil.copy(PARCELTOOL, tool)
            os.chmod(tool, 0o755)
            result = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", tool, "build",
                                     "--input", self.input, "--name", "TOOL", "--version", "1.0", "--distro", "el7",
                                     "--output-dir", self.out], capture_output=True, text=True)
        else:
            result = self.build()
        self.assertRejected(result, 1, r":bin/secret: error: .*\[unreadable-file\]")

    def test_a_folder_where_an_output_goes_stops_the_build_before_anything_changes(self):
        self.assertTool(self.build(), 0)
        before = {name: open(os.path.join(self.out, name), "rb").read() for name in os.listdir(self.out)}
        write(os.path.join(self.input, "bin", "tool"), "#!/bin/sh\necho changed\n", 0o755)
        os.mkdir(os.path.join(self.out, "TOOL-1.0-el8.parcel"))
        result = run_tool("build", "--input", self.input, "--name", "TOOL", "--version", "1.0", "--distro", "el7",
                          "--distro", "el8", "--output-dir", self.out)
        self.assertTool(result, 1)
        self.assertRegex(result.stderr, r"TOOL-1.0-el8.parcel' exists and is not a file.*\[output-not-a-file\]")
        after = {name: open(os.path.join(self.out, name), "rb").read()
                 for name in os.listdir(self.out) if name != "TOOL-1.0-el8.parcel"}
        self.assertEqual(after, before, "the old parcel and its .sha must stay as they were")

    def test_unwritable_depfile_leaves_no_output(self):
        result = self.build("--depfile", self.path("no", "such", "dir", "x.d"))
        self.assertRejected(result, 3, r"cannot create .*x\.d")

    def test_file_size_limit_is_an_io_error_with_no_leftovers(self):
        write(os.path.join(self.input, "big.bin"), "")
        with open(os.path.join(self.input, "big.bin"), "wb") as big:
            big.write(os.urandom(1 << 20))   # does not compress below the limit
        import subprocess
        from parceltool_test_support import PARCELTOOL
        result = subprocess.run(["bash", "-c", 'ulimit -f 100; exec "$@"', "limit", PARCELTOOL, "build",
                                 "--input", self.input, "--name", "TOOL", "--version", "1.0", "--distro", "el7",
                                 "--output-dir", self.out], capture_output=True, text=True)
        self.assertRejected(result, 3, r"cannot write .*: File too large")

    def test_defines_must_be_a_file_name(self):
        metadata = self.path("parcel.json")
        write(metadata, json.dumps({"scripts": {"defines": ".."}}))
        self.assertRejected(self.build("--metadata", metadata), 1,
                            r"#/scripts/defines: error: '\.\.' must be a file in meta/.*\[defines-not-file-name\]")

    def test_a_folder_given_as_a_file(self):
        self.assertRejected(self.build("--env-script", self.input), 1, r"env script '.*in' is not a regular file")
        self.assertRejected(self.build("--release-notes", self.input), 1, r"release notes '.*in' is not a regular file")

    def test_env_options_and_a_hand_written_env_script_in_the_input_clash(self):
        write(os.path.join(self.input, "meta", "tool_env.sh"), "export OLD=1\n")
        self.assertRejected(self.build("--env", "NEW=2"), 1, r"'meta/tool_env.sh'.*\[generated-file-conflict\]")

    def test_option_text_must_be_utf8(self):
        result = run_tool("build", "--input", self.input, "--name", "TOOL", "--version", "1.0", "--distro", "el7",
                          "--output-dir", self.out, "--provides", "a\udcffb")
        self.assertRejected(result, 1,
                            r"(?m)^parceltool: --provides 'a\\xffb': error: is not valid UTF-8 text \[invalid-utf8\]$")

    def test_usage_errors(self):
        for args, pattern in [
            (["build", "--name", "X"], r"--input is required"),
            (["build", "--bogus"], r"'build' has no option '--bogus'"),
            (["biuld"], r"unknown command 'biuld' \(did you mean 'build'\?\)"),
            (["build", "--input", "x", "--name", "X", "--version", "1", "--distro", "el7",
              "--set-active-symlink", "yes"], r"--set-active-symlink must be true or false"),
        ]:
            with self.subTest(args=args):
                result = run_tool(*args)
                self.assertTool(result, 2)
                self.assertRegex(result.stderr, pattern)

    def test_usage_errors_point_at_the_help_that_explains_them(self):
        # A verb's mistake points at the verb's help; an empty URL (an unset shell
        # variable) is named as such rather than as a missing option.
        for args, first_line, help_command in [
            (["csd", "build", "--bogus"], "'csd build' has no option '--bogus'", "csd build"),
            (["host", "--root", self.out, "activate"], "usage: parceltool host --root DIR activate NAME VERSION",
             "host activate"),
            (["publish", "--to", "", self.out], "--to is empty (an unset shell variable?); give the repository's URL",
             "publish"),
            (["fetch", "--name", "A", "--distro", "el7", "--dest", self.out, ""],
             "the URL is empty (an unset shell variable?); give the repository's URL", "fetch"),
        ]:
            with self.subTest(args=args):
                result = run_tool(*args)
                self.assertTool(result, 2)
                self.assertEqual(result.stderr, "parceltool: error: %s\nRun 'parceltool %s --help' for usage.\n"
                                 % (first_line, help_command))


if __name__ == "__main__":
    unittest.main()
