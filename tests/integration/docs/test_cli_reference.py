"""docs/reference/cli.md documents exactly what `parceltool --help` and every command's and
verb's --help list: the commands, verbs, usage lines and options (with their value names and
whether they repeat). Nothing missing, nothing that does not exist."""
import os
import re
import unittest

from docs_support import PARCELTOOL, TOP, code_span, read, run, sections, table_rows, tool_help

REFERENCE = os.path.join("docs", "reference", "cli.md")


def help_block(text, title):
    """The indented lines after the line `title` up to the next blank or unindented line."""
    lines = text.splitlines()
    start = lines.index(title) + 1
    block = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        block.append(line)
    return block


def help_listing(text, title):
    """{name: summary} from a 'Commands:' or 'Verbs:' block."""
    return dict(re.match(r"^  (\S+)\s+(.*)$", line).groups() for line in help_block(text, title))


def help_usage(text):
    """The usage lines of a --help text, without 'Usage: ' and indentation."""
    usage = []
    for line in text.splitlines():
        if not line.strip():
            break
        usage.append(re.sub(r"^Usage: ", "", line).strip())
    return usage


def help_options(text):
    """{'--opt VALUE': repeatable} from the 'Options:' block."""
    if "Options:" not in text.splitlines():
        return {}
    options = {}
    for line in help_block(text, "Options:"):
        match = re.match(r"^  (--[a-z-]+(?: \S+)?)\s{2,}(.*)$", line)
        if not match:
            raise AssertionError("cannot read the option line %r" % line)
        options[match.group(1)] = match.group(2).endswith("(repeatable)")
    return options


def doc_options(body):
    """{'--opt VALUE': repeatable} from the options table of a reference section."""
    options = {}
    for cells in table_rows(body):
        head = code_span(cells[0])
        if head and head.startswith("--"):
            head = head.replace("\\|", "|")
            if head in options:
                raise AssertionError("%s is documented twice" % head)
            options[head] = "(repeatable)" in cells[1]
    return options


def doc_listing(body):
    """{name: summary} of the command or verb table of a reference section."""
    return {code_span(cells[0]): cells[1] for cells in table_rows(body)
            if len(cells) == 2 and code_span(cells[0]) and not code_span(cells[0]).startswith("-")}


def doc_usage(body):
    block = re.search(r"```text\n(.*?)```", body, flags=re.S)
    if not block:
        raise AssertionError("no ```text usage block")
    return [line.strip() for line in block.group(1).splitlines()]


class CliReferenceTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.doc = {heading.strip("`"): body for heading, body in sections(read(REFERENCE)).items()
                   if re.match(r"^`parceltool[a-z -]*`$", heading)}
        top = tool_help()
        cls.commands = help_listing(top, "Commands:")
        cls.helps = {"parceltool": top}
        cls.verbs = {}
        for command in cls.commands:
            text = tool_help(command)
            cls.helps["parceltool " + command] = text
            if "Verbs:" in text.splitlines():
                cls.verbs[command] = help_listing(text, "Verbs:")
                for verb in cls.verbs[command]:
                    cls.helps["parceltool %s %s" % (command, verb)] = tool_help(command, verb)

    def test_help_was_read(self):
        # Guards the test itself: the parsers must see what --help prints.
        self.assertIn("build", self.commands)
        self.assertIn("exec", self.verbs["host"])
        self.assertTrue(help_options(self.helps["parceltool build"])["--distro D"])
        self.assertFalse(help_options(self.helps["parceltool build"])["--name N"])
        self.assertIn("--root DIR", help_options(self.helps["parceltool host exec"]))
        self.assertGreater(len(self.helps), 15)

    def test_a_section_per_command_and_verb_and_no_other(self):
        self.assertEqual(set(self.doc), set(self.helps))

    def test_command_and_verb_lists(self):
        self.assertEqual(doc_listing(self.doc["parceltool"]), self.commands)
        for command, verbs in self.verbs.items():
            with self.subTest(command=command):
                self.assertEqual(doc_listing(self.doc["parceltool " + command]), verbs)

    def test_usage_lines(self):
        for name, text in sorted(self.helps.items()):
            with self.subTest(section=name):
                self.assertEqual(doc_usage(self.doc[name]), help_usage(text))

    def test_options(self):
        for name, text in sorted(self.helps.items()):
            with self.subTest(section=name):
                self.assertEqual(doc_options(self.doc[name]), help_options(text))

    def test_global_options_exist(self):
        # The global options: exactly --help and --version, and each works.
        documented = doc_options(self.doc["parceltool"])
        self.assertEqual(set(documented), {"--help", "--version"})
        for option in documented:
            result = run(PARCELTOOL, option)
            self.assertEqual(result.returncode, 0, option + ": " + result.stderr)
        self.assertRegex(run(PARCELTOOL, "--version").stdout, r"^parceltool \d+\.\d+\.\d+\n$")

    def test_validate_kinds(self):
        text = self.helps["parceltool validate"]
        kinds = [line.split()[0] for line in text.splitlines()
                 if re.match(r"^  [a-z-]+\s{2,}\S", line) and not line.strip().startswith("--")]
        documented = [code_span(cells[0]) for cells in table_rows(self.doc["parceltool validate"])
                      if len(cells) == 2 and code_span(cells[0]) and not code_span(cells[0]).startswith("-")]
        self.assertEqual(documented, kinds)

    def test_environment_variables_are_read_by_the_source(self):
        body = sections(read(REFERENCE))["Conventions"]
        names = [code_span(cells[0]) for cells in table_rows(body) if code_span(cells[0])
                 and re.match(r"^[A-Z_]+$", code_span(cells[0]))]
        self.assertIn("PARCELTOOL_HTTP_TOKEN", names)
        source = ""
        for root, _, files in os.walk(os.path.join(TOP, "cpack-generator")):
            for name in files:
                if name.endswith((".cpp", ".hpp")):
                    with open(os.path.join(root, name), encoding="utf-8") as text:
                        source += text.read()
        for name in names:
            self.assertIn('"%s"' % name, source, "%s is documented but the source never reads it" % name)


if __name__ == "__main__":
    unittest.main()
