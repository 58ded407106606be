"""Progress of long work: with --progress on a pipe, one line per task on stderr, redrawn with
'\\r' and ended by a newline after its summary; without it (stderr is not a terminal here) and
with --quiet, nothing."""
import os
import re
import shutil
import subprocess

from parceltool_test_support import PARCELTOOL, ToolTestCase, write
from parceltool_test_support import run_tool as run_text


def run_tool(*args):
    """Like run_tool, but stderr exactly as written: text mode would turn each '\\r' into a newline."""
    result = subprocess.run([PARCELTOOL, *args], capture_output=True)
    result.stdout = result.stdout.decode()
    result.stderr = result.stderr.decode()
    return result

SIZE = r"\d+(?:\.\d)? (?:B|KiB|MiB|GiB)"
# The first drawing, redrawings, then the summary padded over the longer line before it.
LINE = (r"\r(?P<label>[^\r\n:]+): 0 B of (?P<total>%s) \(0%%\)"
        r"(?:\r(?P=label): %s of (?P=total) \(\d+%%\)(?:, %s/s)?(?:, ETA [\d:]+(?: s)?)? *)*"
        r"\r(?P=label): %s in \d+\.\d s(?:, %s/s)? *\n") % (SIZE, SIZE, SIZE, SIZE, SIZE)


class ProgressTest(ToolTestCase):
    def setUp(self):
        super().setUp()
        write(self.path("in", "lib", "data.txt"), "x" * 100000)
        self.out = self.path("out")
        self.build_args = ["build", "--input", self.path("in"), "--name", "FOO", "--version", "1.0",
                           "--distro", "el7", "--output-dir", self.out]
        self.assertTool(run_text(*self.build_args), 0)
        self.parcel = os.path.join(self.out, "FOO-1.0-el7.parcel")

    def progress_lines(self, stderr):
        lines = re.findall(LINE, stderr)
        self.assertEqual("".join(m.group(0) for m in re.finditer(LINE, stderr)), stderr, repr(stderr))
        return [label for label, _ in lines]

    def test_build_shows_its_parcel(self):
        shutil.rmtree(self.out)
        result = run_tool(*self.build_args, "--progress")
        self.assertTool(result, 0)
        self.assertEqual(self.progress_lines(result.stderr), ["FOO-1.0-el7.parcel"])
        self.assertIn("\rFOO-1.0-el7.parcel: 0 B of 110.0 KiB (0%)", result.stderr)

    def test_readers_show_the_file_they_read(self):
        for command in (["validate"], ["inspect"]):
            with self.subTest(command=command[0]):
                result = run_tool(*command, "--progress", self.parcel)
                self.assertTool(result, 0)
                self.assertEqual(self.progress_lines(result.stderr), ["FOO-1.0-el7.parcel"])
                self.assertIn(": 0 B of %d B (0%%)" % os.path.getsize(self.parcel), result.stderr)
        result = run_tool("manifest", "--progress", self.out)
        self.assertTool(result, 0)
        self.assertEqual(self.progress_lines(result.stderr), ["FOO-1.0-el7.parcel"])
        result = run_tool("host", "--root", self.path("host"), "--progress", "distribute", self.parcel)
        self.assertTool(result, 0)
        self.assertTrue(self.progress_lines(result.stderr))
        self.assertEqual(set(self.progress_lines(result.stderr)), {"FOO-1.0-el7.parcel"})

    def test_nothing_without_progress_on_a_pipe_and_nothing_with_quiet(self):
        for args in (["validate", self.parcel], ["validate", "--quiet", self.parcel], ["inspect", self.parcel],
                     ["manifest", "--quiet", self.out]):
            with self.subTest(args=args):
                result = run_tool(*args)
                self.assertTool(result, 0)
                self.assertEqual(result.stderr, "")
        shutil.rmtree(self.out)
        result = run_tool(*self.build_args, "--quiet")
        self.assertTool(result, 0)
        self.assertEqual(result.stderr, "")

    def test_progress_and_quiet_exclude_each_other_and_other_commands_do_not_take_them(self):
        result = run_tool("validate", "--progress", "--quiet", self.parcel)
        self.assertTool(result, 2)
        self.assertEqual(result.stderr, "parceltool: error: --progress and --quiet exclude each other\n"
                                        "Run 'parceltool validate --help' for usage.\n")
        result = run_tool("host", "--root", self.path("host"), "--progress", "status")
        self.assertTool(result, 2)
        self.assertIn("'host status' has no option '--progress'", result.stderr)

    def test_help_lists_the_options(self):
        for words in (["build"], ["validate"], ["inspect"], ["manifest"], ["publish"], ["fetch"],
                      ["host", "distribute"]):
            with self.subTest(command=words):
                help_text = run_tool(*words, "--help").stdout
                self.assertRegex(help_text, r"\n  --progress +show progress")
                self.assertRegex(help_text, r"\n  --quiet +never show progress")


if __name__ == "__main__":
    import unittest
    unittest.main()
