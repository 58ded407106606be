"""parceltool(1) and the bash completion come from the same option tables as --help: every
command, verb and option of --help is in both; the page renders without warnings; an install
has them, the guides that --help names, and a stripped parceltool."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from parceltool_test_support import PARCELTOOL, run_tool

BUILD_DIR = os.environ.get("PARCEL_BUILD_DIR", "")
CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")


def help_of(*words):
    result = run_tool(*words, "--help")
    assert result.returncode == 0, result.stderr
    return result.stdout


def block(text, title):
    lines = text.splitlines()
    if title not in lines:
        return []
    out = []
    for line in lines[lines.index(title) + 1:]:
        if not line.startswith("  "):
            break
        out.append(line)
    return out


def topics():
    """{"build": [options], "host distribute": [options], ...} read from --help."""
    found = {}
    for line in block(help_of(), "Commands:"):
        command = line.split()[0]
        text = help_of(command)
        verbs = [l.split()[0] for l in block(text, "Verbs:")]
        if verbs:
            found[command] = []
            for verb in verbs:
                found[command + " " + verb] = options_of(help_of(command, verb))
        else:
            found[command] = options_of(text)
    return found


def options_of(text):
    return [re.match(r"^  (--[a-z-]+)", line).group(1) for line in block(text, "Options:")]


class ManualTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.topics = topics()
        cls.man = run_tool("help", "--man").stdout
        cls.completion = run_tool("help", "--bash-completion").stdout

    def test_help_was_read(self):
        self.assertIn("--progress", self.topics["build"])
        self.assertIn("--root", self.topics["host distribute"])
        self.assertIn("csd init", self.topics)

    def test_man_page_has_every_command_verb_and_option(self):
        sections = re.split(r'^\.SS "parceltool ([a-z \\-]+)"\n', self.man, flags=re.M)
        bodies = {name.replace("\\-", "-"): body for name, body in zip(sections[1::2], sections[2::2])}
        self.assertEqual(sorted(bodies), sorted(self.topics))
        for name, options in self.topics.items():
            if not options and " " not in name:
                continue   # a command with verbs: its --help lists the verbs, each verb's section its options
            with self.subTest(section=name):
                listed = re.findall(r"^\.B (\\-\\-[a-z\\-]+)", bodies[name], flags=re.M)
                self.assertEqual([o.replace("\\-", "-") for o in listed], options)
        self.assertTrue(self.man.startswith('.TH PARCELTOOL 1 "" "parceltool '))
        for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", '"EXIT STATUS"', "ENVIRONMENT"):
            self.assertIn("\n.SH %s\n" % heading, self.man)
        self.assertNotIn("docs/", self.man)   # guides named where an install has them
        self.assertIn("share/doc/cmake\\-parcel/host.md", self.man)

    @unittest.skipUnless(shutil.which("groff"), "groff is not installed (groff-base)")
    def test_man_page_renders_without_warnings(self):
        with tempfile.TemporaryDirectory() as tmp:
            page = os.path.join(tmp, "parceltool.1")
            with open(page, "w", encoding="utf-8") as out:
                out.write(self.man)
            result = subprocess.run(["groff", "-ww", "-z", "-man", page], capture_output=True, text=True)
            self.assertEqual((result.returncode, result.stderr), (0, ""))
            if shutil.which("man"):
                result = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True,
                                        env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
                self.assertEqual((result.returncode, result.stderr), (0, ""))
                self.assertIn("parceltool host distribute", result.stdout)

    def complete(self, line):
        """The words bash offers for `line` (the last word is the one being completed)."""
        words = line.split(" ")
        script = ('source /dev/stdin <<<"$COMPLETION"; COMP_WORDS=(%s); COMP_CWORD=%d; _parceltool; '
                  'printf "%%s\\n" "${COMPREPLY[@]}"' % (" ".join("'%s'" % w for w in words), len(words) - 1))
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                                env=dict(os.environ, COMPLETION=self.completion))
        self.assertEqual(result.stderr, "")
        return sorted(w for w in result.stdout.splitlines() if w)

    def test_completion_has_every_command_verb_and_option(self):
        commands = sorted(name for name in self.topics if " " not in name)
        self.assertEqual(self.complete("parceltool "), sorted(commands + ["help", "--help", "--version"]))
        for name, options in self.topics.items():
            with self.subTest(topic=name):
                if not options and " " not in name:   # a command with verbs: they come first
                    verbs = [t.split(" ")[1] for t in self.topics if t.startswith(name + " ")]
                    self.assertTrue(set(verbs) <= set(self.complete("parceltool %s " % name)))
                    continue
                self.assertEqual(self.complete("parceltool %s --" % name), sorted(options))

    def test_completion_of_values(self):
        self.assertEqual(self.complete("parceltool validate --format "), ["json", "text"])
        self.assertEqual(self.complete("parceltool host --root /tmp di"), ["distribute"])
        self.assertEqual(self.complete("parceltool help --b"), ["--bash-completion"])
        self.assertEqual(self.complete("parceltool build --set-active-symlink "), ["false", "true"])


@unittest.skipUnless(BUILD_DIR, "PARCEL_BUILD_DIR is not set")
class InstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory(prefix="parcel-install-")
        cls.prefix = cls._tmp.name
        result = subprocess.run([CMAKE, "--install", BUILD_DIR, "--prefix", cls.prefix, "--strip"],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        cls.tool = os.path.join(cls.prefix, "bin", "parceltool")

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def test_layout(self):
        for path in ("share/man/man1/parceltool.1.gz", "share/bash-completion/completions/parceltool",
                     "share/doc/cmake-parcel/README.md", "share/doc/cmake-parcel/copyright",
                     "share/doc/cmake-parcel/reference/cli.md", "lib/cmake/Parcel/ParcelConfig.cmake"):
            self.assertTrue(os.path.isfile(os.path.join(self.prefix, path)), path)

    def test_help_names_only_files_the_prefix_has(self):
        named = set()
        for words in [[]] + [t.split(" ") for t in topics()]:
            result = subprocess.run([self.tool, *words, "--help"], capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertNotIn("docs/", result.stdout, words)
            named |= set(re.findall(r"(/\S+?\.md)\b", result.stdout))
        self.assertIn(os.path.join(self.prefix, "share/doc/cmake-parcel/host.md"), named)
        for path in sorted(named):
            self.assertTrue(os.path.isfile(path), path)

    @unittest.skipUnless(shutil.which("readelf"), "readelf is not installed (binutils)")
    def test_install_strip_leaves_no_debug_info(self):
        sections = subprocess.run(["readelf", "-S", self.tool], capture_output=True, text=True).stdout
        self.assertNotIn(".debug_info", sections)
        self.assertIn(".debug_info", subprocess.run(["readelf", "-S", PARCELTOOL], capture_output=True,
                                                    text=True).stdout)


if __name__ == "__main__":
    unittest.main()
