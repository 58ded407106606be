#!/usr/bin/env python3
"""Checks the parcels a sample built, against expected/<sample>.json (C19).

Every parcel is read twice, independently: with Python's tarfile and with
`parceltool inspect --format json`; both must agree with the expectations
(entry listing with types and modes, meta/parcel.json fields, the generated
meta files, installed file contents). The .sha file must hold the SHA-1 of the
parcel (hashlib) and `parceltool validate --strict` must pass.

With --rebuild it then drives the incremental build: a second build with no
change must not run parceltool nor touch any output; each change listed under
"rebuild" (edit an installed file, append a declaration, remove an install
rule) must rebuild exactly the parcels named, with the new content.

With --cpack NAME it runs `cpack -G External -B <work-dir>/cpack-NAME` in the
built sample (plus each --cpack-arg, e.g. -DCPACK_MONOLITHIC_INSTALL=ON), then
checks cpack's package directory: exactly the parcels, their .sha files and
CPack's own .json, all reported by cpack; each parcel byte for byte the one
the `parcel` target built; and every check above on those parcels.

usage: verify_sample.py --tool EXE --work-dir DIR --expected FILE
                        [--rebuild | --cpack NAME [--cpack-command EXE] [--cpack-arg A]...]
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import unittest

ARGS = None
CPACK_OUTPUT = ""
BUILD_COMMENT = "Building parcel "


def build_parcels_dir():
    return os.path.join(ARGS.work_dir, "build", "parcels")


def parcels_dir():
    """Where the parcels under test are: the parcel target's, or cpack's."""
    if ARGS.cpack:
        return os.path.join(ARGS.work_dir, "cpack-" + ARGS.cpack)
    return build_parcels_dir()


def parcel_path(name):
    return os.path.join(parcels_dir(), name)


def expectations():
    with open(ARGS.expected, encoding="utf-8") as f:
        return json.load(f)


def tar_members(path):
    with tarfile.open(path, "r:gz") as tar:
        return tar.getmembers()


def tar_read(path, member):
    with tarfile.open(path, "r:gz") as tar:
        return tar.extractfile(member).read()


def listing(path):
    kinds = {tarfile.DIRTYPE: "dir", tarfile.REGTYPE: "file", tarfile.SYMTYPE: "symlink"}
    return ["%s %s %04o" % (kinds.get(m.type, m.type), m.name, m.mode) for m in tar_members(path)]


def inspect(path):
    out = subprocess.run([ARGS.tool, "inspect", path, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def build():
    """Runs `cmake --build <build> --target parcel`; returns its output."""
    done = subprocess.run(["cmake", "--build", os.path.join(ARGS.work_dir, "build"),
                           "--target", "parcel"], capture_output=True, text=True)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise AssertionError("build failed (%d):\n%s" % (done.returncode, output))
    return output


def sha1_of(path):
    with open(path, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()


def run_cpack():
    """Runs cpack -G External into a fresh package directory; returns its output."""
    package_dir = parcels_dir()
    if os.path.isdir(package_dir):
        shutil.rmtree(package_dir)
    done = subprocess.run([ARGS.cpack_command, "-G", "External", "-B", package_dir]
                          + ARGS.cpack_arg, cwd=os.path.join(ARGS.work_dir, "build"),
                          capture_output=True, text=True)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise AssertionError("cpack failed (%d):\n%s" % (done.returncode, output))
    return output


def output_times(names):
    """mtime_ns of every parcel and .sha named."""
    times = {}
    for name in names:
        for path in (parcel_path(name), parcel_path(name) + ".sha"):
            times[path] = os.stat(path).st_mtime_ns
    return times


class ParcelContent(unittest.TestCase):
    """The parcels of one sample, as built by the build step."""

    def setUp(self):
        self.expected = expectations()

    def each_parcel(self):
        for group in self.expected["parcels"]:
            for distro in group["distros"]:
                yield group, "%s-%s.parcel" % (group["top"], distro)

    def test_parcel_files_are_exactly_the_declared_ones(self):
        found = sorted(n for n in os.listdir(parcels_dir()) if n.endswith(".parcel"))
        self.assertEqual(found, sorted(name for _, name in self.each_parcel()))

    def test_sha_file_holds_the_sha1_of_the_parcel(self):
        for _, name in self.each_parcel():
            with open(parcel_path(name), "rb") as f:
                digest = hashlib.sha1(f.read()).hexdigest()
            with open(parcel_path(name) + ".sha", encoding="ascii") as f:
                self.assertEqual(f.read().strip(), digest, name)

    def test_every_distro_gets_the_same_bytes(self):
        for group in self.expected["parcels"]:
            digests = set()
            for distro in group["distros"]:
                with open(parcel_path("%s-%s.parcel" % (group["top"], distro)), "rb") as f:
                    digests.add(hashlib.sha1(f.read()).hexdigest())
            self.assertEqual(len(digests), 1, group["top"])

    def test_listing_with_types_and_modes(self):
        for group, name in self.each_parcel():
            self.assertEqual(listing(parcel_path(name)), group["entries"], name)

    def test_symlink_targets(self):
        for group, name in self.each_parcel():
            links = {m.name: m.linkname for m in tar_members(parcel_path(name)) if m.issym()}
            self.assertEqual(links, group.get("links", {}), name)

    def test_entries_are_owned_by_root(self):
        for _, name in self.each_parcel():
            for member in tar_members(parcel_path(name)):
                self.assertEqual((member.uid, member.gid, member.uname, member.gname),
                                 (0, 0, "root", "root"), member.name)

    def test_parceltool_inspect_agrees_with_tarfile(self):
        for group, name in self.each_parcel():
            path = parcel_path(name)
            report = inspect(path)
            members = tar_members(path)
            self.assertEqual([e["path"] for e in report["entries"]],
                             [m.name for m in members], name)
            self.assertEqual([e["size"] for e in report["entries"]],
                             [m.size for m in members], name)
            parcel_json = json.loads(tar_read(path, group["top"] + "/meta/parcel.json"))
            self.assertEqual(report["parcel"], parcel_json, name)

    def test_parcel_json_fields(self):
        for group, name in self.each_parcel():
            parcel_json = json.loads(tar_read(parcel_path(name), group["top"] + "/meta/parcel.json"))
            for key, value in group["parcel.json"].items():
                self.assertEqual(parcel_json.get(key), value, "%s: %s" % (name, key))

    def test_meta_files(self):
        for group, name in self.each_parcel():
            for meta, expected in group.get("meta json", {}).items():
                actual = json.loads(tar_read(parcel_path(name), group["top"] + "/meta/" + meta))
                self.assertEqual(actual, expected, "%s: %s" % (name, meta))
            for meta, lines in group.get("meta lines", {}).items():
                text = tar_read(parcel_path(name), group["top"] + "/meta/" + meta).decode()
                for line in lines:
                    self.assertIn(line, text.splitlines(), "%s: %s" % (name, meta))

    def test_installed_files_have_the_source_content(self):
        for group, name in self.each_parcel():
            for entry, source in group.get("files", {}).items():
                with open(os.path.join(ARGS.work_dir, "src", source), "rb") as f:
                    self.assertEqual(tar_read(parcel_path(name), entry), f.read(), entry)

    def test_parceltool_validate_strict(self):
        for _, name in self.each_parcel():
            done = subprocess.run([ARGS.tool, "validate", "--strict", parcel_path(name)],
                                  capture_output=True, text=True)
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)


class CPackOutput(unittest.TestCase):
    """What cpack -G External put into its package directory."""

    def setUp(self):
        self.expected = expectations()
        self.parcels = ["%s-%s.parcel" % (g["top"], d)
                        for g in self.expected["parcels"] for d in g["distros"]]
        self.json_files = [n for n in os.listdir(parcels_dir()) if n.endswith(".json")]

    def test_package_directory_holds_parcels_sha_files_and_cpack_json(self):
        self.assertEqual(len(self.json_files), 1, self.json_files)
        found = sorted(n for n in os.listdir(parcels_dir()) if n != "_CPack_Packages")
        expected = sorted(self.parcels + [p + ".sha" for p in self.parcels] + self.json_files)
        self.assertEqual(found, expected)

    def test_cpack_json_is_the_external_generator_format_1(self):
        with open(os.path.join(parcels_dir(), self.json_files[0]), encoding="utf-8") as f:
            metadata = json.load(f)
        self.assertEqual((metadata["formatVersionMajor"], metadata["formatVersionMinor"]), (1, 0))
        self.assertEqual(sorted(metadata["components"]), self.expected["cpack components"])

    def test_cpack_reported_exactly_the_built_packages(self):
        reported = re.findall(r"CPack: - package: (.*) generated\.", CPACK_OUTPUT)
        self.assertEqual(sorted(reported),
                         sorted(os.path.join(parcels_dir(), n) for n in
                                self.parcels + [p + ".sha" for p in self.parcels]
                                + self.json_files), CPACK_OUTPUT)

    def test_plain_cpack_still_uses_the_projects_generator(self):
        """cpack without -G builds the sample's CPACK_GENERATOR (TGZ), no parcels."""
        if ARGS.cpack != "default" or not self.expected.get("plain cpack tgz"):
            self.skipTest("the sample sets no CPACK_GENERATOR of its own")
        plain = parcels_dir() + "-plain"
        if os.path.isdir(plain):
            shutil.rmtree(plain)
        done = subprocess.run([ARGS.cpack_command, "-B", plain],
                              cwd=os.path.join(ARGS.work_dir, "build"),
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        found = sorted(n for n in os.listdir(plain) if n != "_CPack_Packages")
        self.assertEqual(found, [self.expected["plain cpack tgz"]])
        with tarfile.open(os.path.join(plain, found[0]), "r:gz") as tar:
            inside = {m.name.split("/", 1)[1] for m in tar.getmembers() if m.isfile()}
        installed = {entry.split("/", 1)[1] for group in self.expected["parcels"]
                     for entry in group.get("files", {})} - {""}
        installed = {path for path in installed if not path.startswith("meta/")}
        self.assertTrue(installed and installed <= inside, (installed, inside))

    def test_same_bytes_as_the_parcel_target(self):
        for name in self.parcels:
            self.assertEqual(sha1_of(parcel_path(name)),
                             sha1_of(os.path.join(build_parcels_dir(), name)), name)
            with open(parcel_path(name) + ".sha", encoding="ascii") as f:
                self.assertEqual(f.read(), sha1_of(parcel_path(name)) + "\n", name)


class IncrementalBuild(unittest.TestCase):
    """No-op builds do nothing; each change rebuilds what it must."""

    def setUp(self):
        self.expected = expectations()
        self.names = ["%s-%s.parcel" % (g["top"], d)
                      for g in self.expected["parcels"] for d in g["distros"]]

    def assert_no_op(self, why):
        before = output_times(self.names)
        output = build()
        self.assertNotIn(BUILD_COMMENT, output, "%s: parceltool ran again:\n%s" % (why, output))
        # Ninja: the only edge that runs is the staging step ("[1/1] Staging
        # the install() rules ..."), which finds nothing to copy.
        for line in output.splitlines():
            if re.match(r"\[\d+/\d+\] ", line):
                self.assertIn("Staging the install() rules", line, "%s:\n%s" % (why, output))
        self.assertEqual(output_times(self.names), before, why + ": outputs were touched")

    def assert_rebuilt(self, step, before, output):
        for name in self.names:
            changed = output_times([name]) != {k: v for k, v in before.items()
                                               if os.path.basename(k).startswith(name)}
            if name in step["rebuilt"]:
                self.assertTrue(changed, "%s: %s not rebuilt:\n%s" % (step["what"], name, output))
            else:
                self.assertFalse(changed, "%s: %s rebuilt needlessly" % (step["what"], name))

    def test_changes(self):
        self.assert_no_op("second build")
        source = os.path.join(ARGS.work_dir, "src")
        for step in self.expected["rebuild"]:
            time.sleep(1.1)   # file(INSTALL) compares whole seconds
            before = output_times(self.names)
            if "edit" in step:
                with open(os.path.join(source, step["edit"]), "a", encoding="utf-8") as f:
                    f.write("edited = %s\n" % step["what"])
            if "append cmake" in step:
                with open(os.path.join(source, "CMakeLists.txt"), "a", encoding="utf-8") as f:
                    f.write(step["append cmake"] + "\n")
            if "remove rule" in step:
                path = os.path.join(source, "CMakeLists.txt")
                with open(path, encoding="utf-8") as f:
                    lines = f.readlines()
                kept = [l for l in lines if not (l.startswith("install(") and step["remove rule"] in l)]
                self.assertEqual(len(kept), len(lines) - 1, "rule to remove not found")
                with open(path, "w", encoding="utf-8") as f:
                    f.writelines(kept)
            output = build()
            self.assert_rebuilt(step, before, output)
            name, entry = step.get("entry", (None, None))
            if "edit" in step:
                with open(os.path.join(source, step["edit"]), "rb") as f:
                    self.assertEqual(tar_read(parcel_path(name), entry), f.read())
            if "remove rule" in step:
                paths = [m.name for m in tar_members(parcel_path(name))]
                self.assertNotIn(entry, paths)
                for gone in step.get("gone", []):
                    self.assertNotIn(gone, paths)
            if "component" in step:
                top = name.rsplit("-", 1)[0]
                parcel_json = json.loads(tar_read(parcel_path(name), top + "/meta/parcel.json"))
                self.assertIn(step["component"], [c["name"] for c in parcel_json["components"]])
            self.assert_no_op("no-op after: " + step["what"])


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cpack", metavar="NAME")
    parser.add_argument("--cpack-command", default="cpack")
    parser.add_argument("--cpack-arg", action="append", default=[])
    ARGS, rest = parser.parse_known_args()
    loader = unittest.defaultTestLoader
    if ARGS.rebuild:
        suite = loader.loadTestsFromTestCase(IncrementalBuild)
    elif ARGS.cpack:
        global CPACK_OUTPUT
        CPACK_OUTPUT = run_cpack()
        print(CPACK_OUTPUT)
        suite = unittest.TestSuite([loader.loadTestsFromTestCase(CPackOutput),
                                    loader.loadTestsFromTestCase(ParcelContent)])
    else:
        suite = loader.loadTestsFromTestCase(ParcelContent)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
