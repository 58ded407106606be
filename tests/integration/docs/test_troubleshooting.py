"""docs/troubleshooting.md: every diagnostic code it names exists in the source, and every
parceltool line it quotes is reproduced: the test makes the broken input the entry describes,
runs parceltool, and finds the quoted line in its stderr."""
import glob
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import unittest
import zipfile

from docs_support import PARCELTOOL, TOP, code_blocks, read, run

PAGE = os.path.join("docs", "troubleshooting.md")

PARCEL_JSON = """{"schema_version": 1, "name": "FOO", "version": "%s", "setActiveSymlink": true,
 "depends": "", "replaces": "", "conflicts": "", "provides": [],
 "scripts": {"defines": "foo_env.sh"}, "packages": [], "components": [], "users": {}, "groups": []}
"""


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(path, mode)


def stage(version="1.0", env_script=True):
    """stage/FOO-<version>/ as a build script lays it out: bin/foo and meta/."""
    top = os.path.join("stage", "FOO-" + version)
    write(os.path.join(top, "bin", "foo"), "#!/bin/sh\necho foo\n", 0o755)
    write(os.path.join(top, "meta", "parcel.json"), PARCEL_JSON % version)
    if env_script:
        write(os.path.join(top, "meta", "foo_env.sh"), "export FOO_HOME=$PARCELS_ROOT/$PARCEL_DIRNAME\n")
    return top


def tar(*args):
    subprocess.run(["tar", *args], check=True)


def tool(*args):
    return run(PARCELTOOL, *args, env={"SOURCE_DATE_EPOCH": "1700000000"}).stderr


def repo_with_parcel():
    stage()
    os.makedirs("repo")
    tar("czf", "repo/FOO-1.0-el7.parcel", "-C", "stage", "FOO-1.0")


# One scenario per code quoted in a parceltool line: it makes the broken input in the
# current folder and returns parceltool's stderr.
def hash_changed():
    repo_with_parcel()
    tool("manifest", "repo")
    write("stage/FOO-1.0/bin/foo", "#!/bin/sh\necho foo 2\n", 0o755)   # rebuilt after the manifest
    tar("czf", "repo/FOO-1.0-el7.parcel", "-C", "stage", "FOO-1.0")
    return tool("validate", "repo")


def no_repository_files():
    repo_with_parcel()
    return tool("validate", "repo")


def parcel_named(name):
    def scenario():
        stage()
        tar("czf", name, "-C", "stage", "FOO-1.0")
        return tool("validate", name)
    return scenario


def parcel_json(text):
    def scenario():
        write("meta/parcel.json", text)
        return tool("validate", "meta/parcel.json")
    return scenario


def no_top_folder():
    top = stage()
    tar("czf", "FOO-1.0-el7.parcel", "-C", top, ".")
    return tool("validate", "FOO-1.0-el7.parcel")


def version_bumped_in_name_only():
    stage()
    tar("czf", "FOO-1.1-el7.parcel", "-C", "stage", "FOO-1.0")
    return tool("validate", "FOO-1.1-el7.parcel")


def plain_tar():
    stage()
    tar("cf", "FOO-1.0-el7.parcel", "-C", "stage", "FOO-1.0")
    return tool("validate", "FOO-1.0-el7.parcel")


def two_gzip_members():
    stage()
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w", format=tarfile.PAX_FORMAT) as archive:
        archive.add("stage/FOO-1.0", arcname="FOO-1.0")
    raw = data.getvalue()
    import gzip
    with open("FOO-1.0-el7.parcel", "wb") as out:
        out.write(gzip.compress(raw[:1024]) + gzip.compress(raw[1024:]))
    return tool("validate", "FOO-1.0-el7.parcel")


def env_script_missing():
    stage(env_script=False)
    tar("czf", "FOO-1.0-el7.parcel", "-C", "stage", "FOO-1.0")
    return tool("validate", "FOO-1.0-el7.parcel")


def alternative_source_missing():
    write("app/bin/ap", "#!/bin/sh\n", 0o755)   # a typo: the alternative names bin/app
    write("app/meta/alternatives.json",
          '{"app": {"destination": "/usr/bin/app", "source": "bin/app", "priority": 10, "isDirectory": false}}\n')
    return tool("build", "--input", "app", "--name", "APP", "--version", "1.0", "--distro", "el7", "--output-dir", "out")


def three_digit_mode():
    write("meta/permissions.json", '{"etc/app.conf": {"user": "app", "group": "app", "permissions": "640"}}\n')
    return tool("validate", "meta/permissions.json")


def echo_csd():
    subprocess.run([PARCELTOOL, "csd", "init", "ECHO", "--output-dir", "echo"], check=True, capture_output=True)


def jar_renamed():
    echo_csd()
    subprocess.run([PARCELTOOL, "csd", "build", "--sdl", "echo/service.sdl", "--scripts", "echo/scripts",
                    "--output-dir", "jars"], check=True, capture_output=True)
    os.rename("jars/ECHO-1.0.0.jar", "jars/ECHO-1.0.jar")
    return tool("validate", "jars/ECHO-1.0.jar")


