"""docs/reference/cmake.md documents exactly the commands, keywords, cache entries and
target properties that modules/*.cmake define: nothing missing, nothing stale."""
import glob
import os
import re
import unittest

from docs_support import TOP, code_span, read, sections, table_rows

REFERENCE = os.path.join("docs", "reference", "cmake.md")


def cmake_words(text):
    """The arguments of a CMake command call: quoted strings (unquoted) and bare words."""
    text = re.sub(r"#[^\n]*", "", text)
    return [quoted if quoted or bare == "" else bare
            for quoted, bare in re.findall(r'"((?:[^"\\]|\\.)*)"|([^\s"()]+)', text)] if text else []


def call_arguments(body, command):
    """The argument text of the first `command(...)` call in `body`, with nested parentheses."""
    start = re.search(r"\b%s\(" % re.escape(command), body)
    if not start:
        return None
    depth, i = 1, start.end()
    while depth:
        depth += {"(": 1, ")": -1}.get(body[i], 0)
        i += 1
    return body[start.end():i - 1]


def expand(value, body):
    """Resolves "${var}" from a set(var ...) in the same function body; splits ';' lists."""
    def lookup(match):
        found = re.search(r"\bset\(%s\s+([^)]*)\)" % re.escape(match.group(1)), body)
        if not found:
            raise AssertionError("cannot resolve ${%s}" % match.group(1))
        return ";".join(cmake_words(found.group(1)))
    return [word for word in re.sub(r"\$\{(\w+)\}", lookup, value).split(";") if word]


def keyword_table():
    """{command: {KEYWORD: kind}} from _parcel_command_keywords() in
    modules/Internal/ParcelCommon.cmake, the one table the commands parse with
    (_parcel_parse_arguments)."""
    text = read(os.path.join("modules", "Internal", "ParcelCommon.cmake"))
    body = re.search(r"^function\(_parcel_command_keywords[^)]*\)\n(.*?)^endfunction\(\)",
                     text, flags=re.S | re.M).group(1)
    table = {}
    for command, branch in re.findall(r'if\(command STREQUAL "(\w+)"\)\n(.*?)(?=\n  else|\n  elseif)', body,
                                      flags=re.S):
        table[command] = {}
        for variable, kind in (("options", "flag"), ("one", "value"), ("multi", "list")):
            found = re.search(r"\bset\(%s\s+([^)]*)\)" % variable, branch)
            for keyword in cmake_words(found.group(1)) if found else []:
                table[command][keyword] = kind
    return table


def module_api():
    """{command: {"<arg>" or KEYWORD: kind}} for every public function of modules/*.cmake,
    plus the cache entries, target properties and PARENT_SCOPE CPACK variables they set."""
    commands, cache, properties, cpack_vars = {}, set(), set(), set()
    keywords = keyword_table()
    # parceltool is resolved for every module in Internal/ParcelCommon.cmake (PARCEL_TOOL).
    common = read(os.path.join("modules", "Internal", "ParcelCommon.cmake"))
    cache.update(re.findall(r"\bfind_program\((\w+)", common))
    for path in sorted(glob.glob(os.path.join(TOP, "modules", "*.cmake"))):
        with open(path, encoding="utf-8") as module:
            text = module.read()
        text_without_doc = re.sub(r"#\[(=*)\[.*?\]\1\]", "", text, flags=re.S)
        cache.update(re.findall(r"^\s*set\((\w+)\s[^)]*\bCACHE\b", text_without_doc, flags=re.M))
        cache.update(re.findall(r"\bfind_program\((\w+)", text_without_doc))
        for block in re.findall(r"set_target_properties\([^)]*\)", text_without_doc):
            words = cmake_words(block[len("set_target_properties("):-1])
            properties.update(p for p in words[words.index("PROPERTIES") + 1::2] if p.startswith("PARCEL_"))
        for name, params, body in re.findall(r"^function\((\w+)([^)]*)\)\n(.*?)^endfunction\(\)",
                                             text_without_doc, flags=re.S | re.M):
            if name.startswith("_"):
                continue
            api = {"<%s>" % param: "argument" for param in params.split()}
            parsed_with_table = re.search(r"\b_parcel_parse_arguments\((\w+)", body)
            arguments = call_arguments(body, "cmake_parse_arguments")
            if parsed_with_table:
                api.update(keywords[parsed_with_table.group(1)])
            elif arguments is not None:
                words = cmake_words(arguments)
                if words[0] == "PARSE_ARGV":
                    words = words[2:]
                _, flags, one, multi = words[0], words[1], words[2], words[3]
                for kind, value in (("flag", flags), ("value", one), ("list", multi)):
                    for keyword in expand(value, body):
                        api[keyword] = kind
            commands[name] = api
            cpack_vars.update(re.findall(r"\bset\((CPACK_\w+)\s[^)]*PARENT_SCOPE\)", body))
    return commands, cache, properties, cpack_vars


class CMakeReferenceTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.commands, cls.cache, cls.properties, cls.cpack_vars = module_api()
        cls.doc = sections(read(REFERENCE))

    def test_the_parser_sees_the_modules(self):
        # Guards the test itself: if the module parser broke, every comparison would pass.
        self.assertIn("parcel_add", self.commands)
        self.assertEqual(self.commands["parcel_add"]["NAME"], "value")
        self.assertEqual(self.commands["parcel_add"]["DISTROS"], "list")
        self.assertEqual(self.commands["parcel_add_alternative"]["DIRECTORY"], "flag")
        self.assertEqual(self.commands["parcel_add_user"]["<user>"], "argument")
        self.assertGreaterEqual(len(self.commands), 9)
        self.assertIn("PARCEL_TOOL", self.cache)
        self.assertIn("PARCEL_FILES", self.properties)

    def test_every_command_has_a_section_and_no_section_is_stale(self):
        documented = {heading.strip("`") for heading in self.doc if re.match(r"^`\w+`$", heading)}
        self.assertEqual(documented, set(self.commands))

    def test_every_keyword_is_documented_with_its_kind(self):
        for command, api in sorted(self.commands.items()):
            with self.subTest(command=command):
                body = self.doc["`%s`" % command]
                rows = {code_span(cells[0]): cells[1] for cells in table_rows(body)
                        if len(cells) == 3 and code_span(cells[0]) and cells[1] in ("argument", "flag", "value", "list")}
                self.assertEqual(rows, api)
                # the synopsis names every keyword too
                synopsis = re.search(r"```cmake\n(.*?)```", body, flags=re.S).group(1)
                self.assertTrue(synopsis.startswith(command + "("), synopsis)
                for keyword in api:
                    if not keyword.startswith("<"):
                        self.assertRegex(synopsis, r"\b%s\b" % keyword)

    def test_cache_entries(self):
        rows = {code_span(cells[0]) for cells in table_rows(self.doc["Cache entries"])}
        self.assertEqual(rows, self.cache)

    def test_target_properties(self):
        rows = {code_span(cells[0]): code_span(cells[1]) for cells in table_rows(self.doc["Target properties"])}
        self.assertEqual(set(rows), self.properties)
        for prop, command in rows.items():
            self.assertIn(command, self.commands, prop)

    def test_cpack_variables_of_parcel_enable_cpack(self):
        rows = {code_span(cells[0]) for cells in table_rows(self.doc["`parcel_enable_cpack`"])}
        self.assertEqual(rows, self.cpack_vars)


if __name__ == "__main__":
    unittest.main()