def jar_from_wrong_folder():
    echo_csd()
    with zipfile.ZipFile("ECHO-1.0.0.jar", "w") as jar:   # what `cd echo && jar cf ../ECHO-1.0.0.jar .` gives
        jar.write("echo/service.sdl", "service.sdl")
        jar.write("echo/scripts/control.sh", "scripts/control.sh")
    return tool("validate", "ECHO-1.0.0.jar")


def unknown_dependency():
    echo_csd()
    with open("echo/service.sdl", encoding="utf-8") as sdl:
        text = sdl.read()
    text, count = re.subn(r'("name": "ECHO",)', r'\1\n  "serviceDependencies": [{"name": "NO_SUCH_SERVICE", "required": "true"}],',
                          text, count=1)
    assert count == 1, "the scaffolded SDL changed: " + text[:300]
    write("service.sdl", text)
    return tool("validate", "service.sdl")


def depends_unmet():
    write("foo/bin/foo", "#!/bin/sh\n", 0o755)
    subprocess.run([PARCELTOOL, "build", "--input", "foo", "--name", "FOO", "--version", "1.0", "--distro", "el7",
                    "--depends", "CDH (>= 6.0)"], check=True, capture_output=True)
    tool("host", "--root", "host", "distribute", "FOO-1.0-el7.parcel")
    return tool("host", "--root", "host", "activate", "FOO", "1.0")


SCENARIOS = {
    "sha-file-mismatch": hash_changed,
    "manifest-hash-mismatch": hash_changed,
    "sha-file-missing": no_repository_files,
    "manifest-missing": no_repository_files,
    "unknown-distro": parcel_named("FOO-1.0-centos7.parcel"),
    "invalid-parcel-file-name": parcel_named("FOO-1.0.parcel"),
    "name-contains-dash": parcel_json(PARCEL_JSON.replace('"FOO"', '"MY-APP"') % "1.0"),
    "unsafe-path": no_top_folder,
    "missing-parcel-json": no_top_folder,
    "unexpected-top-level": version_bumped_in_name_only,
    "not-gzip": plain_tar,
    "multiple-gzip-members": two_gzip_members,
    "unknown-field": parcel_json(PARCEL_JSON.replace('"schema_version"', '"schemaVersion"') % "1.0"),
    "missing-field": parcel_json(PARCEL_JSON.replace('"schema_version"', '"schemaVersion"') % "1.0"),
    "missing-defines-script": env_script_missing,
    "alternative-source-missing": alternative_source_missing,
    "invalid-octal-mode": three_digit_mode,
    "jar-name-mismatch": jar_renamed,
    "missing-sdl": jar_from_wrong_folder,
    "unknown-service-type": unknown_dependency,
    "depends-not-active": depends_unmet,
}


def quoted_lines():
    """Every `parceltool: ...` line of the page's ```text blocks."""
    return [line for block in code_blocks(read(PAGE), "text") for line in block.splitlines()
            if line.startswith("parceltool: ")]


def pattern_of(line):
    """The quoted line as a regular expression: <sha1> is 40 hex digits, <root> any path."""
    parts = re.split(r"(<sha1>|<root>)", line)
    wild = {"<sha1>": "[0-9a-f]{40}", "<root>": "/[^:]+"}
    return "^" + "".join(wild.get(part, re.escape(part)) for part in parts) + "$"


def source_text():
    text = []
    for path in glob.glob(os.path.join(TOP, "cpack-generator", "**", "*.[ch]pp"), recursive=True):
        with open(path, encoding="utf-8") as source:
            text.append(source.read())
    return "\n".join(text)


class TroubleshootingTest(unittest.TestCase):

    def setUp(self):
        self.cwd = os.getcwd()
        self.tmp = tempfile.mkdtemp(prefix="docs-troubleshooting-")

    def tearDown(self):
        os.chdir(self.cwd)
        shutil.rmtree(self.tmp)

    def test_ten_entries(self):
        headings = re.findall(r"^## (\d+)\. ", read(PAGE), flags=re.M)
        self.assertEqual(headings, [str(n) for n in range(1, 11)])

    def test_every_code_exists_in_the_source(self):
        page = read(PAGE)
        codes = set(re.findall(r"\[([a-z0-9]+(?:-[a-z0-9]+)+)\]$", page, flags=re.M))
        for line in re.findall(r"^\*\*Codes:\*\* (.*)$", page, flags=re.M):
            listed = re.findall(r"`([a-z0-9-]+)`", line)
            self.assertTrue(listed, line)
            codes.update(listed)
        self.assertGreaterEqual(len(codes), 20)
        source = source_text()
        for code in sorted(codes):
            self.assertIn('"%s"' % code, source, "the page names %s, which no source file emits" % code)

    def test_every_quoted_line_is_what_parceltool_prints(self):
        lines = quoted_lines()
        self.assertGreaterEqual(len(lines), 20)
        for line in lines:
            code = re.search(r"\[([a-z0-9-]+)\]$", line).group(1)
            with self.subTest(code=code):
                self.assertIn(code, SCENARIOS, "no scenario reproduces " + line)
                work = tempfile.mkdtemp(dir=self.tmp)
                os.chdir(work)
                stderr = SCENARIOS[code]()
                self.assertTrue(any(re.match(pattern_of(line), printed) for printed in stderr.splitlines()),
                                "documented:\n%s\nparceltool printed:\n%s" % (line, stderr))


if __name__ == "__main__":
    unittest.main()
